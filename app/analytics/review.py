"""Loading one recorded session for review (直播复盘) as plain, thread-safe data.

A four-hour show holds a million comments, so the loader never builds one Python object
per comment: the database aggregates them into time bins (count, sentiment, intents) and
per product segment, and only the small tables (orders, transcript, viewer samples,
alerts, product segments) come back row by row. Search and the host scorecard are
separate queries run on demand. Everything returned is frozen dataclasses and lists, so
the review window can receive it from a worker thread and reports can share it.

Per-product figures use the platforms' definitions: product GMV is the GMV of that SKU's orders
during the whole session; per-product GPM = product GMV x 1000 / PV gained while the
product was on air (the 抖音 definition); None when the platform reported no PV.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text

from app.errors import UserError
from app.speech.audio_recorder import AudioSegment, find_audio, salvage_partial
from app.store.db import Store
from app.store.models import as_utc

Progress = Callable[[float, str], None]

#: Bin widths the timeline may use; each divides a minute so minute series derive from bins.
BIN_CHOICES_MS = (1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000)
#: About this many bins across the whole session (what a wide screen can show).
TARGET_BINS = 720
#: Resolution of the one aggregate read of comments (segments are exact anyway).
FINE_MS = 1_000
VIDEO_SUFFIXES = (".avi", ".mp4", ".mkv", ".mov", ".webm")


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
    text: str


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
    def gpm(self) -> float | None:
        return self.gmv * 1000 / self.pv if self.pv else None

    @property
    def aov(self) -> float | None:
        return self.gmv / self.buyers if self.buyers else None

    @property
    def uv_value(self) -> float | None:
        return self.gmv / self.uv if self.uv else None

    @property
    def interaction_rate(self) -> float | None:
        return self.commenters / self.uv if self.uv and self.commenters is not None else None


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


def _as_datetime(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return as_utc(value)
    return as_utc(datetime.fromisoformat(str(value)))


def choose_bin_ms(duration_ms: int) -> int:
    """The narrowest bin that keeps the session within about :data:`TARGET_BINS` bins."""
    for choice in BIN_CHOICES_MS:
        if duration_ms / choice <= TARGET_BINS:
            return choice
    return BIN_CHOICES_MS[-1]


def latest_session_id(store: Store) -> int:
    """The newest session's id; :class:`ReviewError` when nothing was recorded yet."""
    with store.engine.connect() as conn:
        row = conn.execute(
            text("SELECT id FROM live_session ORDER BY started_at DESC, id DESC LIMIT 1")
        ).first()
    if row is None:
        raise ReviewError("no sessions recorded yet; run one first (try: python -m app demo)")
    return int(row[0])


def check_session(store: Store, session_id: int) -> None:
    """Raise :class:`ReviewError` unless the session exists (cheap; before opening a window)."""
    with store.engine.connect() as conn:
        _session_info(conn, session_id)


def _noop(_fraction: float, _what: str) -> None:
    return None


