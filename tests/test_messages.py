"""Engine-made sentences as Messages: English str(), values kept apart, recorded rows unchanged."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.chat.classifier import CommentClassifier
from app.chat.pseudonym import Pseudonymizer
from app.chat.triage import TriageStage
from app.commerce.catalog import ProductInfo
from app.commerce.recommend import PastPerformance, Recommender
from app.commerce.show import RunOfShow
from app.messages import Message, counted, joined, minutes, plural
from app.session.bus import EventBus
from app.session.events import AlertEvent, Event, OrderEvent, ProductSwitchEvent, TranscriptEvent
from app.session.recorder import Recorder
from app.speech.compliance import ComplianceMonitor, ComplianceScanner, Lexicon
from app.speech.mentions import MentionMonitor

PRODUCTS = [
    ProductInfo("LIP", "丝绒口红", "Velvet lipstick", 99.0, stock=100, aliases=("口红",)),
    ProductInfo("SUN", "猫眼墨镜", "Cat-eye sunglasses", 199.0, stock=100, aliases=("墨镜",)),
    ProductInfo("HAT", "渔夫帽", "Bucket hat", 59.0, stock=8, aliases=("帽子",)),
    ProductInfo("BAG", "全网最低价托特包", "Tote bag", 129.0, stock=100, aliases=("托特包",)),
]
RUNDOWN = ["LIP", "SUN", "HAT", "BAG"]
MIN = 60_000
CJK_LABELS = ("违规用语", "秒杀", "库存紧张", "已售罄", "提到", "建议上架", "已切换", "评论情感")


def _collect(bus: EventBus) -> list[Event]:
    seen: list[Event] = []
    bus.subscribe(seen.append)
    return seen


# -- the Message type ------------------------------------------------------------------------
def test_str_is_the_english_sentence_with_nested_messages() -> None:
    window = minutes(5.0)
    phrases = joined(
        [counted(12, "{n} question about it", "{n} questions about it"), counted(1, "{n} x", "y")]
    )
    message = Message("{phrases} in the last {window}", {"phrases": phrases, "window": window})
    assert str(window) == "5 min" and str(minutes(2.5)) == "2.5 min"
    assert str(message) == "12 questions about it, 1 x in the last 5 min"
    assert str(Message("only {stock} left", {"stock": 3})) == "only 3 left"
    assert str(Message("next in the run-of-show")) == "next in the run-of-show"


def test_plural_picks_the_english_form() -> None:
    assert plural(1, "one", "many") == "one"
    assert [plural(n, "one", "many") for n in (0, 2, 12)] == ["many"] * 3
    assert counted(1, "{n} viewer wants to buy", "{n} viewers want to buy").values == {"n": 1}
    assert str(counted(3, "{n} viewer wants to buy", "{n} viewers want to buy")) == (
        "3 viewers want to buy"
    )


def test_joined_lists_any_number_of_phrases() -> None:
    assert str(joined([])) == ""
    assert str(joined(["a"])) == "a"
    assert str(joined(["a", "b", "c", "d"])) == "a, b, c, d"


def test_messages_are_values_equal_hashable_and_immutable() -> None:
    values = {"stock": 3}
    a = Message("only {stock} left", values)
    values["stock"] = 99  # the caller's dict changing later does not change the message
    b = Message("only {stock} left", {"stock": 3})
    assert a == b and hash(a) == hash(b) and str(a) == "only 3 left"
    assert a != Message("only {stock} left", {"stock": 4})
    with pytest.raises(AttributeError):
        a.template = "x"  # type: ignore[misc]


def test_render_translates_every_template_and_falls_back_on_a_broken_translation() -> None:
    zh = {
        "{minutes:g} min": "{minutes:g} 分钟",
        "{phrases} in the last {window}": "{phrases}（近{window}）",
    }
    message = Message("{phrases} in the last {window}", {"phrases": "x", "window": minutes(5)})
    assert message.render(lambda t: zh.get(t, t)) == "x（近5 分钟）"
    broken = Message("only {stock} left", {"stock": 2})
    assert broken.render(lambda t: "仅剩 {count} 件") == "only 2 left"  # wrong placeholder


# -- recommendation reasons ------------------------------------------------------------------
def test_reasons_are_messages_with_their_values() -> None:
    past = PastPerformance(gpm={"SUN": 1_800.0}, last_sold={"SUN": 30}, pairs={("LIP", "SUN"): 6})
    rec = Recommender(PRODUCTS, RUNDOWN, past=past)
    rec.feed(ProductSwitchEvent(0, "BAG"))
    rec.feed(ProductSwitchEvent(MIN, "LIP", previous="BAG"))
    ranked = {r.sku: {m.template: m for m in r.reasons} for r in rec.rank(26 * MIN)}
    assert all(isinstance(m, Message) for reasons in ranked.values() for m in reasons.values())
    sun = ranked["SUN"]
    assert sun["sold {sold} last session at GPM ¥{gpm:,.0f}"].values == {"sold": 30, "gpm": 1800.0}
    assert sun["often bought with {name} ({buyers} buyers)"].values == {
        "name": "丝绒口红",
        "buyers": 6,
    }
    assert ranked["HAT"]["only {stock} left"].values == {"stock": 8}
    assert ranked["BAG"]["not on air for {minutes} min"].values == {"minutes": 25}
    assert str(ranked["HAT"]["not pitched yet ({minutes} min into the show)"]) == (
        "not pitched yet (26 min into the show)"
    )


def test_demand_reason_nests_the_phrases_and_the_window() -> None:
    rec = Recommender(PRODUCTS, RUNDOWN, window_ms=5 * MIN)
    rec.feed(ProductSwitchEvent(0, "LIP"))
    rec.feed(TranscriptEvent(1_000, 2_000, "等下给大家看渔夫帽 帽子"))
    hat = next(r for r in rec.rank(3_000) if r.sku == "HAT")
    demand = hat.reasons[0]
    assert demand.template == "{phrases} in the last {window}"
    assert demand.values["window"] == minutes(5.0)
    assert demand.values["phrases"] == Message("mentioned {n} time", {"n": 1})
    assert str(demand) == "mentioned 1 time in the last 5 min"


# -- alerts ----------------------------------------------------------------------------------
def _english(alert: AlertEvent) -> None:
    """``text`` is the message's English and no longer a bilingual hybrid."""
    assert alert.message is not None and alert.text == str(alert.message)
    assert not any(label in alert.text for label in CJK_LABELS), alert.text


