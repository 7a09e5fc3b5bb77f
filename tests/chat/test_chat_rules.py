"""Language, intent and question-kind rules on hand-checked live-room comments."""

from __future__ import annotations

import pytest

from app.chat.intent import INTENTS, question_kind, rule_intent
from app.chat.lang import detect_lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("这个口红显白吗", "zh"),
        ("how much is shipping?", "en"),
        ("这个size有M吗", "zh"),  # Han characters outweigh two Latin tokens
        ("love it 好看", "zh"),  # a tie goes to Chinese
        ("so cute, love the red one 好", "en"),
        ("加vx abc12345 领福利", "zh"),  # handles with digits do not count as words
        ("👍👍👍", "und"),
        ("666", "und"),
        ("", "und"),
    ],
)
def test_language(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("多少钱", "question"),
        ("160斤穿几号？", "question"),
        ("还有没有黑色", "question"),
        ("能不能便宜点", "question"),
        ("does it come in black", "question"),
        ("how much?", "question"),
        ("耳环重不重", "question"),
        ("会掉色吗", "question"),  # a concern asked as a question is a question
        ("扣1", "purchase"),
        ("1", "purchase"),
        ("111", "purchase"),
        ("3号链接", "purchase"),
        ("上链接！！", "purchase"),
        ("已拍，等发货", "purchase"),
        ("link pls", "purchase"),
        ("just ordered 2", "purchase"),
        ("added to cart!", "purchase"),
        ("3号链接是什么", "question"),
        ("发货太慢了", "complaint"),
        ("怎么还没到", "complaint"),
        ("上次买的掉色了", "complaint"),
        ("客服不回消息", "complaint"),
        ("I want a refund", "complaint"),
        ("still no tracking", "complaint"),
        ("这个颜色绝了", "praise"),
        ("you look amazing", "praise"),
        ("加vx fuli666 领福利", "spam"),
        ("QQ 611971799 低价代购", "spam"),
        ("visit bit.ly/abc for gift cards", "spam"),
        ("www.shop99.cn 全场一折", "spam"),
        ("看我主页有惊喜", "spam"),
        ("晚上好", "other"),
        ("hi from Toronto", "other"),
    ],
)
def test_intent_rules(text: str, intent: str) -> None:
    assert rule_intent(text) == intent
    assert intent in INTENTS


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("多少钱", "price"),
        ("how much is it", "price"),
        ("160穿几码", "size"),
        ("还有货吗", "stock"),
        ("几天发货", "shipping"),
        ("有红色吗", "colour"),
        ("黄皮能用吗", "other"),
    ],
)
def test_question_kind(text: str, kind: str) -> None:
    assert question_kind(text) == kind
