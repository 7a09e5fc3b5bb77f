"""Reports in the reader's language: every word comes from the report catalogue.

The words are English templates (``app.analytics.report_text``) rendered by the
``translate`` of the reader's language: the review window passes Qt's, the CLI reads the
shipped ``.qm`` catalogue itself (``--lang``).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from app import cli
from app.analytics import report_text
from app.analytics.export import export_session, html_report
from app.analytics.report_text import ReportText, read_qm, report_text_for
from app.analytics.review import load_review
from app.config import Config
from app.live.headless import run_headless
from app.messages import Message
from app.paths import RESOURCES
from app.store.db import Store


@pytest.fixture
def recorded(config: Config, store: Store, mini_bundle: Path) -> int:
    config.settings.record_video = False
    return run_headless(config, store, bundle_dir=mini_bundle, speed=8.0).session_id


def _every_template() -> list[str]:
    tables = (
        report_text.HEADINGS, report_text.KPI, report_text.COLUMN, report_text.REASON,
        report_text.ALERT_KIND, report_text.SEVERITY, report_text.STATUS, report_text.METRIC,
        report_text.SENTENCE, report_text.PLATFORM,
    )  # fmt: skip
    return [report_text.NOT_RECORDED] + [t for table in tables for t in table.values()]


def test_every_visible_word_goes_through_the_catalogue(store: Store, recorded: int) -> None:
    """A translate that marks each template shows whether any English slipped past it."""
    seen: list[str] = []

    def mark(template: str) -> str:
        seen.append(template)
        return "‹" + template + "›"

    data = load_review(store, recorded)
    page = html_report(data, words=ReportText(mark, "zh-CN"))
    assert '<html lang="zh-CN">' in page
    headings = re.findall(r"<h2>(.*?)</h2>", page)
    assert headings and all(h.startswith("‹") for h in headings), headings
    header_cells = re.findall(r"<th>(.*?)</th>", page)
    assert header_cells and all(h.startswith("‹") for h in header_cells), header_cells
    for raw in ("on_air_s", "pv_on_air", "purchase_intents", "KPI", "t_ms"):
        assert raw not in page
    # ... and the alerts' own sentences, kept with each alert (migration 0007)
    assert data.alerts and all(a.note is not None for a in data.alerts)
    said = {m.template for a in data.alerts for m in _templates(a.note)}
    assert set(seen) <= set(_every_template()) | said
    assert said & set(seen)


def _templates(message):
    yield message
    for value in message.values.values():
        if isinstance(value, Message):
            yield from _templates(value)


def test_alerts_read_in_chinese_in_the_report(store: Store, recorded: int) -> None:
    zh = report_text_for("zh_CN")
    data = load_review(store, recorded)
    compliance = [a for a in data.alerts if a.kind == "compliance"]
    assert compliance, "the demo says a forbidden phrase"
    page = html_report(data, words=zh)
    for alert in compliance:
        chinese = alert.note.render(zh.translate)
        assert chinese != alert.text and re.search(r"[\u4e00-\u9fff]", chinese)
        assert html.escape(chinese) in page
        assert alert.text not in page  # the English sentence stays out of a Chinese report


def test_the_catalogue_is_read_without_qt(store: Store, recorded: int, tmp_path: Path) -> None:
    table = read_qm(RESOURCES / "i18n" / "anchordesk_zh_CN.qm")
    assert table["{minutes:g} min"] == "{minutes:g} 分钟"  # a Messages template already there
    assert report_text_for("en").lang == "en"
    zh = report_text_for("zh_CN")
    assert zh.lang == "zh-CN" and zh("{minutes:g} min", minutes=5) == "5 分钟"
    out = tmp_path / "r.html"
    assert (
        cli.main(["sessions", "export", str(recorded), "--out", str(out), "--lang", "zh_CN"]) == 0
    )
    assert '<html lang="zh-CN">' in out.read_text(encoding="utf-8")
    data = load_review(store, recorded)
    (xlsx,) = export_session(data, "xlsx", tmp_path / "r.xlsx", words=zh)
    assert xlsx.is_file()
