"""Privacy fixtures: a recorded mini session (tests/conftest.py) and a way to age it.

The mini bundle's viewers: 小鹿 (douyin, comments c1 and c3), amy (tiktok, comment c2 and
order o1), bob (follow and a gift); order o2 and the like have no viewer.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from app.config import Config
from app.live.headless import run_headless
from app.store.db import Store
from app.store.models import LiveSession


def record(config: Config, store: Store, bundle: Path) -> int:
    """Replay the mini bundle into ``store`` (at 8x) and return the session id.

    No video recording: privacy is about rows and audio here, and whether an 8x replay
    gets a video frame encoded depends on timing (tests/vision records real MP4s)."""
    config.settings.record_video = False
    return run_headless(config, store, bundle_dir=bundle, speed=8.0).session_id


def age_session(store: Store, session_id: int, days: float) -> None:
    """Move a session ``days`` into the past (start, end and heartbeat)."""
    start = datetime.now(UTC) - timedelta(days=days)
    with store.sessions.begin() as s:
        s.execute(
            update(LiveSession)
            .where(LiveSession.id == session_id)
            .values(started_at=start, ended_at=start + timedelta(seconds=2), heartbeat_at=start)
        )


@pytest.fixture
def recorded(config: Config, store: Store, mini_bundle: Path) -> int:
    return record(config, store, mini_bundle)
