"""Advertising-law compliance: find what the law forbids in what the host says or shows.

The lexicon (``resources/lexicons/ad_law.txt``, extended or replaced by the file in the
``compliance_lexicon`` setting) is the law as data: each term sits in a category with the
article that forbids it and a compliant way to say it instead; context exceptions are
patterns ("最好在晚上用" is a usage tip, not a claim: 《广告绝对化用语执法指南》 第六条); a
reference-price rule turns "原价299，今天99" into "check that ¥299 was really charged".
docs/compliance.md describes the format and the sources.

How a text is matched:

- It is normalised first: full-width forms folded (NFKC), Traditional script converted to
  Simplified (OpenCC ``t2s``, loaded once), the spaces a recognizer puts between Chinese
  words removed, lower case. English matches whole words.
- Phrases are matched longest-first ("全网最低价" once, not "最", "最低", "最低价"); ``re:``
  terms are regular expressions. A hit inside an exception (or an allowed phrase) is dropped.
- Transcripts are also matched on tone-less pinyin (:mod:`pypinyin`), so a term the
  recognizer wrote with homophones (根治 as 跟治, 国家级 as 国家及) is still reported, "heard
  as" what was written. Only terms of two or more syllables, at least half of whose
  characters were heard right; exceptions and allowed phrases apply to the heard text and to
  the text with the term put back; ``nopinyin`` terms (第一: 低一点) never match this way.

Every hit carries its category, article and suggestion; alerts are
:class:`~app.messages.Message` templates the UI translates.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.errors import UserError
from app.messages import QT_TRANSLATE_NOOP, Message, joined
from app.paths import LEXICONS
from app.session.bus import EventBus
from app.session.events import AlertEvent, TranscriptEvent
from app.session.pipeline import ProcessorDefaults

log = logging.getLogger("app.speech.compliance")

DEFAULT_LEXICON = LEXICONS / "ad_law.txt"

#: The category of a phrase listed without one (a version-1 list, ``Lexicon(("最",))``).
CUSTOM = "custom"
#: The category of reference-price alerts.
PRICE = "price"

#: Names of the bundled lexicon's categories (English templates: the UI translates them
#: in the Messages context). A team's own category shows its ``label`` or key.
CATEGORY_LABELS: dict[str, str] = {
    "absolute": QT_TRANSLATE_NOOP("Messages", "absolute claim"),
    "state": QT_TRANSLATE_NOOP("Messages", "state name or endorsement"),
    "medical": QT_TRANSLATE_NOOP("Messages", "medical claim"),
    "health_food": QT_TRANSLATE_NOOP("Messages", "health-food claim"),
    "efficacy": QT_TRANSLATE_NOOP("Messages", "efficacy or safety guarantee"),
    "guarantee": QT_TRANSLATE_NOOP("Messages", "promised returns or results"),
    "false": QT_TRANSLATE_NOOP("Messages", "false or misleading claim"),
    "superstition": QT_TRANSLATE_NOOP("Messages", "superstition"),
    "live_duty": QT_TRANSLATE_NOOP("Messages", "live-commerce duty"),
    PRICE: QT_TRANSLATE_NOOP("Messages", "reference price"),
    CUSTOM: QT_TRANSLATE_NOOP("Messages", "team list"),
}

# Alerts (English templates, see app/messages.py). A lexicon without categories (a
# version-1 team list) keeps the first two sentences exactly as they were.
_TITLE_ALERT = QT_TRANSLATE_NOOP(
    "Messages",
    "Product title {sku} uses forbidden ad words: {terms} — edit it before it goes on air",
)
_SPEECH_ALERT = QT_TRANSLATE_NOOP("Messages", "Forbidden ad phrase: {terms} — “{sentence}”")
_TITLE_LAW_ALERT = QT_TRANSLATE_NOOP(
    "Messages", "Product title {sku}: {details} — edit it before it goes on air"
)
_SPEECH_LAW_ALERT = QT_TRANSLATE_NOOP(
    "Messages", "Forbidden ad phrase: {terms} — “{sentence}” — {details}"
)
_PRICE_ALERT = QT_TRANSLATE_NOOP("Messages", "Check the reference price: {details} — “{sentence}”")
_HEARD = QT_TRANSLATE_NOOP("Messages", "{term} (heard as “{heard}”)")
_DETAIL = QT_TRANSLATE_NOOP("Messages", "{term}: {category}, {article}; say instead: {suggestion}")
_DETAIL_NO_SUGGESTION = QT_TRANSLATE_NOOP("Messages", "{term}: {category}, {article}")
_DETAIL_NO_ARTICLE = QT_TRANSLATE_NOOP("Messages", "{term}: {category}; say instead: {suggestion}")
_DETAIL_CATEGORY = QT_TRANSLATE_NOOP("Messages", "{term}: {category}")
_PRICE_DETAIL = QT_TRANSLATE_NOOP(
    "Messages", "{term}: check that ¥{price} was really charged before ({article})"
)
_PRICE_NOW_DETAIL = QT_TRANSLATE_NOOP(
    "Messages", "{term}: check that ¥{price} was really charged before, now ¥{now} ({article})"
)
_LEXICON_NOTICE = QT_TRANSLATE_NOOP(
    "Messages", "Custom compliance lexicon ignored ({error}); using the bundled list"
)

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_HAS_CJK = re.compile(f"[{_CJK}]")
_ONLY_CJK = re.compile(f"[{_CJK}]+")


class LexiconError(UserError, ValueError):
    """The lexicon file cannot be read or parsed."""


# -- normalisation ----------------------------------------------------------------------------
_T2S: Any = None
_T2S_LOCK = threading.Lock()


def _converter() -> Any:
    """OpenCC's Traditional-to-Simplified converter, made once; False when unavailable."""
    global _T2S
    if _T2S is None:
        with _T2S_LOCK:
            if _T2S is None:
                try:
                    import opencc

                    _T2S = opencc.OpenCC("t2s")
                except Exception as exc:  # a missing or broken package: match as written
                    log.warning("OpenCC unavailable (%s): Traditional script is not converted", exc)
                    _T2S = False
    return _T2S


