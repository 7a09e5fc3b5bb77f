"""The live show in the window, as ``python -m app`` runs it (pytest-qt).

``run_live_gui`` with the real session builder and the real *New show* dialog: pick the
plan, the window opens ready (not recording), *Go live*, put products on air from the
queue, a catalog edit reaches the show, File ▸ New show… asks before ending the show,
the plan list comes back and Cancel quits. Nothing here is a fake but the camera (off)
and the microphone (left out): neither exists on a test machine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.commerce.catalog import ProductInfo
from app.commerce.plans import PlanItem, ShowPlan, save_plan
from app.commerce.repository import upsert_products
from app.config import Config
from app.live.builder import build_live
from app.server.client import free_port
from app.store.db import Store
from app.store.models import LiveSession, ProductSegment
from app.ui.app import run_live_gui
from app.ui.dialogs.show_plans import ShowPickerDialog
from app.ui.main_window import MainWindow

PRODUCTS = [
    ProductInfo("LIP-001", "丝绒口红", "Velvet Lipstick", 129.0, 89.0, stock=50),
    ProductInfo("SUN-002", "猫眼墨镜", "Cat-Eye Sunglasses", 199.0, stock=8),
]


def _visible(kind: type) -> object | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind)
                 and w.isVisible()), None)  # fmt: skip


class Script:
    """Steps run from the event loop (``run_live_gui`` blocks in ``exec``): each returns
    True when done; a failure closes every window so the test never hangs."""

    def __init__(self, steps: list[Callable[[], bool]]) -> None:
        self.steps = list(steps)
        self.error: BaseException | None = None
        self.timer = QTimer()
        self.timer.setInterval(30)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        if not self.steps:
            self.timer.stop()
            return
        try:
            if self.steps[0]():
                self.steps.pop(0)
        except BaseException as exc:
            self.error = exc
            self.steps.clear()
            self.timer.stop()
            for widget in QApplication.topLevelWidgets():
                if isinstance(widget, ShowPickerDialog):
                    widget.reject()
                elif isinstance(widget, MainWindow):
                    widget.end_show(confirm=False)
                    widget.next_show_requested = False


def test_new_show_go_live_switch_and_end_show(
    qtbot: QtBot, config: Config, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    config.settings.server_port = free_port()
    config.settings.record_audio = False
    config.settings.record_video = False
    upsert_products(store, PRODUCTS)
    plan = save_plan(
        store,
        ShowPlan(
            None,
            "周二夜场 Tuesday picks",
            host="小鹿",
            platforms=("douyin",),
            items=(
                PlanItem("SUN-002", flash_seconds=30, talking_points="UV400, 送眼镜盒"),
                PlanItem("LIP-001", live_price=79.0),
            ),
        ),
    )
    asked: list[str] = []

    def answer_yes(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer_yes)
    windows: list[MainWindow] = []
    seen: dict[str, object] = {}

    def pick_plan() -> bool:
        picker = _visible(ShowPickerDialog)
        if not isinstance(picker, ShowPickerDialog) or picker.busy or not picker.table.rowCount():
            return False
        assert picker.selected_plan() == plan  # the last plan is preselected
        picker.findChild(QPushButton, "openShow").click()
        return True

    def window_ready() -> bool:
        window = _visible(MainWindow)
        if not isinstance(window, MainWindow):
            return False
        windows.append(window)
        engine = window.engine
        assert not engine.started  # ready, not recording
        assert [window.queue.model.sku_at(r) for r in range(2)] == ["SUN-002", "LIP-001"]
        assert window.queue.model.product("LIP-001").sale_price == 79.0  # the live price
        assert "小鹿" in window.show_label.text()
        assert window.go_live_button.isVisible() and not window.end_show_button.isVisible()
        window.go_live_button.click()
        assert engine.started and engine.session_id is not None
        qtbot.waitUntil(window.end_show_button.isVisible, timeout=5_000)
        assert not window.go_live_button.isVisible()
        return True

    def switch_products() -> bool:
        window = windows[0]
        window.queue.view.selectRow(0)
        window.queue.put_on_air.click()
        qtbot.waitUntil(lambda: window.engine.on_air() == "SUN-002", timeout=5_000)
        qtbot.waitUntil(window.queue.talking_points.isVisible, timeout=5_000)
        assert "送眼镜盒" in window.queue.talking_points.text()
        assert window.queue.flash_seconds.value() == 30  # the plan's flash sale
        window.queue.next_button.click()
        qtbot.waitUntil(lambda: window.engine.on_air() == "LIP-001", timeout=5_000)
        # A catalog edit while on air reaches the show and the queue at once.
        edited = replace(PRODUCTS[1], name_en="Cat-Eye Sunglasses UV400")
        window.update_products([edited])
        assert window.engine.show.products["SUN-002"].name_en.endswith("UV400")
        row = window.queue.model.row_of("SUN-002")
        assert "UV400" in str(window.queue.model.index(row, 0).data())
        # The plan edited on air: the lipstick at a new price and talking points, the
        # sunglasses taken out of the rundown (skipped, the recording keeps what aired).
        on_air_plan = replace(
            plan, items=(PlanItem("LIP-001", live_price=75.0, talking_points="显白 · 黄皮友好"),)
        )
        assert window.apply_plan(on_air_plan)
        assert window.engine.show.snapshot().states["SUN-002"] == "skipped"
        assert window.queue.model.product("LIP-001").sale_price == 75.0
        assert "黄皮友好" in window.queue.plan.items[0].talking_points
        seen["session"] = window.engine.session_id
        return True

    def new_show() -> bool:
        window = windows[0]
        action = next(a for a in window.findChildren(type(window.video.output_action))
                      if a.objectName() == "action_new_show")  # fmt: skip
        action.trigger()  # asks, ends the show, closes the window
        return True

    def quit_from_plan_list() -> bool:
        picker = _visible(ShowPickerDialog)
        if not isinstance(picker, ShowPickerDialog) or picker.busy:
            return False
        assert windows[0].engine.stopped and windows[0].next_show_requested
        picker.reject()
        return True

    script = Script([pick_plan, window_ready, switch_products, new_show, quit_from_plan_list])
    code = run_live_gui(
        config,
        store,
        lambda chosen: build_live(config, store, chosen, camera="off", microphone=False),
        language="en",
    )
    if script.error is not None:
        raise script.error
    assert code == 0 and not script.steps
    assert len(asked) == 1 and "周二夜场 Tuesday picks" in asked[0]
    with store.sessions() as s:
        row = s.get(LiveSession, seen["session"])
        assert row is not None and row.status == "ended" and row.show_id == plan.id
        assert (row.title, row.host, row.platform) == ("周二夜场 Tuesday picks", "小鹿", "douyin")
        aired = s.scalars(
            select(ProductSegment.sku)
            .where(ProductSegment.session_id == row.id)
            .order_by(ProductSegment.start_ms)
        ).all()
    assert aired == ["SUN-002", "LIP-001"]


def test_closing_a_live_show_asks_first(
    qtbot: QtBot, config: Config, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+Q / the close button on a show that is on air: No keeps it running."""
    config.settings.server_port = free_port()
    config.settings.record_audio = config.settings.record_video = False
    upsert_products(store, PRODUCTS)
    engine = build_live(config, store, camera="off", microphone=False)
    window = MainWindow(engine)
    qtbot.addWidget(window)
    window.show()
    assert window.go_live()
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(answers))
    window.close()
    assert window.isVisible() and not engine.stopped  # "No": the show goes on
    window.close()
    assert not window.isVisible() and engine.stopped
    assert not window.next_show_requested  # quitting, not a new show
