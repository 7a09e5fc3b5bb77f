"""Advertising-law compliance: find forbidden phrases in what the host says or shows.

The lexicon (``resources/lexicons/ad_law.txt``, extended or replaced by the file in the
``compliance_lexicon`` setting) lists forbidden phrases and an allow-list
of harmless phrases that contain them ("最近" contains "最"). Matching is longest-first,
so "全网最低价" is reported once rather than as "最", "最低" and "最低价". Spaces between
Chinese characters (as a recognizer writes them) are ignored; English matches whole
words, case-insensitively.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.messages import QT_TRANSLATE_NOOP, Message
from app.paths import LEXICONS
from app.session.bus import EventBus
from app.session.events import AlertEvent, TranscriptEvent
from app.session.pipeline import ProcessorDefaults

DEFAULT_LEXICON = LEXICONS / "ad_law.txt"

# A product title that would put a forbidden phrase on air (an English template, see
# app/messages.py: the UI shows it in the user's language).
_TITLE_ALERT = QT_TRANSLATE_NOOP(
    "Messages",
    "Product title {sku} uses forbidden ad words: {terms} — edit it before it goes on air",
)

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


class LexiconError(ValueError):
    """The lexicon file cannot be read or parsed."""


@dataclass(frozen=True)
class Lexicon:
    forbidden: tuple[str, ...]
    allowed: tuple[str, ...] = ()

    @classmethod
    def load(cls, path: Path = DEFAULT_LEXICON) -> Lexicon:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise LexiconError(f"cannot read lexicon {path}: {exc}") from exc
        sections: dict[str, list[str]] = {"forbidden": [], "allow": []}
        current: list[str] | None = None
        for number, raw in enumerate(lines, start=1):
            line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
            if not line:
                continue
            if line.startswith("[") and line.endswith("]"):
                current = sections.get(line[1:-1].strip().lower())
                if current is None:
                    raise LexiconError(f"{path.name} line {number}: unknown section {line}")
                continue
            if current is None:
                raise LexiconError(f"{path.name} line {number}: phrase outside a [section]")
            current.append(line)
        return cls(tuple(sections["forbidden"]), tuple(sections["allow"]))

    def extended(self, other: Lexicon) -> Lexicon:
        """This lexicon plus ``other``'s phrases (a team's own list on top of the law's)."""
        return Lexicon(
            tuple(dict.fromkeys(self.forbidden + other.forbidden)),
            tuple(dict.fromkeys(self.allowed + other.allowed)),
        )


def lexicon_for(settings: Any) -> Lexicon:
    """The lexicon the ``compliance_lexicon`` settings ask for.

    A custom file extends the bundled one by default, because most teams add their
    platform's or brand's words to the law's list; "replace" is for teams that maintain a
    complete list of their own.

    Raises:
        LexiconError: a lexicon cannot be read or parsed (the message names the file).
    """
    custom = str(getattr(settings, "compliance_lexicon", "") or "").strip()
    if not custom:
        return Lexicon.load()
    own = Lexicon.load(Path(custom).expanduser())
    if getattr(settings, "compliance_lexicon_mode", "extend") == "replace":
        return own
    return Lexicon.load().extended(own)


def monitor_for(settings: Any, products: Iterable[Any] = ()) -> ComplianceMonitor:
    """The session's compliance monitor with the configured lexicon.

    A broken custom file falls back to the bundled lexicon with a warning alert: a show
    without the law's list would be riskier than one without the team's additions.
    """
    try:
        return ComplianceMonitor(ComplianceScanner(lexicon_for(settings)), products)
    except LexiconError as exc:
        if not str(getattr(settings, "compliance_lexicon", "") or "").strip():
            raise  # the bundled lexicon itself is broken: the pipeline reports it
        notice = Message(
            QT_TRANSLATE_NOOP(
                "Messages", "Custom compliance lexicon ignored ({error}); using the bundled list"
            ),
            {"error": str(exc)},
        )
        return ComplianceMonitor(ComplianceScanner(Lexicon.load()), products, notice=notice)


def _pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        body = re.escape(phrase.lower())
        if phrase[:1].isascii() and phrase[:1].isalnum():
            body = r"(?<![a-z0-9])" + body
        if phrase[-1:].isascii() and phrase[-1:].isalnum():
            body += r"(?![a-z0-9])"
        parts.append(body)
    return re.compile("|".join(parts)) if parts else None


