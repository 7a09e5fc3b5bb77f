"""Product queue: the run-of-show with the on-air item highlighted and timed.

Double-click a row (or select it and press "Put on air") to ask the engine to switch;
the highlight moves only when the engine's ProductSwitchEvent comes back over the bus,
so the screen always shows what the session recorded, not what was clicked.

With the engine's run-of-show attached, rows can be dragged to reorder, marked done or
skipped, stock is live (read from the show's snapshot on the clock tick: one lock, no
per-order signal) and a flash sale counts down on its row. The operator's keyboard
shortcuts are QActions (:attr:`ProductQueuePanel.shortcut_actions`), also in the window menu.
With a claim counter attached (``claims=``), a Claims column shows how many viewers asked
for each product in the chat, the 上链接 cue and the waitlist of sold-out products.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from app.commerce.catalog import ProductInfo
from app.commerce.plans import ShowPlan
from app.commerce.show import DONE, FLASH_MAX_S, FLASH_MIN_S, SKIPPED, RunOfShow, ShowError
from app.session.events import ProductSwitchEvent
from app.show.claims import ClaimCounter
from app.ui import theme
from app.ui.flow_layout import flow_row
from app.ui.formatting import fmt_duration
from app.ui.i18n import tr_error
from app.ui.models.event_list import Index
from app.ui.models.products import (
    ON_AIR_ROLE,
    SKU_ROLE,
    THUMBNAIL_SIZE,
    Column,
    ProductQueueModel,
)
from app.ui.thumbnails import ThumbnailLoader

SwitchProduct = Callable[[str | None], None]
NextProduct = Callable[[], str | None]

#: Operator shortcuts (also shown in the Show menu and the buttons' tooltips).
SHORTCUTS = {"next": "Ctrl+N", "flash": "Ctrl+Shift+F", "off_air": "Ctrl+Shift+X"}
DEFAULT_FLASH_S = 60


class OnAirDelegate(QStyledItemDelegate):
    """Tints the on-air row, and draws the product and status cells of a narrow dock.

    Painted here rather than via BackgroundRole because the theme's ``::item`` rules make
    the style sheet ignore model background brushes. A laptop's queue dock is ~330 px
    wide, so the queue shows three columns: the product (thumbnail, the full name on up
    to two lines, then "SKU · stock" with a long SKU elided in the middle), the price, and
    the status with the claims under it. The Stock and Claims columns stay in the model
    (tooltips, tests, a wide dock can show them) but are folded into these cells.
    """

    STRIP = 4
    PAD = 6

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if index.data(ON_AIR_ROLE):
            accent = theme.colors()["accent"]
            tint = QColor(accent)
            tint.setAlpha(50)
            painter.fillRect(option.rect, tint)
            if index.column() == 0:
                rect = option.rect
                painter.fillRect(rect.left(), rect.top(), self.STRIP, rect.height(), accent)
        if index.column() == Column.PRODUCT:
            self._paint_product(painter, option, index)
        elif index.column() == Column.STATUS:
            self._paint_status(painter, option, index)
        else:
            super().paint(painter, option, index)

    def _selected(self, painter: QPainter, option: QStyleOptionViewItem) -> None:
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())

    def _paint_product(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        model = index.model()
        row = index.row()
        self._selected(painter, option)
        rect = option.rect.adjusted(self.STRIP + 2, 2, -2, -2)
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        size = option.decorationSize.width()
        if isinstance(icon, QPixmap) and rect.width() > 3 * size:
            top = rect.top() + (rect.height() - size) // 2
            painter.drawPixmap(QRect(rect.left(), top, size, size), icon)
            rect.setLeft(rect.left() + size + self.PAD)
        names = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        name = names.split("\n", 1)[0]
        bold = QFont(option.font)
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        line = metrics.height()
        painter.save()
        painter.setFont(bold)
        painter.setPen(option.palette.text().color())
        text_rect = QRect(rect.left(), rect.top(), rect.width(), 2 * line)
        painter.drawText(
            text_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
            two_lines(name, metrics, rect.width()),
        )
        sku = str(model.data(model.index(row, 0), SKU_ROLE) or "")
        stock_index = model.index(row, Column.STOCK)
        stock = str(model.data(stock_index, Qt.ItemDataRole.DisplayRole) or "")
        colour = model.data(stock_index, Qt.ItemDataRole.ForegroundRole)
        small = theme.scaled_font(option.font, 0.85)
        small_metrics = QFontMetrics(small)
        label = QCoreApplication.translate("ProductQueuePanel", "stock {n}").format(n=stock)
        label_width = small_metrics.horizontalAdvance(label) + self.PAD
        sku_text = small_metrics.elidedText(
            sku, Qt.TextElideMode.ElideMiddle, max(0, rect.width() - label_width)
        )
        bottom = QRect(rect.left(), rect.top() + 2 * line, rect.width(), small_metrics.height())
        painter.setFont(small)
        painter.setPen(theme.colors()["muted"])
        painter.drawText(bottom, int(Qt.AlignmentFlag.AlignLeft), sku_text)
        painter.setPen(colour if isinstance(colour, QColor) else theme.colors()["muted"])
        painter.drawText(bottom, int(Qt.AlignmentFlag.AlignRight), label)
        painter.restore()

    def _paint_status(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        model = index.model()
        self._selected(painter, option)
        claims = model.index(index.row(), Column.CLAIMS)
        lines = [str(index.data(Qt.ItemDataRole.DisplayRole) or "")]
        extra = model.data(claims, Qt.ItemDataRole.DisplayRole)
        if extra:
            lines.append(str(extra))
        colour = index.data(Qt.ItemDataRole.ForegroundRole)
        rect = option.rect.adjusted(2, 2, -2, -2)
        painter.save()
        font = QFont(option.font)
        if index.data(ON_AIR_ROLE):
            font.setBold(True)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        painter.setPen(colour if isinstance(colour, QColor) else option.palette.text().color())
        text = "\n".join(
            metrics.elidedText(t, Qt.TextElideMode.ElideRight, rect.width())
            for t in "\n".join(x for x in lines if x).split("\n")
        )
        painter.drawText(
            rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text
        )
        painter.restore()


def two_lines(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` wrapped at ``width`` and cut to two lines, the second elided at its end.

    Chinese has no spaces, so the wrap is by characters when a word does not fit.
    """
    if metrics.horizontalAdvance(text) <= width or width <= 0:
        return text
    cut = 1
    while cut < len(text) and metrics.horizontalAdvance(text[: cut + 1]) <= width:
        cut += 1
    space = text.rfind(" ", 0, cut + 1)
    if space > 0 and text[space + 1 : space + 2]:
        cut = space + 1
    first, rest = text[:cut].rstrip(), text[cut:].lstrip()
    return first + "\n" + metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)


