"""Intent rules for live comments: high-precision overrides, contrast, and a fallback.

The comment model (:mod:`app.chat.sentiment`) decides intent; these rules only
override it where a cue is nearly always right, in this order:

- **spam**: contact handles, links, off-platform lures, follow-for-follow.
- **complaint** (beats purchase, question and praise): after-sales (退货, 不能退, 退款),
  quality (质量差, 难吃, 坏了), delivery (还没发货, 发货慢), honesty (好假, 骗, 坑), the
  stream itself (听不见, 声音太小, 画质, 卡). "我买了十多件,不想要不能退吗" is a
  complaint, not a purchase. Product concerns (掉色, 过敏, 画质, 退货 before buying)
  are a question when asked as one ("会掉色吗") and a complaint otherwise.
- **purchase**: 扣1, link requests (链接, 上链接, 小黄车, link) and where-to-buy (在哪买,
  怎么买, where to buy).
- **question**: a question about the product, price, size, stock or shipping. A "?"
  or 吗 alone is not enough: "你是认真的吗?" is teasing, and the model judges it.
- **praise**: slang the review corpora never saw (老板大气, nb, 太秀了, i了i了, yyds, 666).

**Contrast** ("好看,就是太贵了", "nice but it broke"): the clause after 但/但是/不过/
可惜/就是/but decides (:func:`contrast_tail`).

:func:`rule_intent` is the rules-only answer (no model, or callers without one): the
overrides, then broader keyword rules. Every function normalises its input first
(:func:`app.chat.normalize.normalize`); ``*_normalized`` variants skip that.
"""

from __future__ import annotations

import re

from app.chat import cues
from app.chat.normalize import normalize

INTENTS = ("question", "purchase", "complaint", "praise", "spam", "other")
_I = re.IGNORECASE

#: Contact handles, links and off-platform lures, for callers holding raw text
#: (case-insensitive; triage itself matches :data:`app.chat.cues.SPAM` on normalised text).
SPAM_PATTERNS = re.compile(cues.SPAM.pattern, _I)

#: Broader keyword rules used when no model runs (rules-only triage).
_FALLBACK: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "complaint",
        re.compile(r"慢|不回|没到|太贵|一般般|不行|不好|差|bad|slow|not good|hate", _I),
    ),
    (
        "question",
        re.compile(
            r"[?]|吗|嘛\s*$|呢\s*$|多少|什么|啥|哪|几|怎么|咋|有没有|能不能|可不可以|是不是"
            r"|\b(?:how|what|which|where|when|does|do|is|are|can)\b",
            _I,
        ),
    ),
    (
        "praise",
        re.compile(
            r"好看|漂亮|美|喜欢|好用|好吃|划算|便宜|值|显白|高级|质感|舒服|不错|棒|赞|厉害|好听|可爱"
            r"|清楚|精致|推荐|回购|放心|👍|❤|😍|🥰|💕|🔥|love|cute|pretty|amazing|awesome|great"
            r"|perfect|nice|best|beautiful|gorgeous|wow|so good",
            _I,
        ),
    ),
)


def contrast_tail(norm: str) -> str:
    """The clause after the last contrast word, or "" when there is none (or it is empty)."""
    ends = [m.end() for m in cues.CONTRAST.finditer(norm.lower())]
    return norm[ends[-1] :].strip(" ,.!。~") if ends else ""


def override_normalized(norm: str) -> str | None:
    """The intent a high-precision rule is sure of, or None to let the model decide."""
    low = norm.lower()
    whole = low.strip()
    if cues.PUNCT_ONLY.fullmatch(whole) or cues.GIVEAWAY_CHANT.fullmatch(whole):
        return "other"
    return _trouble(low, whole) or _wish(low, whole)


def _trouble(low: str, whole: str) -> str | None:
    """Spam, complaints and product concerns: these beat every other cue."""
    if cues.SPAM.search(low):
        return "spam"
    if cues.COMPLAINT.search(low) or cues.COMPLAINT_START.match(whole):
        return "complaint"
    if cues.CONCERN.search(low):
        asked = cues.ASKING.search(low) and not cues.BOUGHT.search(low)
        return "question" if asked else "complaint"
    return None


def _wish(low: str, whole: str) -> str | None:
    """Buying, asking, praising, in that order; teasing is "other"."""
    if cues.PURCHASE.search(low) or cues.PURCHASE_WHOLE.fullmatch(whole):
        return "purchase"
    teasing = cues.TEASING.search(low)
    if not teasing and cues.QUESTION.search(low):
        return "question"
    if cues.PRAISE.search(low) or cues.PRAISE_WHOLE.fullmatch(whole):
        return "praise"
    return "other" if teasing else None


def override_intent(text: str) -> str | None:
    """:func:`override_normalized` of the normalised ``text``."""
    return override_normalized(normalize(text))


def tail_override(tail: str) -> str | None:
    """The intent of the clause after a contrast word, if a rule is sure of it."""
    low = tail.lower()
    if cues.DRAWBACK.match(low) and not cues.CONCERN.search(low):
        return "complaint"
    return override_normalized(tail)


def rule_intent_normalized(norm: str) -> str:
    """Rules only: overrides (the clause after a contrast first), then broad keywords."""
    tail = contrast_tail(norm)
    if tail:
        decided = tail_override(tail) or _rules(tail)
        if decided != "other":
            return decided
    return _rules(norm)


def _rules(norm: str) -> str:
    found = override_normalized(norm)
    if found is not None:
        return found
    for intent, pattern in _FALLBACK:
        if pattern.search(norm):
            return intent
    return "other"


def rule_intent(text: str) -> str:
    """The rules-only intent of ``text`` (normalised first); "other" if nothing matches."""
    return rule_intent_normalized(normalize(text))


#: Question kinds, for grouping similar questions and finding FAQ answers.
QUESTION_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "price",
        re.compile(r"多少钱|价格|价钱|优惠|便宜|折扣|券|how much|price|discount|code|cost", re.I),
    ),
    (
        "size",
        re.compile(
            r"几号|几码|什么码|啥码|尺码|尺寸|偏大|偏小|多大|多长|身高|体重|斤|\bsize|fit|cm\b",
            re.I,
        ),
    ),
    (
        "stock",
        re.compile(
            r"库存|有货|还有|有没有|补货|没了|in stock|sold out|restock|available"
            r"|any left",
            re.I,
        ),
    ),
    (
        "shipping",
        re.compile(r"发货|快递|包邮|几天到|多久到|物流|shipping|deliver|ship to|arrive", re.I),
    ),
    ("colour", re.compile(r"颜色|色号|什么色|黑色|白色|红色|colou?r|shade|red|black|white", re.I)),
)


def question_kind(text: str) -> str:
    """Which kind of question ``text`` asks: price, size, stock, shipping, colour or other."""
    norm = normalize(text)
    for kind, pattern in QUESTION_KINDS:
        if pattern.search(norm):
            return kind
    return "other"
