"""File ▸ New show…: the show-plan picker and editor, driven like a user (pytest-qt)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QDate, QDateTime, QModelIndex, Qt, QTime, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.commerce.catalog import ProductInfo
from app.commerce.plans import (
    PlanItem,
    ShowPlan,
    delete_plan,
    get_plan,
    list_plans,
    save_plan,
    validate_plan,
)
from app.commerce.repository import upsert_products
from app.commerce.show import FLASH_MIN_S
from app.config import Config
from app.store.db import Store
from app.ui import theme
from app.ui.dialogs.compliance_audit import ComplianceAuditDialog
from app.ui.dialogs.show_plans import (
    FLASH,
    LIVE,
    PRODUCT,
    SECONDS,
    PlanEditorDialog,
    ProductPickerDialog,
    RundownModel,
    ShowPickerDialog,
    choose_show,
)

CATALOG = [
    ProductInfo("LIP-001", "丝绒哑光口红 #316", "Velvet Matte Lipstick #316", 129.0, 89.0,
                stock=500, aliases=("口红",)),
    ProductInfo("SUN-002", "复古猫眼墨镜", "Retro Cat-Eye Sunglasses", 199.0, stock=6),
    ProductInfo("SNK-007", "每日坚果", "Daily Nuts", 59.9, 39.9, stock=0),
]  # fmt: skip


@pytest.fixture
def catalog(store: Store) -> list[ProductInfo]:
    upsert_products(store, CATALOG)
    return CATALOG


def _idle(qtbot: QtBot, dialog: ShowPickerDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)


def _click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _button(parent: QWidget, name: str) -> QPushButton:
    button = parent.findChild(QPushButton, name)
    assert button is not None, name
    return button


def _picker(qtbot: QtBot, config: Config, store: Store | None) -> ShowPickerDialog:
    dialog = ShowPickerDialog(config, store)
    qtbot.addWidget(dialog)
    dialog.show()
    _idle(qtbot, dialog)
    return dialog


def _editor(qtbot: QtBot, dialog: ShowPickerDialog) -> PlanEditorDialog:
    qtbot.waitUntil(lambda: dialog.editor is not None and dialog.editor.isVisible())
    assert dialog.editor is not None
    return dialog.editor


def _tick(qtbot: QtBot, listing: QListWidget, sku: str) -> None:
    item = next(listing.item(r) for r in range(listing.count())
                if listing.item(r).data(Qt.ItemDataRole.UserRole) == sku)  # fmt: skip
    assert not item.isHidden()
    rect = listing.visualItemRect(item)
    qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _type_in_cell(qtbot: QtBot, editor: PlanEditorDialog, row: int, column: int, text: str) -> None:
    """Double-click the cell, type, press Enter: the delegate's editor and its validator."""
    table = editor.table
    index = editor.rundown.index(row, column)
    table.setCurrentIndex(index)
    table.edit(index)
    line = table.indexWidget(index)
    assert isinstance(line, QLineEdit)
    line.selectAll()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.indexWidget(index) is None)  # the commit is queued


