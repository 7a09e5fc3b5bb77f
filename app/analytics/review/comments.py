"""The comment aggregates: the only reads that scan a session's (maybe million) comments.

The database sums comments per second (count, sentiment, intent) in one scan; product
segments and bins are derived from those sums without another full read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import text

from app.store.db import Store

#: Resolution of the one aggregate read of comments (segments are exact anyway).
FINE_MS = 1_000


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
    raw_segments: Sequence[Any],
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
