"""The overlay compositor: trackers + smoothing + layers for one frame at a time.

Not thread-safe by design: one worker (the vision stage, the benchmark or a test) owns
it. Live toggles (``layer.enabled``, product, captions) are plain attribute writes that
the next frame picks up.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from app.commerce.catalog import ProductInfo
from app.vision.cv import import_cv2, to_bgr8
from app.vision.layers import FrameContext, Layer
from app.vision.layers.background import BackgroundLayer
from app.vision.layers.card import CardLayer
from app.vision.layers.face import AccessoryLayer, LipstickLayer
from app.vision.layers.text import CaptionLayer, CommentBubbleLayer
from app.vision.smoothing import OneEuroFilter
from app.vision.trackers import SEGMENTATION, Detections, Trackers, segmentation_input

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
    try:
        image, note = to_bgr8(image)
    except ValueError as exc:
        raise ValueError(f"frame: {exc}") from None
    notes = [note] if note else []
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
        parallel: bool = True,
    ) -> None:
        self.trackers = trackers or Trackers()
        #: Segment + blur the background on a helper thread while face mesh runs here.
        self.parallel = parallel
        self._helper: ThreadPoolExecutor | None = None
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
        """Composite one BGR frame taken at session time ``t_ms``.

        With ``copy`` (the default) ``image`` is never written; without it the layers may
        draw on it in place (for a caller that owns a fresh frame).
        """
        clock = time.perf_counter
        t0 = clock()
        frame, notes = normalise_frame(image)
        owned = frame is not image or not copy
        timings: dict[str, float] = {}
        problems: list[str] = []
        kinds = self.needs()
        detections, picture = self._track(frame, kinds, timings, problems)
        if picture is None:
            picture = frame if owned else frame.copy()
        t1 = clock()
        timings["track"] = (t1 - t0) * 1000
        self._smooth(detections, t_ms)
        ctx = FrameContext(t_ms=t_ms, detections=detections, product=self.product)
        ctx.problems.extend(problems)
        if self.enabled:
            for layer in self.layers:
                if not layer.enabled or (layer is self.background and SEGMENTATION in kinds):
                    continue
                start = clock()
                try:
                    layer.draw(picture, ctx)
                except Exception as exc:  # one bad layer must not stop the picture
                    log.exception("layer %s failed", layer.name)
                    ctx.problems.append(f"{layer.name} overlay failed: {exc}")
                timings[layer.name] = (clock() - start) * 1000
        timings["total"] = (clock() - t0) * 1000
        return FrameResult(picture, detections, timings, ctx.problems, notes)

    def _track(
        self, frame: Any, kinds: set[str], timings: dict[str, float], problems: list[str]
    ) -> tuple[Detections, Any]:
        """Run the trackers; with segmentation, also render the background.

        Returns the detections and the picture with its background done (a new image), or
        None when there was no background to do. The background needs only the frame and
        the mask, so it is segmented and composited on a helper thread while this thread
        runs face mesh / hands on its own down-scaled copy: on two cores the frame costs
        max(face, background) instead of their sum (MediaPipe runs its graphs without
        holding the GIL). Both threads only read ``frame``.
        """
        if SEGMENTATION not in kinds:
            self.background.reuse.reset()  # a mask from before a pause is no evidence
        if not kinds:
            return Detections(*frame.shape[1::-1]), None
        start = time.perf_counter()
        rgb = self.trackers.processing_image(frame)
        timings["resize"] = (time.perf_counter() - start) * 1000
        others = kinds - {SEGMENTATION}
        if SEGMENTATION not in kinds:
            return self.trackers.detect(frame, others, rgb=rgb), None
        job: Future[Any] | None = None
        if others and self.parallel:
            job = self._helper_pool().submit(self._background_job, frame, rgb)
        try:
            detections = self.trackers.detect(frame, others, rgb=rgb)
        except BaseException:
            if job is not None:
                job.exception()  # the helper's work is dropped with the frame
            raise
        mask, picture, job_timings, job_problems = (
            job.result() if job is not None else self._background_job(frame, rgb)
        )
        detections.mask = mask
        timings.update(job_timings)
        problems.extend(job_problems)
        return detections, None if picture is frame else picture

    def _background_job(self, frame: Any, rgb: Any) -> tuple[Any, Any, dict[str, float], list[str]]:
        """Segment (or reuse the last mask) and render ``frame`` with its background done."""
        clock = time.perf_counter
        t0 = clock()
        small = segmentation_input(rgb)
        mask, grey = self.background.reuse.lookup(small)
        if mask is None:
            mask = self.trackers.segment(small)
            self.background.reuse.store(grey, mask)
        t1 = clock()
        problems: list[str] = []
        picture = frame
        try:
            picture = self.background.render(frame, mask, problems, small)
        except Exception as exc:  # like any layer: report, keep the picture
            log.exception("layer background failed")
            problems.append(f"background overlay failed: {exc}")
        timings = {"segmentation": (t1 - t0) * 1000, "background": (clock() - t1) * 1000}
        return mask, picture, timings, problems

    def _helper_pool(self) -> ThreadPoolExecutor:
        if self._helper is None:
            self._helper = ThreadPoolExecutor(1, thread_name_prefix="vision-helper")
        return self._helper

    def _smooth(self, detections: Detections, t_ms: int) -> None:
        if detections.face is None:
            self._face_filter.reset()  # pass-through: nothing to anchor to
            return
        if self.smoothing:
            detections.face = self._face_filter(detections.face, t_ms / 1000.0)

    def close_helper(self) -> None:
        """Stop the helper thread (joined); the next blurred frame starts a new one."""
        if self._helper is not None:
            self._helper.shutdown(wait=True)
            self._helper = None

    def close(self) -> None:
        """Stop the helper thread and free the MediaPipe graphs."""
        self.close_helper()
        self.trackers.close()
