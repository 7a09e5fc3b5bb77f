"""One show, one set of figures: the live panel, Pitch next, the review and the exports agree.

The bundled demo is replayed through the real engine; the figures the live KPI panel reads
(``engine.kpis``), the review's totals and per-product GPM, Pitch next's "GPM ¥…" reason and
the exported summary (HTML text and XLSX numbers) are compared on it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.analytics.export import export_session
from app.analytics.review import load_review
from app.commerce.recommend import Recommender, load_past_performance
from app.config import Config
from app.live.builder import load_replay
from app.live.headless import run_engine
from app.paths import DEMO_BUNDLE
from app.session.events import ProductSwitchEvent
from app.store.db import Store


def test_every_figure_of_the_demo_agrees(config: Config, store: Store, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    engine = load_replay(config, store, DEMO_BUNDLE, speed=12.0)
    result = run_engine(engine, store)
    live = engine.kpis.snapshot()
    review = load_review(store, result.session_id)
    totals = review.totals

    # the live panel and the review: the same formulas on the same show
    assert totals.gmv == pytest.approx(live.gmv)
    assert totals.orders == live.orders and totals.buyers == live.buyers
    assert totals.commenters == live.unique_commenters
    for name in ("gpm", "uv_value", "aov", "conversion", "interaction_rate", "follow_rate"):
        assert getattr(totals, name) == pytest.approx(getattr(live, name)), name
    assert totals.gpm is not None and totals.gpm > 0

    # Pitch next quotes the review's per-product GPM of the last session
    past = load_past_performance(store)
    rated = {p.sku: p.gpm for p in review.products if p.gpm is not None and p.orders}
    assert rated, "the demo sells products while PV is reported"
    assert past.last_gpm == pytest.approx(rated)
    products = list(engine.products)
    recommender = Recommender(products, [p.sku for p in products], past=past)
    recommender.feed(ProductSwitchEvent(0, products[0].sku))
    said = {r.sku: [str(m) for m in r.reasons] for r in recommender.rank(60_000)}
    quoted = [sku for sku, reasons in said.items() if any("last session" in m for m in reasons)]
    assert quoted, said
    for sku in quoted:
        expected = f"sold {past.last_sold[sku]} last session at GPM ¥{rated[sku]:,.0f}"
        assert expected in said[sku]

    # the exports show the same numbers, as numbers
    (xlsx,) = export_session(review, "xlsx", tmp_path / "r.xlsx", store=store)
    book = load_workbook(xlsx)
    figures = {row[0].value: row[1] for row in book["Key figures"].iter_rows(min_row=2)}
    gpm_cell = figures["GPM (GMV × 1000 / PV)"]
    assert gpm_cell.data_type == "n" and gpm_cell.value == pytest.approx(totals.gpm)
    assert gpm_cell.number_format == "#,##0.00"
    assert figures["GMV (paid orders, refunds not deducted)"].value == pytest.approx(live.gmv)
    rate = figures["Interaction rate (commenters / UV)"]
    assert rate.value == pytest.approx(live.interaction_rate) and rate.number_format == "0.0%"
    products_sheet = book["Products"]
    header = [c.value for c in products_sheet[1]]
    for row in products_sheet.iter_rows(min_row=2):
        sku, gpm = row[header.index("SKU")].value, row[header.index("GPM")].value
        if sku in rated:
            assert gpm == pytest.approx(rated[sku])
    book.close()
    (page,) = export_session(review, "html", tmp_path / "r.html", store=store)
    assert f"{totals.gpm:,.2f}" in page.read_text(encoding="utf-8")
