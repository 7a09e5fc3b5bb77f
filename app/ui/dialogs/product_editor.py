"""Create or edit a catalog product; saving runs on a worker, never on the GUI thread.

Validation (:func:`app.commerce.editing.product_from_form`) lists every problem at once
under the form; the database write (``upsert_products``) runs through
:func:`app.ui.dialogs.store_task.run_task`, so a slow or locked database never freezes
the window. The running show keeps the products it started with: the dialog says so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.commerce.catalog import ProductInfo
from app.commerce.editing import TRYON_KINDS, ProductForm, product_from_form
from app.messages import QT_TRANSLATE_NOOP
from app.ui.dialogs.store_task import Task, run_task
from app.ui.i18n import tr_message

if TYPE_CHECKING:
    from app.commerce.tabular import ImportReport
    from app.store.db import Store
    from app.ui.main_window import MainWindow

log = logging.getLogger("app.ui.dialogs.product_editor")

Saver = Callable[[ProductInfo], None]
IMAGE_PATTERNS = "(*.png *.jpg *.jpeg *.webp)"
#: The try-on kinds as the combo box shows them (the stored value stays the English key).
TRYON_LABELS = {
    "": QT_TRANSLATE_NOOP("ProductEditorDialog", "none"),
    "lipstick": QT_TRANSLATE_NOOP("ProductEditorDialog", "lipstick"),
    "glasses": QT_TRANSLATE_NOOP("ProductEditorDialog", "glasses"),
    "earrings": QT_TRANSLATE_NOOP("ProductEditorDialog", "earrings"),
    "hat": QT_TRANSLATE_NOOP("ProductEditorDialog", "hat"),
    "necklace": QT_TRANSLATE_NOOP("ProductEditorDialog", "necklace"),
    "other": QT_TRANSLATE_NOOP("ProductEditorDialog", "other"),
}


class CatalogTransfer(QObject):
    """Catalog import/export with :func:`run_task`; outcomes go to callbacks on the GUI thread.

    ``on_parsed(report)`` gets the validation report (the menu asks whether to import the
    valid rows when some are broken), ``on_parse_failed(message)`` the one line that says
    why the file cannot be read; ``on_finished(ok, message)`` a one-line result of an
    import or export for the status bar. Nothing is delivered once the parent is gone.
    """

    def __init__(
        self,
        store: Store,
        data_dir: Path | None = None,
        parent: QObject | None = None,
        *,
        on_parsed: Callable[[ImportReport], None],
        on_parse_failed: Callable[[str], None],
        on_finished: Callable[[bool, str], None],
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.data_dir = data_dir  # catalog images may also live here (besides the file's folder)
        self._on_parsed = on_parsed
        self._on_parse_failed = on_parse_failed
        self._on_finished = on_finished
        self._tasks: list[Task[Any]] = []

    def _keep(self, task: Task[Any]) -> None:
        self._tasks = [t for t in self._tasks if not t.wait(0)] + [task]

    def wait(self, timeout: float = 10.0) -> bool:
        """Block until every started piece of work has returned (tests; closing)."""
        return all(task.wait(int(timeout * 1000)) for task in self._tasks)

    def parse(self, path: Path) -> None:
        """Read and validate ``path`` on a worker (nothing is stored yet)."""
        data_dir = self.data_dir

        def work() -> ImportReport:
            from app.commerce.tabular import parse_catalog

            return parse_catalog(path, data_dir=data_dir)

        self._keep(
            run_task(
                work, self._on_parsed, self._on_parse_failed, parent=self, name="catalog import"
            )
        )

    def commit(self, products: list[ProductInfo], skipped: int = 0) -> None:
        """Store ``products`` on a worker; ``skipped`` invalid rows are mentioned."""
        store = self.store

        def work() -> tuple[int, int]:
            from app.commerce.repository import upsert_products

            return upsert_products(store, products)

        def done(counts: tuple[int, int]) -> None:
            message = self.tr("Imported: {created} new, {updated} updated").format(
                created=counts[0], updated=counts[1]
            )
            if skipped:
                message += self.tr(", {n} invalid row(s) skipped").format(n=skipped)
            self._on_finished(True, message)

        def failed(error: str) -> None:
            self._on_finished(False, self.tr("Import failed: {error}").format(error=error))

        self._keep(run_task(work, done, failed, parent=self, name="catalog import"))

    def export(self, path: Path) -> None:
        """Write the whole catalog to ``path`` (CSV or XLSX) on a worker."""
        store = self.store

        def work() -> int:
            from app.commerce.repository import load_products
            from app.commerce.tabular import write_catalog

            return write_catalog(path, load_products(store))

        def done(count: int) -> None:
            self._on_finished(
                True, self.tr("Exported {n} product(s) to {path}").format(n=count, path=path)
            )

        def failed(error: str) -> None:
            self._on_finished(False, self.tr("Export failed: {error}").format(error=error))

        self._keep(run_task(work, done, failed, parent=self, name="catalog export"))


class ProductEditorDialog(QDialog):
    """The product form: image, SKU, names, aliases/keywords, prices, stock, FAQ, try-on."""

    def __init__(
        self,
        save: Saver | None,
        product: ProductInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._editing = product is not None
        self.saved: ProductInfo | None = None
        self._task: Task[None] | None = None
        self.setWindowTitle(self.tr("Edit product") if self._editing else self.tr("New product"))
        self._build()
        self.set_form(ProductForm.from_product(product) if product else ProductForm())

    # -- widgets --------------------------------------------------------------------------
    def _build(self) -> None:
        self.sku = QLineEdit()
        self.sku.setPlaceholderText("LIP-001")
        self.name_zh = QLineEdit()
        self.name_en = QLineEdit()
        self.category = QLineEdit()
        self.aliases = QLineEdit()
        self.aliases.setPlaceholderText(
            self.tr("lipstick | velvet lipstick  (names the host says)")
        )
        self.keywords = QLineEdit()
        self.keywords.setPlaceholderText(self.tr("matte | brightening"))
        self.price = QDoubleSpinBox()
        self.promo = QDoubleSpinBox()
        for box in (self.price, self.promo):
            box.setRange(0.0, 1_000_000.0)
            box.setDecimals(2)
            box.setPrefix("¥")
        self.promo.setSpecialValueText(self.tr("none"))
        self.stock = QSpinBox()
        self.stock.setRange(0, 10_000_000)
        self.image = QLineEdit()
        self.faq = QPlainTextEdit()
        self.faq.setPlaceholderText(
            self.tr("One per line: question::answer\nGood for warm skin?::Yes, it brightens")
        )
        self.faq.setFixedHeight(80)
        self.tryon_kind = QComboBox()
        self.tryon_kind.addItems([self.tr(TRYON_LABELS.get(k, k)) for k in TRYON_KINDS])
        self.tryon_color = QLineEdit()
        self.tryon_color.setPlaceholderText("#B0243A")
        self.tryon_image = QLineEdit()
        self._build_layout()

    def _build_layout(self) -> None:
        self.errors = QLabel()
        self.errors.setObjectName("formErrors")
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet("color: #f2555a;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        images = f"{self.tr('Images')} {IMAGE_PATTERNS}"
        form.addRow(self.tr("Image"), self._with_browse(self.image, images))
        form.addRow(self.tr("SKU"), self.sku)
        form.addRow(self.tr("Name (zh)"), self.name_zh)
        form.addRow(self.tr("Name (en)"), self.name_en)
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Aliases"), self.aliases)
        form.addRow(self.tr("Keywords"), self.keywords)
        form.addRow(self.tr("Price"), self.price)
        form.addRow(self.tr("Live price"), self.promo)
        form.addRow(self.tr("Stock"), self.stock)
        form.addRow(self.tr("FAQ"), self.faq)
        form.addRow(self.tr("Try-on kind"), self.tryon_kind)
        form.addRow(self.tr("Try-on colour"), self.tryon_color)
        form.addRow(self.tr("Try-on image"), self._with_browse(self.tryon_image, "PNG (*.png)"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors)
        layout.addWidget(self.buttons)
        self.errors.hide()

    def _with_browse(self, edit: QLineEdit, file_filter: str) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        button = QPushButton(self.tr("Browse…"))
        button.clicked.connect(lambda: self._browse(edit, file_filter))
        layout.addWidget(edit, 1)
        layout.addWidget(button)
        return row

    def _browse(self, edit: QLineEdit, file_filter: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose an image"), "", file_filter)
        if path:
            edit.setText(path)

    # -- form <-> widgets -----------------------------------------------------------------
    def set_form(self, form: ProductForm) -> None:
        self._extra_tryon = dict(form.extra_tryon)
        self.sku.setText(form.sku)
        self.sku.setReadOnly(self._editing)  # re-keying a product would orphan its history
        self.name_zh.setText(form.name_zh)
        self.name_en.setText(form.name_en)
        self.category.setText(form.category)
        self.aliases.setText(form.aliases)
        self.keywords.setText(form.keywords)
        self.price.setValue(form.price)
        self.promo.setValue(form.promo_price or 0.0)
        self.stock.setValue(form.stock)
        self.image.setText(form.image)
        self.faq.setPlainText(form.faq)
        kind = form.tryon_kind if form.tryon_kind in TRYON_KINDS else ""
        self.tryon_kind.setCurrentIndex(TRYON_KINDS.index(kind))
        self.tryon_color.setText(form.tryon_color)
        self.tryon_image.setText(form.tryon_image)

    def form(self) -> ProductForm:
        return ProductForm(
            sku=self.sku.text(),
            name_zh=self.name_zh.text(),
            name_en=self.name_en.text(),
            category=self.category.text(),
            aliases=self.aliases.text(),
            keywords=self.keywords.text(),
            price=self.price.value(),
            promo_price=self.promo.value() or None,
            stock=self.stock.value(),
            image=self.image.text(),
            faq=self.faq.toPlainText(),
            tryon_kind=TRYON_KINDS[self.tryon_kind.currentIndex()],
            tryon_color=self.tryon_color.text(),
            tryon_image=self.tryon_image.text(),
            extra_tryon=self._extra_tryon,
        )

    # -- saving ---------------------------------------------------------------------------
    def submit(self) -> None:
        """Validate, then save on a worker; the dialog closes when the save succeeded."""
        product, errors = product_from_form(self.form())
        if product is None:
            self._show_errors("\n".join(tr_message(e) for e in errors))
            return
        self.saved = product
        if self._save is None:
            self.accept()
            return
        self.buttons.setEnabled(False)
        self._show_errors("")
        save = self._save
        self._task = run_task(
            lambda: save(product),
            self._on_saved,
            self._on_save_failed,
            parent=self,
            name=f"saving product {product.sku}",
        )

    def wait_saved(self, timeout: float = 10.0) -> bool:
        """Block until the save has returned (tests; closing the window)."""
        return self._task is None or self._task.wait(int(timeout * 1000))

    def _on_saved(self, _result: None) -> None:
        self.buttons.setEnabled(True)
        self.accept()

    def _on_save_failed(self, message: str) -> None:
        # Reported in the dialog; nothing typed is lost.
        log.warning("saving product %s failed: %s", self.sku.text(), message)
        self.buttons.setEnabled(True)
        self._show_errors(
            self.tr("Could not save: {message}. Your input is kept; try again.").format(
                message=message
            )
        )

    def _show_errors(self, text: str) -> None:
        self.errors.setText(text)
        self.errors.setVisible(bool(text))


def catalog_saver(store: Store) -> Saver:
    """The one way a product is saved to the catalog (blocking: call it on a worker).

    The product editor and the questions panel's *Write reply…* both save through it.
    """

    def save(product: ProductInfo) -> None:
        from app.commerce.repository import upsert_products

        upsert_products(store, [product])

    return save


def catalog_menu(window: MainWindow) -> None:
    """Add the Catalog menu (new / edit the selected queue product) to the live window.

    A saved product reaches the running show at once (its queue row, card, try-on, mention
    matching); a new one joins the end of the queue.
    """
    store = window.engine.store
    menu = window.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&Catalog"))
    new = menu.addAction(QCoreApplication.translate("MainWindow", "New product…"))
    edit = menu.addAction(QCoreApplication.translate("MainWindow", "Edit selected product…"))
    if store is None:
        for action in (new, edit):
            action.setEnabled(False)
            action.setToolTip(
                QCoreApplication.translate("MainWindow", "No catalog database in this session")
            )
        return

    save = catalog_saver(store)

    def open_editor(product: ProductInfo | None) -> None:
        dialog = ProductEditorDialog(save, product, parent=window)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            window.update_products([dialog.saved])
            window.statusBar().showMessage(
                QCoreApplication.translate(
                    "MainWindow", "Saved {sku} to the catalog; this show uses it now"
                ).format(sku=dialog.saved.sku),
                6_000,
            )

    def edit_selected() -> None:
        queue = window.queue
        open_editor(queue.model.product(queue.selected_sku()))

    new.triggered.connect(lambda: open_editor(None))
    edit.triggered.connect(edit_selected)
    _transfer_actions(window, menu, store, window.engine.config.data_dir)


def _transfer_actions(window: QMainWindow, menu: QMenu, store: Store, data_dir: Path) -> None:
    """Import / Export CSV or XLSX; parsing and writing run on workers (:func:`run_task`).

    The :class:`CatalogTransfer` is a child of the window named ``catalogTransfer``.
    """

    from PySide6.QtWidgets import QMessageBox

    menu.addSeparator()
    importing = menu.addAction(QCoreApplication.translate("MainWindow", "Import CSV/XLSX…"))
    exporting = menu.addAction(QCoreApplication.translate("MainWindow", "Export CSV/XLSX…"))
    table_filter = QCoreApplication.translate("MainWindow", "Catalog") + " (*.csv *.xlsx)"

    def cannot_import(text: str) -> None:
        QMessageBox.warning(window, QCoreApplication.translate("MainWindow", "Cannot import"), text)

    def on_parsed(report: ImportReport) -> None:
        if not report.errors:
            transfer.commit(report.products)
            return
        if not report.products:  # nothing to import: say so, never "import the 0 valid rows?"
            cannot_import(
                QCoreApplication.translate(
                    "MainWindow", "No row of this file can be imported:\n\n{summary}"
                ).format(summary=report.summary(limit=15, render=tr_message))
            )
            return
        answer = QMessageBox.question(
            window,
            QCoreApplication.translate("MainWindow", "Some rows are invalid"),
            QCoreApplication.translate(
                "MainWindow", "{summary}\n\nImport the {n} valid rows?"
            ).format(summary=report.summary(limit=15, render=tr_message), n=len(report.products)),
        )
        if answer == QMessageBox.StandardButton.Yes and report.products:
            transfer.commit(report.products, report.invalid_rows)

    def on_finished(ok: bool, message: str) -> None:
        window.statusBar().showMessage(message, 8_000)
        if not ok:
            QMessageBox.warning(
                window, QCoreApplication.translate("MainWindow", "Catalog"), message
            )

    transfer = CatalogTransfer(
        store,
        data_dir,
        parent=window,
        on_parsed=on_parsed,
        on_parse_failed=cannot_import,
        on_finished=on_finished,
    )
    transfer.setObjectName("catalogTransfer")

    def choose_import() -> None:
        path, _ = QFileDialog.getOpenFileName(
            window, QCoreApplication.translate("MainWindow", "Import catalog"), "", table_filter
        )
        if path:
            transfer.parse(Path(path))

    def choose_export() -> None:
        path, _ = QFileDialog.getSaveFileName(
            window,
            QCoreApplication.translate("MainWindow", "Export catalog"),
            "catalog.xlsx",
            table_filter,
        )
        if path:
            transfer.export(Path(path))

    importing.triggered.connect(choose_import)
    exporting.triggered.connect(choose_export)
