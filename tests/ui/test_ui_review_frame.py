"""The review's picture keeps the last frame while paused or seeking (no black flashes)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtMultimedia import QVideoFrame
from pytestqt.qtbot import QtBot

from app.ui.review.frame_view import FrameView


# Offscreen there is no GPU: Qt Multimedia says it converts frames on the CPU.
@pytest.mark.qt_log_ignore("No RHI backend", extend=True)
def test_an_empty_frame_keeps_the_last_picture(qtbot: QtBot) -> None:
    view = FrameView()
    qtbot.addWidget(view)
    view.resize(320, 180)
    view.show()
    image = QImage(64, 36, QImage.Format.Format_RGB32)
    image.fill(QColor("#3d9be9"))
    with qtbot.waitSignal(view.frame_shown, timeout=2_000):
        view.sink.setVideoFrame(QVideoFrame(image))
    assert view.frames == 1 and view.image is not None
    view.sink.setVideoFrame(QVideoFrame())  # what a player sends while loading or seeking
    assert view.frames == 1 and view.image is not None
    shown = view.grab().toImage()
    centre = shown.pixelColor(shown.width() // 2, shown.height() // 2)
    assert centre.blue() > 150 and centre.red() < 120  # still the picture, not black
