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
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
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
