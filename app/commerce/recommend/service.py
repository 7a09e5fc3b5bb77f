"""The live "Pitch next" service: ranks on its own thread, the GUI polls the latest list."""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.commerce.catalog import ProductInfo
from app.commerce.recommend.history import PastPerformance
from app.commerce.recommend.scoring import Recommendation, Recommender, Weights
from app.commerce.show import RunOfShow
from app.config import Settings
from app.priority import yield_to_window
from app.session.bus import EventBus
from app.session.events import (
    CommentEvent,
    Event,
    OrderEvent,
    ProductSwitchEvent,
    TranscriptEvent,
)
from app.session.pipeline import ProcessorDefaults

log = logging.getLogger("app.commerce.recommend")


@dataclass(frozen=True, slots=True)
class _ProductsChanged:
    """Catalog edits on their way to the worker, in order with the events."""

    products: tuple[ProductInfo, ...]


class RecommendationService(ProcessorDefaults):
    """Processor: queues events on the bus thread, ranks on its own thread every interval."""

    EVENTS = (CommentEvent, TranscriptEvent, OrderEvent, ProductSwitchEvent)

    def __init__(
        self,
        recommender: Recommender,
        now_ms: Callable[[], int],
        *,
        show: RunOfShow | None = None,
        interval_s: float = 5.0,
        load_past: Callable[[int | None], PastPerformance] | None = None,
        limit: int = 10,
    ) -> None:
        self.recommender = recommender
        self.show = show
        self.interval_s = max(0.2, interval_s)
        self.limit = limit
        self._now_ms = now_ms
        self._load_past = load_past
        self.session_id: int | None = None
        self._inbox: deque[Event | _ProductsChanged] = deque(maxlen=50_000)
        self._latest: tuple[Recommendation, ...] = ()
        self._latest_ms = -1
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._bus: EventBus | None = None
        self._unsubscribe: Callable[[], None] | None = None

    def bind_session(self, session_id: int) -> None:
        """The session being recorded: past performance leaves it out."""
        self.session_id = session_id

    def configure(self, settings: Settings) -> None:
        """Weights, window and interval; read afresh by the worker at its next ranking."""
        recommender = self.recommender
        recommender.weights = Weights.from_settings(settings)
        recommender.window_ms = int(max(0.5, settings.recommend_window_min) * 60_000)
        recommender.low_stock = max(0, settings.low_stock_threshold)
        self.interval_s = max(0.2, settings.recommend_interval_s)

    def set_products(self, products: Sequence[ProductInfo]) -> None:
        """Handed to the worker with the events, so the recommender keeps one owner."""
        self._inbox.append(_ProductsChanged(tuple(products)))
        self._wake.set()

    def attach(self, bus: EventBus) -> None:
        self._bus = bus
        self._unsubscribe = bus.subscribe(self._on_event, self.EVENTS)
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="recommend", daemon=True)
        self._thread.start()

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5.0)
            self._thread = None

    def _on_event(self, event: Event) -> None:
        """Bus handler (publisher's thread): queue it; a switch re-ranks at once."""
        self._inbox.append(event)
        if isinstance(event, ProductSwitchEvent):
            self._wake.set()

    def latest(self) -> tuple[Recommendation, ...]:
        """The newest ranking (cheap; safe from the GUI thread)."""
        with self._lock:
            return self._latest

    @property
    def updated_ms(self) -> int:
        """Session time of the newest ranking (-1: none yet)."""
        return self._latest_ms

    def refresh(self) -> None:
        """Rank now instead of at the next interval (e.g. after the operator switched)."""
        self._wake.set()

    def update(self) -> tuple[Recommendation, ...]:
        """Drain the inbox and rank once (worker thread; tests call it directly)."""
        while self._inbox:
            item = self._inbox.popleft()
            if isinstance(item, _ProductsChanged):
                self.recommender.set_products(item.products)
            else:
                self.recommender.feed(item)
        if self.show is not None:
            self.recommender.use_show(self.show.snapshot())
        now = self._now_ms()
        ranked = tuple(self.recommender.rank(now, self.limit))
        with self._lock:
            self._latest, self._latest_ms = ranked, now
        return ranked

    def _run(self) -> None:
        yield_to_window()  # the window first (app/priority.py)
        if self._load_past is not None:
            try:
                self.recommender.past = self._load_past(self.session_id)
            except Exception as exc:  # a broken store must not stop live suggestions
                log.warning("past performance unavailable: %s", exc)
        while not self._stop.is_set():
            try:
                self.update()
            except Exception:
                log.exception("ranking recommendations failed")
            self._wake.wait(self.interval_s)
            self._wake.clear()
