"""Product-card and flash-sale overlay items, and that their pages are served."""

from __future__ import annotations

from app.commerce.catalog import ProductInfo
from app.commerce.show import RunOfShow
from app.server.overlay import encode, list_overlays, overlay_file
from app.session.bus import EventBus
from app.session.events import FlashSaleEvent, OrderEvent, ProductSwitchEvent, StockEvent

PRODUCTS = [ProductInfo("A", "口红", "Lipstick", 99.0, promo_price=79.0, stock=12)]


def test_items_carry_what_the_pages_show() -> None:
    now = [5_000]
    show = RunOfShow(PRODUCTS, ["A"], lambda: now[0], ticker=False)
    bus = EventBus()
    show.attach(bus)
    try:
        bus.publish(OrderEvent(1, "o1", "A", 2, 158.0))
        assert encode(ProductSwitchEvent(2, "A")) == {
            "kind": "product",
            "sku": "A",
            "name": "口红",
            "name_en": "Lipstick",
            "price": 99.0,
            "sale_price": 79.0,
            "stock": 10,
            "image": None,  # this catalog has no image file
        }
        assert encode(ProductSwitchEvent(3, None)) == {"kind": "product", "sku": None}
        assert encode(StockEvent(4, "A", 9, 3)) == {"kind": "stock", "sku": "A", "stock": 9}
        item = encode(FlashSaleEvent(5_000, "A", 59.0, 30_000, "started", ends_ms=35_000))
        assert item is not None
        assert (item["kind"], item["remaining_ms"], item["was_price"]) == (
            "flash_sale",
            30_000,
            99.0,
        )
    finally:
        show.detach()


def test_pages_are_shipped_where_the_server_looks() -> None:
    names = list_overlays()
    assert {"product_card", "flash_sale"} <= set(names)
    for name, script in (("product_card", "card.js"), ("flash_sale", "flash.js")):
        page = overlay_file(name, "index.html")
        assert page is not None
        html = page.read_text(encoding="utf-8")
        assert "../_lib/anchordesk.js" in html and script in html
        assert overlay_file(name, script) is not None