def _select_rundown_row(qtbot: QtBot, editor: PlanEditorDialog, row: int) -> None:
    rect = editor.table.visualRect(editor.rundown.index(row, PRODUCT))
    qtbot.mouseClick(editor.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_create_a_plan_save_it_and_open_it_again(
    qtbot: QtBot, config: Config, store: Store, catalog: list[ProductInfo]
) -> None:
    dialog = _picker(qtbot, config, store)
    assert dialog.windowTitle() == "New show"
    assert dialog.table.rowCount() == 0
    assert dialog.status.text().startswith("No show plans yet")
    assert not dialog.catalog_note.isVisible()
    assert not _button(dialog, "openShow").isEnabled()

    _click(qtbot, _button(dialog, "planNew"))
    editor = _editor(qtbot, dialog)
    assert editor.windowTitle() == "New show plan"
    qtbot.keyClicks(editor.title, "Tuesday picks ")
    editor.title.insert("周二夜场")
    editor.host.setText("小鹿")
    for pid in ("douyin", "tiktok"):
        box = editor.findChild(QCheckBox, f"platform_{pid}")
        assert box is not None
        _click(qtbot, box)
    assert editor.unscheduled.isChecked() and not editor.start.isEnabled()
    _click(qtbot, editor.unscheduled)
    assert editor.start.isEnabled()
    editor.start.setDateTime(QDateTime(QDate(2030, 5, 1), QTime(20, 0)))
    editor.notes.setPlainText("Giveaway at 21:00")

    # Add products: search narrows the list, ticks survive the search, Add appends them
    _click(qtbot, _button(editor, "rundownAdd"))
    qtbot.waitUntil(lambda: editor.picker is not None and editor.picker.isVisible())
    picker = editor.picker
    assert isinstance(picker, ProductPickerDialog)
    assert picker.list.count() == 3
    add = _button(picker, "pickerAdd")
    assert not add.isEnabled()
    qtbot.keyClicks(picker.search, "sunglasses")
    shown = [picker.list.item(r).data(Qt.ItemDataRole.UserRole)
             for r in range(picker.list.count()) if not picker.list.item(r).isHidden()]  # fmt: skip
    assert shown == ["SUN-002"]
    _tick(qtbot, picker.list, "SUN-002")
    picker.search.setText("口红")  # an alias
    _tick(qtbot, picker.list, "LIP-001")
    picker.search.clear()
    assert picker.chosen_skus() == ["LIP-001", "SUN-002"]
    assert add.text() == "Add (2)"
    _click(qtbot, add)
    qtbot.waitUntil(lambda: not picker.isVisible())
    assert editor.rundown.skus() == ["LIP-001", "SUN-002"]
    assert editor.rundown.index(0, PRODUCT).data() == "Velvet Matte Lipstick #316 · LIP-001"

    # the picker offers only what is not in the rundown yet
    assert [p.sku for p in editor.available_products()] == ["SNK-007"]

    # prices: two decimals, letters refused by the cell editor, empty is None
    _type_in_cell(qtbot, editor, 0, LIVE, "79.9")
    assert editor.rundown.index(0, LIVE).data() == "79.90"
    _type_in_cell(qtbot, editor, 0, FLASH, "abc")
    assert editor.rundown.index(0, FLASH).data() == ""
    assert editor.rundown.items()[0].flash_price is None

    # reorder: select the second row, Move up
    _select_rundown_row(qtbot, editor, 1)
    assert editor.selected_rows() == [1]
    assert not _button(editor, "rundownDown").isEnabled()
    _click(qtbot, _button(editor, "rundownUp"))
    assert editor.rundown.skus() == ["SUN-002", "LIP-001"]
    assert editor.selected_rows() == [0]
    assert editor.count.text() == "2 products"

    _click(qtbot, _button(editor, "planOk"))
    _idle(qtbot, dialog)
    assert dialog.editor is None
    assert dialog.table.rowCount() == 1
    assert dialog.status.text() == "Saved “Tuesday picks 周二夜场”."
    saved = list_plans(store)[0]
    assert saved.id is not None
    row = [dialog.table.item(0, c).text() for c in range(5)]
    assert row[:3] == ["Tuesday picks 周二夜场", "小鹿", "抖音 · TikTok"]
    assert row[3] == "2030-05-01 20:00" and row[4] == "2"

    # reopen it in the editor: every field as typed
    _click(qtbot, _button(dialog, "planEdit"))
    _idle(qtbot, dialog)
    again = _editor(qtbot, dialog)
    assert again.windowTitle() == "Edit show plan"
    plan = again.plan()
    assert plan.id == saved.id
    assert plan.title == "Tuesday picks 周二夜场" and plan.host == "小鹿"
    assert plan.platforms == ("douyin", "tiktok")
    assert plan.planned_start == datetime(2030, 5, 1, 20, 0).astimezone(UTC)
    assert plan.notes == "Giveaway at 21:00"
    assert [(i.sku, i.live_price) for i in plan.items] == [("SUN-002", None), ("LIP-001", 79.9)]
    again.reject()
    qtbot.waitUntil(lambda: dialog.editor is None)

    # Open show: a stored plan comes back
    _click(qtbot, _button(dialog, "openShow"))
    qtbot.waitUntil(lambda: dialog.chosen_plan is not None, timeout=10_000)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen_plan == get_plan(store, saved.id)


def test_duplicate_and_delete_with_confirmation(
    qtbot: QtBot,
    config: Config,
    store: Store,
    catalog: list[ProductInfo],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = save_plan(store, ShowPlan(None, "Weekend 周末场", items=(PlanItem("LIP-001"),)))
    dialog = _picker(qtbot, config, store)
    assert dialog.table.rowCount() == 1
    assert dialog.selected_plan() == original  # the last plan is preselected
    assert dialog.table.item(0, 3).text() == "not scheduled"

    _click(qtbot, _button(dialog, "planDuplicate"))
    _idle(qtbot, dialog)
    assert dialog.table.rowCount() == 2
    copy = dialog.selected_plan()
    assert copy is not None and copy.id not in (None, original.id)
    assert copy.skus == ["LIP-001"]
    assert "Made a copy" in dialog.status.text()

    asked: list[str] = []

    def answer(reply: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def question(_parent: object, _title: str, text: str, *_a: object) -> object:
            asked.append(text)
            return reply

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    _click(qtbot, _button(dialog, "planDelete"))
    assert asked and copy.title in asked[0]
    assert dialog.status.text() == "Cancelled; nothing was changed."
    assert len(list_plans(store)) == 2

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    _click(qtbot, _button(dialog, "planDelete"))
    _idle(qtbot, dialog)
    assert [p.id for p in list_plans(store)] == [original.id]
    assert dialog.table.rowCount() == 1
    assert dialog.status.text() == f"Deleted “{copy.title}”."


def test_validation_problems_are_shown_and_ok_refused(
    qtbot: QtBot, config: Config, catalog: list[ProductInfo]
) -> None:
    plan = ShowPlan(None, "", items=(PlanItem("LIP-001"),))
    editor = PlanEditorDialog(plan, catalog)
    qtbot.addWidget(editor)
    editor.show()
    assert not editor.errors.isVisible()  # calm until the user tries to save
    ok = _button(editor, "planOk")
    _click(qtbot, ok)
    assert editor.isVisible() and editor.result() != QDialog.DialogCode.Accepted
    problems = validate_plan(editor.plan())
    assert problems
    assert editor.errors.isVisible() and editor.errors.text() == "\n".join(problems)
    assert editor.errors.styleSheet() == f"color: {theme.colors().hex('error')};"
    assert not ok.isEnabled()

    editor.title.setText("Flash night")  # the problems follow the edits
    assert editor.errors.text() == "\n".join(validate_plan(editor.plan()))
    _type_in_cell(qtbot, editor, 0, FLASH, "9.9")
    _type_in_cell(qtbot, editor, 0, SECONDS, str(FLASH_MIN_S - 1))
    assert editor.rundown.items()[0].flash_seconds == FLASH_MIN_S - 1
    assert validate_plan(editor.plan())
    assert editor.errors.isVisible() and not ok.isEnabled()

    _type_in_cell(qtbot, editor, 0, SECONDS, "60")
    assert validate_plan(editor.plan()) == []
    assert not editor.errors.isVisible() and ok.isEnabled()
    _click(qtbot, ok)
    assert editor.result() == QDialog.DialogCode.Accepted
    assert editor.plan().items == (PlanItem("LIP-001", flash_price=9.9, flash_seconds=60),)


def test_quick_show_from_an_empty_catalog(qtbot: QtBot, config: Config, store: Store) -> None:
    dialog = _picker(qtbot, config, store)
    assert dialog.catalog_note.isVisible()
    assert dialog.catalog_note.text().startswith("The catalog is empty: add products with")
    _click(qtbot, _button(dialog, "quickShow"))
    editor = _editor(qtbot, dialog)
    assert editor.rundown.rowCount() == 0
    assert editor.plan().title.startswith("Quick show ")
    add = _button(editor, "rundownAdd")
    assert not add.isEnabled() and add.toolTip() == "The catalog is empty"
    ok = _button(editor, "planOk")
    assert ok.text() == "Save and open"
    _click(qtbot, ok)
    qtbot.waitUntil(lambda: dialog.chosen_plan is not None, timeout=10_000)
    assert dialog.result() == QDialog.DialogCode.Accepted
    chosen = dialog.chosen_plan
    assert chosen is not None and chosen.id is not None and chosen.items == ()
    assert get_plan(store, chosen.id) == chosen


def test_quick_show_offers_the_whole_catalog_to_trim(
    qtbot: QtBot, config: Config, store: Store, catalog: list[ProductInfo]
) -> None:
    dialog = _picker(qtbot, config, store)
    _click(qtbot, _button(dialog, "quickShow"))
    editor = _editor(qtbot, dialog)
    assert sorted(editor.rundown.skus()) == sorted(p.sku for p in catalog)
    _select_rundown_row(qtbot, editor, 0)
    trimmed = editor.rundown.skus()[1:]
    _click(qtbot, _button(editor, "rundownRemove"))
    _click(qtbot, _button(editor, "planOk"))
    qtbot.waitUntil(lambda: dialog.chosen_plan is not None, timeout=10_000)
    assert dialog.chosen_plan is not None and dialog.chosen_plan.skus == trimmed


def test_a_sku_missing_from_the_catalog_is_shown_and_can_be_removed(
    qtbot: QtBot, config: Config, store: Store, catalog: list[ProductInfo]
) -> None:
    items = (PlanItem("LIP-001"), PlanItem("GONE-9", live_price=5.0))
    plan = save_plan(store, ShowPlan(None, "Old show", items=items))
    dialog = _picker(qtbot, config, store)
    _click(qtbot, _button(dialog, "planEdit"))
    _idle(qtbot, dialog)
    editor = _editor(qtbot, dialog)
    assert editor.rundown.skus() == ["LIP-001", "GONE-9"]
    missing = editor.rundown.index(1, PRODUCT)
    assert missing.data() == "GONE-9 — not in the catalog"
    assert missing.data(Qt.ItemDataRole.ForegroundRole).name() == theme.colors().hex("muted")
    assert editor.rundown.index(0, PRODUCT).data(Qt.ItemDataRole.ForegroundRole) is None
    assert editor.rundown.index(1, LIVE).data() == "5.00"
    assert editor.missing.isVisible() and editor.missing.text().startswith(
        "Products not in the catalog (greyed): 1."
    )

    _select_rundown_row(qtbot, editor, 1)
    _click(qtbot, _button(editor, "rundownRemove"))
    assert editor.rundown.skus() == ["LIP-001"]
    assert not editor.missing.isVisible()
    _click(qtbot, _button(editor, "planOk"))
    _idle(qtbot, dialog)
    assert get_plan(store, plan.id).skus == ["LIP-001"]  # type: ignore[arg-type]


def test_rundown_model_drag_reorder_and_model_checks(
    qtmodeltester: object, catalog: list[ProductInfo]
) -> None:
    model = RundownModel(catalog)
    model.set_items([PlanItem("LIP-001"), PlanItem("SUN-002"), PlanItem("SNK-007")])
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.index(0, PRODUCT).data() == "Velvet Matte Lipstick #316 · LIP-001"
    data = model.mimeData([model.index(2, 0), model.index(2, 3)])
    # the model does the move itself and answers False, so the view deletes nothing after
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 0, -1, QModelIndex()) is False
    assert model.skus() == ["SNK-007", "LIP-001", "SUN-002"]
    data = model.mimeData([model.index(0, 0), model.index(2, 0)])
    model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    assert model.skus() == ["LIP-001", "SNK-007", "SUN-002"]
    assert model.setData(model.index(0, LIVE), "¥12,5")
    assert model.items()[0].live_price == 12.5
    assert not model.setData(model.index(0, SECONDS), "1.5")
    assert model.setData(model.index(0, LIVE), "")
    assert model.items()[0].live_price is None


def test_choose_show_runs_modally_and_returns_the_plan(
    qtbot: QtBot, config: Config, store: Store, catalog: list[ProductInfo]
) -> None:
    older = save_plan(store, ShowPlan(None, "Older"))
    newest = save_plan(store, ShowPlan(None, "Newest", items=(PlanItem("SUN-002"),)))
    seen: list[object] = []

    def drive() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, ShowPickerDialog) and w.isVisible())  # fmt: skip
        try:
            qtbot.waitUntil(lambda: not dialog.busy and dialog.table.rowCount() == 2)
            seen.append(dialog.selected_plan())
            _click(qtbot, _button(dialog, "openShow"))
            qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
        except BaseException:
            dialog.reject()  # never hang the suite
            raise

    QTimer.singleShot(0, drive)
    chosen = choose_show(config, None)  # the dialog opens (and closes) its own store
    assert seen == [newest] and older.id != newest.id
    assert chosen == newest


