"""The review's video picture: keeps the last frame while paused, seeking or loading.

``QVideoWidget`` paints black whenever the player hands it an empty frame (a new source
being loaded, a seek while paused), so the picture vanished each time a person clicked the
timeline. :class:`FrameView` takes the frames from a ``QVideoSink`` and keeps the last
valid one on screen until the next arrives.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


class FrameView(QWidget):
    """Paints the newest valid video frame, scaled to fit with its aspect ratio."""

    frame_shown = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        from PySide6.QtMultimedia import QVideoSink

        super().__init__(parent)
        self.setObjectName("reviewVideo")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 180)
        self.sink = QVideoSink(self)
        self.sink.videoFrameChanged.connect(self._on_frame)
        self.image: QImage | None = None
        self.frames = 0

    def _on_frame(self, frame: Any) -> None:
        if not frame.isValid():
            return  # an empty frame (loading, seeking): keep the last picture
        image = frame.toImage()
        if image.isNull():
            return
        self.image = image
        self.frames += 1
        self.update()
        self.frame_shown.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#000000"))
        if self.image is not None:
            size = self.image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            x = (self.width() - size.width()) // 2
            y = (self.height() - size.height()) // 2
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(QRect(x, y, size.width(), size.height()), self.image)
        painter.end()
