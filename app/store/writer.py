"""The one database writer thread.

All writes go through :class:`StoreWriter`: rows are queued from any thread, batched, and
inserted with one ``executemany`` per table every ``flush_ms`` (or sooner when a batch is
full). Other work that must be ordered with the rows (closing a product segment, ending
a session) is submitted with :meth:`StoreWriter.call` and runs on the same thread.

Nothing is lost quietly: if the database is unavailable (disk full, locked, server
gone) the pending rows are kept and retried with back-off while :attr:`status` says
what is wrong; if the in-memory backlog reaches ``max_pending`` new rows are dropped and
counted in :attr:`dropped`.
"""

from __future__ import annotations

import json
import logging
import operator
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import JSON, DateTime, insert
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from app.store.db import Store
from app.store.models import Base, Comment, Order

log = logging.getLogger("app.store.writer")

T = TypeVar("T")

#: Failures worth retrying (disk full, database locked, connection lost); any other
#: database error means a row is bad, and only that row is rejected.
TRANSIENT = (OperationalError, InterfaceError)

#: Tables whose rows carry an external id: duplicates are dropped, not errors.
DEDUPED: tuple[type[Base], ...] = (Comment, Order)


@dataclass(frozen=True, slots=True)
class WriterStatus:
    state: str  # "ok" or "error"
    message: str = ""


def _insert_stmt(model: type[Base], dialect: str) -> Any:
    if model in DEDUPED and dialect in ("sqlite", "postgresql"):
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        else:
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        return dialect_insert(model).on_conflict_do_nothing()
    return insert(model)


def _sqlite_datetime(value: datetime | None) -> str | None:
    """The text SQLAlchemy's SQLite DateTime stores: naive fields with microseconds."""
    if value is None:
        return None
    return value.isoformat(" ", "microseconds")[:26]  # drops any "+00:00" suffix


def sqlite_timestamps(started_at: datetime) -> Callable[[int], str]:
    """``t_ms -> _sqlite_datetime(started_at + t_ms)``, without a datetime per row.

    The recorder stamps thousands of comments a second; building a ``datetime`` and
    formatting it costs more than SQLite's insert. Events arrive nearly in order, so the
    text of the current second is cached and the fraction comes from a table of 1000.
    """
    base = started_at.replace(microsecond=0)
    micro0 = started_at.microsecond
    # per millisecond of a second: the ".ffffff" text and whether it carries a second
    fraction = [f".{(micro0 + ms * 1000) % 1_000_000:06d}" for ms in range(1000)]
    carry = [(micro0 + ms * 1000) // 1_000_000 for ms in range(1000)]
    cached_sec, cached_text = None, ""  # the last second seen and its "Y-M-D H:M:S" text

    def stamp(t_ms: int) -> str:
        nonlocal cached_sec, cached_text
        sec, ms = divmod(t_ms, 1000)
        sec += carry[ms]
        if sec != cached_sec:
            cached_sec = sec
            cached_text = (base + timedelta(seconds=sec)).isoformat(" ")[:19]
        return cached_text + fraction[ms]

    return stamp


@dataclass(eq=False)
class PreparedInsert:
    """A table's insert as driver SQL, fed with ready tuples in ``columns`` order.

    Used by producers whose rows have a fixed shape and arrive by the thousand (the
    recorder's comments): they build the final tuple themselves (timestamps already text,
    see :func:`sqlite_timestamps`), so the writer thread only hands the list to the
    driver's ``executemany``. Rows queue in :attr:`inbox`, a deque: appending needs no
    lock (the lock cost as much as building the row), and only the writer takes rows
    out, as many as it saw, so none can slip between a swap and an append.
    """

    model: type[Base]
    columns: tuple[str, ...]
    sql: str
    inbox: deque[tuple[Any, ...]]


def _json_text(value: Any) -> str:
    return json.dumps(value)  # SQLAlchemy's JSON type: json.dumps, None as 'null'


class SqliteFastInsert:
    """One table's rows as plain tuples for the sqlite3 driver's ``executemany``.

    SQLAlchemy's per-row parameter processing costs as much as SQLite's own work at
    thousands of comments a second. The recorder's rows have a fixed shape per table,
    so the statement, the column order, the defaults of the columns a row leaves out and
    the few conversions (DateTime, JSON) are prepared once. Values are stored exactly as
    SQLAlchemy would store them; a row of another shape, or a table whose defaults are
    not plain values, goes through SQLAlchemy instead. Duplicates are skipped with
    ``ON CONFLICT DO NOTHING``, which (unlike ``OR IGNORE``) still rejects a NULL in a
    required column rather than dropping the row silently.
    """

    def __init__(self, model: type[Base], sample: dict[str, Any]) -> None:
        table = model.__table__
        self.present = tuple(sample)
        missing = [c for c in table.columns if c.name not in sample and not c.primary_key]
        self.usable = all(c.default is None or c.default.is_scalar for c in missing)
        self.constants = tuple(c.default.arg if c.default is not None else None for c in missing)
        columns = [*self.present, *(c.name for c in missing)]
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        tail = " ON CONFLICT DO NOTHING" if model in DEDUPED else ""
        self.sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks}){tail}'
        self._convert: list[tuple[int, Callable[[Any], Any]]] = []
        for i, name in enumerate(columns):
            column_type = table.c[name].type
            if isinstance(column_type, DateTime):
                self._convert.append((i, _sqlite_datetime))
            elif isinstance(column_type, JSON):
                self._convert.append((i, _json_text))
        self._get = operator.itemgetter(*self.present)

    def params(self, rows: list[dict[str, Any]]) -> list[tuple[Any, ...]] | None:
        """Rows as tuples, or None when they cannot take the fast path."""
        width = len(self.present)
        if not self.usable or any(len(row) != width for row in rows):
            return None
        try:
            values = [self._get(row) for row in rows]
        except KeyError:
            return None
        if width == 1:
            values = [(v,) for v in values]
        constants = self.constants
        out = []
        for value in values:
            items = [*value, *constants]
            for i, convert in self._convert:
                items[i] = convert(items[i])
            out.append(tuple(items))
        return out


