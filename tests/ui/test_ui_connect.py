"""Live ▸ Connections: the running server's address, token (masked) and overlay URL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from app.server.source import IngestServerSource
from app.session.events import SourceStatusEvent
from app.ui.app import create_main_window
from app.ui.main_window import MainWindow
from app.ui.panels.connect import MASK, ConnectionsDialog

if TYPE_CHECKING:
    from tests.ui.conftest import FakeEngine

# The offscreen platform plugin cannot raise windows or propagate size hints; harmless here.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)
TOKEN = "ui-test-token-abcdefghijklmnop"


@pytest.fixture
def server(engine: FakeEngine) -> Iterator[IngestServerSource]:
    """A real server on a free port, publishing on the fake engine's bus."""
    ready = threading.Event()
    engine.bus.subscribe(
        lambda e: ready.set() if e.source == "server" and e.state == "ok" else None,
        (SourceStatusEvent,),
    )
    engine.clock.start()
    source = IngestServerSource(TOKEN, port=0)
    source.start(engine.bus, engine.clock)
    assert ready.wait(10)
    engine.server = source
    yield source
    source.stop()
    assert source.join(10)


@pytest.fixture
def window(qtbot: QtBot, engine: FakeEngine, server: IngestServerSource) -> Iterator[MainWindow]:
    win = create_main_window(engine)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def _connections_action(window: MainWindow) -> QAction:
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if isinstance(menu, QMenu):
            for action in menu.actions():
                if action.objectName() == "action_connections":
                    return action
    raise AssertionError("no Connections action")


def test_dialog_shows_address_and_masks_the_token(
    qtbot: QtBot, window: MainWindow, server: IngestServerSource
) -> None:
    assert "server" in window.status.dots
    assert window.status.dots["server"].state == "ok"
    _connections_action(window).trigger()
    dialog = window.findChild(ConnectionsDialog)
    assert dialog is not None and dialog.isVisible()
    info = server.info
    assert info is not None
    assert info.base_url in dialog.state.text()
    fields = dialog.fields
    assert fields["events"].edit.text() == info.events_url
    assert fields["token"].edit.text() == MASK
    assert TOKEN not in fields["overlay"].edit.text()
    assert fields["overlay"].value == info.overlay_url("ticker")
    fields["overlay"].button.click()
    assert QGuiApplication.clipboard().text() == f"{info.base_url}/overlay/ticker/?token={TOKEN}"
    dialog.show_token.setChecked(True)
    assert fields["token"].edit.text() == TOKEN
    assert "Authorization: Bearer" in dialog.hint.text()


def test_server_dot_click_opens_the_dialog(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtCore import Qt

    qtbot.mouseClick(window.status.dots["server"], Qt.MouseButton.LeftButton)
    dialog = window.findChild(ConnectionsDialog)
    assert dialog is not None and dialog.isVisible()


def test_dialog_explains_a_server_that_failed(qtbot: QtBot) -> None:
    source = IngestServerSource(TOKEN, port=0)
    status = SourceStatusEvent(0, "server", "error", "ports 8765-8774 are all in use")
    dialog = ConnectionsDialog(source, lambda: status)
    qtbot.addWidget(dialog)
    assert "all in use" in dialog.state.text() and "server_port" in dialog.state.text()
    assert dialog.fields == {}
    empty = ConnectionsDialog(None, lambda: None)
    qtbot.addWidget(empty)
    assert "no ingest server" in empty.state.text()