def test_stock_and_flash_sale_alerts_carry_messages() -> None:
    bus = EventBus()
    seen = _collect(bus)
    now = [0]
    show = RunOfShow(PRODUCTS, RUNDOWN, lambda: now[0], low_stock=96, ticker=False)
    show.attach(bus)
    bus.publish(OrderEvent(100, "o1", "LIP", 6, 594.0))
    bus.publish(OrderEvent(200, "o2", "LIP", 94, 9306.0))
    show.start_flash_sale("SUN", 30, 99.0)
    show.cancel_flash_sale()
    show.detach()
    alerts = [e for e in seen if isinstance(e, AlertEvent)]
    for alert in alerts:
        _english(alert)
    assert [a.text for a in alerts] == [
        "Low stock: 丝绒口红 — only 94 left",
        "Sold out: 丝绒口红 — take it off air or restock",
        "Flash sale: 猫眼墨镜 at ¥99.00 for 30 s",
        "Flash sale cancelled: 猫眼墨镜",
    ]
    assert alerts[0].message == Message(
        "Low stock: {name} — only {stock} left", {"name": "丝绒口红", "stock": 94}
    )
    assert alerts[2].message is not None
    assert alerts[2].message.values == {"name": "猫眼墨镜", "price": 99.0, "seconds": 30}


