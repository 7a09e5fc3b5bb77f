"""The pre-show audit as a file: a self-contained HTML page or an XLSX workbook.

HTML has inline CSS and nothing else (no scripts, fonts or images): it opens offline and
can be mailed as one file, like the session review (app/analytics/export.py). XLSX has a
"Findings" sheet and a "Summary" sheet; every cell goes through :mod:`app.cells`, so a
product name or talking point that starts with ``=`` is written as text, never a formula.
Headers are bilingual (English 中文): the file is read outside the app, in any language.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.cells import xlsx_row
from app.errors import UserError
from app.speech.audit import AuditReport, Finding
from app.speech.compliance import CATEGORY_LABELS, money

FORMATS = ("html", "xlsx")
HEADER = (
    "Where 位置",
    "Text 原文",
    "Phrase 用语",
    "Category 类别",
    "Article 依据",
    "Suggestion 建议说法",
    "Note 备注",
)
SUMMARY_HEADER = ("Category 类别", "Findings 条数")


#: Chinese names of the bundled categories: reports are read outside the app, so they carry
#: both languages (the UI translates CATEGORY_LABELS through its catalogue instead).
CATEGORY_ZH = {
    "absolute": "绝对化用语",
    "state": "使用国家机关名义",
    "medical": "医疗用语",
    "health_food": "保健功效宣称",
    "efficacy": "功效或安全性保证",
    "guarantee": "承诺收益或效果",
    "false": "虚假或引人误解",
    "superstition": "封建迷信",
    "live_duty": "直播营销义务",
    "price": "参考价格",
    "custom": "团队词表",
}


class AuditReportError(UserError):
    """The report cannot be written (format or path); the message says what to do."""


def _category(key: str) -> str:
    """The category in both languages ("absolute claim 绝对化用语"); a team's key as it is."""
    if key not in CATEGORY_LABELS:
        return key
    return (
        f"{CATEGORY_LABELS[key]} {CATEGORY_ZH[key]}" if key in CATEGORY_ZH else CATEGORY_LABELS[key]
    )


def category_name(finding: Finding) -> str:
    return finding.category_label or _category(finding.category)


def note(finding: Finding) -> str:
    """What to check about a reference price, in plain English."""
    if finding.reference is None:
        return ""
    said = f"reference ¥{money(finding.reference)}"
    if finding.now is not None:
        said += f", now ¥{money(finding.now)}"
    if finding.catalog_price is None:
        return f"{said}: keep a record that this price was really charged"
    if finding.price_differs:
        return f"{said}: the catalog's regular price is ¥{money(finding.catalog_price)}"
    return f"{said}: the catalog's regular price; keep a record that it was really charged"


def rows(report: AuditReport) -> list[tuple[str, ...]]:
    """One row per finding, in HEADER order."""
    return [
        (f.where, f.text, f.term, category_name(f), f.article, f.suggestion, note(f))
        for f in report.findings
    ]


def summary_rows(report: AuditReport) -> list[tuple[str, int]]:
    return [(_category(key), count) for key, count in report.counts().items()]


def _subtitle(report: AuditReport) -> str:
    show = f"show #{report.show_id} {report.show_title} · " if report.show_id else ""
    return (
        f"{show}{report.products} product(s), {report.texts} text(s) scanned · "
        f"{len(report.findings)} finding(s) · {report.created_at:%Y-%m-%d %H:%M} UTC"
    )


CSS = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;
margin:24px;color:#1d2330;background:#fff}
h1{margin:0 0 4px}h2{margin-top:28px;border-bottom:1px solid #ddd}.sub{color:#667}
table{border-collapse:collapse;font-size:13px;margin:8px 0}
td,th{border:1px solid #dde;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f1f3f6}.term{font-weight:600;color:#b3261e}.ok{color:#2e7d32}
"""


def _table(header: Sequence[str], body: Sequence[Sequence[Any]], term_column: int = -1) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    out = []
    for row in body:
        cells = []
        for i, value in enumerate(row):
            cls = ' class="term"' if i == term_column else ""
            cells.append(f"<td{cls}>{html.escape(str(value))}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(out)}</tbody></table>"


def html_report(report: AuditReport) -> str:
    """The whole report as one HTML string (inline CSS, no scripts)."""
    title = "Pre-show compliance audit 事前合规审核"
    if report.findings:
        body = (
            "<h2>Summary 汇总</h2>"
            + _table(SUMMARY_HEADER, summary_rows(report))
            + "<h2>Findings 问题</h2>"
            + _table(HEADER, rows(report), term_column=2)
        )
    else:
        body = '<p class="ok">No forbidden phrases found. 未发现违规用语。</p>'
    return f"""<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8">
<title>{html.escape(title)}</title>
<style>{CSS}</style></head><body>
<h1>{html.escape(title)}</h1>
<p class="sub">{html.escape(_subtitle(report))}</p>
{body}
<p class="sub">Checked by AnchorDesk against its compliance lexicon. A finding is a phrase to
review, not a legal judgement; the article says where the rule comes from.</p>
</body></html>
"""


def write_html(report: AuditReport, out: Path) -> Path:
    out.write_text(html_report(report), encoding="utf-8")
    return out


def write_xlsx(report: AuditReport, out: Path) -> Path:
    """Findings and Summary sheets (write-only workbook, every cell formula-safe)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for name, header, body in (
        ("Findings", HEADER, rows(report)),
        ("Summary", SUMMARY_HEADER, summary_rows(report)),
    ):
        sheet = book.create_sheet(title=name)
        sheet.append(xlsx_row(sheet, header))
        for row in body:
            sheet.append(xlsx_row(sheet, row))
    book.save(out)
    return out


_WRITERS = {"html": write_html, "htm": write_html, "xlsx": write_xlsx}


def check_path(out: Path) -> None:
    """Raise :class:`AuditReportError` unless ``out`` names a format this module writes."""
    if out.suffix.lower().lstrip(".") not in _WRITERS:
        raise AuditReportError(
            f"cannot write a {out.suffix or 'suffix-less'} file: name it .html or .xlsx"
        )


def write_report(report: AuditReport, out: Path) -> Path:
    """Write ``report`` as the file's suffix says (.html/.htm or .xlsx)."""
    check_path(out)
    writer = _WRITERS[out.suffix.lower().lstrip(".")]
    try:
        return writer(report, out)
    except OSError as exc:
        raise AuditReportError(f"cannot write {out}: {exc.strerror or exc}") from exc
