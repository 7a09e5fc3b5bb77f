"""Transport-free ingest rules: validation, batch limits, de-duplication, rate limiting.

HTTP and WebSocket clients go through the same :class:`IngestGate`, so both get the same
answers. A batch is accepted whole or refused whole: a client that gets a 4xx can fix
and resend the batch without wondering which events already went through, and nothing
accepted earlier is ever touched by a later bad request.

Whatever the body holds, :meth:`IngestGate.submit` either returns the answer or raises
:class:`IngestError` (the body is decoded by :func:`app.session.codec.decode_json`, which
refuses deep nesting, huge numbers and NaN before they can raise anything else), and an
accepted event only holds bounded numbers and UTF-8-encodable strings.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.session.codec import (
    INT64_MAX,
    INT64_MIN,
    MAX_NAME,
    EventFormatError,
    decode_json,
    event_from_json,
    int_field,
    shown,
    text_field,
)
from app.session.events import CommentEvent, Event, OrderEvent

#: Event types a client may send; "on_air" stays a replay-script feature.
INGEST_TYPES = ("comment", "like", "follow", "gift", "viewers", "order")


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-server limits; the defaults allow the 5,000 comments/s target with headroom.

    Rates are counted per connection (``rate_per_s``/``burst``) and per peer address over
    all its connections (``peer_rate_per_s``/``peer_burst``, twice the former unless set),
    never per self-declared client id, so opening connections or renaming the client does
    not buy more. ``max_connections`` bounds the sockets the server holds (file
    descriptors: 256 per process by default on macOS); ``header_timeout_s`` closes a
    connection that has not sent a whole request head in that time after connecting or
    after its last answer; ``body_timeout_s`` bounds reading one request body.
    """

    max_body_bytes: int = 1_048_576
    max_batch: int = 1000
    rate_per_s: float = 10_000.0
    burst: float = 20_000.0
    peer_rate_per_s: float | None = None
    peer_burst: float | None = None
    dedupe_window: int = 100_000
    max_connections: int = 64
    header_timeout_s: float = 10.0
    body_timeout_s: float = 30.0

    @property
    def peer_rate(self) -> tuple[float, float]:
        """(events/s, burst) for one peer address, all its connections together."""
        rate = self.peer_rate_per_s if self.peer_rate_per_s is not None else 2 * self.rate_per_s
        burst = self.peer_burst if self.peer_burst is not None else 2 * self.burst
        return rate, burst


