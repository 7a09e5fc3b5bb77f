"""Offline evaluation of "pitch next": replay sessions, compare with simple baselines.

At checkpoints every ``step`` of session time, each method names one product to put on
air next. A method scores a hit when its product is the one that sells the most units in
the following ``horizon`` (10 min by default) among the products *not* on air at the
checkpoint — the on-air product is excluded because "what next" is never "stay".
Checkpoints where no other product sells are skipped.

Methods: the recommender (:class:`app.commerce.recommend.Recommender`), the queue (the
next product in the planned rundown that has not been on air yet) and "most popular so
far" (most units sold up to the checkpoint). Chance (1 / candidates) is reported too.

Sessions come from a replay bundle — replayed several times, run 0 as recorded and runs
1..N with a seeded reordering of the on-air blocks (the host deviating from the plan) and
20 % of comments dropped — or from sessions recorded in the store.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.commerce.catalog import ProductInfo
from app.commerce.recommend import PastPerformance, ProductMatcher, Recommender, Weights
from app.session.events import (
    CommentEvent,
    Event,
    OrderEvent,
    ProductSwitchEvent,
    TranscriptEvent,
)

METHODS = ("recommender", "queue", "popular", "chance")
DROP_COMMENTS = 0.2
ASK_AHEAD_MS = 60_000  # how long before a slot viewers ask for its product


@dataclass
class ReplayCase:
    """One session to evaluate: its events in time order, catalog and planned rundown."""

    name: str
    events: list[Event]
    products: list[ProductInfo]
    rundown: list[str]


@dataclass
class EvalResult:
    checkpoints: int = 0
    hits: dict[str, float] = field(default_factory=lambda: dict.fromkeys(METHODS, 0.0))
    runs: list[dict[str, Any]] = field(default_factory=list)

    def rate(self, method: str) -> float:
        return self.hits[method] / self.checkpoints if self.checkpoints else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "checkpoints": self.checkpoints,
            "hit_rate": {m: round(self.rate(m), 3) for m in METHODS},
            "runs": self.runs,
        }


def evaluate_case(
    case: ReplayCase,
    *,
    horizon_ms: int = 10 * 60_000,
    step_ms: int = 60_000,
    weights: Weights | None = None,
    window_ms: int = 5 * 60_000,
    past: PastPerformance | None = None,
) -> EvalResult:
    """Replay ``case`` through a fresh recommender and score every checkpoint."""
    events = sorted(case.events, key=lambda e: e.t_ms)
    recommender = Recommender(
        case.products, case.rundown, weights=weights, window_ms=window_ms, past=past
    )
    orders = [e for e in events if isinstance(e, OrderEvent)]
    result = EvalResult()
    run: dict[str, Any] = {"name": case.name, "checkpoints": 0, **dict.fromkeys(METHODS, 0.0)}
    end = events[-1].t_ms if events else 0
    sold: Counter[str] = Counter()
    aired: set[str] = set()
    on_air: str | None = None
    i = 0
    for t in range(step_ms, end + 1, step_ms):
        while i < len(events) and events[i].t_ms <= t:
            event = events[i]
            recommender.feed(event)
            if isinstance(event, OrderEvent):
                sold[event.sku] += event.qty
            elif isinstance(event, ProductSwitchEvent):
                on_air = event.sku
                if event.sku:
                    aired.add(event.sku)
            i += 1
        target = _best_seller(orders, t, t + horizon_ms, exclude=on_air)
        if target is None:
            continue
        ranked = recommender.rank(t)
        candidates = [r.sku for r in ranked]
        picks = {
            "recommender": candidates[0] if candidates else None,
            "queue": _next_in_queue(case.rundown, aired, on_air),
            "popular": _most_popular(sold, case.rundown, on_air),
        }
        for method, pick in picks.items():
            run[method] += float(pick == target)
        run["chance"] += 1.0 / len(candidates) if candidates else 0.0
        run["checkpoints"] += 1
    result.checkpoints = run["checkpoints"]
    for method in METHODS:
        result.hits[method] = run[method]
    result.runs.append(run)
    return result


def evaluate_cases(cases: Sequence[ReplayCase], **kwargs: Any) -> EvalResult:
    total = EvalResult()
    for case in cases:
        one = evaluate_case(case, **kwargs)
        total.checkpoints += one.checkpoints
        for method in METHODS:
            total.hits[method] += one.hits[method]
        total.runs.extend(one.runs)
    return total


def _best_seller(
    orders: Sequence[OrderEvent], start: int, end: int, exclude: str | None
) -> str | None:
    units: Counter[str] = Counter()
    for order in orders:
        if start < order.t_ms <= end and order.sku != exclude:
            units[order.sku] += order.qty
    if not units:
        return None
    best = max(units.values())
    return sorted(sku for sku, n in units.items() if n == best)[0]


def _next_in_queue(rundown: Sequence[str], aired: set[str], on_air: str | None) -> str | None:
    start = rundown.index(on_air) + 1 if on_air in rundown else 0
    for sku in [*rundown[start:], *rundown[:start]]:
        if sku not in aired and sku != on_air:
            return sku
    return None


def _most_popular(sold: Counter[str], rundown: Sequence[str], on_air: str | None) -> str | None:
    ranked = sorted(
        (sku for sku in rundown if sku != on_air),
        key=lambda s: (-sold.get(s, 0), rundown.index(s)),
    )
    return ranked[0] if ranked else None


# -- sessions to replay ----------------------------------------------------------------------
def bundle_cases(
    bundle_dir: Path, runs: int = 5, seed: int = 0, ask_ahead: float = 0.0
) -> list[ReplayCase]:
    """The bundle as recorded (run 0) plus ``runs - 1`` seeded variants.

    ``ask_ahead`` > 0 simulates viewers asking for a product before it is on air: that
    share of each block's comments moves to the minute before the block starts.
    """
    from app.chat.replay import iter_script
    from app.session.bundle import load_bundle

    bundle = load_bundle(bundle_dir)
    events: list[Event] = [e for _, e in iter_script(bundle.events) if isinstance(e, Event)]
    if bundle.narration is not None:
        events += _narration(bundle.narration)
    events.sort(key=lambda e: e.t_ms)
    first = move_asks_ahead(events, random.Random(seed), ask_ahead) if ask_ahead > 0 else events
    cases = [ReplayCase(f"{bundle_dir.name} as recorded", first, bundle.products, bundle.rundown)]
    matcher = ProductMatcher(bundle.products, bundle.rundown)

    def asks_for(comment: CommentEvent) -> str | None:
        return matcher.match(comment.text)

    for k in range(1, runs):
        rng = random.Random(seed * 1000 + k)
        variant = reorder_blocks(events, rng, asks_for)
        variant = [
            e for e in variant if not (isinstance(e, CommentEvent) and rng.random() < DROP_COMMENTS)
        ]
        if ask_ahead > 0:
            variant = move_asks_ahead(variant, rng, ask_ahead)
        cases.append(ReplayCase(f"variant {k}", variant, bundle.products, bundle.rundown))
    return cases


def _narration(path: Path) -> list[Event]:
    import json

    events: list[Event] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            events.append(
                TranscriptEvent(int(raw["start_ms"]), int(raw["end_ms"]), str(raw["text"]))
            )
    return events


def reorder_blocks(
    events: Sequence[Event],
    rng: random.Random,
    asks_for: Callable[[CommentEvent], str | None] | None = None,
) -> list[Event]:
    """Shuffle the on-air blocks (each switch and what follows it) and re-time them.

    Events before the first switch stay first; each block keeps its length and inner
    timing, so demand and sales stay attached to the product that caused them. Viewers
    ask for a product in the minute before its slot: with ``asks_for`` (which product a
    comment names), such a comment travels with that product's block and keeps its lead,
    instead of staying behind in the block it happened to fall in — otherwise a shuffle
    would turn true ask-ahead signals into noise pointing at a product that is not next.
    """
    blocks: list[list[Event]] = [[]]
    for event in sorted(events, key=lambda e: e.t_ms):
        if isinstance(event, ProductSwitchEvent):
            blocks.append([])
        blocks[-1].append(event)
    leads: list[list[Event]] = [[] for _ in blocks]
    if asks_for is not None:
        for k in range(1, len(blocks)):
            switch = blocks[k][0]
            assert isinstance(switch, ProductSwitchEvent)
            before = blocks[k - 1]
            moving: list[Event] = [
                e
                for e in before
                if isinstance(e, CommentEvent)
                and switch.t_ms - e.t_ms <= ASK_AHEAD_MS
                and switch.sku is not None
                and asks_for(e) == switch.sku
            ]
            if moving:
                ids = {id(e) for e in moving}
                blocks[k - 1] = [e for e in before if id(e) not in ids]
                leads[k] = moving
    head, rest = blocks[0], list(zip(blocks[1:], leads[1:], strict=True))
    rng.shuffle(rest)
    out = list(head)
    cursor = head[-1].t_ms + 1 if head else 0
    for block, lead in rest:
        if not block:
            continue
        offset = cursor - block[0].t_ms
        # the asks overlap the tail of whatever now airs before, as they did originally
        out += [_shift(e, max(offset, -e.t_ms)) for e in lead]
        out += [_shift(e, offset) for e in block]
        cursor = out[-1].t_ms + 1
    return sorted(out, key=lambda e: e.t_ms)


def move_asks_ahead(events: Sequence[Event], rng: random.Random, share: float) -> list[Event]:
    """Move ``share`` of each on-air block's comments into the minute before the block."""
    out: list[Event] = []
    block_start: int | None = None
    for event in sorted(events, key=lambda e: e.t_ms):
        if isinstance(event, ProductSwitchEvent):
            block_start = event.t_ms
        elif isinstance(event, CommentEvent) and block_start and rng.random() < share:
            out.append(replace(event, t_ms=max(0, block_start - rng.randint(5_000, 60_000))))
            continue
        out.append(event)
    return sorted(out, key=lambda e: e.t_ms)


