"""JSON <-> event conversion with strict validation.

The same format is used by replay scripts (JSONL), the ingest server and exports, so a
platform bridge, a recorded script and a test fixture all speak one language::

    {"t_ms": 1200, "type": "comment", "id": "c1", "platform": "douyin",
     "user": "小鹿", "text": "这个显白吗"}

Unknown keys are ignored (scripts may carry annotations such as ``gold`` labels); a
missing or mistyped required key raises :class:`EventFormatError` naming the key.

Whatever an event is built from (a request body, a script line, a CSV row) the same
bounds hold, so an accepted event can always be stored on SQLite and PostgreSQL:
integers fit the database columns, amounts are finite and at most :data:`MAX_MONEY`,
and every string encodes as UTF-8 (lone surrogates, e.g. an emoji cut in half by a
bridge, become U+FFFD; NUL characters too, which PostgreSQL cannot store).
:func:`decode_json` is the one safe way to turn untrusted JSON text into Python objects.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from itertools import accumulate
from typing import Any

from app.errors import UserError
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
#: Deepest nesting of arrays/objects :func:`decode_json` accepts (an event batch needs 3).
MAX_DEPTH = 32
#: Longest number literal :func:`decode_json` converts (an int64 needs 20 characters).
MAX_NUMBER_CHARS = 64
#: Session times and numeric ids: signed 64-bit (the database's BIGINT).
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
#: Counts (likes, gift counts, quantities, viewers): the database's 32-bit INTEGER.
MAX_COUNT = 2**31 - 1
#: Amounts and gift values, in the show's currency: a trillion is not a live-room order.
MAX_MONEY = 1e12


class EventFormatError(UserError, ValueError):
    """An event object is malformed; the message names the offending field."""


# -- untrusted JSON text ------------------------------------------------------------------
# The depth scan works on UTF-8 bytes, where a quote, a backslash or a bracket is always
# that character (multi-byte sequences never contain ASCII bytes): escapes are dropped,
# then everything but quotes and brackets, then whatever lies between quotes.
_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}')
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def json_depth(data: bytes, limit: int = MAX_DEPTH) -> int:
    """How deep arrays and objects nest in UTF-8 JSON ``data``, without recursing.

    Brackets inside strings do not count. C-speed throughout (about a millisecond for a
    1,000-comment batch); when the text holds at most ``limit`` brackets in all, it
    returns their count without scanning.
    """
    opening = data.count(b"[") + data.count(b"{")
    if opening <= limit:
        return opening
    if b"\\" in data:
        data = _ESCAPE.sub(b"", data)
    outside = b"".join(data.translate(None, _NOT_STRUCTURE).split(b'"')[::2])
    return max(accumulate(map(_STEP.__getitem__, outside)), default=0)


def _refuse_constant(name: str) -> Any:
    raise EventFormatError(f"{name} is not a JSON number; send a finite number")


def _parse_int(literal: str) -> int:
    if len(literal) > MAX_NUMBER_CHARS:
        raise EventFormatError(f"number literal longer than {MAX_NUMBER_CHARS} characters")
    return int(literal)


def _parse_float(literal: str) -> float:
    if len(literal) > MAX_NUMBER_CHARS:
        raise EventFormatError(f"number literal longer than {MAX_NUMBER_CHARS} characters")
    value = float(literal)
    if not math.isfinite(value):
        raise EventFormatError(f"number {literal} is out of range")
    return value


def _as_text(raw: bytes | bytearray | str) -> tuple[str, bytes]:
    """The text to parse and its UTF-8 bytes (for the depth scan)."""
    if isinstance(raw, str):
        return raw, raw.encode("utf-8", "surrogatepass")
    raw = bytes(raw)
    encoding = json.detect_encoding(raw)  # like json.loads: UTF-8, -16 or -32
    try:  # encoded surrogates pass here and are repaired with the fields
        text = raw.decode(encoding, "surrogatepass")
    except UnicodeDecodeError as exc:
        name = "UTF-8" if encoding.startswith("utf-8") else encoding.upper()
        raise EventFormatError(f"not valid JSON (not {name} at byte {exc.start})") from None
    return text, raw if encoding.startswith("utf-8") else text.encode("utf-8", "surrogatepass")


def decode_json(raw: bytes | bytearray | str, max_depth: int = MAX_DEPTH) -> Any:
    """Parse untrusted JSON text; every refusal is an :class:`EventFormatError`.

    Unlike plain :func:`json.loads` it refuses, before any recursion or big-number
    conversion can fail: nesting deeper than ``max_depth``, number literals longer than
    :data:`MAX_NUMBER_CHARS` (Python refuses ints over 4,300 digits with a ValueError),
    ``NaN``/``Infinity`` and numbers that overflow a float. Strings are returned as
    decoded (lone surrogates included): :func:`event_from_json` repairs the fields it keeps.
    """
    text, utf8 = _as_text(raw)
    if json_depth(utf8, max_depth) > max_depth:
        raise EventFormatError(f"JSON nested deeper than {max_depth} levels")
    try:
        return json.loads(
            text,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_refuse_constant,
        )
    except json.JSONDecodeError as exc:
        raise EventFormatError(f"not valid JSON ({exc})") from None
    except RecursionError:  # unreachable after the depth scan; never let it escape
        raise EventFormatError(f"JSON nested deeper than {max_depth} levels") from None


# -- field values -------------------------------------------------------------------------
def clean_text(value: str) -> str:
    """``value`` made storable: lone surrogates and NUL become U+FFFD (pairs are joined)."""
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            value = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return value.replace("\x00", "\ufffd") if "\x00" in value else value


def shown(value: Any, limit: int = 40) -> str:
    """``repr(value)`` for an error message: short, and always encodable."""
    text = repr(clean_text(value) if isinstance(value, str) else value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _missing(obj: dict[str, Any], key: str, default: Any) -> bool:
    if key in obj and obj[key] is not None:
        return False
    if default is ...:
        raise EventFormatError(f"missing field '{key}'")
    return True


def _wrong_type(key: str, kind: str, value: Any) -> EventFormatError:
    return EventFormatError(f"field '{key}' must be {kind}, got {type(value).__name__}")


def text_field(obj: dict[str, Any], key: str, *, default: Any = ..., limit: int = 0) -> Any:
    """A string field, repaired by :func:`clean_text`, at most ``limit`` characters."""
    if _missing(obj, key, default):
        return default
    value = obj[key]
    if not isinstance(value, str):
        raise _wrong_type(key, "str", value)
    value = clean_text(value)
    if limit and len(value) > limit:
        raise EventFormatError(f"field '{key}' is longer than {limit} characters")
    return value


def int_field(
    obj: dict[str, Any], key: str, *, default: Any = ..., low: int = 0, high: int = MAX_COUNT
) -> Any:
    """An integer field (``3.0`` counts as 3) within ``low``..``high``."""
    if _missing(obj, key, default):
        return default
    value = obj[key]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong_type(key, "int", value)
    return _in_range(key, value, low, high)


def money_field(obj: dict[str, Any], key: str, *, default: Any = ...) -> Any:
    """An amount: a finite number from 0 to :data:`MAX_MONEY`, as a float."""
    if _missing(obj, key, default):
        return default
    value = obj[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _wrong_type(key, "float", value)
    if isinstance(value, float) and not math.isfinite(value):
        raise EventFormatError(f"field '{key}' must be a finite number")
    return float(_in_range(key, value, 0, MAX_MONEY))


def _in_range(key: str, value: int | float, low: float, high: float) -> Any:
    if value < low:
        if low == 0:
            raise EventFormatError(f"field '{key}' must not be negative")
        if low == 1:
            raise EventFormatError(f"field '{key}' must be positive")
        raise EventFormatError(f"field '{key}' must be at least {low:,.0f}")
    if value > high:
        raise EventFormatError(f"field '{key}' must be at most {high:,.0f}")
    return value


def _comment(o: dict[str, Any], t: int) -> Event:
    text = text_field(o, "text", limit=MAX_TEXT).strip()
    if not text:
        raise EventFormatError("field 'text' is empty")
    return CommentEvent(
        t,
        event_id=text_field(o, "id", limit=MAX_NAME),
        platform=text_field(o, "platform", default="unknown", limit=32),
        user=text_field(o, "user", default="", limit=MAX_NAME),
        text=text,
        lang=text_field(o, "lang", default=None, limit=8),
    )


def _like(o: dict[str, Any], t: int) -> Event:
    return LikeEvent(
        t,
        count=int_field(o, "count", default=1),
        user=text_field(o, "user", default="", limit=MAX_NAME),
    )


def _follow(o: dict[str, Any], t: int) -> Event:
    return FollowEvent(t, user=text_field(o, "user", default="", limit=MAX_NAME))


def _gift(o: dict[str, Any], t: int) -> Event:
    return GiftEvent(
        t,
        user=text_field(o, "user", default="", limit=MAX_NAME),
        gift=text_field(o, "gift", default="", limit=64),
        count=int_field(o, "count", default=1),
        value=money_field(o, "value", default=0.0),
    )


def _viewers(o: dict[str, Any], t: int) -> Event:
    return ViewersEvent(
        t,
        online=int_field(o, "online"),
        pv=int_field(o, "pv", default=None),
        uv=int_field(o, "uv", default=None),
    )


def _order(o: dict[str, Any], t: int) -> Event:
    return OrderEvent(
        t,
        order_id=text_field(o, "id", limit=MAX_NAME),
        sku=text_field(o, "sku", limit=64),
        qty=int_field(o, "qty", default=1, low=1),
        amount=money_field(o, "amount"),
        buyer=text_field(o, "user", default="", limit=MAX_NAME),
        platform=text_field(o, "platform", default="unknown", limit=32),
    )


def _on_air(o: dict[str, Any], t: int) -> Event:
    return ProductSwitchEvent(t, sku=text_field(o, "sku", default=None, limit=64), reason="script")


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
    session clock on arrival). Decode untrusted text with :func:`decode_json` first.
    """
    if not isinstance(obj, dict):
        raise EventFormatError("an event must be a JSON object")
    kind = obj.get("type")
    parser = PARSERS.get(kind) if isinstance(kind, str) else None
    if parser is None:
        raise EventFormatError(
            f"unknown event type {shown(kind)} (expected one of: {', '.join(sorted(PARSERS))})"
        )
    t = t_ms if t_ms is not None else int_field(obj, "t_ms", high=INT64_MAX)
    return parser(obj, t)
