"""Compliance scanning of speech and live KPI formulas."""

from __future__ import annotations

import pytest

from app.analytics.kpis import LiveKpis
from app.session.bus import EventBus
from app.session.events import (
    AlertEvent,
    CommentEvent,
    OrderEvent,
    TranscriptEvent,
    ViewersEvent,
)
from app.speech.compliance import ComplianceMonitor, ComplianceScanner, Lexicon, LexiconError


@pytest.fixture(scope="module")
def scanner() -> ComplianceScanner:
    return ComplianceScanner(Lexicon.load())


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("今天是全网最低价，销量第一！", ["全网最低价", "销量第一"]),
        ("这款 精华 能 根治 痘痘", ["根治"]),  # recognizer output: words split by spaces
        ("国家级 配方", ["国家级"]),
        ("It's guaranteed to cure acne", ["guaranteed", "cure"]),
        ("BEST IN THE WORLD", ["best in the world"]),
        ("100%有效", ["100%有效"]),  # an efficacy claim, longer than the absolute 100%
    ],
)
def test_forbidden_phrases_are_found(scanner, text: str, terms: list[str]) -> None:
    assert scanner.scan(text) == terms


@pytest.mark.parametrize(
    "text",
    [
        "最近天气很好，第一次来的宝宝扣1",
        "这个口红颜色很显白，库存还有五百支",
        "Secure checkout, the curtain color is pretty",  # 'cure' inside other words
        "link is in the cart, price is 89",
    ],
)
def test_ordinary_product_talk_is_not_flagged(scanner, text: str) -> None:
    assert scanner.scan(text) == []


def test_bad_lexicon_is_reported(tmp_path) -> None:
    bad = tmp_path / "lex.txt"
    bad.write_text("最\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="outside a"):
        Lexicon.load(bad)


def test_monitor_publishes_alert_for_final_segments_only(scanner) -> None:
    bus, alerts = EventBus(), []
    bus.subscribe(alerts.append, (AlertEvent,))
    ComplianceMonitor(scanner).attach(bus)
    bus.publish(TranscriptEvent(0, end_ms=900, text="全网最低价", final=False))
    bus.publish(TranscriptEvent(0, end_ms=1000, text="全网最低价 家人们"))
    assert len(alerts) == 1
    assert alerts[0].terms == ("全网最低价",) and alerts[0].t_ms == 1000


def test_kpis_follow_platform_formulas() -> None:
    kpis = LiveKpis()
    kpis.feed(ViewersEvent(1000, online=500, pv=2000, uv=1000))
    for i, user in enumerate(["a", "b", "a", "c"]):
        kpis.feed(CommentEvent(2000 + i, event_id=str(i), platform="douyin", user=user, text="hi"))
    kpis.feed(OrderEvent(3000, order_id="o1", sku="A", qty=2, amount=178.0, buyer="a"))
    kpis.feed(OrderEvent(4000, order_id="o2", sku="B", qty=1, amount=22.0, buyer="b"))
    snap = kpis.snapshot(now_ms=60_000)
    assert snap.gmv == 200.0
    assert snap.gpm == pytest.approx(200.0 * 1000 / 2000)  # GMV x 1000 / PV
    assert snap.aov == pytest.approx(100.0)  # GMV / buyers
    assert snap.uv_value == pytest.approx(0.2)  # GMV / UV
    assert snap.unique_commenters == 3
    assert snap.interaction_rate == pytest.approx(3 / 1000)
    assert snap.comments_per_min == pytest.approx(4.0)
    assert kpis.snapshot(now_ms=120_000).comments_per_min == 0.0


def test_kpi_ratios_are_none_without_a_denominator() -> None:
    snap = LiveKpis().snapshot()
    assert snap.gpm is None and snap.aov is None and snap.interaction_rate is None
