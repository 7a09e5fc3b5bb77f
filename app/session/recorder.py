"""The recorder: persists every session event through the writer thread.

It runs as a bus subscriber, so it sees exactly what the UI sees. Converting an event to
a row is cheap and happens on the publishing thread; the database work happens on the
writer thread. Viewer names are pseudonymised here, before anything is stored.

It is also the last check before the database, whatever produced the event (the ingest
server, a connector, a replay, the overlay, a bug), so that no row can make the writer
fail (:class:`RowGuard`):

- text is made encodable: a lone UTF-16 surrogate ("\\ud800", which JSON and some sockets
  let through and no database driver can encode) becomes U+FFFD, a surrogate pair split
  in two code points becomes the character it encodes, and NUL (which PostgreSQL cannot
  store in text) becomes U+FFFD; nothing else in a text changes;
- a whole number outside its column's SQL type (BIGINT for ``BigInteger`` columns,
  INTEGER for ``Integer`` ones, the same limits on SQLite and PostgreSQL), a float that
  is NaN or infinite, a value of the wrong kind, or a time no datetime can hold rejects
  the row: numbers are never changed to fit. Rejected rows are counted and logged by the
  writer (:meth:`~app.store.writer.StoreWriter.reject`).
"""

from __future__ import annotations

import logging
import math
import operator
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Float, Integer, String, update
from sqlalchemy.orm import Session

from app.chat.pseudonym import Pseudonymizer
from app.session.bus import EventBus
from app.session.events import (
    PERSISTED_EVENTS,
    AlertEvent,
    CommentEvent,
    Event,
    FollowEvent,
    GiftEvent,
    LikeEvent,
    OrderEvent,
    ProductSwitchEvent,
    TranscriptEvent,
    ViewersEvent,
)
from app.show.giveaway import GiveawayDrawEvent, giveaway_values
from app.store.models import (
    Alert,
    Base,
    Comment,
    Giveaway,
    Interaction,
    MetricSample,
    Order,
    ProductSegment,
    QueueItem,
    TranscriptSegment,
)
from app.store.writer import StoreWriter, one_line, sqlite_timestamps

log = logging.getLogger("app.session.recorder")

#: The columns of a comment row, in the order of :func:`comment_row` (all but the key).
COMMENT_COLUMNS = (
    "session_id", "event_id", "platform", "viewer", "text", "lang",
    "sentiment", "intent", "spam", "t_ms", "ts",
)  # fmt: skip


def comment_row(session_id: int, e: CommentEvent, viewer: str, ts: Any) -> tuple[Any, ...]:
    """The one place a comment becomes a row: its values in :data:`COMMENT_COLUMNS` order.

    ``ts`` is a datetime for SQLAlchemy, or already SQLite's text on the fast path.
    """
    return (
        session_id, e.event_id, e.platform, viewer, e.text, e.lang,
        e.sentiment, e.intent, e.spam, e.t_ms, ts,
    )  # fmt: skip


#: Whole numbers SQL's BIGINT and INTEGER hold (SQLite stores any 64-bit integer, but
#: the limits are PostgreSQL's, so a row is stored on both or rejected on both).
BIGINT_RANGE = (-(2**63), 2**63 - 1)
INTEGER_RANGE = (-(2**31), 2**31 - 1)

#: Comments on the fast path have a session time in [0, this) ms (35 years); any other
#: time takes the checked path, which rejects what no timestamp can hold.
FAST_T_LIMIT = 2**40

#: The tables of the events the recorder stores (to name a row that fails to convert).
EVENT_TABLES: dict[type[Event], str] = {
    CommentEvent: Comment.__tablename__,
    OrderEvent: Order.__tablename__,
    ViewersEvent: MetricSample.__tablename__,
    LikeEvent: Interaction.__tablename__,
    FollowEvent: Interaction.__tablename__,
    GiftEvent: Interaction.__tablename__,
    TranscriptEvent: TranscriptSegment.__tablename__,
    AlertEvent: Alert.__tablename__,
    GiveawayDrawEvent: Giveaway.__tablename__,
}


