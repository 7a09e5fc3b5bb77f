"""Background blur or replacement from selfie segmentation.

A full-frame per-pixel float blend (``cv2.blendLinear`` over 1280x720) costs ~4-5 ms,
more than the whole face mesh, yet almost every pixel is either surely the person or
surely the background. So the mask (at the segmentation model's 256 px size) is split
into three classes of pixels, and the picture is built in the full-size background image:

- background (the pixel and its neighbours all <= ``EDGE_LOW``): already in place;
- person (all >= ``EDGE_HIGH``): copied from the camera frame, which is never written;
- edge (everything else, a few percent of the frame): blended with the bilinear
  up-sampled weights, on runs of edge pixels only.

The neighbourhood test (a 3x3 erosion) keeps this faithful: bilinear up-sampling only mixes a
mask pixel with its neighbours, so a pure block's weights really are within 2 % of 0 or 1.
The blur is made at 1/10 size (half the segmentation input, which is already there) and
scaled up; after a sigma-20 px blur nothing finer than the small image could show anyway.

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
#: The blur's sigma as a share of the frame width (20 px at 1280).
BLUR_SHARE = 1 / 64
#: Without the segmentation input, the blur is computed at 1/BLUR_DIVISOR of the frame size.
BLUR_DIVISOR = 10


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


def composite(back: Any, source: Any, mask: Any) -> int:
    """Turn ``back`` (a full-size background picture, overwritten) into the composite.

    Where ``mask`` (person probability) is surely the person, ``source`` is copied in; on
    the edge band the two are blended like a full-frame bilinear resize of the mask would
    (to 1/32 px); the surely-background rest is already in place. Working into ``back``
    means the camera frame is never copied or written: only the person (about a third of a
    studio frame) moves. The mask is cut into bands of ``BAND_ROWS`` rows; in each band a
    run of columns is background, person or edge as a whole (a column without an edge
    pixel cannot change class within the band: pure classes never touch), so each run is
    one slice copy or one 8-bit blend (within 2 levels of a float ``blendLinear``, which
    costs half as much again). (Gathering all edge pixels into one array with numpy
    indexing was measured slower than this.) Returns the number of blended pixels.
    """
    import numpy as np

    cv2 = import_cv2()
    h, w = back.shape[:2]
    mh, mw = mask.shape[:2]
    bands, starts, ends, kinds = _runs(mask)
    levels = cv2.convertScaleAbs(mask, alpha=255)  # 8-bit weights: a third cheaper to blend
    sx, sy = w / mw, h / mh
    xb, yb = _first_pixel(w, mw), _first_pixel(h, mh)
    blended = 0
    for band, c0, c1, kind in zip(bands, starts, ends, kinds, strict=True):
        y0, y1 = yb[band * BAND_ROWS], yb[min(mh, (band + 1) * BAND_ROWS)]
        x0, x1 = xb[c0], xb[c1]
        if kind == _PERSON:
            back[y0:y1, x0:x1] = source[y0:y1, x0:x1]
            continue
        alpha = cv2.warpAffine(
            levels,
            np.array([[1 / sx, 0, (x0 + 0.5) / sx - 0.5], [0, 1 / sy, (y0 + 0.5) / sy - 0.5]]),
            (x1 - x0, y1 - y0),
            flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,  # a full-frame resize's samples
            borderMode=cv2.BORDER_REPLICATE,
        )
        alpha3 = cv2.cvtColor(alpha, cv2.COLOR_GRAY2BGR)
        person = cv2.multiply(source[y0:y1, x0:x1], alpha3, scale=1 / 255)
        roi = back[y0:y1, x0:x1]
        cv2.multiply(roi, cv2.bitwise_not(alpha3), dst=roi, scale=1 / 255)
        cv2.add(roi, person, dst=roi)
        blended += (x1 - x0) * (y1 - y0)
    return blended


_BACKGROUND, _PERSON, _EDGE = 0, 1, 2


def _runs(mask: Any) -> tuple[list[int], list[int], list[int], list[int]]:
    """(band, first column, end column, kind) of every person or edge run, band by band."""
    import numpy as np

    mh, mw = mask.shape[:2]
    pure_back, edge = classify(mask)
    bands = -(-mh // BAND_ROWS)
    rows = bands * BAND_ROWS
    edge_rows = np.zeros((rows, mw), bool)
    edge_rows[:mh] = edge
    back_rows = np.ones((rows, mw), bool)
    back_rows[:mh] = pure_back.view(bool)
    any_edge = edge_rows.reshape(bands, BAND_ROWS, mw).any(axis=1)
    all_back = back_rows.reshape(bands, BAND_ROWS, mw).all(axis=1)
    kind = np.full((bands, mw + 2), -1, np.int8)
    kind[:, 1:-1] = np.where(any_edge, _EDGE, np.where(all_back, _BACKGROUND, _PERSON))
    band_idx, cut = np.nonzero(kind[:, 1:] != kind[:, :-1])  # run boundaries, band by band
    same_band = band_idx[1:] == band_idx[:-1]
    band_idx, c0, c1 = band_idx[:-1][same_band], cut[:-1][same_band], cut[1:][same_band]
    run_kind = kind[band_idx, c0 + 1]
    keep = run_kind != _BACKGROUND
    return (
        band_idx[keep].tolist(),
        c0[keep].tolist(),
        c1[keep].tolist(),
        run_kind[keep].tolist(),
    )


@functools.lru_cache(maxsize=16)
def _first_pixel(size: int, mask_size: int) -> list[int]:
    """For each mask index i (and mask_size), the first output pixel whose nearest is >= i.

    Probed from ``cv2.resize`` itself, so every output pixel falls in the run of its
    nearest mask pixel: its bilinear weight only mixes that pixel's 3x3 neighbourhood,
    which is what :func:`classify` tested.
    """
    import numpy as np

    cv2 = import_cv2()
    probe = np.arange(mask_size, dtype=np.float32).reshape(1, -1)
    source = cv2.resize(probe, (size, 1), interpolation=cv2.INTER_NEAREST)[0]
    edges: list[int] = np.searchsorted(source, np.arange(mask_size + 1), side="left").tolist()
    return edges


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
        picture = self.render(frame, ctx.detections.mask, ctx.problems)
        if picture is not frame:
            frame[:] = picture

    def render(self, source: Any, mask: Any, problems: list[str], small_rgb: Any = None) -> Any:
        """``source`` with its background blurred or replaced, as a new image (any thread).

        ``source`` is only read. Returns ``source`` itself when there is nothing to do
        (no mask, mode off, replacement image missing). ``small_rgb`` is the segmentation
        input (the frame as RGB at the model's size), if there is one: the blur starts
        from it instead of shrinking the full frame again.
        """
        self.last_blended_px = 0
        if mask is None or self.mode == "off":
            return source
        back = self._background(source, problems, small_rgb)
        if back is None:
            return source
        if back is self._replacement:
            back = back.copy()  # the cached image stays clean for the next frame
        self.last_blended_px = composite(back, source, mask)
        return back

    def _background(self, frame: Any, problems: list[str], small_rgb: Any = None) -> Any:
        cv2 = import_cv2()
        h, w = frame.shape[:2]
        if self.mode == "blur":
            if small_rgb is not None and small_rgb.shape[1] // 2 >= w // 20:
                # Half the model input (fast 2:1 area path; a fractional ratio costs 5x).
                # Up to 20 frame px per small px is fine: sigma is w/64, i.e. >= 1.25 of them.
                size = (small_rgb.shape[1] // 2, small_rgb.shape[0] // 2)
                small = cv2.resize(small_rgb, size, interpolation=cv2.INTER_AREA)
                small = cv2.cvtColor(small, cv2.COLOR_RGB2BGR)
            else:
                size = (max(1, w // BLUR_DIVISOR), max(1, h // BLUR_DIVISOR))
                small = cv2.resize(frame, size, interpolation=cv2.INTER_AREA)
            small = cv2.GaussianBlur(small, (0, 0), max(0.5, size[0] * BLUR_SHARE))
            return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
        key = (self.image_path, (w, h))
        if self._replacement_key != key:
            self._replacement_key = key
            image = cv2.imread(str(self.image_path)) if self.image_path else None
            self._replacement = cv2.resize(image, (w, h)) if image is not None else None
        if self._replacement is None:
            problems.append(f"background image missing or unreadable: {self.image_path}")
        return self._replacement
