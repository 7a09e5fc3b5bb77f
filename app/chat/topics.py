"""What a viewer question is about, in Chinese or English: a small bilingual topic map.

Not a translator: each topic lists the words viewers and FAQ writers use for it in both
languages, so "how much is shipping" and a FAQ entry "包邮吗？" meet on the topic
``shipping`` even though they share no word. Reply suggestions (:mod:`app.chat.replies`)
match on topics as well as on words; question grouping (:mod:`app.chat.questions`) uses
:func:`question_kind`, which corrects the one case where the intent rules' first match is
wrong for a reply: a question about the *cost of shipping* ("运费多少钱", "how much is
shipping") is a shipping question, not a price question. Qt-free.
"""

from __future__ import annotations

import re
from functools import lru_cache

from app.chat import intent
from app.chat.normalize import normalize

#: topic -> words (Chinese as substrings, English as whole words or phrases).
# fmt: off
TOPICS: dict[str, tuple[str, ...]] = {
    "shipping": ("运费", "邮费", "包邮", "快递", "发货", "物流", "几天到", "多久到", "配送", "寄",
                 "shipping", "ship", "ships", "shipped", "deliver", "delivery", "postage",
                 "courier", "arrive", "send"),
    "price": ("多少钱", "价格", "价钱", "几块", "优惠", "便宜", "折扣", "券",
              "price", "cost", "how much", "cheap", "cheaper", "discount", "coupon"),
    "stock": ("库存", "有货", "还有", "补货", "售罄", "没了", "卖完",
              "stock", "in stock", "sold out", "restock", "available", "any left", "left"),
    "size": ("尺码", "尺寸", "几码", "多大", "大小", "头围", "宽", "多长", "偏大", "偏小", "大脸",
             "size", "sizes", "fit", "fits", "big", "small", "large", "wide", "width", "length"),
    "colour": ("颜色", "色号", "什么色", "几个色", "黄皮", "显白",
               "color", "colors", "colour", "colours", "shade", "shades"),
    "returns": ("退货", "退换", "换货", "无理由", "售后", "退款", "运费险", "能退", "可以退",
                "return", "returns", "refund", "exchange"),
    "material": ("材质", "面料", "成分", "纯棉", "帆布", "不锈钢", "银针",
                 "material", "fabric", "ingredient", "ingredients", "cotton", "canvas",
                 "made of"),
    "sensitive": ("过敏", "敏感", "孕妇", "刺激",
                  "allergy", "allergic", "sensitive", "pregnant", "irritat"),
    "vegan": ("纯素", "动物实验", "vegan", "cruelty", "animal"),
    "care": ("机洗", "手洗", "清洗", "洗碗机", "wash", "washable", "dishwasher", "clean"),
    "shelf_life": ("保质期", "过期", "生产日期", "shelf life", "expiry", "expire", "best before"),
    "invoice": ("发票", "invoice", "receipt", "fapiao"),
    "accessories": ("盒子", "眼镜盒", "配件", "赠品", "送什么",
                    "case", "box", "gift", "comes with"),
    "durability": ("掉色", "沾杯", "持久", "褪色", "漏水", "保温",
                   "tarnish", "fade", "last", "leak"),
}
# fmt: on

#: Topics that are shop policy rather than one product's: any product's FAQ answers them.
SHOP_WIDE = frozenset({"shipping", "returns", "invoice"})

_WORD_TOPIC = re.compile(r"[a-z]")


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    compiled = []
    for topic, words in TOPICS.items():
        parts = [
            rf"\b{re.escape(w)}" + ("" if w.endswith("irritat") else r"\b")
            if _WORD_TOPIC.search(w)
            else re.escape(w)
            for w in words
        ]
        compiled.append((topic, re.compile("|".join(parts), re.IGNORECASE)))
    return tuple(compiled)


@lru_cache(maxsize=4096)
def topics_of(text: str) -> frozenset[str]:
    """The topics ``text`` touches (either script; Traditional Chinese is normalised).

    A question about the cost of shipping is about shipping only: "how much is shipping"
    must not also match every price answer.
    """
    norm = normalize(text).lower()
    found = {topic for topic, pattern in _patterns() if pattern.search(norm)}
    if "shipping" in found:
        found.discard("price")
    return frozenset(found)


def question_kind(text: str) -> str:
    """The intent rules' question kind, with a shipping-cost question filed as shipping."""
    kind = intent.question_kind(text)
    if kind == "price" and "shipping" in topics_of(text):
        return "shipping"
    return kind
