"""Product queue: the run-of-show with the on-air item highlighted and timed.

Double-click a row (or select it and press "Put on air") to ask the engine to switch;
the highlight moves only when the engine's ProductSwitchEvent comes back over the bus,
so the screen always shows what the session recorded, not what was clicked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.commerce.catalog import ProductInfo
from app.session.events import ProductSwitchEvent
from app.ui import theme
from app.ui.formatting import fmt_duration
from app.ui.models.event_list import Index
from app.ui.models.products import ON_AIR_ROLE, THUMBNAIL_SIZE, Column, ProductQueueModel
from app.ui.thumbnails import ThumbnailLoader

SwitchProduct = Callable[[str | None], None]


class OnAirDelegate(QStyledItemDelegate):
    """Tints the on-air row and marks it with an accent strip.

    Painted here rather than via BackgroundRole because the theme's ``::item`` rules make
    the style sheet ignore model background brushes.
    """

    STRIP = 4

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if index.data(ON_AIR_ROLE):
            accent = theme.colors()["accent"]
            tint = QColor(accent)
            tint.setAlpha(50)
            painter.fillRect(option.rect, tint)
            if index.column() == 0:
                rect = option.rect
                painter.fillRect(rect.left(), rect.top(), self.STRIP, rect.height(), accent)
        super().paint(painter, option, index)


class ProductQueuePanel(QWidget):
    """The rundown table, an on-air badge (#onAirBadge) and the on/off-air buttons."""

    def __init__(
        self,
        products: Sequence[ProductInfo],
        rundown: Sequence[str],
        switch_product: SwitchProduct,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._switch_product = switch_product
        self.model = ProductQueueModel(products, rundown, parent=self)
        self.badge = QLabel()
        self.badge.setObjectName("onAirBadge")
        self.view = self._make_view()
        self.put_on_air = QPushButton(self.tr("Put on air 上播"))
        self.put_on_air.setProperty("role", "primary")  # styled by dark.qss
        self.take_off_air = QPushButton(self.tr("Take off air 下播"))
        self._build_layout()
        self._connect()
        self._thumbnails = ThumbnailLoader(THUMBNAIL_SIZE * 2, parent=self)
        self._thumbnails.loaded.connect(self.model.set_thumbnail)
        for sku, path in self.model.image_requests():
            self._thumbnails.request(sku, path)
        self._show_badge()

    def _make_view(self) -> QTableView:
        view = QTableView()
        view.setModel(self.model)
        view.setItemDelegate(OnAirDelegate(view))
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setIconSize(QSize(THUMBNAIL_SIZE, THUMBNAIL_SIZE))
        view.setShowGrid(False)
        view.setWordWrap(False)  # one line per name, elided: rows stay tidy
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(THUMBNAIL_SIZE + 18)  # 3 text lines
        header = view.horizontalHeader()
        header.setSectionResizeMode(Column.PRODUCT, QHeaderView.ResizeMode.Stretch)
        for column in (Column.PRICE, Column.STOCK, Column.STATUS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        return view

    def _build_layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.put_on_air)
        buttons.addWidget(self.take_off_air)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.badge)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        self.view.doubleClicked.connect(self._on_double_clicked)
        self.put_on_air.clicked.connect(self._on_put_on_air_clicked)
        self.take_off_air.clicked.connect(self._on_take_off_air_clicked)

    # -- operator actions -----------------------------------------------------------------
    def _on_double_clicked(self, index: Index) -> None:
        if index.isValid():
            self._switch_product(self.model.sku_at(index.row()))

    def _on_put_on_air_clicked(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if rows:
            self._switch_product(self.model.sku_at(rows[0].row()))

    def _on_take_off_air_clicked(self) -> None:
        self._switch_product(None)

    # -- engine state ---------------------------------------------------------------------
    def _on_product_switched(self, event: ProductSwitchEvent) -> None:
        self.model.set_on_air(event.sku, event.t_ms)
        row = self.model.row_of(event.sku)
        if row is not None:
            self.view.scrollTo(self.model.index(row, 0))
        self._show_badge()

    def tick(self, now_ms: int) -> None:
        """Advance the on-air timer (called by the window's clock timer)."""
        self.model.tick(now_ms)
        self._show_badge()

    def _show_badge(self) -> None:
        product = self.model.product(self.model.on_air)
        if product is None:
            text = self.tr("Off air 未上播")
        else:
            name = product.display_name("zh")
            elapsed = fmt_duration(self.model.on_air_elapsed_ms)
            text = self.tr("● ON AIR 讲解中  {name}  {elapsed}").format(name=name, elapsed=elapsed)
        if text != self.badge.text():
            self.badge.setText(text)
        self.badge.setEnabled(product is not None)  # the theme greys a disabled badge

    def close_loader(self) -> bool:
        """Stop background thumbnail decoding; True when no decode is left running."""
        return self._thumbnails.close()
