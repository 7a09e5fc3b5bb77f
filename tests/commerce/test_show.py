"""Run-of-show: live stock from orders, stock alerts, queue state, flash-sale countdown."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.commerce.catalog import ProductInfo
from app.commerce.show import DONE, SKIPPED, RunOfShow, ShowError
from app.config import Config
from app.live.builder import load_replay
from app.session.bus import EventBus
from app.session.events import (
    AlertEvent,
    Event,
    FlashSaleEvent,
    OrderEvent,
    ProductSwitchEvent,
    StockEvent,
)
from app.store.db import Store

PRODUCTS = [
    ProductInfo("A", "口红", "Lipstick", 99.0, promo_price=79.0, stock=12),
    ProductInfo("B", "墨镜", "Sunglasses", 199.0, stock=3),
    ProductInfo("C", "帽子", "Hat", 59.0, stock=0),
    ProductInfo("D", "耳环", "Earrings", 39.0, stock=50),
]


class Clock:
    def __init__(self) -> None:
        self.ms = 0

    def __call__(self) -> int:
        return self.ms


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def bus_and_show(clock: Clock) -> tuple[EventBus, RunOfShow, list[Event]]:
    bus = EventBus()
    seen: list[Event] = []
    bus.subscribe(seen.append)
    show = RunOfShow(PRODUCTS, ["B", "A", "C", "D"], clock, low_stock=10, ticker=False)
    show.attach(bus)
    yield bus, show, seen
    show.detach()


def order(t: int, sku: str, qty: int, n: int = 0) -> OrderEvent:
    return OrderEvent(t, f"o{t}-{n}", sku, qty, qty * 10.0, buyer="amy")


def test_orders_decrement_stock_and_alert_once_per_level(bus_and_show) -> None:
    bus, show, seen = bus_and_show
    bus.publish(order(100, "A", 1))  # 12 -> 11: ok, no alert
    bus.publish(order(200, "A", 2))  # -> 9: low
    bus.publish(order(300, "A", 1))  # -> 8: still low, no second alert
    bus.publish(order(400, "A", 20))  # -> 0 (clamped): sold out
    stock = [e for e in seen if isinstance(e, StockEvent)]
    assert [(e.t_ms, e.stock, e.sold) for e in stock] == [
        (100, 11, 1),
        (200, 9, 3),
        (300, 8, 4),
        (400, 0, 24),
    ]
    alerts = [e for e in seen if isinstance(e, AlertEvent)]
    assert [(a.t_ms, a.kind, a.severity, a.source) for a in alerts] == [
        (200, "stock", "warning", "A"),
        (400, "stock", "critical", "A"),
    ]
    assert "only 9 left" in alerts[0].text
    assert "Sold out" in alerts[1].text
    state = show.snapshot()
    assert state.stock["A"] == 0 and state.stock_level("A") == "out"
    assert state.stock_level("B") == "low" and state.stock_level("D") == "ok"


def test_unknown_sku_orders_are_ignored(bus_and_show) -> None:
    bus, show, seen = bus_and_show
    bus.publish(order(1, "ZZZ", 1))
    assert not [e for e in seen if isinstance(e, StockEvent)]
    assert show.snapshot().stock["A"] == 12


def test_queue_next_skips_sold_out_done_and_skipped(bus_and_show) -> None:
    bus, show, _ = bus_and_show
    assert show.snapshot().order == ("B", "A", "C", "D")
    assert show.next_sku() == "B"
    bus.publish(ProductSwitchEvent(1_000, "B"))
    assert show.next_sku() == "A"
    show.mark("A", SKIPPED)
    assert show.next_sku() == "D"  # C is sold out
    bus.publish(ProductSwitchEvent(5_000, "D", previous="B"))
    state = show.snapshot()
    assert state.states["B"] == DONE and state.on_air == "D"
    assert state.on_air_since_ms == 5_000
    assert state.last_on_air_ms["B"] == 5_000
    assert show.next_sku() is None  # B done, A skipped, C sold out


def test_reorder_moves_and_sets_order(bus_and_show) -> None:
    _, show, _ = bus_and_show
    version = show.version
    show.move("D", 0)
    assert show.snapshot().order == ("D", "B", "A", "C")
    show.set_order(["C", "A"])
    assert show.snapshot().order == ("C", "A", "D", "B")
    assert show.version > version
    with pytest.raises(ShowError, match=r"(?i)no product"):
        show.move("nope", 1)
    with pytest.raises(ShowError, match=r"(?i)unknown queue state"):
        show.mark("A", "gone")


def test_flash_sale_counts_down_on_an_injected_clock(bus_and_show, clock: Clock) -> None:
    _, show, seen = bus_and_show
    clock.ms = 10_000
    started = show.start_flash_sale("A", 30, price=59.0)
    assert (started.state, started.price, started.ends_ms) == ("started", 59.0, 40_000)
    flash = show.snapshot().flash
    assert flash is not None and flash.remaining_ms(25_000) == 15_000
    with pytest.raises(ShowError, match=r"(?i)already running"):
        show.start_flash_sale("D", 30)
    assert show.poll(39_999) is None
    ended = show.poll(40_000)
    assert ended is not None and (ended.state, ended.t_ms) == ("ended", 40_000)
    assert show.snapshot().flash is None
    assert show.poll(50_000) is None  # only once
    flash_events = [e.state for e in seen if isinstance(e, FlashSaleEvent)]
    assert flash_events == ["started", "ended"]
    recorded = [e for e in seen if isinstance(e, AlertEvent) and e.kind == "flash_sale"]
    assert len(recorded) == 2 and "¥59.00 for 30 s" in recorded[0].text


def test_flash_sale_validation_and_cancel(bus_and_show, clock: Clock) -> None:
    _, show, _ = bus_and_show
    for seconds in (9, 301):
        with pytest.raises(ShowError, match="10–300 seconds"):
            show.start_flash_sale("A", seconds)
    with pytest.raises(ShowError, match="sold out"):
        show.start_flash_sale("C", 60)
    with pytest.raises(ShowError, match=r"(?i)above zero"):
        show.start_flash_sale("A", 60, price=0.0)
    event = show.start_flash_sale("A", 10)
    assert event.price == 79.0  # the promo price when none is given
    cancelled = show.cancel_flash_sale()
    assert cancelled is not None and cancelled.state == "cancelled"
    assert show.cancel_flash_sale() is None


def test_detach_ends_a_running_flash_sale(clock: Clock) -> None:
    bus = EventBus()
    seen: list[Event] = []
    bus.subscribe(seen.append, (FlashSaleEvent,))
    show = RunOfShow(PRODUCTS, [], clock)
    show.attach(bus)  # with its ticker thread
    show.start_flash_sale("A", 60)
    show.detach()
    assert [e.state for e in seen] == ["started", "ended"]


def test_demo_engine_decrements_stock(config: Config, store: Store, mini_bundle: Path) -> None:
    engine = load_replay(config, store, mini_bundle, speed=8.0)
    engine.start()
    try:
        assert engine.wait(20.0)
    finally:
        engine.stop()
    state = engine.show.snapshot()
    assert state.stock == {"A-1": 8, "B-2": 4}  # 10 - 2, 5 - 1 (tests/conftest.py)
    assert state.sold == {"A-1": 2, "B-2": 1}
    assert state.states["A-1"] == DONE and state.on_air == "B-2"
    assert engine.recommendations.updated_ms >= 0


def test_a_product_that_starts_low_alerts_only_when_sold_out(bus_and_show) -> None:
    bus, show, seen = bus_and_show
    bus.publish(order(100, "B", 1))  # 3 -> 2: was low from the start, no alert
    assert not [e for e in seen if isinstance(e, AlertEvent)]
    show.set_stock("B", 20)  # restock: the next crossing alerts again
    bus.publish(order(200, "B", 11))  # 20 -> 9
    bus.publish(order(300, "B", 9))  # -> 0
    alerts = [(a.t_ms, a.severity) for a in seen if isinstance(a, AlertEvent)]
    assert alerts == [(200, "warning"), (300, "critical")]