class ComplianceScanner:
    """Finds forbidden phrases in text."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._forbidden = _pattern(lexicon.forbidden)
        self._allowed = _pattern(lexicon.allowed)

    @staticmethod
    def normalize(text: str) -> str:
        return _CJK_GAP.sub("", text).lower()

    def scan(self, text: str) -> list[str]:
        """Forbidden phrases in ``text`` in order of appearance (repeats kept once)."""
        if self._forbidden is None:
            return []
        norm = self.normalize(text)
        if self._allowed is not None:
            norm = self._allowed.sub(lambda m: "\x00" * len(m.group(0)), norm)
        found: list[str] = []
        for match in self._forbidden.finditer(norm):
            if match.group(0) not in found:
                found.append(match.group(0))
        return found


_DEFAULT: ComplianceScanner | None = None
_DEFAULT_LOCK = threading.Lock()


def default_scanner() -> ComplianceScanner:
    """The scanner for the shipped lexicon, built once (thread-safe)."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = ComplianceScanner(Lexicon.load())
        return _DEFAULT


def scan_text(text: str) -> list[str]:
    """Forbidden phrases in any text the app shows or says (overlay text, titles, captions).

    For other features (overlays, product import): call it before putting text on air.
    """
    return default_scanner().scan(text)


def scan_products(products: Iterable[Any]) -> dict[str, list[str]]:
    """``{sku: terms}`` for products whose zh/en titles contain forbidden phrases."""
    found: dict[str, list[str]] = {}
    for product in products:
        title = f"{getattr(product, 'name_zh', '')} {getattr(product, 'name_en', '')}"
        terms = scan_text(title)
        if terms:
            found[product.sku] = terms
    return found


class ComplianceMonitor(ProcessorDefaults):
    """Scans final transcript segments on the bus and publishes an alert per hit.

    Product titles (``products``) are scanned once when the session starts: a forbidden
    word in a title shown on air is as risky as one spoken.
    """

    def __init__(
        self,
        scanner: ComplianceScanner,
        products: Iterable[Any] = (),
        *,
        notice: Message | str = "",
    ) -> None:
        self.scanner = scanner
        self.products = list(products)
        self.notice = notice  # a problem with the lexicon, shown as an alert at start
        self._bus: EventBus | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._last_ms = 0  # session time of the newest sentence: when a title edit is seen

    def attach(self, bus: EventBus) -> None:
        self._bus = bus
        self._unsubscribe = bus.subscribe(self._on_transcript, (TranscriptEvent,))
        if self.notice:
            bus.publish(AlertEvent.of(0, "system", "warning", self.notice))
        self._scan_titles(self.products, 0)

    def set_products(self, products: Sequence[Any]) -> None:
        """A title edited while on air is scanned again (only the ones that changed)."""
        before = {(p.sku, p.name_zh, p.name_en) for p in self.products}
        self.products = list(products)
        changed = [p for p in self.products if (p.sku, p.name_zh, p.name_en) not in before]
        self._scan_titles(changed, self._last_ms)

    def _scan_titles(self, products: Iterable[Any], t_ms: int) -> None:
        """One alert per product title that holds a forbidden phrase."""
        bus = self._bus
        if bus is None:
            return
        for product in products:
            title = f"{getattr(product, 'name_zh', '')} {getattr(product, 'name_en', '')}"
            terms = self.scanner.scan(title)
            if terms:
                message = Message(_TITLE_ALERT, {"sku": product.sku, "terms": "、".join(terms)})
                bus.publish(
                    AlertEvent.of(
                        t_ms, "compliance", "high", message, terms=tuple(terms), source="catalog"
                    )
                )

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()

    def _on_transcript(self, event: TranscriptEvent) -> None:  # type: ignore[override]
        if not event.final or self._bus is None:
            return
        self._last_ms = event.end_ms
        terms = self.scanner.scan(event.text)
        if terms:
            message = Message(
                QT_TRANSLATE_NOOP("Messages", "Forbidden ad phrase: {terms} — “{sentence}”"),
                {"terms": "、".join(terms), "sentence": event.text},
            )
            self._bus.publish(
                AlertEvent.of(
                    event.end_ms, "compliance", "high", message, terms=tuple(terms), source="speech"
                )
            )
