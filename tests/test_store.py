"""Store: migrations match the models, the writer batches, dedupes and survives failures."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from app.config import Config
from app.store.db import StoreError, create_db_engine, migrate, open_store
from app.store.models import Comment, LiveSession, Order
from app.store.writer import StoreWriter

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _session(store) -> int:
    with store.sessions.begin() as s:
        row = LiveSession(title="t", started_at=NOW, notes="")
        s.add(row)
        s.flush()
        return row.id


def _comment(sid: int, i: int, event_id: str | None = None) -> dict:
    return {
        "session_id": sid,
        "event_id": event_id or f"c{i}",
        "platform": "douyin",
        "viewer": "v1",
        "text": f"评论 {i}",
        "t_ms": i,
        "ts": NOW,
    }


def test_sqlite_runs_in_wal_mode(store) -> None:
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_migrations_match_the_models(config: Config) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from app.store.models import Base

    engine = create_db_engine(config.db_url)
    migrate(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_open_store_twice_is_idempotent(config: Config) -> None:
    open_store(config.db_url).close()
    again = open_store(config.db_url)
    with again.engine.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    from alembic.script import ScriptDirectory

    from app.store.db import alembic_config

    assert version == ScriptDirectory.from_config(alembic_config(again.engine)).get_current_head()
    again.close()


def test_unusable_database_gives_a_clear_error(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises((StoreError, OSError)):
        open_store(f"sqlite:///{blocker}/sub/db.sqlite")
    with pytest.raises(StoreError, match="invalid database URL"):
        open_store("not a url")


def test_writer_batches_rows_and_flushes(store) -> None:
    sid = _session(store)
    writer = StoreWriter(store, flush_ms=50, batch_size=100)
    writer.start()
    for i in range(1000):
        assert writer.add(Comment, _comment(sid, i))
    writer.flush()
    with store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Comment)) == 1000
    assert writer.close()
    assert writer.written == 1000 and writer.dropped == 0


def test_writer_drops_duplicate_event_ids(store) -> None:
    sid = _session(store)
    writer = StoreWriter(store, flush_ms=20)
    writer.start()
    for _ in range(3):
        writer.add(Comment, _comment(sid, 1, event_id="same"))
        writer.flush()
    writer.add(
        Order,
        {
            "session_id": sid,
            "order_id": "o1",
            "sku": "A",
            "qty": 1,
            "amount": 9.9,
            "buyer": "",
            "t_ms": 1,
            "ts": NOW,
        },
    )
    writer.add(
        Order,
        {
            "session_id": sid,
            "order_id": "o1",
            "sku": "A",
            "qty": 1,
            "amount": 9.9,
            "buyer": "",
            "t_ms": 1,
            "ts": NOW,
        },
    )
    assert writer.close()
    with store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Comment)) == 1
        assert s.scalar(select(func.count()).select_from(Order)) == 1


def test_writer_counts_rows_it_cannot_hold(store) -> None:
    sid = _session(store)
    writer = StoreWriter(store, max_pending=5)  # not started: nothing drains the queue
    accepted = [writer.add(Comment, _comment(sid, i)) for i in range(8)]
    assert accepted == [True] * 5 + [False] * 3
    assert writer.dropped == 3


def test_writer_keeps_rows_while_the_database_fails(store, monkeypatch) -> None:
    """A full disk or a lost server: rows stay pending, status says so, then they land."""
    sid = _session(store)
    writer = StoreWriter(store, flush_ms=20)
    statuses = []
    writer.on_status = statuses.append
    real = writer._insert_all
    failures = {"left": 2}

    def flaky() -> None:
        if failures["left"]:
            failures["left"] -= 1
            raise OperationalError("INSERT", {}, Exception("database or disk is full"))
        real()

    monkeypatch.setattr(writer, "_insert_all", flaky)
    writer._backoff = 0.01
    writer.start()
    for i in range(10):
        writer.add(Comment, _comment(sid, i))
    assert writer.close()
    with store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Comment)) == 10
    assert statuses[0].state == "error" and "disk is full" in statuses[0].message
    assert statuses[-1].state == "ok"


def test_writer_call_runs_in_order_with_rows(store) -> None:
    sid = _session(store)
    writer = StoreWriter(store, flush_ms=10_000, batch_size=10_000)
    writer.start()
    for i in range(5):
        writer.add(Comment, _comment(sid, i))
    seen = writer.call(lambda s: s.scalar(select(func.count()).select_from(Comment))).result(5)
    assert seen == 5
    failed = writer.call(lambda s: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        failed.result(5)
    assert writer.close()


def _raw_rows(store, table: str) -> list[tuple]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(f'SELECT * FROM "{table}" ORDER BY id')]


def test_fast_path_rejects_a_bad_row_instead_of_dropping_it(store, caplog) -> None:
    sid = _session(store)
    writer = StoreWriter(store, flush_ms=20)
    writer.start()
    writer.add(Comment, _comment(sid, 1))
    writer.add(Comment, {**_comment(sid, 2), "viewer": None})  # NOT NULL column
    writer.add(Comment, _comment(sid, 3))
    assert writer.close()
    with store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Comment)) == 2
    assert writer.rejected == 1 and writer.written == 2
    assert "rejected a comment row" in caplog.text


# -- the recorder's prepared comment rows ------------------------------------------------------
def test_sqlite_timestamps_match_the_datetime_text() -> None:
    """The cached per-second text must equal formatting each datetime, carries included."""
    from datetime import timedelta

    from app.store.writer import _sqlite_datetime, sqlite_timestamps

    started = datetime(2026, 12, 31, 23, 59, 58, 999_500, tzinfo=UTC)
    stamp = sqlite_timestamps(started)
    times = [0, 1, 499, 500, 501, 999, 1000, 1001, 61_234, 3, 86_400_000, 14_400_000, 7]
    for t in times:  # out of order on purpose: the cache must follow
        assert stamp(t) == _sqlite_datetime(started + timedelta(milliseconds=t)), t


def _record_comments(url: str, generic: bool) -> tuple:
    from app.chat.pseudonym import Pseudonymizer
    from app.session.bus import EventBus
    from app.session.events import CommentEvent
    from app.session.recorder import Recorder

    store = open_store(url)
    sid = _session(store)
    writer = StoreWriter(store, flush_ms=20)
    if generic:
        writer._dialect = "generic"  # what PostgreSQL gets: dicts through SQLAlchemy
    bus = EventBus()
    recorder = Recorder(writer, sid, NOW.replace(microsecond=123_456), Pseudonymizer(b"s" * 16))
    recorder.attach(bus)
    writer.start()
    for i in range(5):
        bus.publish(
            CommentEvent(
                i * 777, event_id=f"c{i}", platform="douyin", user=f"u{i % 2}",
                text=f"评论{i}", lang="zh" if i else None, sentiment="pos",
                intent="question", spam=i == 3,
            )
        )  # fmt: skip
    bus.publish(CommentEvent(9, event_id="c1", platform="douyin", user="x", text="dup"))
    recorder.detach()
    assert writer.close()
    rows = _raw_rows(store, "comment")
    store.close()
    return rows, recorder.recorded


def test_recorder_fast_comments_store_what_sqlalchemy_stores(tmp_path) -> None:
    fast, fast_count = _record_comments(f"sqlite:///{tmp_path / 'fast.db'}", generic=False)
    slow, slow_count = _record_comments(f"sqlite:///{tmp_path / 'slow.db'}", generic=True)
    assert len(fast) == 5 and fast == slow
    assert fast_count == slow_count == 6  # the duplicate is queued, then skipped by the db
    assert fast[3][9] == 1 and fast[0][6] is None  # spam stored as 1, missing lang as NULL


def test_prepared_rows_reject_a_bad_row_and_survive_failures(store, monkeypatch, caplog) -> None:
    from app.session.recorder import COMMENT_COLUMNS

    sid = _session(store)
    writer = StoreWriter(store, flush_ms=20)
    prepared = writer.prepare(Comment, COMMENT_COLUMNS)
    assert prepared is not None
    assert writer.prepare(Comment, COMMENT_COLUMNS[:-1]) is None  # must cover the table
    real, failures = writer._insert_all, {"left": 1}

    def flaky() -> None:
        if failures["left"]:
            failures["left"] -= 1
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        real()

    monkeypatch.setattr(writer, "_insert_all", flaky)
    writer._backoff = 0.01
    writer.start()

    def row(i: int, viewer: str | None = "v") -> tuple:
        return (sid, f"c{i}", "douyin", viewer, "t", None, None, None, False, i, "2026-01-01")

    for i in range(4):
        assert writer.add_prepared(prepared, row(i, None if i == 2 else "v"))
    assert writer.close()
    with store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Comment)) == 3
    assert writer.rejected == 1 and writer.written == 3 and failures["left"] == 0
    assert "rejected a comment row" in caplog.text


def test_prepared_rows_count_what_they_cannot_hold(store) -> None:
    from app.session.recorder import COMMENT_COLUMNS

    writer = StoreWriter(store, max_pending=3)  # not started
    prepared = writer.prepare(Comment, COMMENT_COLUMNS)
    assert [writer.add_prepared(prepared, ()) for _ in range(5)] == [True] * 3 + [False] * 2
    assert writer.dropped == 2 and writer.backlog == 3


def test_prepared_rows_from_many_threads_all_land_in_order_with_calls(store) -> None:
    """No lock on the producer side: rows must neither be lost nor overtake a call."""
    import threading

    from app.session.recorder import COMMENT_COLUMNS

    sid = _session(store)
    writer = StoreWriter(store, flush_ms=5, batch_size=97)
    prepared = writer.prepare(Comment, COMMENT_COLUMNS)
    writer.start()

    def row(i: int) -> tuple:
        return (sid, f"c{i}", "douyin", "v", "t", None, None, None, False, i, "2026-01-01")

    def produce(k: int) -> None:
        for i in range(k * 3000, (k + 1) * 3000):
            assert writer.add_prepared(prepared, row(i))

    threads = [threading.Thread(target=produce, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i in range(12_000, 12_050):
        writer.add_prepared(prepared, row(i))
    count = writer.call(lambda s: s.scalar(select(func.count()).select_from(Comment)))
    assert count.result(10) == 12_050  # everything queued before the call was written
    assert writer.close() and writer.written == 12_050 and writer.backlog == 0