def to_simplified(text: str) -> str:
    """``text`` in Simplified script (unchanged when it has no Chinese)."""
    if not _HAS_CJK.search(text):
        return text
    converter = _converter()
    return converter.convert(text) if converter else text


def normalize(text: str) -> str:
    """What the matcher sees: NFKC, Simplified, no spaces between Chinese words, lower case."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    return _CJK_GAP.sub("", to_simplified(text)).lower()


# -- the lexicon ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Term:
    """A forbidden phrase (or, with ``regex``, a pattern) and what the law says about it."""

    phrase: str
    category: str = CUSTOM
    article: str = ""  # empty: the category's
    suggestion: str = ""  # empty: the category's
    regex: bool = False
    pinyin: bool = True  # False: never matched on homophones (``nopinyin``)


@dataclass(frozen=True)
class Category:
    """A lexicon category: the legal basis and the default suggestion of its terms."""

    key: str
    article: str = ""
    suggestion: str = ""
    label: str = ""  # the name shown for a category the app does not know

    def merged(self, other: Category) -> Category:
        """This category with ``other``'s non-empty fields (a team file on top)."""
        return Category(
            self.key,
            other.article or self.article,
            other.suggestion or self.suggestion,
            other.label or self.label,
        )


def _unique(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(items))


@dataclass(frozen=True)
class Lexicon:
    """Forbidden terms with their law, exceptions and the reference-price words.

    ``Lexicon(("最", "第一"), ("最近",))`` (the version-1 shape: uncategorised phrases and
    allowed phrases) still works; :meth:`load` reads both file formats.
    """

    forbidden: tuple[str, ...] = ()
    allowed: tuple[str, ...] = ()
    terms: tuple[Term, ...] = ()
    exceptions: tuple[str, ...] = ()  # regular expressions
    categories: tuple[Category, ...] = ()
    price_words: tuple[str, ...] = ()

    @classmethod
    def load(cls, path: Path = DEFAULT_LEXICON) -> Lexicon:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise LexiconError(f"cannot read lexicon {path}: {exc}") from exc
        return _Parser(path.name).parse(lines)

    def extended(self, other: Lexicon) -> Lexicon:
        """This lexicon plus ``other``'s (a team's own list on top of the law's)."""
        categories = {c.key: c for c in self.categories}
        for cat in other.categories:
            categories[cat.key] = categories[cat.key].merged(cat) if cat.key in categories else cat
        return Lexicon(
            _unique(self.forbidden + other.forbidden),
            _unique(self.allowed + other.allowed),
            self.terms + other.terms,
            _unique(self.exceptions + other.exceptions),
            tuple(categories.values()),
            _unique(self.price_words + other.price_words),
        )

    def entries(self) -> list[Term]:
        """Every term once: a categorised one wins over the same phrase listed without."""
        found: dict[tuple[str, bool], Term] = {}
        for phrase in self.forbidden:
            found.setdefault((normalize(phrase), False), Term(phrase))
        for term in self.terms:
            key = (to_simplified(term.phrase) if term.regex else normalize(term.phrase), term.regex)
            found[key] = term
        return list(found.values())

    def category(self, key: str) -> Category:
        return next((c for c in self.categories if c.key == key), Category(key))


