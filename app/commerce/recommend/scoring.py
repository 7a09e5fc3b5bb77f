"""Ranking products for "Pitch next": the scores, their weights and the reasons in words.

:class:`Recommender` is pure and deterministic (the offline evaluation replays events
through it); see the package docstring for the components.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.commerce.catalog import ProductInfo
from app.commerce.recommend.history import PastPerformance
from app.commerce.show import ShowState
from app.messages import QT_TRANSLATE_NOOP, Message, counted, joined, minutes, plural
from app.session.events import (
    CommentEvent,
    Event,
    OrderEvent,
    ProductSwitchEvent,
    TranscriptEvent,
)

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
        partner = self._on_air or max(
            self._last_on_air, key=lambda s: self._last_on_air[s], default=None
        )
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
            if sold:
                # the last session's figure: the review shows the same number for it
                gpm = self.past.last_gpm.get(sku, self.past.gpm[sku])
                past = Message(
                    QT_TRANSLATE_NOOP("Messages", "sold {sold} last session at GPM ¥{gpm:,.0f}"),
                    {"sold": sold, "gpm": gpm},
                )
            else:
                past = Message(
                    QT_TRANSLATE_NOOP("Messages", "earlier sessions: GPM ¥{gpm:,.0f}"),
                    {"gpm": self.past.gpm[sku]},
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
