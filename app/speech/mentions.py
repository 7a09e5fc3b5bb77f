"""Product mentions: which product the host is talking about, from the final transcript.

Names and aliases are strong evidence (one is enough); keywords ("哑光", "matte") are
weak and several products share them, so two are needed. A tie between products is no
mention at all: suggesting the wrong product on air is worse than suggesting none.

Chinese ASR output is space-separated words ("丝绒 口红"): spaces between CJK characters
are removed before matching; English matches whole words, case-insensitively.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from app.commerce.catalog import ProductInfo
from app.config import Settings
from app.messages import QT_TRANSLATE_NOOP, Message
from app.session.bus import EventBus
from app.session.events import (
    AlertEvent,
    ProductMentionEvent,
    ProductSwitchEvent,
    TranscriptEvent,
)
from app.session.pipeline import ProcessorDefaults

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_SPACES = re.compile(r"\s+")
STRONG, WEAK = 2, 1
# Same product mentioned again within this many ms is not recorded twice.
COOLDOWN_MS = 15_000
# Record (as an Alert row) mentions of the product already on air too? They are not
# actionable and would flood the alerts panel, so by default only off-air mentions
# (a suggestion or an automatic switch) are recorded; every mention is still published.
RECORD_ON_AIR_MENTIONS = False


def normalize(text: str) -> str:
    """Lowercase, CJK gaps removed, runs of spaces collapsed."""
    return _SPACES.sub(" ", _CJK_GAP.sub("", text)).strip().lower()


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    body = re.escape(normalize(phrase))
    if phrase[:1].isascii() and phrase[:1].isalnum():
        body = r"(?<![a-z0-9])" + body
    if phrase[-1:].isascii() and phrase[-1:].isalnum():
        body += r"(?![a-z0-9])"
    return re.compile(body)


def _names(product: ProductInfo) -> list[str]:
    """Full names, names without the shade/variant suffix ("… #316"), and aliases."""
    names: list[str] = []
    for name in (product.name_zh, product.name_en, *product.aliases):
        for raw in (name, re.split(r"\s*[#(（]", name)[0]):
            variant = raw.strip()
            if len(normalize(variant)) >= 2 and variant not in names:
                names.append(variant)
    return names


@dataclass(frozen=True)
class Mention:
    sku: str
    matched: tuple[str, ...]
    score: int


class MentionMatcher:
    """Scores each product against one utterance."""

    def __init__(self, products: Iterable[ProductInfo]) -> None:
        self._rules: list[tuple[str, list[tuple[str, re.Pattern[str], int]]]] = []
        for product in products:
            rules = [(n, _phrase_pattern(n), STRONG) for n in _names(product)]
            rules += [
                (k, _phrase_pattern(k), WEAK)
                for k in product.keywords
                if len(normalize(k)) >= 2 and k not in {n for n, _, _ in rules}
            ]
            self._rules.append((product.sku, rules))

    def match(self, text: str) -> Mention | None:
        """The one product ``text`` is about, or None (nothing, too weak, or a tie)."""
        norm = normalize(text)
        best: list[Mention] = []
        for sku, rules in self._rules:
            matched = [phrase for phrase, pattern, _ in rules if pattern.search(norm)]
            score = sum(weight for phrase, _, weight in rules if phrase in matched)
            if score < STRONG:
                continue
            mention = Mention(sku, tuple(matched), score)
            if not best or score > best[0].score:
                best = [mention]
            elif score == best[0].score:
                best.append(mention)
        return best[0] if len(best) == 1 else None


class MentionMonitor(ProcessorDefaults):
    """Processor: final transcript → ProductMentionEvent + a recorded ``mention`` alert.

    With ``auto_switch`` on, a mention of a product that is not on air switches to it
    (``ProductSwitchEvent(reason="mention")``).
    """

    def __init__(
        self,
        products: Iterable[ProductInfo],
        *,
        auto_switch: bool = False,
        cooldown_ms: int = COOLDOWN_MS,
    ) -> None:
        self.products = {p.sku: p for p in products}
        self.matcher = MentionMatcher(self.products.values())
        self.auto_switch = auto_switch
        self.cooldown_ms = cooldown_ms
        self._bus: EventBus | None = None
        self._unsubs: list[Callable[[], None]] = []
        self._on_air: str | None = None
        self._last: dict[str, int] = {}
        self._lock = threading.Lock()

    def configure(self, settings: Settings) -> None:
        self.auto_switch = settings.auto_switch_on_mention

    def set_products(self, products: Sequence[ProductInfo]) -> None:
        """Match the edited names, aliases and keywords from the next sentence on."""
        by_sku = {p.sku: p for p in products}
        self.matcher = MentionMatcher(by_sku.values())  # swapped whole: no lock needed
        self.products = by_sku

    def attach(self, bus: EventBus) -> None:
        self._bus = bus
        self._unsubs = [
            bus.subscribe(self._on_transcript, (TranscriptEvent,)),
            bus.subscribe(self._on_switch, (ProductSwitchEvent,)),
        ]

    def detach(self) -> None:
        for unsubscribe in self._unsubs:
            unsubscribe()
        self._unsubs = []

    def _on_switch(self, event: ProductSwitchEvent) -> None:
        self._on_air = event.sku

    def _on_transcript(self, event: TranscriptEvent) -> None:
        if not event.final or self._bus is None:
            return
        mention = self.matcher.match(event.text)
        if mention is None:
            return
        with self._lock:
            last = self._last.get(mention.sku)
            if last is not None and event.end_ms - last < self.cooldown_ms:
                return
            self._last[mention.sku] = event.end_ms
        self._publish(event, mention)

    def _publish(self, event: TranscriptEvent, mention: Mention) -> None:
        assert self._bus is not None
        product = self.products[mention.sku]
        self._bus.publish(
            ProductMentionEvent(event.end_ms, mention.sku, event.text, mention.matched)
        )
        switch = self.auto_switch and mention.sku != self._on_air
        if mention.sku == self._on_air and not RECORD_ON_AIR_MENTIONS:
            return
        if switch:
            template = QT_TRANSLATE_NOOP("Messages", "Mentioned {name} ({sku}) — switched on air")
        elif mention.sku == self._on_air:
            template = QT_TRANSLATE_NOOP("Messages", "Mentioned {name} ({sku}) — on air")
        else:
            template = QT_TRANSLATE_NOOP(
                "Messages", "Mentioned {name} ({sku}) — suggest putting it on air"
            )
        message = Message(template, {"name": product.display_name(), "sku": mention.sku})
        self._bus.publish(
            AlertEvent.of(
                event.end_ms, "mention", "info", message, terms=mention.matched, source="speech"
            )
        )
        if switch:
            self._bus.publish(
                ProductSwitchEvent(
                    event.end_ms, sku=mention.sku, previous=self._on_air, reason="mention"
                )
            )