class RowRejected(ValueError):
    """A value cannot be stored; ``kind`` names why in a few words (one log line each)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


def clean_text(value: str) -> str:
    """``value`` made safe for any database: lone surrogates and NUL become U+FFFD.

    A surrogate pair written as two code points (a UTF-16 source) is joined into the
    character it encodes. Text that is already safe is returned as it is (one encode).
    """
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return value.replace("\x00", "\ufffd") if "\x00" in value else value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise RowRejected("not text", type(value).__name__)
    return clean_text(value)


def _whole(bounds: tuple[int, int], sql: str) -> Callable[[Any], int]:
    low, high = bounds

    def check(value: Any) -> int:
        try:
            number = operator.index(value)  # int, bool, numpy integers; never a float
        except TypeError:
            raise RowRejected("not a whole number", type(value).__name__) from None
        if not low <= number <= high:
            raise RowRejected(f"number outside {sql}", str(number))
        return number

    return check


def _real(value: Any) -> float:
    if not isinstance(value, int | float):
        raise RowRejected("not a number", type(value).__name__)
    try:
        number = float(value)
    except OverflowError:
        raise RowRejected("number too large", str(value)) from None
    if not math.isfinite(number):
        raise RowRejected("not a finite number", str(number))
    return number


def _json(value: Any) -> Any:
    """Texts inside cleaned, containers as lists and dicts, NaN and infinities refused."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise RowRejected("not a finite number", str(value))
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {clean_text(k) if isinstance(k, str) else k: _json(v) for k, v in value.items()}
    return value


def _as_is(value: Any) -> Any:
    return value


def _column_check(column: Column[Any]) -> Callable[[Any], Any]:
    """The check of one column's values, from its SQL type."""
    kind = column.type
    check: Callable[[Any], Any]
    if isinstance(kind, BigInteger):  # before Integer: BigInteger is one
        check = _whole(BIGINT_RANGE, "BIGINT")
    elif isinstance(kind, Integer):
        check = _whole(INTEGER_RANGE, "INTEGER")
    elif isinstance(kind, Float):
        check = _real
    elif isinstance(kind, String):  # Text too
        check = _text
    elif isinstance(kind, JSON):
        check = _json
    else:  # Boolean, DateTime: made by the recorder itself
        check = _as_is
    name, nullable = column.name, column.nullable

    def checked(value: Any) -> Any:
        if value is None:
            if nullable:
                return None
            raise RowRejected("missing value", name)
        return check(value)

    return checked


class RowGuard:
    """Checks and cleans rows against their table's column types (see the module doc)."""

    def __init__(self) -> None:
        self._checks: dict[type[Base], dict[str, Callable[[Any], Any]]] = {}

    def check(self, model: type[Base], row: dict[str, Any]) -> dict[str, Any]:
        """``row`` with its texts cleaned; raises :class:`RowRejected` if it cannot be stored."""
        checks = self._checks.get(model)
        if checks is None:
            checks = self._checks[model] = {
                c.name: _column_check(c) for c in model.__table__.columns
            }
        out = {}
        for key, value in row.items():
            check = checks.get(key)
            try:
                out[key] = value if check is None else check(value)
            except RowRejected as exc:
                raise RowRejected(exc.kind, f"{key}={exc.detail}") from None
        return out


