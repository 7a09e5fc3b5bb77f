"""Qt-free presentation helpers: how numbers, times and event kinds read on screen.

Kept apart from the widgets so the wording is tested without a QApplication and every
panel formats the same value the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.analytics.timefmt import clock
from app.session.events import CommentEvent, Event, FollowEvent, GiftEvent, LikeEvent

DASH = "—"

#: Short badge labels hosts recognise at a glance.
PLATFORM_LABELS: dict[str, str] = {
    "douyin": "抖音",
    "tiktok": "TikTok",
    "taobao": "淘宝",
    "kuaishou": "快手",
    "wechat": "视频号",
    "channels": "视频号",
    "youtube": "YouTube",
    "twitch": "Twitch",
}

_INTENT_TONES = frozenset({"question", "purchase", "complaint", "praise"})
_SENTIMENT_TONES = frozenset({"pos", "neu", "neg"})
_SEVERITY_TONES = {
    "info": "info",
    "low": "info",
    "notice": "info",
    "warn": "warn",
    "warning": "warn",
    "medium": "warn",
    "high": "error",
    "error": "error",
    "critical": "error",
}
_STATUS_TONES = {"ok": "ok", "starting": "warn", "ended": "muted", "error": "error"}


def fmt_clock(ms: int) -> str:
    """Session time as HH:MM:SS: the one clock format (:func:`app.analytics.timefmt.clock`)."""
    return clock(ms)


#: On-air timers read like every other time (one clock format for people).
fmt_duration = fmt_clock


def fmt_int(value: float | None) -> str:
    """A count with thousands separators; a dash when unknown."""
    if value is None:
        return DASH
    return f"{round(value):,}"


def fmt_money(value: float | None) -> str:
    """Yuan with cents below ¥10,000 and whole yuan above, where cents are noise."""
    if value is None:
        return DASH
    if abs(value) >= 10_000:
        return f"¥{value:,.0f}"
    return f"¥{value:,.2f}"


def fmt_percent(ratio: float | None) -> str:
    """A 0..1 ratio as a percentage with one decimal."""
    if ratio is None:
        return DASH
    return f"{ratio * 100:.1f}%"


def fmt_decimal(value: float | None) -> str:
    """A rate with one decimal (comments per minute)."""
    if value is None:
        return DASH
    return f"{value:,.1f}"


def fmt_db(level_db: float) -> str:
    """An audio level in dBFS, as audio meters label it."""
    return f"{level_db:.0f} dB"


def platform_label(platform: str) -> str:
    """The badge text for a platform id; unknown ids are shown as given."""
    return PLATFORM_LABELS.get(platform.lower(), platform or "?")


def comment_tone(event: CommentEvent) -> str | None:
    """Palette key a comment is coloured with, or None while it is unclassified.

    Spam wins over intent, intent over sentiment: a purchase question matters more to a
    host than whether it sounds positive.
    """
    if event.spam:
        return "spam"
    if event.intent in _INTENT_TONES:
        return event.intent
    if event.sentiment in _SENTIMENT_TONES:
        return event.sentiment
    return None


def is_classified(event: CommentEvent) -> bool:
    """True once a triage model has labelled the comment."""
    return event.intent is not None or event.sentiment is not None


def severity_tone(severity: str) -> str:
    """Palette key for an alert severity; unknown severities read as a warning."""
    return _SEVERITY_TONES.get(severity.lower(), "warn")


def status_tone(state: str) -> str:
    """Palette key for a source state."""
    return _STATUS_TONES.get(state, "muted")


@dataclass(frozen=True, slots=True)
class InteractionSummary:
    """Likes, follows and gifts of one batch, ready to be worded by a panel."""

    likes: int = 0
    follows: tuple[str, ...] = ()
    gifts: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.likes or self.follows or self.gifts)


def summarize_interactions(events: Iterable[Event]) -> InteractionSummary:
    """Sum a batch of likes and list who followed or sent a gift.

    Likes arrive by the hundred, so they are summed; follows and gifts keep the viewer's
    name because hosts thank them on air.
    """
    likes = 0
    follows: list[str] = []
    gifts: list[str] = []
    for event in events:
        if isinstance(event, LikeEvent):
            likes += event.count
        elif isinstance(event, FollowEvent):
            follows.append(event.user or "?")
        elif isinstance(event, GiftEvent):
            gifts.append(f"{event.user or '?'} {event.gift}×{event.count}")
    return InteractionSummary(likes, tuple(follows), tuple(gifts))
