"""Queue panel with a run-of-show: reorder (model + drag/drop), live stock, flash sale,
done/skip, and the operator's shortcuts calling the engine."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from app.commerce.catalog import ProductInfo
from app.commerce.show import DONE, SKIPPED, RunOfShow
from app.session.events import OrderEvent, ProductSwitchEvent
from app.ui import theme
from app.ui.main_window import MainWindow
from app.ui.models.event_list import ROOT
from app.ui.models.products import Column, ProductQueueModel
from app.ui.panels.product_queue import ProductQueuePanel
from tests.ui.conftest import FakeEngine


class ShowEngine(FakeEngine):
    """The fake engine plus the run-of-show and next_product of the real one."""

    def __init__(self, products: list[ProductInfo], rundown: list[str]) -> None:
        super().__init__(products, rundown)
        self.show = RunOfShow(products, rundown, self.clock.now_ms, low_stock=10, ticker=False)
        self.show.attach(self.bus)
        self.next_calls = 0

    def next_product(self) -> str | None:
        self.next_calls += 1
        sku = self.show.next_sku()
        if sku is not None:
            self.switch_product(sku)
        return sku


@pytest.fixture
def show_engine(products: list[ProductInfo]) -> Iterator[ShowEngine]:
    engine = ShowEngine(products, ["SUN-002", "LIP-001"])
    yield engine
    engine.show.detach()


@pytest.fixture
def panel(qtbot: QtBot, show_engine: ShowEngine) -> ProductQueuePanel:
    widget = ProductQueuePanel(
        show_engine.products,
        show_engine.rundown,
        show_engine.switch_product,
        show=show_engine.show,
        next_product=show_engine.next_product,
    )
    qtbot.addWidget(widget)
    widget.tick(0)
    return widget


def skus(model: ProductQueueModel) -> list[str]:
    return [model.sku_at(r) for r in range(model.rowCount())]


def test_model_passes_the_model_tester_with_moves(qtmodeltester, products) -> None:
    model = ProductQueueModel(products, ["SUN-002", "LIP-001"])
    qtmodeltester.check(model)
    assert model.move_row(2, 0)
    assert skus(model) == ["SNK-007", "SUN-002", "LIP-001"]
    assert model.move_row(0, 3)
    assert skus(model) == ["SUN-002", "LIP-001", "SNK-007"]
    assert not model.move_row(1, 1)  # onto itself
    qtmodeltester.check(model)


def test_drag_and_drop_reorders_the_show(panel: ProductQueuePanel, show_engine) -> None:
    model = panel.model
    assert skus(model) == ["SUN-002", "LIP-001", "SNK-007"]
    mime = model.mimeData([model.index(2, 0)])
    handled = model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, ROOT)
    assert handled is False  # moved by the model; the view must not delete a "source"
    assert skus(model) == ["SNK-007", "SUN-002", "LIP-001"]
    assert show_engine.show.snapshot().order == ("SNK-007", "SUN-002", "LIP-001")
    # dropping onto a row puts the dragged one above it
    mime = model.mimeData([model.index(2, 0)])
    model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, model.index(1, 0))
    assert show_engine.show.snapshot().order == ("SNK-007", "LIP-001", "SUN-002")
    assert Qt.ItemFlag.ItemIsDragEnabled in model.flags(model.index(0, 0))


def test_live_stock_and_styling_follow_orders(panel: ProductQueuePanel, show_engine) -> None:
    model = panel.model
    row = model.row_of("SUN-002")
    stock = model.index(row, Column.STOCK)
    assert stock.data() == "6"
    assert stock.data(Qt.ItemDataRole.ForegroundRole) == theme.colors()["warn"]
    show_engine.bus.publish(OrderEvent(100, "o1", "SUN-002", 6, 1194.0))
    panel.tick(200)
    assert stock.data() == "Sold out"
    assert stock.data(Qt.ItemDataRole.ForegroundRole) == theme.colors()["error"]
    lip = model.index(model.row_of("LIP-001"), Column.STOCK)
    assert lip.data() == "500" and lip.data(Qt.ItemDataRole.ForegroundRole) is None


def test_next_done_and_skip(panel: ProductQueuePanel, show_engine) -> None:
    model = panel.model
    status = model.index(model.row_of("SUN-002"), Column.STATUS)
    assert status.data() == "Next"
    panel.next_button.click()
    assert show_engine.switch_calls == ["SUN-002"]
    panel._on_product_switched(ProductSwitchEvent(0, "SUN-002"))
    panel.view.selectRow(model.row_of("LIP-001"))
    panel.skip_button.click()
    panel.tick(1_000)
    assert show_engine.show.snapshot().states["LIP-001"] == SKIPPED
    lip = model.index(model.row_of("LIP-001"), Column.STATUS)
    assert lip.data() == "Skipped"
    panel.next_button.click()  # LIP skipped, SNK sold out: nothing left
    assert panel.message.text() == "Nothing left in the queue"
    panel.view.selectRow(model.row_of("LIP-001"))
    panel.done_button.click()
    assert show_engine.show.snapshot().states["LIP-001"] == DONE


def test_flash_sale_button_counts_down(panel: ProductQueuePanel, show_engine) -> None:
    panel.flash_button.click()
    assert panel.message.text().startswith("Put a product on air")
    show_engine.switch_product("LIP-001")
    panel._on_product_switched(ProductSwitchEvent(0, "LIP-001"))
    panel.flash_seconds.setValue(30)
    show_engine.clock.ms = 1_000
    panel.flash_button.click()
    flash = show_engine.show.snapshot().flash
    assert flash is not None and (flash.sku, flash.price, flash.ends_ms) == (
        "LIP-001",
        89.0,
        31_000,
    )
    panel.tick(11_000)
    status = panel.model.index(panel.model.row_of("LIP-001"), Column.STATUS)
    assert status.data().endswith("⚡ Flash 00:00:20")
    assert "⚡ Flash sale 00:00:20" in panel.badge.text()
    assert panel.flash_button.text() == "Cancel flash sale"
    show_engine.show.poll(31_000)
    panel.tick(31_000)
    assert "Flash" not in status.data()
    assert panel.flash_button.text() == "⚡ Flash sale"


def test_flash_sale_error_is_shown(panel: ProductQueuePanel, show_engine) -> None:
    show_engine.switch_product("SNK-007")
    panel._on_product_switched(ProductSwitchEvent(0, "SNK-007"))
    panel.flash_button.click()
    assert "sold out" in panel.message.text()
    assert panel.message.isVisibleTo(panel)


def test_window_shortcuts_call_the_engine(qtbot: QtBot, show_engine: ShowEngine) -> None:
    win = MainWindow(show_engine)
    qtbot.addWidget(win)
    try:
        actions = win.queue.shortcut_actions
        assert actions["next"].shortcut() == QKeySequence("Ctrl+N")
        assert actions["flash"].shortcut() == QKeySequence("Ctrl+Shift+F")
        assert actions["off_air"].shortcut() == QKeySequence("Ctrl+Shift+X")
        assert "Ctrl+N" in win.queue.next_button.toolTip()
        show_menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "&Show")
        texts = [a.text() for a in show_menu.actions()][:3]
        assert texts == [a.text() for a in actions.values()]
        actions["next"].trigger()
        assert show_engine.next_calls == 1 and show_engine.switch_calls == ["SUN-002"]
        win.bridge.flush()
        actions["flash"].trigger()
        assert show_engine.show.snapshot().flash is not None
        actions["flash"].trigger()
        assert show_engine.show.snapshot().flash is None
        actions["off_air"].trigger()
        assert show_engine.switch_calls == ["SUN-002", None]
    finally:
        win.shutdown()
