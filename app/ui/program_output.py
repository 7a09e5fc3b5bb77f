"""The clean "program output" window: the composited video, nothing else.

OBS (Window Capture), 直播伴侣 and TikTok LIVE Studio capture a window by its title, so
this window has no frame, no menus and no cursor-driven chrome: just the picture at the
chosen output size, letterboxed on black. Drag to move, Esc or right-click to close.
It paints the same FrameEvent the preview gets (one QImage wrap per painted frame).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QPoint, Qt, Signal
from PySide6.QtGui import QCloseEvent, QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from app.config import Settings
from app.messages import QT_TRANSLATE_NOOP
from app.session.events import FrameEvent
from app.ui.engine_api import SessionEngineLike
from app.ui.panels.camera import fit_rect, frame_to_qimage

WINDOW_TITLE = "AnchorDesk Program 节目输出"


class ProgramOutputWindow(QWidget):
    """A borderless top-level window of fixed size that shows the newest frame."""

    closed = Signal()

    def __init__(self, width: int = 1280, height: int = 720, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.setWindowTitle(WINDOW_TITLE)
        self.setObjectName("programOutput")
        self.setFixedSize(max(160, width), max(90, height))
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self._pending: FrameEvent | None = None
        self._image: QImage | None = None
        self._buffer: Any = None
        self._drag_from: QPoint | None = None
        self.painted = 0

    def _on_frame(self, event: FrameEvent) -> None:
        if not self.isVisible():
            return  # hidden: not even a conversion
        self._pending = event
        self.update()

    def current_image(self) -> QImage | None:
        if self._pending is not None:
            converted = frame_to_qimage(self._pending.image)
            self._pending = None
            if converted is not None:
                self._image, self._buffer = converted
        return self._image

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#000000"))
        image = self.current_image()
        if image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(fit_rect(image.size(), self.rect()), image)
            self.painted += 1
        painter.end()

    # -- moving and closing a window without a frame ------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.RightButton:
            self.close()
            return
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_from = event.globalPosition().toPoint() - self.frameGeometry().topLeft()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None:
            self.move(event.globalPosition().toPoint() - self._drag_from)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag_from = None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)


class VideoControls:
    """View-menu actions for the video: program output window and live overlay toggles.

    The toggles call the vision stage's thread-safe setters; the worker applies them to
    the next frame. Without a vision stage (overlays off) only the output window is offered.
    """

    LAYERS = (
        ("tryon", QT_TRANSLATE_NOOP("MainWindow", "Try-on (lips, glasses…)")),
        ("card", QT_TRANSLATE_NOOP("MainWindow", "Product card")),
        ("background", QT_TRANSLATE_NOOP("MainWindow", "Background blur")),
        ("captions", QT_TRANSLATE_NOOP("MainWindow", "Captions")),
        ("comment", QT_TRANSLATE_NOOP("MainWindow", "Highlighted comment")),
    )

    def __init__(self, window: QWidget, engine: SessionEngineLike, bridge: Any, menu: Any) -> None:
        from PySide6.QtGui import QAction

        settings = engine.config.settings
        self.output = ProgramOutputWindow(
            settings.output_width, settings.output_height, parent=window
        )
        bridge.frame.connect(self.output._on_frame)
        self.stage = engine.vision
        menu.addSeparator()
        self.output_action = QAction(
            QCoreApplication.translate("MainWindow", "Program output"), window
        )
        self.output_action.setCheckable(True)
        self.output_action.toggled.connect(self._toggle_output)
        self.output.closed.connect(lambda: self.output_action.setChecked(False))
        menu.addAction(self.output_action)
        self.layer_actions: dict[str, Any] = {}
        if self.stage is None:
            return
        overlays = menu.addMenu(QCoreApplication.translate("MainWindow", "Overlays"))
        states = self._initial_states(settings)
        for name, title in self.LAYERS:
            action = QAction(QCoreApplication.translate("MainWindow", title), window)
            action.setCheckable(True)
            action.setChecked(states.get(name, True))
            action.toggled.connect(lambda on, n=name: self._toggle_layer(n, on))
            overlays.addAction(action)
            self.layer_actions[name] = action

    def show_settings(self, settings: Settings) -> None:
        """Check marks after Settings switched layers (the stage already has them)."""
        for name, on in self._initial_states(settings).items():
            action = self.layer_actions.get(name)
            if action is not None:
                action.blockSignals(True)
                action.setChecked(on)
                action.blockSignals(False)

    @staticmethod
    def _initial_states(settings: Settings) -> dict[str, bool]:
        return {
            "tryon": settings.overlay_tryon,
            "card": settings.overlay_card != "off",
            "background": settings.overlay_background != "off",
            "captions": settings.overlay_captions,
            "comment": settings.overlay_comments,
        }

    def _toggle_output(self, on: bool) -> None:
        if on:
            self.output.show()
            self.output.raise_()
        else:
            self.output.hide()

    def _toggle_layer(self, name: str, on: bool) -> None:
        assert self.stage is not None
        if name == "background":
            self.stage.set_background("blur" if on else "off")
        else:
            self.stage.set_layer_enabled(name, on)
