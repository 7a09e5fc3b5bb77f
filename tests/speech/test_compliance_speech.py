"""Compliance lexicon on running speech, product titles, and the ``compliance`` CLI."""

from __future__ import annotations

import io
import json

import pytest

from app.cli import main
from app.commerce.catalog import ProductInfo
from app.speech.compliance import default_scanner, scan_products, scan_text

#: The terms the issue lists, each inside running (ASR-spaced) speech.
LISTED = {
    "最": "这 是 我 用 过 最 好 用 的",
    "第一": "销量 第一 的 口红",
    "国家级": "国家级 品质",
    "世界级": "世界级 工艺",
    "顶级": "顶级 原料",
    "唯一": "全网 唯一 一 家",
    "全网最低价": "今天 全网 最低价",
    "史上": "史上 最 大 优惠",
    "百分之百": "好评率 百分之百",  # 百分之百纯棉 is a material: see the exceptions
    "100%": "100% 有效",
    "根治": "可以 根治 痘痘",
    "永久": "永久 不 掉色",
    "治疗": "能 治疗 失眠",
    "cure": "this cream will cure your acne",
    "guaranteed": "results guaranteed in a week",
    "clinically proven": "it is Clinically Proven to work",
}
ORDINARY = [
    "大家好 欢迎 来到 直播间",
    "最近 天气 很 热 大家 注意 防晒",
    "这 是 我们 第一次 直播 第一 款 是 口红",
    "今天 只要 八十九 拍 两 件 再 减 十 元",  # a price, but no reference price
    "this lipstick is long lasting and matte",
    "the procurement team picked a secure courier",  # no 'cure' inside words
    "拍 一 号 链接 库存 不 多 了",
]


@pytest.mark.parametrize(("term", "speech"), LISTED.items())
def test_every_listed_term_is_caught_in_running_speech(term: str, speech: str) -> None:
    found = scan_text(speech)
    assert any(term.lower() in t for t in found), found


@pytest.mark.parametrize("speech", ORDINARY)
def test_no_alert_on_ordinary_product_talk(speech: str) -> None:
    assert scan_text(speech) == []


def test_scan_products_flags_titles() -> None:
    products = [
        ProductInfo("A", "全网最低价口红", "Lipstick", 1.0),
        ProductInfo("B", "墨镜", "Sunglasses, guaranteed UV block", 1.0),
        ProductInfo("C", "坚果", "Nuts", 1.0),
    ]
    assert scan_products(products) == {"A": ["全网最低价"], "B": ["guaranteed"]}
    assert default_scanner() is default_scanner()


def test_compliance_cli_json_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("这是全网最低价\n\n最近很忙\ncure guaranteed\n"))
    assert main(["compliance", "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [{k: line[k] for k in ("text", "terms", "category")} for line in lines] == [
        {"text": "这是全网最低价", "terms": ["全网最低价"], "category": ["absolute"]},
        {"text": "最近很忙", "terms": [], "category": []},
        {
            "text": "cure guaranteed",
            "terms": ["cure", "guaranteed"],
            "category": ["medical", "efficacy"],
        },
    ]
    assert lines[0]["article"] == ["《广告法》第九条第（三）项"] and lines[0]["suggestion"][0]


def test_monitor_flags_product_titles_at_start_and_spoken_terms() -> None:
    from app.session.bus import EventBus
    from app.session.events import AlertEvent, TranscriptEvent
    from app.speech.compliance import ComplianceMonitor

    bus = EventBus()
    alerts: list[AlertEvent] = []
    bus.subscribe(alerts.append, (AlertEvent,))
    products = [
        ProductInfo("A", "顶级口红", "Lipstick", 1.0),
        ProductInfo("C", "坚果", "Nuts", 1.0),
    ]
    monitor = ComplianceMonitor(default_scanner(), products)
    monitor.attach(bus)
    bus.publish(TranscriptEvent(1000, end_ms=2000, text="史上 最低 价", final=False))
    bus.publish(TranscriptEvent(1000, end_ms=2500, text="我们 的 效果 guaranteed"))
    monitor.detach()
    assert [(a.t_ms, a.source, a.terms) for a in alerts] == [
        (0, "catalog", ("顶级",)),
        (2500, "speech", ("guaranteed",)),
    ]
