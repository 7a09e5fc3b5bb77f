"""The one place KPIs are computed, with the platforms' formulas, and the live aggregation.

Every figure a person reads (the live panel, Pitch next, the review, the exports, the host
scorecard) comes from the functions here, so one show has one GPM:

- GMV (成交金额) = sum of paid order amounts (refunds not deducted);
- GPM (千次观看成交金额) = GMV x 1000 / PV; per product (抖音): that product's GMV in the
  session x 1000 / PV gained while it was on air (:func:`product_gpm`);
- UV value (UV价值) = GMV / audience; AOV (客单价) = GMV / buyers;
- conversion (成交转化率) = buyers / audience; interaction rate (互动率) = commenters /
  audience; follow rate (转粉率) = new followers / audience.

The *audience* is the platform's UV (unique viewers) when it reports one, else the peak
online count (a lower bound; :func:`audience`). A ratio is None while its denominator is
zero or unknown, never a made-up 0.

:class:`LiveKpis` is fed from the bus on source threads and read from the GUI thread, so
every access takes a lock; the work per event is O(1) amortised.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.analytics.timeseries import MinuteSeries, MinuteView
from app.session.events import (
    AlertEvent,
    CommentEvent,
    Event,
    FollowEvent,
    GiftEvent,
    LikeEvent,
    OrderEvent,
    ProductSwitchEvent,
    ViewersEvent,
)

KPI_EVENTS: tuple[type[Event], ...] = (
    CommentEvent,
    LikeEvent,
    FollowEvent,
    GiftEvent,
    ViewersEvent,
    OrderEvent,
    ProductSwitchEvent,  # chart markers only
    AlertEvent,  # chart markers only
)


@dataclass(frozen=True, slots=True)
class KpiSnapshot:
    """KPIs at one instant. Ratios are None while their denominator is zero/unknown."""

    t_ms: int
    viewers_online: int
    peak_viewers: int
    pv: int
    uv: int
    comments: int
    comments_per_min: float
    unique_commenters: int
    likes: int
    follows: int
    gifts_value: float
    orders: int
    units: int
    buyers: int
    gmv: float
    gpm: float | None
    uv_value: float | None
    aov: float | None
    conversion: float | None
    interaction_rate: float | None
    follow_rate: float | None


def _ratio(num: float, den: float | None, scale: float = 1.0) -> float | None:
    return num * scale / den if den else None


def audience(uv: int | None, peak_online: int | None = None) -> int | None:
    """The denominator of the per-viewer ratios: UV, else the peak online count, else None."""
    return uv or peak_online or None


def gpm(gmv: float, pv: int | None) -> float | None:
    """GMV x 1000 / PV (千次观看成交金额)."""
    return _ratio(gmv, pv, 1000.0)


def product_gpm(product_gmv: float, pv_on_air: int | None) -> float | None:
    """Per-product GPM (抖音): the product's GMV x 1000 / PV gained while it was on air."""
    value = gpm(product_gmv, pv_on_air)
    return round(value, 2) if value is not None else None


def pv_at(samples: Sequence[tuple[int, int | None]], t_ms: int) -> int:
    """Cumulative PV last reported at or before ``t_ms`` (0 before the first report).

    ``samples`` are (t_ms, pv) pairs sorted by time; a None PV is skipped.
    """
    best = 0
    for t, pv in samples:
        if t > t_ms:
            break
        if pv is not None:
            best = int(pv)
    return best


def pv_on_air(
    samples: Sequence[tuple[int, int | None]], spans: Iterable[tuple[int, int]]
) -> int | None:
    """PV gained during the (start_ms, end_ms) spans; None when the platform sent no PV."""
    if not any(pv is not None for _t, pv in samples):
        return None
    return sum(max(0, pv_at(samples, end) - pv_at(samples, start)) for start, end in spans)


