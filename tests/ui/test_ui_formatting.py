"""Wording of numbers, times and event kinds (Qt-free)."""

from __future__ import annotations

from app.session.events import CommentEvent, FollowEvent, GiftEvent, LikeEvent
from app.ui.formatting import (
    comment_tone,
    fmt_clock,
    fmt_duration,
    fmt_int,
    fmt_money,
    fmt_percent,
    platform_label,
    severity_tone,
    status_tone,
    summarize_interactions,
)


def test_times() -> None:
    assert fmt_clock(0) == "00:00:00"
    assert fmt_clock(3_723_999) == "01:02:03"
    assert fmt_clock(-5) == "00:00:00"
    assert fmt_duration(65_000) == "00:01:05"
    assert fmt_duration(3_605_000) == "01:00:05"


def test_numbers() -> None:
    assert fmt_int(1234567) == "1,234,567"
    assert fmt_int(None) == "—"
    assert fmt_money(1234.5) == "¥1,234.50"
    assert fmt_money(123456.7) == "¥123,457"
    assert fmt_money(None) == "—"
    assert fmt_percent(0.1234) == "12.3%"


def test_comment_tone_prefers_spam_then_intent_then_sentiment() -> None:
    def comment(**kw: object) -> CommentEvent:
        return CommentEvent(0, "c", "douyin", "u", "t", **kw)  # type: ignore[arg-type]

    assert comment_tone(comment()) is None
    assert comment_tone(comment(sentiment="neg")) == "neg"
    assert comment_tone(comment(sentiment="neg", intent="question")) == "question"
    assert comment_tone(comment(intent="other", sentiment="pos")) == "pos"
    assert comment_tone(comment(intent="purchase", spam=True)) == "spam"


def test_labels_and_tones() -> None:
    assert platform_label("Douyin") == "抖音"
    assert platform_label("weibo") == "weibo"
    assert severity_tone("critical") == "error"
    assert severity_tone("whatever") == "warn"
    assert status_tone("ok") == "ok"
    assert status_tone("??") == "muted"


def test_summarize_interactions() -> None:
    summary = summarize_interactions(
        [LikeEvent(0, 5), LikeEvent(1, 7), FollowEvent(2, "小鹿"), GiftEvent(3, "bob", "rose", 3)]
    )
    assert summary.likes == 12
    assert summary.follows == ("小鹿",)
    assert summary.gifts == ("bob rose×3",)
    assert not summarize_interactions([])
