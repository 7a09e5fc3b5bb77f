"""Lazy OpenCV import that keeps Qt working.

On Linux the opencv wheels point ``QT_QPA_PLATFORM_PLUGIN_PATH`` at their own Qt 5
plugins, which breaks PySide6 if it starts afterwards; drop that variable after import.
The module is cached after the first call: the drawing code calls this per operation.
"""

from __future__ import annotations

import os
from types import ModuleType

_cv2: ModuleType | None = None


def import_cv2() -> ModuleType:
    global _cv2
    if _cv2 is not None:
        return _cv2
    before = os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH")
    import cv2

    if os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH") != before:
        if before is None:
            os.environ.pop("QT_QPA_PLATFORM_PLUGIN_PATH", None)
        else:
            os.environ["QT_QPA_PLATFORM_PLUGIN_PATH"] = before
    _cv2 = cv2
    return cv2
