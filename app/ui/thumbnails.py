"""Product thumbnails decoded off the GUI thread.

Catalog images may sit on a slow or network drive and decode in tens of milliseconds
each; a live host must never see the window stall for that. Decoding happens on a
private one-thread pool into a QImage (safe off the GUI thread); the ``loaded`` signal
then reaches the GUI thread through a queued connection, where it becomes a QPixmap.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QImageReader

log = logging.getLogger("app.ui.thumbnails")


def read_thumbnail(path: Path, size: int) -> QImage | None:
    """Decode ``path`` scaled to fit ``size`` px (JPEG decodes at reduced size: fast)."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    full = reader.size()
    if full.isValid():
        reader.setScaledSize(full.scaled(QSize(size, size), Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        log.warning("cannot read product image %s: %s", path, reader.errorString())
        return None
    return image


class ThumbnailLoader(QObject):
    """Loads thumbnails in the background; emits ``loaded(key, image)`` on the GUI thread."""

    loaded = Signal(str, QImage)

    def __init__(self, size: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._size = size
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._closed = False

    def request(self, key: str, path: Path) -> None:
        """Queue one image; results arrive in request order."""
        if not self._closed:
            self._pool.start(lambda: self._load(key, path))

    def _load(self, key: str, path: Path) -> None:
        image = read_thumbnail(path, self._size)
        if image is not None and not self._closed:
            self.loaded.emit(key, image)

    def close(self, timeout_ms: int = 2_000) -> bool:
        """Drop queued work and wait for the running decode; True when the pool is idle."""
        self._closed = True
        self._pool.clear()
        return self._pool.waitForDone(timeout_ms)

    @property
    def active_threads(self) -> int:
        return self._pool.activeThreadCount()
