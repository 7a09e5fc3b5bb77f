"""A real PostgreSQL server for the team-mode tests: one fresh database per test.

``.ci/postgres.sh`` starts the server and prints its URL; the tests read it from
``ANCHORDESK_TEST_PG_URL``. Without it they are skipped on a developer's machine, but
fail when ``CI=true``, so CI can never pass by silently skipping them. Every test gets a
database of its own (``adt_<run>_<n>``), dropped at the end of the run, so parallel or
repeated runs against one server never see each other's rows.
"""

from __future__ import annotations

import itertools
import os
import secrets
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from app.store.db import Store, open_store

PG_ENV = "ANCHORDESK_TEST_PG_URL"


def _required() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def _unavailable(message: str) -> None:
    if _required():
        pytest.fail(f"{message}; CI=true, so the PostgreSQL tests must run", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Engine]:
    """An AUTOCOMMIT engine on the server's own database (for CREATE/DROP DATABASE)."""
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        _unavailable(f"{PG_ENV} is not set (start a server with: .ci/postgres.sh)")
    engine = create_engine(url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        engine.dispose()
        _unavailable(f"cannot reach the PostgreSQL server at {PG_ENV}: {exc.orig or exc}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def pg_database_factory(pg_admin: Engine) -> Iterator[Callable[..., str]]:
    """``make(**options)`` creates an empty database and returns its URL."""
    run = f"{os.getpid()}_{secrets.token_hex(3)}"
    counter = itertools.count(1)
    made: list[str] = []

    def make(encoding: str = "UTF8", extra: str = "") -> str:
        name = f"adt_{run}_{next(counter)}"
        with pg_admin.connect() as conn:
            conn.execute(
                text(f"CREATE DATABASE {name} ENCODING '{encoding}' TEMPLATE template0 {extra}")
            )
        made.append(name)
        return make_url(pg_admin.url).set(database=name).render_as_string(hide_password=False)

    yield make
    with pg_admin.connect() as conn:
        for name in made:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture
def pg_url(pg_database_factory: Callable[..., str]) -> str:
    """The URL of a new, empty database (no schema yet)."""
    return pg_database_factory()


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[Store]:
    store = open_store(pg_url)
    yield store
    store.close()
