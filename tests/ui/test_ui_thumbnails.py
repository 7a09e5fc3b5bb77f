"""Product thumbnails: decoded on a worker, delivered on the GUI thread, never after close."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThread
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from app.ui.thumbnails import ThumbnailLoader


def _png(path: Path, width: int, height: int, color: str) -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    assert image.save(str(path))
    return path


def test_images_arrive_scaled_in_request_order_on_the_gui_thread(
    qtbot: QtBot, tmp_path: Path
) -> None:
    loader = ThumbnailLoader(64)
    gui = QThread.currentThread()
    seen: list[tuple[str, int, int, str, bool]] = []

    def on_loaded(key: str, image: QImage) -> None:
        color = image.pixelColor(5, 5).name()
        seen.append((key, image.width(), image.height(), color, QThread.currentThread() is gui))

    loader.loaded.connect(on_loaded)
    loader.request("wide", _png(tmp_path / "wide.png", 400, 200, "#b0243a"))
    loader.request("broken", tmp_path / "missing.png")  # logged, never delivered
    loader.request("tall", _png(tmp_path / "tall.png", 100, 300, "#123456"))
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5_000)
    assert seen == [("wide", 64, 32, "#b0243a", True), ("tall", 21, 64, "#123456", True)]
    assert loader.close() and loader.active_threads == 0


def test_nothing_arrives_after_close(qtbot: QtBot, tmp_path: Path) -> None:
    loader = ThumbnailLoader(32)
    seen: list[str] = []
    loader.loaded.connect(lambda key, _image: seen.append(key))
    path = _png(tmp_path / "a.png", 50, 50, "#00ff00")
    for i in range(20):
        loader.request(f"p{i}", path)
    assert loader.close()
    loader.request("late", path)
    qtbot.wait(100)
    assert seen == [] and loader.active_threads == 0
