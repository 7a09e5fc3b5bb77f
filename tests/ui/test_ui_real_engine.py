"""The window around the real SessionEngine replaying a small bundle (end to end)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.config import Config
from app.live.builder import build_replay
from app.session.bundle import load_bundle
from app.store.db import Store
from app.ui.app import create_main_window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_window_follows_a_replayed_session(
    qtbot: QtBot, config: Config, store: Store, mini_bundle: Path
) -> None:
    engine = build_replay(config, store, load_bundle(mini_bundle), speed=4.0)
    window = create_main_window(engine)
    qtbot.addWidget(window)
    window.show()
    engine.start()
    try:
        qtbot.waitUntil(engine.finished.is_set, timeout=5_000)
        qtbot.waitUntil(lambda: window.comments.model.rowCount() == 3, timeout=2_000)
        qtbot.waitUntil(lambda: window.queue.model.on_air == "B-2", timeout=2_000)
        assert window.transcript.model.rowCount() == 2
        assert window.transcript.banner.text() == str(engine.speech_note)
        assert window.windowTitle() == "AnchorDesk — Mini rehearsal"
        window.refresh()
        assert window.kpis.value_text("gmv") == "¥357.00"
        assert window.status.dots["comments"].state in ("ok", "ended")
        # the vision stage may still be compositing the last frames when the replay ends
        qtbot.waitUntil(lambda: window.camera.current_image() is not None, timeout=5_000)
        window.camera.grab()
        assert window.camera.conversions >= 1
    finally:
        window.close()
    assert engine.session_id is not None
