"""Program output window and the View-menu overlay toggles (offscreen Qt)."""

from __future__ import annotations

import threading
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow, QMenu
from pytestqt.qtbot import QtBot

from app.config import Settings
from app.session.events import FrameEvent
from app.ui.program_output import WINDOW_TITLE, ProgramOutputWindow, VideoControls

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


class FakeBridge(QObject):
    frame = Signal(object)


class FakeStage:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.lock = threading.Lock()

    def set_layer_enabled(self, name: str, on: bool) -> None:
        self.calls.append((name, on))

    def set_background(self, mode: str) -> None:
        self.calls.append(("background", mode))


def test_output_window_is_borderless_at_the_output_size(qtbot: QtBot) -> None:
    window = ProgramOutputWindow(640, 360)
    qtbot.addWidget(window)
    window.show()
    frame = np.zeros((720, 1280, 3), np.uint8)
    frame[:, :, 2] = 200  # red in BGR
    window._on_frame(FrameEvent(0, index=0, image=frame))
    image = window.grab().toImage()
    assert window.windowTitle() == WINDOW_TITLE
    assert (image.width(), image.height()) == (640, 360)
    colour = image.pixelColor(320, 180)
    assert (colour.red(), colour.green(), colour.blue()) == (200, 0, 0)
    assert window.painted >= 1
    from PySide6.QtCore import Qt

    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint


def test_hidden_output_window_converts_nothing(qtbot: QtBot) -> None:
    window = ProgramOutputWindow(320, 180)
    qtbot.addWidget(window)
    window._on_frame(FrameEvent(0, index=0, image=np.zeros((18, 32, 3), np.uint8)))
    assert window.current_image() is None


def test_menu_opens_the_output_and_switches_layers(qtbot: QtBot) -> None:
    main = QMainWindow()
    qtbot.addWidget(main)
    menu = QMenu(main)
    bridge = FakeBridge()
    stage = FakeStage()
    engine = SimpleNamespace(
        config=SimpleNamespace(settings=Settings(output_width=800, output_height=450)),
        vision=stage,
    )
    controls = VideoControls(main, engine, bridge, menu)
    assert controls.output.size().width() == 800
    controls.output_action.setChecked(True)
    assert controls.output.isVisible()
    controls.output.close()
    assert not controls.output_action.isChecked()
    controls.layer_actions["tryon"].setChecked(False)
    controls.layer_actions["background"].setChecked(True)
    assert stage.calls == [("tryon", False), ("background", "blur")]
    assert controls.layer_actions["captions"].isChecked()
