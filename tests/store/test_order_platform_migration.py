"""Migration 0005 on SQLite: orders keyed by (session, platform, id), every old order kept.

SQLite rebuilds ``sales_order`` (batch mode) to change its unique key, with
``foreign_keys=ON``: the rows, indexes and the cascade from ``live_session`` must survive,
and no other table may lose a row.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from app.store.db import alembic_config, create_db_engine, migrate

TS = datetime(2026, 1, 1, tzinfo=UTC).isoformat(" ")
ORDERS = 120


def _database_at_0004(path: Path):
    engine = create_db_engine(f"sqlite:///{path}")
    command.upgrade(alembic_config(engine), "0004")
    with engine.begin() as conn:
        for title in ("一", "二"):
            conn.execute(
                text(
                    "INSERT INTO live_session (title, platform, host, mode, status, started_at,"
                    " last_t_ms, owner_host, owner_pid, owner_machine, notes)"
                    " VALUES (:title, 'douyin', '', 'live', 'ended', :ts, 0, '', 0, '', '')"
                ),
                {"title": title, "ts": TS},
            )
        for i in range(ORDERS):
            conn.execute(
                text(
                    "INSERT INTO sales_order (session_id, order_id, sku, qty, amount, buyer,"
                    " t_ms, ts) VALUES (:sid, :o, 'A-1', 1, :amount, 'v1', :i, :ts)"
                ),
                {"sid": 1 + i % 2, "o": f"o{i}", "amount": 9.5 + i, "i": i, "ts": TS},
            )
        conn.execute(
            text(
                "INSERT INTO comment (session_id, event_id, platform, viewer, text, spam, t_ms,"
                " ts) VALUES (1, 'c1', 'douyin', 'v', '评论', 0, 1, :ts)"
            ),
            {"ts": TS},
        )
    return engine


def _insert_order(conn, platform: str, order_id: str = "dup") -> None:
    conn.execute(
        text(
            "INSERT INTO sales_order (session_id, platform, order_id, sku, qty, amount, buyer,"
            " t_ms, ts) VALUES (1, :p, :o, 'A-1', 1, 1.0, '', 1, :ts)"
        ),
        {"p": platform, "o": order_id, "ts": TS},
    )


def _scalar(engine, sql: str):
    with engine.connect() as conn:
        return conn.execute(text(sql)).scalar()


def test_upgrade_from_0004_keeps_every_order_and_keys_them_by_platform(tmp_path: Path) -> None:
    engine = _database_at_0004(tmp_path / "old.db")
    try:
        migrate(engine)
        assert _scalar(engine, "SELECT count(*) FROM sales_order") == ORDERS
        assert _scalar(engine, "SELECT count(*) FROM sales_order WHERE platform = ''") == ORDERS
        assert _scalar(engine, "SELECT sum(amount) FROM sales_order") == sum(
            9.5 + i for i in range(ORDERS)
        )
        assert _scalar(engine, "SELECT count(*) FROM live_session") == 2
        assert _scalar(engine, "SELECT count(*) FROM comment") == 1

        insp = inspect(engine)
        (unique,) = insp.get_unique_constraints("sales_order")
        assert unique == {
            "name": "uq_order_event",
            "column_names": ["session_id", "platform", "order_id"],
        }
        assert {i["name"] for i in insp.get_indexes("sales_order")} == {
            "ix_order_session_t",
            "ix_sales_order_sku",
            "ix_sales_order_buyer",
        }
        (fk,) = insp.get_foreign_keys("sales_order")
        assert fk["referred_table"] == "live_session" and fk["options"] == {"ondelete": "CASCADE"}

        with engine.begin() as conn:  # one id on two platforms: two orders
            _insert_order(conn, "douyin")
            _insert_order(conn, "taobao")
        with pytest.raises(IntegrityError), engine.begin() as conn:
            _insert_order(conn, "douyin")
        with engine.begin() as conn:  # the cascade still deletes a session's orders
            conn.execute(text("DELETE FROM live_session WHERE id = 2"))
        assert _scalar(engine, "SELECT count(*) FROM sales_order") == ORDERS // 2 + 2
    finally:
        engine.dispose()


def test_downgrade_to_0004_restores_the_old_key_unless_it_would_lose_orders(
    tmp_path: Path,
) -> None:
    engine = _database_at_0004(tmp_path / "old.db")
    try:
        migrate(engine)
        with engine.begin() as conn:
            _insert_order(conn, "douyin")
            _insert_order(conn, "taobao")
        clash = r"used on more than one platform in a session \(1\)"
        with pytest.raises(RuntimeError, match=clash):
            command.downgrade(alembic_config(engine), "0004")
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM sales_order WHERE platform = 'taobao'"))
        command.downgrade(alembic_config(engine), "0004")
        assert _scalar(engine, "SELECT count(*) FROM sales_order") == ORDERS + 1
        columns = {c["name"] for c in inspect(engine).get_columns("sales_order")}
        assert "platform" not in columns
        (unique,) = inspect(engine).get_unique_constraints("sales_order")
        assert unique["column_names"] == ["session_id", "order_id"]
    finally:
        engine.dispose()
