"""The post-show diagnosis: the three weakest figures against the host's own earlier shows.

Like TikTok's LIVE Dashboard review: each figure of this show is compared with the median
of the same host's earlier shows (:func:`app.analytics.review.scorecard.scorecard`, so the
figures are the KPI module's); the three that fell furthest below it are listed, each with
the minutes that explain it — when it happened, which product was on air, what was said.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.analytics.review.model import ReviewData
from app.analytics.review.scorecard import HIGHER_IS_BETTER, ScoreRow, against_earlier

#: The figures compared (ScoreRow fields), in the order ties are listed.
METRICS = ("gmv", "gpm", "orders", "interaction_rate", "follower_growth", "complaint_share")
#: Sales figures are explained by minutes with viewers but no orders; the others by chat.
SALES = frozenset({"gmv", "gpm", "orders"})
MINUTE_MS = 60_000


@dataclass(frozen=True, slots=True)
class Moment:
    """A minute that explains a weak figure."""

    start_ms: int
    product: str  # on air then ("" when none)
    said: str  # the first transcript line of that minute ("" when silent)
    viewers: int
    comments: int
    orders: int
    complaints: int


@dataclass(frozen=True, slots=True)
class Weakness:
    """One figure below the host's median: ``change`` is -0.3 for 30 % worse."""

    metric: str
    value: float
    median: float
    change: float
    moments: tuple[Moment, ...]


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """The weakest figures (at most three); ``earlier`` is how many shows they are held to."""

    earlier: int
    weaknesses: tuple[Weakness, ...]


def _change(metric: str, value: float, median: float) -> float:
    """Relative change, signed so that negative is worse (whatever the figure's direction)."""
    if median == 0:
        return (
            0.0
            if value == 0
            else (1.0 if HIGHER_IS_BETTER[metric] else -1.0) * (1 if value > 0 else -1)
        )
    change = (value - median) / abs(median)
    return change if HIGHER_IS_BETTER[metric] else -change


def diagnose(data: ReviewData, rows: Sequence[ScoreRow], limit: int = 3) -> Diagnosis:
    """Compare this session's row of ``rows`` (the host's scorecard) with the rows before it."""
    index = next((i for i, r in enumerate(rows) if r.session_id == data.session.id), None)
    if index is None or index == 0:
        return Diagnosis(earlier=0, weaknesses=())
    found: list[Weakness] = []
    for metric in METRICS:
        pair = against_earlier(rows, index, metric)
        if pair is None:
            continue
        value, median = pair
        change = _change(metric, value, median)
        if change < 0:
            found.append(Weakness(metric, value, median, round(change, 4), ()))
    found.sort(key=lambda w: w.change)
    weakest = tuple(
        Weakness(w.metric, w.value, w.median, w.change, explain(data, w.metric))
        for w in found[:limit]
    )
    return Diagnosis(earlier=index, weaknesses=weakest)


def _minutes(data: ReviewData) -> list[Moment]:
    series = data.series(MINUTE_MS)
    per = max(1, MINUTE_MS // data.bins.bin_ms)
    complaints = [
        sum(data.bins.complaint[i * per : (i + 1) * per]) for i in range(len(series["minute"]))
    ]
    moments = []
    for i in range(len(series["minute"])):
        start, end = i * MINUTE_MS, (i + 1) * MINUTE_MS
        product = next((s.name for s in data.segments if s.start_ms < end and s.end_ms > start), "")
        said = next(
            (ln.text for ln in data.transcript if ln.start_ms < end and ln.end_ms >= start), ""
        )
        moments.append(
            Moment(
                start_ms=start,
                product=product,
                said=said.strip(),
                viewers=int(series["viewers"][i]),
                comments=int(series["comments"][i]),
                orders=int(series["orders"][i]),
                complaints=complaints[i],
            )
        )
    return moments


def explain(data: ReviewData, metric: str, limit: int = 2) -> tuple[Moment, ...]:
    """The minutes that explain ``metric``: for sales, viewers watching and nobody buying;
    for complaints, the most complaints; for chat and follows, viewers watching in silence."""
    minutes = _minutes(data)
    if metric == "complaint_share":
        ranked = sorted((m for m in minutes if m.complaints), key=lambda m: -m.complaints)
    elif metric in SALES:
        ranked = sorted(
            (m for m in minutes if m.viewers),
            key=lambda m: (m.orders / m.viewers, -m.viewers, m.start_ms),
        )
    else:
        ranked = sorted(
            (m for m in minutes if m.viewers),
            key=lambda m: (m.comments / m.viewers, -m.viewers, m.start_ms),
        )
    return tuple(sorted(ranked[:limit], key=lambda m: m.start_ms))