class ProductQueuePanel(QWidget):
    """The rundown table, an on-air badge (#onAirBadge) and the on/off-air buttons."""

    def __init__(
        self,
        products: Sequence[ProductInfo],
        rundown: Sequence[str],
        switch_product: SwitchProduct,
        parent: QWidget | None = None,
        *,
        show: RunOfShow | None = None,
        next_product: NextProduct | None = None,
        plan: ShowPlan | None = None,
        claims: ClaimCounter | None = None,
    ) -> None:
        super().__init__(parent)
        self.plan = plan
        self.claims: ClaimCounter | None = None
        self._claims_version = -1
        self._switch_product = switch_product
        self._next_product = next_product
        self.show_state = show
        self._show_version = -1
        self.model = ProductQueueModel(products, rundown, parent=self)
        self.badge = QLabel()
        self.badge.setObjectName("onAirBadge")
        self.view = self._make_view()
        self.put_on_air = QPushButton(self.tr("Put on air"))
        self.put_on_air.setProperty("role", "primary")  # styled by dark.qss
        self.take_off_air = QPushButton(self.tr("Take off air"))
        self.next_button = QPushButton(self.tr("Next ▶"))
        self.done_button = QPushButton(self.tr("Done"))
        self.skip_button = QPushButton(self.tr("Skip"))
        self.flash_seconds = QSpinBox()
        self.flash_seconds.setRange(FLASH_MIN_S, FLASH_MAX_S)
        self.flash_seconds.setValue(DEFAULT_FLASH_S)
        self.flash_seconds.setSuffix(" s")
        self.flash_seconds.setToolTip(self.tr("Flash-sale countdown (10–300 s)"))
        self.flash_price = QDoubleSpinBox()
        self.flash_price.setRange(0.0, 1_000_000.0)
        self.flash_price.setDecimals(2)
        self.flash_price.setPrefix("¥")
        self.flash_price.setSpecialValueText(self.tr("live price"))
        self.flash_price.setToolTip(self.tr("Flash-sale price (leave at 'live price' to keep it)"))
        self.flash_button = QPushButton(self.tr("⚡ Flash sale"))
        self.message = QLabel()
        self.message.setObjectName("queueMessage")
        self.message.setWordWrap(True)
        self.talking_points = QLabel()
        self.talking_points.setObjectName("talkingPoints")
        self.talking_points.setWordWrap(True)
        self.empty_note = QLabel(
            self.tr(
                "No products in this show. Add them to the show plan (File ▸ New show…) or "
                "the catalog (Catalog ▸ New product…); comments and orders are recorded anyway."
            )
        )
        self.empty_note.setObjectName("emptyQueue")
        self.empty_note.setWordWrap(True)
        self.shortcut_actions = self._make_actions()
        self._build_layout()
        self._connect()
        self._enable_show_controls(show is not None)
        self._thumbnails = ThumbnailLoader(THUMBNAIL_SIZE * 2, parent=self)
        self._thumbnails.loaded.connect(self.model.set_thumbnail)
        for sku, path in self.model.image_requests():
            self._thumbnails.request(sku, path)
        self.set_claims(claims)
        self._show_badge()

    def _make_view(self) -> QTableView:
        view = QTableView()
        view.setModel(self.model)
        view.setItemDelegate(OnAirDelegate(view))
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setIconSize(QSize(THUMBNAIL_SIZE - 8, THUMBNAIL_SIZE - 8))
        view.setShowGrid(False)
        view.setWordWrap(False)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.verticalHeader().hide()
        view.setDragEnabled(True)
        view.setAcceptDrops(True)
        view.setDropIndicatorShown(True)
        view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        view.setDefaultDropAction(Qt.DropAction.MoveAction)
        header = view.horizontalHeader()
        header.setSectionResizeMode(Column.PRODUCT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.PRICE, QHeaderView.ResizeMode.ResizeToContents)
        # fixed: a running flash sale must not take the product names' room (the badge
        # above the table shows its countdown in full)
        header.setSectionResizeMode(Column.STATUS, QHeaderView.ResizeMode.Fixed)
        # folded into the product and status cells (see OnAirDelegate)
        view.setColumnHidden(Column.STOCK, True)
        view.setColumnHidden(Column.CLAIMS, True)
        self._fit_rows(view)
        return view

    @staticmethod
    def _fit_rows(view: QTableView) -> None:
        """Rows of two name lines and the SKU line (price and status have two or three)."""
        metrics = QFontMetrics(view.font())
        view.verticalHeader().setDefaultSectionSize(max(THUMBNAIL_SIZE, 3 * metrics.height()) + 10)
        view.horizontalHeader().resizeSection(
            Column.STATUS, metrics.horizontalAdvance("⚡ 00:00:00") + 12
        )

    def fit_text_size(self) -> None:
        """Re-measure the rows after the text size changed (Settings ▸ text size)."""
        self._fit_rows(self.view)

    def _make_actions(self) -> dict[str, QAction]:
        specs = {
            "next": (self.tr("Next product"), self._on_next),
            "flash": (self.tr("Start/cancel flash sale"), self._on_flash),
            "off_air": (self.tr("Take off air"), self._on_take_off_air_clicked),
        }
        actions = {}
        for key, (text, slot) in specs.items():
            action = QAction(text, self)
            action.setShortcut(QKeySequence(SHORTCUTS[key]))
            action.triggered.connect(slot)
            actions[key] = action
        for key, button in (
            ("next", self.next_button),
            ("flash", self.flash_button),
            ("off_air", self.take_off_air),
        ):
            shortcut = QKeySequence(SHORTCUTS[key]).toString(QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(f"{actions[key].text()}  ({shortcut})")
        return actions

    def _flash_options(self) -> QToolButton:
        """Duration and price live in a drop-down so the dock stays narrow and calm."""
        form = QWidget()
        fields = QFormLayout(form)
        fields.setContentsMargins(8, 6, 8, 6)
        fields.addRow(self.tr("Countdown"), self.flash_seconds)
        fields.addRow(self.tr("Sale price"), self.flash_price)
        action = QWidgetAction(self)
        action.setDefaultWidget(form)
        menu = QMenu(self)
        menu.addAction(action)
        button = QToolButton()
        button.setText(self.tr("{seconds} s ▾").format(seconds=self.flash_seconds.value()))
        button.setToolTip(self.tr("Flash-sale countdown and price"))
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setMenu(menu)
        self.flash_seconds.valueChanged.connect(
            lambda value: button.setText(self.tr("{seconds} s ▾").format(seconds=value))
        )
        return button

    def _build_layout(self) -> None:
        buttons = flow_row(self.put_on_air, self.next_button, self.take_off_air)
        self.flash_options = self._flash_options()
        state = flow_row(self.done_button, self.skip_button, self.flash_button, self.flash_options)
        self.badge.setWordWrap(True)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.badge)
        layout.addWidget(self.talking_points)
        layout.addWidget(self.empty_note)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addLayout(state)
        self.message.hide()
        self.talking_points.hide()
        self.empty_note.setVisible(self.model.rowCount() == 0)

    def _connect(self) -> None:
        self.view.doubleClicked.connect(self._on_double_clicked)
        self.put_on_air.clicked.connect(self._on_put_on_air_clicked)
        self.take_off_air.clicked.connect(self._on_take_off_air_clicked)
        self.next_button.clicked.connect(self._on_next)
        self.done_button.clicked.connect(lambda: self._mark_selected(DONE))
        self.skip_button.clicked.connect(lambda: self._mark_selected(SKIPPED))
        self.flash_button.clicked.connect(self._on_flash)
        self.model.reordered.connect(self._on_reordered)

    def _enable_show_controls(self, enabled: bool) -> None:
        for widget in (self.done_button, self.skip_button, self.flash_button):
            widget.setEnabled(enabled)
        for control in (self.flash_seconds, self.flash_price, self.flash_options):
            control.setEnabled(enabled)
        self.shortcut_actions["flash"].setEnabled(enabled)

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

    def _on_next(self) -> None:
        """Put the show's next product on air (sold-out, done and skipped ones are passed)."""
        if self._next_product is not None:
            sku = self._next_product()
        else:
            sku = self.model.next_sku
            if sku is not None:
                self._switch_product(sku)
        if sku is None:
            self._say(self.tr("Nothing left in the queue"))

    def selected_sku(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.sku_at(rows[0].row()) if rows else None

    def _mark_selected(self, state: str) -> None:
        sku = self.selected_sku()
        if sku is None or self.show_state is None:
            self._say(self.tr("Select a product first"))
            return
        self.show_state.mark(sku, state)
        self._sync_show()

    def _on_flash(self) -> None:
        """Start a flash sale for the on-air product (or the selected one); cancel a running one."""
        show = self.show_state
        if show is None:
            return
        if show.snapshot().flash is not None:
            show.cancel_flash_sale()
            self._sync_show()
            return
        sku = self.model.on_air or self.selected_sku()
        if sku is None:
            self._say(self.tr("Put a product on air or select one first"))
            return
        price = self.flash_price.value() or None
        try:
            show.start_flash_sale(sku, self.flash_seconds.value(), price)
        except ShowError as exc:
            self._say(tr_error(exc))
            return
        self._sync_show()

    def _on_reordered(self, skus: list[str]) -> None:
        if self.show_state is not None:
            self.show_state.set_order(skus)

    def _say(self, text: str) -> None:
        """A one-line message under the table (what happened and what to do)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- engine state ---------------------------------------------------------------------
    def _on_product_switched(self, event: ProductSwitchEvent) -> None:
        self.model.set_on_air(event.sku, event.t_ms)
        row = self.model.row_of(event.sku)
        if row is not None:
            self.view.scrollTo(self.model.index(row, 0))
        self._show_plan_item(event.sku)
        self._show_badge()

    def _show_plan_item(self, sku: str | None) -> None:
        """The on-air product's talking points, and its planned flash sale in the controls."""
        item = self.plan.item(sku) if self.plan is not None and sku is not None else None
        points = item.talking_points.strip() if item is not None else ""
        self.talking_points.setText(self.tr("Talking points: {points}").format(points=points))
        self.talking_points.setVisible(bool(points))
        if item is not None and item.flash_seconds:
            self.flash_seconds.setValue(item.flash_seconds)
        if item is not None and item.flash_price:
            self.flash_price.setValue(item.flash_price)

    def set_products(self, products: Sequence[ProductInfo], rundown: Sequence[str]) -> None:
        """The show's products after a catalog edit while on air."""
        self.model.set_products(products, rundown)
        self._show_version = -1  # mirror the run-of-show again
        self._sync_show()
        for sku, path in self.model.image_requests():
            self._thumbnails.request(sku, path)
        self.empty_note.setVisible(self.model.rowCount() == 0)
        self._show_badge()

    def tick(self, now_ms: int) -> None:
        """Advance the on-air timer and mirror the run-of-show (window's clock timer)."""
        self._sync_show()
        self._sync_claims()
        self.model.tick(now_ms)
        self._show_badge()

    def set_claims(self, claims: ClaimCounter | None) -> None:
        """Show ``claims``' counts under each product's status (None: no counts)."""
        self.claims = claims
        self._claims_version = -1
        if claims is None:
            self.model.apply_claims(None)
        self._sync_claims()

    def _sync_claims(self) -> None:
        claims = self.claims
        if claims is None or claims.version == self._claims_version:
            return
        state = claims.snapshot()
        self._claims_version = state.version
        self.model.apply_claims(state)

    def _sync_show(self) -> None:
        show = self.show_state
        if show is None or show.version == self._show_version:
            return
        state = show.snapshot()
        self._show_version = state.version
        self.model.apply_show(state)
        running = state.flash is not None
        self.flash_button.setText(
            self.tr("Cancel flash sale") if running else self.tr("⚡ Flash sale")
        )

    def _show_badge(self) -> None:
        product = self.model.product(self.model.on_air)
        if product is None:
            text = self.tr("Off air")
        else:
            name = product.display_name("zh")
            elapsed = fmt_duration(self.model.on_air_elapsed_ms)
            text = self.tr("● ON AIR  {name}  {elapsed}").format(name=name, elapsed=elapsed)
        state = self.model.show_state
        if state is not None and state.flash is not None:
            left = fmt_duration(state.flash.remaining_ms(self.model.now_ms))
            text += self.tr("   ⚡ Flash sale {left}").format(left=left)
        if text != self.badge.text():
            self.badge.setText(text)
        self.badge.setEnabled(product is not None)  # the theme greys a disabled badge

    def close_loader(self) -> bool:
        """Stop background thumbnail decoding; True when no decode is left running."""
        return self._thumbnails.close()
