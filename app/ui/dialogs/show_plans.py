"""Show plans: the "New show" picker and the show-plan editor (File ▸ New show…).

A streamer or 中控 operator plans a show before going live: title, host, platforms, an
optional start time and the rundown (which products, in which order, at which live and
flash price, with the talking points). :class:`ShowPickerDialog` lists the stored plans and
opens one; :class:`PlanEditorDialog` edits one plan against the catalog. The plan itself
(storage, validation) is :mod:`app.commerce.plans`, which has no Qt.

Every database call (list, catalog, save, duplicate, delete) runs on the picker's worker
(:class:`~app.ui.dialogs.store_task.StoreTaskDialog`); the editor never touches the store,
so it can also be used on its own. Sub-dialogs open window-modal with ``open()`` rather
than ``exec()``, so the window stays responsive and tests can drive them.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.commerce.catalog import ProductInfo
from app.commerce.plans import (
    PLATFORMS,
    PlanItem,
    ShowPlan,
    adhoc_plan,
    delete_plan,
    duplicate_plan,
    get_plan,
    last_plan,
    list_plans,
    save_plan,
    validate_plan,
)
from app.commerce.repository import load_products
from app.commerce.show import FLASH_MAX_S, FLASH_MIN_S
from app.config import Config
from app.messages import QT_TRANSLATE_NOOP
from app.speech.audit import AuditReport
from app.store.db import Store
from app.ui import i18n, theme
from app.ui.dialogs.compliance_audit import ComplianceAuditDialog, ComplianceBadge
from app.ui.dialogs.store_task import StoreTaskDialog
from app.ui.flow_layout import FlowLayout
from app.ui.formatting import fmt_money, platform_label

log = logging.getLogger("app.ui.dialogs.show_plans")

#: What the platform check boxes say; names without a translation are brands.
PLATFORM_NAMES: dict[str, str] = {
    "douyin": QT_TRANSLATE_NOOP("PlanEditorDialog", "Douyin"),
    "tiktok": QT_TRANSLATE_NOOP("PlanEditorDialog", "TikTok Shop"),
    "taobao": QT_TRANSLATE_NOOP("PlanEditorDialog", "Taobao Live"),
    "kuaishou": QT_TRANSLATE_NOOP("PlanEditorDialog", "Kuaishou"),
    "youtube": "YouTube",
    "twitch": "Twitch",
    "other": QT_TRANSLATE_NOOP("PlanEditorDialog", "Other"),
}
TIME_FORMAT = "%Y-%m-%d %H:%M"
ROOT = QModelIndex()
ROWS_MIME = "application/x-anchordesk-rundown-rows"
PRICE_PATTERN = r"^\s*¥?\d{0,7}([.,]\d{0,2})?\s*$"
SECONDS_PATTERN = r"^\s*\d{0,5}\s*$"


def product_label(product: ProductInfo | None, sku: str) -> str:
    """``name · SKU`` with the name in the interface language; just the SKU when unknown."""
    if product is None:
        return sku
    return f"{product.display_name(i18n.active_language())} · {sku}"


def local_time(when: datetime) -> str:
    """An aware time as this computer's local wall-clock time (what the operator plans in)."""
    return f"{when.astimezone():{TIME_FORMAT}}"


def next_full_hour(now: datetime | None = None) -> datetime:
    """The default start offered for a new plan: the next full hour, local time."""
    now = (now or datetime.now()).astimezone()
    return now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


# -- the rundown table ----------------------------------------------------------------------
PRODUCT, LIVE, FLASH, SECONDS, POINTS = range(5)
_FIELDS = {LIVE: "live_price", FLASH: "flash_price", SECONDS: "flash_seconds",
           POINTS: "talking_points"}  # fmt: skip


def parse_cell(column: int, value: object) -> tuple[bool, Any]:
    """(ok, value) for text typed into a rundown cell; an empty number cell is None."""
    text = "" if value is None else str(value).strip()
    if column == POINTS:
        return True, text
    text = text.removeprefix("¥").replace(",", ".").strip()
    if not text:
        return True, None
    try:
        number = float(text)
    except ValueError:
        return False, None
    if not math.isfinite(number) or number < 0:
        return False, None
    if column == SECONDS:
        return (True, int(number)) if number.is_integer() else (False, None)
    return True, round(number, 2)


