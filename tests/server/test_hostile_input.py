"""Hostile request bodies at the ingest gate: refused as documented, or stored safely.

Every body gets either an answer or an :class:`IngestError` (400/413), never another
exception, and an accepted event only holds what SQLite and PostgreSQL can store:
integers within the columns' ranges, finite bounded amounts, UTF-8-encodable strings
without NUL. The Hypothesis tests are bounded and derandomised, so CI runs the same
examples every time.
"""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.server.ingest import INGEST_TYPES, IngestError, IngestGate, Limits
from app.session.codec import (
    INT64_MAX,
    MAX_COUNT,
    MAX_MONEY,
    EventFormatError,
    decode_json,
    event_from_json,
)
from app.session.events import CommentEvent, Event, OrderEvent

FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
COUNT_FIELDS = {"count", "qty", "online", "pv", "uv"}
MONEY_FIELDS = {"amount", "value"}


def gate() -> tuple[IngestGate, list[Event]]:
    published: list[Event] = []
    return IngestGate(published.append, lambda: 7, Limits(rate_per_s=1e9, burst=1e9)), published


def refusal(body: bytes | str) -> dict[str, Any]:
    ingest, published = gate()
    with pytest.raises(IngestError) as err:
        ingest.submit(body, "test")
    assert published == []
    return err.value.as_json()


def assert_storable(event: Event) -> None:
    """What the database writer needs: bounded numbers, encodable strings, no NUL."""
    for f in dataclasses.fields(event):
        value = getattr(event, f.name)
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int):
            high = MAX_COUNT if f.name in COUNT_FIELDS else INT64_MAX
            assert 0 <= value <= high, (f.name, value)
        elif isinstance(value, float):
            assert math.isfinite(value) and 0 <= value <= MAX_MONEY, (f.name, value)
        elif isinstance(value, str):
            value.encode("utf-8")  # raises on a lone surrogate
            assert "\x00" not in value, f.name
    for name in MONEY_FIELDS & {f.name for f in dataclasses.fields(event)}:
        assert isinstance(getattr(event, name), float)


# -- the reproductions ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (b'{"type":"like","count":9223372036854775808}', "'count' must be at most"),
        (b'{"type":"like","count":2147483648}', "'count' must be at most 2,147,483,647"),
        (b'{"type":"like","count":-9223372036854775809}', "'count' must not be negative"),
        (b'{"type":"viewers","online":5,"pv":-1}', "'pv' must not be negative"),
        (b'{"type":"gift","value":1e13}', "'value' must be at most 1,000,000,000,000"),
        (b'{"type":"order","id":"o","sku":"A","amount":1e300}', "'amount' must be at most"),
        (b'{"type":"like","id":9223372036854775808}', "'id' must be at most"),
        (b"[" * 100_000, "nested deeper than 32 levels"),
        (b'{"a":' * 50_000, "nested deeper than 32 levels"),
        (b'{"type":"like","count":' + b"9" * 5000 + b"}", "longer than 64 characters"),
        (b'{"type":"gift","value":0.' + b"1" * 5000 + b"}", "longer than 64 characters"),
        (b'{"type":"like","count":NaN}', "NaN is not a JSON number"),
        (b'{"type":"gift","value":-Infinity}', "-Infinity is not a JSON number"),
        (b'{"type":"gift","value":1e999}', "out of range"),
        (b'{"type":"comment","id":"x","text":"\xff"}', "not UTF-8"),
    ],
)
def test_hostile_bodies_are_refused_with_the_documented_error(body: bytes, fragment: str) -> None:
    answer = refusal(body)
    assert answer["status"] == 400 and fragment in answer["error"], answer
    json.dumps(answer, ensure_ascii=False).encode("utf-8")


def test_nesting_inside_strings_does_not_count() -> None:
    ingest, published = gate()
    text = "[[[{{{" * 1000
    body = json.dumps({"type": "comment", "id": "x", "text": text[:2000], "note": text})
    assert ingest.submit(body, "test")["accepted"] == 1
    assert published[0].text == text[:2000]


def test_an_unterminated_string_with_escaped_quotes_is_refused_quickly() -> None:
    import time

    started = time.monotonic()
    answer = refusal('"' + '\\"' * 400_000)  # the bracket scan must stay linear
    assert "not valid JSON" in answer["error"]
    assert time.monotonic() - started < 2.0


@pytest.mark.parametrize(
    "body",
    [
        '{"type":"comment","id":"c1","user":"\\ud83d","text":"好看\\ud83d"}',  # JSON escape
        '{"type":"comment","id":"c1","user":"\ud83d","text":"好看\ud83d"}',  # raw in a str
    ],
)
def test_lone_surrogates_in_comments_are_repaired(body: str) -> None:
    ingest, published = gate()
    assert ingest.submit(body, "test")["accepted"] == 1
    event = published[0]
    assert isinstance(event, CommentEvent)
    assert (event.user, event.text) == ("\ufffd", "好看\ufffd")
    assert_storable(event)


