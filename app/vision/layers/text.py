"""Lower-third caption and highlighted comment bubble: a simple text API.

Other features feed them (final transcript segments, a producer's highlighted comment);
each item shows until its expiry on the session clock.
"""

from __future__ import annotations

import threading
from typing import Any

from app.vision.draw import blend_sprite, rounded_box, text_renderer
from app.vision.layers import FrameContext, Layer

CAPTION_MS = 4000
BUBBLE_MS = 8000
MAX_CHARS = 40


def _clip(text: str, limit: int = MAX_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class CaptionLayer(Layer):
    """A lower-third line of text (the host's last sentence)."""

    name = "captions"

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._text = ""
        self._until_ms = -1

    def set_text(self, text: str, t_ms: int, duration_ms: int = CAPTION_MS) -> None:
        with self._lock:
            self._text, self._until_ms = _clip(text), t_ms + duration_ms

    def draw(self, frame: Any, ctx: FrameContext) -> None:
        with self._lock:
            text, until = self._text, self._until_ms
        if not text or ctx.t_ms > until:
            return
        h, w = frame.shape[:2]
        sprite = text_renderer().render(text, max(12, h // 26), (255, 255, 255))
        pad = max(4, h // 90)
        box = rounded_box(
            min(w, sprite.width + 2 * pad), sprite.height + 2 * pad, pad, (0, 0, 0), 150
        )
        x, y = (w - box.width) // 2, h - box.height - max(8, h // 14)
        blend_sprite(frame, box, x, y)
        blend_sprite(frame, sprite, x + pad, y + pad)


class CommentBubbleLayer(Layer):
    """A highlighted viewer comment in a bubble at the top right."""

    name = "comment"

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._item: tuple[str, str, int] | None = None

    def set_comment(self, user: str, text: str, t_ms: int, duration_ms: int = BUBBLE_MS) -> None:
        with self._lock:
            self._item = (_clip(user, 16), _clip(text), t_ms + duration_ms)

    def clear(self) -> None:
        with self._lock:
            self._item = None

    def draw(self, frame: Any, ctx: FrameContext) -> None:
        with self._lock:
            item = self._item
        if item is None or ctx.t_ms > item[2]:
            return
        user, text, _ = item
        h, w = frame.shape[:2]
        size = max(12, h // 30)
        name = text_renderer().render(user, int(size * 0.8), (0, 90, 200), bold=True)
        body = text_renderer().render(text, size, (30, 30, 30))
        pad = max(4, h // 80)
        bw = min(w, max(name.width, body.width) + 2 * pad)
        box = rounded_box(bw, name.height + body.height + 2 * pad, pad * 2, (250, 250, 250), 230)
        x, y = w - bw - max(8, h // 40), max(8, h // 40)
        blend_sprite(frame, box, x, y)
        blend_sprite(frame, name, x + pad, y + pad)
        blend_sprite(frame, body, x + pad, y + pad + name.height)
