"""Language, intent and question-kind rules on hand-checked live-room comments."""

from __future__ import annotations

import csv
import re

import pytest

from app.chat import cues
from app.chat.intent import (
    INTENTS,
    SPAM_PATTERNS,
    contrast_tail,
    override_intent,
    question_kind,
    rule_intent,
)
from app.chat.lang import detect_lang
from app.paths import RESOURCES


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
        ("質量太差了，我要退貨", "complaint"),
        ("我买了十多件，不想要不能退吗", "complaint"),
        ("支持七天无理由吗", "question"),  # a return policy asked before buying
        ("外套链接外套链接", "purchase"),
        ("在哪能买到", "purchase"),
        ("好看，就是有点贵", "complaint"),
        ("你是认真的吗？", "other"),
        ("？？？", "other"),
        ("老板大气", "praise"),
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


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("不难吃", None),  # negated cues are not complaints
        ("一点都不失望", None),
        ("买了不后悔", None),
        ("垃圾袋多少钱", "question"),
        ("画质好清晰", None),  # 画质 alone is a complaint, praised it is not
        ("画质", "complaint"),
        ("假睫毛多少钱", "question"),
        ("真的假的", "other"),
        ("i'm broke lol", None),
        ("3号链接是什么", "question"),
        ("有没有成都的", None),  # chit-chat, left to the model
        ("笑坏了", None),
    ],
)
def test_overrides_stay_precise(text: str, intent: str | None) -> None:
    assert override_intent(text) == intent


def test_overrides_are_precise_on_the_dev_split() -> None:
    with (RESOURCES / "eval" / "live_comments_v2.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["split"] == "dev"]
    fired = [(r["intent"], override_intent(r["text"])) for r in rows]
    fired = [(g, o) for g, o in fired if o is not None]
    assert len(fired) > len(rows) / 3
    assert sum(g == o for g, o in fired) / len(fired) >= 0.97


def test_contrast_tail() -> None:
    assert contrast_tail("好看,就是有点贵") == "有点贵"
    assert contrast_tail("质量一般,但是便宜!") == "便宜"
    assert contrast_tail("nice but it broke") == "it broke"
    assert contrast_tail("不但好看而且便宜") == ""  # 不但 is "not only"
    assert contrast_tail("就是这个") == ""
    assert contrast_tail("looks great though") == ""


def test_every_cue_branch_starts_with_a_literal() -> None:
    """A branch starting with a group, class, anchor or look-behind makes re scan slowly."""
    with pytest.raises(ValueError, match="literal"):
        cues.alternation(["好看", "(?:太|好)差"])
    with pytest.raises(ValueError, match="literal"):
        cues.alternation([r"\bscam"])
    assert cues.alternation([cues.word("scam")]).search("a scam") is not None
    assert cues.alternation([cues.word("scam")]).search("scampi") is not None  # word start only
    assert cues.each("太 好", "差") == ["太差", "好差"]


def test_spam_patterns_work_on_raw_text() -> None:
    assert SPAM_PATTERNS.search("加VX FULI6666 领福利")
    assert SPAM_PATTERNS.search("Check My Bio")
    assert not SPAM_PATTERNS.search("多少钱")
    assert SPAM_PATTERNS.flags & re.IGNORECASE