def load_review(
    store: Store,
    session_id: int,
    *,
    recordings_dir: Path | None = None,
    progress: Progress | None = None,
    count_commenters: bool = True,
) -> ReviewData:
    """Read one session into :class:`ReviewData`; ``progress(fraction, what)`` as it goes.

    Comments are read in one aggregate scan (per second); ``count_commenters=False``
    skips the second scan that counts distinct commenters (``totals.commenters`` is then
    None), so a window can open first and ask :func:`count_commenters` afterwards.
    """
    report = progress or _noop
    with store.engine.connect() as conn:
        report(0.0, "session")
        info = _session_info(conn, session_id)
        catalogue = conn.execute(text("SELECT sku, name_zh, name_en, aliases FROM product")).all()
        names = {str(sku): str(zh or en or sku) for sku, zh, en, _a in catalogue}
        report(0.1, "products, orders and transcript")
        orders = [
            OrderRow(int(t), str(oid), str(sku), int(q), float(a), str(b or ""))
            for t, oid, sku, q, a, b in conn.execute(
                text(
                    "SELECT t_ms, order_id, sku, qty, amount, buyer FROM sales_order "
                    "WHERE session_id = :sid ORDER BY t_ms"
                ),
                {"sid": session_id},
            )
        ]
        transcript = [
            Line(int(s), int(e), str(t))
            for s, e, t in conn.execute(
                text(
                    "SELECT start_ms, end_ms, text FROM transcript_segment "
                    "WHERE session_id = :sid ORDER BY start_ms"
                ),
                {"sid": session_id},
            )
        ]
        alerts = [
            AlertRow(int(t), str(k), str(s), str(x))
            for t, k, s, x in conn.execute(
                text(
                    "SELECT t_ms, kind, severity, text FROM alert "
                    "WHERE session_id = :sid ORDER BY t_ms"
                ),
                {"sid": session_id},
            )
        ]
        samples = conn.execute(
            text(
                "SELECT t_ms, viewers_online, pv, uv FROM metric_sample "
                "WHERE session_id = :sid ORDER BY t_ms"
            ),
            {"sid": session_id},
        ).all()
        duration = max(
            [info.duration_ms]
            + [o.t_ms for o in orders[-1:]]
            + [ln.end_ms for ln in transcript[-1:]]
            + [a.t_ms for a in alerts[-1:]]
            + [int(s[0]) for s in samples[-1:]]
        )
        raw_segments = conn.execute(
            text(
                "SELECT id, sku, start_ms, end_ms FROM product_segment "
                "WHERE session_id = :sid ORDER BY start_ms"
            ),
            {"sid": session_id},
        ).all()
        report(0.3, "comments")
        last_comment = conn.execute(
            text("SELECT MAX(t_ms) FROM comment WHERE session_id = :sid"), {"sid": session_id}
        ).scalar()
        duration = max(duration, int(last_comment or 0) + 1)
        bin_ms = choose_bin_ms(duration)
        fine = _comment_bins(conn, session_id, FINE_MS)
        comment_bins = _fold_bins(fine, bin_ms // FINE_MS)
        report(0.6, "products")
        per_segment = _segment_comment_stats(conn, session_id, raw_segments, fine, duration)
        report(0.8, "totals")
        totals = _totals(
            conn,
            session_id,
            orders=orders,
            samples=samples,
            comment_bins=comment_bins,
            with_commenters=count_commenters,
        )
    info = _replace_duration(info, duration)
    segments = [
        Segment(str(sku), str(names.get(sku) or sku), int(s), int(e if e is not None else duration))
        for _id, sku, s, e in raw_segments
    ]
    bins = _bins(bin_ms, duration, comment_bins, orders)
    products = _product_stats(
        segments,
        raw_segments=raw_segments,
        per_segment=per_segment,
        orders=orders,
        alerts=alerts,
        samples=samples,
        names=names,
        spoken=_spoken_names(catalogue),
        transcript=transcript,
    )
    audio: list[AudioSegment] = []
    if recordings_dir is not None and info.interrupted:
        # nobody writes it any more: the cut-off segments play too
        from app.vision.recorder import salvage_partial_video

        salvage_partial(recordings_dir, session_id)
        salvage_partial_video(recordings_dir, session_id)
    videos = find_videos(recordings_dir, session_id) if recordings_dir is not None else []
    if recordings_dir is not None:
        audio = find_audio(recordings_dir, session_id)
    report(1.0, "done")
    return ReviewData(
        session=info,
        segments=segments,
        transcript=transcript,
        orders=orders,
        alerts=alerts,
        viewers=[(int(t), int(v)) for t, v, _pv, _uv in samples],
        bins=bins,
        products=products,
        highlights=find_highlights(bins, width_ms=_highlight_width(duration)),
        totals=totals,
        videos=videos,
        audio=audio,
    )


def _session_info(conn: Any, session_id: int) -> SessionInfo:
    row = conn.execute(
        text(
            "SELECT id, title, platform, host, mode, status, started_at, ended_at, last_t_ms "
            "FROM live_session WHERE id = :sid"
        ),
        {"sid": session_id},
    ).first()
    if row is None:
        raise ReviewError(f"no session with id {session_id} (see: python -m app sessions list)")
    started = _as_datetime(row[6])
    assert started is not None
    return SessionInfo(
        id=int(row[0]),
        title=str(row[1] or ""),
        platform=str(row[2] or ""),
        host=str(row[3] or ""),
        mode=str(row[4] or ""),
        status=str(row[5] or ""),
        started_at=started,
        ended_at=_as_datetime(row[7]),
        duration_ms=int(row[8] or 0),
    )


def _replace_duration(info: SessionInfo, duration: int) -> SessionInfo:
    from dataclasses import replace

    return replace(info, duration_ms=duration)


#: Three counters packed into one integer per CASE (21 bits each; a bin or range of up to
#: two million comments of one kind): two CASE expressions per row instead of six halve
#: the cost of the one full read of a million comments.
_FIELD = 1 << 21
_COMMENT_SUMS = (
    "COUNT(*), "
    f"SUM(CASE sentiment WHEN 'pos' THEN 1 WHEN 'neu' THEN {_FIELD} "
    f"WHEN 'neg' THEN {_FIELD * _FIELD} ELSE 0 END), "
    f"SUM(CASE intent WHEN 'purchase' THEN 1 WHEN 'question' THEN {_FIELD} "
    f"WHEN 'complaint' THEN {_FIELD * _FIELD} ELSE 0 END)"
)


def _unpack(count: Any, sentiment: Any, intent: Any) -> tuple[int, ...]:
    """(comments, pos, neu, neg, purchase, question, complaint) from a packed row."""
    s, i = int(sentiment or 0), int(intent or 0)
    mask = _FIELD - 1
    return (
        int(count or 0),
        s & mask,
        (s >> 21) & mask,
        s >> 42,
        i & mask,
        (i >> 21) & mask,
        i >> 42,
    )


def _comment_bins(conn: Any, session_id: int, bin_ms: int) -> dict[int, tuple[int, ...]]:
    """One aggregate scan over the session's comments (the only O(comments) read)."""
    rows = conn.execute(
        text(
            f"SELECT t_ms / :bin AS b, {_COMMENT_SUMS} FROM comment "
            "WHERE session_id = :sid GROUP BY b"
        ),
        {"sid": session_id, "bin": bin_ms},
    )
    return {int(b): _unpack(n, sent, intent) for b, n, sent, intent in rows}


def _fold_bins(fine: dict[int, tuple[int, ...]], factor: int) -> dict[int, tuple[int, ...]]:
    """Per-second counts summed into bins of ``factor`` seconds."""
    if factor <= 1:
        return dict(fine)
    out: dict[int, list[int]] = {}
    for b, values in fine.items():
        acc = out.setdefault(b // factor, [0] * len(values))
        for i, v in enumerate(values):
            acc[i] += v
    return {b: tuple(v) for b, v in out.items()}


def _range_stats(conn: Any, session_id: int, start: int, end: int) -> tuple[int, ...]:
    row = conn.execute(
        text(
            f"SELECT {_COMMENT_SUMS} FROM comment "
            "WHERE session_id = :sid AND t_ms >= :a AND t_ms < :b"
        ),
        {"sid": session_id, "a": start, "b": end},
    ).one()
    return _unpack(*row)


def _segment_comment_stats(
    conn: Any,
    session_id: int,
    raw_segments: list[Any],
    fine: dict[int, tuple[int, ...]],
    duration: int,
) -> dict[int, tuple[int, ...]]:
    """Exact comment counts inside each product segment, without another full scan.

    Whole seconds come from the per-second aggregate (prefix sums); only the partial
    seconds at each segment's two ends are counted with a small range query.
    """
    n = max(fine, default=-1) + 2
    prefix = [[0] * (n + 1) for _ in range(7)]
    for col in range(7):
        acc, row = 0, prefix[col]
        for k in range(n):
            acc += fine[k][col] if k in fine else 0
            row[k + 1] = acc
    result = {}
    for seg_id, _sku, seg_start, seg_end in raw_segments:
        start = int(seg_start)
        stop = int(seg_end if seg_end is not None else duration + 1)
        first = min(n, -(-start // FINE_MS))  # first whole second inside
        last = min(n, max(first, stop // FINE_MS))  # end of the whole seconds inside
        if first >= last:
            result[int(seg_id)] = _range_stats(conn, session_id, start, stop)
            continue
        total = [prefix[c][last] - prefix[c][first] for c in range(7)]
        for a, b in ((start, first * FINE_MS), (last * FINE_MS, stop)):
            if a < b:
                for c, v in enumerate(_range_stats(conn, session_id, a, b)):
                    total[c] += v
        result[int(seg_id)] = tuple(total)
    return result


def _totals(
    conn: Any,
    session_id: int,
    *,
    orders: list[OrderRow],
    samples: list[Any],
    comment_bins: dict[int, tuple[int, ...]],
    with_commenters: bool,
) -> Totals:
    commenters = _count_commenters(conn, session_id) if with_commenters else None
    inter = {
        kind: (int(c or 0), int(n or 0), float(v or 0.0))
        for kind, c, n, v in conn.execute(
            text(
                "SELECT kind, SUM(count), COUNT(*), SUM(value * count) FROM interaction "
                "WHERE session_id = :sid GROUP BY kind"
            ),
            {"sid": session_id},
        )
    }
    sums = [sum(v[i] for v in comment_bins.values()) for i in range(7)]
    pvs = [int(s[2]) for s in samples if s[2] is not None]
    uvs = [int(s[3]) for s in samples if s[3] is not None]
    return Totals(
        comments=sums[0],
        commenters=commenters,
        orders=len(orders),
        buyers=len({o.buyer or o.order_id for o in orders}),
        gmv=round(sum(o.amount for o in orders), 2),
        likes=inter.get("like", (0, 0, 0.0))[0],
        follows=inter.get("follow", (0, 0, 0.0))[1],
        gifts_value=round(inter.get("gift", (0, 0, 0.0))[2], 2),
        peak_viewers=max((int(s[1]) for s in samples), default=0),
        pv=max(pvs) if pvs else None,
        uv=max(uvs) if uvs else None,
        complaints=sums[6],
        sentiment={"pos": sums[1], "neu": sums[2], "neg": sums[3]},
    )


def _count_commenters(conn: Any, session_id: int) -> int:
    return int(
        conn.execute(
            text("SELECT COUNT(DISTINCT viewer) FROM comment WHERE session_id = :sid"),
            {"sid": session_id},
        ).scalar()
        or 0
    )


def count_commenters(store: Store, session_id: int) -> int:
    """Distinct commenters of a session (a full scan: ~0.5 s per million comments)."""
    with store.engine.connect() as conn:
        return _count_commenters(conn, session_id)


def with_commenters(data: ReviewData, commenters: int) -> ReviewData:
    """``data`` with the distinct-commenter count filled in."""
    from dataclasses import replace

    return replace(data, totals=replace(data.totals, commenters=commenters))


def _bins(
    bin_ms: int, duration: int, comment_bins: dict[int, tuple[int, ...]], orders: list[OrderRow]
) -> Bins:
    n = max(1, math.ceil(duration / bin_ms))
    if comment_bins:
        n = max(n, max(comment_bins) + 1)
    cols: list[list[int]] = [[0] * n for _ in range(7)]
    for b, values in comment_bins.items():
        for col, v in zip(cols, values, strict=True):
            col[b] = v
    order_counts = [0] * n
    gmv = [0.0] * n
    for o in orders:
        b = min(n - 1, o.t_ms // bin_ms)
        order_counts[b] += 1
        gmv[b] += o.amount
    return Bins(
        bin_ms=bin_ms,
        comments=cols[0],
        pos=cols[1],
        neu=cols[2],
        neg=cols[3],
        purchase=cols[4],
        question=cols[5],
        complaint=cols[6],
        orders=order_counts,
        gmv=gmv,
    )


def _pv_at(samples: list[Any], t_ms: int) -> int | None:
    """Cumulative PV last reported at or before ``t_ms`` (0 before the first report)."""
    best: int | None = None
    for t, _online, pv, _uv in samples:
        if t > t_ms:
            break
        if pv is not None:
            best = int(pv)
    return best if best is not None else 0


def _product_stats(
    segments: list[Segment],
    *,
    raw_segments: list[Any],
    per_segment: dict[int, tuple[int, ...]],
    orders: list[OrderRow],
    alerts: list[AlertRow],
    samples: list[Any],
    names: dict[str, str],
    spoken: dict[str, list[str]],
    transcript: list[Line],
) -> list[ProductStats]:
    """Per-product rows; mentions are the speech stage's mention alerts when it ran,
    else transcript segments naming the product (name or alias)."""
    have_alerts = any(a.kind == "mention" for a in alerts)
    has_pv = any(s[2] is not None for s in samples)
    order_skus = [o.sku for o in orders]
    skus = list(dict.fromkeys([s.sku for s in segments] + order_skus))
    result = []
    for sku in skus:
        mine = [
            (seg, raw[0]) for seg, raw in zip(segments, raw_segments, strict=True) if seg.sku == sku
        ]
        stats = [per_segment.get(int(rid), (0,) * 7) for _seg, rid in mine]
        pv_on_air: int | None = None
        if has_pv and mine:
            pv_on_air = sum(
                (_pv_at(samples, seg.end_ms) or 0) - (_pv_at(samples, seg.start_ms) or 0)
                for seg, _rid in mine
            )
        sku_orders = [o for o in orders if o.sku == sku]
        gmv = round(sum(o.amount for o in sku_orders), 2)
        tag = f"({sku})"
        result.append(
            ProductStats(
                sku=sku,
                name=str(names.get(sku) or sku),
                on_air_ms=sum(seg.end_ms - seg.start_ms for seg, _rid in mine),
                mentions=(
                    sum(1 for a in alerts if a.kind == "mention" and tag in a.text)
                    if have_alerts
                    else _transcript_mentions(transcript, spoken.get(sku, []))
                ),
                questions=sum(s[5] for s in stats),
                purchase_intents=sum(s[4] for s in stats),
                orders=len(sku_orders),
                gmv=gmv,
                pv_on_air=pv_on_air,
                gpm=round(gmv * 1000 / pv_on_air, 2) if pv_on_air else None,
            )
        )
    return result


def _spoken_names(catalogue: list[Any]) -> dict[str, list[str]]:
    import json

    out: dict[str, list[str]] = {}
    for sku, zh, en, raw_aliases in catalogue:
        aliases = raw_aliases
        if isinstance(raw_aliases, str):
            try:
                aliases = json.loads(raw_aliases)
            except ValueError:
                aliases = []
        words = [zh, en, *(aliases or [])]
        out[str(sku)] = [str(w).lower() for w in words if w and len(str(w)) >= 2]
    return out


def _transcript_mentions(transcript: list[Line], words: list[str]) -> int:
    if not words:
        return 0
    return sum(1 for ln in transcript if any(w in ln.text.lower() for w in words))


# -- highlights ---------------------------------------------------------------------------
def _highlight_width(duration_ms: int) -> int:
    """Slots for spike detection: about 40–90 of them (a minute for long shows)."""
    for width in (5_000, 10_000, 15_000, 30_000, 60_000):
        if duration_ms / width <= 90:
            return width
    return 60_000


def _coarser(bins: Bins, factor: int) -> Bins:
    if factor <= 1:
        return bins

    def fold(values: list[Any]) -> list[Any]:
        return [sum(values[i : i + factor]) for i in range(0, len(values), factor)]

    return Bins(
        bin_ms=bins.bin_ms * factor,
        comments=fold(bins.comments),
        pos=fold(bins.pos),
        neu=fold(bins.neu),
        neg=fold(bins.neg),
        purchase=fold(bins.purchase),
        question=fold(bins.question),
        complaint=fold(bins.complaint),
        orders=fold(bins.orders),
        gmv=fold(bins.gmv),
    )


def _spikes(values: list[float], min_value: float) -> list[tuple[int, int, float, float]]:
    """Runs of bins well above the typical level: (first, last, peak, baseline)."""
    if not values:
        return []
    median = statistics.median(values)
    mad = statistics.median(abs(v - median) for v in values) or 1.0
    threshold = max(min_value, median + 4 * mad)
    runs: list[tuple[int, int, float, float]] = []
    i = 0
    while i < len(values):
        if values[i] >= threshold and values[i] > median:
            j = i
            while j + 1 < len(values) and values[j + 1] >= threshold:
                j += 1
            runs.append((i, j, max(values[i : j + 1]), median))
            i = j + 1
        else:
            i += 1
    return runs


def find_highlights(
    bins: Bins, limit: int = 8, pad_ms: int | None = None, width_ms: int | None = None
) -> list[Highlight]:
    """The strongest spikes of comment velocity, purchase intents and orders, by time.

    Overlapping clips are merged (reasons joined, the stronger peak kept), so the list
    reads as distinct moments to re-watch rather than one moment seen three ways.
    Spikes are looked for in slots of ``width_ms`` (default: the bin width), and each
    clip is padded by ``pad_ms`` (default: one slot) on both sides.
    """
    width = max(bins.bin_ms, width_ms or bins.bin_ms)
    bins = _coarser(bins, width // bins.bin_ms)
    pad = bins.bin_ms if pad_ms is None else pad_ms
    found: list[tuple[float, Highlight]] = []
    for reason, values, min_value in (
        ("comments", bins.comments, 3.0),
        ("purchase intent", bins.purchase, 2.0),
        ("orders", bins.orders, 2.0),
    ):
        for first, last, peak, base in _spikes([float(v) for v in values], min_value):
            clip = Highlight(
                start_ms=max(0, first * bins.bin_ms - pad),
                end_ms=(last + 1) * bins.bin_ms + pad,
                reason=reason,
                value=peak,
                baseline=base,
            )
            found.append((peak / max(base, 1.0), clip))
    merged: list[tuple[float, Highlight]] = []
    for score, clip in sorted(found, key=lambda item: item[1].start_ms):
        if merged and clip.start_ms <= merged[-1][1].end_ms:
            best_score, best = merged[-1]
            reasons = list(dict.fromkeys([*best.reason.split(" + "), clip.reason]))
            strongest = clip if score > best_score else best
            merged[-1] = (
                max(score, best_score),
                Highlight(
                    start_ms=best.start_ms,
                    end_ms=max(best.end_ms, clip.end_ms),
                    reason=" + ".join(reasons),
                    value=strongest.value,
                    baseline=strongest.baseline,
                ),
            )
        else:
            merged.append((score, clip))
    merged.sort(key=lambda item: -item[0])
    return sorted((h for _score, h in merged[:limit]), key=lambda h: h.start_ms)


# -- search, videos, scorecard ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SearchHit:
    t_ms: int
    kind: str  # "comment" or "transcript"
    text: str


def _like_pattern(query: str) -> str:
    escaped = re.sub(r"([%_\\])", r"\\\1", query.strip())
    return f"%{escaped}%"


def search(store: Store, session_id: int, query: str, limit: int = 200) -> list[SearchHit]:
    """Transcript and comment lines containing ``query`` (case-insensitive), by time."""
    if not query.strip():
        return []
    pattern = _like_pattern(query)
    hits: list[SearchHit] = []
    with store.engine.connect() as conn:
        for kind, sql in (
            (
                "transcript",
                "SELECT start_ms, text FROM transcript_segment WHERE session_id = :sid "
                "AND lower(text) LIKE lower(:p) ESCAPE '\\' ORDER BY start_ms LIMIT :n",
            ),
            (
                "comment",
                "SELECT t_ms, text FROM comment WHERE session_id = :sid "
                "AND lower(text) LIKE lower(:p) ESCAPE '\\' ORDER BY t_ms LIMIT :n",
            ),
        ):
            rows = conn.execute(text(sql), {"sid": session_id, "p": pattern, "n": limit})
            hits.extend(SearchHit(int(t), kind, str(x or "")) for t, x in rows)
    hits.sort(key=lambda h: h.t_ms)
    return hits[:limit]


def find_videos(recordings_dir: Path, session_id: int) -> list[Path]:
    """Complete video files recorded for the session, in recording order.

    Partially written segments (``*.part.*``) are skipped: after a crash the finished
    segments still play.
    """
    folder = recordings_dir / str(session_id)
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in VIDEO_SUFFIXES and ".part" not in p.name
    )


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One session of a host's scorecard; None means "not recorded"."""

    session_id: int
    title: str
    started_at: datetime
    status: str
    follows: int
    follower_growth: float | None  # follows / UV
    interaction_rate: float | None
    gmv: float
    orders: int
    buyers: int
    repeat_buyers: int
    complaint_share: float | None
    watch_time_s: float | None  # no platform feeds it yet


def scorecard(store: Store, host: str | None = None, limit: int = 20) -> list[ScoreRow]:
    """The host's last ``limit`` sessions, oldest first; repeat buyers = bought before.

    Buyers are pseudonymised with the installation's salt, so the same buyer has the same
    id across sessions recorded here.
    """
    with store.engine.connect() as conn:
        where = "WHERE host = :host" if host else ""
        sessions = conn.execute(
            text(
                f"SELECT id, title, started_at, status FROM live_session {where} "
                "ORDER BY started_at DESC, id DESC LIMIT :n"
            ),
            {"host": host, "n": limit},
        ).all()
        sessions.reverse()
        seen: set[str] = set()
        rows = []
        for sid, title, started, status in sessions:
            rows.append(
                _score_row(
                    conn,
                    int(sid),
                    title=str(title or ""),
                    started=started,
                    status=str(status),
                    seen=seen,
                )
            )
    return rows


def _score_row(
    conn: Any, sid: int, *, title: str, started: Any, status: str, seen: set[str]
) -> ScoreRow:
    p = {"sid": sid}
    comments, commenters, complaints = conn.execute(
        text(
            "SELECT COUNT(*), COUNT(DISTINCT viewer), "
            "SUM(CASE WHEN intent = 'complaint' THEN 1 ELSE 0 END) "
            "FROM comment WHERE session_id = :sid"
        ),
        p,
    ).one()
    follows = conn.execute(
        text("SELECT COUNT(*) FROM interaction WHERE session_id = :sid AND kind = 'follow'"), p
    ).scalar()
    uv = conn.execute(
        text("SELECT MAX(COALESCE(uv, viewers_online)) FROM metric_sample WHERE session_id = :sid"),
        p,
    ).scalar()
    order_rows = conn.execute(
        text("SELECT buyer, amount FROM sales_order WHERE session_id = :sid"), p
    ).all()
    buyers = {str(b) for b, _a in order_rows if b}
    repeat = len(buyers & seen)
    seen |= buyers
    started_at = _as_datetime(started)
    assert started_at is not None
    return ScoreRow(
        session_id=sid,
        title=title,
        started_at=started_at,
        status=status,
        follows=int(follows or 0),
        follower_growth=int(follows or 0) / uv if uv else None,
        interaction_rate=int(commenters or 0) / uv if uv else None,
        gmv=round(sum(float(a) for _b, a in order_rows), 2),
        orders=len(order_rows),
        buyers=len(buyers),
        repeat_buyers=repeat,
        complaint_share=int(complaints or 0) / comments if comments else None,
        watch_time_s=None,
    )
