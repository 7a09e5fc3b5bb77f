"""Engine factory and schema migrations.

SQLite (the default) runs in WAL mode so the GUI and review can read while the recorder
writes; any other SQLAlchemy URL (PostgreSQL for teams) works the same way. The schema
is always brought to the newest Alembic revision when a store is opened.

PostgreSQL sessions run in UTC whatever the server's ``TimeZone`` is, so a naive value
means the same instant on every laptop (and the same as on SQLite, where everything
stored is UTC); the server must store text as UTF8, or Chinese comments would fail.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.errors import UserError

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

    from app.config import Config

log = logging.getLogger("app.store")

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class StoreError(UserError):
    """The database cannot be opened or used; the message says what to do."""


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def create_db_engine(url: str) -> Engine:
    """Create an engine for ``url``; SQLite files get WAL and their folder is created.

    ``postgresql://`` and ``postgres://`` (what PostgreSQL tools print) mean psycopg 3,
    the driver AnchorDesk ships, rather than SQLAlchemy's default psycopg2.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(
            f"invalid database URL {display_url(url)!r} (examples: sqlite:////path/to/file.db, "
            "postgresql://user@host/db)"
        ) from exc
    try:
        return _engine_for(parsed)
    except ImportError as exc:
        hint = (
            "install it with: pip install 'psycopg[binary]'"
            if parsed.get_backend_name() == "postgresql"
            else "AnchorDesk works with SQLite and PostgreSQL"
        )
        raise StoreError(
            f"the database driver for {parsed.drivername} is not installed ({exc}); {hint}"
        ) from exc
    except ArgumentError as exc:  # an unknown dialect, e.g. "mysqll://"
        raise StoreError(
            f"unsupported database URL {parsed.render_as_string()} ({one_line(exc)}); "
            "AnchorDesk works with sqlite:/// and postgresql:// URLs"
        ) from exc
    except OSError as exc:  # the SQLite file's folder cannot be made
        raise StoreError(
            f"cannot open database {parsed.render_as_string()}: cannot create its folder "
            f"({exc.strerror or exc}: {exc.filename or parsed.database})"
        ) from exc


def one_line(reason: object) -> str:
    """A driver's message on one line (psycopg adds hints on further lines), without
    SQLAlchemy's "Background on this error" link."""
    text = str(reason).split("(Background on this error at:")[0]
    return " ".join(text.split())


def _engine_for(parsed: URL) -> Engine:
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "postgresql":
        # The client side always speaks UTF8, so even a wrongly made (SQL_ASCII) database
        # can be opened far enough for check_server() to explain what is wrong with it.
        engine = create_engine(parsed, pool_pre_ping=True, connect_args={"client_encoding": "utf8"})
        event.listen(engine, "connect", _postgresql_session)
        return engine
    return create_engine(parsed, pool_pre_ping=True)


def _postgresql_session(dbapi_conn: Any, _record: Any) -> None:
    """Every pooled connection talks UTC (the server default may be Asia/Shanghai)."""
    cur = dbapi_conn.cursor()
    cur.execute("SET TIME ZONE 'UTC'")
    cur.close()
    dbapi_conn.commit()


def check_server(engine: Engine) -> None:
    """Refuse a PostgreSQL database that cannot hold Chinese text (not UTF8).

    A cluster made with ``initdb`` under the C locale defaults to SQL_ASCII: inserts of
    Chinese text would fail or come back as bytes, so say how to fix it up front.
    """
    if engine.dialect.name != "postgresql":
        return
    with engine.connect() as conn:
        encoding = conn.execute(text("SHOW server_encoding")).scalar()
    if str(encoding).upper() not in ("UTF8", "UTF-8"):
        raise StoreError(
            f"database {engine.url.render_as_string()} uses the {encoding} encoding; "
            "AnchorDesk needs UTF8: create it with "
            "CREATE DATABASE ... ENCODING 'UTF8' TEMPLATE template0"
        )


def alembic_config(engine: Engine | None = None) -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine, attempts: int = 3) -> None:
    """Upgrade the schema to the newest revision (no-op when already there).

    Two instances opening a new database at once both try to create the tables. On
    PostgreSQL the migration holds an advisory lock (see ``migrations/env.py``), so the
    second waits and then finds the schema the first made; on SQLite the loser's attempt
    fails, and on retry it finds the schema the winner made.
    """
    from alembic import command

    _refuse_newer_schema(engine)
    for attempt in range(1, attempts + 1):
        try:
            command.upgrade(alembic_config(engine), "head")
            return
        except SQLAlchemyError:
            if attempt == attempts:
                raise
            log.info("schema upgrade collided with another instance; retrying")
            time.sleep(0.3 * attempt)


def _refuse_newer_schema(engine: Engine) -> None:
    """A team database upgraded by a newer AnchorDesk: say so instead of a traceback.

    One laptop with a newer version migrates the shared database on start; an older
    version must not write rows into a schema it does not know.
    """
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(engine))
    known = {s.revision for s in script.walk_revisions()}
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_heads()
    unknown = sorted(set(current) - known)
    if unknown:
        raise StoreError(
            f"the database {engine.url.render_as_string()} has schema version "
            f"{', '.join(unknown)}, made by a newer AnchorDesk (this one knows up to "
            f"{script.get_current_head()}): update AnchorDesk on this computer"
        )


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
        return display_url(self.url)


def display_url(url: str) -> str:
    """``url`` with any password hidden (safe to print and log); unparsable: as typed."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is shown as typed
        return url


def open_store(url: str) -> Store:
    """Open (and migrate) the database at ``url`` or raise :class:`StoreError`."""
    engine = create_db_engine(url)
    try:
        check_server(engine)
        migrate(engine)
    except StoreError:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = getattr(exc, "orig", None) or exc
        raise StoreError(
            f"cannot open database {make_url(url).render_as_string()}: {one_line(reason)}"
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
