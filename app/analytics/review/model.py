"""What a loaded session is: frozen dataclasses the review window and the reports share.

Everything here is plain data (thread-safe to hand from a worker to the GUI thread); the
derived KPIs come from :mod:`app.analytics.kpis`, the one place they are computed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from app.analytics.kpis import Figures, figures
from app.errors import UserError
from app.messages import Message
from app.speech.audio_recorder import AudioSegment

Progress = Callable[[float, str], None]


class ReviewError(UserError):
    """The session cannot be reviewed (unknown id, empty store); the message says why."""


@dataclass(frozen=True, slots=True)
class SessionInfo:
    id: int
    title: str
    platform: str
    host: str
    mode: str
    status: str
    started_at: datetime
    ended_at: datetime | None
    duration_ms: int

    @property
    def interrupted(self) -> bool:
        return self.status == "interrupted"


@dataclass(frozen=True, slots=True)
class Segment:
    """A product on air from ``start_ms`` to ``end_ms``."""

    sku: str
    name: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True, slots=True)
class Line:
    """A transcript segment."""

    start_ms: int
    end_ms: int
    text: str


@dataclass(frozen=True, slots=True)
class OrderRow:
    t_ms: int
    order_id: str
    sku: str
    qty: int
    amount: float
    buyer: str


@dataclass(frozen=True, slots=True)
class AlertRow:
    t_ms: int
    kind: str
    severity: str
    text: str  # the English sentence as recorded
    terms: tuple[str, ...] = ()  # the phrases it is about (ad-law terms, product names)
    note: Message | None = None  # the same sentence to translate (rows since migration 0007)


@dataclass(frozen=True, slots=True)
class Bins:
    """Per-bin counts, index i covering [i*bin_ms, (i+1)*bin_ms)."""

    bin_ms: int
    comments: list[int]
    pos: list[int]
    neu: list[int]
    neg: list[int]
    purchase: list[int]
    question: list[int]
    complaint: list[int]
    orders: list[int]
    gmv: list[float]

    def __len__(self) -> int:
        return len(self.comments)


@dataclass(frozen=True, slots=True)
class ProductStats:
    sku: str
    name: str
    on_air_ms: int
    mentions: int
    questions: int
    purchase_intents: int
    orders: int
    gmv: float
    pv_on_air: int | None
    gpm: float | None


@dataclass(frozen=True, slots=True)
class Highlight:
    """A clip worth re-watching: ``reason`` is "comments", "purchase intent" or "orders"."""

    start_ms: int
    end_ms: int
    reason: str
    value: float
    baseline: float


@dataclass(frozen=True, slots=True)
class Totals:
    comments: int
    commenters: int | None  # None: not counted yet (see count_commenters)
    orders: int
    buyers: int
    gmv: float
    likes: int
    follows: int
    gifts_value: float
    peak_viewers: int
    pv: int | None
    uv: int | None
    complaints: int
    sentiment: dict[str, int]

    @property
    def figures(self) -> Figures:
        """GPM, UV value, AOV, conversion and the rates (:func:`app.analytics.kpis.figures`)."""
        return figures(
            gmv=self.gmv,
            pv=self.pv,
            uv=self.uv,
            peak_online=self.peak_viewers,
            buyers=self.buyers,
            commenters=self.commenters,
            follows=self.follows,
        )

    @property
    def gpm(self) -> float | None:
        return self.figures.gpm

    @property
    def aov(self) -> float | None:
        return self.figures.aov

    @property
    def uv_value(self) -> float | None:
        return self.figures.uv_value

    @property
    def conversion(self) -> float | None:
        return self.figures.conversion

    @property
    def interaction_rate(self) -> float | None:
        return self.figures.interaction_rate

    @property
    def follow_rate(self) -> float | None:
        return self.figures.follow_rate


@dataclass(frozen=True, slots=True)
class ReviewData:
    """Everything the review window and the reports show about one session."""

    session: SessionInfo
    segments: list[Segment]
    transcript: list[Line]
    orders: list[OrderRow]
    alerts: list[AlertRow]
    viewers: list[tuple[int, int]]  # (t_ms, online)
    bins: Bins
    products: list[ProductStats]
    highlights: list[Highlight]
    totals: Totals
    videos: list[Path] = field(default_factory=list)
    audio: list[AudioSegment] = field(default_factory=list)  # by session time, maybe gaps

    def minute_series(self) -> dict[str, list[float]]:
        """Per-minute comments, orders, GMV and last viewers (for charts and CSV)."""
        return self.series(60_000)

    def chart_width_ms(self) -> int:
        """Slot width for report charts: finer than a minute only for short sessions.

        A three-minute rehearsal gets 5-second bars instead of three; anything longer
        than 90 minutes is minute by minute, as the platforms' live screens show it.
        """
        duration = self.session.duration_ms
        for width in (5_000, 10_000, 15_000, 30_000, 60_000):
            if width % self.bins.bin_ms == 0 and duration / width <= 90:
                return width
        return 60_000

    def series(self, width_ms: int) -> dict[str, list[float]]:
        """Comments, orders, GMV, sentiment and last viewers per slot of ``width_ms``.

        ``width_ms`` must be a multiple of the bin width (every bin choice divides a
        minute, and chart widths are multiples of 5 s).
        """
        per = max(1, width_ms // self.bins.bin_ms)
        n = max(1, math.ceil(len(self.bins) / per))

        def fold(values: list[Any]) -> list[float]:
            return [float(sum(values[i * per : (i + 1) * per])) for i in range(n)]

        viewers = [0.0] * n
        for t, online in self.viewers:
            viewers[min(n - 1, t // (per * self.bins.bin_ms))] = float(online)
        for i in range(1, n):
            if not viewers[i]:
                viewers[i] = viewers[i - 1]
        return {
            "minute": [float(i) for i in range(n)],
            "viewers": viewers,
            "comments": fold(self.bins.comments),
            "orders": fold(self.bins.orders),
            "gmv": [round(v, 2) for v in fold(self.bins.gmv)],
            "pos": fold(self.bins.pos),
            "neu": fold(self.bins.neu),
            "neg": fold(self.bins.neg),
        }
