"""Times people read are local (UI, HTML, XLSX, CSV), stored as UTC; SRT stays relative.

The time zone is set with ``TZ`` + ``time.tzset()`` for the test and restored afterwards, so
a Beijing show must read 8 hours after its stored UTC time everywhere it is exported.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.analytics.export import export_session
from app.analytics.review import load_review
from app.analytics.timefmt import clock, local, wall_clock, zone_label
from app.config import Config
from app.live.headless import run_headless
from app.store.db import Store

SHANGHAI = timedelta(hours=8)


@pytest.fixture
def shanghai(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if not hasattr(time, "tzset"):
        pytest.fail("time.tzset is needed (POSIX) to run the local-time checks")
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def recorded(config: Config, store: Store, mini_bundle: Path) -> int:
    config.settings.record_video = False
    return run_headless(config, store, bundle_dir=mini_bundle, speed=8.0).session_id


@pytest.mark.usefixtures("shanghai")
def test_the_one_clock_format_and_the_local_zone() -> None:
    assert clock(0) == "00:00:00" and clock(3_723_999) == "01:02:03" and clock(-5) == "00:00:00"
    assert clock(90_000_000) == "25:00:00"  # hours keep counting on marathon streams
    moment = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
    assert local(moment) == "2026-03-01 20:30"
    assert local(moment.replace(tzinfo=None)) == "2026-03-01 20:30"  # naive = stored UTC
    assert wall_clock(moment, 90_000) == "20:31:30"
    assert zone_label(moment).startswith("UTC+08:00")


@pytest.mark.usefixtures("shanghai")
def test_exports_show_local_times(store: Store, recorded: int, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    data = load_review(store, recorded)
    started = data.session.started_at
    assert started.utcoffset() == timedelta(0)  # stored and loaded as UTC
    beijing = (started + SHANGHAI).replace(tzinfo=None)
    first_order = beijing + timedelta(milliseconds=data.orders[0].t_ms)

    export_session(data, "csv", tmp_path / "t", store=store)
    with (tmp_path / "t" / "orders.csv").open(encoding="utf-8-sig") as fh:
        orders = list(csv.DictReader(fh))
    assert orders[0]["Time of day"] == f"{first_order:%Y-%m-%d %H:%M:%S}"
    assert orders[0]["Session time"] == clock(data.orders[0].t_ms)
    with (tmp_path / "t" / "summary.csv").open(encoding="utf-8-sig") as fh:
        summary = {r["Figure"]: r["Value"] for r in csv.DictReader(fh)}
    assert summary["Started"] == f"{beijing:%Y-%m-%d %H:%M:%S}"

    (xlsx,) = export_session(data, "xlsx", tmp_path / "r.xlsx")
    book = load_workbook(xlsx)
    sheet = book["Orders"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("Time of day") + 1)
    assert cell.is_date and abs(cell.value - first_order) < timedelta(seconds=1)
    length = sheet.cell(row=2, column=header.index("Session time") + 1)
    # an Excel time (a number of days with a time format), never text
    assert length.number_format == "[h]:mm:ss" and not isinstance(length.value, str)
    book.close()

    (page,) = export_session(data, "html", tmp_path / "r.html")
    html = page.read_text(encoding="utf-8")
    assert f"{beijing:%Y-%m-%d %H:%M}" in html
    assert html.count("UTC+08:00") == 1  # the zone is said once
    utc_text = f"{started:%Y-%m-%d %H:%M}"
    assert utc_text == f"{beijing:%Y-%m-%d %H:%M}" or utc_text not in html

    (srt,) = export_session(data, "srt", tmp_path / "c.srt")
    assert srt.read_text(encoding="utf-8").startswith("1\n00:00:00,000")  # relative
