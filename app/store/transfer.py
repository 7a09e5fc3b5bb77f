"""Copy recorded history from one database to another (a laptop's SQLite into the team's
PostgreSQL, or back).

A team that adopts PostgreSQL (docs/team-mode.md) should not lose what its laptops already
recorded. :func:`copy_history` copies sessions with every row that hangs off them
(:data:`~app.store.models.SESSION_TABLES`) and the product catalogue, under these rules:

- **Safe to repeat.** A session already in the target (same start time, title and owner)
  is skipped and reported, never duplicated or overwritten; products already there (same
  SKU) are left as they are.
- **Ids.** A session keeps its id when that id is free in the target; when another session
  holds it (two laptops both have a session 1) it is copied under a new id and the report
  says so. Rows of a session get fresh ids in the target, inserted in their original order.
- **All or nothing per session.** Each session is copied in one target transaction and its
  row counts are checked before the commit, so a kill, an error or a cancel never leaves a
  half session behind.
- **Only finished sessions.** A session still marked ``live`` is refused: its recorder may
  still be writing (or it was left open by a crash; opening AnchorDesk on that database once
  marks it interrupted).
- **Bounded memory.** Rows stream from the source in batches of :data:`BATCH_ROWS`, so a
  session with a million comments copies without loading them all.
- **The source is only read** (opening it upgrades its schema, as every command does); the
  target is upgraded to the newest schema first (except in a dry run, which writes nothing).

Recordings (video/audio under the data folder's ``recordings/``) are files, not rows: they
are not copied (:data:`RECORDINGS_NOTE`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, inspect, select, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError

from app.errors import UserError
from app.store.db import (
    Store,
    StoreError,
    check_server,
    create_db_engine,
    display_url,
    open_store,
)
from app.store.models import SESSION_TABLES, Base, LiveSession, Product, as_utc

log = logging.getLogger("app.store.transfer")

#: Rows read from the source and inserted into the target per round trip.
BATCH_ROWS = 5000
#: Seconds to wait for a PostgreSQL server before saying it cannot be reached.
CONNECT_TIMEOUT_S = 10

RECORDINGS_NOTE = (
    "Recordings (video and audio files in the data folder's recordings/ folder) are not "
    "in the database and were not copied: they stay on this computer, and reviewing a "
    "copied session on another computer shows its data without the video."
)

#: Columns that tell one recorded session from another (all present since schema 0001).
FINGERPRINT = ("started_at", "title", "platform", "owner_host", "owner_pid")


class TransferError(UserError):
    """The copy cannot start (bad URL, same database, unknown session): one line."""


class _Cancelled(Exception):
    """Raised inside a session's transaction to roll it back when the user cancels."""


class _Mismatch(Exception):
    """Row counts in the target differ from the source: the session is rolled back."""


@dataclass(frozen=True, slots=True)
class CopyProgress:
    """Where a copy is, for a progress bar: session ``index`` of ``total`` (1-based)."""

    index: int
    total: int
    session_id: int
    title: str
    rows_done: int
    rows_total: int


@dataclass(slots=True)
class SessionResult:
    """What happened to one source session.

    ``outcome``: ``copied``, ``would copy`` (dry run), ``skipped`` (already in the target),
    ``refused`` (still live), ``failed`` (rolled back) or ``cancelled``.
    """

    session_id: int
    title: str
    outcome: str
    rows: dict[str, int] = field(default_factory=dict)
    target_id: int | None = None
    message: str = ""

    def line(self) -> str:
        """One human line, e.g. ``session 3 "Spring sale": copied (1,204 rows)``."""
        head = f'session {self.session_id} "{self.title}": {self.outcome}'
        rows = sum(self.rows.values())
        if self.outcome in ("copied", "would copy"):
            head += f" ({rows:,} rows)"
        if self.target_id is not None and self.target_id != self.session_id:
            head += f" as session {self.target_id}"
        return f"{head}: {self.message}" if self.message else head


