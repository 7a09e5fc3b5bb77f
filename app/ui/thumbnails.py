"""Product thumbnails decoded off the GUI thread.

Catalog images may sit on a slow or network drive and decode in tens of milliseconds
each; a live host must never see the window stall for that. Decoding runs through
:func:`app.ui.dialogs.store_task.run_task` on a private one-thread pool into a QImage
(safe off the GUI thread); ``loaded`` is emitted on the GUI thread, where the image
becomes a QPixmap.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QImageReader

from app.ui.dialogs.store_task import run_task

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
    """Loads thumbnails in the background; emits ``loaded(key, image)`` on the GUI thread.

    Nothing is emitted after :meth:`close`, nor for an image that cannot be read (logged).
    """

    loaded = Signal(str, QImage)

    def __init__(self, size: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._size = size
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._closed = False

    def request(self, key: str, path: Path) -> None:
        """Queue one image; results arrive in request order."""
        if self._closed:
            return
        size = self._size
        run_task(
            lambda: read_thumbnail(path, size),
            lambda image: self._on_read(key, image),
            parent=self,
            pool=self._pool,
            name=f"thumbnail {path}",
        )

    def _on_read(self, key: str, image: QImage | None) -> None:
        if image is not None and not self._closed:
            self.loaded.emit(key, image)

    def close(self, timeout_ms: int = 2_000) -> bool:
        """Drop queued work and wait for the running decode; True when the pool is idle."""
        self._closed = True
        self._pool.clear()
        return self._pool.waitForDone(timeout_ms)

    @property
    def active_threads(self) -> int:
        """Workers decoding now (0 once :meth:`close` returned True)."""
        return self._pool.activeThreadCount()
