"""The run-of-show as a table model: one row per product, the on-air row highlighted.

The model mirrors what the engine says (``ProductSwitchEvent``); it never decides what is
on air itself, so the operator's click and the highlight cannot disagree.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from enum import IntEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QCoreApplication,
    QMimeData,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QImage, QPixmap

from app.commerce.catalog import ProductInfo
from app.commerce.show import DONE, SKIPPED, ShowState
from app.messages import QT_TRANSLATE_NOOP
from app.show.claims import ClaimsState
from app.ui import theme
from app.ui.formatting import fmt_duration, fmt_int, fmt_money
from app.ui.icons import letter_tile
from app.ui.models.event_list import ROOT, Index

log = logging.getLogger("app.ui.models.products")

Role = Qt.ItemDataRole

SKU_ROLE = Role.UserRole + 1
ON_AIR_ROLE = Role.UserRole + 2
THUMBNAIL_SIZE = 48
LOW_STOCK = 10
SKU_MIME = "application/x-anchordesk-sku"


class Column(IntEnum):
    PRODUCT = 0
    PRICE = 1
    STOCK = 2
    STATUS = 3
    CLAIMS = 4  # viewers asking for it in comments (shown when a claim counter is attached)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProductQueueModel", text)


# Short headers keep the number columns narrow, leaving room for product names.
_HEADERS = {
    Column.PRODUCT: QT_TRANSLATE_NOOP("ProductQueueModel", "Product"),
    Column.PRICE: QT_TRANSLATE_NOOP("ProductQueueModel", "Price"),
    Column.STOCK: QT_TRANSLATE_NOOP("ProductQueueModel", "Stock"),
    Column.STATUS: QT_TRANSLATE_NOOP("ProductQueueModel", "Status"),
    Column.CLAIMS: QT_TRANSLATE_NOOP("ProductQueueModel", "Claims"),
}


def queue_order(products: Sequence[ProductInfo], rundown: Sequence[str]) -> list[ProductInfo]:
    """Rundown items first, in order; then the rest of the catalog, so any product can
    still be put on air when the host improvises."""
    by_sku = {p.sku: p for p in products}
    unknown = [sku for sku in rundown if sku not in by_sku]
    if unknown:
        log.warning("rundown names SKUs missing from the catalog: %s", ", ".join(unknown))
    ordered = [by_sku[sku] for sku in dict.fromkeys(rundown) if sku in by_sku]
    listed = {p.sku for p in ordered}
    return ordered + [p for p in products if p.sku not in listed]


class ProductQueueModel(QAbstractTableModel):
    """Products in run-of-show order with price, stock and on-air status.

    With a run-of-show attached (:meth:`apply_show`), stock, done/skip state, "next" and
    the flash-sale countdown come from it. Rows can be dragged to reorder; the model moves
    them itself (``moveRows``) and emits :attr:`reordered` so the panel tells the show.
    """

    reordered = Signal(list)  # list[str]: the SKUs in their new order

    def __init__(
        self,
        products: Sequence[ProductInfo],
        rundown: Sequence[str] = (),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._rows = queue_order(products, rundown)
        self._row_of = {p.sku: i for i, p in enumerate(self._rows)}
        self._thumbnails: dict[str, QPixmap] = {}
        self._on_air: str | None = None
        self._since_ms = 0
        self._now_ms = 0
        self._show: ShowState | None = None
        self._claims: ClaimsState | None = None

    def set_products(self, products: Sequence[ProductInfo], rundown: Sequence[str]) -> None:
        """The show's products after a catalog edit while on air (thumbnails are kept)."""
        self.beginResetModel()
        self._rows = queue_order(products, rundown)
        self._row_of = {p.sku: i for i, p in enumerate(self._rows)}
        self.endResetModel()

    # -- Qt model API ---------------------------------------------------------------------
    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Role.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Role.DisplayRole:
            return _tr(_HEADERS[Column(section)]) if 0 <= section < len(Column) else None
        return super().headerData(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base | Qt.ItemFlag.ItemIsDropEnabled
        return base | Qt.ItemFlag.ItemIsDragEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [SKU_MIME]

    def mimeData(self, indexes: Sequence[Index]) -> QMimeData:
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        skus = "\n".join(self._rows[r].sku for r in rows)
        mime.setData(SKU_MIME, QByteArray(skus.encode("utf-8")))
        return mime

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Move the dragged row to ``row`` (or above ``parent``'s row when dropped on it).

        Returns False on purpose: the move is done here, so the view must not remove
        the "source" rows afterwards as it would for a copy-then-delete move.
        """
        if action != Qt.DropAction.MoveAction or not data.hasFormat(SKU_MIME):
            return False
        skus = bytes(data.data(SKU_MIME).data()).decode("utf-8").split("\n")
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self._rows))
        source = self.row_of(skus[0]) if skus else None
        if source is not None:
            self.move_row(source, target)
        return False

    def moveRows(
        self, source_parent: Index, source_row: int, count: int, dest_parent: Index, dest: int
    ) -> bool:
        if source_parent.isValid() or dest_parent.isValid() or count != 1:
            return False
        if not (0 <= source_row < len(self._rows) and 0 <= dest <= len(self._rows)):
            return False
        if dest in (source_row, source_row + 1):
            return False  # Qt forbids a move onto itself
        if not self.beginMoveRows(ROOT, source_row, source_row, ROOT, dest):
            return False
        product = self._rows.pop(source_row)
        self._rows.insert(dest - 1 if dest > source_row else dest, product)
        self._row_of = {p.sku: i for i, p in enumerate(self._rows)}
        self.endMoveRows()
        self.reordered.emit([p.sku for p in self._rows])
        return True

    def move_row(self, source: int, target: int) -> bool:
        """Move one row so it ends up before the row now at ``target`` (Qt semantics)."""
        return self.moveRows(ROOT, source, 1, ROOT, target)

    def data(self, index: Index, role: int = Role.DisplayRole) -> Any:
        if not self.checkIndex(index, QAbstractTableModel.CheckIndexOption.IndexIsValid):
            return None
        product = self._rows[index.row()]
        if role == SKU_ROLE:
            return product.sku
        if role == ON_AIR_ROLE:
            return product.sku == self._on_air
        return self._cell(product, Column(index.column()), role)

    # -- what a cell shows ----------------------------------------------------------------
    def _cell(self, product: ProductInfo, column: Column, role: int) -> Any:
        if role == Role.ToolTipRole and not (column == Column.CLAIMS and self._claims is not None):
            return self._tooltip(product)
        if product.sku == self._on_air and role == Role.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        cell = {
            Column.PRODUCT: self._product_cell,
            Column.PRICE: self._price_cell,
            Column.STOCK: self._stock_cell,
            Column.STATUS: self._status_cell,
            Column.CLAIMS: self._claims_cell,
        }[column]
        return cell(product, role)

    def _product_cell(self, product: ProductInfo, role: int) -> Any:
        if role == Role.DisplayRole:
            names = dict.fromkeys(n for n in (product.name_zh, product.name_en) if n)
            return "\n".join(names) or product.sku
        if role == Role.DecorationRole:
            return self._thumbnails.get(product.sku) or letter_tile(
                product.display_name("zh"), theme.colors().hex("accent"), THUMBNAIL_SIZE
            )
        return None

    def _price_cell(self, product: ProductInfo, role: int) -> Any:
        if role == Role.DisplayRole:
            if product.promo_price is None:
                return fmt_money(product.price)
            was = self.tr("was {price}").format(price=fmt_money(product.price))
            return f"{fmt_money(product.sale_price)}\n{was}"
        if role == Role.ForegroundRole and product.promo_price is not None:
            return theme.colors()["purchase"]
        return self._right_aligned(role)

    def stock(self, sku: str) -> int:
        """Live stock from the run-of-show when attached, else the catalog's."""
        if self._show is not None and sku in self._show.stock:
            return self._show.stock[sku]
        product = self.product(sku)
        return product.stock if product is not None else 0

    def stock_level(self, sku: str) -> str:
        """ "out", "low" or "ok"."""
        if self._show is not None:
            return self._show.stock_level(sku)
        stock = self.stock(sku)
        return "out" if stock <= 0 else ("low" if stock < LOW_STOCK else "ok")

    def _stock_cell(self, product: ProductInfo, role: int) -> Any:
        level = self.stock_level(product.sku)
        if role == Role.DisplayRole:
            return self.tr("Sold out") if level == "out" else fmt_int(self.stock(product.sku))
        if role == Role.ForegroundRole and level != "ok":
            return theme.colors()["error" if level == "out" else "warn"]
        if role == Role.ToolTipRole and level == "low":
            return self.tr("Low stock")
        return self._right_aligned(role)

    def _status_cell(self, product: ProductInfo, role: int) -> Any:
        flash = self._show.flash_for(product.sku) if self._show is not None else None
        if role == Role.DisplayRole:
            lines = []
            if product.sku == self._on_air:
                badge = self.tr("ON AIR")
                lines.append(f"{badge}\n{fmt_duration(self.on_air_elapsed_ms)}")
            elif product.sku == self.next_sku:
                lines.append(self.tr("Next"))
            elif self.state(product.sku) == DONE:
                lines.append(self.tr("Done"))
            elif self.state(product.sku) == SKIPPED:
                lines.append(self.tr("Skipped"))
            if flash is not None:
                left = fmt_duration(flash.remaining_ms(self._now_ms))
                lines.append(self.tr("⚡ Flash {left}").format(left=left))
            return "\n".join(lines)
        if role == Role.ForegroundRole:
            if flash is not None:
                return theme.colors()["purchase"]
            if product.sku == self._on_air:
                return theme.colors()["accent"]
            if self.state(product.sku) in (DONE, SKIPPED):
                return theme.colors()["muted"]
        return None

    def _claims_cell(self, product: ProductInfo, role: int) -> Any:
        """Viewers who want it (units), the 上链接 cue, and who waits while it is sold out."""
        if self._claims is None:
            return None
        claims = self._claims.get(product.sku)
        if role == Role.DisplayRole:
            lines = []
            if claims.claims:
                lines.append(
                    self.tr("{n} want ×{units}").format(n=claims.claims, units=claims.units)
                )
            if claims.waitlist:
                lines.append(self.tr("{n} waiting").format(n=len(claims.waitlist)))
            return "\n".join(lines)
        if role == Role.ForegroundRole and claims.cued:
            return theme.colors()["purchase"]
        if role == Role.ToolTipRole:
            if claims.claims or claims.waitlist:
                return self._claims_tooltip(claims.variants, claims.waitlist, claims.cued)
            return self._tooltip(product)
        return self._right_aligned(role)

    def _claims_tooltip(
        self, variants: Sequence[tuple[str, int]], waitlist: Sequence[Any], cued: bool
    ) -> str:
        lines = [self.tr("Claims from comments (viewers ×units)")]
        if cued:
            lines.append(self.tr("Enough viewers want it: put the link up"))
        lines.extend(f"  {variant}: ×{units}" for variant, units in variants[:8])
        if waitlist:
            names = ", ".join(f"{c.user} ×{c.qty}" for c in waitlist[:10])
            lines.append(self.tr("Waiting (sold out): {names}").format(names=names))
        return "\n".join(lines)

    def state(self, sku: str) -> str:
        """Queue state from the run-of-show ("queued" without one)."""
        return self._show.states.get(sku, "queued") if self._show is not None else "queued"

    @staticmethod
    def _right_aligned(role: int) -> Any:
        if role == Role.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    @staticmethod
    def _tooltip(product: ProductInfo) -> str:
        lines = [f"{product.sku}  {product.name_zh}  {product.name_en}".strip()]
        if product.promo_price is not None:
            lines.append(f"{fmt_money(product.price)} → {fmt_money(product.promo_price)}")
        lines.extend(f"Q: {q}\nA: {a}" for q, a in product.faq[:3])
        return "\n".join(lines)

    # -- state from the engine ------------------------------------------------------------
    @property
    def on_air(self) -> str | None:
        return self._on_air

    @property
    def now_ms(self) -> int:
        return self._now_ms

    @property
    def on_air_elapsed_ms(self) -> int:
        return max(0, self._now_ms - self._since_ms)

    @property
    def next_sku(self) -> str | None:
        """The show's next product; without a show, the row after the on-air one."""
        if self._show is not None:
            return self._show.next_sku
        row = self._row_of.get(self._on_air, -1) if self._on_air else -1
        return self._rows[row + 1].sku if row + 1 < len(self._rows) else None

    def product(self, sku: str | None) -> ProductInfo | None:
        row = self.row_of(sku)
        return None if row is None else self._rows[row]

    def row_of(self, sku: str | None) -> int | None:
        return self._row_of.get(sku) if sku is not None else None

    def sku_at(self, row: int) -> str:
        return self._rows[row].sku

    def set_on_air(self, sku: str | None, since_ms: int) -> None:
        """Highlight ``sku`` (None: nothing on air) from session time ``since_ms``."""
        changed = [self._on_air, self.next_sku, sku]
        self._on_air, self._since_ms = sku, since_ms
        self._now_ms = max(self._now_ms, since_ms)
        changed.append(self.next_sku)
        for row in sorted({r for s in changed if (r := self.row_of(s)) is not None}):
            self._row_changed(row)

    def tick(self, now_ms: int) -> None:
        """Advance the on-air timer; repaints the status cell only when it reads differently."""
        before = self.on_air_elapsed_ms // 1000
        before_now = self._now_ms // 1000
        self._now_ms = now_ms
        row = self.row_of(self._on_air)
        if row is not None and self.on_air_elapsed_ms // 1000 != before:
            cell = self.index(row, Column.STATUS)
            self.dataChanged.emit(cell, cell, [Role.DisplayRole])
        flash = self._show.flash if self._show is not None else None
        flash_row = self.row_of(flash.sku) if flash is not None else None
        if flash_row is not None and now_ms // 1000 != before_now:
            cell = self.index(flash_row, Column.STATUS)
            self.dataChanged.emit(cell, cell, [Role.DisplayRole])

    def apply_show(self, state: ShowState) -> None:
        """Mirror the run-of-show: order, stock, done/skip, next and the flash sale."""
        self._show = state
        order = [sku for sku in state.order if sku in self._row_of]
        if order != [p.sku for p in self._rows[: len(order)]]:
            self.layoutAboutToBeChanged.emit()
            persistent = self.persistentIndexList()
            old_skus = [(i, self._rows[i.row()].sku) for i in persistent]
            by_sku = {p.sku: p for p in self._rows}
            rest = [p for p in self._rows if p.sku not in set(order)]
            self._rows = [by_sku[s] for s in order] + rest
            self._row_of = {p.sku: i for i, p in enumerate(self._rows)}
            for index, sku in old_skus:
                self.changePersistentIndex(index, self.index(self._row_of[sku], index.column()))
            self.layoutChanged.emit()
        if self._rows:
            self.dataChanged.emit(
                self.index(0, Column.STOCK), self.index(len(self._rows) - 1, Column.STATUS)
            )

    @property
    def show_state(self) -> ShowState | None:
        return self._show

    def apply_claims(self, state: ClaimsState | None) -> None:
        """Mirror the claim counts (the Claims column; None: no counts)."""
        self._claims = state
        if self._rows:
            self.dataChanged.emit(
                self.index(0, Column.CLAIMS), self.index(len(self._rows) - 1, Column.CLAIMS)
            )

    @property
    def claims_state(self) -> ClaimsState | None:
        return self._claims

    def set_thumbnail(self, sku: str, image: QImage) -> None:
        """Use a decoded image for ``sku`` (slot for the thumbnail loader)."""
        row = self.row_of(sku)
        if row is None or image.isNull():
            return
        pixmap = QPixmap.fromImage(image)
        # Decoded at 2x for HiDPI screens: draw it at THUMBNAIL_SIZE logical pixels.
        longest = max(image.width(), image.height())
        pixmap.setDevicePixelRatio(max(1.0, longest / THUMBNAIL_SIZE))
        self._thumbnails[sku] = pixmap
        cell = self.index(row, Column.PRODUCT)
        self.dataChanged.emit(cell, cell, [Role.DecorationRole])

    def image_requests(self) -> list[tuple[str, Path]]:
        """(sku, path) of every product that has an image, in display order."""
        return [(p.sku, p.image) for p in self._rows if p.image is not None]

    def _row_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
