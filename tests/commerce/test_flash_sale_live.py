"""A flash sale ends when its product leaves the air, in the live show the app builds.

Built by ``app.live.builder.build_live`` from a saved show plan (what ``python -m app``
does), started, a flash sale started on the on-air product, then the next product put on
air: the countdown stops at once (no banner beside the next product), the record says so
and the alert names the product.
"""

from __future__ import annotations

import threading

from app.commerce.catalog import ProductInfo
from app.commerce.plans import PlanItem, ShowPlan, save_plan
from app.commerce.repository import upsert_products
from app.config import Config
from app.live.builder import build_live
from app.server.client import free_port
from app.session.events import AlertEvent, Event, FlashSaleEvent
from app.store.db import Store

PRODUCTS = [
    ProductInfo("LIP-001", "丝绒口红", "Velvet Lipstick", 129.0, 89.0, stock=50),
    ProductInfo("SUN-002", "猫眼墨镜", "Cat-Eye Sunglasses", 199.0, stock=8),
]


def test_flash_sale_ends_when_its_product_leaves_the_air(config: Config, store: Store) -> None:
    config.settings.server_port = free_port()
    config.settings.record_audio = config.settings.record_video = False
    upsert_products(store, PRODUCTS)
    plan = save_plan(
        store,
        ShowPlan(
            None,
            "秒杀夜场",
            items=(PlanItem("SUN-002", flash_seconds=60), PlanItem("LIP-001", live_price=79.0)),
        ),
    )
    engine = build_live(config, store, plan, camera="off", microphone=False)
    seen: list[Event] = []
    lock = threading.Lock()

    def keep(event: Event) -> None:
        with lock:
            seen.append(event)

    engine.bus.subscribe(keep, (FlashSaleEvent, AlertEvent))
    engine.start()
    try:
        engine.switch_product("SUN-002")
        started = engine.show.start_flash_sale("SUN-002", 60)
        assert started.state == "started"
        assert engine.show.snapshot().flash is not None
        engine.switch_product("SUN-002")  # the same product again: the sale goes on
        assert engine.show.snapshot().flash is not None
        engine.switch_product("LIP-001")
        state = engine.show.snapshot()
        assert state.on_air == "LIP-001"
        assert state.flash is None  # no countdown beside the next product
    finally:
        engine.stop()
    with lock:
        flash_states = [e.state for e in seen if isinstance(e, FlashSaleEvent)]
        alerts = [e for e in seen if isinstance(e, AlertEvent) and e.kind == "flash_sale"]
    assert flash_states == ["started", "ended"]  # ended once, not again at stop
    assert "left the air" in alerts[-1].text and "猫眼墨镜" in alerts[-1].text
