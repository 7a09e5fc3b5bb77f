"""The writer survives any row, restarts if its loop dies, and retries ordered writes in order."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from app.chat.pseudonym import Pseudonymizer
from app.session.bus import EventBus
from app.session.events import (
    AlertEvent,
    CommentEvent,
    GiftEvent,
    ProductSwitchEvent,
    TranscriptEvent,
    ViewersEvent,
)
from app.session.recorder import COMMENT_COLUMNS, Recorder, RowGuard, RowRejected, clean_text
from app.store.models import (
    Alert,
    Comment,
    Interaction,
    MetricSample,
    Order,
    ProductSegment,
    TranscriptSegment,
)
from app.store.writer import StoreWriter, WriterHealth, is_transient
from tests.store.hostile_support import check_hostile_run, new_session, record_hostile_session

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _comment(sid: int, i: int, **values: object) -> dict:
    row = {
        "session_id": sid,
        "event_id": f"c{i}",
        "platform": "douyin",
        "viewer": "v",
        "text": f"评论 {i}",
        "t_ms": i,
        "ts": NOW,
    }
    return {**row, **values}


def _like(sid: int, i: int, count: int) -> dict:
    return {"session_id": sid, "kind": "like", "count": count, "viewer": "", "detail": "",
            "value": 0.0, "t_ms": i, "ts": NOW}  # fmt: skip


def _count(store, model: type) -> int:
    with store.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _wait_for(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def _locked() -> OperationalError:
    return OperationalError("INSERT", {}, Exception("database is locked"))


# -- hostile events through the recorder ---------------------------------------------------
@pytest.mark.parametrize("generic", [False, True], ids=["sqlite-tuples", "sqlalchemy-dicts"])
def test_hostile_events_are_cleaned_or_rejected_and_the_rest_is_stored(store, generic) -> None:
    run = record_hostile_session(store, generic=generic)
    check_hostile_run(store, run)


def test_row_guard_cleans_text_and_refuses_numbers_it_would_have_to_change() -> None:
    guard = RowGuard()
    row = guard.check(Comment, _comment(1, 1, text="a\ud800b\ud83d\ude00c\x00", viewer="v"))
    assert row["text"] == "a\ufffdb\U0001f600c\ufffd"  # lone -> U+FFFD, a split pair joined
    assert clean_text("plain 评论") == "plain 评论"
    for model, values, kind in [
        (Interaction, _like(1, 1, 2**31), "number outside INTEGER"),
        (Interaction, _like(1, 2**63, 1), "number outside BIGINT"),
        (Interaction, {**_like(1, 1, 1), "count": 1.5}, "not a whole number"),
        (Interaction, {**_like(1, 1, 1), "value": float("inf")}, "not a finite number"),
        (Interaction, {**_like(1, 1, 1), "value": 10**400}, "number too large"),
        (Comment, _comment(1, 1, viewer=None), "missing value"),
        (Comment, _comment(1, 1, text=b"bytes"), "not text"),
    ]:
        with pytest.raises(RowRejected) as caught:
            guard.check(model, values)
        assert caught.value.kind == kind
    assert guard.check(Interaction, _like(1, 2**63 - 1, -(2**31)))["count"] == -(2**31)


# -- any exception while writing isolates the bad rows -------------------------------------
@pytest.mark.parametrize("generic", [False, True], ids=["sqlite", "other-databases"])
def test_rows_that_break_the_driver_are_rejected_and_the_writer_lives(store, generic) -> None:
    """Rows the recorder never hands over (it checks them) must not kill the writer either.

    Dict rows go through SQLAlchemy Core on every database; "other-databases" takes the
    statement they get (no SQLite ``ON CONFLICT`` for comments)."""
    sid = new_session(store)
    writer = StoreWriter(store, flush_ms=20, batch_size=500)
    if generic:
        writer._dialect = "generic"
    writer.start()
    bad = {17: _like(sid, 17, 2**63), 401: _like(sid, 401, 2**70), 999: _like(sid, 999, 1)}
    bad[999]["viewer"] = "\ud800"
    for i in range(1000):
        writer.add(Interaction, bad.get(i) or _like(sid, i, 1))
    writer.add(Comment, _comment(sid, 1, text="lone \udfff"))
    writer.add(Comment, _comment(sid, 2))
    writer.flush()
    assert writer.alive
    writer.add(Comment, _comment(sid, 3))  # later rows are still written
    assert writer.close()
    assert _count(store, Interaction) == 997 and _count(store, Comment) == 2
    health = writer.health()
    assert (health.rejected, health.written, health.deaths) == (4, 999, 0)
    assert dict(health.rejected_by_table) == {"interaction": 3, "comment": 1}


def test_rejected_rows_are_logged_once_per_kind_at_a_bounded_rate(store, caplog) -> None:
    sid = new_session(store)
    writer = StoreWriter(store, flush_ms=20)
    writer.start()
    for i in range(50):
        writer.add(Interaction, _like(sid, i, 2**63))
    for i in range(5):
        writer.add(Comment, _comment(sid, i, viewer=None))
    with caplog.at_level(logging.WARNING, logger="app.store.writer"):
        assert writer.close()
    lines = [r.getMessage() for r in caplog.records if "rejected" in r.getMessage()]
    assert len([m for m in lines if m.startswith("rejected a interaction row")]) == 1
    assert len([m for m in lines if m.startswith("rejected a comment row")]) == 1
    assert "rejected 49 more interaction rows: OverflowError" in lines
    assert "rejected 4 more comment rows: IntegrityError" in lines
    assert writer.rejected == 55


def test_a_broken_heartbeat_never_stops_the_writer(store, caplog) -> None:
    sid = new_session(store)
    writer = StoreWriter(store, flush_ms=10)
    writer.heartbeat = lambda _s: 1 / 0
    writer.start()
    writer.add(Comment, _comment(sid, 1))
    writer.flush()
    time.sleep(0.05)
    assert writer.alive and writer.deaths == 0
    assert writer.close() and _count(store, Comment) == 1
    assert "heartbeat failed" in caplog.text


# -- a supervised thread ---------------------------------------------------------------------
def test_a_crashed_writer_loop_restarts_and_says_so(store, monkeypatch, caplog) -> None:
    sid = new_session(store)
    writer = StoreWriter(store, flush_ms=10)
    statuses = []
    writer.on_status = statuses.append
    real, crashes = writer._write_pending, {"left": 1}

    def crash_once(force: bool = False) -> None:
        if crashes["left"] and writer._pending_count:
            crashes["left"] -= 1
            raise RuntimeError("boom")
        real(force)

    monkeypatch.setattr(writer, "_write_pending", crash_once)
    for i in range(5):
        writer.add(Comment, _comment(sid, i))
    writer.start()
    _wait_for(lambda: writer.deaths == 1)
    writer.flush()
    assert writer.alive
    writer.add(Comment, _comment(sid, 5))
    assert writer.close()
    assert _count(store, Comment) == 6  # the rows in hand at the first death were kept
    crash = [s for s in statuses if s.state == "error"]
    assert len(crash) == 1 and "crashed (RuntimeError: boom)" in crash[0].message
    assert "restarted" in crash[0].message and "may not have been recorded" in crash[0].message
    assert "\n" not in crash[0].message
    died = [r for r in caplog.records if "writer crashed" in r.getMessage()]
    assert died and died[0].exc_info is not None  # the traceback is in the log
    health = writer.health()
    assert isinstance(health, WriterHealth)
    assert (health.deaths, health.dropped, health.backlog) == (1, 0, 0)
    assert "boom" in health.last_error and not health.clean


def test_a_loop_that_dies_again_before_writing_drops_what_it_holds(store, monkeypatch) -> None:
    sid = new_session(store)
    writer = StoreWriter(store, flush_ms=10)
    real, crashes = writer._write_batches, {"left": 2}

    def crash_twice() -> None:
        if crashes["left"]:
            crashes["left"] -= 1
            raise RuntimeError("poisoned")
        real()

    monkeypatch.setattr(writer, "_write_batches", crash_twice)
    for i in range(5):
        writer.add(Comment, _comment(sid, i))
    writer.start()
    _wait_for(lambda: writer.deaths == 2)
    writer.add(Comment, _comment(sid, 10))
    assert writer.close()
    assert _count(store, Comment) == 1  # the 5 in hand were discarded and counted
    assert (writer.dropped, writer.deaths, writer.backlog) == (5, 2, 0)


# -- ordered writes ------------------------------------------------------------------------
def test_an_ordered_write_that_fails_transiently_is_retried_in_order(store) -> None:
    sid = new_session(store)
    writer = StoreWriter(store, flush_ms=10)
    writer._backoff = 0.02
    statuses = []
    writer.on_status = statuses.append
    prepared = writer.prepare(Comment, COMMENT_COLUMNS)
    assert prepared is not None
    attempts = []

    def switch(session) -> int:
        attempts.append(session.scalar(select(func.count()).select_from(Comment)))
        if len(attempts) == 1:
            raise _locked()
        return attempts[-1]

    writer.start()
    for i in range(5):
        writer.add(Comment, _comment(sid, i))
    done = writer.call(switch)
    for i in range(5, 10):
        writer.add(Comment, _comment(sid, i))
    assert done.result(5) == 5  # it saw the rows queued before it, none of those after
    writer.flush()
    row = (sid, "c99", "douyin", "v", "t", None, None, None, False, 99, "2026-01-01")
    writer.add_prepared(prepared, row)
    assert writer.close()
    assert attempts == [5, 5] and _count(store, Comment) == 11
    assert [s.state for s in statuses] == ["error", "ok"]
    assert "ordered write" in statuses[0].message


def test_rows_failing_transiently_hold_back_a_later_call(store, monkeypatch) -> None:
    """A call must not run while rows queued before it wait for their retry."""
    sid = new_session(store)
    writer = StoreWriter(store, flush_ms=10)
    writer._backoff = 0.05
    real, failures = writer._insert_all, {"left": 2}

    def flaky() -> None:
        if failures["left"]:
            failures["left"] -= 1
            raise _locked()
        real()

    monkeypatch.setattr(writer, "_insert_all", flaky)
    writer.start()
    for i in range(3):
        writer.add(Comment, _comment(sid, i))
    seen = writer.call(lambda s: s.scalar(select(func.count()).select_from(Comment)))
    assert seen.result(5) == 3 and failures["left"] == 0
    assert writer.close()


def test_an_ordered_write_with_an_sql_error_fails_at_once(store) -> None:
    """SQLite reports "no such table" as an OperationalError: retrying cannot help."""
    sid = new_session(store)
    writer = StoreWriter(store, flush_ms=10)
    writer.start()
    broken = writer.call(lambda s: s.execute(text("SELECT * FROM no_such_table")))
    with pytest.raises(OperationalError) as caught:
        broken.result(5)
    assert not is_transient(caught.value) and is_transient(_locked())
    writer.add(Comment, _comment(sid, 1))
    assert writer.close() and _count(store, Comment) == 1


def test_calls_still_waiting_when_the_writer_stops_get_an_error(store) -> None:
    writer = StoreWriter(store, flush_ms=10)
    writer._backoff = 0.01

    def always_locked(_s) -> None:
        raise _locked()

    writer.start()
    stuck = writer.call(always_locked)
    _wait_for(lambda: writer.status.state == "error")
    assert writer.close()
    with pytest.raises(RuntimeError, match="not written"):
        stuck.result(1)
    assert writer.health().backlog == 1  # what was never written stays counted


def test_orders_are_deduplicated_by_session_platform_and_id(store) -> None:
    sid = new_session(store)
    writer = StoreWriter(store, flush_ms=10)
    writer.start()

    def order(platform: str) -> dict:
        return {"session_id": sid, "platform": platform, "order_id": "o1", "sku": "A",
                "qty": 1, "amount": 1.0, "buyer": "", "t_ms": 1, "ts": NOW}  # fmt: skip

    for platform in ("douyin", "taobao", "douyin", "taobao"):
        writer.add(Order, order(platform))
        writer.flush()
    assert writer.close()
    with store.sessions() as s:
        assert sorted(s.scalars(select(Order.platform))) == ["douyin", "taobao"]
    assert writer.rejected == 0


def test_every_event_kind_is_checked_before_the_writer(store) -> None:
    sid = new_session(store)
    writer = StoreWriter(store, flush_ms=10)
    bus = EventBus()
    recorder = Recorder(writer, sid, NOW, Pseudonymizer(b"s" * 16, enabled=False))
    recorder.attach(bus)
    writer.start()
    for event in [
        ProductSwitchEvent(1, sku="A-\ud800", reason="operator"),
        ProductSwitchEvent(2**63, sku="B"),  # rejected: outside BIGINT
        ProductSwitchEvent(2**62, sku="B"),  # rejected: no timestamp holds it
        TranscriptEvent(3, end_ms=9, text="全网\ud800", words=(("全网\udc00", 3, 9),)),
        TranscriptEvent(4, end_ms=2**63, text="x"),  # rejected
        AlertEvent(5, kind="compliance", severity="high", text="t\x00", terms=("\ud800",)),
        ViewersEvent(6, online=10, pv=2**31),  # rejected: pv is an INTEGER
        ViewersEvent(7, online=10, pv=20, uv=5),
        GiftEvent(8, user="\ud800", gift="🚀", count=1, value=float("-inf")),  # rejected
        GiftEvent(9, user="\ud800", gift="🚀", count=1, value=52.0),
        CommentEvent(-5, event_id="c-5", platform="douyin", user="u", text="before start"),
        CommentEvent(2**63, event_id="c-big", platform="douyin", user="u", text="x"),  # rejected
    ]:
        bus.publish(event)
    recorder.detach()
    assert writer.close()
    with store.sessions() as s:
        assert s.scalars(select(ProductSegment.sku)).all() == ["A-\ufffd"]
        segment = s.scalars(select(TranscriptSegment)).one()
        assert segment.text == "全网\ufffd" and segment.words == [["全网\ufffd", 3, 9]]
        alert = s.scalars(select(Alert)).one()
        assert (alert.text, alert.terms) == ("t\ufffd", ["\ufffd"])
        assert s.scalars(select(MetricSample.pv)).all() == [20]
        gift = s.scalars(select(Interaction)).one()
        assert (gift.viewer, gift.value) == ("\ufffd", 52.0)
        assert s.scalars(select(Comment.event_id)).all() == ["c-5"]
    assert dict(writer.health().rejected_by_table) == {
        "product_segment": 2,
        "transcript_segment": 1,
        "metric_sample": 1,
        "interaction": 1,
        "comment": 1,
    }
    assert writer.health().deaths == 0
