"""Engine-made sentences in the interface language: Pitch-next reasons and live alerts.

The engine makes :class:`app.messages.Message` objects; the panels render them through the
"Messages" context, so with the zh_CN catalogue installed a Chinese streamer reads Chinese
and with English the same ranking reads English.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.commerce.catalog import ProductInfo
from app.commerce.recommend import PastPerformance, Recommendation, Recommender
from app.messages import Message
from app.session.bus import EventBus
from app.session.events import AlertEvent, CommentEvent, Event, ProductSwitchEvent, TranscriptEvent
from app.speech.compliance import ComplianceMonitor, ComplianceScanner, Lexicon
from app.ui import i18n
from app.ui.panels.alerts import AlertsPanel
from app.ui.panels.recommendations import RecColumn, RecommendationsPanel

PRODUCTS = [
    ProductInfo("LIP", "丝绒口红", "Velvet lipstick", 99.0, stock=100, aliases=("口红",)),
    ProductInfo("SUN", "猫眼墨镜", "Cat-eye sunglasses", 199.0, stock=100, aliases=("墨镜",)),
    ProductInfo("HAT", "渔夫帽", "Bucket hat", 59.0, stock=8, aliases=("帽子",)),
]
MIN = 60_000


@pytest.fixture
def language(qapp: QApplication) -> Iterator[None]:
    """Whatever a test installs, the next test starts with the English sources again."""
    yield
    i18n.install_translators("en")


def _ranking() -> tuple[Recommendation, ...]:
    """A real ranking: questions and a buyer for HAT, past sales and affinity for SUN."""
    past = PastPerformance(gpm={"SUN": 1_800.0}, last_sold={"SUN": 30}, pairs={("LIP", "SUN"): 6})
    rec = Recommender(PRODUCTS, ["LIP", "SUN", "HAT"], past=past)
    rec.feed(ProductSwitchEvent(0, "LIP"))
    for n in range(3):
        rec.feed(
            CommentEvent(MIN + n, f"c{n}", "douyin", f"u{n}", "帽子有黑色吗", intent="question")
        )
    rec.feed(CommentEvent(MIN + 9, "c9", "douyin", "u9", "帽子怎么买", intent="purchase"))
    return tuple(rec.rank(5 * MIN))


def _reasons(qtbot: QtBot) -> dict[str, str]:
    panel = RecommendationsPanel(PRODUCTS, lambda sku: None)
    qtbot.addWidget(panel)
    panel.set_ranking(_ranking())
    model = panel.model
    return {
        model.sku_at(row): model.index(row, RecColumn.REASONS).data()
        for row in range(model.rowCount())
    }


def test_pitch_next_reasons_follow_the_language(qtbot: QtBot, language: None) -> None:
    assert i18n.install_translators("zh_CN") == "zh_CN"
    zh = _reasons(qtbot)
    assert zh["HAT"] == (
        "3 条相关提问，1 位观众想买（近 5 分钟） · 仅剩 8 件 · 本场尚未讲解（已开播 5 分钟）"
    )
    assert zh["SUN"] == (
        "上场卖出 30 件，GPM ¥1,800 · 排品顺序中的下一个 · 常与 丝绒口红 一起购买（6 位买家）"
        " · 本场尚未讲解（已开播 5 分钟）"
    )
    assert i18n.install_translators("en") == "en"
    en = _reasons(qtbot)
    assert en["HAT"] == (
        "3 questions about it, 1 viewer wants to buy in the last 5 min · only 8 left"
        " · not pitched yet (5 min into the show)"
    )
    assert en["SUN"].startswith("sold 30 last session at GPM ¥1,800 · next in the run-of-show")


def _alerts() -> list[AlertEvent]:
    """What the compliance monitor publishes for a title and a spoken forbidden phrase."""
    bus = EventBus()
    seen: list[Event] = []
    bus.subscribe(seen.append, (AlertEvent,))
    products = [*PRODUCTS, ProductInfo("TOP", "销量第一面膜", "Face mask", 39.0, stock=5)]
    monitor = ComplianceMonitor(ComplianceScanner(Lexicon(("销量第一",))), products)
    monitor.attach(bus)
    bus.publish(TranscriptEvent(1_000, 2_000, "这款 销量第一"))
    monitor.detach()
    low = Message("Low stock: {name} — only {stock} left", {"name": "渔夫帽", "stock": 3})
    seen.append(AlertEvent(3_000, "stock", "warning", str(low), source="HAT", message=low))
    return [e for e in seen if isinstance(e, AlertEvent)]


def _shown(qtbot: QtBot, events: list[AlertEvent]) -> tuple[list[str], AlertsPanel]:
    panel = AlertsPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel._on_alerts(events)
    model = panel.model
    return [model.index(row).data().split("  ", 1)[1] for row in range(model.rowCount())], panel


def test_alerts_follow_the_language_and_the_record_stays_english(
    qtbot: QtBot, language: None
) -> None:
    events = _alerts()
    english = [e.text for e in events]
    assert i18n.install_translators("zh_CN") == "zh_CN"
    zh, panel = _shown(qtbot, events)
    assert zh == [  # newest first
        "库存紧张：渔夫帽 — 仅剩 3 件",
        "违规用语：销量第一 —「这款 销量第一」",
        "商品 TOP 标题含违规用语：销量第一 — 请在上架讲解前修改",
    ]
    assert panel.flash.text() == "⚠ 违规用语：销量第一"
    assert [e.text for e in events] == english  # the bus events (recorded) are untouched
    # an alert without a message (made by code not converted yet) shows its text as it is
    panel._on_alerts([AlertEvent(4_000, "system", "warning", "Camera lost")])
    assert panel.model.index(0).data().endswith("Camera lost")

    assert i18n.install_translators("en") == "en"
    en, _ = _shown(qtbot, events)
    assert en == [
        "Low stock: 渔夫帽 — only 3 left",
        "Forbidden ad phrase: 销量第一 — “这款 销量第一”",
        "Product title TOP uses forbidden ad words: 销量第一 — edit it before it goes on air",
    ]


def test_the_banner_shows_the_translated_alert_when_it_has_no_terms(
    qtbot: QtBot, language: None
) -> None:
    message = Message("Forbidden ad phrase: {terms} — “{sentence}”", {"terms": "", "sentence": "x"})
    alert = AlertEvent(1_000, "compliance", "high", str(message), message=message)
    i18n.install_translators("zh_CN")
    panel = AlertsPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel._on_alerts([alert])
    assert panel.flash.text() == "⚠ 违规用语：违规用语： —「x」"
