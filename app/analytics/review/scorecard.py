"""The host scorecard: one host's shows over time, trends, and rank among the team's hosts.

Each row is one session with the figures from :mod:`app.analytics.kpis` (the one place
they are computed), so the scorecard, the review and the live panel agree. A trend compares
a session with the median of the host's earlier ones; the rank orders the team's hosts by
their median GMV per show. Buyers are pseudonymised with the installation's salt, so the
same buyer has the same id across sessions recorded here (repeat buyers = bought before).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text

from app.analytics.kpis import figures
from app.store.db import Store
from app.store.models import as_utc

#: Scorecard figures where more is better (complaint share: less is better).
HIGHER_IS_BETTER = {
    "gmv": True,
    "gpm": True,
    "orders": True,
    "follows": True,
    "follower_growth": True,
    "interaction_rate": True,
    "repeat_buyers": True,
    "complaint_share": False,
}
#: A change smaller than this share of the median reads as "steady".
STEADY = 0.05


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One session of a host's scorecard; None means "not recorded"."""

    session_id: int
    title: str
    started_at: datetime
    status: str
    follows: int
    follower_growth: float | None  # follow rate: new followers / audience
    interaction_rate: float | None
    gmv: float
    orders: int
    buyers: int
    repeat_buyers: int
    complaint_share: float | None
    watch_time_s: float | None  # no platform feeds it yet
    host: str = ""
    gpm: float | None = None
    pv: int | None = None


@dataclass(frozen=True, slots=True)
class HostRank:
    """A host's place in the team: by median GMV per show (1 = best)."""

    host: str
    rank: int
    hosts: int
    sessions: int
    median_gmv: float


def _as_datetime(value: Any) -> datetime:
    result = as_utc(value if isinstance(value, datetime) else datetime.fromisoformat(str(value)))
    assert result is not None
    return result


def scorecard(store: Store, host: str | None = None, limit: int = 20) -> list[ScoreRow]:
    """The host's last ``limit`` sessions (every host's when None), oldest first."""
    with store.engine.connect() as conn:
        where = "WHERE host = :host" if host else ""
        sessions = list(
            conn.execute(
                text(
                    f"SELECT id, title, started_at, status, host FROM live_session {where} "
                    "ORDER BY started_at DESC, id DESC LIMIT :n"
                ),
                {"host": host, "n": limit},
            ).all()
        )
        sessions.reverse()
        seen: set[str] = set()
        return [
            _score_row(
                conn,
                int(sid),
                title=str(title or ""),
                started=started,
                status=str(status),
                host=str(who or ""),
                seen=seen,
            )
            for sid, title, started, status, who in sessions
        ]


def _score_row(
    conn: Any, sid: int, *, title: str, started: Any, status: str, host: str, seen: set[str]
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
    follows = int(
        conn.execute(
            text("SELECT COUNT(*) FROM interaction WHERE session_id = :sid AND kind = 'follow'"),
            p,
        ).scalar()
        or 0
    )
    pv, uv, peak = conn.execute(
        text(
            "SELECT MAX(pv), MAX(uv), MAX(viewers_online) FROM metric_sample "
            "WHERE session_id = :sid"
        ),
        p,
    ).one()
    order_rows = conn.execute(
        text("SELECT buyer, amount, order_id FROM sales_order WHERE session_id = :sid"), p
    ).all()
    buyers = {str(b or oid) for b, _a, oid in order_rows}
    known = {str(b) for b, _a, _o in order_rows if b}
    repeat = len(known & seen)
    seen |= known
    gmv = round(sum(float(a) for _b, a, _o in order_rows), 2)
    derived = figures(
        gmv=gmv,
        pv=None if pv is None else int(pv),
        uv=None if uv is None else int(uv),
        peak_online=None if peak is None else int(peak),
        buyers=len(buyers),
        commenters=int(commenters or 0),
        follows=follows,
    )
    return ScoreRow(
        session_id=sid,
        title=title,
        started_at=_as_datetime(started),
        status=status,
        follows=follows,
        follower_growth=derived.follow_rate,
        interaction_rate=derived.interaction_rate,
        gmv=gmv,
        orders=len(order_rows),
        buyers=len(buyers),
        repeat_buyers=repeat,
        complaint_share=int(complaints or 0) / comments if comments else None,
        watch_time_s=None,
        host=host,
        gpm=derived.gpm,
        pv=None if pv is None else int(pv),
    )


def against_earlier(
    rows: Sequence[ScoreRow], index: int, metric: str
) -> tuple[float, float] | None:
    """(``rows[index]``'s ``metric``, the median of the host's shows before it); None when
    there is nothing to compare (the first show, a figure not recorded)."""
    value = getattr(rows[index], metric)
    earlier = [v for r in rows[:index] if (v := getattr(r, metric)) is not None]
    if value is None or not earlier:
        return None
    return float(value), float(statistics.median(earlier))


def trend(rows: Sequence[ScoreRow], index: int, metric: str) -> int:
    """+1 better, -1 worse, 0 steady (or nothing to compare): ``rows[index]`` against the
    median of the rows before."""
    pair = against_earlier(rows, index, metric)
    if pair is None:
        return 0
    value, median = pair
    if abs(value - median) <= STEADY * abs(median) or value == median:
        return 0
    better = value > median if HIGHER_IS_BETTER.get(metric, True) else value < median
    return 1 if better else -1


def team_ranking(store: Store) -> list[HostRank]:
    """Every host that has recorded a show, best first by median GMV per show."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT s.host, s.id, COALESCE(SUM(o.amount), 0) FROM live_session s "
                "LEFT JOIN sales_order o ON o.session_id = s.id GROUP BY s.host, s.id"
            )
        ).all()
    per_host: dict[str, list[float]] = {}
    for host, _sid, gmv in rows:
        per_host.setdefault(str(host or ""), []).append(float(gmv or 0.0))
    medians = sorted(
        ((statistics.median(v), len(v), h) for h, v in per_host.items()),
        key=lambda item: (-item[0], item[2]),
    )
    return [
        HostRank(host=h, rank=i + 1, hosts=len(medians), sessions=n, median_gmv=round(m, 2))
        for i, (m, n, h) in enumerate(medians)
    ]


def host_rank(store: Store, host: str) -> HostRank | None:
    """``host``'s place in :func:`team_ranking`; None for a host with no show."""
    return next((r for r in team_ranking(store) if r.host == host), None)