_SECTION_NAMES = ("forbidden", "allow", "except", "price", "category")
_PROPERTY = re.compile(r"^(article|suggest|label)\s*=\s*(.*)$")
_FIELD_SEP = re.compile(r"\s+\|(?=\s|$)")
_CATEGORY_KEY = re.compile(r"^[a-z0-9_]+$")


class _Parser:
    """Reads a lexicon file line by line; errors name the file and the line."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.section = ""
        self.category = ""
        self.forbidden: list[str] = []
        self.allowed: list[str] = []
        self.terms: list[Term] = []
        self.exceptions: list[str] = []
        self.categories: dict[str, Category] = {}
        self.price_words: list[str] = []

    def error(self, number: int, what: str) -> LexiconError:
        return LexiconError(f"{self.name} line {number}: {what}")

    def parse(self, lines: Sequence[str]) -> Lexicon:
        for number, raw in enumerate(lines, start=1):
            line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
            if not line:
                continue
            if line.startswith("[") and line.endswith("]"):
                self._section(number, line)
            elif not self.section:
                raise self.error(number, "phrase outside a [section]")
            else:
                self._line(number, line)
        return Lexicon(
            _unique(self.forbidden),
            _unique(self.allowed),
            tuple(self.terms),
            _unique(self.exceptions),
            tuple(self.categories.values()),
            _unique(self.price_words),
        )

    def _section(self, number: int, line: str) -> None:
        words = line[1:-1].split()
        name = words[0].lower() if words else ""
        if name not in _SECTION_NAMES or (name == "category") != (len(words) == 2):
            raise self.error(number, f"unknown section {line}")
        self.section = name
        self.category = PRICE if name == "price" else ""
        if name == "category":
            key = words[1].lower()
            if not _CATEGORY_KEY.match(key):
                raise self.error(number, f"a category key is a-z, 0-9 and _: {line}")
            self.category = key
        if self.category:
            self.categories.setdefault(self.category, Category(self.category))

    def _line(self, number: int, line: str) -> None:
        prop = _PROPERTY.match(line) if self.category else None
        if prop:
            name = {"suggest": "suggestion"}.get(prop.group(1), prop.group(1))
            self.categories[self.category] = replace(
                self.categories[self.category], **{name: prop.group(2).strip()}
            )
        elif self.section == "allow":
            self.allowed.append(line)
        elif self.section == "except":
            self.exceptions.append(self._regex(number, line))
        elif self.section == "price":
            self.price_words.append(line)
        else:
            self._term(number, line)

    def _regex(self, number: int, pattern: str) -> str:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise self.error(number, f"bad regular expression {pattern!r}: {exc}") from None
        return pattern

    def _term(self, number: int, line: str) -> None:
        phrase, suggestion, options = ([*_FIELD_SEP.split(line), "", ""])[:3]
        phrase, suggestion = phrase.strip(), suggestion.strip()
        regex = phrase.startswith("re:")
        if regex:
            phrase = self._regex(number, phrase[3:])
        if not phrase:
            raise self.error(number, "empty phrase")
        article, pinyin = "", True
        for option in filter(None, (o.strip() for o in options.split(";"))):
            if option == "nopinyin":
                pinyin = False
            elif option.startswith("article="):
                article = option[len("article=") :].strip()
            elif option != "pinyin":
                raise self.error(number, f"unknown option {option!r}")
        if self.section == "forbidden" and not (suggestion or article or regex or not pinyin):
            self.forbidden.append(phrase)
            return
        category = self.category or CUSTOM
        self.terms.append(Term(phrase, category, article, suggestion, regex, pinyin))


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
        notice = Message(_LEXICON_NOTICE, {"error": str(exc)})
        return ComplianceMonitor(ComplianceScanner(Lexicon.load()), products, notice=notice)


# -- numbers and the reference-price rule -----------------------------------------------------
_CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUMBER = (
    r"[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万]*+"
    r"(?:[点块元][零〇一二两三四五六七八九]{1,2}+(?![十百千万]))?"
)
# Atomic: "50%" must not become the price 5 by giving back the 0.
_NUMBER = (
    rf"(?>\d{{1,3}}(?:,\d{{3}})++(?:\.\d+)?|\d+(?:\.\d+)?|{_CN_NUMBER})"
    r"(?!\s*(?:%|折|倍|件|个|天|年|月|号|斤|克|毫升|ml|g\b))"
)
_AMOUNT = r"[¥￥$]?\s*(?P<NAME>" + _NUMBER + r")\s*(?:元|块钱|块|毛|rmb\b|yuan\b|dollars?\b)?"
_NOW_WORDS = (
    "今天|现在|直播间|到手价|到手|只要|只需|仅需|秒杀价|活动价|现价|福利价|券后价|券后|"
    r"now\b|today\b|only\b|just\b"
)
_CLAUSE_END = "。！？!?；;\n"


def _cn_integer(text: str) -> int:
    """An integer written in Chinese numerals: 一百二十九, 三千五 (3500), 一九九 (199)."""
    if not any(ch in _CN_UNITS or ch == "万" for ch in text):
        return int("".join(str(_CN_DIGITS[ch]) for ch in text) or 0)
    total = section = number = 0
    last_unit, after_unit = 1, False
    for ch in text:
        if ch in _CN_DIGITS:
            number = _CN_DIGITS[ch]
            after_unit = after_unit and ch not in "零〇"
            continue
        if ch == "万":
            total += (section + number) * 10_000
            section, number, last_unit = 0, 0, 10_000
        else:
            section += (number or 1) * _CN_UNITS[ch]
            number, last_unit = 0, _CN_UNITS[ch]
        after_unit = True
    if number and after_unit and last_unit >= 100:  # 一百五 = 150, 两万五 = 25000
        number *= last_unit // 10
    return total + section + number


def parse_number(text: str) -> float | None:
    """A figure as a host says it: 299, 1,280, 79.9, 一百九十九, 九块九 (9.9); None if not one."""
    text = text.strip().replace(",", "")
    try:
        return float(text)
    except ValueError:
        pass
    match = re.fullmatch(
        r"([零〇一二两三四五六七八九十百千万]+)(?:([点块元])([零〇一二两三四五六七八九]+))?", text
    )
    if not match:
        return None
    value = float(_cn_integer(match.group(1)))
    sep, frac = match.group(2), match.group(3) or ""
    if sep == "点":
        value += float("0." + "".join(str(_CN_DIGITS[ch]) for ch in frac))
    elif frac:  # 九块九 = 9.9, 九块九五 = 9.95
        value += sum(_CN_DIGITS[ch] / 10 ** (i + 1) for i, ch in enumerate(frac[:2]))
    return value


class _PriceRule:
    """REFERENCE WORD + figure (+ 今天/直播间/now... + figure): a price to check."""

    def __init__(self, words: Iterable[str]) -> None:
        alternatives = []
        for word in sorted({normalize(w) for w in words if w.strip()}, key=len, reverse=True):
            body = re.escape(word)
            if word[:1].isascii() and word[:1].isalnum():
                body = r"(?<![a-z])" + body
            alternatives.append(body)
        self.pattern = re.compile(
            rf"(?P<ref>{'|'.join(alternatives)})格?"
            r"[\s:：]*(?:是|为|要|卖|都要|都卖|要卖|卖到|售价|高达|都是|of|is|was)?[\s:：]*"
            + _AMOUNT.replace("NAME", "was")
            + rf"(?:[^{_CLAUSE_END}]{{0,12}}?(?:{_NOW_WORDS})"
            + rf"[^\d{''.join(_CN_DIGITS)}十{_CLAUSE_END}]{{0,8}}?"
            + _AMOUNT.replace("NAME", "now")
            + ")?"
        )

    def find(self, norm: str) -> list[tuple[int, int, str, float, float | None]]:
        """(start, end, the words and figure as said, reference price, price now)."""
        found = []
        for m in self.pattern.finditer(norm):
            was = parse_number(m.group("was"))
            if was is None:
                continue
            now = parse_number(m.group("now")) if m.group("now") else None
            found.append((m.start(), m.end(), norm[m.start("ref") : m.end("was")], was, now))
        return found


def money(value: float) -> str:
    """199 -> "199", 79.9 -> "79.9", 1280.5 -> "1280.5"."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