@dataclass(slots=True)
class CopyReport:
    """The result of :func:`copy_history` (also what ``--json`` prints)."""

    source: str
    target: str
    dry_run: bool
    sessions: list[SessionResult] = field(default_factory=list)
    products_copied: int = 0
    products_skipped: int = 0
    cancelled: bool = False

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.sessions if r.outcome == outcome)

    @property
    def ok(self) -> bool:
        """True when nothing was refused, failed or cancelled."""
        return not any(r.outcome in ("refused", "failed", "cancelled") for r in self.sessions)

    def summary(self) -> str:
        done = "would be copied" if self.dry_run else "copied"
        n_done = self.count("would copy" if self.dry_run else "copied")
        parts = [f"{n_done} sessions {done}", f"{self.count('skipped')} already there"]
        for outcome in ("refused", "failed", "cancelled"):
            if self.count(outcome):
                parts.append(f"{self.count(outcome)} {outcome}")
        verb = "would be copied" if self.dry_run else "copied"
        return (
            f"{', '.join(parts)}; products: {self.products_copied} {verb}, "
            f"{self.products_skipped} already there."
        )

    def lines(self) -> list[str]:
        head = "Dry run: nothing written. " if self.dry_run else ""
        return [
            f"{head}From {self.source} to {self.target}:",
            *(f"  {r.line()}" for r in self.sessions),
            self.summary(),
            RECORDINGS_NOTE,
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "dry_run": self.dry_run,
            "cancelled": self.cancelled,
            "sessions": [
                {
                    "id": r.session_id,
                    "title": r.title,
                    "outcome": r.outcome,
                    "target_id": r.target_id,
                    "rows": r.rows,
                    "message": r.message,
                }
                for r in self.sessions
            ],
            "products": {"copied": self.products_copied, "skipped": self.products_skipped},
            "recordings": RECORDINGS_NOTE,
        }


# -- opening the two databases --------------------------------------------------------------
def _with_timeout(url: str) -> str:
    """A PostgreSQL URL that gives up after :data:`CONNECT_TIMEOUT_S` on an unreachable host."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql" or "connect_timeout" in parsed.query:
        return url
    return parsed.update_query_dict({"connect_timeout": str(CONNECT_TIMEOUT_S)}).render_as_string(
        hide_password=False
    )


def _one_line(exc: BaseException) -> str:
    reason = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(reason).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def _plain(exc: BaseException, url: str) -> str:
    """One line about ``exc`` naming ``url`` as the user typed it (without our timeout)."""
    return _one_line(exc).replace(display_url(_with_timeout(url)), display_url(url))


def database_identity(url: str) -> tuple[str, ...] | None:
    """What names the database ``url`` points at (a file, or server + database name);
    None for an in-memory SQLite database, which is never the same as another."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # ArgumentError or ValueError
        raise TransferError(f"invalid database URL {url!r}: {exc}") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            return None
        return ("sqlite", str(Path(parsed.database).expanduser().resolve()))
    default_port = {"postgresql": 5432}.get(backend, 0)
    host = (parsed.host or "localhost").lower()
    if host in ("127.0.0.1", "::1"):
        host = "localhost"
    return (backend, host, str(parsed.port or default_port), parsed.database or "")


