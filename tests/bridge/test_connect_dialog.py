"""The Connections dialog's main path with a real show, a real browser and the local room:
Test (private), Connect (into the running show), the live preview and the status bar dot."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from room_server import RoomServer
from test_bridge_browser import FIRST

from app.config import Config
from app.live.builder import build_live
from app.session.events import SourceStatusEvent
from app.store.db import Store
from app.store.queries import session_counts
from app.ui import theme
from app.ui.panels.connect import ConnectionsDialog
from app.ui.panels.status_bar import SessionStatusBar

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)
needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None, reason="needs chromium")


@pytest.fixture
def room(monkeypatch: pytest.MonkeyPatch) -> Iterator[RoomServer]:
    monkeypatch.setenv("ANCHORDESK_BRIDGE_HEADLESS", "1")
    server = RoomServer([FIRST, FIRST]).start()  # Test, then Connect: each gets the room
    yield server
    server.stop()


@pytest.mark.slow
@needs_chromium
def test_test_then_connect_from_the_dialog(
    qtbot: QtBot, config: Config, store: Store, room: RoomServer
) -> None:
    config.settings.server_port = 0
    engine = build_live(config, store, camera="off", microphone=False)
    engine.start()
    try:
        dialog = ConnectionsDialog(engine.server, lambda: None, engine=engine)
        qtbot.addWidget(dialog)
        dialog.show()
        assert [dialog.platform.itemData(i) for i in range(dialog.platform.count())] == [
            "douyin",
            "tiktok",
            "kuaishou",
            "bilibili",
            "youtube",
        ]
        assert not dialog.advanced.isVisible()  # the token and the userscript stay out of the way
        dialog.connect_button.click()
        assert "Type the live room" in dialog.bridge_state.text()
        dialog.room.setText(room.url)
        dialog.test_button.click()
        qtbot.waitUntil(lambda: "Test passed" in dialog.bridge_state.text(), timeout=30_000)
        assert dialog.preview.count() >= 3  # the test's events are previewed...
        assert session_counts(store, engine.session_id)["comments"] == 0  # ...not recorded
        dialog.preview.clear()
        dialog.connect_button.click()
        qtbot.waitUntil(
            lambda: (
                engine.health().get("douyin") is not None
                and engine.health()["douyin"].state == "ok"
            ),
            timeout=30_000,
        )
        qtbot.waitUntil(lambda: dialog.preview.count() >= 4, timeout=20_000)
        assert any(
            "这个显白吗" in dialog.preview.item(i).text() for i in range(dialog.preview.count())
        )
        assert dialog.bridge_state.text().startswith("Connected")
        qtbot.waitUntil(lambda: engine.server is not None and engine.server.info is not None)
        dialog.advanced_toggle.click()
        assert dialog.advanced.isVisible() and "Bearer" in dialog.hint.text()
        dialog.close()
    finally:
        engine.stop()
    assert session_counts(store, engine.session_id)["comments"] == 3


def test_status_bar_dot_for_a_stalled_page(qtbot: QtBot) -> None:
    bar = SessionStatusBar()
    qtbot.addWidget(bar)
    bar._on_statuses([SourceStatusEvent(0, "douyin", "stalled", "no traffic for 30 s")])
    dot = bar.dots["douyin"]
    assert "Douyin" in dot.text() and theme.colors().hex("warn") in dot.text()
    assert "no traffic: no traffic for 30 s" in dot.toolTip()
    bar._on_statuses([SourceStatusEvent(1, "douyin", "ok", "12 frames")])
    assert theme.colors().hex("ok") in dot.text()
