"""Claims: purchase-intent comments counted per product of the queue, with a 上链接 cue.

Viewers say what they want in the chat before the link is up: "3号 2件", "扣1",
"要一个黑色M", "2号要两件", "link 3 please, 2 pcs", "I'll take two of #3".
:func:`parse_claim` turns such a comment into a :class:`ClaimIntent` (the product number
the host uses — its 1-based place in the run-of-show queue, "3号链接" — or a SKU, or
nothing for the product on air; the quantity, Chinese numerals included; size and colour
when said). Questions ("3号多少钱?"), refusals ("不要了") and reports of a purchase
("已拍") are not claims.

:class:`ClaimCounter` is the session processor: it reads comments after triage and the
run-of-show, keeps each viewer's latest claim per product (so "3号 2件" twice is one viewer
wanting 2), and publishes one ``AlertEvent(kind="claims")`` per product when the number of
viewers reaches the threshold. Triage's flood detector flags many accounts typing the same
shape ("3号 2件" normalises like "1号 1件"), so a spam flag only drops a claim that also
looks like a lure (a contact handle or a link, ``chat.intent.SPAM_PATTERNS``). Claims for
a sold-out product go to its waitlist. Viewer names stay in memory for the live panel;
nothing here is stored (the alert is, with the count and the product's name).
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field

from app.chat.intent import SPAM_PATTERNS
from app.commerce.show import RunOfShow, ShowState
from app.messages import QT_TRANSLATE_NOOP, Message
from app.session.bus import EventBus
from app.session.events import AlertEvent, CommentEvent, Event
from app.session.pipeline import ProcessorDefaults

DEFAULT_CLAIM_THRESHOLD = 10
MAX_QTY = 99
MAX_NUMBER = 999

_CUE = QT_TRANSLATE_NOOP("Messages", "{n} viewers want {name}: put the link up")

# -- numbers --------------------------------------------------------------------------------
_CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "仨": 3,
    "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_EN_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_CN = "零〇一幺二两俩三仨四五六七八九十百"
_NUM = rf"(?:\d{{1,3}}|[{_CN}]{{1,4}})"
_EN_NUM = r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"


def cn_number(text: str) -> int | None:
    """``text`` as a whole number: digits, or Chinese numerals (两, 十二, 二十三, 一百)."""
    if text.isdigit():
        return int(text)
    total, digit = 0, None
    for char in text:
        if char in "零〇" and total:
            continue  # 一百零五: a place holder after a unit
        if char in _CN_DIGITS:
            if digit is not None:
                return None  # "二三": not a number
            digit = _CN_DIGITS[char]
        elif char in "十百":
            unit = 10 if char == "十" else 100
            total += (1 if digit is None else digit) * unit
            digit = None
        else:
            return None
    return total + (digit or 0) if text else None


def _number(text: str) -> int | None:
    return _EN_NUMBERS.get(text) if text in _EN_NUMBERS else cn_number(text)


# -- what a comment says ---------------------------------------------------------------------
# Traditional forms of the characters the patterns use (a viewer on a Traditional IME).
_TRADITIONAL = str.maketrans("號個兩條雙碼紅藍綠黃銀買鏈來隻", "号个两条双码红蓝绿黄银买链来只")

_REF = re.compile(
    rf"(?P<a>{_NUM})\s*号"
    rf"|链接\s*(?P<b>{_NUM})"
    r"|#\s*(?P<c>\d{1,3})"
    rf"|\b(?:link|item|no\.?|number|product)\s*#?\s*(?P<d>{_EN_NUM})\b"
)
_UNITS = "件个份套只支瓶盒条双包单箱袋罐"
_QTY = re.compile(
    rf"(?P<a>{_NUM})\s*[{_UNITS}]"
    r"|[x×*]\s*(?P<b>\d{1,2})(?![\d.])"
    r"|(?<![\w#])(?P<c>\d{1,2})\s*x(?![a-z])"
    rf"|\b(?P<d>{_EN_NUM})\s*(?:pcs|pc|pieces?|units?|sets?|pairs?|bottles?|boxes?|of)\b"
    rf"|\b(?:take|want|need|get|buy|order|grab)\s+(?P<e>{_EN_NUM})\b"
)
_SIZE = re.compile(
    r"(?<![a-z'’])(?P<a>xxxl|xxl|xl|xxs|xs|[2-5]xl|s|m|l)(?![a-z])\s*码?"
    r"|(?P<b>\d{2,3})\s*码|(?P<c>均码|大码|加大|大号|中号|小号)"
    r"|\bsize\s*(?P<d>\d{2,3}|xxxl|xxl|xl|xs|s|m|l)\b"
)
_COLOURS_ZH = (
    "象牙白|奶白|米白|浅蓝|深蓝|天蓝|宝蓝|藏青|墨绿|军绿|浅灰|深灰|酒红|玫红|枣红|砖红|正红|豆沙|奶茶|焦糖"
    "|珊瑚|香槟|卡其|咖啡|姨妈|裸粉|樱花粉"
)
_COLOUR = re.compile(
    rf"(?P<a>(?:{_COLOURS_ZH})色?|[黑白红粉蓝绿黄紫灰棕橙银金米杏驼]色|[黑白红粉蓝绿黄紫灰]的)"
    r"|\b(?P<b>black|white|red|pink|blue|navy|green|yellow|purple|grey|gray|brown|beige"
    r"|orange|silver|gold|cream|khaki|nude|coral|burgundy|ivory)\b"
)
_WANT = re.compile(
    r"要|来|拍|买|抢|冲|扣|上车|给我|蹲|链接"
    r"|\b(?:want|take|need|get|buy|order|grab|gimme|give me|add|link|i['’]?ll have"
    r"|please|pls|plz)\b"
)
_QUESTION = re.compile(
    r"[?？]|吗|嘛|呢|多少|几|什么|啥|怎么|咋|哪|有没有|能不能|可不可以|是不是|要不要|还有"
    r"|\b(?:how|what|which|when|where|why|is (?:it|there|this)|does|do you|can i|any)\b"
)
_REFUSAL = re.compile(
    r"不要|不想|不买|不用|别|取消|退|算了|没要|已拍|拍了|已下单|下单了|买了|已付|付款了|抢到"
    r"|\b(?:don'?t|do not|no longer|cancel|not|never|bought|ordered|got it)\b"
)
#: A whole comment that only says "I want it" (the product on air, one piece).
_BARE_WANT = re.compile(
    r"扣 ?1+|扣一|1+|\+1|想要|我要|要了|要|want(?: it)?|i want (?:it|this|one)"
    r"|i['’]?ll take (?:it|one|this)|mine"
)
_NOISE = re.compile(r"[!！~～。.,，、:：;；()（）【】\[\]\"“”]+")


@dataclass(frozen=True, slots=True)
class ClaimIntent:
    """What one comment asks for; ``number`` and ``sku`` None: the product on air."""

    qty: int = 1
    number: int | None = None  # 1-based place in the queue ("3号")
    sku: str | None = None  # a SKU written in the comment
    size: str | None = None
    colour: str | None = None


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().translate(_TRADITIONAL)


def _group(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    return next((v for v in match.groupdict().values() if v is not None), None)


@functools.lru_cache(maxsize=8)
def _sku_pattern(skus: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for the SKUs a comment may name (longest first). Short all-digit SKUs
    are left out: "扣1" or "2件" must not read as SKU "1" or "2"."""
    usable = sorted(
        (s.casefold() for s in skus if s and not (s.isdigit() and len(s) < 4)),
        key=lambda s: (-len(s), s),
    )
    if not usable:
        return None
    names = "|".join(re.escape(s) for s in usable)
    return re.compile(rf"(?<![\w-])(?:{names})(?![\w-])")


