"""Product mentions from transcript text (zh with ASR spacing, en), and the processor."""

from __future__ import annotations

import pytest

from app.commerce.catalog import ProductInfo
from app.session.bus import EventBus
from app.session.events import (
    AlertEvent,
    Event,
    ProductMentionEvent,
    ProductSwitchEvent,
    TranscriptEvent,
)
from app.speech.mentions import MentionMatcher, MentionMonitor, normalize

PRODUCTS = [
    ProductInfo(
        "LIP-001",
        "丝绒哑光口红 #316",
        "Velvet Matte Lipstick #316",
        129.0,
        aliases=("口红", "lipstick", "316"),
        keywords=("哑光", "显白", "matte"),
    ),
    ProductInfo(
        "SUN-002",
        "复古猫眼墨镜",
        "Retro Cat-Eye Sunglasses",
        199.0,
        aliases=("墨镜", "sunglasses"),
        keywords=("防晒", "显白", "UV400"),
    ),
    ProductInfo("NUT-003", "每日坚果", "Daily Nuts", 59.9, keywords=("坚果", "零食")),
]


def test_normalize_joins_chinese_asr_words() -> None:
    assert normalize("丝绒 哑光  口红 Is   Great") == "丝绒哑光口红 is great"


@pytest.mark.parametrize(
    ("text", "sku"),
    [
        ("这 支 口红 真的 很 好看", "LIP-001"),  # Vosk-style spacing
        ("接下来 看 一下 复古 猫眼 墨镜", "SUN-002"),
        ("Let's try the velvet matte lipstick now", "LIP-001"),
        ("these SUNGLASSES block UV400", "SUN-002"),
        ("每日坚果 今天 买 二 送 一", "NUT-003"),
        ("哑光 质地 特别 显白", "LIP-001"),  # two keywords are enough
    ],
)
def test_match_finds_the_product(text: str, sku: str) -> None:
    mention = MentionMatcher(PRODUCTS).match(text)
    assert mention is not None and mention.sku == sku


@pytest.mark.parametrize(
    "text",
    [
        "大家好 欢迎 来到 直播间",
        "这个 颜色 很 显白",  # one shared keyword: too weak
        "口红 和 墨镜 都 有 优惠",  # a tie: suggest nothing rather than the wrong one
        "the glasses of water",  # no whole-word match inside other words
        "I love 3160 colors",  # "316" must not match inside a number
    ],
)
def test_no_mention_for_ordinary_or_ambiguous_talk(text: str) -> None:
    assert MentionMatcher(PRODUCTS).match(text) is None


def _run(monitor: MentionMonitor, events: list[Event]) -> list[Event]:
    bus = EventBus()
    seen: list[Event] = []
    bus.subscribe(seen.append, (ProductMentionEvent, AlertEvent, ProductSwitchEvent))
    monitor.attach(bus)
    for event in events:
        bus.publish(event)
    monitor.detach()
    return seen


def test_monitor_records_mentions_as_alerts_and_suggests() -> None:
    seen = _run(
        MentionMonitor(PRODUCTS),
        [
            ProductSwitchEvent(0, sku="SUN-002"),
            TranscriptEvent(1000, end_ms=2000, text="这 支 口红", final=False),  # partial: ignored
            TranscriptEvent(1000, end_ms=2500, text="这 支 口红 很 好看"),
            TranscriptEvent(3000, end_ms=4000, text="口红 再 看 一下"),  # within the cooldown
            TranscriptEvent(30_000, end_ms=31_000, text="墨镜 也 很 好"),
        ],
    )
    mentions = [e for e in seen if isinstance(e, ProductMentionEvent)]
    alerts = [e for e in seen if isinstance(e, AlertEvent)]
    assert [(m.t_ms, m.sku) for m in mentions] == [(2500, "LIP-001"), (31_000, "SUN-002")]
    assert mentions[0].matched == ("口红",)
    # Only the actionable mention (not on air) is recorded as an alert.
    assert [a.kind for a in alerts] == ["mention"]
    assert "LIP-001" in alerts[0].text and "suggest" in alerts[0].text
    assert alerts[0].terms == ("口红",) and alerts[0].t_ms == 2500
    assert len([e for e in seen if isinstance(e, ProductSwitchEvent)]) == 1  # only the operator's


def test_monitor_auto_switches_when_enabled() -> None:
    seen = _run(
        MentionMonitor(PRODUCTS, auto_switch=True),
        [
            ProductSwitchEvent(0, sku="SUN-002"),
            TranscriptEvent(1000, end_ms=2500, text="Now the matte lipstick"),
        ],
    )
    switches = [e for e in seen if isinstance(e, ProductSwitchEvent)]
    assert switches[-1].sku == "LIP-001" and switches[-1].reason == "mention"
    assert switches[-1].previous == "SUN-002" and switches[-1].t_ms == 2500