# -- hits ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Hit:
    """One finding in a text: which term, why it is a problem, what to say instead.

    ``start``/``end`` index the normalised text (:func:`normalize`). ``heard`` is set when
    the term was matched on pinyin: the characters the recognizer wrote. A reference-price
    hit (category ``price``) carries the figure (``reference``) and the price said after it.
    """

    term: str
    category: str = CUSTOM
    article: str = ""
    suggestion: str = ""
    start: int = 0
    end: int = 0
    heard: str = ""
    reference: float | None = None
    now: float | None = None
    label: str = field(default="", compare=False)  # a team category's own name

    @property
    def is_price(self) -> bool:
        return self.category == PRICE

    @property
    def has_law(self) -> bool:
        """Anything to say beyond the phrase (a version-1 list has none of it)."""
        return bool(self.article or self.suggestion or self.heard or self.category != CUSTOM)

    def category_name(self) -> Message | str:
        """The category's name: a translatable Message for the bundled ones."""
        if self.category in CATEGORY_LABELS and not self.label:
            return Message(CATEGORY_LABELS[self.category])
        return self.label or self.category

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "term": self.term,
            "category": self.category,
            "article": self.article,
            "suggestion": self.suggestion,
        }
        if self.heard:
            out["heard_as"] = self.heard
        if self.is_price:
            out["reference_price"] = self.reference
            out["price_now"] = self.now
        return out