class RundownModel(QAbstractTableModel):
    """The plan's products in running order, editable in place and reorderable by drag.

    Rows are :class:`PlanItem` values (replaced on edit). SKUs missing from the catalog stay
    in the list, greyed, so the operator sees them and decides.
    """

    def __init__(self, catalog: Sequence[ProductInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._catalog = {p.sku: p for p in catalog}
        self._items: list[PlanItem] = []
        self._headers = (self.tr("Product"), self.tr("Live price ¥"), self.tr("Flash price ¥"),
                         self.tr("Flash seconds"), self.tr("Talking points"))  # fmt: skip

    # -- contents -------------------------------------------------------------------------
    def set_items(self, items: Sequence[PlanItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def items(self) -> tuple[PlanItem, ...]:
        return tuple(self._items)

    def skus(self) -> list[str]:
        return [item.sku for item in self._items]

    def missing_rows(self) -> list[int]:
        return [i for i, item in enumerate(self._items) if item.sku not in self._catalog]

    def add(self, skus: Sequence[str]) -> list[int]:
        """Append products not in the rundown yet; returns the new rows."""
        fresh = [sku for sku in dict.fromkeys(skus) if sku not in set(self.skus())]
        if not fresh:
            return []
        first = len(self._items)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        self._items.extend(PlanItem(sku=sku) for sku in fresh)
        self.endInsertRows()
        return list(range(first, first + len(fresh)))

    def remove(self, rows: Sequence[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self._items):
                self.removeRows(row, 1)

    def move(self, row: int, to: int) -> bool:
        """Move one row so that it ends up at index ``to``."""
        if not (0 <= row < len(self._items) and 0 <= to < len(self._items)) or row == to:
            return False
        return self.moveRows(QModelIndex(), row, 1, QModelIndex(), to + 1 if to > row else to)

    # -- QAbstractTableModel --------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return str(section + 1)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item, column = self._items[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, column)
        if role == Qt.ItemDataRole.UserRole:
            return item.sku
        return self._style(item, column, role)

    def _style(self, item: PlanItem, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and item.sku not in self._catalog:
            return QColor(theme.colors().hex("muted"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (LIVE, FLASH, SECONDS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, item: PlanItem, column: int) -> str:
        if column == PRODUCT:
            product = self._catalog.get(item.sku)
            if product is None:
                return f"{item.sku} — {self.tr('not in the catalog')}"
            return product_label(product, item.sku)
        value = getattr(item, _FIELDS[column])
        if value is None:
            return ""
        if column in (LIVE, FLASH):
            return f"{value:.2f}"
        return str(value)

    def _tooltip(self, item: PlanItem, column: int) -> str | None:
        product = self._catalog.get(item.sku)
        if product is None:
            return self.tr(
                "{sku} is not in the catalog: remove it from the rundown, or add the product "
                "with Catalog ▸ New product…"
            ).format(sku=item.sku)
        if column == PRODUCT:
            return self.tr("{zh} / {en}\nCatalog price {price}, stock {stock}").format(
                zh=product.name_zh, en=product.name_en, price=fmt_money(product.sale_price),
                stock=product.stock,
            )  # fmt: skip
        if column == LIVE and item.live_price is None:
            return self.tr("Empty: the catalog price applies ({price})").format(
                price=fmt_money(product.sale_price)
            )
        if column == POINTS and item.talking_points:
            return item.talking_points
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        flags |= Qt.ItemFlag.ItemIsDragEnabled
        if index.column() != PRODUCT:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(
        self,
        index: QModelIndex | QPersistentModelIndex,
        value: Any,
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() == PRODUCT:
            return False
        ok, parsed = parse_cell(index.column(), value)
        if not ok:
            return False
        row = index.row()
        self._items[row] = replace(self._items[row], **{_FIELDS[index.column()]: parsed})
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])
        return True

    def removeRows(
        self, row: int, count: int, parent: QModelIndex | QPersistentModelIndex = ROOT
    ) -> bool:
        if parent.isValid() or row < 0 or count <= 0 or row + count > len(self._items):
            return False
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        del self._items[row : row + count]
        self.endRemoveRows()
        return True

    def moveRows(
        self,
        sourceParent: QModelIndex | QPersistentModelIndex,
        sourceRow: int,
        count: int,
        destinationParent: QModelIndex | QPersistentModelIndex,
        destinationChild: int,
    ) -> bool:
        size = len(self._items)
        if sourceParent.isValid() or destinationParent.isValid() or count <= 0:
            return False
        if sourceRow < 0 or sourceRow + count > size or not 0 <= destinationChild <= size:
            return False
        if sourceRow <= destinationChild <= sourceRow + count:
            return False  # already there
        self.beginMoveRows(QModelIndex(), sourceRow, sourceRow + count - 1, QModelIndex(),
                           destinationChild)  # fmt: skip
        block = self._items[sourceRow : sourceRow + count]
        del self._items[sourceRow : sourceRow + count]
        at = destinationChild - count if destinationChild > sourceRow else destinationChild
        self._items[at:at] = block
        self.endMoveRows()
        return True

    # -- drag and drop (reordering within the table) --------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ROWS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        data.setData(ROWS_MIME, ",".join(map(str, rows)).encode("ascii"))
        return data

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        """Reorder the dragged rows to ``row``; returns False so the view removes nothing.

        A True "move" drop makes QAbstractItemView delete the dragged rows afterwards, which
        is right between two models and wrong for a move inside one.
        """
        if action != Qt.DropAction.MoveAction or not data.hasFormat(ROWS_MIME):
            return False
        raw = bytes(data.data(ROWS_MIME).data()).decode("ascii")
        rows = [int(r) for r in raw.split(",") if r.strip().isdigit()]
        rows = [r for r in rows if 0 <= r < len(self._items)]
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self._items))
        if rows:
            self._reorder(rows, target)
        return False

    def _reorder(self, rows: list[int], target: int) -> None:
        if rows == list(range(rows[0], rows[0] + len(rows))):
            self.moveRows(QModelIndex(), rows[0], len(rows), QModelIndex(), target)
            return
        moving = [self._items[r] for r in rows]
        before = [item for i, item in enumerate(self._items[:target]) if i not in rows]
        after = [item for i, item in enumerate(self._items) if i >= target and i not in rows]
        self.set_items(before + moving + after)


class _CellDelegate(QStyledItemDelegate):
    """A line editor that only accepts what a number column can hold."""

    def __init__(self, pattern: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pattern = QRegularExpression(pattern)

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setValidator(QRegularExpressionValidator(self._pattern, editor))
        return editor


# -- the product picker ---------------------------------------------------------------------
class ProductPickerDialog(QDialog):
    """Choose products to add to a rundown: a search box over a multi-select list.

    Clicking a row ticks or unticks it (multi-selection without modifier keys); ticked rows
    stay ticked while the search changes.
    """

    def __init__(self, products: Sequence[ProductInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("productPicker")
        self.setWindowTitle(self.tr("Add products"))
        self.resize(520, 480)
        self.search = QLineEdit()
        self.search.setObjectName("pickerSearch")
        self.search.setPlaceholderText(self.tr("Search by name, SKU, alias or keyword"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setObjectName("pickerList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for product in products:
            self.list.addItem(self._item(product))
        self.list.itemSelectionChanged.connect(self._on_selection)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.add_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.add_button.setObjectName("pickerAdd")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self._on_selection()

    def _item(self, product: ProductInfo) -> QListWidgetItem:
        text = f"{product_label(product, product.sku)}  ·  {fmt_money(product.sale_price)}"
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, product.sku)
        words = (product.sku, product.name_zh, product.name_en, product.category,
                 *product.aliases, *product.keywords)  # fmt: skip
        item.setData(Qt.ItemDataRole.UserRole + 1, " ".join(words).casefold())
        item.setToolTip(
            self.tr("{zh} / {en}\nStock {stock}").format(
                zh=product.name_zh, en=product.name_en, stock=product.stock
            )
        )
        return item

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for row in range(self.list.count()):
            item = self.list.item(row)
            haystack = str(item.data(Qt.ItemDataRole.UserRole + 1))
            item.setHidden(not all(word in haystack for word in words))

    def _on_selection(self) -> None:
        n = len(self.chosen_skus())
        self.add_button.setText(self.tr("Add ({n})").format(n=n) if n else self.tr("Add"))
        self.add_button.setEnabled(n > 0)

    def chosen_skus(self) -> list[str]:
        """The ticked products' SKUs, in catalog order."""
        items = (self.list.item(row) for row in range(self.list.count()))
        return [str(item.data(Qt.ItemDataRole.UserRole)) for item in items if item.isSelected()]


# -- the plan editor ------------------------------------------------------------------------
class PlanEditorDialog(QDialog):
    """Edit one show plan (new or stored) against a catalog; :meth:`plan` is the result.

    The dialog does no database work. OK is refused while :func:`validate_plan` finds
    problems; they are listed in red under the rundown and follow every edit from then on.
    """

    def __init__(
        self,
        plan: ShowPlan | None,
        catalog: Sequence[ProductInfo],
        *,
        ok_text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("planEditor")
        self._original = plan if plan is not None else ShowPlan(id=None, title="")
        self._catalog = list(catalog)
        self._extra_platforms: tuple[str, ...] = ()
        self._checked = False
        self.picker: ProductPickerDialog | None = None
        new = self._original.id is None
        self.setWindowTitle(self.tr("New show plan") if new else self.tr("Edit show plan"))
        self._build(ok_text or self.tr("Save"))
        self._load(self._original)
        self.resize(920, 600)

    # -- widgets --------------------------------------------------------------------------
    def _build(self, ok_text: str) -> None:
        self.errors = QLabel()
        self.errors.setObjectName("planErrors")
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet(f"color: {theme.colors().hex('error')};")
        self.errors.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("planOk")
        self.ok_button.setText(ok_text)
        self.ok_button.setProperty("role", "primary")  # styled by dark.qss
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        # The pre-show compliance audit of the plan's texts and its products, re-run
        # shortly after each edit; the badge shows until every finding is reviewed.
        self.compliance = ComplianceBadge()
        self.compliance.clicked.connect(self._open_audit)
        self.audit_report: AuditReport | None = None
        self.acknowledged: set[str] = set()
        self._audit_timer = QTimer(self)
        self._audit_timer.setSingleShot(True)
        self._audit_timer.setInterval(300)
        self._audit_timer.timeout.connect(self.run_audit)
        footer = QHBoxLayout()
        footer.addWidget(self.compliance)
        footer.addStretch(1)
        footer.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(self._details())
        layout.addWidget(self._rundown_box(), 1)
        layout.addWidget(self.errors)
        layout.addLayout(footer)

    def _details(self) -> QGridLayout:
        self.title = QLineEdit()
        self.title.setObjectName("planTitle")
        self.title.setPlaceholderText(self.tr("e.g. Tuesday night picks"))
        self.host = QLineEdit()
        self.host.setObjectName("planHost")
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("planNotes")
        self.notes.setPlaceholderText(self.tr("Giveaways, guests, reminders for the team…"))
        self.notes.setFixedHeight(52)
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Title")), 0, 0)
        grid.addWidget(self.title, 0, 1)
        grid.addWidget(QLabel(self.tr("Host")), 0, 2)
        grid.addWidget(self.host, 0, 3)
        grid.addWidget(QLabel(self.tr("Platforms")), 1, 0)
        grid.addWidget(self._platforms_row(), 1, 1, 1, 3)
        grid.addWidget(QLabel(self.tr("Start")), 2, 0)
        grid.addLayout(self._start_row(), 2, 1, 1, 3)
        grid.addWidget(QLabel(self.tr("Notes")), 3, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.notes, 3, 1, 1, 3)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 1)
        for edit in (self.title, self.host):
            edit.textChanged.connect(self._revalidate)
        self.notes.textChanged.connect(self._revalidate)
        return grid

    def _platforms_row(self) -> QWidget:
        row = QWidget()
        flow = FlowLayout(row, spacing=12)
        self.platform_boxes: dict[str, QCheckBox] = {}
        for pid in PLATFORMS:
            box = QCheckBox(self.tr(PLATFORM_NAMES.get(pid, pid)))
            box.setObjectName(f"platform_{pid}")
            box.toggled.connect(self._revalidate)
            flow.addWidget(box)
            self.platform_boxes[pid] = box
        return row

    def _start_row(self) -> QHBoxLayout:
        self.unscheduled = QCheckBox(self.tr("Not scheduled"))
        self.unscheduled.setObjectName("planUnscheduled")
        self.start = QDateTimeEdit()
        self.start.setObjectName("planStart")
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.start.setToolTip(self.tr("Local time of this computer"))
        self.unscheduled.toggled.connect(lambda off: self.start.setEnabled(not off))
        self.unscheduled.toggled.connect(self._revalidate)
        self.start.dateTimeChanged.connect(self._revalidate)
        row = QHBoxLayout()
        row.addWidget(self.unscheduled)
        row.addWidget(self.start)
        row.addStretch(1)
        return row

    def _rundown_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Rundown"))
        lay = QVBoxLayout(box)
        self.rundown = RundownModel(self._catalog, self)
        self.table = self._rundown_table()
        lay.addWidget(self.table, 1)
        self.missing = QLabel()
        self.missing.setObjectName("rundownMissing")
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet(f"color: {theme.colors().hex('warn')};")
        lay.addWidget(self.missing)
        lay.addLayout(self._rundown_buttons())
        hint = QLabel(
            self.tr(
                "Empty price cells use the catalog price. A flash sale needs a flash price "
                "and {min}–{max} seconds. Drag rows or use Move up/down to set the order."
            ).format(min=FLASH_MIN_S, max=FLASH_MAX_S)
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {theme.colors().hex('muted')};")
        lay.addWidget(hint)
        for changed in (self.rundown.dataChanged, self.rundown.rowsInserted,
                        self.rundown.rowsRemoved, self.rundown.rowsMoved,
                        self.rundown.modelReset):  # fmt: skip
            changed.connect(self._on_rundown_changed)
        return box

    def _rundown_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("rundownTable")
        table.setModel(self.rundown)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        table.setDragDropOverwriteMode(False)
        table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self._delegates = [
            _CellDelegate(PRICE_PATTERN, table),
            _CellDelegate(SECONDS_PATTERN, table),
        ]
        table.setItemDelegateForColumn(LIVE, self._delegates[0])
        table.setItemDelegateForColumn(FLASH, self._delegates[0])
        table.setItemDelegateForColumn(SECONDS, self._delegates[1])
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        table.setColumnWidth(PRODUCT, 260)
        for column in (LIVE, FLASH, SECONDS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        table.verticalHeader().setDefaultSectionSize(26)
        table.selectionModel().selectionChanged.connect(self._update_buttons)
        return table

    def _rundown_buttons(self) -> QHBoxLayout:
        self.add_button = QPushButton(self.tr("Add products…"))
        self.add_button.setObjectName("rundownAdd")
        self.add_button.clicked.connect(self.add_products)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName("rundownRemove")
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button = QPushButton(self.tr("Move up"))
        self.up_button.setObjectName("rundownUp")
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button = QPushButton(self.tr("Move down"))
        self.down_button.setObjectName("rundownDown")
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.count = QLabel()
        self.count.setObjectName("rundownCount")
        row = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setAutoDefault(False)  # Enter in a field means OK, not "add again"
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.count)
        return row

    # -- plan <-> widgets -----------------------------------------------------------------
    def _load(self, plan: ShowPlan) -> None:
        self.title.setText(plan.title)
        self.host.setText(plan.host)
        self.notes.setPlainText(plan.notes)
        for pid, box in self.platform_boxes.items():
            box.setChecked(pid in plan.platforms)
        self._extra_platforms = tuple(p for p in plan.platforms if p not in PLATFORMS)
        start = plan.planned_start or next_full_hour()
        self.start.setDateTime(QDateTime.fromSecsSinceEpoch(int(start.timestamp())))
        self.unscheduled.setChecked(plan.planned_start is None)
        self.start.setEnabled(plan.planned_start is not None)
        self.rundown.set_items(plan.items)

    def platforms(self) -> tuple[str, ...]:
        ticked = tuple(pid for pid, box in self.platform_boxes.items() if box.isChecked())
        return ticked + self._extra_platforms

    def planned_start(self) -> datetime | None:
        """The chosen start as an aware UTC time (the edit shows local time)."""
        if self.unscheduled.isChecked():
            return None
        return datetime.fromtimestamp(self.start.dateTime().toSecsSinceEpoch(), UTC)

    def plan(self) -> ShowPlan:
        """The plan as edited (same id as the one given; unchanged fields kept)."""
        return replace(
            self._original,
            title=self.title.text().strip(),
            host=self.host.text().strip(),
            platforms=self.platforms(),
            planned_start=self.planned_start(),
            items=self.rundown.items(),
            notes=self.notes.toPlainText().strip(),
        )

    # -- rundown actions ------------------------------------------------------------------
    def available_products(self) -> list[ProductInfo]:
        """Catalog products not in the rundown yet (what the picker offers)."""
        taken = set(self.rundown.skus())
        return [p for p in self._catalog if p.sku not in taken]

    def add_products(self) -> None:
        """Open the picker (window-modal, non-blocking); ticked products are appended."""
        picker = ProductPickerDialog(self.available_products(), self)
        self.picker = picker
        picker.accepted.connect(lambda: self._on_picked(picker.chosen_skus()))
        picker.finished.connect(picker.deleteLater)
        picker.open()
        picker.search.setFocus()

    def _on_picked(self, skus: list[str]) -> None:
        self.picker = None
        rows = self.rundown.add(skus)
        if rows:
            self._select_rows(rows)

    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()})

    def remove_selected(self) -> None:
        self.rundown.remove(self.selected_rows())

    def move_current(self, step: int) -> None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return
        if self.rundown.move(rows[0], rows[0] + step):
            self._select_rows([rows[0] + step])

    def _select_rows(self, rows: list[int]) -> None:
        self.table.clearSelection()
        selection = self.table.selectionModel()
        for row in rows:
            selection.select(
                self.rundown.index(row, 0),
                selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
            )
        self.table.setCurrentIndex(self.rundown.index(rows[-1], 0))
        self.table.scrollTo(self.rundown.index(rows[-1], 0))

    def _on_rundown_changed(self, *_args: object) -> None:
        n = self.rundown.rowCount()
        self.count.setText(self.tr("{n} products").format(n=n) if n != 1 else self.tr("1 product"))
        missing = len(self.rundown.missing_rows())
        self.missing.setText(
            self.tr(
                "Products not in the catalog (greyed): {n}. Remove them, or add them to the "
                "catalog before going live."
            ).format(n=missing)
            if missing
            else ""
        )
        self.missing.setVisible(bool(missing))
        self._update_buttons()
        self._revalidate()

    def _update_buttons(self, *_args: object) -> None:
        rows = self.selected_rows()
        n = self.rundown.rowCount()
        self.remove_button.setEnabled(bool(rows))
        self.up_button.setEnabled(len(rows) == 1 and rows[0] > 0)
        self.down_button.setEnabled(len(rows) == 1 and rows[0] < n - 1)
        available = bool(self.available_products())
        self.add_button.setEnabled(available)
        if not self._catalog:
            self.add_button.setToolTip(self.tr("The catalog is empty"))
        elif not available:
            self.add_button.setToolTip(self.tr("Every catalog product is in the rundown"))
        else:
            self.add_button.setToolTip("")

    # -- validation -----------------------------------------------------------------------
    def problems(self) -> list[str]:
        return list(validate_plan(self.plan()))

    def accept(self) -> None:
        """Refuse while the plan has problems (listed in red), else close with Accepted."""
        self._checked = True
        problems = self.problems()
        self._show_problems(problems)
        if not problems:
            super().accept()

    def show_error(self, message: str) -> None:
        """Say why saving failed (the picker reopens the editor with the typed plan)."""
        self._checked = True
        self.errors.setText(message)
        self.errors.setVisible(bool(message))  # OK stays enabled: the user may just retry

    def _revalidate(self, *_args: object) -> None:
        self._audit_timer.start()  # (re)starts: one audit after the typing pauses
        if self._checked:
            self._show_problems(self.problems())

    def run_audit(self) -> None:
        """Audit the plan as edited (character matching only: fast on the GUI thread)."""
        from app.speech.audit import audit

        self.audit_report = audit(self._catalog, self.plan(), whole_catalog=False)
        self.compliance.set_report(self.audit_report, self.acknowledged)

    def _open_audit(self) -> None:
        if self.audit_report is None:
            return
        dialog = ComplianceAuditDialog(self.audit_report, self.acknowledged, self)
        dialog.acknowledged_changed.connect(self._on_acknowledged)
        dialog.open()

    def _on_acknowledged(self, keys: list[str]) -> None:
        self.acknowledged = set(keys)
        self.compliance.set_report(self.audit_report, self.acknowledged)

    def _show_problems(self, problems: Sequence[str]) -> None:
        self.errors.setText("\n".join(problems))
        self.errors.setVisible(bool(problems))
        self.ok_button.setEnabled(not problems or not self._checked)


# -- the "New show" picker ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Loaded:
    plans: list[ShowPlan]
    catalog: list[ProductInfo]
    last_id: int | None


def _load_all(store: Store) -> _Loaded:
    last = last_plan(store)
    return _Loaded(list_plans(store), load_products(store), last.id if last else None)


class ShowPickerDialog(StoreTaskDialog):
    """List the stored show plans; open, create, edit, duplicate, delete, or a quick show.

    ``chosen_plan`` is the plan opened (always a stored one, with an id), or None;
    ``plan_chosen`` carries it too, for a caller that shows the dialog non-modally.
    ``confirm(title, question)`` asks before deleting (tests answer for the user).
    """

    plan_chosen = Signal(object)  # ShowPlan

    def __init__(
        self, config: Config, store: Store | None = None, *, parent: QWidget | None = None
    ) -> None:
        super().__init__(config, store, parent=parent)
        self.setObjectName("showPicker")
        self.setWindowTitle(self.tr("New show"))
        self.chosen_plan: ShowPlan | None = None
        self.plans: list[ShowPlan] = []
        self.catalog: list[ProductInfo] | None = None
        self.editor: PlanEditorDialog | None = None
        self.confirm: Callable[[str, str], bool] = self._ask_yes_no
        self._last_id: int | None = None
        self._pending: tuple[ShowPlan, bool] | None = None
        self._build()
        self.resize(880, 520)
        self.reload()

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.catalog_note = QLabel(
            self.tr(
                "The catalog is empty: add products with Catalog ▸ New product… or `python -m "
                "app products import FILE`. A show without products still runs on comments "
                "and orders."
            )
        )
        self.catalog_note.setObjectName("catalogEmpty")
        self.catalog_note.setWordWrap(True)
        self.catalog_note.setStyleSheet(f"color: {theme.colors().hex('muted')};")
        self.catalog_note.hide()
        self.status = QLabel()
        self.status.setObjectName("showStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self._plan_table(), 1)
        layout.addLayout(self._plan_buttons())
        layout.addWidget(self.catalog_note)
        layout.addWidget(self.status)
        layout.addWidget(self._dialog_buttons())

    def _plan_table(self) -> QTableWidget:
        headers = [self.tr("Title"), self.tr("Host"), self.tr("Platforms"),
                   self.tr("Planned start"), self.tr("Products")]  # fmt: skip
        self.table = QTableWidget(0, len(headers))
        self.table.setObjectName("planTable")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.open_selected())
        return self.table

    def _plan_buttons(self) -> QHBoxLayout:
        self.new_button = self._button(self.tr("New plan…"), "planNew", self.new_plan)
        self.edit_button = self._button(self.tr("Edit…"), "planEdit", self.edit_selected)
        self.duplicate_button = self._button(
            self.tr("Duplicate"), "planDuplicate", self.duplicate_selected
        )
        self.delete_button = self._button(self.tr("Delete"), "planDelete", self.delete_selected)
        self.quick_button = self._button(
            self.tr("Quick show from catalog"), "quickShow", self.quick_show
        )
        self.quick_button.setToolTip(
            self.tr("A plan with every catalog product; trim it, then it opens")
        )
        row = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.duplicate_button,
                       self.delete_button):  # fmt: skip
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.quick_button)
        return row

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _dialog_buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.open_button = buttons.addButton(
            self.tr("Open show"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.open_button.setObjectName("openShow")
        self.open_button.setProperty("role", "primary")  # styled by dark.qss
        self.open_button.setDefault(True)
        buttons.accepted.connect(self.open_selected)
        buttons.rejected.connect(self.reject)
        return buttons

    # -- the list -------------------------------------------------------------------------
    def reload(self) -> None:
        """Load the plans, the catalog and the last plan on the worker."""
        self._run("loaded", _load_all)

    def _done_loaded(self, loaded: _Loaded) -> None:
        self.catalog = loaded.catalog
        self._last_id = loaded.last_id
        self.catalog_note.setVisible(not loaded.catalog)
        self._fill(loaded.plans, loaded.last_id)
        if not loaded.plans:
            self._say(
                self.tr(
                    "No show plans yet: make one with New plan…, or start a quick show from "
                    "the catalog."
                )
            )
        self._update_buttons()

    def _fill(self, plans: list[ShowPlan], select_id: int | None = None) -> None:
        self.plans = list(plans)
        self.table.setRowCount(len(plans))
        muted = QColor(theme.colors().hex("muted"))
        for row, plan in enumerate(plans):
            start = local_time(plan.planned_start) if plan.planned_start else None
            cells = (plan.title, plan.host, self._platforms_text(plan),
                     start or self.tr("not scheduled"), str(len(plan.items)))  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, plan.id)
                if column == 3 and start is None:
                    item.setForeground(muted)
                if column == 4:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column == 0:
                    item.setToolTip(plan.notes)
                self.table.setItem(row, column, item)
        ids = [plan.id for plan in plans]
        if plans:
            self.table.selectRow(ids.index(select_id) if select_id in ids else 0)
        self._update_buttons()

    def _platforms_text(self, plan: ShowPlan) -> str:
        names = [self.tr("Other") if p == "other" else platform_label(p) for p in plan.platforms]
        return " · ".join(names)

    def selected_plan(self) -> ShowPlan | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.plans[min(rows)] if rows and min(rows) < len(self.plans) else None

    def _selected_id(self) -> int | None:
        plan = self.selected_plan()
        if plan is None:
            self._say(self.tr("Select a plan first."))
            return None
        return plan.id

    def _set_busy(self, busy: bool) -> None:
        super()._set_busy(busy)
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = not self.busy
        chosen = idle and self.selected_plan() is not None
        for button in (self.edit_button, self.duplicate_button, self.delete_button,
                       self.open_button):  # fmt: skip
            button.setEnabled(chosen)
        for button in (self.new_button, self.quick_button):
            button.setEnabled(idle and self.catalog is not None)

    # -- actions --------------------------------------------------------------------------
    def open_selected(self) -> None:
        """Open the selected plan as the show (read fresh from the store first)."""
        plan_id = self._selected_id()
        if plan_id is not None and not self.busy:
            self._run("open", lambda store: get_plan(store, plan_id))

    def _done_open(self, plan: ShowPlan) -> None:
        self._choose(plan)

    def _choose(self, plan: ShowPlan) -> None:
        self.chosen_plan = plan
        self.plan_chosen.emit(plan)
        self.accept()

    def new_plan(self) -> None:
        if self.catalog is not None and not self.busy:
            self._edit(None)

    def edit_selected(self) -> None:
        plan_id = self._selected_id()
        if plan_id is not None and not self.busy:
            self._run("edit", lambda store: get_plan(store, plan_id))

    def _done_edit(self, plan: ShowPlan) -> None:
        self._edit(plan)

    def quick_show(self) -> None:
        """A plan of every catalog product, opened in the editor; saving it opens the show."""
        if self.catalog is None or self.busy:
            return
        last = next((p for p in self.plans if p.id == self._last_id), None)
        title = self.tr("Quick show {when}").format(when=f"{datetime.now():{TIME_FORMAT}}")
        plan = adhoc_plan(
            self.catalog,
            title=title,
            host=last.host if last else "",
            platforms=last.platforms if last else (),
        )
        self._edit(plan, open_after=True)

    def _edit(self, plan: ShowPlan | None, *, open_after: bool = False, error: str = "") -> None:
        ok_text = self.tr("Save and open") if open_after else ""
        editor = PlanEditorDialog(plan, self.catalog or [], ok_text=ok_text, parent=self)
        self.editor = editor
        editor.accepted.connect(lambda: self._save(editor.plan(), open_after))
        editor.finished.connect(lambda _result: self._editor_closed(editor))
        if error:
            editor.show_error(error)
        editor.open()

    def _editor_closed(self, editor: PlanEditorDialog) -> None:
        if self.editor is editor:
            self.editor = None
        editor.deleteLater()

    def _save(self, plan: ShowPlan, open_after: bool) -> None:
        self._pending = (plan, open_after)
        self._run("saved", lambda store: (save_plan(store, plan), list_plans(store)))

    def _done_saved(self, result: tuple[ShowPlan, list[ShowPlan]]) -> None:
        saved, plans = result
        _plan, open_after = self._pending or (saved, False)
        self._pending = None
        self._fill(plans, saved.id)
        if open_after:
            self._choose(saved)
        else:
            self._say(self.tr("Saved “{title}”.").format(title=saved.title))

    def _on_failed(self, name: str, message: str) -> None:
        super()._on_failed(name, message)
        if name == "saved" and self._pending is not None:
            plan, open_after = self._pending  # reopen with what was typed: nothing is lost
            self._pending = None
            self._edit(plan, open_after=open_after, error=message)

    def duplicate_selected(self) -> None:
        plan_id = self._selected_id()
        if plan_id is not None and not self.busy:
            self._run(
                "duplicated", lambda store: (duplicate_plan(store, plan_id), list_plans(store))
            )

    def _done_duplicated(self, result: tuple[ShowPlan, list[ShowPlan]]) -> None:
        copy, plans = result
        self._fill(plans, copy.id)
        self._say(self.tr("Made a copy: “{title}”.").format(title=copy.title))

    def delete_selected(self) -> None:
        """Delete the selected plan after asking."""
        plan = self.selected_plan()
        if plan is None or plan.id is None:
            self._say(self.tr("Select a plan first."))
            return
        if self.busy:
            return
        question = self.tr("Delete the show plan “{title}”? This cannot be undone.").format(
            title=plan.title
        )
        if not self.confirm(self.tr("Delete show plan"), question):
            self._say(self.tr("Cancelled; nothing was changed."))
            return
        plan_id, title = plan.id, plan.title
        self._run("deleted", lambda store: (title, delete_plan(store, plan_id), list_plans(store)))

    def _done_deleted(self, result: tuple[str, bool, list[ShowPlan]]) -> None:
        title, deleted, plans = result
        self._fill(plans)
        if deleted:
            self._say(self.tr("Deleted “{title}”.").format(title=title))
        else:
            self._say(self.tr("“{title}” was already gone.").format(title=title))

    def _ask_yes_no(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(self, title, question)
        return answer == QMessageBox.StandardButton.Yes


def choose_show(
    config: Config, store: Store | None, parent: QWidget | None = None
) -> ShowPlan | None:
    """Run the "New show" picker modally; the stored plan to open, or None when cancelled."""
    dialog = ShowPickerDialog(config, store, parent=parent)
    try:
        dialog.exec()
        return dialog.chosen_plan
    finally:
        dialog.deleteLater()
