"""What earlier sessions say about each product, read from the store for "Pitch next".

Per-product GPM is the review's figure (:func:`app.analytics.kpis.product_gpm`: the
product's GMV in a session x 1000 / PV gained while it was on air), computed per session
and then summed up: :attr:`PastPerformance.last_gpm` is the latest session's figure (what
"sold 20 last session at GPM ¥…" quotes, equal to that session's review), and
:attr:`PastPerformance.gpm` the median over the sessions that had it (the score).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text

from app.analytics.kpis import product_gpm, pv_on_air


@dataclass(frozen=True, slots=True)
class PastPerformance:
    """What earlier sessions say about each product (empty when there are none)."""

    gpm: dict[str, float] = field(default_factory=dict)
    last_sold: dict[str, int] = field(default_factory=dict)
    conversion: dict[str, float] = field(default_factory=dict)
    pairs: dict[tuple[str, str], int] = field(default_factory=dict)
    sessions: int = 0
    last_gpm: dict[str, float] = field(default_factory=dict)


def load_past_performance(store: Any, exclude_session: int | None = None) -> PastPerformance:
    """Per-product GPM, units sold last session and co-purchases from recorded sessions.

    Runs on a worker (small tables only: orders, product segments, PV samples); an empty
    store gives empty figures.
    """
    skip = {"skip": -1 if exclude_session is None else exclude_session}
    with store.engine.connect() as conn:
        orders = conn.execute(
            text(
                "SELECT session_id, sku, qty, amount, buyer FROM sales_order "
                "WHERE session_id != :skip ORDER BY session_id, t_ms"
            ),
            skip,
        ).all()
        if not orders:
            return PastPerformance()
        segments = conn.execute(
            text(
                "SELECT session_id, sku, start_ms, end_ms FROM product_segment "
                "WHERE session_id != :skip AND end_ms IS NOT NULL ORDER BY session_id, start_ms"
            ),
            skip,
        ).all()
        samples = conn.execute(
            text(
                "SELECT session_id, t_ms, pv FROM metric_sample "
                "WHERE session_id != :skip ORDER BY session_id, t_ms"
            ),
            skip,
        ).all()
    per_session = _session_gpms(orders, segments, samples)
    gpm: dict[str, list[float]] = {}
    last_gpm: dict[str, float] = {}
    for _sid, figures in sorted(per_session.items()):
        for sku, value in figures.items():
            gpm.setdefault(sku, []).append(value)
            last_gpm[sku] = value
    return PastPerformance(
        gpm={sku: float(statistics.median(values)) for sku, values in gpm.items()},
        last_sold=_last_sold(orders),
        pairs=_pairs(orders),
        sessions=len({int(o[0]) for o in orders}),
        last_gpm=last_gpm,
    )


def _session_gpms(
    orders: list[Any], segments: list[Any], samples: list[Any]
) -> dict[int, dict[str, float]]:
    """{session: {sku: GPM}} for every product that was on air while PV was reported."""
    gmv: dict[tuple[int, str], float] = {}
    for sid, sku, _qty, amount, _buyer in orders:
        key = (int(sid), str(sku))
        gmv[key] = gmv.get(key, 0.0) + float(amount)
    spans: dict[tuple[int, str], list[tuple[int, int]]] = {}
    for sid, sku, start, end in segments:
        spans.setdefault((int(sid), str(sku)), []).append((int(start), int(end)))
    pv_samples: dict[int, list[tuple[int, int | None]]] = {}
    for sid, t_ms, pv in samples:
        pv_samples.setdefault(int(sid), []).append((int(t_ms), None if pv is None else int(pv)))
    result: dict[int, dict[str, float]] = {}
    for (sid, sku), on_air in spans.items():
        value = product_gpm(
            round(gmv.get((sid, sku), 0.0), 2), pv_on_air(pv_samples.get(sid, []), on_air)
        )
        if value is not None and (sid, sku) in gmv:
            result.setdefault(sid, {})[sku] = value
    return result


def _last_sold(orders: list[Any]) -> dict[str, int]:
    last = max(int(o[0]) for o in orders)
    sold: dict[str, int] = {}
    for sid, sku, qty, _amount, _buyer in orders:
        if int(sid) == last:
            sold[str(sku)] = sold.get(str(sku), 0) + int(qty)
    return sold


def _pairs(orders: list[Any]) -> dict[tuple[str, str], int]:
    bought: dict[str, set[str]] = {}
    for _sid, sku, _qty, _amount, buyer in orders:
        if buyer:
            bought.setdefault(str(buyer), set()).add(str(sku))
    pairs: dict[tuple[str, str], int] = {}
    for skus in bought.values():
        ordered = sorted(skus)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                pairs[(a, b)] = pairs.get((a, b), 0) + 1
    return pairs
