"""Lazy OpenCV import that keeps Qt working.

On Linux the opencv wheels point ``QT_QPA_PLATFORM_PLUGIN_PATH`` at their own Qt 5
plugins, which breaks PySide6 if it starts afterwards; drop that variable after import.
"""

from __future__ import annotations

import os
from types import ModuleType


def import_cv2() -> ModuleType:
    before = os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH")
    import cv2

    if os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH") != before:
        if before is None:
            os.environ.pop("QT_QPA_PLATFORM_PLUGIN_PATH", None)
        else:
            os.environ["QT_QPA_PLATFORM_PLUGIN_PATH"] = before
    return cv2
