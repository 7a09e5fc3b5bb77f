"""The overlay compositor: trackers + smoothing + layers for one frame at a time.

Not thread-safe by design: one worker (the vision stage, the benchmark or a test) owns
it. Live toggles (``layer.enabled``, product, captions) are plain attribute writes that
the next frame picks up.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from app.commerce.catalog import ProductInfo
from app.vision.cv import import_cv2
from app.vision.layers import FrameContext, Layer
from app.vision.layers.background import BackgroundLayer
from app.vision.layers.card import CardLayer
from app.vision.layers.face import AccessoryLayer, LipstickLayer
from app.vision.layers.text import CaptionLayer, CommentBubbleLayer
from app.vision.smoothing import OneEuroFilter
from app.vision.trackers import Detections, Trackers

log = logging.getLogger("app.vision.compositor")

MAX_INPUT_WIDTH = 1920


@dataclass
class FrameResult:
    """A composited frame with what happened on the way (for status and the benchmark)."""

    image: Any
    detections: Detections
    timings_ms: dict[str, float] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def normalise_frame(image: Any, max_width: int = MAX_INPUT_WIDTH) -> tuple[Any, list[str]]:
    """Turn any 8-bit grey/BGR/BGRA frame into a contiguous BGR one no wider than ``max_width``.

    Returns the frame and notes about what was converted (shown once as a status).
    Raises ValueError for frames that cannot be shown at all.
    """
    import numpy as np

    cv2 = import_cv2()
    notes: list[str] = []
    if not isinstance(image, np.ndarray) or image.ndim not in (2, 3) or image.size == 0:
        raise ValueError("frame is not an image array")
    if image.dtype != np.uint8:
        raise ValueError(f"frame has {image.dtype} pixels; 8-bit expected")
    if image.ndim == 2 or image.shape[2] == 1:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
        notes.append("grayscale camera frames converted to colour")
    elif image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    elif image.shape[2] != 3:
        raise ValueError(f"frame has {image.shape[2]} channels")
    h, w = image.shape[:2]
    if w > max_width:
        size = (max_width, max(2, round(h * max_width / w)))
        image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
        notes.append(f"{w}x{h} frames scaled to {size[0]}x{size[1]}")
    return np.ascontiguousarray(image), notes


class Compositor:
    """Runs the trackers the active layers need, smooths landmarks, draws the layers."""

    def __init__(
        self,
        trackers: Trackers | None = None,
        *,
        card_placement: str = "bottom-left",
        background: str = "off",
        smoothing: bool = True,
    ) -> None:
        self.trackers = trackers or Trackers()
        self.background = BackgroundLayer(background)
        self.lipstick = LipstickLayer()
        self.accessory = AccessoryLayer()
        self.card = CardLayer(card_placement)
        self.captions = CaptionLayer()
        self.comment = CommentBubbleLayer()
        self.layers: list[Layer] = [
            self.background,
            self.lipstick,
            self.accessory,
            self.card,
            self.captions,
            self.comment,
        ]
        self.product: ProductInfo | None = None
        self.smoothing = smoothing
        self._face_filter = OneEuroFilter(min_cutoff=1.0, beta=0.02)
        self.enabled = True

    def layer(self, name: str) -> Layer:
        return next(layer for layer in self.layers if layer.name == name)

    def needs(self) -> set[str]:
        """Trackers the current product and enabled layers need (empty: none run)."""
        if not self.enabled:
            return set()
        kinds: set[str] = set()
        for layer in self.layers:
            kinds |= layer.needs(self.product)
        return kinds

    def process(self, image: Any, t_ms: int, *, copy: bool = True) -> FrameResult:
        """Composite one BGR frame taken at session time ``t_ms``."""
        clock = time.perf_counter
        t0 = clock()
        frame, notes = normalise_frame(image)
        if copy and frame is image:
            frame = frame.copy()
        timings: dict[str, float] = {}
        kinds = self.needs()
        detections = (
            self.trackers.detect(frame, kinds) if kinds else Detections(*frame.shape[1::-1])
        )
        t1 = clock()
        timings["track"] = (t1 - t0) * 1000
        self._smooth(detections, t_ms)
        ctx = FrameContext(t_ms=t_ms, detections=detections, product=self.product)
        if self.enabled:
            for layer in self.layers:
                if not layer.enabled:
                    continue
                start = clock()
                try:
                    layer.draw(frame, ctx)
                except Exception as exc:  # one bad layer must not stop the picture
                    log.exception("layer %s failed", layer.name)
                    ctx.problems.append(f"{layer.name} overlay failed: {exc}")
                timings[layer.name] = (clock() - start) * 1000
        timings["total"] = (clock() - t0) * 1000
        return FrameResult(frame, detections, timings, ctx.problems, notes)

    def _smooth(self, detections: Detections, t_ms: int) -> None:
        if detections.face is None:
            self._face_filter.reset()  # pass-through: nothing to anchor to
            return
        if self.smoothing:
            detections.face = self._face_filter(detections.face, t_ms / 1000.0)

    def close(self) -> None:
        self.trackers.close()
