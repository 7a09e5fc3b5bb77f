"""Review loading and exports on a recorded mini session (values checked by hand).

The mini bundle (tests/conftest.py): A-1 on air 0–900 ms, B-2 from 900 ms to the end
(1600 ms); comments at 200 (question), 400 (purchase) and 1000 ms (question); orders
o1 158.00 (A-1, 500 ms) and o2 199.00 (B-2, 1100 ms); PV 300 at 100 ms and 420 at 1500 ms.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.analytics.export import export_session, html_report, srt_text
from app.analytics.review import (
    Bins,
    ReviewError,
    choose_bin_ms,
    find_highlights,
    find_videos,
    latest_session_id,
    load_review,
    scorecard,
    search,
)
from app.cli import main
from app.config import Config
from app.live.headless import run_headless
from app.session import lifecycle
from app.store.db import Store
from app.store.models import Comment, Order, ProductSegment


@pytest.fixture
def recorded(config: Config, store: Store, mini_bundle: Path) -> int:
    return run_headless(config, store, bundle_dir=mini_bundle, speed=8.0).session_id


def test_review_data_of_the_mini_session(store: Store, recorded: int) -> None:
    data = load_review(store, recorded)
    assert data.session.title == "Mini rehearsal"
    assert data.session.status == "ended"
    assert data.session.duration_ms >= 1_500
    first = data.segments[0]
    assert (first.sku, first.start_ms, first.end_ms) == ("A-1", 0, 900)
    assert data.segments[1].sku == "B-2" and data.segments[1].start_ms == 900
    assert [ln.text for ln in data.transcript] == [
        "大家好，今天全场全网最低价",
        "These look great on you",
    ]
    t = data.totals
    assert (t.comments, t.commenters, t.orders, t.gmv) == (3, 2, 2, 357.0)
    assert (t.pv, t.uv, t.peak_viewers, t.likes, t.follows) == (420, 260, 150, 7, 1)
    assert t.gpm == pytest.approx(357.0 * 1000 / 420)
    by_sku = {p.sku: p for p in data.products}
    lip, sun = by_sku["A-1"], by_sku["B-2"]
    assert (lip.on_air_ms, lip.orders, lip.gmv, lip.questions, lip.purchase_intents) == (
        900, 1, 158.0, 1, 1,
    )  # fmt: skip
    assert (sun.orders, sun.gmv, sun.questions, sun.purchase_intents) == (1, 199.0, 1, 0)
    assert lip.pv_on_air == 300 and lip.gpm == pytest.approx(158.0 * 1000 / 300, abs=0.01)
    assert sum(data.bins.comments) == 3 and sum(data.bins.orders) == 2
    minutes = data.minute_series()
    assert minutes["comments"] == [3.0] and minutes["gmv"] == [357.0]


def test_search_finds_comments_and_transcript(store: Store, recorded: int) -> None:
    hits = search(store, recorded, "最低价")
    assert [(h.kind, h.t_ms) for h in hits] == [("transcript", 0)]
    hits = search(store, recorded, "口红")
    assert [(h.kind, h.t_ms) for h in hits] == [("comment", 200)]
    assert [h.text for h in search(store, recorded, "LINK")] == ["link please"]
    assert search(store, recorded, "100%") == []  # LIKE wildcards are literal
    assert search(store, recorded, "  ") == []


def test_latest_and_unknown_sessions(store: Store, recorded: int) -> None:
    assert latest_session_id(store) == recorded
    with pytest.raises(ReviewError, match="no session with id 999"):
        load_review(store, 999)


def test_no_sessions_is_a_clear_error(store: Store) -> None:
    with pytest.raises(ReviewError, match="no sessions recorded yet"):
        latest_session_id(store)


def test_interrupted_session_is_reviewable(store: Store) -> None:
    sid = build_interrupted_session(store)
    data = load_review(store, sid)
    assert data.session.interrupted
    assert data.totals.comments == 2 and data.totals.gmv == 50.0
    assert data.segments[0].end_ms == 5_000  # closed at the last heartbeat
    assert "stopped unexpectedly" in html_report(data)


def build_interrupted_session(store: Store) -> int:
    """Rows as a SIGKILLed recorder leaves them, then the start-up recovery."""
    started = datetime(2026, 1, 2, 12, 0, tzinfo=UTC)
    sid = lifecycle.begin_session(
        store, title="Crashed show", platform="douyin", host="h", mode="live",
        started_at=started,
    )  # fmt: skip
    with store.sessions.begin() as s:
        s.add(ProductSegment(session_id=sid, sku="A-1", start_ms=0, ts=started))
        for i, t in enumerate((1_000, 4_000)):
            s.add(
                Comment(session_id=sid, event_id=f"c{i}", platform="douyin", viewer=f"v{i}",
                        text="还有货吗", spam=False, t_ms=t, ts=started)
            )  # fmt: skip
        s.add(Order(session_id=sid, order_id="o1", sku="A-1", qty=1, amount=50.0, t_ms=3_000,
                    ts=started))  # fmt: skip
        lifecycle.heartbeat(s, sid, 5_000)
        lifecycle.close_session(s, sid, "interrupted")
    return sid


def test_highlights_find_spikes() -> None:
    comments = [2] * 30
    comments[10] = comments[11] = 40
    orders = [0] * 30
    orders[20] = 9
    zeros = [0] * 30
    bins = Bins(10_000, comments, zeros, zeros, zeros, zeros, zeros, zeros, orders, [0.0] * 30)
    found = find_highlights(bins, pad_ms=0)
    assert [(h.reason, h.start_ms, h.end_ms, h.value) for h in found] == [
        ("comments", 100_000, 120_000, 40.0),
        ("orders", 200_000, 210_000, 9.0),
    ]


def test_bin_width_and_video_discovery(tmp_path: Path) -> None:
    assert choose_bin_ms(1_600) == 1_000
    assert choose_bin_ms(4 * 3_600_000) == 30_000
    folder = tmp_path / "7" / "video"
    folder.mkdir(parents=True)
    for name in ("seg_00002.avi", "seg_00001.avi", "seg_00003.part.avi", "notes.txt"):
        (folder / name).write_bytes(b"x")
    assert [p.name for p in find_videos(tmp_path, 7)] == ["seg_00001.avi", "seg_00002.avi"]
    assert find_videos(tmp_path, 8) == []


def test_scorecard_across_sessions(store: Store, recorded: int) -> None:
    rows = scorecard(store)
    assert len(rows) == 1
    row = rows[0]
    assert (row.session_id, row.gmv, row.orders, row.follows) == (recorded, 357.0, 2, 1)
    assert row.repeat_buyers == 0 and row.watch_time_s is None
    assert row.interaction_rate == pytest.approx(2 / 260)


# -- exports ---------------------------------------------------------------------------------
def test_html_report_is_self_contained(store: Store, recorded: int, tmp_path: Path) -> None:
    data = load_review(store, recorded)
    steps: list[float] = []
    (out,) = export_session(
        data, "html", tmp_path / "r.html", progress=lambda f, _w: steps.append(f)
    )
    page = out.read_text(encoding="utf-8")
    assert "<title>Mini rehearsal" in page
    for chart in ("chart-products", "chart-viewers", "chart-comments", "chart-gmv"):
        assert f'<svg id="{chart}"' in page
    assert "<polyline" in page and "<rect" in page
    assert not re.search(r"<script|https?://(?!www\.w3\.org/2000/svg)", page)
    assert steps[0] == 0.0 and steps[-1] == 1.0 and steps == sorted(steps)


def test_csv_and_xlsx_read_back(store: Store, recorded: int, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    data = load_review(store, recorded)
    files = export_session(data, "csv", tmp_path / "tables", store=store)
    names = {p.name for p in files}
    assert {"products.csv", "minutes.csv", "orders.csv", "comments.csv"} <= names
    with (tmp_path / "tables" / "products.csv").open(encoding="utf-8-sig") as fh:
        products = list(csv.DictReader(fh))
    assert [(r["SKU"], r["Orders"], r["GMV"]) for r in products] == [
        ("A-1", "1", "158.0"),
        ("B-2", "1", "199.0"),
    ]
    with (tmp_path / "tables" / "comments.csv").open(encoding="utf-8-sig") as fh:
        comments = list(csv.DictReader(fh))
    assert [c["text"] for c in comments] == ["这个口红显白吗？", "link please", "墨镜多少钱"]
    assert all(c["viewer"].startswith("v") for c in comments)  # pseudonymised
    (xlsx,) = export_session(data, "xlsx", tmp_path / "r.xlsx")
    book = load_workbook(xlsx, read_only=True)
    assert {"Key figures", "Minutes", "Products", "Orders", "Transcript"} <= set(book.sheetnames)
    rows = list(book["Orders"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Session time", "Time of day", "Order")
    assert [r[2] for r in rows[1:]] == ["o1", "o2"]
    book.close()


def test_srt_captions(store: Store, recorded: int) -> None:
    text = srt_text(load_review(store, recorded))
    # Cues shorter than half a second are stretched to 0.5 s so they can be read.
    assert text.startswith("1\n00:00:00,000 --> 00:00:00,500\n大家好")
    assert "2\n00:00:00,800 --> 00:00:01,300\nThese look great on you" in text


def test_srt_export_uses_the_caption_writer(store: Store, recorded: int, tmp_path: Path) -> None:
    data = load_review(store, recorded)
    (out,) = export_session(data, "srt", tmp_path / "c.srt", store=store)
    cues = out.read_text(encoding="utf-8").strip().split("\n\n")
    assert len(cues) == 2
    assert cues[0].splitlines()[1:] == [
        "00:00:00,000 --> 00:00:00,700",
        "大家好，今天全场全网最低价",
    ]
    assert cues[1].splitlines()[2] == "These look great on you"


def test_cli_export_prints_progress_and_rejects_bad_ids(
    config: Config, recorded: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.html"
    assert main(["sessions", "export", str(recorded), "--format", "html", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == str(out)
    assert "100.0%" in captured.err
    assert main(["sessions", "export", "999", "--out", str(tmp_path / "x.html")]) == 1
    assert "no session with id 999" in capsys.readouterr().err
    bad = tmp_path / "file.txt"
    bad.write_text("x")
    assert main(["sessions", "export", str(recorded), "--format", "csv", "--out", str(bad)]) == 1
    assert "CSV export writes a folder" in capsys.readouterr().err


def test_bench_store_small(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "store", "--comments", "3000", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["rows"] == 3000 and result["orders"] == 150
    for key in ("recorder_rows_per_s", "raw_sqlite3_rows_per_s", "review_open_s", "html_export_s"):
        assert result[key] > 0
