"""Background blur or replacement from selfie segmentation.

The mask comes at processing size; the blur is computed on a quarter-size copy (a big
kernel at full size would cost more than the whole frame budget) and scaled back up.
The final mix is one ``cv2.blendLinear`` over the frame.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.commerce.catalog import ProductInfo
from app.vision.cv import import_cv2
from app.vision.layers import FrameContext, Layer
from app.vision.trackers import SEGMENTATION

MODES = ("off", "blur", "replace")


class BackgroundLayer(Layer):
    """``mode`` is "off", "blur" or "replace" (with ``image_path``)."""

    name = "background"

    def __init__(self, mode: str = "off", image_path: Path | None = None) -> None:
        super().__init__()
        self.mode = mode if mode in MODES else "off"
        self.image_path = image_path
        self._replacement: Any = None
        self._replacement_key: tuple[Path | None, tuple[int, int]] | None = None

    def needs(self, product: ProductInfo | None) -> set[str]:
        return {SEGMENTATION} if self.enabled and self.mode != "off" else set()

    def draw(self, frame: Any, ctx: FrameContext) -> None:
        mask = ctx.detections.mask
        if mask is None or self.mode == "off":
            return
        cv2 = import_cv2()
        h, w = frame.shape[:2]
        back = self._background(frame, ctx)
        if back is None:
            return
        weights = cv2.resize(mask, (w, h), interpolation=cv2.INTER_LINEAR)
        weights = cv2.GaussianBlur(weights, (0, 0), 2) if w <= 640 else weights
        cv2.blendLinear(frame, back, weights, 1.0 - weights, dst=frame)  # in place

    def _background(self, frame: Any, ctx: FrameContext) -> Any:
        cv2 = import_cv2()
        h, w = frame.shape[:2]
        if self.mode == "blur":
            small = cv2.resize(
                frame, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA
            )
            small = cv2.GaussianBlur(small, (0, 0), 5)
            return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
        key = (self.image_path, (w, h))
        if self._replacement_key != key:
            self._replacement_key = key
            image = cv2.imread(str(self.image_path)) if self.image_path else None
            self._replacement = cv2.resize(image, (w, h)) if image is not None else None
        if self._replacement is None:
            ctx.problems.append(f"background image missing or unreadable: {self.image_path}")
        return self._replacement
