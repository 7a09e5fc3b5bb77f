"""Live KPI aggregation from session events, with the platforms' formulas (see each figure).

:class:`LiveKpis` is fed from the bus on source threads and read from the GUI thread, so
every access takes a lock; the work per event is O(1) amortised.
"""

from __future__ import annotations

import threading
from collections import deque
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
    interaction_rate: float | None
    follow_rate: float | None


def _ratio(num: float, den: float, scale: float = 1.0) -> float | None:
    return num * scale / den if den else None


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
            uv = self._uv or self._peak
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
                gpm=_ratio(self._gmv, self._pv, 1000.0),
                uv_value=_ratio(self._gmv, uv),
                aov=_ratio(self._gmv, len(self._buyers)),
                interaction_rate=_ratio(len(self._commenters), uv),
                follow_rate=_ratio(self._follows, uv),
            )
