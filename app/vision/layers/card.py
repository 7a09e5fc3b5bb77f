"""Product card: image, zh/en name, price and promo price, optional countdown.

The card sprite is built once per product and output height and cached; per frame it is
one blend (plus a small cached countdown sprite). Placement: a corner, or next to the
hand holding the product (hand tracking) with the corner as fallback when no hand is seen.
"""

from __future__ import annotations

import logging
from typing import Any

from app.commerce.catalog import ProductInfo
from app.vision.cv import import_cv2
from app.vision.draw import (
    Premultiplied,
    Sprite,
    blend_premultiplied,
    blend_sprite,
    rounded_box,
    text_renderer,
)
from app.vision.layers import FrameContext, Layer
from app.vision.smoothing import OneEuroFilter
from app.vision.trackers import HANDS

log = logging.getLogger("app.vision.layers.card")

CORNERS = ("top-left", "top-right", "bottom-left", "bottom-right")
PLACEMENTS = (*CORNERS, "hand")
WHITE, MUTED, PROMO, BADGE = (255, 255, 255), (200, 200, 200), (80, 200, 255), (70, 70, 235)


def _money(value: float) -> str:
    return f"¥{value:,.0f}" if value == int(value) else f"¥{value:,.2f}"


class CardLayer(Layer):
    """Draws the on-air product's card; ``placement`` is a corner or "hand"."""

    name = "card"

    def __init__(self, placement: str = "bottom-left") -> None:
        super().__init__()
        self.placement = placement if placement in PLACEMENTS else "bottom-left"
        self.countdown_until_ms: int | None = None
        self._cards: dict[tuple[str, int], Premultiplied] = {}
        self._hand_filter = OneEuroFilter(min_cutoff=0.8, beta=0.02)
        self.last_rect: tuple[int, int, int, int] | None = None

    def needs(self, product: ProductInfo | None) -> set[str]:
        wants_hand = self.enabled and product is not None and self.placement == "hand"
        return {HANDS} if wants_hand else set()

    def set_countdown(self, until_ms: int | None) -> None:
        """Show a "限时 mm:ss" countdown ending at session time ``until_ms`` (None: hide)."""
        self.countdown_until_ms = until_ms

    def draw(self, frame: Any, ctx: FrameContext) -> None:
        self.last_rect = None
        if ctx.product is None:
            return
        height, width = frame.shape[:2]
        card = self._card(ctx.product, height, ctx)
        x, y = self._position(card, width, height, ctx)
        blend_premultiplied(frame, card, x, y)
        self.last_rect = (x, y, card.width, card.height)
        if self.countdown_until_ms is not None:
            left_s = max(0, (self.countdown_until_ms - ctx.t_ms + 999) // 1000)
            text = text_renderer().render(
                f"限时 {left_s // 60:02d}:{left_s % 60:02d}",
                max(12, height // 30),
                PROMO,
                bold=True,
            )
            pad = max(5, height // 72)
            blend_sprite(frame, text, x + card.width - text.width - pad, y + pad)

    # -- placement ------------------------------------------------------------------------
    def _position(
        self, card: Sprite | Premultiplied, width: int, height: int, ctx: FrameContext
    ) -> tuple[int, int]:
        margin = max(8, height // 40)
        corner = self.placement if self.placement in CORNERS else "bottom-right"
        if self.placement == "hand" and ctx.detections.hands:
            import numpy as np

            palm = ctx.detections.hands[0][[0, 5, 9, 13, 17]].mean(axis=0)
            px, py = self._hand_filter(np.asarray(palm, np.float32), ctx.t_ms / 1000.0)
            x = int(px) + margin if px < width / 2 else int(px) - card.width - margin
            y = int(py) - card.height // 2
            return (
                min(max(0, x), width - card.width),
                min(max(0, y), height - card.height),
            )
        if self.placement == "hand":
            self._hand_filter.reset()
        x = margin if corner.endswith("left") else width - card.width - margin
        y = margin if corner.startswith("top") else height - card.height - margin
        return x, y

    # -- the sprite -----------------------------------------------------------------------
    def _card(self, product: ProductInfo, frame_height: int, ctx: FrameContext) -> Premultiplied:
        key = (product.sku, frame_height)
        card = self._cards.get(key)
        if card is None:
            card = Premultiplied.of(self._build(product, frame_height, ctx))
            self._cards[key] = card
        return card

    def _build(self, product: ProductInfo, frame_height: int, ctx: FrameContext) -> Sprite:
        import numpy as np

        unit = max(10, frame_height // 36)  # 20 px at 720p
        text = text_renderer()
        rows = [text.render("讲解中 ON AIR", int(unit * 0.8), BADGE, bold=True)]
        rows.append(text.render(product.display_name("zh"), int(unit * 1.2), WHITE, bold=True))
        if product.name_en and product.name_en != product.name_zh:
            rows.append(text.render(product.name_en, int(unit * 0.85), MUTED))
        rows.append(
            text.render(f"到手价 {_money(product.sale_price)}", int(unit * 1.3), PROMO, bold=True)
        )
        if product.promo_price is not None:
            rows.append(text.render(f"原价 {_money(product.price)}", int(unit * 0.8), MUTED))
        thumb = self._thumbnail(product, int(unit * 5), ctx)
        pad = unit // 2
        text_w = max(r.width for r in rows)
        text_h = sum(r.height for r in rows)
        thumb_w = thumb.width + pad if thumb is not None else 0
        timer = text.render("限时 00:00", max(12, frame_height // 30), PROMO, bold=True)
        badge_row = rows[0].width + pad + timer.width  # the countdown shares the badge row
        w = pad * 2 + thumb_w + max(text_w, badge_row)
        h = pad * 2 + max(text_h, thumb.height if thumb is not None else 0)
        box = rounded_box(w, h, unit // 2, (30, 20, 20), 190)
        bgr, alpha = box.bgr.copy(), box.alpha.copy()
        canvas = Sprite(bgr, alpha)
        if thumb is not None:
            _paste(canvas, thumb, pad, (h - thumb.height) // 2)
        y = pad
        for i, row in enumerate(rows):
            _paste(canvas, row, pad + thumb_w, y)
            if product.promo_price is not None and i == len(rows) - 1:
                import_cv2().line(
                    bgr,
                    (pad + thumb_w, y + row.height // 2),
                    (pad + thumb_w + row.width, y + row.height // 2),
                    MUTED,
                    1,
                )
            y += row.height
        return Sprite(np.ascontiguousarray(bgr), np.ascontiguousarray(alpha))

    @staticmethod
    def _thumbnail(product: ProductInfo, size: int, ctx: FrameContext) -> Sprite | None:
        if product.image is None:
            return None
        cv2 = import_cv2()
        image = cv2.imread(str(product.image), cv2.IMREAD_UNCHANGED)
        if image is None:
            ctx.problems.append(f"{product.sku}: product image missing or unreadable")
            return None
        from app.vision.draw import sprite_from_bgra

        image = cv2.resize(image, (size, size), interpolation=cv2.INTER_AREA)
        return sprite_from_bgra(image)


def _paste(canvas: Sprite, sprite: Sprite, x: int, y: int) -> None:
    """Blend ``sprite`` onto the canvas colour and raise the canvas alpha under it."""
    import numpy as np

    blend_sprite(canvas.bgr, sprite, x, y)
    region = canvas.alpha[y : y + sprite.height, x : x + sprite.width]
    np.maximum(region, sprite.alpha[: region.shape[0], : region.shape[1]], out=region)
