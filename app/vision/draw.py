"""Drawing primitives on uint8 BGR frames: sprite blending and CJK text sprites.

Everything blends in place on the frame with integer maths over the sprite's
rectangle only (full-frame float blending costs ~12 ms at 720p, the whole budget).
``cv2.putText`` cannot draw Chinese, so text is rendered once with Pillow and the bundled
Noto Sans SC subset, then cached as a sprite.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.paths import RESOURCES

FONT_REGULAR = RESOURCES / "fonts" / "NotoSansSC-AnchorDesk-Regular.otf"
FONT_BOLD = RESOURCES / "fonts" / "NotoSansSC-AnchorDesk-Bold.otf"


@dataclass(frozen=True)
class Sprite:
    """A BGR image with its own alpha (both uint8), ready to blend."""

    bgr: Any
    alpha: Any

    @property
    def width(self) -> int:
        return int(self.bgr.shape[1])

    @property
    def height(self) -> int:
        return int(self.bgr.shape[0])


def sprite_from_bgra(image: Any) -> Sprite:
    """Split a BGRA (or BGR: fully opaque) array into a :class:`Sprite`."""
    import numpy as np

    if image.ndim == 3 and image.shape[2] == 4:
        return Sprite(np.ascontiguousarray(image[:, :, :3]), np.ascontiguousarray(image[:, :, 3]))
    if image.ndim == 2:
        from app.vision.cv import import_cv2

        image = import_cv2().cvtColor(image, import_cv2().COLOR_GRAY2BGR)
    return Sprite(image[:, :, :3].copy(), np.full(image.shape[:2], 255, np.uint8))


def blend(frame: Any, bgr: Any, alpha: Any, x: int, y: int, *, opacity: float = 1.0) -> bool:
    """Alpha-blend ``bgr`` with mask ``alpha`` onto ``frame`` at (x, y), clipped to the frame.

    Saturating OpenCV calls (each rounds to the nearest level: the sum is within 1.5
    levels of exact) cost about half of the same sum in numpy integers; this runs on the
    frame's critical path for every face overlay. Returns False when nothing of the
    sprite is inside the frame.
    """
    from app.vision.cv import import_cv2

    cv2 = import_cv2()
    fh, fw = frame.shape[:2]
    sh, sw = alpha.shape[:2]
    x0, y0, x1, y1 = max(0, x), max(0, y), min(fw, x + sw), min(fh, y + sh)
    if x0 >= x1 or y0 >= y1:
        return False
    part = (slice(y0 - y, y1 - y), slice(x0 - x, x1 - x))
    a = alpha[part]
    if opacity < 1.0:
        a = cv2.multiply(a, max(0.0, opacity))
    a3 = cv2.cvtColor(a, cv2.COLOR_GRAY2BGR)
    colour = cv2.multiply(bgr[part], a3, scale=1 / 255)
    roi = frame[y0:y1, x0:x1]
    cv2.multiply(roi, cv2.bitwise_not(a3), dst=roi, scale=1 / 255)
    cv2.add(roi, colour, dst=roi)
    return True


def blend_sprite(frame: Any, sprite: Sprite, x: int, y: int, opacity: float = 1.0) -> bool:
    return blend(frame, sprite.bgr, sprite.alpha, x, y, opacity=opacity)


@dataclass(frozen=True)
class Premultiplied:
    """A sprite prepared for a two-call blend: colour x alpha, and 255 - alpha per channel.

    For sprites drawn every frame unchanged (the product card): two saturating OpenCV
    calls on the rectangle cost about a third of :func:`blend`'s integer maths.
    """

    colour: Any
    inverse: Any

    @classmethod
    def of(cls, sprite: Sprite) -> Premultiplied:
        from app.vision.cv import import_cv2

        cv2 = import_cv2()
        alpha3 = cv2.cvtColor(sprite.alpha, cv2.COLOR_GRAY2BGR)
        colour = cv2.multiply(sprite.bgr, alpha3, scale=1 / 255)
        return cls(colour, cv2.bitwise_not(alpha3))

    @property
    def width(self) -> int:
        return int(self.colour.shape[1])

    @property
    def height(self) -> int:
        return int(self.colour.shape[0])


def blend_premultiplied(frame: Any, sprite: Premultiplied, x: int, y: int) -> bool:
    """``frame = frame * (255 - a) / 255 + colour * a / 255`` on the clipped rectangle."""
    from app.vision.cv import import_cv2

    cv2 = import_cv2()
    fh, fw = frame.shape[:2]
    sh, sw = sprite.colour.shape[:2]
    x0, y0, x1, y1 = max(0, x), max(0, y), min(fw, x + sw), min(fh, y + sh)
    if x0 >= x1 or y0 >= y1:
        return False
    roi = frame[y0:y1, x0:x1]
    part = (slice(y0 - y, y1 - y), slice(x0 - x, x1 - x))
    cv2.multiply(roi, sprite.inverse[part], dst=roi, scale=1 / 255)
    cv2.add(roi, sprite.colour[part], dst=roi)
    return True


def rounded_box(
    width: int, height: int, radius: int, bgr: tuple[int, int, int], alpha: int
) -> Sprite:
    """A filled rounded rectangle sprite (card and bubble backgrounds)."""
    import numpy as np

    from app.vision.cv import import_cv2

    cv2 = import_cv2()
    mask = np.zeros((height, width), np.uint8)
    r = max(0, min(radius, width // 2, height // 2))
    cv2.rectangle(mask, (r, 0), (width - 1 - r, height - 1), 255, -1)
    cv2.rectangle(mask, (0, r), (width - 1, height - 1 - r), 255, -1)
    for cx, cy in (
        (r, r),
        (width - 1 - r, r),
        (r, height - 1 - r),
        (width - 1 - r, height - 1 - r),
    ):
        cv2.circle(mask, (cx, cy), r, 255, -1, lineType=cv2.LINE_AA)
    colour = np.empty((height, width, 3), np.uint8)
    colour[:] = bgr
    return Sprite(colour, ((mask.astype(np.uint16) * alpha) // 255).astype(np.uint8))


class TextRenderer:
    """Renders text with Pillow into cached sprites (thread-safe, LRU-bounded)."""

    def __init__(self, capacity: int = 256) -> None:
        self._fonts: dict[tuple[Path, int], Any] = {}
        self._cache: OrderedDict[tuple[str, int, bool, tuple[int, int, int]], Sprite] = (
            OrderedDict()
        )
        self._capacity = capacity
        self._lock = threading.Lock()

    def _font(self, size: int, bold: bool) -> Any:
        from PIL import ImageFont

        path = FONT_BOLD if bold else FONT_REGULAR
        key = (path, size)
        font = self._fonts.get(key)
        if font is None:
            try:
                font = ImageFont.truetype(str(path), size)
            except OSError:  # missing font file: readable Latin beats no text at all
                font = ImageFont.load_default(size)
            self._fonts[key] = font
        return font

    def render(
        self,
        text: str,
        size: int,
        colour: tuple[int, int, int] = (255, 255, 255),
        bold: bool = False,
    ) -> Sprite:
        """A sprite of ``text`` in BGR ``colour`` at pixel ``size``, cached by content."""
        key = (text, size, bold, colour)
        with self._lock:
            sprite = self._cache.get(key)
            if sprite is not None:
                self._cache.move_to_end(key)
                return sprite
        sprite = self._draw(text, size, colour, bold)
        with self._lock:
            self._cache[key] = sprite
            while len(self._cache) > self._capacity:
                self._cache.popitem(last=False)
        return sprite

    def _draw(self, text: str, size: int, colour: tuple[int, int, int], bold: bool) -> Sprite:
        import numpy as np
        from PIL import Image, ImageDraw

        font = self._font(size, bold)
        ascent, descent = font.getmetrics()
        width = max(1, int(np.ceil(font.getlength(text or " "))) + 2)
        height = ascent + descent + 2
        canvas = Image.new("L", (width, height), 0)
        ImageDraw.Draw(canvas).text((1, 1), text, font=font, fill=255)
        alpha = np.asarray(canvas, dtype=np.uint8).copy()
        bgr = np.empty((height, width, 3), np.uint8)
        bgr[:] = colour
        return Sprite(bgr, alpha)


_shared: TextRenderer | None = None


def text_renderer() -> TextRenderer:
    """The process-wide renderer, so every layer shares one sprite cache."""
    global _shared
    if _shared is None:
        _shared = TextRenderer()
    return _shared


def hex_to_bgr(colour: str) -> tuple[int, int, int]:
    """'#B0243A' -> (58, 36, 176); raises ValueError on anything else."""
    text = colour.strip().lstrip("#")
    if len(text) != 6:
        raise ValueError(f"not a #RRGGBB colour: {colour!r}")
    r, g, b = (int(text[i : i + 2], 16) for i in (0, 2, 4))
    return b, g, r
