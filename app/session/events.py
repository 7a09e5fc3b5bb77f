"""Typed events that flow over the session bus.

Every event carries ``t_ms``: milliseconds on the session clock (0 = session start).
Events are immutable so one instance can be handed to the recorder, the UI bridge and
any processor without copying. Wall-clock time is derived by the recorder from the
session's start time, so sources never need to agree on a wall clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.messages import Message


@dataclass(frozen=True, slots=True)
class Event:
    """Base class of all bus events."""

    t_ms: int


@dataclass(frozen=True, slots=True)
class CommentEvent(Event):
    """A live comment from a viewer on one platform.

    ``user`` is the display name as received; it stays in memory for the live UI and is
    pseudonymised before anything is stored.
    """

    event_id: str
    platform: str
    user: str
    text: str
    lang: str | None = None
    sentiment: str | None = None
    intent: str | None = None
    spam: bool = False


@dataclass(frozen=True, slots=True)
class LikeEvent(Event):
    count: int = 1
    user: str = ""


@dataclass(frozen=True, slots=True)
class FollowEvent(Event):
    user: str = ""


@dataclass(frozen=True, slots=True)
class GiftEvent(Event):
    user: str = ""
    gift: str = ""
    count: int = 1
    value: float = 0.0


@dataclass(frozen=True, slots=True)
class ViewersEvent(Event):
    """Audience snapshot as the platform reports it.

    ``online`` is concurrent viewers; ``pv`` (场观) and ``uv`` are cumulative totals
    when the platform provides them.
    """

    online: int
    pv: int | None = None
    uv: int | None = None


@dataclass(frozen=True, slots=True)
class OrderEvent(Event):
    order_id: str
    sku: str
    qty: int
    amount: float
    buyer: str = ""
    platform: str = ""  # with order_id, the order's identity (the same id may recur elsewhere)


@dataclass(frozen=True, slots=True)
class ProductSwitchEvent(Event):
    """The on-air product changed (``sku`` is None when nothing is on air)."""

    sku: str | None
    previous: str | None = None
    reason: str = "operator"


@dataclass(frozen=True, slots=True)
class TranscriptEvent(Event):
    """A piece of the host's speech.

    ``final`` segments are stored; partial ones only update captions. ``source`` says
    where the text came from ("vosk", or "script" when replaying a bundle's narration).
    """

    end_ms: int
    text: str
    final: bool = True
    lang: str | None = None
    words: tuple[tuple[str, int, int], ...] = ()
    source: str = "script"


@dataclass(frozen=True, slots=True)
class AlertEvent(Event):
    """Something the host or operator must see now."""

    kind: str
    severity: str
    text: str
    terms: tuple[str, ...] = ()
    source: str = ""
    #: The same sentence as ``text`` as a template + values, so the UI can show it in the
    #: user's language; ``text`` (plain English) is what is recorded and exported.
    message: Message | None = field(default=None, compare=False)

    @classmethod
    def of(
        cls, t_ms: int, kind: str, severity: str, message: Message | str, **fields: Any
    ) -> AlertEvent:
        """An alert whose ``text`` is the English of ``message`` (a ``str`` is just text)."""
        sentence = message if isinstance(message, Message) else None
        return cls(t_ms, kind, severity, str(message), message=sentence, **fields)


@dataclass(frozen=True, slots=True)
class FrameEvent(Event):
    """One video frame (BGR uint8, HxWx3). Consumers keep only the latest one."""

    index: int
    image: Any = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class AudioChunkEvent(Event):
    """A block of 16-bit mono PCM audio with its level in dBFS."""

    pcm: bytes = field(repr=False, compare=False)
    sample_rate: int
    level_db: float


@dataclass(frozen=True, slots=True)
class SourceStatusEvent(Event):
    """Health of one source: ``state`` is "starting", "ok", "ended" or "error".

    ``message`` is the English detail (logged, exported); ``note`` the same sentence as a
    :class:`Message` when the source made one, so the window can show it in its language.
    """

    source: str
    state: str
    message: str = ""
    note: Message | None = field(default=None, compare=False)


#: Events the recorder persists. Frames, audio and status are live-only.
PERSISTED_EVENTS: tuple[type[Event], ...] = (
    CommentEvent,
    LikeEvent,
    FollowEvent,
    GiftEvent,
    ViewersEvent,
    OrderEvent,
    ProductSwitchEvent,
    TranscriptEvent,
    AlertEvent,
)


@dataclass(frozen=True, slots=True)
class ProductMentionEvent(Event):
    """The host named a product (``matched``: the name/alias/keywords that matched).

    Live-only: each mention is also recorded as an ``AlertEvent(kind="mention")`` by
    :mod:`app.speech.mentions`, so it reaches the store through the existing Alert table.
    """

    sku: str
    text: str
    matched: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HighlightCommentEvent(Event):
    """The operator chose a comment to show on stream (the overlay draws it as a bubble).

    Live-only (not in ``PERSISTED_EVENTS``): the comment itself is already recorded.
    """

    text: str
    user: str = ""
    platform: str = ""


@dataclass(frozen=True, slots=True)
class StockEvent(Event):
    """Live stock of one product changed (an order came in, or the operator set it).

    Live-only: the catalog's stock is not rewritten during a show; low-stock and sold-out
    warnings are recorded as ``AlertEvent(kind="stock")`` by :mod:`app.commerce.show`.
    """

    sku: str
    stock: int
    sold: int = 0


@dataclass(frozen=True, slots=True)
class FlashSaleEvent(Event):
    """A flash sale (限时秒杀) changed: ``state`` is "started", "ended" or "cancelled".

    ``ends_ms`` is the session time the countdown reaches zero, so every view (queue panel,
    overlay page) counts down from the same instant without further events.
    """

    sku: str
    price: float
    duration_ms: int
    state: str
    ends_ms: int = 0
