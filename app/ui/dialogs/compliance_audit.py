"""The pre-show compliance audit (事前合规审核): its findings, reviewed one by one.

:class:`ComplianceAuditDialog` shows an :class:`~app.speech.audit.AuditReport` (made by
:func:`app.speech.audit.audit`, Qt-free) as a table: where the phrase is, the phrase (its
text as a tooltip), category and article, and what to say instead. Each finding has a
"Reviewed" check box: a person acknowledges it (fixed, or checked and kept on purpose);
:meth:`~ComplianceAuditDialog.acknowledged` are the keys of those, to be stored with the
plan by the caller. *Export…* writes the report as HTML or XLSX.

:class:`ComplianceBadge` is the small warning button a plan editor shows while findings
are open ("⚠ 3 compliance findings"); it hides itself when none are left.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.messages import QT_TRANSLATE_NOOP, Message
from app.speech.audit import AuditReport, Finding
from app.speech.audit_report import write_report
from app.speech.compliance import CATEGORY_LABELS, money
from app.ui import theme
from app.ui.i18n import tr_message

log = logging.getLogger("app.ui.dialogs.compliance_audit")

COLUMNS = (
    QT_TRANSLATE_NOOP("ComplianceAuditDialog", "Reviewed"),
    QT_TRANSLATE_NOOP("ComplianceAuditDialog", "Where"),
    QT_TRANSLATE_NOOP("ComplianceAuditDialog", "Phrase"),
    QT_TRANSLATE_NOOP("ComplianceAuditDialog", "Category · article"),
    QT_TRANSLATE_NOOP("ComplianceAuditDialog", "Suggestion"),
)
REVIEWED, WHERE, PHRASE, LAW, SUGGESTION = range(len(COLUMNS))
#: Where a finding comes from (app.speech.audit.FIELDS), as the dialog names it.
FIELD_NAMES = {
    "name_zh": QT_TRANSLATE_NOOP("ComplianceAuditDialog", "name (zh)"),
    "name_en": QT_TRANSLATE_NOOP("ComplianceAuditDialog", "name (en)"),
    "alias": QT_TRANSLATE_NOOP("ComplianceAuditDialog", "alias"),
    "keyword": QT_TRANSLATE_NOOP("ComplianceAuditDialog", "keyword"),
    "faq_answer": QT_TRANSLATE_NOOP("ComplianceAuditDialog", "FAQ answer"),
    "title": QT_TRANSLATE_NOOP("ComplianceAuditDialog", "show title"),
    "notes": QT_TRANSLATE_NOOP("ComplianceAuditDialog", "show notes"),
    "talking_points": QT_TRANSLATE_NOOP("ComplianceAuditDialog", "talking points"),
}


def category_text(finding: Finding) -> str:
    """The category in the interface language (a team category: its own name)."""
    if finding.category_label or finding.category not in CATEGORY_LABELS:
        return finding.category_label or finding.category
    return tr_message(Message(CATEGORY_LABELS[finding.category]))


class ComplianceAuditDialog(QDialog):
    """The findings of one audit; check "Reviewed" to acknowledge one.

    Args:
        report: the audit to show.
        acknowledged: keys (``Finding.key``) already acknowledged, e.g. stored with the plan.
    """

    #: The keys of the acknowledged findings, after every change.
    acknowledged_changed = Signal(list)

    def __init__(
        self,
        report: AuditReport,
        acknowledged: Iterable[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("complianceAudit")
        self.setWindowTitle(self.tr("Pre-show compliance audit"))
        self.report = report
        self._acknowledged = {f.key for f in report.findings} & set(acknowledged)
        self.summary = QLabel()
        self.summary.setObjectName("auditSummary")
        self.summary.setWordWrap(True)
        self.table = self._build_table()
        self.message = QLabel()
        self.message.setObjectName("auditMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setObjectName("auditExport")
        self.export_button.setToolTip(self.tr("Save the findings as an HTML page or an Excel file"))
        self.export_button.clicked.connect(self._on_export)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.export_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self._fill()
        self.resize(980, 520)

    # -- widgets --------------------------------------------------------------------------
    def _build_table(self) -> QTableWidget:
        table = QTableWidget(0, len(COLUMNS))
        table.setObjectName("auditFindings")
        table.setHorizontalHeaderLabels([self.tr(str(c)) for c in COLUMNS])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(True)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        table.itemChanged.connect(self._on_item_changed)
        return table

    def _fill(self) -> None:
        findings = self.report.findings
        self.table.blockSignals(True)
        self.table.setRowCount(len(findings))
        for row, finding in enumerate(findings):
            for column, item in enumerate(self._items(finding)):
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        self._update_summary()

    def _items(self, finding: Finding) -> list[QTableWidgetItem]:
        reviewed = QTableWidgetItem()
        reviewed.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        checked = finding.key in self._acknowledged
        reviewed.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        reviewed.setData(Qt.ItemDataRole.UserRole, finding.key)
        where = self.tr(str(FIELD_NAMES.get(finding.field, finding.field)))
        phrase = QTableWidgetItem(finding.term)
        phrase.setToolTip(finding.text)
        phrase.setForeground(theme.colors()["error" if finding.category != "price" else "warn"])
        law = " · ".join(x for x in (category_text(finding), finding.article) if x)
        suggestion = finding.suggestion
        price_note = self.price_note(finding)
        if price_note:
            suggestion = f"{price_note}\n{suggestion}" if suggestion else price_note
        return [
            reviewed,
            QTableWidgetItem(f"{finding.sku} · {where}" if finding.sku else where),
            phrase,
            QTableWidgetItem(law),
            QTableWidgetItem(suggestion),
        ]

    def price_note(self, finding: Finding) -> str:
        """What to check about a reference price ("" for other findings)."""
        if finding.reference is None:
            return ""
        reference = money(finding.reference)
        if finding.price_differs and finding.catalog_price is not None:
            return self.tr(
                "Reference price ¥{reference}, but the catalog's regular price is ¥{catalog}"
            ).format(reference=reference, catalog=money(finding.catalog_price))
        return self.tr("Check that ¥{reference} was really charged before").format(
            reference=reference
        )

    def _update_summary(self) -> None:
        total, left = len(self.report.findings), self.open_count()
        if not total:
            text = self.tr("No forbidden phrases found in {n} text(s).").format(n=self.report.texts)
        else:
            text = self.tr("{n} finding(s), {left} not reviewed yet").format(n=total, left=left)
        self.summary.setText(text)

    # -- state ----------------------------------------------------------------------------
    def acknowledged(self) -> set[str]:
        """Keys of the findings checked as reviewed."""
        return set(self._acknowledged)

    def open_count(self) -> int:
        """Findings not reviewed yet."""
        return len(self.report.open_findings(self._acknowledged))

    def set_acknowledged(self, key: str, done: bool = True) -> None:
        """Check (or uncheck) the finding ``key``, as a click on its box does."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, REVIEWED)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == key:
                item.setCheckState(Qt.CheckState.Checked if done else Qt.CheckState.Unchecked)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != REVIEWED:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self._acknowledged.add(key)
        else:
            self._acknowledged.discard(key)
        self._update_summary()
        self.acknowledged_changed.emit(sorted(self._acknowledged))

    # -- export ---------------------------------------------------------------------------
    def export(self, path: Path) -> Path:
        """Write the report to ``path`` (.html or .xlsx); raises UserError with the reason."""
        return write_report(self.report, path)

    def _on_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the audit"),
            "compliance-audit.html",
            self.tr("Web page (*.html);;Excel workbook (*.xlsx)"),
        )
        if path:
            self._export_to(Path(path))

    def _export_to(self, path: Path) -> None:
        try:
            written = self.export(path)
        except UserError as exc:
            log.warning("audit export failed: %s", exc)
            self._show(self.tr("Could not export: {reason}").format(reason=exc), "error")
            return
        self._show(self.tr("Saved {path}").format(path=written), "ok")

    def _show(self, text: str, colour: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {theme.colors().hex(colour)};")
        self.message.show()


class ComplianceBadge(QPushButton):
    """Shows "⚠ N compliance findings" while an audit has findings nobody reviewed.

    A flat button for a plan editor's button row; ``clicked`` is the caller's cue to open
    :class:`ComplianceAuditDialog`. Hidden when nothing is open.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("complianceBadge")
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet(f"color: {theme.colors().hex('warn')}; font-weight: 600;")
        self.setToolTip(self.tr("Review the pre-show compliance audit"))
        self._open = 0
        self.hide()

    def set_report(self, report: AuditReport | None, acknowledged: Iterable[str] = ()) -> None:
        """Show how many of ``report``'s findings are not acknowledged (hide when none)."""
        self._open = len(report.open_findings(acknowledged)) if report is not None else 0
        self.setText(self.tr("⚠ {n} compliance finding(s)").format(n=self._open))
        self.setVisible(self._open > 0)

    def open_count(self) -> int:
        return self._open
