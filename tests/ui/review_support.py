"""What the review-window tests share: a recorded demo session and an opened window."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.config import Config
from app.live.headless import run_headless
from app.store.db import Store
from app.ui.review.window import ReviewWindow

#: The review tests load recordings into Qt Multimedia, which says so when a file cannot be
#: opened (a segment still being written). The pytest configuration ignores the absent
#: optional back ends (PipeWire, VA-API, a PulseAudio server) for every test.
MEDIA_LOG_NOISE = pytest.mark.qt_log_ignore("Could not open media", extend=True)


def record_demo(config: Config, store: Store, bundle: Path) -> int:
    """Replay ``bundle`` headless at 8x and return the recorded session's id.

    Video recording is off: at 8x whether the encoder gets a frame in depends on timing
    (tests/ui/test_ui_review_clips_mp4.py records and plays a real MP4)."""
    config.settings.record_video = False
    return run_headless(config, store, bundle_dir=bundle, speed=8.0).session_id


def open_review(qtbot: QtBot, store: Store, session_id: int, config: Config) -> ReviewWindow:
    """A shown review window on ``session_id`` once it has loaded."""
    window = ReviewWindow(store, session_id, config.recordings_dir)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)
    return window