def test_compliance_alerts_for_speech_titles_and_the_lexicon_notice() -> None:
    bus = EventBus()
    seen = _collect(bus)
    scanner = ComplianceScanner(Lexicon(("全网最低价", "第一")))
    monitor = ComplianceMonitor(
        scanner,
        PRODUCTS,
        notice=Message(
            "Custom compliance lexicon ignored ({error}); using the bundled list",
            {"error": "bad.txt line 1"},
        ),
    )
    monitor.attach(bus)
    bus.publish(TranscriptEvent(1_000, 2_000, "我们 销量 第一 全网最低价"))
    monitor.detach()
    notice, title, speech = [e for e in seen if isinstance(e, AlertEvent)]
    for alert in (notice, title, speech):
        _english(alert)
    assert notice.text == (
        "Custom compliance lexicon ignored (bad.txt line 1); using the bundled list"
    )
    assert title.text == (
        "Product title BAG uses forbidden ad words: 全网最低价 — edit it before it goes on air"
    )
    assert speech.text == "Forbidden ad phrase: 第一、全网最低价 — “我们 销量 第一 全网最低价”"
    assert speech.message is not None
    assert speech.message.values == {
        "terms": "第一、全网最低价",
        "sentence": "我们 销量 第一 全网最低价",
    }
    assert speech.terms == ("第一", "全网最低价")


def test_mention_and_missing_model_alerts_carry_messages(tmp_path: Path) -> None:
    bus = EventBus()
    seen = _collect(bus)
    mentions = MentionMonitor(PRODUCTS)
    mentions.attach(bus)
    bus.publish(ProductSwitchEvent(0, sku="SUN"))
    bus.publish(TranscriptEvent(1_000, 2_000, "这 支 口红 很 好看"))
    mentions.detach()
    triage = TriageStage(CommentClassifier.load(tmp_path))  # no model there
    triage.attach(bus)
    triage.detach()
    mention, sentiment = [e for e in seen if isinstance(e, AlertEvent)]
    _english(mention)
    _english(sentiment)
    assert mention.text == "Mentioned 丝绒口红 (LIP) — suggest putting it on air"
    assert sentiment.text.startswith("Comment sentiment is off (")


def test_the_recorded_alert_row_does_not_depend_on_the_message() -> None:
    recorder = Recorder(None, 7, datetime(2026, 1, 1, tzinfo=UTC), Pseudonymizer(b"s" * 16))  # type: ignore[arg-type]
    message = Message("only {stock} left", {"stock": 3})
    with_message = AlertEvent(5, "stock", "warning", str(message), ("x",), "HAT", message)
    plain = AlertEvent(5, "stock", "warning", "only 3 left", ("x",), "HAT")
    assert with_message == plain  # message is derived data: not part of equality
    row, bare = recorder._alert(with_message)[1], recorder._alert(plain)[1]
    assert row["text"] == bare["text"] == "only 3 left"  # what exports and searches read
    assert bare["message"] is None
    assert Message.from_json(row["message"]) == message  # kept to say it in Chinese later


def test_a_message_survives_json_with_nested_messages_and_lists() -> None:
    import json

    from app.messages import joined, minutes

    message = Message(
        "{terms} within {window} ({count} times, {share:.0%})",
        {"terms": joined(["最", "第一", "特效"]), "window": minutes(5), "count": 3, "share": 0.5},
    )
    stored = json.loads(json.dumps(message.to_json()))  # as the database gives it back
    again = Message.from_json(stored)
    assert again == message and str(again) == str(message)
    odd = Message("{when} {items}", {"when": datetime(2026, 1, 1), "items": ("a", "b")})
    assert str(Message.from_json(json.loads(json.dumps(odd.to_json())))) == (
        "2026-01-01 00:00:00 ['a', 'b']"
    )
    for junk in (None, "text", [], {"template": 3}, {"template": "x", "values": []}):
        assert Message.from_json(junk) is None
