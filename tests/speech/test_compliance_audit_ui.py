"""The audit dialog: findings table, "Reviewed" acknowledgements, export; and the badge."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.commerce.catalog import ProductInfo
from app.commerce.plans import PlanItem, ShowPlan
from app.speech.audit import audit
from app.ui.dialogs.compliance_audit import (
    LAW,
    PHRASE,
    REVIEWED,
    SUGGESTION,
    WHERE,
    ComplianceAuditDialog,
    ComplianceBadge,
)

CATALOG = [
    ProductInfo("A-1", "全网最低价口红", "Lipstick", 299.0, faq=(("能治痘吗", "可以根治痘痘"),)),
    ProductInfo("B-2", "墨镜", "Sunglasses", 199.0),
]
PLAN = ShowPlan(id=3, title="周五专场", items=(PlanItem("A-1", talking_points="原价399，今天99"),))


def _dialog(qtbot: QtBot, acknowledged: tuple[str, ...] = ()) -> ComplianceAuditDialog:
    dialog = ComplianceAuditDialog(audit(CATALOG, PLAN), acknowledged)
    qtbot.addWidget(dialog)
    return dialog


def _cell(dialog: ComplianceAuditDialog, row: int, column: int) -> str:
    item = dialog.table.item(row, column)
    assert item is not None
    return item.text()


def test_the_table_shows_where_phrase_law_and_suggestion(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    assert dialog.table.rowCount() == 3
    assert [_cell(dialog, r, WHERE) for r in range(3)] == [
        "A-1 · name (zh)",
        "A-1 · FAQ answer",
        "A-1 · talking points",
    ]
    assert [_cell(dialog, r, PHRASE) for r in range(3)] == ["全网最低价", "根治", "原价399"]
    assert _cell(dialog, 1, LAW) == "medical claim · 《广告法》第十七条"
    assert dialog.table.item(1, PHRASE).toolTip() == "可以根治痘痘"  # type: ignore[union-attr]
    assert _cell(dialog, 1, SUGGESTION).startswith("普通商品不讲治疗功能")
    assert _cell(dialog, 2, SUGGESTION).startswith(
        "Reference price ¥399, but the catalog's regular price is ¥299\n"
    )
    assert dialog.summary.text() == "3 finding(s), 3 not reviewed yet"


def test_reviewing_findings_acknowledges_them(qtbot: QtBot) -> None:
    report = audit(CATALOG, PLAN)
    first, second = report.findings[0].key, report.findings[1].key
    dialog = _dialog(qtbot, (first,))
    assert dialog.acknowledged() == {first} and dialog.open_count() == 2
    item = dialog.table.item(0, REVIEWED)
    assert item is not None and item.checkState() == Qt.CheckState.Checked
    with qtbot.waitSignal(dialog.acknowledged_changed) as signal:
        dialog.set_acknowledged(second)
    assert signal.args == [sorted([first, second])]
    assert dialog.open_count() == 1
    assert dialog.summary.text() == "3 finding(s), 1 not reviewed yet"
    dialog.set_acknowledged(first, False)
    assert dialog.acknowledged() == {second}


def test_export_writes_the_report_and_says_where(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = _dialog(qtbot)
    dialog._export_to(tmp_path / "audit.html")
    assert (tmp_path / "audit.html").read_text(encoding="utf-8").count('class="term"') == 3
    assert dialog.message.text() == f"Saved {tmp_path / 'audit.html'}"
    dialog._export_to(tmp_path / "audit.doc")
    assert dialog.message.text().startswith("Could not export: cannot write a .doc file")


def test_a_clean_audit_says_so(qtbot: QtBot) -> None:
    dialog = ComplianceAuditDialog(audit([CATALOG[1]]))
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0
    assert dialog.summary.text() == "No forbidden phrases found in 2 text(s)."


def test_badge_counts_open_findings_and_hides_when_none(qtbot: QtBot) -> None:
    row = QWidget()  # a plan editor's button row
    qtbot.addWidget(row)
    badge = ComplianceBadge(row)
    row.show()
    assert not badge.isVisible()
    report = audit(CATALOG, PLAN)
    badge.set_report(report)
    assert badge.isVisible() and badge.text() == "⚠ 3 compliance finding(s)"
    badge.set_report(report, [f.key for f in report.findings])
    assert not badge.isVisible() and badge.open_count() == 0
    badge.set_report(None)
    assert not badge.isVisible()
