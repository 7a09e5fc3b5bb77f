"""Grouping similar viewer questions so the host answers each once, biggest first.

In a busy room forty people ask "多少钱" in a minute, in twenty spellings. Questions are
grouped by (product, question kind) — price, size, stock, shipping, colour — and, for
other questions, by their normalised text (punctuation, particles and politeness
stripped). The kind comes from :func:`app.chat.topics.question_kind`, so "运费多少钱",
"how much is shipping" and "包邮吗" are one shipping group in either language. The
product is the one the question names (alias match) or else the one on air. Qt-free:
the panel shows :meth:`QuestionBoard.open_groups`.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.chat.normalize import normalize
from app.chat.topics import question_kind
from app.commerce.catalog import ProductInfo

_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
PARTICLES = re.compile(
    r"请问|问一下|问下|主播|姐妹们?|宝宝们?|亲|老师|家人们|吗|呢|吧|啊|呀|哦|嘛|哈|啦|了"
    r"|\b(?:please|pls|plz|hi|hey|hello|guys|lol)\b",
    re.IGNORECASE,
)
MAX_GROUPS = 300


def normalise_question(text: str) -> str:
    """Normalise the script, lowercase, drop particles/politeness and punctuation:
    "请问多少钱呀？？" and "請問多少錢呀" -> "多少钱"."""
    return _PUNCT.sub("", PARTICLES.sub("", normalize(text).lower()))


@dataclass
class QuestionGroup:
    """Similar questions about one thing; ``pending`` counts asks since the last answer."""

    key: tuple[str, str, str]
    sku: str | None
    kind: str
    text: str
    count: int = 0
    pending: int = 0
    first_ms: int = 0
    last_ms: int = 0
    answered: bool = False
    users: set[str] = field(default_factory=set)
    examples: list[str] = field(default_factory=list)


class QuestionBoard:
    """Collects questions into groups; bounded to ``max_groups`` (least recent dropped)."""

    def __init__(self, products: Iterable[ProductInfo] = (), max_groups: int = MAX_GROUPS):
        self.max_groups = max_groups
        self._groups: OrderedDict[tuple[str, str, str], QuestionGroup] = OrderedDict()
        self._aliases: list[tuple[str, str]] = []
        self.set_products(products)

    def set_products(self, products: Iterable[ProductInfo]) -> None:
        """Names viewers use for each product, longest first so "丝绒口红" beats "口红"."""
        pairs = []
        for p in products:
            for name in (*p.aliases, p.name_zh, p.name_en, p.sku):
                if name and len(name) >= 2:
                    pairs.append((normalize(name).lower(), p.sku))
        self._aliases = sorted(pairs, key=lambda pair: -len(pair[0]))

    def product_of(self, text: str, on_air: str | None) -> str | None:
        """The product ``text`` names (either script), else the one on air."""
        lowered = normalize(text).lower()
        for alias, sku in self._aliases:
            if alias in lowered:
                return sku
        return on_air

    def add(self, text: str, t_ms: int, user: str = "", on_air: str | None = None) -> QuestionGroup:
        """File one question; returns its (new or updated) group. Re-opens answered groups."""
        sku = self.product_of(text, on_air)
        kind = question_kind(text)
        norm = normalise_question(text) if kind == "other" else ""
        key = (sku or "", kind, norm)
        group = self._groups.get(key)
        if group is None:
            group = QuestionGroup(key, sku, kind, text.strip(), first_ms=t_ms)
            self._groups[key] = group
            self._trim()
        else:
            self._groups.move_to_end(key)
        if group.answered:
            group.answered, group.pending = False, 0
        group.count += 1
        group.pending += 1
        group.last_ms = t_ms
        if user:
            group.users.add(user)
        if text.strip() not in group.examples:
            group.examples = [*group.examples[-4:], text.strip()]
        return group

    def mark_answered(self, key: tuple[str, str, str]) -> bool:
        group = self._groups.get(key)
        if group is None:
            return False
        group.answered, group.pending = True, 0
        return True

    def open_groups(self) -> list[QuestionGroup]:
        """Unanswered groups, most asked first (ties: most recent first)."""
        groups = [g for g in self._groups.values() if not g.answered]
        return sorted(groups, key=lambda g: (-g.pending, -g.last_ms))

    def get(self, key: tuple[str, str, str]) -> QuestionGroup | None:
        return self._groups.get(key)

    def _trim(self) -> None:
        while len(self._groups) > self.max_groups:
            self._groups.popitem(last=False)

    def __len__(self) -> int:
        return len(self._groups)