def _sku_in(text: str, skus: Collection[str]) -> str | None:
    pattern = _sku_pattern(tuple(skus))
    found = pattern.search(text) if pattern is not None else None
    if found is None:
        return None
    return next((s for s in skus if s.casefold() == found.group()), None)


def parse_claim(text: str, skus: Collection[str] = ()) -> ClaimIntent | None:
    """The claim in ``text``, or None when it is not one (see the module doc).

    ``skus``: the show's SKUs, so a comment may name one ("A-1 x2").
    """
    plain = _plain(text)
    if not plain.strip() or _QUESTION.search(plain) or _REFUSAL.search(plain):
        return None
    sku = _sku_in(plain, skus) if skus else None
    rest = plain.replace(sku.casefold(), " ") if sku else plain
    ref = _REF.search(rest)
    number = _number(_group(ref) or "") if ref else None
    if ref is not None and (number is None or not 1 <= number <= MAX_NUMBER):
        return None
    rest = rest[: ref.start()] + " " + rest[ref.end() :] if ref else rest
    qty_match = _QTY.search(rest)
    qty = _number(_group(qty_match) or "") if qty_match else 1
    if qty is None or not 1 <= qty <= MAX_QTY:
        return None
    rest = rest[: qty_match.start()] + " " + rest[qty_match.end() :] if qty_match else rest
    size = _group(_SIZE.search(rest))
    colour = _group(_COLOUR.search(rest))
    bare = " ".join(_NOISE.sub(" ", rest).split())
    details = qty_match is not None or size is not None or colour is not None
    wants = _WANT.search(plain) is not None
    if ref is not None or sku is not None:
        if not (details or wants or not bare):
            return None  # "3号好看": praise, not a claim
    elif not (_BARE_WANT.fullmatch(bare) or (wants and details)):
        return None
    return ClaimIntent(
        qty=qty,
        number=number,
        sku=sku,
        size=size.upper() if size and size.isascii() else size,
        colour=colour,
    )


