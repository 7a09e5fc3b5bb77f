"""A session fed hostile events between valid ones, through the recorder and the writer.

Shared by the SQLite tests (tests/store) and the PostgreSQL tests (tests/store_pg): a like
whose count no SQL integer holds, lone surrogates in a comment's text and viewer and in an
order's SKU, an order whose amount is NaN. The surrogates are replaced (U+FFFD) and the
rows kept; the numbers cannot be stored without changing them, so those rows are rejected
and counted. Every other row must land exactly once and the writer must keep running.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from app.chat.pseudonym import Pseudonymizer
from app.session.bus import EventBus
from app.session.events import CommentEvent, Event, LikeEvent, OrderEvent
from app.session.recorder import Recorder
from app.store.db import Store
from app.store.models import Comment, Interaction, LiveSession, Order
from app.store.writer import StoreWriter, WriterStatus

START = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)

#: Valid events, before, between and after the hostile ones.
BEFORE: list[Event] = [
    CommentEvent(1, event_id="c1", platform="douyin", user="ana", text="好看"),
    LikeEvent(2, count=3, user="bo"),
    OrderEvent(3, order_id="o1", sku="A-1", qty=1, amount=79.5, buyer="ana"),
]
HOSTILE: list[Event] = [
    LikeEvent(10, count=2**63, user="bo"),  # no SQL integer holds it: rejected
    CommentEvent(11, event_id="c2", platform="douyin", user="cy", text="bad \ud800 text"),
    CommentEvent(12, event_id="c3", platform="douyin", user="d\udc00", text="ok"),
    OrderEvent(13, order_id="o2", sku="A-\ud800", qty=1, amount=5.0, buyer="ana"),
    OrderEvent(14, order_id="o3", sku="A-1", qty=1, amount=float("nan"), buyer="bo"),  # rejected
]
BETWEEN: list[Event] = [
    CommentEvent(20, event_id="c4", platform="douyin", user="ana", text="还有吗"),
    LikeEvent(21, count=1, user="cy"),
]
AFTER: list[Event] = [
    CommentEvent(30, event_id="c5", platform="douyin", user="bo", text="下单了"),
    OrderEvent(31, order_id="o4", sku="A-1", qty=2, amount=159.0, buyer="bo"),
    LikeEvent(32, count=2**31 - 1, user="ana"),  # the largest INTEGER: stored
]


@dataclass
class HostileRun:
    writer: StoreWriter
    session_id: int
    statuses: list[WriterStatus] = field(default_factory=list)
    alive_after_hostile: bool = False


def new_session(store: Store) -> int:
    with store.sessions.begin() as s:
        row = LiveSession(title="hostile", started_at=START, notes="")
        s.add(row)
        s.flush()
        return row.id


def record_hostile_session(store: Store, generic: bool = False) -> HostileRun:
    """Publish BEFORE, HOSTILE, BETWEEN, (a flush), AFTER; close the writer.

    ``generic`` makes a SQLite writer take the path other databases take (dicts through
    SQLAlchemy instead of driver tuples).
    """
    sid = new_session(store)
    writer = StoreWriter(store, flush_ms=20)
    if generic:
        writer._dialect = "generic"
    run = HostileRun(writer, sid)
    writer.on_status = run.statuses.append
    bus = EventBus()
    recorder = Recorder(writer, sid, START, Pseudonymizer(b"s" * 16))
    recorder.attach(bus)
    writer.start()
    try:
        for event in [*BEFORE, *HOSTILE, *BETWEEN]:
            bus.publish(event)
        writer.flush()
        run.alive_after_hostile = writer.alive
        for event in AFTER:
            bus.publish(event)
    finally:
        recorder.detach()
        assert writer.close()
    return run


def stored(store: Store, session_id: int) -> dict[str, list[Any]]:
    """What the session's comments, orders and likes look like in the database."""
    with store.sessions() as s:
        comments = s.execute(
            select(Comment.event_id, Comment.text, Comment.viewer)
            .where(Comment.session_id == session_id)
            .order_by(Comment.t_ms)
        ).all()
        orders = s.execute(
            select(Order.order_id, Order.sku, Order.amount, Order.platform)
            .where(Order.session_id == session_id)
            .order_by(Order.t_ms)
        ).all()
        likes = s.scalars(
            select(Interaction.count)
            .where(Interaction.session_id == session_id)
            .order_by(Interaction.t_ms)
        ).all()
    return {"comments": list(comments), "orders": list(orders), "likes": list(likes)}


def check_hostile_run(store: Store, run: HostileRun) -> None:
    """Every valid row exactly once, surrogates replaced, the two bad numbers rejected."""
    rows = stored(store, run.session_id)
    assert [c.event_id for c in rows["comments"]] == ["c1", "c2", "c3", "c4", "c5"]
    assert rows["comments"][1].text == "bad \ufffd text"
    assert rows["comments"][2].viewer.startswith("v")  # pseudonym of "d\ufffd"
    assert [(o.order_id, o.sku) for o in rows["orders"]] == [
        ("o1", "A-1"),
        ("o2", "A-\ufffd"),
        ("o4", "A-1"),
    ]
    assert {o.platform for o in rows["orders"]} == {""}  # OrderEvent names no platform yet
    assert rows["likes"] == [3, 1, 2**31 - 1]

    health = run.writer.health()
    assert run.alive_after_hostile
    assert health.rejected == 2 and health.dropped == 0 and health.deaths == 0
    assert dict(health.rejected_by_table) == {"interaction": 1, "sales_order": 1}
    assert health.backlog == 0 and not health.clean
    assert "rejected a" in health.last_error
    assert run.writer.written == 5 + 3 + 3
    assert all(s.state == "ok" for s in run.statuses)  # bad rows are no outage
