"""Minute-level series for the live KPI charts (Qt-free).

:class:`MinuteSeries` is fed one event at a time on the publisher's thread (through
:class:`app.analytics.kpis.LiveKpis`, which holds the lock) and read by the GUI at 1 Hz.
Each event touches only the bucket of its own minute, and a read copies at most the
minutes asked for, so the chart never recomputes the session from the start: a four-hour
show is 240 buckets.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.session.events import (
    AlertEvent,
    CommentEvent,
    Event,
    OrderEvent,
    ProductSwitchEvent,
    ViewersEvent,
)

MINUTE_MS = 60_000
SENTIMENTS = ("pos", "neu", "neg")
#: Alert kinds shown as chart markers (mentions are too frequent to be markers).
MARKER_ALERT_KINDS = ("compliance", "flash_sale", "violation", "warning")


@dataclass(frozen=True, slots=True)
class Marker:
    """An event drawn as a vertical line: ``kind`` is "product", "flash_sale" or "alert"."""

    t_ms: int
    kind: str
    label: str


@dataclass(frozen=True, slots=True)
class MinuteView:
    """Copies of the buckets from minute ``first`` on (plain lists, safe on any thread)."""

    first: int
    viewers: list[int]
    comments: list[int]
    orders: list[int]
    gmv: list[float]
    sentiment: dict[str, list[int]]
    markers: list[Marker]
    version: int

    @property
    def minutes(self) -> list[int]:
        return list(range(self.first, self.first + len(self.comments)))

    def sentiment_share(self) -> dict[str, list[float]]:
        """Per minute, the share of classified comments with each sentiment (0 when none)."""
        totals = [sum(self.sentiment[s][i] for s in SENTIMENTS) for i in range(len(self.comments))]
        return {
            s: [n / t if t else 0.0 for n, t in zip(self.sentiment[s], totals, strict=True)]
            for s in SENTIMENTS
        }

    @property
    def has_sentiment(self) -> bool:
        return any(any(v) for v in self.sentiment.values())


class MinuteSeries:
    """Per-minute viewers (last reported), comments, sentiment counts, orders and GMV.

    Not thread-safe on its own: the owner serialises ``feed`` and ``view``.
    """

    def __init__(self) -> None:
        self.viewers: list[int] = []
        self.comments: list[int] = []
        self.orders: list[int] = []
        self.gmv: list[float] = []
        self.sentiment: dict[str, list[int]] = {s: [] for s in SENTIMENTS}
        self.markers: list[Marker] = []
        self.version = 0
        self._last_viewers = 0

    def _grow(self, minute: int) -> None:
        while len(self.comments) <= minute:
            self.viewers.append(self._last_viewers)  # carry forward until a new report
            self.comments.append(0)
            self.orders.append(0)
            self.gmv.append(0.0)
            for values in self.sentiment.values():
                values.append(0)

    def feed(self, event: Event) -> None:
        """Add one event to its minute (O(1) unless the session jumped ahead)."""
        minute = max(0, event.t_ms) // MINUTE_MS
        self._grow(minute)
        if isinstance(event, CommentEvent):
            self.comments[minute] += 1
            if event.sentiment in self.sentiment:
                self.sentiment[event.sentiment][minute] += 1
        elif isinstance(event, OrderEvent):
            self.orders[minute] += 1
            self.gmv[minute] += event.amount
        elif isinstance(event, ViewersEvent):
            self._last_viewers = event.online
            self.viewers[minute] = event.online
        elif isinstance(event, ProductSwitchEvent):
            self.markers.append(Marker(event.t_ms, "product", event.sku or "—"))
        elif isinstance(event, AlertEvent):
            if event.kind == "flash_sale":
                self.markers.append(Marker(event.t_ms, "flash_sale", event.text))
            elif event.kind in MARKER_ALERT_KINDS or event.severity in ("warning", "critical"):
                self.markers.append(Marker(event.t_ms, "alert", event.text))
        else:
            return
        self.version += 1

    def view(self, last_minutes: int | None = None, now_ms: int | None = None) -> MinuteView:
        """The whole session, or only the last ``last_minutes`` minutes up to ``now_ms``."""
        if now_ms is not None:
            self._grow(max(0, now_ms) // MINUTE_MS)
        n = len(self.comments)
        first = 0 if last_minutes is None else max(0, n - last_minutes)
        start_ms = first * MINUTE_MS
        return MinuteView(
            first=first,
            viewers=self.viewers[first:],
            comments=self.comments[first:],
            orders=self.orders[first:],
            gmv=[round(v, 2) for v in self.gmv[first:]],
            sentiment={s: v[first:] for s, v in self.sentiment.items()},
            markers=[m for m in self.markers if m.t_ms >= start_ms],
            version=self.version,
        )
