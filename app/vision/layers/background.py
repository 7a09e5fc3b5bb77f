"""Background blur or replacement from selfie segmentation.

A full-frame per-pixel float blend (``cv2.blendLinear`` over 1280x720) costs ~4-5 ms,
more than the whole face mesh, yet almost every pixel is either surely the person or
surely the background. So the mask (at the segmentation model's 256 px size) is split
into three classes of blocks:

- person (the block and its neighbours all >= ``EDGE_HIGH``): the frame is left as is;
- background (all <= ``EDGE_LOW``): one masked ``cv2.copyTo`` of the background image;
- edge (everything else, a few percent of the frame): ``blendLinear`` with the bilinear
  up-sampled weights, on runs of edge blocks only.

The neighbourhood test (a 3x3 erosion) keeps this faithful: bilinear up-sampling only mixes a
mask pixel with its neighbours, so a pure block's weights really are within 2 % of 0 or 1.
The blur is made at 1/8 size and scaled up; after a sigma-20 px blur nothing finer than the
small image could show anyway.

Segmentation itself (~3 ms) may be skipped for a frame: :class:`MaskReuse` keeps the last
mask when the pixels along its edge band have hardly changed (the mask cannot have moved
where the picture did not), for at most ``max_age`` frames in a row.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from app.commerce.catalog import ProductInfo
from app.vision.cv import import_cv2
from app.vision.layers import FrameContext, Layer
from app.vision.trackers import SEGMENTATION

MODES = ("off", "blur", "replace")
#: Weights this close to 0 or 1 are treated as exactly 0 or 1 (at most 5 of 255 levels off).
EDGE_LOW, EDGE_HIGH = 0.02, 0.98
#: Mask rows per band when collecting runs of edge pixels (fewer calls vs fewer pixels).
BAND_ROWS = 8
#: The blurred background is computed at 1/BLUR_DIVISOR size with this sigma (small pixels).
BLUR_DIVISOR, BLUR_SIGMA = 8, 2.5


class MaskReuse:
    """Decides whether the previous segmentation mask is still good for this frame.

    ``max_age`` 0 turns reuse off. ``threshold`` is the mean absolute grey-level change
    (0-255) over the previous mask's edge band, measured on the segmentation-size input
    against the frame the mask was computed from (so slow drift adds up); sensor noise on
    a still scene is ~1, a moving arm or head is well above 4. On the demo clip (gentle
    motion) max_age 2 reuses 65 % of masks, and the composited pixels differ from those of
    a fresh mask by <= 6 levels at the 99.9th percentile, less than segmentation's own
    frame-to-frame flicker.
    """

    def __init__(self, max_age: int = 2, threshold: float = 2.5) -> None:
        self.max_age = max_age
        self.threshold = threshold
        self._grey: Any = None
        self._mask: Any = None
        self._band: Any = None
        self._age = 0
        self.reused = 0
        self.computed = 0

    def reset(self) -> None:
        self._grey = self._mask = self._band = None
        self._age = 0

    def lookup(self, small_rgb: Any) -> tuple[Any, Any]:
        """(mask to reuse or None, grey image to pass to :meth:`store`)."""
        cv2 = import_cv2()
        grey = cv2.cvtColor(small_rgb, cv2.COLOR_RGB2GRAY)
        if (
            self._mask is None
            or self._age >= self.max_age
            or self._grey.shape != grey.shape
            or self._band is None
        ):
            return None, grey
        diff = cv2.absdiff(grey, self._grey)
        if cv2.mean(diff, mask=self._band)[0] > self.threshold:
            return None, grey
        self._age += 1
        self.reused += 1
        return self._mask, grey

    def store(self, grey: Any, mask: Any) -> None:
        """Remember a freshly computed mask and the input it was computed from."""
        self._grey, self._mask, self._age = grey, mask, 0
        self._band = edge_band(mask)
        self.computed += 1


def classify(mask: Any) -> tuple[Any, Any]:
    """(pure background as uint8 0/1, edge as bool) per mask pixel.

    A pixel is pure when its whole 3x3 neighbourhood is: bilinear up-sampling only mixes
    neighbours, so every output pixel of a pure block is within ``EDGE_LOW`` of 0 or 1.
    """
    import numpy as np

    cv2 = import_cv2()
    kernel = np.ones((3, 3), np.uint8)
    pure_back = cv2.erode((mask <= EDGE_LOW).view(np.uint8), kernel)
    pure_person = cv2.erode((mask >= EDGE_HIGH).view(np.uint8), kernel)
    return pure_back, (pure_back | pure_person) == 0


def edge_band(mask: Any) -> Any:
    """uint8 (255 = edge) at mask size, the pixels where a moving person shows first."""
    import numpy as np

    return classify(mask)[1].view(np.uint8) * np.uint8(255)


def composite(frame: Any, back: Any, mask: Any) -> int:
    """Mix ``back`` into ``frame`` (in place) where ``mask`` (person probability) is low.

    Pure background: one masked ``copyTo``. Edge: the edge blocks of each band of
    ``BAND_ROWS`` mask rows are grouped into runs, and each run is one ``blendLinear``
    with weights sampled like a full-frame bilinear resize of the mask (to 1/32 px). (Gathering
    all edge pixels into one array with numpy indexing was measured slower than this.)
    Returns the number of pixels that needed a per-pixel blend.
    """
    import numpy as np

    cv2 = import_cv2()
    h, w = frame.shape[:2]
    mh, mw = mask.shape[:2]
    pure_back, edge = classify(mask)
    cv2.copyTo(back, cv2.resize(pure_back, (w, h), interpolation=cv2.INTER_NEAREST), frame)
    bands = -(-mh // BAND_ROWS)
    padded = np.zeros((bands * BAND_ROWS, mw + 2), np.int8)
    padded[:mh, 1:-1] = edge
    steps = np.diff(padded.reshape(bands, BAND_ROWS, mw + 2).max(axis=1), axis=1)
    band_idx, starts = np.nonzero(steps == 1)
    _, ends = np.nonzero(steps == -1)
    sx, sy = w / mw, h / mh
    xb, yb = _first_pixel(w, mw), _first_pixel(h, mh)
    blended = 0
    for band, c0, c1 in zip(band_idx.tolist(), starts.tolist(), ends.tolist(), strict=True):
        y0, y1 = yb[band * BAND_ROWS], yb[min(mh, (band + 1) * BAND_ROWS)]
        x0, x1 = xb[c0], xb[c1]
        weights = cv2.warpAffine(
            mask,
            np.array([[1 / sx, 0, (x0 + 0.5) / sx - 0.5], [0, 1 / sy, (y0 + 0.5) / sy - 0.5]]),
            (x1 - x0, y1 - y0),
            flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,  # a full-frame resize's samples
            borderMode=cv2.BORDER_REPLICATE,
        )
        roi = frame[y0:y1, x0:x1]
        cv2.blendLinear(roi, back[y0:y1, x0:x1], weights, 1.0 - weights, dst=roi)
        blended += (x1 - x0) * (y1 - y0)
    return blended


@functools.lru_cache(maxsize=16)
def _first_pixel(size: int, mask_size: int) -> list[int]:
    """For each mask index i (and mask_size), the first output pixel whose nearest is >= i.

    Probed from ``cv2.resize`` itself, so the runs tile exactly the pixels that the
    nearest-neighbour copy mask leaves to them, whatever the rounding of the scale.
    """
    import numpy as np

    cv2 = import_cv2()
    probe = np.arange(mask_size, dtype=np.float32).reshape(1, -1)
    source = cv2.resize(probe, (size, 1), interpolation=cv2.INTER_NEAREST)[0]
    return np.searchsorted(source, np.arange(mask_size + 1), side="left").tolist()


class BackgroundLayer(Layer):
    """``mode`` is "off", "blur" or "replace" (with ``image_path``)."""

    name = "background"

    def __init__(self, mode: str = "off", image_path: Path | None = None) -> None:
        super().__init__()
        self.mode = mode if mode in MODES else "off"
        self.image_path = image_path
        self.reuse = MaskReuse()
        self.last_blended_px = 0
        self._replacement: Any = None
        self._replacement_key: tuple[Path | None, tuple[int, int]] | None = None

    def needs(self, product: ProductInfo | None) -> set[str]:
        return {SEGMENTATION} if self.active else set()

    @property
    def active(self) -> bool:
        return self.enabled and self.mode != "off"

    def draw(self, frame: Any, ctx: FrameContext) -> None:
        self.apply(frame, ctx.detections.mask, ctx.problems)

    def apply(self, frame: Any, mask: Any, problems: list[str], rgb: Any = None) -> None:
        """Blur or replace the background of ``frame`` in place (any thread, one at a time).

        ``rgb`` is the trackers' down-scaled RGB copy of the frame, if there is one: the
        blur starts from it instead of shrinking the full frame again.
        """
        self.last_blended_px = 0
        if mask is None or self.mode == "off":
            return
        back = self._background(frame, problems, rgb)
        if back is not None:
            self.last_blended_px = composite(frame, back, mask)

    def _background(self, frame: Any, problems: list[str], rgb: Any = None) -> Any:
        cv2 = import_cv2()
        h, w = frame.shape[:2]
        if self.mode == "blur":
            size = (max(1, w // BLUR_DIVISOR), max(1, h // BLUR_DIVISOR))
            source = frame if rgb is None or rgb.shape[1] < size[0] else rgb
            small = cv2.resize(source, size, interpolation=cv2.INTER_AREA)
            small = cv2.GaussianBlur(small, (0, 0), BLUR_SIGMA)
            if source is rgb:
                small = cv2.cvtColor(small, cv2.COLOR_RGB2BGR)
            return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
        key = (self.image_path, (w, h))
        if self._replacement_key != key:
            self._replacement_key = key
            image = cv2.imread(str(self.image_path)) if self.image_path else None
            self._replacement = cv2.resize(image, (w, h)) if image is not None else None
        if self._replacement is None:
            problems.append(f"background image missing or unreadable: {self.image_path}")
        return self._replacement
