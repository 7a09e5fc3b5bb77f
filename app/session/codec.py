"""JSON <-> event conversion with strict validation.

The same format is used by replay scripts (JSONL), the ingest server and exports, so a
platform bridge, a recorded script and a test fixture all speak one language::

    {"t_ms": 1200, "type": "comment", "id": "c1", "platform": "douyin",
     "user": "小鹿", "text": "这个显白吗"}

Unknown keys are ignored (scripts may carry annotations such as ``gold`` labels); a
missing or mistyped required key raises :class:`EventFormatError` naming the key.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from app.session.events import (
    CommentEvent,
    Event,
    FollowEvent,
    GiftEvent,
    LikeEvent,
    OrderEvent,
    ProductSwitchEvent,
    ViewersEvent,
)

MAX_TEXT = 2000
MAX_NAME = 200


class EventFormatError(ValueError):
    """An event object is malformed; the message names the offending field."""


def _get(obj: dict[str, Any], key: str, kind: type, *, default: Any = ..., limit: int = 0) -> Any:
    if key not in obj or obj[key] is None:
        if default is ...:
            raise EventFormatError(f"missing field '{key}'")
        return default
    value = obj[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if kind is int and isinstance(value, float) and value.is_integer():
        value = int(value)
    if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
        raise EventFormatError(f"field '{key}' must be {kind.__name__}, got {type(value).__name__}")
    if kind is float and not math.isfinite(value):
        raise EventFormatError(f"field '{key}' must be a finite number")
    if kind is str and limit and len(value) > limit:
        raise EventFormatError(f"field '{key}' is longer than {limit} characters")
    return value


def _non_negative(value: int | float, key: str) -> Any:
    if value < 0:
        raise EventFormatError(f"field '{key}' must not be negative")
    return value


def _comment(o: dict[str, Any], t: int) -> Event:
    text = _get(o, "text", str, limit=MAX_TEXT).strip()
    if not text:
        raise EventFormatError("field 'text' is empty")
    return CommentEvent(
        t,
        event_id=_get(o, "id", str, limit=MAX_NAME),
        platform=_get(o, "platform", str, default="unknown", limit=32),
        user=_get(o, "user", str, default="", limit=MAX_NAME),
        text=text,
        lang=_get(o, "lang", str, default=None, limit=8),
    )


def _like(o: dict[str, Any], t: int) -> Event:
    count = _non_negative(_get(o, "count", int, default=1), "count")
    return LikeEvent(t, count=count, user=_get(o, "user", str, default="", limit=MAX_NAME))


def _follow(o: dict[str, Any], t: int) -> Event:
    return FollowEvent(t, user=_get(o, "user", str, default="", limit=MAX_NAME))


def _gift(o: dict[str, Any], t: int) -> Event:
    return GiftEvent(
        t,
        user=_get(o, "user", str, default="", limit=MAX_NAME),
        gift=_get(o, "gift", str, default="", limit=64),
        count=_non_negative(_get(o, "count", int, default=1), "count"),
        value=_non_negative(_get(o, "value", float, default=0.0), "value"),
    )


def _viewers(o: dict[str, Any], t: int) -> Event:
    return ViewersEvent(
        t,
        online=_non_negative(_get(o, "online", int), "online"),
        pv=_get(o, "pv", int, default=None),
        uv=_get(o, "uv", int, default=None),
    )


def _order(o: dict[str, Any], t: int) -> Event:
    qty = _get(o, "qty", int, default=1)
    if qty <= 0:
        raise EventFormatError("field 'qty' must be positive")
    return OrderEvent(
        t,
        order_id=_get(o, "id", str, limit=MAX_NAME),
        sku=_get(o, "sku", str, limit=64),
        qty=qty,
        amount=_non_negative(_get(o, "amount", float), "amount"),
        buyer=_get(o, "user", str, default="", limit=MAX_NAME),
    )


def _on_air(o: dict[str, Any], t: int) -> Event:
    return ProductSwitchEvent(t, sku=_get(o, "sku", str, default=None, limit=64), reason="script")


PARSERS: dict[str, Callable[[dict[str, Any], int], Event]] = {
    "comment": _comment,
    "like": _like,
    "follow": _follow,
    "gift": _gift,
    "viewers": _viewers,
    "order": _order,
    "on_air": _on_air,
}


def event_from_json(obj: Any, *, t_ms: int | None = None) -> Event:
    """Build a typed event from a decoded JSON object.

    ``t_ms`` overrides the object's own time (the ingest server stamps events with the
    session clock on arrival).
    """
    if not isinstance(obj, dict):
        raise EventFormatError("an event must be a JSON object")
    kind = obj.get("type")
    parser = PARSERS.get(kind) if isinstance(kind, str) else None
    if parser is None:
        raise EventFormatError(
            f"unknown event type {kind!r} (expected one of: {', '.join(sorted(PARSERS))})"
        )
    t = t_ms if t_ms is not None else _non_negative(_get(obj, "t_ms", int), "t_ms")
    return parser(obj, t)