def _shift(event: Event, offset: int) -> Event:
    if isinstance(event, TranscriptEvent):
        return replace(event, t_ms=event.t_ms + offset, end_ms=event.end_ms + offset)
    return replace(event, t_ms=event.t_ms + offset)


def store_cases(store: Any) -> list[ReplayCase]:
    """Every ended session recorded in ``store`` as a case (comments, speech, orders)."""
    from sqlalchemy import select

    from app.commerce.repository import load_products
    from app.store.models import (
        Comment,
        LiveSession,
        Order,
        ProductSegment,
        QueueItem,
        TranscriptSegment,
    )

    products = load_products(store)
    cases = []
    with store.sessions() as s:
        sessions = s.scalars(select(LiveSession).where(LiveSession.status != "live")).all()
        for live in sessions:
            sid = live.id
            events: list[Event] = [
                CommentEvent(
                    c.t_ms,
                    c.event_id,
                    c.platform,
                    c.viewer,
                    c.text or "",
                    intent=c.intent,
                    spam=c.spam,
                )
                for c in s.scalars(select(Comment).where(Comment.session_id == sid))
            ]
            events += [
                TranscriptEvent(t.start_ms, t.end_ms, t.text)
                for t in s.scalars(
                    select(TranscriptSegment).where(TranscriptSegment.session_id == sid)
                )
                if t.final
            ]
            events += [
                OrderEvent(o.t_ms, o.order_id, o.sku, o.qty, o.amount, buyer=o.buyer)
                for o in s.scalars(select(Order).where(Order.session_id == sid))
            ]
            events += [
                ProductSwitchEvent(p.start_ms, p.sku)
                for p in s.scalars(select(ProductSegment).where(ProductSegment.session_id == sid))
            ]
            rundown = [
                q.sku
                for q in s.scalars(
                    select(QueueItem)
                    .where(QueueItem.session_id == sid)
                    .order_by(QueueItem.position)
                )
            ]
            if any(isinstance(e, OrderEvent) for e in events):
                cases.append(ReplayCase(f"session {sid} {live.title}", events, products, rundown))
    return cases