class Recorder:
    """Turns bus events into rows of one session."""

    def __init__(
        self,
        writer: StoreWriter,
        session_id: int,
        started_at: datetime,
        pseudonymize: Pseudonymizer,
    ) -> None:
        self.writer = writer
        self.session_id = session_id
        self.started_at = started_at
        self.pseudo = pseudonymize
        self.guard = RowGuard()
        self._recorded = 0
        self._counter = [0]  # comments recorded by the fast handler
        self._unsubscribe: Callable[[], None] | None = None
        self._rows: dict[type[Event], Callable[[Any], tuple[type[Base], dict[str, Any]]]] = {
            CommentEvent: self._comment,
            OrderEvent: self._order,
            ViewersEvent: self._viewers,
            LikeEvent: self._like,
            FollowEvent: self._follow,
            GiftEvent: self._gift,
            TranscriptEvent: self._transcript,
            AlertEvent: self._alert,
            GiveawayDrawEvent: lambda e: (Giveaway, {**self._base(e.t_ms), **giveaway_values(e)}),
        }

    def attach(self, bus: EventBus) -> None:
        others = (*(t for t in PERSISTED_EVENTS if t is not CommentEvent), GiveawayDrawEvent)
        undo_comments = bus.subscribe(self._comment_handler(), (CommentEvent,))
        undo_others = bus.subscribe(self.record, others)

        def unsubscribe() -> None:
            undo_comments()
            undo_others()

        self._unsubscribe = unsubscribe

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _comment_handler(self) -> Callable[[Any], None]:
        """The handler for comments, the one event that comes by the thousand a second.

        On SQLite it builds the final row tuple itself (timestamp already text) for a
        :class:`~app.store.writer.PreparedInsert`, with everything it needs bound to
        locals: no dict, no datetime and no attribute look-up on ``self`` per comment.
        Other databases get the dict that SQLAlchemy converts (:meth:`_comment`). A
        comment whose texts are not plainly encodable (a lone surrogate, NUL) or whose
        time is unusual goes through :meth:`record` instead, checked like every row.
        """
        writer = self.writer
        prepared = writer.prepare(Comment, COMMENT_COLUMNS)
        if prepared is None:
            return self.record
        add, sid, pseudo = writer.add_prepared, self.session_id, self.pseudo
        stamp = sqlite_timestamps(self.started_at)
        counter = self._counter = [0]
        record, limit, row = self.record, FAST_T_LIMIT, comment_row

        def on_comment(e: CommentEvent) -> None:
            t, platform, user = e.t_ms, e.platform, e.user
            texts = f"{e.event_id}{platform}{user}{e.text}{e.lang}{e.sentiment}{e.intent}"
            try:
                texts.encode()
            except UnicodeEncodeError:
                record(e)
                return
            if "\x00" in texts or type(t) is not int or not 0 <= t < limit:
                record(e)
                return
            if add(prepared, row(sid, e, pseudo(platform, user), stamp(t))):
                counter[0] += 1

        return on_comment

    @property
    def recorded(self) -> int:
        """Events handed to the writer (rows queued plus product switches)."""
        return self._recorded + self._counter[0]

    def record(self, event: Event) -> None:
        if isinstance(event, ProductSwitchEvent):
            self._switch(event)
            return
        if isinstance(event, TranscriptEvent) and not event.final:
            return  # partial results only update captions
        convert = self._rows.get(type(event))
        if convert is None:
            return
        try:
            model, row = convert(event)
            row = self.guard.check(model, row)
        except RowRejected as exc:
            self.writer.reject(EVENT_TABLES[type(event)], exc.kind, exc.detail)
            return
        except Exception as exc:  # e.g. a time past year 9999: OverflowError
            self.writer.reject(EVENT_TABLES[type(event)], type(exc).__name__, one_line(exc))
            return
        if self.writer.add(model, row):
            self._recorded += 1

    def _viewer(self, platform: str, user: str) -> str:
        """The stored viewer id (texts cleaned first: the pseudonym hashes their UTF-8)."""
        return self.pseudo(_text(platform), _text(user))

    # -- conversions ----------------------------------------------------------------
    def _base(self, t_ms: int) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "t_ms": t_ms,
            "ts": self.started_at + timedelta(milliseconds=t_ms),
        }

    def _comment(self, e: CommentEvent) -> tuple[type[Base], dict[str, Any]]:
        ts = self.started_at + timedelta(milliseconds=e.t_ms)
        values = comment_row(self.session_id, e, self._viewer(e.platform, e.user), ts)
        return Comment, dict(zip(COMMENT_COLUMNS, values, strict=True))

    def _order(self, e: OrderEvent) -> tuple[type[Base], dict[str, Any]]:
        return Order, {
            **self._base(e.t_ms),
            "platform": e.platform,  # with order_id the key: (session, platform, id)
            "order_id": e.order_id,
            "sku": e.sku,
            "qty": e.qty,
            "amount": e.amount,
            "buyer": self._viewer("order", e.buyer),
        }

    def _viewers(self, e: ViewersEvent) -> tuple[type[Base], dict[str, Any]]:
        return MetricSample, {
            **self._base(e.t_ms),
            "viewers_online": e.online,
            "pv": e.pv,
            "uv": e.uv,
        }

    def _interaction(
        self, t_ms: int, kind: str, **values: Any
    ) -> tuple[type[Base], dict[str, Any]]:
        row = {
            **self._base(t_ms),
            "kind": kind,
            "count": 1,
            "viewer": "",
            "detail": "",
            "value": 0.0,
        }
        row.update(values)
        return Interaction, row

    def _like(self, e: LikeEvent) -> tuple[type[Base], dict[str, Any]]:
        return self._interaction(e.t_ms, "like", count=e.count, viewer=self._viewer("", e.user))

    def _follow(self, e: FollowEvent) -> tuple[type[Base], dict[str, Any]]:
        return self._interaction(e.t_ms, "follow", viewer=self._viewer("", e.user))

    def _gift(self, e: GiftEvent) -> tuple[type[Base], dict[str, Any]]:
        return self._interaction(
            e.t_ms,
            "gift",
            count=e.count,
            viewer=self._viewer("", e.user),
            detail=e.gift,
            value=e.value,
        )

    def _transcript(self, e: TranscriptEvent) -> tuple[type[Base], dict[str, Any]]:
        base = self._base(e.t_ms)
        del base["t_ms"]
        return TranscriptSegment, {
            **base,
            "start_ms": e.t_ms,
            "end_ms": e.end_ms,
            "text": e.text,
            "lang": e.lang,
            "words": [list(w) for w in e.words],
            "final": True,
            "source": e.source,
        }

    def _alert(self, e: AlertEvent) -> tuple[type[Base], dict[str, Any]]:
        return Alert, {
            **self._base(e.t_ms),
            "kind": e.kind,
            "severity": e.severity,
            "text": e.text,
            "terms": list(e.terms),
            "source": e.source,
            "message": e.message.to_json() if e.message is not None else None,
        }

    # -- product segments -----------------------------------------------------------
    def _switch(self, e: ProductSwitchEvent) -> None:
        sid, table = self.session_id, ProductSegment.__tablename__
        try:
            t_ms = self.guard.check(ProductSegment, {"start_ms": e.t_ms})["start_ms"]
            ts = self.started_at + timedelta(milliseconds=t_ms)
            segment = None
            if e.sku is not None:
                fields = {"session_id": sid, "sku": e.sku, "start_ms": t_ms, "ts": ts}
                segment = self.guard.check(ProductSegment, {**fields, "reason": e.reason})
        except RowRejected as exc:
            self.writer.reject(table, exc.kind, exc.detail)
            return
        except Exception as exc:  # a time past year 9999
            self.writer.reject(table, type(exc).__name__, one_line(exc))
            return

        def apply(session: Session) -> None:
            session.execute(
                update(ProductSegment)
                .where(ProductSegment.session_id == sid, ProductSegment.end_ms.is_(None))
                .values(end_ms=t_ms)
            )
            session.execute(
                update(QueueItem)
                .where(QueueItem.session_id == sid, QueueItem.state == "on_air")
                .values(state="done")
            )
            if segment is not None:
                session.execute(
                    update(QueueItem)
                    .where(QueueItem.session_id == sid, QueueItem.sku == segment["sku"])
                    .values(state="on_air")
                )
                session.add(ProductSegment(**segment))

        self.writer.call(apply).add_done_callback(self._switch_done)
        self._recorded += 1

    def _switch_done(self, future: Future[Any]) -> None:
        exc = None if future.cancelled() else future.exception()
        if exc is not None:  # counted: the session lost a product segment
            log.error("recording a product switch failed: %s", one_line(exc))
            self.writer.reject(ProductSegment.__tablename__, type(exc).__name__, one_line(exc))
