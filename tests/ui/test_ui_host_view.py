"""The host view (提词器): what it shows from the engine, its keys, and the window's action."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from app.chat.questions import QuestionBoard
from app.commerce.catalog import ProductInfo
from app.commerce.plans import PlanItem, ShowPlan
from app.commerce.show import RunOfShow
from app.session.events import AlertEvent, CommentEvent
from app.ui.app import create_main_window
from app.ui.host_view import ALERT_SHOWN_MS, HostView, host_card, previous_sku
from app.ui.main_window import HOST_VIEW_SHORTCUT
from tests.ui.conftest import FakeEngine

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

POINTS = "蓝调正红，黄皮白皮都显白"


class ShowEngine(FakeEngine):
    """The fake engine with the real run-of-show, a plan and next_product."""

    def __init__(self, products: list[ProductInfo]) -> None:
        rundown = ["LIP-001", "SUN-002", "SNK-007"]
        super().__init__(products, rundown, mode="live")
        self.show = RunOfShow(products, rundown, self.clock.now_ms, ticker=False)
        self.show.attach(self.bus)
        self.plan = ShowPlan(
            1, "周二夜场", items=(PlanItem("LIP-001", talking_points=POINTS), PlanItem("SUN-002"))
        )

    def next_product(self) -> str | None:
        sku = self.show.next_sku()
        if sku is not None:
            self.switch_product(sku)
        return sku


@pytest.fixture
def show_engine(products: list[ProductInfo]) -> Iterator[ShowEngine]:
    engine = ShowEngine(products)
    yield engine
    engine.show.detach()


def _alert(t_ms: int) -> AlertEvent:
    return AlertEvent(
        t_ms, "compliance", "critical", "Forbidden: 最便宜 — long advice", terms=("最便宜", "绝对")
    )


def test_the_card_shows_on_air_price_points_next_flash_question_and_alert(
    show_engine: ShowEngine,
) -> None:
    card = host_card(show_engine, None, None, 0)
    assert card.on_air == "Nothing on air" and card.price == "" and card.flash == ""
    show_engine.switch_product("LIP-001")
    board = QuestionBoard(show_engine.products)
    for i in range(3):
        board.add("口红多少钱", 1_000 + i, user=f"u{i}", on_air="LIP-001")
    show_engine.clock.ms = 2_000
    show_engine.show.start_flash_sale("LIP-001", 30, 79.0)
    show_engine.clock.ms = 12_000
    card = host_card(show_engine, board.open_groups()[0], _alert(11_000), 12_000)
    assert card.on_air == "丝绒哑光口红 #316"
    assert card.price == "¥79.00"  # the flash price while the sale runs
    assert card.talking_points == POINTS
    assert card.next_up.startswith("Next: 复古猫眼墨镜") and "¥199.00" in card.next_up
    assert card.flash.startswith("⚡ Flash sale") and card.flash.endswith("20")
    assert "×3" in card.question and "多少钱" in card.question
    assert card.alert == "⚠ Do not say: 最便宜、绝对"  # the phrases, not the advice
    later = host_card(show_engine, None, _alert(11_000), 11_001 + ALERT_SHOWN_MS)
    assert later.alert == "" and later.question == ""


def test_keys_move_the_show_hide_resize_and_close(qtbot: QtBot, show_engine: ShowEngine) -> None:
    view = HostView(show_engine)
    qtbot.addWidget(view)
    view.resize(960, 600)
    view.show()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert show_engine.on_air() == "LIP-001"
    assert view.labels["on_air"].text() == "丝绒哑光口红 #316"
    assert view.labels["talking_points"].isVisible()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert show_engine.on_air() == "SUN-002"
    assert previous_sku(show_engine) == "LIP-001"
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert show_engine.on_air() == "LIP-001"
    qtbot.keyClick(view, Qt.Key.Key_H)
    assert view.blanked and not view.labels["on_air"].isVisible()
    qtbot.keyClick(view, Qt.Key.Key_H)
    assert view.labels["on_air"].isVisible()
    size = view.labels["on_air"].font().pixelSize()
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.scale == 1.1 and view.labels["on_air"].font().pixelSize() > size
    with qtbot.waitSignal(view.closed, timeout=1_000):
        qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not view.isVisible()


def test_the_window_opens_it_and_feeds_it_questions_and_alerts(
    qtbot: QtBot, show_engine: ShowEngine
) -> None:
    window = create_main_window(show_engine)
    qtbot.addWidget(window)
    window.show()
    action = window.host_view_action
    assert action.shortcut() == QKeySequence(HOST_VIEW_SHORTCUT)
    action.trigger()
    view = window.host_view
    assert view is not None and view.isVisible()
    assert view.windowFlags() & Qt.WindowType.FramelessWindowHint
    show_engine.switch_product("LIP-001")
    show_engine.publish_all(
        [
            CommentEvent(100 + i, f"c{i}", "douyin", f"u{i}", "口红多少钱", intent="question")
            for i in range(2)
        ]
        + [_alert(150)]
    )
    window.bridge.flush()
    window.comments.questions.refresh()
    view.refresh()
    assert "多少钱" in view.labels["question"].text()
    assert view.labels["alert"].text() == "⚠ Do not say: 最便宜、绝对"
    view.close()
    qtbot.waitUntil(lambda: window.host_view is None, timeout=1_000)
    window.close()
