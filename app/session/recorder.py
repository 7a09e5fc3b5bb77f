"""The recorder: persists every session event through the writer thread.

It runs as a bus subscriber, so it sees exactly what the UI sees. Converting an event to
a row is cheap and happens on the publishing thread; the database work happens on the
writer thread. Viewer names are pseudonymised here, before anything is stored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
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
from app.store.models import (
    Alert,
    Base,
    Comment,
    Interaction,
    MetricSample,
    Order,
    ProductSegment,
    QueueItem,
    TranscriptSegment,
)
from app.store.writer import StoreWriter, sqlite_timestamps

log = logging.getLogger("app.session.recorder")

#: The comment row as the recorder hands it to SQLite (every column but the key).
COMMENT_COLUMNS = (
    "session_id", "event_id", "platform", "viewer", "text", "lang",
    "sentiment", "intent", "spam", "t_ms", "ts",
)  # fmt: skip


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
        }

    def attach(self, bus: EventBus) -> None:
        others = tuple(t for t in PERSISTED_EVENTS if t is not CommentEvent)
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
        Other databases get the dict that SQLAlchemy converts (:meth:`_comment`).
        """
        writer = self.writer
        prepared = writer.prepare(Comment, COMMENT_COLUMNS)
        if prepared is None:
            return self.record
        add, sid, pseudo = writer.add_prepared, self.session_id, self.pseudo
        stamp = sqlite_timestamps(self.started_at)
        counter = self._counter = [0]

        def on_comment(e: CommentEvent) -> None:
            t, platform = e.t_ms, e.platform
            row = (
                sid, e.event_id, platform, pseudo(platform, e.user), e.text, e.lang,
                e.sentiment, e.intent, e.spam, t, stamp(t),
            )  # fmt: skip
            if add(prepared, row):
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
        model, row = convert(event)
        if self.writer.add(model, row):
            self._recorded += 1

    # -- conversions ----------------------------------------------------------------
    def _base(self, t_ms: int) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "t_ms": t_ms,
            "ts": self.started_at + timedelta(milliseconds=t_ms),
        }

    def _comment(self, e: CommentEvent) -> tuple[type[Base], dict[str, Any]]:
        # One dict literal: this runs for every comment, thousands of times a second.
        return Comment, {
            "session_id": self.session_id,
            "t_ms": e.t_ms,
            "ts": self.started_at + timedelta(milliseconds=e.t_ms),
            "event_id": e.event_id,
            "platform": e.platform,
            "viewer": self.pseudo(e.platform, e.user),
            "text": e.text,
            "lang": e.lang,
            "sentiment": e.sentiment,
            "intent": e.intent,
            "spam": e.spam,
        }

    def _order(self, e: OrderEvent) -> tuple[type[Base], dict[str, Any]]:
        return Order, {
            **self._base(e.t_ms),
            "order_id": e.order_id,
            "sku": e.sku,
            "qty": e.qty,
            "amount": e.amount,
            "buyer": self.pseudo("order", e.buyer),
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
        return self._interaction(e.t_ms, "like", count=e.count, viewer=self.pseudo("", e.user))

    def _follow(self, e: FollowEvent) -> tuple[type[Base], dict[str, Any]]:
        return self._interaction(e.t_ms, "follow", viewer=self.pseudo("", e.user))

    def _gift(self, e: GiftEvent) -> tuple[type[Base], dict[str, Any]]:
        return self._interaction(
            e.t_ms,
            "gift",
            count=e.count,
            viewer=self.pseudo("", e.user),
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
        }

    # -- product segments -----------------------------------------------------------
    def _switch(self, e: ProductSwitchEvent) -> None:
        sid, ts = self.session_id, self.started_at + timedelta(milliseconds=e.t_ms)

        def apply(session: Session) -> None:
            session.execute(
                update(ProductSegment)
                .where(ProductSegment.session_id == sid, ProductSegment.end_ms.is_(None))
                .values(end_ms=e.t_ms)
            )
            session.execute(
                update(QueueItem)
                .where(QueueItem.session_id == sid, QueueItem.state == "on_air")
                .values(state="done")
            )
            if e.sku is not None:
                session.execute(
                    update(QueueItem)
                    .where(QueueItem.session_id == sid, QueueItem.sku == e.sku)
                    .values(state="on_air")
                )
                session.add(
                    ProductSegment(
                        session_id=sid, sku=e.sku, start_ms=e.t_ms, ts=ts, reason=e.reason
                    )
                )

        self.writer.call(apply).add_done_callback(_log_failure)
        self._recorded += 1


def _log_failure(future: Future[Any]) -> None:
    exc = future.exception()
    if exc is not None:
        log.error("recording a product switch failed: %s", exc)
