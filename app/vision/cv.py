"""Lazy OpenCV import that keeps Qt working.

On Linux the opencv wheels point ``QT_QPA_PLATFORM_PLUGIN_PATH`` at their own Qt 5
plugins, which breaks PySide6 if it starts afterwards; drop that variable after import.
The module is cached after the first call: the drawing code calls this per operation.
:func:`to_bgr8` is the one place that turns what cameras deliver into the BGR frames
everything downstream expects.
"""

from __future__ import annotations

import os
from types import ModuleType
from typing import Any

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


def to_bgr8(image: Any) -> tuple[Any, str | None]:
    """Any 8-bit grey/BGR/BGRA frame as BGR, and a note when it was grey (worth saying once).

    Cameras and decoders hand over grey (mono sensors) and BGRA (some capture drivers)
    frames too. Raises ValueError, in words for a status line, for what is not an 8-bit
    image at all.
    """
    import numpy as np

    cv2 = import_cv2()
    if not isinstance(image, np.ndarray) or image.ndim not in (2, 3) or image.size == 0:
        raise ValueError("not an image array")
    if image.dtype != np.uint8:
        raise ValueError(f"{image.dtype} pixels, 8-bit expected")
    if image.ndim == 2 or image.shape[2] == 1:
        grey_note = "grayscale camera frames converted to colour"
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR), grey_note
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2BGR), None
    if image.shape[2] != 3:
        raise ValueError(f"{image.shape[2]} channels")
    return image, None
