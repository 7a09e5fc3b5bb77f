"""Reply suggestions for a viewer question, from the on-air product's FAQ and facts.

Matching is keyword overlap (overlap coefficient): Chinese text as characters plus
character bigrams, English as words without stop words, after dropping the particles
question grouping drops; a FAQ entry of the same question kind (price, size, ...) gets a
bonus. Price and stock questions also get an answer built from
the product's live data, which is always current while a FAQ may not be. Qt-free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.chat.intent import question_kind
from app.chat.normalize import normalize
from app.chat.questions import PARTICLES
from app.commerce.catalog import ProductInfo

_WORD = re.compile(r"[a-z0-9]+")
_HAN = re.compile(r"[\u3400-\u9fff]+")
_STOP_WORDS = (
    "a an the is it this that do does did can could i you me my your to of for in on and "
    "or be are will would there any how what 的 是 我 你 这 那 个 有 能 会 不 用"
)
_STOP = frozenset(_STOP_WORDS.split())
MIN_SCORE = 0.4


@dataclass(frozen=True, slots=True)
class Suggestion:
    text: str
    source: str  # "faq" or "product"
    score: float
    question: str = ""


def tokens(text: str) -> set[str]:
    """English content words, Chinese characters and character bigrams (either script)."""
    norm = PARTICLES.sub(" ", normalize(text).lower())
    out = set(_WORD.findall(norm))
    for run in _HAN.findall(norm):
        out.update(run)
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return out - _STOP


def _facts(question: str, product: ProductInfo) -> list[Suggestion]:
    kind = question_kind(question)
    zh = bool(_HAN.search(question))
    name = product.display_name("zh" if zh else "en")
    if kind == "price":
        price = f"¥{product.sale_price:g}"
        if product.promo_price is not None and product.promo_price < product.price:
            text = (
                f"{name} 直播间价 {price}（原价 ¥{product.price:g}）"
                if zh
                else f"{name}: {price} in this live (usually ¥{product.price:g})"
            )
        else:
            text = f"{name} {price}" if zh else f"{name}: {price}"
        return [Suggestion(text, "product", 1.0)]
    if kind == "stock":
        text = f"{name} 还有 {product.stock} 件" if zh else f"{name}: {product.stock} left in stock"
        if product.stock <= 0:
            text = f"{name} 暂时售罄" if zh else f"{name} is sold out for now"
        return [Suggestion(text, "product", 0.9)]
    return []


def suggest(question: str, product: ProductInfo | None, limit: int = 3) -> list[Suggestion]:
    """Best answers for ``question`` about ``product``, best first (empty if none fit)."""
    if product is None:
        return []
    asked, kind = tokens(question), question_kind(question)
    found = _facts(question, product)
    for faq_q, faq_a in product.faq:
        faq_tokens = tokens(faq_q)
        if not asked or not faq_tokens:
            continue
        score = len(asked & faq_tokens) / min(len(asked), len(faq_tokens))
        if kind != "other" and question_kind(faq_q) == kind:
            score += 0.3
        if score >= MIN_SCORE:
            found.append(Suggestion(faq_a, "faq", round(score, 3), faq_q))
    found.sort(key=lambda s: -s.score)
    return found[:limit]
