"""What the product-card and flash-sale overlay pages receive (see app/server/overlay.py).

The overlay server broadcasts every bus event that has an encoder; these encoders add the
on-air product (with its name and prices, looked up in the show's catalog, because the
switch event carries only the SKU), live stock and flash sales. Pages:
``resources/overlays/product_card/`` and ``resources/overlays/flash_sale/``. The card's
product image is served by SKU from the show's catalog (``/api/products/<sku>/image``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.commerce.show import RunOfShow
from app.session.events import Event, FlashSaleEvent, ProductSwitchEvent, StockEvent


def _product(show: RunOfShow, sku: str | None) -> dict[str, Any]:
    product = show.products.get(sku) if sku else None
    if product is None:
        return {"kind": "product", "sku": None}
    return {
        "kind": "product",
        "sku": product.sku,
        "name": product.name_zh or product.name_en,
        "name_en": product.name_en,
        "price": product.price,
        "sale_price": product.sale_price,
        "stock": show.snapshot().stock.get(product.sku, product.stock),
        "image": _image_url(product.sku) if _has_image(product.image) else None,
    }


def _image(show: RunOfShow, sku: str) -> Path | None:
    product = show.products.get(sku)
    return product.image if product is not None else None


def _has_image(path: Path | None) -> bool:
    return path is not None and path.is_file()


def _image_url(sku: str) -> str:
    from urllib.parse import quote

    return f"/api/products/{quote(sku, safe='')}/image"


def register_show(show: RunOfShow) -> None:
    """Point the overlay encoders at ``show`` (the session that is running now)."""
    from app.server.overlay import register_encoder, register_image_lookup

    def switch(event: Event) -> dict[str, Any] | None:
        assert isinstance(event, ProductSwitchEvent)
        return _product(show, event.sku)

    def stock(event: Event) -> dict[str, Any] | None:
        assert isinstance(event, StockEvent)
        return {"kind": "stock", "sku": event.sku, "stock": event.stock}

    def flash(event: Event) -> dict[str, Any] | None:
        assert isinstance(event, FlashSaleEvent)
        product = show.products.get(event.sku)
        return {
            "kind": "flash_sale",
            "sku": event.sku,
            "name": product.display_name() if product else event.sku,
            "price": event.price,
            "was_price": product.price if product else None,
            "state": event.state,
            "duration_ms": event.duration_ms,
            "remaining_ms": max(0, event.ends_ms - event.t_ms),
        }

    register_encoder(ProductSwitchEvent, switch)
    register_encoder(StockEvent, stock)
    register_encoder(FlashSaleEvent, flash)
    register_image_lookup(lambda sku: _image(show, sku))
