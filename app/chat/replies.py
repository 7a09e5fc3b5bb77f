"""Reply suggestions for a viewer question, from the product's FAQ, the shop's and live data.

Matching is keyword overlap (overlap coefficient): Chinese text as characters plus
character bigrams, English as words without stop words, after dropping the particles
question grouping drops; plus the bilingual topic map of :mod:`app.chat.topics`, so an
English "how much is shipping" finds the Chinese FAQ answer "包邮吗？" (same topic, no
shared word). A FAQ entry of the same question kind or topic gets a bonus.

Price and stock questions also get an answer built from **live** data
(:class:`LiveFacts`: the run-of-show's stock after orders, the live or flash-sale price),
never the catalog's stock figure, which the show does not rewrite. Shop-wide topics
(shipping, returns, invoices) fall back to any product's FAQ in the show (``shop``), since
the shop's policy is the same for every product. Replies are in the question's language
(the viewer's), not the interface's. Qt-free.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.chat.normalize import normalize
from app.chat.questions import PARTICLES
from app.chat.topics import SHOP_WIDE, question_kind, topics_of
from app.commerce.catalog import ProductInfo

_WORD = re.compile(r"[a-z0-9]+")
_HAN = re.compile(r"[\u3400-\u9fff]+")
_STOP_WORDS = (
    "a an the is it this that do does did can could i you me my your to of for in on and "
    "or be are will would there any how what 的 是 我 你 这 那 个 有 能 会 不 用"
)
_STOP = frozenset(_STOP_WORDS.split())
MIN_SCORE = 0.4
TOPIC_SCORE = 0.6  # same topic, no shared word (the other language): a usable answer
KIND_BONUS = 0.3


@dataclass(frozen=True, slots=True)
class Suggestion:
    text: str
    source: str  # "faq", "shop" (another product's FAQ on a shop-wide topic) or "product"
    score: float
    question: str = ""
    sku: str = ""  # whose FAQ it came from ("shop" answers name the product)


@dataclass(frozen=True, slots=True)
class LiveFacts:
    """What the show knows now about one product (the run-of-show, not the catalog)."""

    stock: int | None = None  # live stock after orders; None: unknown (use the catalog's)
    price: float | None = None  # the live price (plan price / promo); None: the catalog's
    flash_price: float | None = None  # a flash sale on this product right now


def tokens(text: str) -> set[str]:
    """English content words, Chinese characters and character bigrams (either script)."""
    norm = PARTICLES.sub(" ", normalize(text).lower())
    out = set(_WORD.findall(norm))
    for run in _HAN.findall(norm):
        out.update(run)
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return out - _STOP


def _facts(question: str, product: ProductInfo, live: LiveFacts) -> list[Suggestion]:
    kind = question_kind(question)
    zh = bool(_HAN.search(question))
    name = product.display_name("zh" if zh else "en")
    if kind == "price":
        return [Suggestion(_price_text(name, product, live, zh), "product", 1.0)]
    if kind == "stock":
        stock = product.stock if live.stock is None else live.stock
        text = f"{name} 还有 {stock} 件" if zh else f"{name}: {stock} left in stock"
        if stock <= 0:
            text = f"{name} 暂时售罄" if zh else f"{name} is sold out for now"
        return [Suggestion(text, "product", 0.9)]
    return []


def _price_text(name: str, product: ProductInfo, live: LiveFacts, zh: bool) -> str:
    usual = product.price
    if live.flash_price is not None:
        flash = f"¥{live.flash_price:g}"
        if zh:
            return f"{name} 秒杀价 {flash}（原价 ¥{usual:g}），倒计时结束恢复原价"
        return f"{name}: flash sale {flash} right now (usually ¥{usual:g})"
    now = product.sale_price if live.price is None else live.price
    price = f"¥{now:g}"
    if now < usual:
        if zh:
            return f"{name} 直播间价 {price}（原价 ¥{usual:g}）"
        return f"{name}: {price} in this live (usually ¥{usual:g})"
    return f"{name} {price}" if zh else f"{name}: {price}"


def _score(asked: set[str], topics: frozenset[str], kind: str, faq_q: str) -> float:
    faq_tokens = tokens(faq_q)
    if not asked or not faq_tokens:
        return 0.0
    score = len(asked & faq_tokens) / min(len(asked), len(faq_tokens))
    shared = topics & topics_of(faq_q)
    if shared:
        score = max(score, TOPIC_SCORE) + 0.1 * (len(shared) - 1)
    if kind != "other" and question_kind(faq_q) == kind:
        score += KIND_BONUS
    return score


def suggest(
    question: str,
    product: ProductInfo | None,
    limit: int = 3,
    *,
    live: LiveFacts | None = None,
    shop: Iterable[ProductInfo] = (),
) -> list[Suggestion]:
    """Best answers for ``question`` about ``product``, best first (empty if none fit).

    ``live`` holds the run-of-show's stock and price for ``product``; ``shop`` are the
    other products of the show, whose FAQ answers shop-wide topics (shipping, returns,
    invoices) when ``product``'s own FAQ does not.
    """
    if product is None:
        return []
    live = live or LiveFacts()
    asked, kind, topics = tokens(question), question_kind(question), topics_of(question)
    found = _facts(question, product, live)
    for faq_q, faq_a in product.faq:
        score = _score(asked, topics, kind, faq_q)
        if score >= MIN_SCORE:
            found.append(Suggestion(faq_a, "faq", round(score, 3), faq_q, product.sku))
    shop_topics = topics & SHOP_WIDE
    if shop_topics and not any(s.source == "faq" for s in found):
        for other in shop:
            if other.sku == product.sku:
                continue
            for faq_q, faq_a in other.faq:
                if not shop_topics & topics_of(faq_q):
                    continue
                score = _score(asked, topics, kind, faq_q) - 0.05  # the product's own first
                if score >= MIN_SCORE and all(s.text != faq_a for s in found):
                    found.append(Suggestion(faq_a, "shop", round(score, 3), faq_q, other.sku))
    found.sort(key=lambda s: -s.score)
    return found[:limit]