@dataclass(frozen=True, slots=True)
class Figures:
    """The derived KPIs of a show (or of the show so far); None: denominator unknown."""

    gpm: float | None
    uv_value: float | None
    aov: float | None
    conversion: float | None
    interaction_rate: float | None
    follow_rate: float | None


def figures(
    *,
    gmv: float,
    pv: int | None,
    uv: int | None,
    peak_online: int | None,
    buyers: int,
    commenters: int | None,
    follows: int,
) -> Figures:
    """Every derived KPI from the show's totals (the one formula for each, see above)."""
    base = audience(uv, peak_online)
    return Figures(
        gpm=gpm(gmv, pv),
        uv_value=_ratio(gmv, base),
        aov=_ratio(gmv, buyers),
        conversion=_ratio(buyers, base),
        interaction_rate=None if commenters is None else _ratio(commenters, base),
        follow_rate=_ratio(follows, base),
    )


class LiveKpis:
    """Running totals plus a sliding window for per-minute rates."""

    def __init__(self, window_ms: int = 60_000) -> None:
        self._lock = threading.Lock()
        self._window_ms = window_ms
        self._recent_comments: deque[int] = deque()
        self._commenters: set[str] = set()
        self._buyers: set[str] = set()
        self._last_t = 0
        self._online = self._peak = self._pv = self._uv = 0
        self._comments = self._likes = self._follows = 0
        self._orders = self._units = 0
        self._gmv = self._gifts = 0.0
        self._series = MinuteSeries()

    def feed(self, event: Event) -> None:
        with self._lock:
            self._last_t = max(self._last_t, event.t_ms)
            self._apply(event)
            self._series.feed(event)

    def minutes(self, last_minutes: int | None = None, now_ms: int | None = None) -> MinuteView:
        """Minute buckets for the charts: the whole session or the last N minutes."""
        with self._lock:
            return self._series.view(last_minutes, now_ms)

    def _apply(self, e: Event) -> None:
        if isinstance(e, CommentEvent):
            self._comments += 1
            self._commenters.add(f"{e.platform}:{e.user}")
            self._recent_comments.append(e.t_ms)
        elif isinstance(e, LikeEvent):
            self._likes += e.count
        elif isinstance(e, FollowEvent):
            self._follows += 1
        elif isinstance(e, GiftEvent):
            self._gifts += e.value * e.count
        elif isinstance(e, ViewersEvent):
            self._online = e.online
            self._peak = max(self._peak, e.online)
            self._pv = max(self._pv, e.pv or 0)
            self._uv = max(self._uv, e.uv or 0)
        elif isinstance(e, OrderEvent):
            self._orders += 1
            self._units += e.qty
            self._gmv += e.amount
            self._buyers.add(e.buyer or e.order_id)

    def snapshot(self, now_ms: int | None = None) -> KpiSnapshot:
        with self._lock:
            now = self._last_t if now_ms is None else now_ms
            while self._recent_comments and self._recent_comments[0] <= now - self._window_ms:
                self._recent_comments.popleft()
            window_min = min(max(now, 1), self._window_ms) / 60_000
            derived = figures(
                gmv=self._gmv,
                pv=self._pv,
                uv=self._uv,
                peak_online=self._peak,
                buyers=len(self._buyers),
                commenters=len(self._commenters),
                follows=self._follows,
            )
            return KpiSnapshot(
                t_ms=now,
                viewers_online=self._online,
                peak_viewers=self._peak,
                pv=self._pv,
                uv=self._uv,
                comments=self._comments,
                comments_per_min=len(self._recent_comments) / window_min,
                unique_commenters=len(self._commenters),
                likes=self._likes,
                follows=self._follows,
                gifts_value=round(self._gifts, 2),
                orders=self._orders,
                units=self._units,
                buyers=len(self._buyers),
                gmv=round(self._gmv, 2),
                gpm=derived.gpm,
                uv_value=derived.uv_value,
                aov=derived.aov,
                conversion=derived.conversion,
                interaction_rate=derived.interaction_rate,
                follow_rate=derived.follow_rate,
            )