def test_lone_surrogates_in_orders_and_utf8_encoded_surrogates_are_repaired() -> None:
    ingest, published = gate()
    order = b'{"type":"order","id":"o\\udc00","sku":"LIP-\\ud83d","amount":1,"user":"\\udc00"}'
    cesu = '{"type":"comment","id":"c2","text":"ok \ud83d\ude00 \ud83d"}'.encode(
        "utf-8", "surrogatepass"
    )  # a pair written as two 3-byte sequences, then a lone half
    assert ingest.submit(order, "test")["accepted"] == 1
    assert ingest.submit(cesu, "test")["accepted"] == 1
    assert isinstance(published[0], OrderEvent)
    assert (published[0].sku, published[0].order_id, published[0].buyer) == (
        "LIP-\ufffd",
        "o\ufffd",
        "\ufffd",
    )
    assert isinstance(published[1], CommentEvent) and published[1].text == "ok 😀 \ufffd"


def test_nul_characters_are_replaced() -> None:
    ingest, published = gate()
    ingest.submit('{"type":"comment","id":"c\\u0000","text":"a\\u0000b"}', "test")
    assert isinstance(published[0], CommentEvent)
    assert (published[0].event_id, published[0].text) == ("c\ufffd", "a\ufffdb")


def test_the_codec_applies_the_same_bounds_to_scripts() -> None:
    line = '{"t_ms": 9223372036854775808, "type": "like"}'
    with pytest.raises(EventFormatError, match="'t_ms' must be at most"):
        event_from_json(decode_json(line))
    with pytest.raises(EventFormatError, match="'count' must be at most"):
        event_from_json({"type": "like", "t_ms": 0, "count": 10**400})
    with pytest.raises(EventFormatError, match="'amount' must be at most"):
        event_from_json({"type": "order", "t_ms": 0, "id": "o", "sku": "A", "amount": 10**400})
    with pytest.raises(EventFormatError, match="finite"):
        event_from_json({"type": "gift", "t_ms": 0, "value": float("inf")})
    event = event_from_json({"type": "comment", "t_ms": 0, "id": "\ud83d", "text": "x\udc00"})
    assert_storable(event)


# -- fuzzing ----------------------------------------------------------------------------
CHARS = st.one_of(
    st.characters(codec=None, exclude_categories=()),
    st.characters(categories=["Cs"]),
    st.sampled_from(["\x00", "\ufffd", "😀", "[", "{", '"', "\\"]),
)
TEXTS = st.text(CHARS, max_size=20)
NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, 1, -1, 2**31 - 1, 2**31, 2**63 - 1, 2**63, -(2**63) - 1, 10**30]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e12, 1e12 + 1, 1e300, -0.0, 0.5]),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, TEXTS)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXTS, inner, max_size=3),
    max_leaves=8,
)
FIELDS = ("id", "text", "user", "platform", "lang", "count", "gift", "value", "online")
EVENTS = st.fixed_dictionaries(
    {"type": st.sampled_from([*INGEST_TYPES, "on_air", "nope"])},
    optional={
        key: st.one_of(SCALARS, VALUES)
        for key in (*FIELDS, "pv", "uv", "sku", "qty", "amount", "t_ms")
    },
)


@st.composite
def json_text(draw: st.DrawFn) -> bytes | str:
    """Event-shaped JSON, sometimes cut, spliced or encoded oddly."""
    data = draw(st.one_of(EVENTS, st.lists(EVENTS, min_size=1, max_size=4), VALUES))
    text = json.dumps(data, ensure_ascii=draw(st.booleans()), allow_nan=True)
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.sampled_from(["", "]", "}", ",", "[" * 40, "9" * 5000]))
    if draw(st.booleans()):
        return text.encode(draw(st.sampled_from(["utf-8", "utf-16", "utf-32"])), "surrogatepass")
    return text


BODIES = st.one_of(
    json_text(),
    st.binary(max_size=200),
    TEXTS,
    st.integers(0, 3000).map(lambda n: "[" * n + "]" * (n // 2)),
    st.integers(0, 3000).map(lambda n: '{"a":' * n + "1" + "}" * n),
    st.integers(1, 6000).map(lambda n: '{"type":"like","count":' + "9" * n + "}"),
)


@FUZZ
@given(BODIES)
def test_the_gate_answers_or_refuses_with_the_documented_error(body: bytes | str) -> None:
    ingest, published = gate()
    try:
        answer = ingest.submit(body, "fuzz", "peer")
    except IngestError as exc:
        assert exc.status in (400, 413)
        json.dumps(exc.as_json()).encode("utf-8")
        assert published == []
        return
    assert answer["received"] == answer["accepted"] + len(answer["duplicates"])
    assert len(published) == answer["accepted"]
    for event in published:
        assert_storable(event)


@FUZZ
@given(BODIES)
def test_the_codec_decodes_or_refuses_with_event_format_error(body: bytes | str) -> None:
    try:
        data = decode_json(body)
    except EventFormatError:
        return
    for item in data if isinstance(data, list) else [data]:
        for t_ms in (None, 0):
            try:
                event = event_from_json(item, t_ms=t_ms)
            except EventFormatError:
                continue
            assert_storable(event)


@FUZZ
@given(EVENTS)
def test_the_codec_checks_python_objects_too(obj: dict[str, Any]) -> None:
    """CSV rows and connectors hand the codec Python objects, not JSON text."""
    try:
        event = event_from_json(obj)
    except EventFormatError:
        return
    assert_storable(event)
