"""Deleting a session: rows in every table and its recordings folder; never while recording."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.config import Config
from app.privacy import PrivacyError
from app.privacy.sessions import delete_session_everywhere
from app.session import lifecycle
from app.store.db import Store
from app.store.models import SESSION_TABLES, LiveSession
from tests.privacy.conftest import record


def _rows(store: Store, sid: int) -> dict[str, int]:
    with store.sessions() as s:
        return {
            m.__tablename__: int(
                s.scalar(select(func.count()).select_from(m).where(m.session_id == sid)) or 0
            )
            for m in SESSION_TABLES
        }


def test_delete_removes_rows_and_recordings_and_nothing_else(
    config: Config, store: Store, mini_bundle: Path
) -> None:
    gone = record(config, store, mini_bundle)
    kept = record(config, store, mini_bundle)
    for sid in (gone, kept):
        seg = config.recordings_dir / str(sid) / "video"
        seg.mkdir(parents=True, exist_ok=True)  # record_video may have made it
        (seg / "seg_00000.avi").write_bytes(b"x" * 10)
    assert _rows(store, gone)["comment"] == 3

    result = delete_session_everywhere(store, gone, config.recordings_dir)

    assert result.counts["comments"] == 3 and result.counts["orders"] == 2
    assert result.folders == [(config.recordings_dir / str(gone)).resolve()]
    assert "Deleted session" in result.message()
    assert set(_rows(store, gone).values()) == {0}
    with store.sessions() as s:
        assert s.get(LiveSession, gone) is None
        assert s.get(LiveSession, kept) is not None
    assert not (config.recordings_dir / str(gone)).exists()
    assert (config.recordings_dir / str(kept) / "video" / "seg_00000.avi").exists()
    assert _rows(store, kept)["comment"] == 3


def test_refuses_unknown_and_recording_sessions(
    config: Config, store: Store, recorded: int
) -> None:
    with pytest.raises(PrivacyError, match="no session with id 99"):
        delete_session_everywhere(store, 99, config.recordings_dir)
    with pytest.raises(PrivacyError, match="still recording"):
        delete_session_everywhere(
            store, recorded, config.recordings_dir, current_session_id=recorded
        )
    live = lifecycle.begin_session(
        store, title="now", platform="", host="", mode="live", started_at=datetime.now(UTC)
    )  # owned by this process: it is recording
    with pytest.raises(PrivacyError, match=f"session {live} is still recording"):
        delete_session_everywhere(store, live, config.recordings_dir)
    with store.sessions() as s:
        assert s.get(LiveSession, live) is not None


def test_a_crashed_live_session_can_be_deleted(config: Config, store: Store) -> None:
    sid = lifecycle.begin_session(
        store, title="crashed", platform="", host="", mode="live", started_at=datetime.now(UTC)
    )
    with store.sessions.begin() as s:
        s.get(LiveSession, sid).owner_pid = 2**22 + 12345  # a process that does not exist
    delete_session_everywhere(store, sid, config.recordings_dir)
    with store.sessions() as s:
        assert s.get(LiveSession, sid) is None


def test_recording_dir_outside_the_recordings_folder_is_left_alone(
    config: Config, store: Store, recorded: int, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "precious"
    elsewhere.mkdir()
    with store.sessions.begin() as s:
        s.get(LiveSession, recorded).recording_dir = str(elsewhere)
    result = delete_session_everywhere(store, recorded, config.recordings_dir)
    assert elsewhere.resolve() not in result.folders and elsewhere.is_dir()
