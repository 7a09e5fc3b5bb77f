"""Opening a team database: URLs, drivers and schema versions give plain answers."""

from __future__ import annotations

import sys

import pytest
from sqlalchemy import text

from app.config import Config
from app.store.db import StoreError, create_db_engine, open_store


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, config: Config) -> str:
    if request.param == "sqlite":
        return config.db_url
    return request.getfixturevalue("pg_url")


def test_a_schema_from_a_newer_version_is_refused(db_url: str) -> None:
    store = open_store(db_url)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0999'"))
        conn.execute(text("DELETE FROM live_session"))  # nothing to protect: still refused
    store.close()
    with pytest.raises(StoreError, match=r"schema version 0999, made by a newer AnchorDesk"):
        open_store(db_url)


def test_plain_postgresql_urls_mean_psycopg_3() -> None:
    """What psql and hosting panels print (postgres://) must not ask for psycopg2."""
    for url in ("postgres://team@db.lan/anchordesk", "postgresql://team@db.lan:5433/anchordesk"):
        engine = create_db_engine(url)  # no connection is made here
        assert engine.url.drivername == "postgresql+psycopg"
        engine.dispose()


def test_a_missing_driver_or_dialect_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as in a build without it
    with pytest.raises(StoreError, match=r"pip install 'psycopg\[binary\]'"):
        create_db_engine("postgresql+psycopg://team@db.lan/anchordesk")
    with pytest.raises(StoreError, match="unsupported database URL"):
        create_db_engine("mysqll://team@db.lan/anchordesk")


def test_open_store_accepts_the_plain_url_of_a_real_server(pg_url: str) -> None:
    plain = pg_url.replace("postgresql+psycopg://", "postgresql://", 1)
    store = open_store(plain)
    try:
        assert store.engine.dialect.driver == "psycopg"
        assert "***" in store.display_url
    finally:
        store.close()
