"""The Host scorecard tab: the host's shows with trend arrows, rank in the team, export.

Each row is one show (:func:`app.analytics.review.scorecard`, the KPI module's figures);
an arrow says whether a figure beat (▲) or fell below (▼) the median of the host's
earlier shows. Columns fit their contents and the table scrolls sideways rather than
cutting a column off. *Export scorecard…* writes XLSX or CSV in the interface language.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from app.analytics.export import SCORE_METRICS, TREND_ARROWS, display, export_scorecard
from app.analytics.report_text import COLUMN, METRIC, SENTENCE
from app.analytics.review import HostRank, ScoreRow, trend
from app.analytics.timefmt import local
from app.ui.dialogs.store_task import run_task
from app.ui.review.words import ui_words

TREND_COLOURS = {1: "#51cf66", -1: "#ff6b6b"}


class ScorecardPage(QWidget):
    """Rank line, the per-show table and the export button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ScoreRow] = []
        self.rank: HostRank | None = None
        self.rank_label = QLabel()
        self.rank_label.setObjectName("scorecardRank")
        self.rank_label.setWordWrap(True)
        self.table = QTableWidget(0, 0)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setWordWrap(False)
        self.export_button = QPushButton(self.tr("Export scorecard…"))
        self.export_button.setToolTip(self.tr("Save the host's shows as an XLSX or CSV table"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.choose_and_export)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.rank_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def show_rows(self, rows: list[ScoreRow], rank: HostRank | None) -> None:
        """Fill the table (oldest show first) and the rank line."""
        words = ui_words()
        self.rows, self.rank = rows, rank
        headers = [words(COLUMN["session"]), words(COLUMN["date"])] + [
            words(METRIC[m]) for m, _k in SCORE_METRICS
        ]
        table = self.table
        table.clear()
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            table.setItem(r, 0, QTableWidgetItem(f"{row.session_id} {row.title}"))
            table.setItem(r, 1, QTableWidgetItem(local(row.started_at)))
            for c, (metric, kind) in enumerate(SCORE_METRICS, start=2):
                direction = trend(rows, r, metric)
                arrow = TREND_ARROWS[direction]
                text = display(getattr(row, metric), kind, words)
                item = QTableWidgetItem(f"{text} {arrow}".strip())
                if direction:
                    item.setForeground(QColor(TREND_COLOURS[direction]))
                    item.setToolTip(
                        self.tr("Better than the median of the host's earlier shows")
                        if direction > 0
                        else self.tr("Below the median of the host's earlier shows")
                    )
                table.setItem(r, c, item)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.export_button.setEnabled(bool(rows))
        if rank is not None:
            self.rank_label.setText(
                words(
                    SENTENCE["rank"],
                    host=rank.host or "—",
                    rank=rank.rank,
                    hosts=rank.hosts,
                    gmv=f"{rank.median_gmv:,.2f}",
                )
            )
        else:
            self.rank_label.setText("")

    def choose_and_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export scorecard"),
            "scorecard.xlsx",
            self.tr("Excel workbook (*.xlsx);;CSV table (*.csv)"),
        )
        if path:
            self.export(Path(path))

    def export(self, out: Path) -> None:
        """Write the scorecard to ``out`` on a worker; the line below the table says how."""
        rows, words = list(self.rows), ui_words()
        self.status.setText(self.tr("Exporting…"))
        run_task(
            lambda: export_scorecard(rows, out, words),
            lambda path: self.status.setText(self.tr("Saved: {path}").format(path=path)),
            lambda message: self.status.setText(
                self.tr("Could not export: {message}").format(message=message)
            ),
            parent=self,
            name="scorecard export",
        )
