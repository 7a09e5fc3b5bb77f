""" "Pitch next" recommendations: which product to put on air next, and why.

Each product that is not on air and not sold out gets five scores in 0..1, combined with
configurable weights (``Settings.recommend_weight_*``):

- **demand** — what viewers and the host said in the last minutes about a product that
  was *not* on air at the time (demand for the on-air product is being served): comments
  and final transcript naming it (name, alias, two keywords, or "3号链接" = third in the
  rundown), weighted by intent (purchase > question > mention);
- **past** — per-product GPM (GMV x 1000 / PV while it was on air) from earlier sessions;
- **affinity** — buyers (same pseudonym) who bought it together with the on-air product;
- **stock** — a low stock is urgency worth pitching; sold out is never suggested;
- **recency** — time since it was last on air (or since the show began);
- **queue** — the run-of-show's plan: its next product scores 1, the one after 0.5, …
  so that without live evidence the suggestion follows the plan instead of guessing.

Every score above a small threshold becomes a sentence a host understands ("12 questions
about it in the last 5 min"), listed by how much it contributed: an
:class:`app.messages.Message` (English template + values) so the UI can show it in the
host's language while anything recorded keeps the English. :class:`Recommender`
is pure and deterministic (the offline evaluation replays events through it);
:class:`RecommendationService` runs it on a worker thread every few seconds and the GUI
polls :meth:`RecommendationService.latest`.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.commerce.catalog import ProductInfo
from app.commerce.show import RunOfShow, ShowState
from app.config import Settings
from app.messages import QT_TRANSLATE_NOOP, Message, counted, joined, minutes, plural
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

COMPONENTS = ("demand", "past", "affinity", "stock", "recency", "queue")
INTENT_WEIGHT = {"purchase": 3.0, "question": 2.0, "mention": 1.0}
RECENCY_FULL_MS = 30 * 60_000
REASON_MIN = 0.15
# Talk about a product within this long after it left the air is the echo of its pitch.
ECHO_MS = 60_000
# Fewer shared buyers than this is coincidence, not affinity.
AFFINITY_MIN = 2
_LINK = re.compile(r"(\d{1,2})\s*号\s*(?:链接|宝贝|商品)?|(?:link|#)\s*(\d{1,2})\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Weights:
    demand: float = 1.0
    past: float = 0.5
    affinity: float = 0.3
    stock: float = 0.2
    recency: float = 0.3
    queue: float = 0.4

    @classmethod
    def from_settings(cls, settings: Any) -> Weights:
        """Weights from ``Settings.recommend_weight_<component>`` (missing: defaults)."""
        base = cls()
        values = {
            name: max(
                0.0, float(getattr(settings, f"recommend_weight_{name}", getattr(base, name)))
            )
            for name in COMPONENTS
        }
        return cls(**values)

    def as_dict(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in COMPONENTS}


@dataclass(frozen=True, slots=True)
class PastPerformance:
    """What earlier sessions say about each product (empty when there are none)."""

    gpm: dict[str, float] = field(default_factory=dict)
    last_sold: dict[str, int] = field(default_factory=dict)
    conversion: dict[str, float] = field(default_factory=dict)
    pairs: dict[tuple[str, str], int] = field(default_factory=dict)
    sessions: int = 0


@dataclass(frozen=True, slots=True)
class Recommendation:
    sku: str
    score: float
    # Why, strongest first; ``str(reason)`` is the English sentence, the UI translates it.
    reasons: tuple[Message, ...]
    parts: dict[str, float] = field(default_factory=dict, compare=False)


class ProductMatcher:
    """Which product a comment or utterance is about (names/aliases, keywords, N号链接)."""

    def __init__(self, products: Iterable[ProductInfo], rundown: Sequence[str] = ()) -> None:
        from app.speech.mentions import MentionMatcher

        self.products = list(products)
        self._matcher = MentionMatcher(self.products)
        skus = {p.sku for p in self.products}
        self._positions = [s for s in dict.fromkeys(rundown) if s in skus]

    def match(self, text: str) -> str | None:
        link = _LINK.search(text)
        if link is not None:
            number = int(link.group(1) or link.group(2))
            if 1 <= number <= len(self._positions):
                return self._positions[number - 1]
        mention = self._matcher.match(text)
        return mention.sku if mention is not None else None


def _intent(event: CommentEvent) -> str:
    if event.intent:
        return event.intent
    from app.chat.intent import rule_intent

    return rule_intent(event.text)


class Recommender:
    """Deterministic ranking from fed events; not thread-safe (one owner at a time)."""

    def __init__(
        self,
        products: Iterable[ProductInfo],
        rundown: Sequence[str] = (),
        *,
        weights: Weights | None = None,
        window_ms: int = 5 * 60_000,
        past: PastPerformance | None = None,
        low_stock: int = 10,
    ) -> None:
        self.products = {p.sku: p for p in products}
        self.rundown = [s for s in dict.fromkeys(rundown) if s in self.products]
        self.matcher = ProductMatcher(self.products.values(), self.rundown)
        self.weights = weights or Weights()
        self.window_ms = window_ms
        self.past = past or PastPerformance()
        self.low_stock = low_stock
        self._signals: deque[tuple[int, str, str]] = deque()  # (t_ms, sku, kind)
        self._buyers: dict[str, set[str]] = {}
        self._stock = {s: p.stock for s, p in self.products.items()}
        self._on_air: str | None = None
        self._last_on_air: dict[str, int] = {}
        self._order = list(self.rundown) + [s for s in self.products if s not in self.rundown]
        self._passed: set[str] = set()  # done or skipped: not "next" in the plan any more

    def set_products(self, products: Iterable[ProductInfo]) -> None:
        """Edited products replace theirs; new ones join the end of the plan's order."""
        for product in products:
            if product.sku not in self.products:
                self._order.append(product.sku)
                self._stock[product.sku] = product.stock
            self.products[product.sku] = product
        self.matcher = ProductMatcher(self.products.values(), self.rundown)

    # -- feeding --------------------------------------------------------------------------
    def feed(self, event: Event) -> None:
        if isinstance(event, CommentEvent):
            if event.spam:
                return
            sku = self.matcher.match(event.text)
            if sku is not None and not self._served(sku, event.t_ms):
                intent = _intent(event)
                if intent == "spam":
                    return
                kind = intent if intent in ("purchase", "question") else "mention"
                self._signals.append((event.t_ms, sku, kind))
        elif isinstance(event, TranscriptEvent):
            sku = self.matcher.match(event.text) if event.final else None
            if sku is not None and not self._served(sku, event.t_ms):
                self._signals.append((event.t_ms, sku, "mention"))
        elif isinstance(event, OrderEvent):
            if event.sku in self._stock:
                self._stock[event.sku] = max(0, self._stock[event.sku] - event.qty)
                if event.buyer:
                    self._buyers.setdefault(event.buyer, set()).add(event.sku)
        elif isinstance(event, ProductSwitchEvent):
            if self._on_air is not None:
                self._last_on_air[self._on_air] = event.t_ms
                self._passed.add(self._on_air)
            self._on_air = event.sku
            if event.sku is not None:
                self._last_on_air[event.sku] = event.t_ms
                # putting it on air answers the demand collected so far
                self._signals = deque(x for x in self._signals if x[1] != event.sku)

    def _served(self, sku: str, t_ms: int) -> bool:
        """Demand for the on-air product (or its echo just after) is being served."""
        if sku == self._on_air:
            return True
        left = self._last_on_air.get(sku)
        return left is not None and t_ms - left < ECHO_MS

    def use_show(self, state: ShowState) -> None:
        """Take stock and on-air state from the run-of-show (the source of truth live)."""
        self._stock.update(state.stock)
        self._on_air = state.on_air
        self._last_on_air.update(state.last_on_air_ms)
        self._order = [s for s in state.order if s in self.products]
        self._passed = {s for s, st in state.states.items() if st != "queued"}

    def _queue_scores(self) -> dict[str, float]:
        """1 for the plan's next product, halving for each one after it."""
        start = self._order.index(self._on_air) + 1 if self._on_air in self._order else 0
        ring = self._order[start:] + self._order[:start]
        upcoming = [s for s in ring if s not in self._passed and s != self._on_air]
        return {sku: 0.5**k for k, sku in enumerate(upcoming)}

    # -- ranking --------------------------------------------------------------------------
    def rank(self, now_ms: int, limit: int | None = None) -> list[Recommendation]:
        """Candidates best first; ties keep rundown order so the list does not flicker."""
        while self._signals and self._signals[0][0] < now_ms - self.window_ms:
            self._signals.popleft()
        candidates = [
            s
            for s in (*self.rundown, *(s for s in self.products if s not in self.rundown))
            if s != self._on_air and self._stock.get(s, 0) > 0
        ]
        counts = self._demand_counts()
        raw = {
            "demand": {s: self._demand_value(counts.get(s, {})) for s in candidates},
            "past": {s: self.past.gpm.get(s, 0.0) for s in candidates},
            "affinity": {
                s: float(n) if (n := self._affinity(s)[1]) >= AFFINITY_MIN else 0.0
                for s in candidates
            },
        }
        norm = {name: _normalise(values) for name, values in raw.items()}
        total_weight = sum(self.weights.as_dict().values()) or 1.0
        queue = self._queue_scores()
        result = []
        for sku in candidates:
            parts = {name: norm[name][sku] for name in raw}
            parts["stock"] = 1.0 if self._stock[sku] <= self.low_stock else 0.5
            since = now_ms - self._last_on_air.get(sku, 0)
            parts["recency"] = min(1.0, max(0, since) / RECENCY_FULL_MS)
            parts["queue"] = queue.get(sku, 0.0)
            weighted = {n: v * getattr(self.weights, n) for n, v in parts.items()}
            score = sum(weighted.values()) / total_weight
            reasons = self._reasons(sku, counts.get(sku, {}), weighted, parts, since)
            result.append(Recommendation(sku, round(score, 4), reasons, parts))
        result.sort(key=lambda r: -r.score)  # stable: ties keep rundown order
        return result[:limit] if limit else result

    def _demand_counts(self) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        for _, sku, kind in self._signals:
            per = counts.setdefault(sku, {})
            per[kind] = per.get(kind, 0) + 1
        return counts

    @staticmethod
    def _demand_value(counts: dict[str, int]) -> float:
        return sum(INTENT_WEIGHT[k] * n for k, n in counts.items())

    def _affinity(self, sku: str) -> tuple[str | None, int]:
        """(partner, buyers) for the on-air product (or the last one on air)."""
        partner = self._on_air or max(self._last_on_air, key=self._last_on_air.get, default=None)
        if partner is None or partner == sku:
            return None, 0
        live = sum(1 for bought in self._buyers.values() if {sku, partner} <= bought)
        key = (min(sku, partner), max(sku, partner))
        return partner, live + self.past.pairs.get(key, 0)

    def _reasons(
        self,
        sku: str,
        counts: dict[str, int],
        weighted: dict[str, float],
        parts: dict[str, float],
        since_ms: int,
    ) -> tuple[Message, ...]:
        texts: list[tuple[float, Message]] = []
        if parts["demand"] >= REASON_MIN:
            window = minutes(self.window_ms / 60_000)
            texts.append((weighted["demand"], self._demand_text(counts, window)))
        if parts["past"] >= REASON_MIN:
            sold = self.past.last_sold.get(sku, 0)
            gpm = self.past.gpm[sku]
            if sold:
                past = Message(
                    QT_TRANSLATE_NOOP("Messages", "sold {sold} last session at GPM ¥{gpm:,.0f}"),
                    {"sold": sold, "gpm": gpm},
                )
            else:
                past = Message(
                    QT_TRANSLATE_NOOP("Messages", "earlier sessions: GPM ¥{gpm:,.0f}"),
                    {"gpm": gpm},
                )
            texts.append((weighted["past"], past))
        if parts["affinity"] >= REASON_MIN:
            partner, buyers = self._affinity(sku)
            name = self.products[partner].display_name() if partner else ""
            template = plural(
                buyers,
                QT_TRANSLATE_NOOP("Messages", "often bought with {name} ({buyers} buyer)"),
                QT_TRANSLATE_NOOP("Messages", "often bought with {name} ({buyers} buyers)"),
            )
            texts.append(
                (weighted["affinity"], Message(template, {"name": name, "buyers": buyers}))
            )
        stock = self._stock.get(sku, 0)
        if stock <= self.low_stock:
            left = Message(QT_TRANSLATE_NOOP("Messages", "only {stock} left"), {"stock": stock})
            texts.append((weighted["stock"], left))
        if since_ms >= 5 * 60_000:
            values = {"minutes": since_ms // 60_000}
            if sku in self._last_on_air:
                template = QT_TRANSLATE_NOOP("Messages", "not on air for {minutes} min")
            else:
                template = QT_TRANSLATE_NOOP(
                    "Messages", "not pitched yet ({minutes} min into the show)"
                )
            texts.append((weighted["recency"], Message(template, values)))
        if parts["queue"] == 1.0:
            nxt = Message(QT_TRANSLATE_NOOP("Messages", "next in the run-of-show"))
            texts.append((weighted["queue"], nxt))
        texts.sort(key=lambda item: -item[0])
        return tuple(text for _, text in texts)

    @staticmethod
    def _demand_text(counts: dict[str, int], window: Message) -> Message:
        phrases = []
        if counts.get("question"):
            phrases.append(
                counted(
                    counts["question"],
                    QT_TRANSLATE_NOOP("Messages", "{n} question about it"),
                    QT_TRANSLATE_NOOP("Messages", "{n} questions about it"),
                )
            )
        if counts.get("purchase"):
            phrases.append(
                counted(
                    counts["purchase"],
                    QT_TRANSLATE_NOOP("Messages", "{n} viewer wants to buy"),
                    QT_TRANSLATE_NOOP("Messages", "{n} viewers want to buy"),
                )
            )
        if counts.get("mention"):
            phrases.append(
                counted(
                    counts["mention"],
                    QT_TRANSLATE_NOOP("Messages", "mentioned {n} time"),
                    QT_TRANSLATE_NOOP("Messages", "mentioned {n} times"),
                )
            )
        return Message(
            QT_TRANSLATE_NOOP("Messages", "{phrases} in the last {window}"),
            {"phrases": joined(phrases), "window": window},
        )


def _normalise(values: dict[str, float]) -> dict[str, float]:
    top = max(values.values(), default=0.0)
    return {k: (v / top if top > 0 else 0.0) for k, v in values.items()}


# -- past sessions from the store ----------------------------------------------------------
def load_past_performance(store: Any, exclude_session: int | None = None) -> PastPerformance:
    """Per-product GPM, units sold last session and co-purchases from recorded sessions.

    Runs on a worker (pandas is imported lazily here); an empty store gives empty figures.
    """
    from sqlalchemy import func, select

    from app.store.models import MetricSample, Order, ProductSegment

    with store.sessions() as s:
        count = s.scalar(select(func.count(Order.id)).where(Order.session_id != exclude_session))
    if not count:
        return PastPerformance()  # nothing recorded yet: no need to load pandas
    import pandas as pd

    def frame(stmt: Any) -> pd.DataFrame:
        with store.sessions() as s:
            rows = s.execute(stmt).all()
            return pd.DataFrame(rows, columns=list(stmt.selected_columns.keys()))

    where = (lambda col: col != exclude_session) if exclude_session else (lambda col: col >= 0)
    orders = frame(
        select(Order.session_id, Order.sku, Order.qty, Order.amount, Order.buyer, Order.t_ms).where(
            where(Order.session_id)
        )
    )
    if orders.empty:
        return PastPerformance()
    segments = frame(
        select(
            ProductSegment.session_id,
            ProductSegment.sku,
            ProductSegment.start_ms,
            ProductSegment.end_ms,
        ).where(where(ProductSegment.session_id))
    )
    metrics = frame(
        select(MetricSample.session_id, MetricSample.t_ms, MetricSample.pv, MetricSample.uv).where(
            where(MetricSample.session_id)
        )
    )
    return PastPerformance(
        gpm=_gpm(orders, segments, metrics),
        last_sold=_last_sold(orders),
        pairs=_pairs(orders),
        sessions=int(orders["session_id"].nunique()),
    )


def _pv_at(metrics: Any, session: int, t_ms: int) -> float:
    rows = metrics[(metrics["session_id"] == session) & (metrics["t_ms"] <= t_ms)]
    rows = rows.dropna(subset=["pv"])
    return float(rows["pv"].iloc[-1]) if not rows.empty else 0.0


def _gpm(orders: Any, segments: Any, metrics: Any) -> dict[str, float]:
    """GMV of the product x 1000 / PV gained while it was on air, over all its segments."""
    gmv: dict[str, float] = {}
    pv: dict[str, float] = {}
    metrics = metrics.sort_values(["session_id", "t_ms"])
    for seg in segments.itertuples(index=False):
        end = seg.end_ms if seg.end_ms is not None and seg.end_ms == seg.end_ms else None
        if end is None:
            continue
        mask = (
            (orders["session_id"] == seg.session_id)
            & (orders["sku"] == seg.sku)
            & (orders["t_ms"] >= seg.start_ms)
            & (orders["t_ms"] < end)
        )
        gmv[seg.sku] = gmv.get(seg.sku, 0.0) + float(orders.loc[mask, "amount"].sum())
        gained = _pv_at(metrics, seg.session_id, end) - _pv_at(
            metrics, seg.session_id, seg.start_ms
        )
        pv[seg.sku] = pv.get(seg.sku, 0.0) + max(0.0, gained)
    return {sku: gmv[sku] * 1000.0 / pv[sku] for sku in gmv if pv.get(sku, 0) > 0}


def _last_sold(orders: Any) -> dict[str, int]:
    last = int(orders["session_id"].max())
    latest = orders[orders["session_id"] == last]
    return {str(k): int(v) for k, v in latest.groupby("sku")["qty"].sum().items()}


def _pairs(orders: Any) -> dict[tuple[str, str], int]:
    pairs: dict[tuple[str, str], int] = {}
    bought = orders[orders["buyer"] != ""].groupby("buyer")["sku"].agg(lambda s: sorted(set(s)))
    for skus in bought:
        for i, a in enumerate(skus):
            for b in skus[i + 1 :]:
                pairs[(a, b)] = pairs.get((a, b), 0) + 1
    return pairs


# -- the live service ----------------------------------------------------------------------
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
