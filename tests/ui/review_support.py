"""What the review-window tests share: a recorded demo session and an opened window."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.config import Config
from app.session.demo import run_headless
from app.store.db import Store
from app.ui.review.window import ReviewWindow

#: The demo records its narration audio, which the window loads into Qt Multimedia; a
#: headless machine has no PipeWire/PulseAudio and says so.
MEDIA_LOG_NOISE = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "Couldn't load pipewire",
    "Couldn't resolve pipewire",
    "PulseAudioService",
    "Could not open media",
)


def record_demo(config: Config, store: Store, bundle: Path) -> int:
    """Replay ``bundle`` headless at 8x and return the recorded session's id."""
    return run_headless(config, store, bundle_dir=bundle, speed=8.0).session_id


def open_review(qtbot: QtBot, store: Store, session_id: int, config: Config) -> ReviewWindow:
    """A shown review window on ``session_id`` once it has loaded."""
    window = ReviewWindow(store, session_id, config.recordings_dir)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)
    return window