class IngestError(Exception):
    """A refused request: HTTP ``status``, a message, and the offending event's index."""

    def __init__(self, status: int, message: str, index: int | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.index = status, message, index
        self.retry_after: float | None = None

    def as_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": self.message, "status": self.status}
        if self.index is not None:
            body["index"] = self.index
        if self.retry_after is not None:
            body["retry_after"] = round(self.retry_after, 3)
        return body


def decode_body(raw: bytes | str) -> list[Any]:
    """JSON text -> list of raw event objects (a single object becomes a list of one)."""
    try:
        data = decode_json(raw)
    except EventFormatError as exc:
        raise IngestError(400, f"body refused: {exc}") from None
    items = data if isinstance(data, list) else [data]
    if not items:
        raise IngestError(400, "empty batch: send one event object or a non-empty array")
    return items


def parse_events(items: list[Any], now_ms: int) -> list[tuple[Event, tuple[str, ...] | None]]:
    """Validate every item; returns (event, dedupe key) pairs or raises for the first bad one."""
    out: list[tuple[Event, tuple[str, ...] | None]] = []
    for index, item in enumerate(items):
        if isinstance(item, dict) and item.get("type") not in INGEST_TYPES:
            kind = item.get("type")
            raise IngestError(
                400,
                f"unknown event type {shown(kind)} (expected one of: {', '.join(INGEST_TYPES)})",
                index,
            )
        try:
            event = event_from_json(item, t_ms=now_ms)
            key = dedupe_key(item, event)
        except EventFormatError as exc:
            raise IngestError(400, str(exc), index) from None
        out.append((event, key))
    return out


def dedupe_key(item: dict[str, Any], event: Event) -> tuple[str, ...] | None:
    """(type, platform, id) for events with an id: comments, orders, or any with "id".

    Raises :class:`EventFormatError` for an over-long platform or id, or a numeric id
    outside signed 64 bits (the keys are kept in memory for the whole session).
    """
    if isinstance(event, CommentEvent):
        return ("comment", event.platform, event.event_id)
    if isinstance(event, OrderEvent):  # the database's key too: (session, platform, id)
        return ("order", event.platform, event.order_id)
    platform = text_field(item, "platform", default="unknown", limit=32)
    ident = item.get("id")
    if isinstance(ident, str):
        ident = text_field(item, "id", limit=MAX_NAME)
    elif isinstance(ident, int) and not isinstance(ident, bool):
        ident = int_field(item, "id", low=INT64_MIN, high=INT64_MAX)
    else:
        return None
    return (str(item["type"]), platform, str(ident))


class Deduper:
    """Remembers the last ``window`` keys; bounded so a four-hour session stays small."""

    def __init__(self, window: int) -> None:
        self._window = window
        self._seen: OrderedDict[tuple[str, ...], None] = OrderedDict()

    def seen(self, key: tuple[str, ...]) -> bool:
        """True if ``key`` was seen already; otherwise remember it and return False."""
        if key in self._seen:
            self._seen.move_to_end(key)
            return True
        self._seen[key] = None
        if len(self._seen) > self._window:
            self._seen.popitem(last=False)
        return False


class RateLimiter:
    """A token bucket per client: ``rate`` events per second, up to ``burst`` at once."""

    MAX_CLIENTS = 1024

    def __init__(self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic):
        self.rate, self.burst, self._clock = rate, burst, clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, client: str, cost: int) -> float:
        """Spend ``cost`` tokens; returns 0.0 if allowed, else seconds to wait before retrying."""
        wait = self.wait(client, cost)
        if not wait:
            self.spend(client, cost)
        return wait

    def wait(self, client: str, cost: int) -> float:
        """Seconds until ``cost`` tokens are available (0.0: now; inf: never); spends nothing."""
        tokens = self._tokens(client)
        if cost <= tokens:
            return 0.0
        return (cost - tokens) / self.rate if cost <= self.burst else float("inf")

    def spend(self, client: str, cost: int) -> None:
        self._buckets[client] = (self._tokens(client) - cost, self._clock())

    def _tokens(self, client: str) -> float:
        """The bucket's tokens now (refilled); the bucket becomes the most recent one."""
        now = self._clock()
        tokens, last = self._buckets.pop(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        self._buckets[client] = (tokens, now)
        if len(self._buckets) > self.MAX_CLIENTS:
            self._buckets.popitem(last=False)
        return tokens


@dataclass
class IngestStats:
    accepted: int = 0
    duplicates: int = 0
    refused: dict[int, int] = field(default_factory=dict)

    def refuse(self, status: int) -> None:
        self.refused[status] = self.refused.get(status, 0) + 1


class IngestGate:
    """Turns a request body into published events, or an :class:`IngestError`.

    ``publish`` receives each accepted event; ``now_ms`` stamps events with session time
    on arrival (clients' clocks are not trusted or needed). Thread-safe.
    """

    def __init__(
        self,
        publish: Callable[[Event], None],
        now_ms: Callable[[], int],
        limits: Limits | None = None,
    ) -> None:
        self.limits = limits or Limits()
        self._publish, self._now_ms = publish, now_ms
        self._dedupe = Deduper(self.limits.dedupe_window)
        self._rate = RateLimiter(self.limits.rate_per_s, self.limits.burst)
        self._peer_rate = RateLimiter(*self.limits.peer_rate)
        self._lock = threading.Lock()
        self.stats = IngestStats()

    def submit(self, raw: bytes | str, client: str, peer: str | None = None) -> dict[str, Any]:
        """Validate and publish a batch; returns the JSON answer for the client.

        ``client`` names the connection (its own rate bucket) and ``peer`` the address it
        comes from (one bucket for all its connections; None: no address limit).
        """
        try:
            return self._submit(raw, client, peer)
        except IngestError as exc:
            with self._lock:
                self.stats.refuse(exc.status)
            raise

    def _submit(self, raw: bytes | str, client: str, peer: str | None) -> dict[str, Any]:
        if len(raw) > self.limits.max_body_bytes:
            raise IngestError(413, f"body larger than {self.limits.max_body_bytes} bytes")
        items = decode_body(raw)
        if len(items) > self.limits.max_batch:
            raise IngestError(
                413, f"{len(items)} events in one batch; send at most {self.limits.max_batch}"
            )
        parsed = parse_events(items, self._now_ms())
        with self._lock:
            self._check_rate(client, peer, len(parsed))
            duplicates = [i for i, (_, key) in enumerate(parsed) if key and self._dedupe.seen(key)]
            dup = set(duplicates)
            fresh = [ev for i, (ev, _) in enumerate(parsed) if i not in dup]
            self.stats.accepted += len(fresh)
            self.stats.duplicates += len(duplicates)
        for event in fresh:
            self._publish(event)
        return {"accepted": len(fresh), "duplicates": duplicates, "received": len(parsed)}

    def _check_rate(self, client: str, peer: str | None, cost: int) -> None:
        """Spend from the connection's and the address's buckets, or from neither."""
        wait = self._rate.wait(client, cost)
        peer_wait = self._peer_rate.wait(peer, cost) if peer is not None else 0.0
        if not wait and not peer_wait:
            self._rate.spend(client, cost)
            if peer is not None:
                self._peer_rate.spend(peer, cost)
            return
        limits = self.limits
        rate, burst = limits.peer_rate
        error = IngestError(
            429,
            f"rate limit: at most {limits.rate_per_s:g} events/s per connection (bursts up to "
            f"{limits.burst:g}) and {rate:g}/s per address (bursts up to {burst:g}); "
            "retry later",
        )
        longest = max(wait, peer_wait)
        error.retry_after = longest if longest != float("inf") else 1.0
        raise error
