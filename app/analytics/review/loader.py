"""Loading one recorded session for review (直播复盘) as plain, thread-safe data.

A four-hour show holds a million comments, so the loader never builds one Python object
per comment: the database aggregates them into time bins (count, sentiment, intents) and
per product segment (:mod:`.comments`), and only the small tables (orders, transcript,
viewer samples, alerts, product segments) come back row by row.

Per-product figures use the platforms' definitions through :mod:`app.analytics.kpis`:
product GMV is the GMV of that SKU's orders during the whole session; per-product GPM =
product GMV x 1000 / PV gained while the product was on air (the 抖音 definition); None
when the platform reported no PV.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text

from app.analytics.kpis import product_gpm, pv_on_air
from app.analytics.review.comments import (
    FINE_MS,
    _comment_bins,
    _count_commenters,
    _fold_bins,
    _segment_comment_stats,
)
from app.analytics.review.highlights import _highlight_width, find_highlights
from app.analytics.review.model import (
    AlertRow,
    Bins,
    Line,
    OrderRow,
    ProductStats,
    Progress,
    ReviewData,
    ReviewError,
    Segment,
    SessionInfo,
    Totals,
)
from app.analytics.review.recordings import session_recordings
from app.messages import Message
from app.speech.audio_recorder import AudioSegment
from app.store.db import Store
from app.store.models import as_utc

#: Bin widths the timeline may use; each divides a minute so minute series derive from bins.
BIN_CHOICES_MS = (1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000)
#: About this many bins across the whole session (what a wide screen can show).
TARGET_BINS = 720


def _as_datetime(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return as_utc(value)
    return as_utc(datetime.fromisoformat(str(value)))


def _terms(value: Any) -> tuple[str, ...]:
    """The JSON list of an alert's terms (text on SQLite, a list on PostgreSQL)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _message(value: Any) -> Message | None:
    """An alert's stored sentence (JSON text on SQLite, a dict on PostgreSQL; NULL before
    migration 0007)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return Message.from_json(value)


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
            AlertRow(int(t), str(k), str(s), str(x), _terms(terms), _message(message))
            for t, k, s, x, terms, message in conn.execute(
                text(
                    "SELECT t_ms, kind, severity, text, terms, message FROM alert "
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
    videos: list[Path] = []
    audio: list[AudioSegment] = []
    if recordings_dir is not None:
        videos, audio = session_recordings(recordings_dir, session_id, interrupted=info.interrupted)
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


def _totals(
    conn: Any,
    session_id: int,
    *,
    orders: list[OrderRow],
    samples: Sequence[Any],
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


def _product_stats(
    segments: list[Segment],
    *,
    raw_segments: Sequence[Any],
    per_segment: dict[int, tuple[int, ...]],
    orders: list[OrderRow],
    alerts: list[AlertRow],
    samples: Sequence[Any],
    names: dict[str, str],
    spoken: dict[str, list[str]],
    transcript: list[Line],
) -> list[ProductStats]:
    """Per-product rows; mentions are the speech stage's mention alerts when it ran,
    else transcript segments naming the product (name or alias)."""
    have_alerts = any(a.kind == "mention" for a in alerts)
    pv_samples = [(int(s[0]), None if s[2] is None else int(s[2])) for s in samples]
    order_skus = [o.sku for o in orders]
    skus = list(dict.fromkeys([s.sku for s in segments] + order_skus))
    result = []
    for sku in skus:
        mine = [
            (seg, raw[0]) for seg, raw in zip(segments, raw_segments, strict=True) if seg.sku == sku
        ]
        stats = [per_segment.get(int(rid), (0,) * 7) for _seg, rid in mine]
        on_air_pv = (
            pv_on_air(pv_samples, [(seg.start_ms, seg.end_ms) for seg, _rid in mine])
            if mine
            else None
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
                pv_on_air=on_air_pv,
                gpm=product_gpm(gmv, on_air_pv),
            )
        )
    return result


def _spoken_names(catalogue: Sequence[Any]) -> dict[str, list[str]]:
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
