"""Hostile rows on a real PostgreSQL server: the writer lives, bad rows are counted.

The same session as tests/store/test_writer_survives.py (tests/store/hostile_support.py),
plus raw rows that only the writer sees (a lone surrogate psycopg cannot encode, numbers
outside BIGINT and INTEGER), and migration 0005 on a database holding orders.
"""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import func, inspect, select, text

from app.store.db import Store, alembic_config, create_db_engine, migrate
from app.store.models import Comment, Interaction, Order
from app.store.writer import StoreWriter
from tests.store.hostile_support import check_hostile_run, new_session, record_hostile_session

NOW = datetime(2026, 1, 2, 8, 0, tzinfo=UTC)


def test_hostile_events_are_cleaned_or_rejected_and_the_rest_is_stored(pg_store: Store) -> None:
    run = record_hostile_session(pg_store)
    check_hostile_run(pg_store, run)


def test_rows_that_break_the_driver_are_rejected_and_the_writer_lives(pg_store: Store) -> None:
    sid = new_session(pg_store)
    writer = StoreWriter(pg_store, flush_ms=20)
    writer.start()

    def like(i: int, count: int, viewer: str = "") -> dict:
        return {"session_id": sid, "kind": "like", "count": count, "viewer": viewer,
                "detail": "", "value": 0.0, "t_ms": i, "ts": NOW}  # fmt: skip

    for i in range(300):
        bad = {7: like(i, 2**63), 8: like(i, 2**31), 9: like(i, 1, "\ud800")}
        writer.add(Interaction, bad.get(i) or like(i, 1))
    writer.add(
        Comment,
        {"session_id": sid, "event_id": "c1", "platform": "douyin", "viewer": "v",
         "text": "lone \udfff", "t_ms": 1, "ts": NOW},
    )  # fmt: skip
    writer.flush()
    assert writer.alive
    writer.add(Interaction, like(999, 5))
    assert writer.close()
    with pg_store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Interaction)) == 298
        assert s.scalar(select(func.count()).select_from(Comment)) == 0
    health = writer.health()
    assert (health.rejected, health.deaths, health.backlog) == (4, 0, 0)
    assert dict(health.rejected_by_table) == {"interaction": 3, "comment": 1}


def test_upgrade_from_0004_keeps_orders_and_keys_them_by_platform(pg_url: str) -> None:
    engine = create_db_engine(pg_url)
    try:
        command.upgrade(alembic_config(engine), "0004")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO live_session (title, platform, host, mode, status, started_at,"
                    " last_t_ms, owner_host, owner_pid, owner_machine, notes)"
                    " VALUES ('旧', 'douyin', '', 'live', 'ended', :ts, 0, '', 0, '', '')"
                ),
                {"ts": NOW},
            )
            for i in range(40):
                conn.execute(
                    text(
                        "INSERT INTO sales_order (session_id, order_id, sku, qty, amount, buyer,"
                        " t_ms, ts) VALUES (1, :o, 'A-1', 1, 9.5, '', :i, :ts)"
                    ),
                    {"o": f"o{i}", "i": i, "ts": NOW},
                )
        migrate(engine)
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(Order)).scalar() == 40
            assert set(conn.scalars(select(Order.platform))) == {""}
        (unique,) = inspect(engine).get_unique_constraints("sales_order")
        assert unique["column_names"] == ["session_id", "platform", "order_id"]
        command.downgrade(alembic_config(engine), "0004")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM sales_order")).scalar() == 40
    finally:
        engine.dispose()
