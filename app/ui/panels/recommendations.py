"""The "pitch next" panel: ranked suggestions with a score bar and plain-words reasons.

The ranking is computed on the recommendation service's worker thread; the window polls
``service.latest()`` (one lock, an immutable tuple) and hands it to :meth:`update`, so the
GUI thread never ranks anything. Double-click a suggestion to put it on air. Reasons are
:class:`app.messages.Message` objects, shown in the interface language by ``tr_message``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QObject,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.commerce.catalog import ProductInfo
from app.commerce.recommend import Recommendation
from app.messages import QT_TRANSLATE_NOOP
from app.ui import theme
from app.ui.i18n import tr_message
from app.ui.models.event_list import ROOT, Index

Role = Qt.ItemDataRole
SCORE_ROLE = Role.UserRole + 1
SKU_ROLE = Role.UserRole + 2


class RecColumn(IntEnum):
    RANK = 0
    PRODUCT = 1
    SCORE = 2
    REASONS = 3


_HEADERS = {
    RecColumn.RANK: "#",
    RecColumn.PRODUCT: QT_TRANSLATE_NOOP("RecommendationModel", "Product"),
    RecColumn.SCORE: QT_TRANSLATE_NOOP("RecommendationModel", "Score"),
    RecColumn.REASONS: QT_TRANSLATE_NOOP("RecommendationModel", "Why"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("RecommendationModel", text)


class RecommendationModel(QAbstractTableModel):
    """The newest ranking, best first."""

    def __init__(self, products: Sequence[ProductInfo], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._products = {p.sku: p for p in products}
        self._rows: tuple[Recommendation, ...] = ()

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(RecColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Role.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Role.DisplayRole:
            return _tr(_HEADERS[RecColumn(section)]) if 0 <= section < len(RecColumn) else None
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Role.DisplayRole) -> Any:
        if not self.checkIndex(index, QAbstractTableModel.CheckIndexOption.IndexIsValid):
            return None
        rec = self._rows[index.row()]
        column = RecColumn(index.column())
        if role == SKU_ROLE:
            return rec.sku
        if role == SCORE_ROLE:
            return rec.score
        if role == Role.DisplayRole:
            return self._display(index.row(), rec, column)
        if role == Role.ToolTipRole:
            return "\n".join(map(tr_message, rec.reasons)) or self.tr("No strong signal yet")
        return None

    def _display(self, row: int, rec: Recommendation, column: RecColumn) -> str:
        if column == RecColumn.RANK:
            return str(row + 1)
        if column == RecColumn.PRODUCT:
            product = self._products.get(rec.sku)
            return product.display_name("zh") if product is not None else rec.sku
        if column == RecColumn.SCORE:
            return f"{rec.score * 100:.0f}"
        return " · ".join(map(tr_message, rec.reasons)) or self.tr("no strong signal yet")

    def set_ranking(self, ranking: Sequence[Recommendation]) -> None:
        """Replace the list (a reset: the ranking is short and reorders as a whole)."""
        ranking = tuple(ranking)
        if ranking == self._rows:
            return
        self.beginResetModel()
        self._rows = ranking
        self.endResetModel()

    def sku_at(self, row: int) -> str:
        return self._rows[row].sku

    @property
    def ranking(self) -> tuple[Recommendation, ...]:
        return self._rows


class ScoreBarDelegate(QStyledItemDelegate):
    """Draws the score as a bar behind its number, so the gap between ranks is visible,
    and the product cell as the name over its reasons, wrapped to the cell's width.

    A laptop's dock is ~330 px wide: a separate "Why" column would get ~70 px and show
    "3 …", so the reasons run under the name across the product column instead.
    """

    PAD = 4

    def _reasons(self, index: Index) -> str:
        model = index.model()
        return str(model.index(index.row(), RecColumn.REASONS).data() or "")

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        bold = QFont(option.font)
        bold.setBold(True)
        return bold, theme.scaled_font(option.font, 0.9)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        if index.column() != RecColumn.PRODUCT:
            return super().sizeHint(option, index)
        bold, small = self._fonts(option)
        view = self.parent()
        width = option.rect.width()
        if isinstance(view, QTableView):
            width = view.columnWidth(RecColumn.PRODUCT)
        width = max(40, width - 2 * self.PAD)
        flags = int(Qt.TextFlag.TextWordWrap)
        name = QFontMetrics(bold).boundingRect(0, 0, width, 10_000, flags, str(index.data()))
        why = QFontMetrics(small).boundingRect(0, 0, width, 10_000, flags, self._reasons(index))
        return QSize(width, name.height() + why.height() + 3 * self.PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if index.column() == RecColumn.PRODUCT:
            self._paint_product(painter, option, index)
            return
        score = index.data(SCORE_ROLE)
        if index.column() == RecColumn.SCORE and isinstance(score, float):
            rect = QRect(option.rect).adjusted(2, 4, -2, -4)
            rect.setWidth(max(1, int(rect.width() * max(0.0, min(1.0, score)))))
            painter.save()
            color = QColor(theme.colors()["accent"])
            color.setAlpha(120)
            painter.fillRect(rect, color)
            painter.restore()
        super().paint(painter, option, index)

    def _paint_product(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        from PySide6.QtWidgets import QStyle

        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        bold, small = self._fonts(option)
        rect = option.rect.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)
        flags = int(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        )
        painter.save()
        painter.setFont(bold)
        painter.setPen(option.palette.text().color())
        used = painter.boundingRect(rect, flags, str(index.data()))
        painter.drawText(rect, flags, str(index.data()))
        painter.setFont(small)
        painter.setPen(theme.colors()["muted"])
        painter.drawText(
            rect.adjusted(0, used.height() + self.PAD, 0, 0), flags, self._reasons(index)
        )
        painter.restore()


class RecommendationsPanel(QWidget):
    """Ranked "pitch next" suggestions; double-click one to put it on air."""

    def __init__(
        self,
        products: Sequence[ProductInfo],
        switch_product: Callable[[str | None], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._switch_product = switch_product
        self._updated_ms = -2
        self.model = RecommendationModel(products, parent=self)
        self.hint = QLabel(self.tr("Suggestions appear a few seconds into the show"))
        self.hint.setWordWrap(True)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(ScoreBarDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setWordWrap(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(RecColumn.RANK, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RecColumn.PRODUCT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(RecColumn.SCORE, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(RecColumn.SCORE, 56)
        self.view.setColumnHidden(RecColumn.REASONS, True)  # drawn under the product name
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header.sectionResized.connect(lambda *_: self.view.resizeRowsToContents())
        self.model.modelReset.connect(self.view.resizeRowsToContents)
        self.view.doubleClicked.connect(self._on_double_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)

    def update_from(self, service: Any) -> None:
        """Poll the service (GUI timer): cheap, and only repaints a new ranking."""
        if service is None or service.updated_ms == self._updated_ms:
            return
        self._updated_ms = service.updated_ms
        self.set_ranking(service.latest())

    def set_ranking(self, ranking: Sequence[Recommendation]) -> None:
        self.model.set_ranking(ranking)
        self.hint.setVisible(not ranking)

    def _on_double_clicked(self, index: Index) -> None:
        if index.isValid():
            self._switch_product(self.model.sku_at(index.row()))
