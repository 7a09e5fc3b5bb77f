"""Copying history into and out of PostgreSQL (the team-mode use), and the 0003 indexes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text

from app.session.lifecycle import begin_session
from app.store.db import alembic_config, migrate, open_store
from app.store.transfer import TransferError, copy_history, inspect_target
from tests.store.transfer_support import (
    START,
    add_products,
    add_session,
    products_dump,
    session_dump,
)


def test_sqlite_history_into_postgresql_and_back(
    store, pg_database_factory: Callable[..., str], tmp_path: Path
) -> None:
    add_products(store)
    one = add_session(store, comments=120)
    two = add_session(store, title="第二场", start=START + timedelta(days=1))
    pg_url = pg_database_factory()
    info = inspect_target(pg_url, store.url)
    assert (info.revision, info.backend) == (None, "postgresql")
    dry = copy_history(store, pg_url, dry_run=True)
    assert [r.outcome for r in dry.sessions] == ["would copy", "would copy"]
    report = copy_history(store, pg_url, batch_rows=50)
    assert [(r.outcome, r.target_id) for r in report.sessions] == [
        ("copied", one),
        ("copied", two),
    ]
    pg = open_store(pg_url)
    try:
        for sid in (one, two):
            assert session_dump(pg, sid) == session_dump(store, sid)
        assert products_dump(pg) == products_dump(store)
        again = copy_history(store, pg_url)
        assert [r.outcome for r in again.sessions] == ["skipped", "skipped"]
        # The id sequence moved past the copied ids: a laptop recording now gets a new one.
        fresh = begin_session(
            pg, title="live now", platform="", host="", mode="live", started_at=START
        )
        assert fresh > two
        back_url = f"sqlite:///{tmp_path / 'back.db'}"
        back = copy_history(pg, back_url)
        assert [r.outcome for r in back.sessions] == ["copied", "copied", "refused"]
        sqlite_back = open_store(back_url)
        for sid in (one, two):
            assert session_dump(sqlite_back, sid) == session_dump(store, sid)
        sqlite_back.close()
    finally:
        pg.close()


def test_a_dry_run_leaves_an_empty_database_empty(
    store, pg_database_factory: Callable[..., str]
) -> None:
    add_session(store)
    pg_url = pg_database_factory()
    report = copy_history(store, pg_url, dry_run=True)
    assert [r.outcome for r in report.sessions] == ["would copy"]
    from sqlalchemy import create_engine

    engine = create_engine(pg_url)
    try:
        assert inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


def test_newer_schema_and_same_database_are_refused(
    store, pg_database_factory: Callable[..., str]
) -> None:
    add_session(store)
    pg_url = pg_database_factory()
    pg = open_store(pg_url)
    with pytest.raises(TransferError, match="same database"):
        copy_history(pg, pg_url.replace("127.0.0.1", "localhost"))
    with pg.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    pg.close()
    with pytest.raises(TransferError, match=r"^target: .*made by a newer AnchorDesk"):
        copy_history(store, pg_url)


def test_viewer_indexes_on_postgresql(pg_store) -> None:
    def names() -> set[str]:
        insp = inspect(pg_store.engine)
        return {
            i["name"]
            for table in ("comment", "sales_order", "interaction")
            for i in insp.get_indexes(table)
        }

    wanted = {"ix_comment_viewer", "ix_sales_order_buyer", "ix_interaction_viewer"}
    assert wanted <= names()
    command.downgrade(alembic_config(pg_store.engine), "0002")
    assert not wanted & names()
    migrate(pg_store.engine)
    assert wanted <= names()
