"""The giveaway panel (start, countdown, draw, names revealed on screen only) and the queue's
Claims column (counts, the 上链接 cue, the waitlist)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.chat.pseudonym import Pseudonymizer
from app.commerce.catalog import ProductInfo
from app.commerce.show import RunOfShow
from app.session.bus import EventBus
from app.session.events import CommentEvent, ProductSwitchEvent
from app.show.claims import ClaimCounter
from app.show.giveaway import GiveawayDesk
from app.ui.models.products import Column
from app.ui.panels.giveaway import GiveawayPanel
from app.ui.panels.product_queue import ProductQueuePanel
from app.ui.qt_compat import protect_singletons

protect_singletons()  # as tests/ui does: many Qt calls on a leaky PySide6 build

PSEUDO = Pseudonymizer(b"panel-test-salt!" * 2)
Display = Qt.ItemDataRole.DisplayRole


class Clock:
    def __init__(self) -> None:
        self.t = 0

    def __call__(self) -> int:
        return self.t


@pytest.fixture
def desk() -> Iterator[tuple[GiveawayDesk, EventBus, Clock]]:
    clock, bus = Clock(), EventBus()
    desk = GiveawayDesk(PSEUDO, clock, ticker=False)
    desk.attach(bus)
    yield desk, bus, clock
    desk.detach()


def test_giveaway_panel_runs_a_giveaway(qtbot: QtBot, desk) -> None:
    desk, bus, clock = desk
    panel = GiveawayPanel(desk)
    qtbot.addWidget(panel)
    assert not panel.draw_button.isEnabled() and not panel.cancel_button.isEnabled()
    assert "No giveaway running" in panel.status.text()

    panel.start_button.click()  # no keyword
    assert "keyword is empty" in panel.message.text()
    panel.keyword.setText("福袋")
    panel.seconds.setValue(60)
    panel.start_button.click()
    assert not panel.message.isVisibleTo(panel)
    assert not panel.start_button.isEnabled() and panel.draw_button.isEnabled()
    for i, user in enumerate(["amy", "bob", "cy"]):
        bus.publish(CommentEvent(100 + i, f"c{i}", "douyin", user, "福袋"))
    clock.t = 15_000
    panel.tick(15_000)
    assert panel.status.text() == "“福袋”: 3 entered, 3 can win · 00:00:45 left"

    panel.winners.setValue(2)
    panel.seed.setText("abc")
    panel.draw_button.click()
    assert "whole number" in panel.message.text()
    panel.seed.setText("31")
    panel.draw_button.click()
    assert panel.results.count() == 2
    lines = [panel.results.item(i).text() for i in range(2)]
    assert all(line.split(". ")[1].startswith("v") for line in lines)  # pseudonyms
    assert "seed 31" in panel.status.text()
    assert panel.draw_button.text() == "Draw again"

    panel.reveal.setChecked(True)  # names on this screen only
    revealed = [panel.results.item(i).text() for i in range(2)]
    assert all(any(name in line for name in ("amy", "bob", "cy")) for line in revealed)
    panel.reveal.setChecked(False)
    assert [panel.results.item(i).text() for i in range(2)] == lines


def test_giveaway_panel_cancel(qtbot: QtBot, desk) -> None:
    desk, _, _ = desk
    panel = GiveawayPanel(desk)
    qtbot.addWidget(panel)
    panel.keyword.setText("抽奖")
    panel.start_button.click()
    panel.cancel_button.click()
    assert desk.snapshot().state == "cancelled"
    assert panel.start_button.isEnabled() and not panel.cancel_button.isEnabled()


PRODUCTS = [
    ProductInfo("LIP", "口红", "Lipstick", 99.0, stock=50),
    ProductInfo("SUN", "墨镜", "Sunglasses", 199.0, stock=0),
]


def test_queue_claims_under_the_status(qtbot: QtBot) -> None:
    bus = EventBus()
    show = RunOfShow(PRODUCTS, ["LIP", "SUN"], ticker=False)
    counter = ClaimCounter(show, threshold=2)
    show.attach(bus)
    counter.attach(bus)
    try:
        panel = ProductQueuePanel(
            PRODUCTS, ["LIP", "SUN"], lambda sku: None, show=show, claims=counter
        )
        qtbot.addWidget(panel)
        # A narrow queue keeps the name wide: the counts are drawn under the status.
        assert panel.view.isColumnHidden(Column.CLAIMS)
        header = panel.model.headerData(Column.CLAIMS, Qt.Orientation.Horizontal, Display)
        assert header == "Claims"
        bus.publish(ProductSwitchEvent(0, "LIP"))
        bus.publish(CommentEvent(1, "c1", "douyin", "amy", "要一个豆沙色"))
        bus.publish(CommentEvent(2, "c2", "douyin", "bob", "1号 两件"))
        bus.publish(CommentEvent(3, "c3", "douyin", "cy", "2号 一件"))  # sold out: waits
        panel.tick(10)
        model = panel.model
        lip = model.index(model.row_of("LIP"), Column.CLAIMS)
        sun = model.index(model.row_of("SUN"), Column.CLAIMS)
        assert lip.data(Display) == "2 want ×3"
        assert lip.data(Qt.ItemDataRole.ForegroundRole) is not None  # cued: 上链接
        assert "豆沙色: ×1" in lip.data(Qt.ItemDataRole.ToolTipRole)
        assert sun.data(Display) == "1 waiting"
        assert "cy ×1" in sun.data(Qt.ItemDataRole.ToolTipRole)
        panel.set_claims(None)
        assert not lip.data(Display) and not sun.data(Display)
    finally:
        counter.detach()
        show.detach()