def test_fits_a_1366x768_screen(
    qtbot: QtBot, config: Config, store: Store, catalog: list[ProductInfo]
) -> None:
    plan = ShowPlan(None, "Long", items=tuple(PlanItem(p.sku) for p in catalog))
    editor = PlanEditorDialog(plan, catalog)
    picker = _picker(qtbot, config, store)
    qtbot.addWidget(editor)
    editor.show()
    for widget in (editor, picker):
        hint = widget.minimumSizeHint()
        assert hint.width() <= 1366 and hint.height() <= 700, widget.objectName()
        assert widget.width() <= 1366 and widget.height() <= 700, widget.objectName()


def test_names_follow_the_interface_language(zh_ui: None, catalog: list[ProductInfo]) -> None:
    model = RundownModel(catalog)
    model.set_items([PlanItem("LIP-001")])
    assert model.index(0, PRODUCT).data() == "丝绒哑光口红 #316 · LIP-001"


def test_a_failed_save_reopens_the_editor_with_what_was_typed(
    qtbot: QtBot, config: Config, store: Store, catalog: list[ProductInfo]
) -> None:
    plan = save_plan(store, ShowPlan(None, "Gone soon"))
    dialog = _picker(qtbot, config, store)
    _click(qtbot, _button(dialog, "planEdit"))
    _idle(qtbot, dialog)
    editor = _editor(qtbot, dialog)
    editor.host.setText("Amy")
    delete_plan(store, plan.id)  # type: ignore[arg-type]  # e.g. a teammate deleted it
    _click(qtbot, _button(editor, "planOk"))
    qtbot.waitUntil(lambda: dialog.editor is not None and dialog.editor is not editor)
    again = _editor(qtbot, dialog)
    assert again.plan().host == "Amy"
    assert again.errors.isVisible() and f"no show plan #{plan.id}" in again.errors.text()
    assert dialog.status.text().startswith("Could not finish:")
    assert _button(again, "planOk").isEnabled()  # a retry needs no edit
    again.reject()


def test_the_plan_editor_badges_compliance_findings_until_reviewed(
    qtbot: QtBot, catalog: list[ProductInfo]
) -> None:
    """A talking point the ad law forbids shows a badge; reviewing it in the audit clears it."""
    plan = ShowPlan(
        None, "周五夜场", items=(PlanItem(catalog[0].sku, talking_points="全网最低价，根治痘痘"),)
    )
    editor = PlanEditorDialog(plan, catalog)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(lambda: editor.audit_report is not None, timeout=5_000)
    assert editor.compliance.isVisible() and editor.compliance.open_count() >= 2
    editor.compliance.click()
    audit = editor.findChild(ComplianceAuditDialog)
    assert audit is not None
    for finding in editor.audit_report.findings:
        audit.set_acknowledged(finding.key)
    qtbot.waitUntil(lambda: not editor.compliance.isVisible(), timeout=5_000)
    audit.close()
    editor.close()
