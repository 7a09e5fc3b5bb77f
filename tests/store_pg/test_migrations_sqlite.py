"""Migration 0002 on SQLite (batch mode rebuilds the tables): rows and rules survive."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from app.store.db import alembic_config, create_db_engine, migrate


def _event_id_length(engine) -> int:
    (column,) = [c for c in inspect(engine).get_columns("comment") if c["name"] == "event_id"]
    return column["type"].length


def test_upgrade_from_0001_keeps_rows_indexes_and_uniqueness(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        command.upgrade(alembic_config(engine), "0001")
        ts = datetime(2026, 1, 1, tzinfo=UTC).isoformat(" ")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO live_session (title, platform, host, mode, status, started_at,"
                    " last_t_ms, owner_host, owner_pid, notes)"
                    " VALUES ('旧', '', '', 'live', 'ended', :ts, 0, '', 0, '')"
                ),
                {"ts": ts},
            )
            for i in range(50):
                conn.execute(
                    text(
                        "INSERT INTO comment (session_id, event_id, platform, viewer, text,"
                        " spam, t_ms, ts) VALUES (1, :e, 'douyin', 'v', :t, 0, :i, :ts)"
                    ),
                    {"e": f"c{i}", "t": f"评论{i}", "i": i, "ts": ts},
                )
        migrate(engine)
        insp = inspect(engine)
        assert _event_id_length(engine) == 200
        assert "ix_comment_session_t" in {i["name"] for i in insp.get_indexes("comment")}
        assert "uq_comment_event" in {u["name"] for u in insp.get_unique_constraints("comment")}
        assert [fk["referred_table"] for fk in insp.get_foreign_keys("sales_order")] == [
            "live_session"
        ]
        with engine.begin() as conn:
            assert conn.execute(text("SELECT count(*), min(text) FROM comment")).one() == (
                50,
                "评论0",
            )
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO comment (session_id, event_id, platform, viewer, spam, t_ms,"
                    " ts) VALUES (1, 'c1', 'douyin', 'v', 0, 1, :ts)"
                ),
                {"ts": ts},
            )
        command.downgrade(alembic_config(engine), "0001")  # and back
        assert _event_id_length(engine) == 128
    finally:
        engine.dispose()