# -- counting --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Claim:
    """One viewer's latest claim on a product (live only: ``user`` is the display name)."""

    platform: str
    user: str
    qty: int
    size: str | None
    colour: str | None
    t_ms: int

    @property
    def variant(self) -> str:
        """Colour and size as said ("黑色 M"), "" when neither."""
        return " ".join(v for v in (self.colour, self.size) if v)


@dataclass(frozen=True, slots=True)
class ProductClaims:
    """What the chat wants of one product."""

    sku: str
    claims: int = 0  # viewers who want it
    units: int = 0  # pieces they asked for
    waitlist: tuple[Claim, ...] = ()  # claims made while it was sold out, oldest first
    variants: tuple[tuple[str, int], ...] = ()  # (colour/size, units), most wanted first
    cued: bool = False  # the 上链接 alert went out


@dataclass(frozen=True, slots=True)
class ClaimsState:
    """An immutable copy of the counts for the queue panel."""

    products: Mapping[str, ProductClaims] = field(default_factory=dict)
    threshold: int = DEFAULT_CLAIM_THRESHOLD
    version: int = 0

    def get(self, sku: str) -> ProductClaims:
        return self.products.get(sku) or ProductClaims(sku)


class ClaimCounter(ProcessorDefaults):
    """Processor counting claims per product of ``show``; every method is thread-safe."""

    def __init__(
        self,
        show: RunOfShow,
        *,
        threshold: int = DEFAULT_CLAIM_THRESHOLD,
        now_ms: Callable[[], int] = lambda: 0,
    ) -> None:
        self.show = show
        self.threshold = max(1, threshold)
        self._now_ms = now_ms
        self._lock = threading.Lock()
        self._claims: dict[str, dict[tuple[str, str], Claim]] = {}
        self._waiting: dict[str, dict[tuple[str, str], Claim]] = {}
        self._cued: set[str] = set()
        self._version = 0
        self._cached: ClaimsState | None = None
        self._bus: EventBus | None = None
        self._unsubscribe: Callable[[], None] | None = None

    def attach(self, bus: EventBus) -> None:
        self._bus = bus
        self._unsubscribe = bus.subscribe(self._on_comment, (CommentEvent,))

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._bus = None

    def set_threshold(self, threshold: int) -> None:
        """Viewers needed for the 上链接 cue (at least 1); products already cued stay so."""
        with self._lock:
            self.threshold = max(1, threshold)
            self._version += 1

    # -- reads ----------------------------------------------------------------------------
    @property
    def version(self) -> int:
        """Bumped on every change: the GUI repaints only when it moved."""
        return self._version

    def snapshot(self) -> ClaimsState:
        with self._lock:
            if self._cached is None or self._cached.version != self._version:
                skus = set(self._claims) | set(self._waiting)
                self._cached = ClaimsState(
                    {sku: self._product_locked(sku) for sku in skus},
                    self.threshold,
                    self._version,
                )
            return self._cached

    def _product_locked(self, sku: str) -> ProductClaims:
        claims = self._claims.get(sku, {})
        variants: dict[str, int] = {}
        for claim in claims.values():
            if claim.variant:
                variants[claim.variant] = variants.get(claim.variant, 0) + claim.qty
        waiting = sorted(self._waiting.get(sku, {}).values(), key=lambda c: c.t_ms)
        return ProductClaims(
            sku,
            claims=len(claims),
            units=sum(c.qty for c in claims.values()),
            waitlist=tuple(waiting),
            variants=tuple(sorted(variants.items(), key=lambda kv: (-kv[1], kv[0]))),
            cued=sku in self._cued,
        )

    # -- counting -------------------------------------------------------------------------
    def add(self, event: CommentEvent) -> str | None:
        """Count ``event`` if it is a claim; returns the SKU it counted for (or None)."""
        if not event.user or not _MAY_CLAIM.search(event.text.casefold()):
            return None
        if event.spam and SPAM_PATTERNS.search(event.text):
            return None  # a lure (contact handle, link); a flood of "3号" is many buyers
        intent = parse_claim(event.text, tuple(self.show.products))
        if intent is None:
            return None
        state = self.show.snapshot()
        sku = _resolve(intent, state)
        if sku is None:
            return None
        claim = Claim(
            event.platform, event.user, intent.qty, intent.size, intent.colour, event.t_ms
        )
        viewer = (event.platform, event.user)
        with self._lock:
            if state.stock.get(sku, 0) <= 0:
                self._waiting.setdefault(sku, {})[viewer] = claim
                self._version += 1
                return sku
            claims = self._claims.setdefault(sku, {})
            claims[viewer] = claim
            self._waiting.get(sku, {}).pop(viewer, None)
            count = len(claims)
            cue = count >= self.threshold and sku not in self._cued
            if cue:
                self._cued.add(sku)
            self._version += 1
        if cue:
            self._publish_cue(sku, count, event.t_ms)
        return sku

    def _on_comment(self, event: Event) -> None:
        assert isinstance(event, CommentEvent)
        self.add(event)

    def _publish_cue(self, sku: str, count: int, t_ms: int) -> None:
        product = self.show.products.get(sku)
        name = product.display_name() if product is not None else sku
        message = Message(_CUE, {"n": count, "name": name})
        if self._bus is not None:
            self._bus.publish(AlertEvent.of(t_ms, "claims", "info", message, source=sku))


#: A quick look before the parser: every claim has a number, "#" or a word of wanting.
_MAY_CLAIM = re.compile(
    r"[\d#＃一二两兩三四五六七八九十百俩仨要来來拍买買扣冲抢蹲链鏈]"
    r"|link|take|want|need|get|buy|order|grab|gimme|give|add|mine|have"
)


def _resolve(intent: ClaimIntent, state: ShowState) -> str | None:
    """The SKU a claim is for: the SKU said, the queue's N-th product, or the one on air."""
    if intent.sku is not None:
        return intent.sku
    if intent.number is not None:
        return state.order[intent.number - 1] if intent.number <= len(state.order) else None
    return state.on_air