def _server_identity(engine: Engine) -> tuple[str, ...]:
    """The database as its server sees it, so two URLs naming one database are caught."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows = conn.execute(text("PRAGMA database_list")).all()
            path = next((r[2] for r in rows if r[1] == "main"), "")
            return ("sqlite", str(Path(path).resolve()) if path else f"memory:{id(engine)}")
        if engine.dialect.name == "postgresql":
            row = conn.execute(
                text(
                    "SELECT pg_postmaster_start_time()::text, current_database(), "
                    "current_setting('port')"
                )
            ).one()
            return ("postgresql", *map(str, row))
    return (engine.dialect.name, engine.url.render_as_string(hide_password=True))


def _same_database(target_url: str) -> TransferError:
    return TransferError(
        f"the source and the target are the same database ({display_url(target_url)}): "
        "give another --to"
    )


def refuse_same_database(source_url: str, target_url: str) -> None:
    """Raise :class:`TransferError` when both URLs name the same database."""
    a, b = database_identity(source_url), database_identity(target_url)
    if a is not None and a == b:
        raise _same_database(target_url)


def _missing_sqlite_file(url: str) -> str | None:
    """The path of a SQLite file ``url`` names that does not exist (connecting makes it)."""
    parsed = make_url(url)
    path = parsed.database
    if parsed.get_backend_name() != "sqlite" or path in (None, "", ":memory:"):
        return None
    return None if Path(path).expanduser().is_file() else path


def open_source(url: str) -> Store:
    """Open the database to copy from; a SQLite file that does not exist is an error
    (opening it would create an empty one)."""
    missing = _missing_sqlite_file(url)
    if missing is not None:
        raise TransferError(f"there is no database at {missing} to copy from")
    try:
        store = open_store(_with_timeout(url))
    except StoreError as exc:
        raise TransferError(f"source: {_plain(exc, url)}") from exc
    store.url = url  # as typed, for messages
    return store


def open_target(url: str) -> Store:
    """Open the target and upgrade it to the newest schema (it may be new and empty)."""
    try:
        return open_store(_with_timeout(url))
    except StoreError as exc:
        raise TransferError(f"target: {_plain(exc, url)}") from exc


def _readonly_target(url: str) -> Engine | None:
    """The target for a dry run: connected but not migrated; None when the SQLite file
    does not exist yet (connecting would create it)."""
    if _missing_sqlite_file(url) is not None:
        return None
    try:
        engine = create_db_engine(_with_timeout(url))
    except StoreError as exc:
        raise TransferError(f"target: {_one_line(exc)}") from exc
    try:
        check_server(engine)
        from app.store.db import _refuse_newer_schema

        _refuse_newer_schema(engine)
    except (StoreError, SQLAlchemyError) as exc:
        engine.dispose()
        raise TransferError(f"target: {_one_line(exc)}") from exc
    return engine


@dataclass(frozen=True, slots=True)
class TargetInfo:
    """What "Test connection" says about a target, without writing anything."""

    url: str
    backend: str
    revision: str | None  # None: an empty database (the copy creates the tables)
    head: str
    sessions: int

    def message(self) -> str:
        if self.revision is None:
            schema = "empty: the tables will be created"
        elif self.revision == self.head:
            schema = f"schema {self.revision} (current)"
        else:
            schema = f"schema {self.revision}: will be upgraded to {self.head}"
        return f"Connected to {self.url} ({self.backend}, {schema}, {self.sessions} sessions)."


def inspect_target(url: str, source_url: str | None = None) -> TargetInfo:
    """Check a target URL is usable (reachable, UTF8, not newer, not the source)."""
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from app.store.db import alembic_config

    if source_url is not None:
        refuse_same_database(source_url, url)
    engine = _readonly_target(url)
    backend = make_url(url).get_backend_name()
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head() or ""
    if engine is None:
        return TargetInfo(display_url(url), backend, None, head, 0)
    try:
        with engine.connect() as conn:
            revision = MigrationContext.configure(conn).get_current_revision()
            has_sessions = inspect(conn).has_table(LiveSession.__tablename__)
            n = conn.scalar(select(func.count()).select_from(LiveSession)) if has_sessions else 0
    except SQLAlchemyError as exc:
        raise TransferError(f"target: {_one_line(exc)}") from exc
    finally:
        engine.dispose()
    return TargetInfo(display_url(url), backend, revision, head, int(n or 0))


# -- the copy ---------------------------------------------------------------------------------
def copy_history(
    source: Store,
    target_url: str,
    *,
    session_ids: Iterable[int] | None = None,
    dry_run: bool = False,
    progress: Callable[[CopyProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    batch_rows: int = BATCH_ROWS,
) -> CopyReport:
    """Copy ``session_ids`` (default: all) and the catalogue from ``source`` to the target.

    Raises :class:`TransferError` when the copy cannot start; problems with single sessions
    are reported in the returned :class:`CopyReport` (see the module docstring for the rules).
    ``progress`` is called on this thread after every batch; ``cancelled`` is polled between
    batches (a cancelled session is rolled back, the ones before it stay copied).
    """
    refuse_same_database(source.url, target_url)
    wanted = None if session_ids is None else sorted(set(session_ids))
    rows = _source_sessions(source.engine, wanted)
    target_store = None
    if dry_run:
        engine = _readonly_target(target_url)
    else:
        target_store = open_target(target_url)
        engine = target_store.engine
    try:
        if engine is not None and _server_identity(engine) == _server_identity(source.engine):
            raise _same_database(target_url)
        copier = _Copier(
            source.engine,
            target=engine,
            dry_run=dry_run,
            progress=progress,
            cancelled=cancelled,
            batch_rows=batch_rows,
        )
        report = CopyReport(display_url(source.url), display_url(target_url), dry_run)
        report.products_copied, report.products_skipped = copier.products()
        copier.sessions(rows, report)
    except SQLAlchemyError as exc:
        raise TransferError(f"the copy stopped: {_one_line(exc)}") from exc
    finally:
        if target_store is not None:
            target_store.close()
        elif engine is not None:
            engine.dispose()
    log.info("copy to %s: %s", display_url(target_url), report.summary())
    return report


def _source_sessions(engine: Engine, wanted: list[int] | None) -> list[dict[str, Any]]:
    table = LiveSession.__table__
    stmt = select(table).order_by(table.c.id)
    if wanted is not None:
        stmt = stmt.where(table.c.id.in_(wanted))
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(stmt).mappings()]
    missing = sorted(set(wanted or ()) - {r["id"] for r in rows})
    if missing:
        raise TransferError(
            f"no session {', '.join(map(str, missing))} in the source "
            "(see: python -m app sessions list)"
        )
    return rows


def _live_message(row: dict[str, Any]) -> str:
    """Why a ``live`` session is refused: still recording, or left open by a crash."""
    from app.privacy.sessions import still_recording

    if still_recording(LiveSession(**row)):
        return "still recording; stop it, then copy again"
    return (
        "left 'live' by a crash; open AnchorDesk on this database once (it marks the "
        "session interrupted), then copy again"
    )


class _Copier:
    """One copy run between two engines (see :func:`copy_history`)."""

    def __init__(
        self,
        source: Engine,
        *,
        target: Engine | None,
        dry_run: bool,
        progress: Callable[[CopyProgress], None] | None,
        cancelled: Callable[[], bool] | None,
        batch_rows: int,
    ) -> None:
        self.source = source
        self.target = target  # None: a dry run against a SQLite file not made yet
        self.dry_run = dry_run
        self.progress = progress or (lambda _p: None)
        self.cancelled = cancelled or (lambda: False)
        self.batch_rows = max(1, batch_rows)
        self.target_ready = target is not None and inspect(target).has_table("live_session")

    # -- products -------------------------------------------------------------------------
    def products(self) -> tuple[int, int]:
        """Copy products whose SKU the target lacks; returns (copied, already there)."""
        table = Product.__table__
        columns = [c for c in table.columns if c.name != "id"]
        with self.source.connect() as conn:
            rows = [dict(r) for r in conn.execute(select(*columns).order_by(table.c.id)).mappings()]
        have: set[str] = set()
        if self.target_ready and self.target is not None:
            with self.target.connect() as conn:
                have = set(conn.scalars(select(table.c.sku)))
        new = [r for r in rows if r["sku"] not in have]
        if new and not self.dry_run and self.target is not None:
            with self.target.begin() as conn:
                conn.execute(insert(table), new)
        return len(new), len(rows) - len(new)

    # -- sessions -------------------------------------------------------------------------
    def sessions(self, rows: list[dict[str, Any]], report: CopyReport) -> None:
        total = len(rows)
        for index, row in enumerate(rows, 1):
            result = SessionResult(row["id"], row["title"], "")
            report.sessions.append(result)
            if self.cancelled():
                result.outcome, report.cancelled = "cancelled", True
                continue
            stop = self._one(index, total, row, result)
            if result.outcome == "cancelled":
                report.cancelled = True
            if stop:
                for later in rows[index:]:
                    outcome = "cancelled" if report.cancelled else "failed"
                    message = "" if report.cancelled else "not attempted after the error above"
                    report.sessions.append(
                        SessionResult(later["id"], later["title"], outcome, message=message)
                    )
                return

    def _one(self, index: int, total: int, row: dict[str, Any], result: SessionResult) -> bool:
        """Copy one session into ``result``; True when the run must stop."""
        if row["status"] == "live":
            result.outcome, result.message = "refused", _live_message(row)
            return False
        existing = self._already_there(row)
        if existing is not None:
            result.outcome, result.target_id = "skipped", existing
            result.message = "already in the target"
            return False
        result.rows = self._counts(row["id"])
        if self.dry_run:
            result.outcome = "would copy"
            free = self.target is None or not self.target_ready or not self._taken(row["id"])
            if not free:
                result.message = f"id {row['id']} is another session in the target: new id"
            return False
        try:
            result.target_id = self._copy(index, total, row, result.rows)
            result.outcome = "copied"
            if result.target_id != row["id"]:
                result.message = f"id {row['id']} is another session in the target"
        except _Cancelled:
            result.outcome, result.message = "cancelled", "rolled back; nothing of it was written"
            return True
        except _Mismatch as exc:
            result.outcome, result.message = "failed", f"{exc}; rolled back"
        except SQLAlchemyError as exc:
            log.warning("copying session %s failed: %s", row["id"], exc)
            result.outcome, result.message = "failed", f"{_one_line(exc)}; rolled back"
            return isinstance(exc, (OperationalError, InterfaceError))
        return False

    def _already_there(self, row: dict[str, Any]) -> int | None:
        """The target's id of this very session (same fingerprint), preferring the same id."""
        if not self.target_ready or self.target is None:
            return None
        table = LiveSession.__table__
        started = as_utc(row["started_at"])
        assert started is not None
        window = (started - timedelta(seconds=1), started + timedelta(seconds=1))
        stmt = select(table.c.id, *(table.c[c] for c in FINGERPRINT)).where(
            table.c.started_at.between(*window)
        )
        with self.target.connect() as conn:
            found = [dict(r) for r in conn.execute(stmt).mappings()]
        same = [f["id"] for f in found if _fingerprint(f) == _fingerprint(row)]
        if not same:
            return None
        return int(row["id"] if row["id"] in same else same[0])

    def _taken(self, session_id: int, conn: Connection | None = None) -> bool:
        table = LiveSession.__table__
        stmt = select(table.c.id).where(table.c.id == session_id)
        if conn is not None:
            return conn.scalar(stmt) is not None
        assert self.target is not None
        with self.target.connect() as own:
            return own.scalar(stmt) is not None

    def _counts(self, session_id: int) -> dict[str, int]:
        with self.source.connect() as conn:
            return {m.__tablename__: _count(conn, m, session_id) for m in SESSION_TABLES}

    def _copy(self, index: int, total: int, row: dict[str, Any], counts: dict[str, int]) -> int:
        """One session in one target transaction; returns its id in the target."""
        assert self.target is not None
        rows_total = sum(counts.values())
        done = 0

        def report() -> None:
            self.progress(CopyProgress(index, total, row["id"], row["title"], done, rows_total))

        report()
        with self.source.connect() as src, self.target.connect() as dst, dst.begin():
            new_id = self._insert_session(dst, row)
            for model in SESSION_TABLES:
                for batch in _batches(src, model, row["id"], self.batch_rows):
                    if self.cancelled():
                        raise _Cancelled
                    for values in batch:
                        values["session_id"] = new_id
                    dst.execute(insert(model.__table__), batch)
                    done += len(batch)
                    report()
            for model in SESSION_TABLES:
                got = _count(dst, model, new_id)
                if got != counts[model.__tablename__]:
                    raise _Mismatch(
                        f"{model.__tablename__}: {got} rows in the target, "
                        f"{counts[model.__tablename__]} in the source"
                    )
        self.target_ready = True
        return new_id

    def _insert_session(self, dst: Connection, row: dict[str, Any]) -> int:
        """Insert the session row with its own id when free, else with a new one."""
        table = LiveSession.__table__
        if dst.dialect.name == "postgresql":
            # Explicit ids do not move the id sequence: move it past this id first, so a
            # laptop starting a session now (or later) never draws the same id.
            dst.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('live_session', 'id'), "
                    "GREATEST(:id, nextval(pg_get_serial_sequence('live_session', 'id'))))"
                ),
                {"id": row["id"]},
            )
        values = dict(row)
        # Show plans stay on the laptop that made them: the copy keeps the title, host,
        # platform and rundown, which the session row and its queue already hold.
        values["show_id"] = None
        if self._taken(row["id"], dst):
            del values["id"]
        result = dst.execute(insert(table), values)
        if "id" in values:
            return int(row["id"])
        key = result.inserted_primary_key
        if key is None:  # every database here returns the new key of a one-row insert
            raise RuntimeError("the target database returned no id for the copied session")
        return int(key[0])


def _fingerprint(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(as_utc(row[c]) if c == "started_at" else row[c] for c in FINGERPRINT)


def _count(conn: Connection, model: type[Base], session_id: int) -> int:
    table = model.__table__
    stmt = select(func.count()).select_from(table).where(table.c.session_id == session_id)
    return int(conn.scalar(stmt) or 0)


def _batches(
    conn: Connection, model: type[Base], session_id: int, size: int
) -> Iterable[list[dict[str, Any]]]:
    """A session's rows of one table in id order, ``size`` at a time (server-side cursor on
    PostgreSQL; SQLite's cursor steps through the rows as they are fetched)."""
    table = model.__table__
    columns = [c for c in table.columns if c.name != "id"]
    stmt = select(*columns).where(table.c.session_id == session_id).order_by(table.c.id)
    result = conn.execution_options(stream_results=True, yield_per=size).execute(stmt)
    for part in result.mappings().partitions(size):
        yield [dict(r) for r in part]
