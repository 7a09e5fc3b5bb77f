"""The host scorecard (trends, team rank) and the post-show diagnosis."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.analytics.export import export_scorecard
from app.analytics.review import (
    ScoreRow,
    diagnose,
    load_review,
    scorecard,
    team_ranking,
    trend,
)
from app.config import Config
from app.live.headless import run_headless
from app.store.db import Store


def _row(
    sid: int, gmv: float, complaints: float | None = 0.0, rate: float | None = 0.1
) -> ScoreRow:
    return ScoreRow(
        session_id=sid, title=f"s{sid}", started_at=datetime(2026, 1, sid, tzinfo=UTC),
        status="ended", follows=3, follower_growth=0.01, interaction_rate=rate, gmv=gmv,
        orders=int(gmv // 100), buyers=2, repeat_buyers=0, complaint_share=complaints,
        watch_time_s=None, host="小鹿", gpm=gmv * 2,
    )  # fmt: skip


def test_trend_against_the_median_of_earlier_shows() -> None:
    rows = [_row(1, 1000), _row(2, 3000), _row(3, 2000), _row(4, 1000), _row(5, 1520)]
    assert trend(rows, 0, "gmv") == 0  # nothing earlier
    assert trend(rows, 1, "gmv") == 1
    assert trend(rows, 3, "gmv") == -1  # below the median 2000
    assert trend(rows, 4, "gmv") == 0  # within 5 % of the median 1500: steady
    worse = [_row(1, 1, complaints=0.01), _row(2, 1, complaints=0.2)]
    assert trend(worse, 1, "complaint_share") == -1  # more complaints is worse
    assert trend([_row(1, 1, rate=None), _row(2, 1)], 1, "interaction_rate") == 0


def test_scorecard_rank_and_diagnosis_of_recorded_shows(
    config: Config, store: Store, mini_bundle: Path, tmp_path: Path
) -> None:
    config.settings.record_video = False
    first = run_headless(config, store, bundle_dir=mini_bundle, speed=8.0).session_id
    second = run_headless(config, store, bundle_dir=mini_bundle, speed=8.0).session_id
    data = load_review(store, second)
    rows = scorecard(store, data.session.host)
    assert [r.session_id for r in rows] == [first, second]
    assert rows[1].gmv == data.totals.gmv and rows[1].gpm == pytest.approx(data.totals.gpm)
    assert rows[0].repeat_buyers == 0 and rows[1].repeat_buyers >= 1  # the same buyer again
    ranking = team_ranking(store)
    assert [(r.host, r.rank, r.sessions) for r in ranking] == [(data.session.host, 1, 2)]

    # the same show twice: nothing is weaker than the host's median
    same = diagnose(data, rows)
    assert same.earlier == 1 and same.weaknesses == ()
    # against a better earlier show, the sales figures are the weakest, with their minutes
    better = replace(rows[0], gmv=rows[1].gmv * 3, gpm=(rows[1].gpm or 1) * 3, orders=9)
    found = diagnose(data, [better, rows[1]])
    assert [w.metric for w in found.weaknesses][:1] in (["gmv"], ["gpm"], ["orders"])
    assert len(found.weaknesses) == 3
    weakest = found.weaknesses[0]
    assert weakest.change < 0 and weakest.moments
    moment = weakest.moments[0]
    assert moment.start_ms == 0 and moment.product  # the minute, what was on air
    assert moment.said  # and what the host said then
    assert diagnose(data, rows[1:]).earlier == 0  # the first show: nothing to compare

    out = export_scorecard(rows, tmp_path / "card.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(out)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    gmv = sheet.cell(row=3, column=header.index("GMV") + 1)
    assert gmv.data_type == "n" and gmv.value == rows[1].gmv
    book.close()
