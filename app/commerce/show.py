"""The run-of-show: live stock, the queue's order and state, and flash sales.

A processor on the session bus. Orders decrement each product's live stock (the catalog
row is not rewritten mid-show: the platform's back office owns the real inventory) and
publish :class:`StockEvent`; crossing the low-stock threshold or selling out publishes
one ``AlertEvent(kind="stock")`` each, so the recorder keeps them. Product switches
(through ``engine.switch_product`` or the replay script) move the on-air state and mark
the product that left the air as done.

Everything is guarded by one lock and the GUI reads :meth:`RunOfShow.snapshot`, an
immutable copy, on its clock timer: cheap, and never a half-updated view. Flash sales end
on a small ticker thread that calls :meth:`RunOfShow.poll`; tests call ``poll`` with an
injected clock instead, so nothing sleeps.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from app.commerce.catalog import ProductInfo
from app.config import Settings
from app.errors import UserError
from app.messages import QT_TRANSLATE_NOOP, Message
from app.session.bus import EventBus
from app.session.events import (
    AlertEvent,
    Event,
    FlashSaleEvent,
    OrderEvent,
    ProductSwitchEvent,
    StockEvent,
)
from app.session.pipeline import ProcessorDefaults
from app.session.ticker import Ticker

FLASH_MIN_S = 10
FLASH_MAX_S = 300
DEFAULT_LOW_STOCK = 10
QUEUED, DONE, SKIPPED = "queued", "done", "skipped"
STATES = (QUEUED, DONE, SKIPPED)
TICK_S = 0.2


class ShowError(UserError, ValueError):
    """An operator request that cannot be done (the message says why and what to do).

    Raised with a :class:`Message`: ``str(exc)`` is the English sentence, and the window
    shows it in the UI language (``app.ui.i18n.tr_error``).
    """


def _no_product(sku: str) -> Message:
    return Message(
        QT_TRANSLATE_NOOP("Messages", "No product with SKU {sku!r} in this show"), {"sku": sku}
    )


@dataclass(frozen=True, slots=True)
class FlashSale:
    sku: str
    price: float
    started_ms: int
    ends_ms: int

    @property
    def duration_ms(self) -> int:
        return self.ends_ms - self.started_ms

    def remaining_ms(self, now_ms: int) -> int:
        return max(0, self.ends_ms - now_ms)


@dataclass(frozen=True, slots=True)
class ShowState:
    """An immutable copy of the run-of-show, for the GUI and the recommender."""

    order: tuple[str, ...]
    states: dict[str, str]
    stock: dict[str, int]
    sold: dict[str, int]
    on_air: str | None
    on_air_since_ms: int
    last_on_air_ms: dict[str, int]
    flash: FlashSale | None
    next_sku: str | None
    version: int = 0
    low_stock: int = DEFAULT_LOW_STOCK

    def flash_for(self, sku: str | None) -> FlashSale | None:
        """The flash sale running on ``sku`` now, or None."""
        flash = self.flash
        return flash if flash is not None and flash.sku == sku else None

    def stock_level(self, sku: str) -> str:
        """ "out", "low" or "ok" — how the queue styles the product."""
        stock = self.stock.get(sku, 0)
        if stock <= 0:
            return "out"
        return "low" if stock <= self.low_stock else "ok"


class RunOfShow(ProcessorDefaults):
    """Processor holding the live run-of-show; all methods are safe from any thread."""

    def __init__(
        self,
        products: Iterable[ProductInfo],
        rundown: Sequence[str] = (),
        now_ms: Callable[[], int] = lambda: 0,
        *,
        low_stock: int = DEFAULT_LOW_STOCK,
        ticker: bool = True,
    ) -> None:
        self.products = {p.sku: p for p in products}
        listed = [s for s in dict.fromkeys(rundown) if s in self.products]
        self._order = listed + [s for s in self.products if s not in listed]
        self._states = dict.fromkeys(self._order, QUEUED)
        self._stock = {s: max(0, p.stock) for s, p in self.products.items()}
        self._sold = dict.fromkeys(self.products, 0)
        # A product that starts low or sold out is styled so from the start; its alert is
        # for crossing the line during the show, so it is not raised again at first order.
        self._alerted = {
            s: ("out" if n <= 0 else "low") for s, n in self._stock.items() if n <= low_stock
        }
        self._last_on_air: dict[str, int] = {}
        self._on_air: str | None = None
        self._since_ms = 0
        self._flash: FlashSale | None = None
        self._version = 0
        self.low_stock = max(0, low_stock)
        self._now_ms = now_ms
        self._lock = threading.Lock()
        self._bus: EventBus | None = None
        self._unsubs: list[Callable[[], None]] = []
        self._use_ticker = ticker
        self._ticker = Ticker("run-of-show", TICK_S, self.poll)

    # -- processor ------------------------------------------------------------------------
    def configure(self, settings: Settings) -> None:
        with self._lock:
            self.low_stock = max(0, settings.low_stock_threshold)
            self._version += 1

    def set_products(self, products: Sequence[ProductInfo]) -> None:
        """Catalog edits while on air: names, prices and FAQ follow at once; a product new
        to the show joins the end of the queue. Live stock and sales are kept (orders
        already counted must not come back)."""
        with self._lock:
            for product in products:
                if product.sku not in self.products:
                    self._order.append(product.sku)
                    self._states[product.sku] = QUEUED
                    self._stock[product.sku] = max(0, product.stock)
                    self._sold[product.sku] = 0
                self.products = {**self.products, product.sku: product}
            self._version += 1

    def attach(self, bus: EventBus) -> None:
        from app.commerce.overlay_items import register_show

        self._bus = bus
        register_show(self)  # the product card and flash-sale overlay pages
        self._unsubs = [
            bus.subscribe(self._on_order, (OrderEvent,)),
            bus.subscribe(self._on_switch, (ProductSwitchEvent,)),
        ]
        if self._use_ticker:
            self._ticker.start()

    def detach(self) -> None:
        """Stop the ticker; a running flash sale is ended so the record says it stopped."""
        self._ticker.stop()
        with self._lock:
            flash, self._flash = self._flash, None
        if flash is not None:
            self._publish_flash(flash, "ended", self._now_ms())
        for unsubscribe in self._unsubs:
            unsubscribe()
        self._unsubs = []

    # -- reads ----------------------------------------------------------------------------
    def snapshot(self) -> ShowState:
        with self._lock:
            return ShowState(
                order=tuple(self._order),
                states=dict(self._states),
                stock=dict(self._stock),
                sold=dict(self._sold),
                on_air=self._on_air,
                on_air_since_ms=self._since_ms,
                last_on_air_ms=dict(self._last_on_air),
                flash=self._flash,
                next_sku=self._next_locked(),
                version=self._version,
                low_stock=self.low_stock,
            )

    @property
    def version(self) -> int:
        """Bumped on every change: the GUI repaints only when it moved."""
        return self._version

    def next_sku(self) -> str | None:
        with self._lock:
            return self._next_locked()

    def _next_locked(self) -> str | None:
        """The first queued product after the on-air one that is not sold out."""
        start = self._order.index(self._on_air) + 1 if self._on_air in self._order else 0
        ring = self._order[start:] + self._order[:start]
        for sku in ring:
            if sku != self._on_air and self._states[sku] == QUEUED and self._stock[sku] > 0:
                return sku
        return None

    # -- queue operations -----------------------------------------------------------------
    def move(self, sku: str, position: int) -> None:
        """Move ``sku`` to ``position`` (0-based, clamped) in the run-of-show."""
        with self._lock:
            self._require(sku)
            self._order.remove(sku)
            self._order.insert(max(0, min(position, len(self._order))), sku)
            self._version += 1

    def set_order(self, skus: Sequence[str]) -> None:
        """Reorder to ``skus``; products not named keep their relative order at the end."""
        with self._lock:
            named = [s for s in dict.fromkeys(skus) if s in self._states]
            self._order = named + [s for s in self._order if s not in named]
            self._version += 1

    def mark(self, sku: str, state: str) -> None:
        """Set a product's queue state: "queued", "done" or "skipped"."""
        if state not in STATES:
            raise ShowError(
                Message(
                    QT_TRANSLATE_NOOP("Messages", "Unknown queue state {state!r} (use {states})"),
                    {"state": state, "states": ", ".join(STATES)},
                )
            )
        with self._lock:
            self._require(sku)
            self._states[sku] = state
            self._version += 1

    def set_stock(self, sku: str, stock: int) -> None:
        """Operator correction (restock); publishes the new level."""
        with self._lock:
            self._require(sku)
            self._stock[sku] = max(0, int(stock))
            self._alerted.pop(sku, None)
            self._version += 1
        self._publish(StockEvent(self._now_ms(), sku, max(0, int(stock)), self._sold[sku]))

    def _require(self, sku: str) -> None:
        if sku not in self._states:
            raise ShowError(_no_product(sku))

    # -- flash sales ----------------------------------------------------------------------
    def start_flash_sale(
        self, sku: str, seconds: float, price: float | None = None
    ) -> FlashSaleEvent:
        """Start a countdown of ``seconds`` (10–300) for ``sku`` at ``price``.

        Only one flash sale runs at a time, because viewers can follow one countdown.
        """
        if not FLASH_MIN_S <= seconds <= FLASH_MAX_S:
            raise ShowError(
                Message(
                    QT_TRANSLATE_NOOP(
                        "Messages", "A flash sale lasts {low}–{high} seconds (got {seconds:g})"
                    ),
                    {"low": FLASH_MIN_S, "high": FLASH_MAX_S, "seconds": seconds},
                )
            )
        product = self.products.get(sku)
        if product is None:
            raise ShowError(_no_product(sku))
        sale_price = product.sale_price if price is None else float(price)
        if sale_price <= 0:
            raise ShowError(
                Message(QT_TRANSLATE_NOOP("Messages", "The flash-sale price must be above zero"))
            )
        now = self._now_ms()
        with self._lock:
            if self._flash is not None:
                raise ShowError(
                    Message(
                        QT_TRANSLATE_NOOP(
                            "Messages", "A flash sale is already running: cancel it first"
                        )
                    )
                )
            if self._stock[sku] <= 0:
                raise ShowError(
                    Message(
                        QT_TRANSLATE_NOOP("Messages", "{name} is sold out: restock it first"),
                        {"name": product.display_name()},
                    )
                )
            self._flash = FlashSale(sku, sale_price, now, now + int(seconds * 1000))
            flash = self._flash
            self._version += 1
        return self._publish_flash(flash, "started", now)

    def cancel_flash_sale(self) -> FlashSaleEvent | None:
        with self._lock:
            flash, self._flash = self._flash, None
            self._version += 1
        return None if flash is None else self._publish_flash(flash, "cancelled", self._now_ms())

    def poll(self, now_ms: int | None = None) -> FlashSaleEvent | None:
        """End the flash sale if its countdown reached zero (ticker thread or tests)."""
        now = self._now_ms() if now_ms is None else now_ms
        with self._lock:
            flash = self._flash
            if flash is None or now < flash.ends_ms:
                return None
            self._flash = None
            self._version += 1
        return self._publish_flash(flash, "ended", flash.ends_ms)

    def _publish_flash(self, flash: FlashSale, state: str, t_ms: int) -> FlashSaleEvent:
        recorded = "ended" if state == "left_air" else state  # the event's states stay three
        event = FlashSaleEvent(
            t_ms, flash.sku, flash.price, flash.duration_ms, recorded, ends_ms=flash.ends_ms
        )
        self._publish(event)
        name = self.products[flash.sku].display_name()
        template = {
            "started": QT_TRANSLATE_NOOP(
                "Messages", "Flash sale: {name} at ¥{price:,.2f} for {seconds} s"
            ),
            "ended": QT_TRANSLATE_NOOP("Messages", "Flash sale ended: {name}"),
            "cancelled": QT_TRANSLATE_NOOP("Messages", "Flash sale cancelled: {name}"),
            "left_air": QT_TRANSLATE_NOOP(
                "Messages", "Flash sale ended: {name} left the air before its countdown"
            ),
        }[state]
        message = Message(
            template, {"name": name, "price": flash.price, "seconds": flash.duration_ms // 1000}
        )
        self._publish(AlertEvent.of(t_ms, "flash_sale", "info", message, source=flash.sku))
        return event

    # -- bus handlers (publisher's thread: cheap) -----------------------------------------
    def _on_order(self, event: Event) -> None:
        assert isinstance(event, OrderEvent)
        with self._lock:
            if event.sku not in self._stock:
                return
            stock = max(0, self._stock[event.sku] - max(0, event.qty))
            self._stock[event.sku] = stock
            self._sold[event.sku] += max(0, event.qty)
            sold = self._sold[event.sku]
            alert = self._stock_alert_locked(event.sku, stock)
            self._version += 1
        self._publish(StockEvent(event.t_ms, event.sku, stock, sold))
        if alert is not None:
            severity, message = alert
            self._publish(AlertEvent.of(event.t_ms, "stock", severity, message, source=event.sku))

    def _stock_alert_locked(self, sku: str, stock: int) -> tuple[str, Message] | None:
        """One alert per level crossed: low first, then sold out."""
        level = "out" if stock <= 0 else ("low" if stock <= self.low_stock else "ok")
        if level == "ok" or self._alerted.get(sku) in (level, "out"):
            return None
        self._alerted[sku] = level
        name = self.products[sku].display_name()
        if level == "out":
            template = QT_TRANSLATE_NOOP(
                "Messages", "Sold out: {name} — take it off air or restock"
            )
            return "critical", Message(template, {"name": name})
        template = QT_TRANSLATE_NOOP("Messages", "Low stock: {name} — only {stock} left")
        return "warning", Message(template, {"name": name, "stock": stock})

    def _on_switch(self, event: Event) -> None:
        """Move the on-air state; a flash sale whose product leaves the air ends with it
        (its countdown and banner must not run beside the next product)."""
        assert isinstance(event, ProductSwitchEvent)
        with self._lock:
            flash = self._flash
            if flash is not None and flash.sku != event.sku:
                self._flash = None
            else:
                flash = None
            previous = self._on_air
            if previous is not None and previous in self._states:
                self._last_on_air[previous] = event.t_ms
                if self._states[previous] == QUEUED:
                    self._states[previous] = DONE
            self._on_air = event.sku
            self._since_ms = event.t_ms
            if event.sku in self._states:
                self._states[event.sku] = QUEUED
                self._last_on_air[event.sku] = event.t_ms
            self._version += 1
        if flash is not None:
            self._publish_flash(flash, "left_air", event.t_ms)

    def _publish(self, event: Event) -> None:
        if self._bus is not None:
            self._bus.publish(event)