def _inside(span: tuple[int, int], shields: Sequence[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in shields)


def _overlaps(span: tuple[int, int], taken: Sequence[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in taken)


def _literal_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        body = re.escape(phrase)
        if phrase[:1].isascii() and phrase[:1].isalnum():
            body = r"(?<![a-z0-9])" + body
        if phrase[-1:].isascii() and phrase[-1:].isalnum():
            body += r"(?![a-z0-9])"
        parts.append(body)
    return re.compile("|".join(parts)) if parts else None


def _no_pinyin(chars: str) -> Any:
    """pypinyin's ``errors`` handler: one "?" per character it has no reading for."""
    return ["?"] * len(chars)


def _syllables(text: str) -> list[str | None]:
    """Tone-less pinyin of each character of ``text`` (None for what is not Chinese)."""
    from pypinyin import lazy_pinyin

    out: list[str | None] = [None] * len(text)
    for run in _ONLY_CJK.finditer(text):
        chars = run.group(0)
        syls = lazy_pinyin(chars, errors=_no_pinyin)
        if len(syls) != len(chars):  # never seen; fall back to one character at a time
            syls = [lazy_pinyin(ch, errors=_no_pinyin)[0] for ch in chars]
        for i, syl in enumerate(syls):
            out[run.start() + i] = syl if syl != "?" else None
    return out


class ComplianceScanner:
    """Finds what the lexicon forbids in a text (see the module docstring).

    Built once per lexicon and shared across threads: nothing changes after construction
    except the pinyin index, built under a lock on first use.
    """

    def __init__(self, lexicon: Lexicon, *, pinyin: bool = True) -> None:
        self.lexicon = lexicon
        self.pinyin = pinyin
        self._categories = {c.key: c for c in lexicon.categories}
        literal: dict[str, Term] = {}
        self._regex: list[tuple[re.Pattern[str], Term]] = []
        for term in lexicon.entries():
            if term.regex:
                self._regex.append((re.compile(to_simplified(term.phrase), re.I), term))
            else:
                literal[normalize(term.phrase)] = term
        self._literal = literal
        self._literal_re = _literal_pattern(literal)
        self._allowed = _literal_pattern(normalize(p) for p in lexicon.allowed)
        self._exceptions = [re.compile(to_simplified(p), re.I) for p in lexicon.exceptions]
        words = lexicon.price_words
        self._price = _PriceRule(words) if words else None
        self._pinyin_index: dict[str, list[tuple[tuple[str, ...], str]]] | None = None
        self._pinyin_lock = threading.Lock()

    @staticmethod
    def normalize(text: str) -> str:
        return normalize(text)

    def warm(self) -> None:
        """Load OpenCC and pypinyin now (~0.2 s), not on the first sentence of the show."""
        to_simplified("预热")
        if self.pinyin:
            self._index()

    # -- public ---------------------------------------------------------------------------
    def scan(self, text: str) -> list[str]:
        """Terms found in ``text`` in order of appearance (repeats kept once)."""
        return list(dict.fromkeys(hit.term for hit in self.find(text)))

    def find(self, text: str, *, pinyin: bool | None = None) -> list[Hit]:
        """Every hit in ``text``, in order; ``pinyin`` (default: the scanner's) adds homophones."""
        norm = normalize(text)
        shields = self._shields(norm)
        hits = self._character_hits(norm, shields)
        prices = (
            [self._price_hit(*found) for found in self._price.find(norm)] if self._price else []
        )
        if self.pinyin if pinyin is None else pinyin:
            heard = self._pinyin_hits(norm, shields, hits, prices)
            # 史上最低家: "史上" and "最低" give way to 史上最低价 heard as 史上最低家
            hits = [
                h
                for h in hits
                if not any(_inside((h.start, h.end), [(p.start, p.end)]) for p in heard)
            ] + heard
        return sorted(hits + prices, key=lambda h: (h.start, -h.end))

    # -- characters -----------------------------------------------------------------------
    def _shields(self, norm: str) -> list[tuple[int, int]]:
        """Spans of exceptions and allowed phrases: a hit inside one is not reported."""
        spans = [m.span() for rx in self._exceptions for m in rx.finditer(norm)]
        if self._allowed is not None:
            spans += [m.span() for m in self._allowed.finditer(norm)]
        return spans

    def _character_hits(self, norm: str, shields: list[tuple[int, int]]) -> list[Hit]:
        candidates: list[tuple[int, int, Term, str]] = []
        if self._literal_re is not None:
            for m in self._literal_re.finditer(norm):
                candidates.append((m.start(), m.end(), self._literal[m.group(0)], m.group(0)))
        for rx, term in self._regex:
            for m in rx.finditer(norm):
                if m.end() > m.start():
                    candidates.append((m.start(), m.end(), term, m.group(0)))
        candidates.sort(key=lambda c: (c[0], c[0] - c[1]))
        hits: list[Hit] = []
        taken: list[tuple[int, int]] = []
        for start, end, term, said in candidates:
            if _inside((start, end), shields) or _overlaps((start, end), taken):
                continue
            taken.append((start, end))
            hits.append(self._hit(term, said, start, end))
        return hits

    def _hit(self, term: Term, said: str, start: int, end: int, heard: str = "") -> Hit:
        category = self._categories.get(term.category, Category(term.category))
        return Hit(
            term=said if term.regex else normalize(term.phrase),
            category=term.category,
            article=term.article or category.article,
            suggestion=term.suggestion or category.suggestion,
            start=start,
            end=end,
            heard=heard,
            label=category.label,
        )

    def _price_hit(self, start: int, end: int, said: str, was: float, now: float | None) -> Hit:
        category = self._categories.get(PRICE, Category(PRICE))
        return Hit(
            term=said,
            category=PRICE,
            article=category.article,
            suggestion=category.suggestion,
            start=start,
            end=end,
            reference=was,
            now=now,
            label=category.label,
        )

    # -- pinyin ---------------------------------------------------------------------------
    def _index(self) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        """First syllable -> (syllables, phrase) of every Chinese term of 2+ syllables."""
        with self._pinyin_lock:
            if self._pinyin_index is None:
                index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
                for phrase, term in self._literal.items():
                    if not term.pinyin or not _ONLY_CJK.fullmatch(phrase) or len(phrase) < 2:
                        continue
                    syls = _syllables(phrase)
                    if all(syls):
                        key = tuple(s for s in syls if s)
                        index.setdefault(key[0], []).append((key, phrase))
                for entries in index.values():
                    entries.sort(key=lambda e: len(e[0]), reverse=True)
                self._pinyin_index = index
            return self._pinyin_index

    def _pinyin_hits(
        self, norm: str, shields: list[tuple[int, int]], found: list[Hit], prices: list[Hit]
    ) -> list[Hit]:
        """Terms heard as homophones (a heard term may contain or overlap character hits)."""
        index = self._index()
        if not index or not _HAS_CJK.search(norm):
            return []
        syls = _syllables(norm)
        hits: list[Hit] = []
        for i, syl in enumerate(syls):
            for key, phrase in index.get(syl or "", ()):
                end = i + len(key)
                if tuple(syls[i:end]) != key:
                    continue
                span = (i, end)
                # 跟治痘痘: 根治 (heard as 跟治) beside 治痘痘, not instead of it; never
                # inside a character hit, a price or another heard term
                inside = [(h.start, h.end) for h in found if _inside(span, [(h.start, h.end)])]
                taken = inside + [(h.start, h.end) for h in prices + hits]
                if self._heard_as(norm, phrase, span, shields, taken):
                    hits.append(self._hit(self._literal[phrase], phrase, i, end, norm[i:end]))
                break
        return hits

    def _heard_as(
        self,
        norm: str,
        phrase: str,
        span: tuple[int, int],
        shields: list[tuple[int, int]],
        taken: list[tuple[int, int]],
    ) -> bool:
        """Whether ``norm[span]`` is ``phrase`` misheard (and not allowed in context)."""
        heard = norm[span[0] : span[1]]
        right = sum(a == b for a, b in zip(heard, phrase, strict=True))
        if heard == phrase or right < math.ceil(len(phrase) / 2):
            return False
        if _inside(span, shields) or _overlaps(span, taken):
            return False
        corrected = norm[: span[0]] + phrase + norm[span[1] :]
        return not _inside(span, self._shields(corrected))


# -- alerts -------------------------------------------------------------------------------------
def _unique_hits(hits: Iterable[Hit]) -> list[Hit]:
    seen: dict[str, Hit] = {}
    for hit in hits:
        seen.setdefault(hit.term, hit)
    return list(seen.values())


def hit_detail(hit: Hit) -> Message:
    """One hit as a sentence part: term (heard as), category, article, suggestion."""
    if hit.is_price:
        values: dict[str, Any] = {
            "term": hit.term,
            "price": money(hit.reference or 0.0),
            "article": hit.article,
        }
        if hit.now is None:
            return Message(_PRICE_DETAIL, values)
        return Message(_PRICE_NOW_DETAIL, {**values, "now": money(hit.now)})
    term: Message | str = (
        Message(_HEARD, {"term": hit.term, "heard": hit.heard}) if hit.heard else hit.term
    )
    values = {"term": term, "category": hit.category_name()}
    if hit.article and hit.suggestion:
        return Message(_DETAIL, {**values, "article": hit.article, "suggestion": hit.suggestion})
    if hit.article:
        return Message(_DETAIL_NO_SUGGESTION, {**values, "article": hit.article})
    if hit.suggestion:
        return Message(_DETAIL_NO_ARTICLE, {**values, "suggestion": hit.suggestion})
    return Message(_DETAIL_CATEGORY, values)


def speech_message(hits: Sequence[Hit], sentence: str) -> Message:
    """The alert sentence for ``hits`` in a spoken ``sentence``."""
    hits = _unique_hits(hits)
    claims = [h for h in hits if not h.is_price]
    terms = "、".join(h.term for h in claims)
    if not any(h.has_law for h in hits):
        return Message(_SPEECH_ALERT, {"terms": terms, "sentence": sentence})
    details = joined([hit_detail(h) for h in hits])
    if not claims:
        return Message(_PRICE_ALERT, {"details": details, "sentence": sentence})
    return Message(_SPEECH_LAW_ALERT, {"terms": terms, "sentence": sentence, "details": details})


def title_message(sku: str, hits: Sequence[Hit]) -> Message:
    """The alert sentence for ``hits`` in the title of product ``sku``."""
    hits = _unique_hits(hits)
    if not any(h.has_law for h in hits):
        return Message(_TITLE_ALERT, {"sku": sku, "terms": "、".join(h.term for h in hits)})
    return Message(_TITLE_LAW_ALERT, {"sku": sku, "details": joined([hit_detail(h) for h in hits])})


def alert_for(hits: Sequence[Hit], message: Message, t_ms: int, source: str) -> AlertEvent:
    """A compliance alert: "high" for a forbidden claim, "warning" for a price to check."""
    severity = "warning" if all(h.is_price for h in hits) else "high"
    terms = tuple(dict.fromkeys(h.term for h in hits))
    return AlertEvent.of(t_ms, "compliance", severity, message, terms=terms, source=source)


# -- shared scanner ---------------------------------------------------------------------------
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


def _title(product: Any) -> str:
    return f"{getattr(product, 'name_zh', '')} {getattr(product, 'name_en', '')}"


def scan_products(products: Iterable[Any]) -> dict[str, list[str]]:
    """``{sku: terms}`` for products whose zh/en titles contain forbidden phrases."""
    found: dict[str, list[str]] = {}
    for product in products:
        hits = default_scanner().find(_title(product), pinyin=False)
        if hits:
            found[product.sku] = list(dict.fromkeys(h.term for h in hits))
    return found


class ComplianceMonitor(ProcessorDefaults):
    """Scans final transcript segments on the bus and publishes an alert per sentence.

    Product titles (``products``) are scanned once when the session starts: a forbidden
    word in a title shown on air is as risky as one spoken. Titles are typed, so they are
    matched on characters only; sentences on pinyin too.
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
        self.scanner.warm()
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
            hits = self.scanner.find(_title(product), pinyin=False)
            if hits:
                message = title_message(product.sku, hits)
                bus.publish(alert_for(hits, message, t_ms, "catalog"))

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()

    def _on_transcript(self, event: TranscriptEvent) -> None:
        if not event.final or self._bus is None:
            return
        self._last_ms = event.end_ms
        hits = self.scanner.find(event.text)
        if hits:
            message = speech_message(hits, event.text)
            self._bus.publish(alert_for(hits, message, event.end_ms, "speech"))