class StoreWriter:
    """Single-thread, batching writer for one :class:`~app.store.db.Store`."""

    def __init__(
        self,
        store: Store,
        flush_ms: int = 250,
        batch_size: int = 2000,
        max_pending: int = 500_000,
    ) -> None:
        self.store = store
        self.flush_s = flush_ms / 1000.0
        self.batch_size = batch_size
        self.max_pending = max_pending
        self.heartbeat: Callable[[Session], None] | None = None
        self.on_status: Callable[[WriterStatus], None] | None = None
        self.status = WriterStatus("ok")
        self.written = 0
        self.dropped = 0
        self.rejected = 0
        # Producers append to ``_inbox`` under ``_cond``; the writer swaps the whole list
        # out at once, so handing over a row costs one append, not a queue round trip.
        self._inbox: list[tuple[Any, Any]] = []
        self._cond = threading.Condition(threading.Lock())
        self._stopping = False
        self._prepared: list[PreparedInsert] = []
        self._pending: dict[Any, list[Any]] = {}  # model -> dicts, PreparedInsert -> tuples
        self._pending_count = 0
        self._dialect = store.engine.dialect.name
        self._fast: dict[type[Base], SqliteFastInsert] = {}
        self._thread = threading.Thread(target=self._main, name="store-writer", daemon=True)
        self._last_beat = 0.0
        self._retry_at = 0.0
        self._backoff = 0.5

    # -- API (any thread) -----------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    def add(self, model: type[Base], row: dict[str, Any]) -> bool:
        """Queue one row; False (and counted in :attr:`dropped`) if the backlog is full."""
        with self._cond:
            if len(self._inbox) + self._pending_count >= self.max_pending:
                self.dropped += 1
                return False
            self._inbox.append((model, row))
            if len(self._inbox) == self.batch_size:
                self._cond.notify()
        return True

    def prepare(self, model: type[Base], columns: tuple[str, ...]) -> PreparedInsert | None:
        """A :class:`PreparedInsert` for rows of every column but the key, in that order.

        None when the database is not SQLite (the caller then queues dicts with
        :meth:`add`, which SQLAlchemy converts for any database) or the columns do not
        cover the table. Duplicates of de-duplicated tables are skipped as with :meth:`add`.
        """
        table = model.__table__
        needed = {c.name for c in table.columns if not c.primary_key}
        if self._dialect != "sqlite" or set(columns) != needed or len(columns) != len(needed):
            return None
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        tail = " ON CONFLICT DO NOTHING" if model in DEDUPED else ""
        sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks}){tail}'
        prepared = PreparedInsert(model, tuple(columns), sql, deque())
        with self._cond:
            self._prepared = [*self._prepared, prepared]  # copy-on-write: read without lock
        return prepared

    def add_prepared(self, prepared: PreparedInsert, row: tuple[Any, ...]) -> bool:
        """Queue one ready row for ``prepared``; False (and counted) if the backlog is full.

        Lock-free (see :class:`PreparedInsert`); the writer is woken at each full batch
        and otherwise picks the rows up at its flush interval, as for :meth:`add`.
        """
        inbox = prepared.inbox
        queued = len(inbox)
        if queued + len(self._inbox) + self._pending_count >= self.max_pending:
            self.dropped += 1
            return False
        inbox.append(row)
        if (queued + 1) % self.batch_size == 0:
            with self._cond:
                self._cond.notify()
        return True

    def call(self, fn: Callable[[Session], T]) -> Future[T]:
        """Run ``fn(session)`` on the writer thread after the rows queued before it."""
        future: Future[T] = Future()
        with self._cond:
            self._inbox.append((fn, future))
            self._cond.notify()
        return future

    def flush(self, timeout: float | None = 10.0) -> None:
        """Block until everything queued so far is written (or ``timeout``)."""
        self.call(lambda _s: None).result(timeout)

    def close(self, timeout: float = 10.0) -> bool:
        """Write what is pending and stop the thread; True when it stopped in time."""
        if self._thread.is_alive():
            with self._cond:
                self._stopping = True
                self._cond.notify()
            self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def backlog(self) -> int:
        return len(self._inbox) + self._prepared_queue() + self._pending_count

    def _prepared_queue(self) -> int:
        return sum(len(p.inbox) for p in self._prepared)

    def _swap(self) -> tuple[list[tuple[Any, Any]], list[tuple[PreparedInsert, list[Any]]]]:
        """Take everything queued (caller holds ``_cond``).

        The prepared rows are taken after the calls: every row queued before a call is
        then in hand when the call runs.
        """
        items, self._inbox = self._inbox, []
        ready = []
        for prepared in self._prepared:
            inbox = prepared.inbox
            count = len(inbox)
            if count:
                take = inbox.popleft
                ready.append((prepared, [take() for _ in range(count)]))
        return items, ready

    # -- writer thread ----------------------------------------------------------------
    def _main(self) -> None:
        deadline = time.monotonic() + self.flush_s
        while True:
            with self._cond:
                if not self._inbox and not self._stopping and not self._prepared_queue():
                    self._cond.wait(max(0.0, deadline - time.monotonic()))
                items, ready = self._swap()
                stopping = self._stopping
            self._take(items, ready)
            if stopping:
                self._drain_and_stop()
                return
            if self._pending_count >= self.batch_size or time.monotonic() >= deadline:
                self._write_pending()
                self._beat()
                deadline = time.monotonic() + self.flush_s

    def _take(
        self,
        items: list[tuple[Any, Any]],
        ready: list[tuple[PreparedInsert, list[Any]]] | None = None,
    ) -> None:
        """File rows by table; a call first writes the rows queued before it, then runs.

        Prepared rows are filed first: a call then runs after them too, which keeps its
        promise (everything queued before it is written) at the cost of writing a few
        rows queued after it earlier.
        """
        pending = self._pending
        for prepared, rows in ready or ():
            have = pending.get(prepared)
            if have is None:
                pending[prepared] = rows
            else:
                have.extend(rows)
            self._pending_count += len(rows)
        for head, payload in items:
            if isinstance(head, type):
                rows = pending.get(head)
                if rows is None:
                    rows = pending[head] = []
                rows.append(payload)
                self._pending_count += 1
                continue
            self._write_pending(force=True)
            self._run_call(head, payload)

    def _run_call(self, fn: Callable[[Session], Any], future: Future[Any]) -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            with self.store.sessions.begin() as session:
                result = fn(session)
        except BaseException as exc:  # delivered to the caller through the future
            future.set_exception(exc)
        else:
            future.set_result(result)

    def _drain_and_stop(self) -> None:
        with self._cond:
            items, ready = self._swap()
        self._take(items, ready)
        for _ in range(3):
            self._write_pending(force=True)
            if not self._pending_count:
                break
            time.sleep(0.2)
        self._beat(force=True)
        if self._pending_count:
            log.error("writer stopped with %d rows unwritten: %s", self._pending_count, self.status)

    def _beat(self, force: bool = False) -> None:
        now = time.monotonic()
        if self.heartbeat is None or (not force and now - self._last_beat < 1.0):
            return
        self._last_beat = now
        try:
            with self.store.sessions.begin() as session:
                self.heartbeat(session)
        except SQLAlchemyError as exc:
            log.warning("heartbeat failed: %s", exc)

    def _write_pending(self, force: bool = False) -> None:
        if not self._pending_count or (not force and time.monotonic() < self._retry_at):
            return
        try:
            try:
                self._insert_all()
            except TRANSIENT:
                raise
            except SQLAlchemyError:  # a bad row (constraint, type, shape): find and skip it
                self._insert_row_by_row()
        except SQLAlchemyError as exc:  # disk full, locked, server gone: keep rows, retry
            self._failed(exc)
            return
        self._succeeded()

    def _insert_all(self) -> None:
        with self.store.engine.begin() as conn:
            for model, rows in self._pending.items():
                if isinstance(model, PreparedInsert):
                    conn.exec_driver_sql(model.sql, rows)
                    continue
                fast = self._fast.get(model) if self._dialect == "sqlite" else None
                if fast is None and self._dialect == "sqlite":
                    fast = self._fast[model] = SqliteFastInsert(model, rows[0])
                params = fast.params(rows) if fast is not None else None
                if params is None:
                    conn.execute(_insert_stmt(model, self._dialect), rows)
                else:
                    conn.exec_driver_sql(fast.sql, params)
        self._done_pending()

    def _insert_row_by_row(self) -> None:
        """A batch was refused: keep the good rows, count and log the bad ones.

        A transient failure part-way leaves only the rows not yet handled pending.
        """
        for key in list(self._pending):
            rows = self._pending[key]
            prepared = key if isinstance(key, PreparedInsert) else None
            model = key if prepared is None else prepared.model
            stmt = _insert_stmt(model, self._dialect)
            for i, row in enumerate(rows):
                try:
                    with self.store.engine.begin() as conn:
                        if prepared is not None:
                            conn.exec_driver_sql(prepared.sql, [row])
                        else:
                            conn.execute(stmt, [row])
                except TRANSIENT:
                    self._pending[key] = rows[i:]
                    raise
                except SQLAlchemyError as exc:
                    self.rejected += 1
                    reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
                    log.warning("rejected a %s row: %s", model.__tablename__, reason)
                else:
                    self.written += 1
                self._pending_count -= 1
            del self._pending[key]

    def _done_pending(self) -> None:
        self.written += self._pending_count
        self._pending_count = 0
        self._pending.clear()

    def _failed(self, exc: SQLAlchemyError) -> None:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        self._retry_at = time.monotonic() + self._backoff
        self._backoff = min(self._backoff * 2, 10.0)
        log.error("database write failed (%s); %d rows kept for retry", reason, self._pending_count)
        self._set_status(
            WriterStatus(
                "error",
                f"cannot write to the database: {reason}. "
                f"{self._pending_count} events kept in memory and retried; "
                "free disk space or check the database server.",
            )
        )

    def _succeeded(self) -> None:
        self._backoff = 0.5
        self._retry_at = 0.0
        if self.status.state != "ok":
            self._set_status(WriterStatus("ok", "database writes resumed"))

    def _set_status(self, status: WriterStatus) -> None:
        self.status = status
        if self.on_status is not None:
            try:
                self.on_status(status)
            except Exception:
                log.exception("writer status callback failed")
