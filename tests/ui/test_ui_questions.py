"""Questions to answer, bound to a live show built as ``python -m app`` builds it.

The run-of-show is the real one (``build_live`` from a saved plan), orders are published
on its bus, and *Write reply…* saves through the real catalog repository into the test
database: the reply quotes live stock (491 after 9 sold, not the catalog's 500), an
English shipping question finds the Chinese FAQ, the shipping group gets the shop's
policy, and a group without a reply gets one written that lands in the product's FAQ.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.commerce.catalog import ProductInfo
from app.commerce.plans import PlanItem, ShowPlan, save_plan
from app.commerce.repository import load_products, upsert_products
from app.config import Config
from app.live.builder import build_live
from app.server.client import free_port
from app.session.engine import SessionEngine
from app.session.events import CommentEvent, OrderEvent
from app.store.db import Store
from app.ui.panels.questions import QuestionsPanel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

HAT = ProductInfo(
    "HAT-004", "纯棉渔夫帽", "Bucket hat", 79.0, stock=500, faq=(("头围多大？", "56-58厘米"),)
)
BAG = ProductInfo(
    "BAG-006", "帆布托特包", "Tote bag", 129.0, stock=350,
    faq=(("包邮吗？", "全店包邮，偏远地区除外"),),
)  # fmt: skip


@pytest.fixture
def engine(config: Config, store: Store) -> Iterator[SessionEngine]:
    config.settings.server_port = free_port()
    config.settings.record_audio = config.settings.record_video = False
    upsert_products(store, [HAT, BAG])
    plan = save_plan(
        store,
        ShowPlan(None, "夜场", items=(PlanItem("HAT-004", live_price=59.0), PlanItem("BAG-006"))),
    )
    engine = build_live(config, store, plan, camera="off", microphone=False)
    engine.start()
    yield engine
    engine.stop()


def _ask(panel: QuestionsPanel, *texts: str) -> None:
    panel.add_comments(
        CommentEvent(
            i, event_id=f"q{i}", platform="douyin", user=f"u{i}", text=t, intent="question"
        )
        for i, t in enumerate(texts)
    )
    panel.refresh()


def _replies(panel: QuestionsPanel) -> list[str]:
    return [panel.replies.item(r).text() for r in range(panel.replies.count())]


def _select(panel: QuestionsPanel, text: str) -> None:
    for row in range(panel.list.count()):
        if text in panel.list.item(row).text():
            panel.list.setCurrentRow(row)
            return
    raise AssertionError(f"no group {text!r}")


def test_replies_use_the_live_show(qtbot: QtBot, engine: SessionEngine, store: Store) -> None:
    panel = QuestionsPanel(engine.products)
    qtbot.addWidget(panel)
    saved: list[list[ProductInfo]] = []

    def to_the_show(products: list[ProductInfo]) -> None:  # what MainWindow.update_products does
        saved.append(products)
        engine.update_products(products)

    panel.bind_show(engine.show, lambda p: upsert_products(store, [p]), to_the_show)
    engine.switch_product("HAT-004")
    panel.set_on_air("HAT-004")
    for i, qty in enumerate((4, 5)):
        engine.bus.publish(OrderEvent(10 + i, f"o{i}", "HAT-004", qty, 59.0 * qty))
    assert engine.show.snapshot().stock["HAT-004"] == 491

    _ask(panel, "还有货吗", "多少钱", *["包邮吗"] * 6, "how much is shipping", "能机洗吗")
    assert "×7" in panel.list.item(0).text()  # shipping, both languages, most asked

    _select(panel, "还有货吗")
    assert any("491" in r for r in _replies(panel)) and not any("500" in r for r in _replies(panel))
    _select(panel, "多少钱")
    assert any("¥59" in r and "¥79" in r for r in _replies(panel))  # the plan's live price

    _select(panel, "包邮吗")  # no shipping FAQ for the hat: the shop's policy (the bag's)
    assert _replies(panel) == ["全店包邮，偏远地区除外"]

    _select(panel, "能机洗吗")  # nothing to suggest: Write reply…
    assert panel.write_reply.isEnabled()
    assert "Write reply" in _replies(panel)[0]
    group = panel.current_group()
    assert group is not None
    done: list[str] = []
    panel.reply_saved.connect(done.append)
    assert panel.save_reply(group, "建议手洗，不要暴晒")
    assert _replies(panel) == ["建议手洗，不要暴晒"]  # shown while it saves
    qtbot.waitUntil(lambda: done == ["HAT-004"], timeout=10_000)
    assert _replies(panel) == ["建议手洗，不要暴晒"]
    stored = {p.sku: p for p in load_products(store)}["HAT-004"]
    assert stored.faq == (("头围多大？", "56-58厘米"), ("能机洗吗", "建议手洗，不要暴晒"))
    assert saved and saved[0][0].faq == stored.faq  # handed to the running show
    assert engine.show.products["HAT-004"].faq == stored.faq
    assert panel.wait_saved()


def test_write_reply_is_off_without_a_catalog(qtbot: QtBot) -> None:
    panel = QuestionsPanel([HAT])
    qtbot.addWidget(panel)
    panel.set_on_air("HAT-004")
    _ask(panel, "能机洗吗")
    panel.list.setCurrentRow(0)
    assert not panel.write_reply.isEnabled()
    assert panel.save_reply(panel.current_group(), "手洗") is False  # type: ignore[arg-type]
