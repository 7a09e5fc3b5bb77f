"""Minute series behind the live KPI charts: what goes in is what the charts get."""

from __future__ import annotations

from app.analytics.kpis import KPI_EVENTS, LiveKpis
from app.analytics.timeseries import MinuteSeries
from app.session.events import (
    AlertEvent,
    CommentEvent,
    OrderEvent,
    ProductSwitchEvent,
    ViewersEvent,
)


def _events() -> list:
    return [
        ProductSwitchEvent(0, "LIP-001"),
        ViewersEvent(1_000, online=100, pv=150, uv=120),
        CommentEvent(2_000, "c1", "douyin", "a", "好看", sentiment="pos"),
        CommentEvent(3_000, "c2", "douyin", "b", "太贵了", sentiment="neg"),
        CommentEvent(61_000, "c3", "douyin", "a", "多少钱"),
        OrderEvent(62_000, "o1", "LIP-001", 1, 89.0),
        OrderEvent(62_500, "o2", "LIP-001", 2, 178.0),
        ViewersEvent(130_000, online=240),
        ProductSwitchEvent(125_000, "SUN-002", "LIP-001"),
        AlertEvent(126_000, "compliance", "warning", "Banned claim: 最低价"),
        AlertEvent(127_000, "mention", "info", "Mentioned SUN-002"),
        CommentEvent(185_000, "c4", "tiktok", "c", "love it", sentiment="pos"),
    ]


def test_minute_buckets_match_the_events() -> None:
    series = MinuteSeries()
    for event in _events():
        series.feed(event)
    view = series.view()
    assert view.first == 0
    assert view.minutes == [0, 1, 2, 3]
    assert view.comments == [2, 1, 0, 1]
    assert view.orders == [0, 2, 0, 0]
    assert view.gmv == [0.0, 267.0, 0.0, 0.0]
    assert view.viewers == [100, 100, 240, 240]  # carried forward until the next report
    assert view.sentiment["pos"] == [1, 0, 0, 1]
    assert view.sentiment["neg"] == [1, 0, 0, 0]
    share = view.sentiment_share()
    assert share["pos"] == [0.5, 0.0, 0.0, 1.0]
    assert [(m.kind, m.label) for m in view.markers] == [
        ("product", "LIP-001"),
        ("product", "SUN-002"),
        ("alert", "Banned claim: 最低价"),
    ]  # mentions are not markers


def test_last_minutes_window_and_growth_to_now() -> None:
    series = MinuteSeries()
    for event in _events():
        series.feed(event)
    view = series.view(last_minutes=2, now_ms=300_000)
    assert view.first == 4  # buckets 0..5 exist once "now" is minute 5
    assert view.minutes == [4, 5]
    assert view.comments == [0, 0]
    assert view.markers == []


def test_live_kpis_feeds_the_series_and_version_moves_only_on_data() -> None:
    kpis = LiveKpis()
    assert ProductSwitchEvent in KPI_EVENTS and AlertEvent in KPI_EVENTS
    for event in _events():
        kpis.feed(event)
    view = kpis.minutes()
    assert sum(view.comments) == 4
    assert kpis.snapshot().gmv == 267.0
    again = kpis.minutes(now_ms=190_000)
    assert again.version == view.version
    kpis.feed(CommentEvent(190_000, "c5", "douyin", "d", "hi"))
    assert kpis.minutes().version == view.version + 1
