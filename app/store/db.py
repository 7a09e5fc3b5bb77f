"""Engine factory and schema migrations.

SQLite (the default) runs in WAL mode so the GUI and review can read while the recorder
writes; any other SQLAlchemy URL (PostgreSQL for teams) works the same way. The schema
is always brought to the newest Alembic revision when a store is opened.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

    from app.config import Config

log = logging.getLogger("app.store")

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class StoreError(RuntimeError):
    """The database cannot be opened or used; the message says what to do."""


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def create_db_engine(url: str) -> Engine:
    """Create an engine for ``url``; SQLite files get WAL and their folder is created."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"invalid database URL {url!r}: {exc}") from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(engine: Engine) -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine, attempts: int = 3) -> None:
    """Upgrade the schema to the newest revision (no-op when already there).

    Two instances opening a new database at once both try to create the tables; the
    loser's attempt fails, and on retry it finds the schema the winner made.
    """
    from alembic import command

    for attempt in range(1, attempts + 1):
        try:
            command.upgrade(alembic_config(engine), "head")
            return
        except SQLAlchemyError:
            if attempt == attempts:
                raise
            log.info("schema upgrade collided with another instance; retrying")
            time.sleep(0.3 * attempt)


@dataclass
class Store:
    """An opened, migrated database."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    def close(self) -> None:
        self.engine.dispose()

    @property
    def display_url(self) -> str:
        """The URL with any password hidden, safe to print and log."""
        return make_url(self.url).render_as_string(hide_password=True)


def open_store(url: str) -> Store:
    """Open (and migrate) the database at ``url`` or raise :class:`StoreError`."""
    engine = create_db_engine(url)
    try:
        migrate(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = getattr(exc, "orig", None) or exc
        raise StoreError(
            f"cannot open database {make_url(url).render_as_string()}: {reason}"
        ) from exc
    return Store(url=url, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))


@contextmanager
def config_store(config: Config) -> Iterator[Store]:
    """The store ``config`` points at, opened for one command and closed after it."""
    config.ensure_dirs()
    store = open_store(config.db_url)
    try:
        yield store
    finally:
        store.close()
