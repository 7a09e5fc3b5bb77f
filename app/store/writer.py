"""The one database writer thread.

All writes go through :class:`StoreWriter`: rows are queued from any thread, batched, and
inserted with one ``executemany`` per table every ``flush_ms`` (or sooner when a batch is
full). Other work that must be ordered with the rows (closing a product segment, ending
a session) is submitted with :meth:`StoreWriter.call` and runs on the same thread.

Rows come in two shapes. A dict (:meth:`StoreWriter.add`) is inserted with SQLAlchemy
Core, on every database. Rows that come by the thousand a second in one fixed shape (the
recorder's comments) may instead be ready tuples for a :class:`PreparedInsert`
(:meth:`StoreWriter.prepare`, SQLite only), which the writer hands straight to the
driver's ``executemany``: the one fast path, and the one place its SQL is written.

Nothing is lost quietly: if the database is unavailable (disk full, locked, server
gone) the pending rows, and an ordered write that failed the same way, are kept and
retried with back-off, in order, while :attr:`status` says what is wrong; if the
in-memory backlog reaches ``max_pending`` new rows are dropped and counted in
:attr:`dropped`. A row that cannot be written at all (a constraint, a number too large
for its column, text no driver can encode: any exception, not only the database's) is
found by splitting its batch, rejected, logged (one line per kind at a bounded rate) and
counted in :attr:`rejected`; every other row is kept. Should the thread's loop still
die, it is restarted, the death logged, reported through ``on_status`` and counted in
:attr:`deaths`. :meth:`StoreWriter.health` sums it up for the session engine.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Connection, insert
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import Session

from app.priority import yield_to_window
from app.store.db import Store
from app.store.models import Base, Comment, Order

log = logging.getLogger("app.store.writer")

T = TypeVar("T")

#: Failures worth retrying (disk full, database locked, connection lost, no free
#: connection); any other error means a row is bad, and only that row is rejected.
TRANSIENT = (OperationalError, InterfaceError, DisconnectionError, PoolTimeoutError)

#: SQLite's primary result code for an error in the SQL itself ("no such table", a
#: syntax error). sqlite3 raises it as an OperationalError, but retrying cannot help.
SQLITE_ERROR = 1

#: Seconds between two log lines about rejected rows of one kind (table and reason).
REJECT_LOG_INTERVAL = 10.0

#: Tables whose rows carry an external id: duplicates are dropped, not errors.
DEDUPED: tuple[type[Base], ...] = (Comment, Order)


@dataclass(frozen=True, slots=True)
class WriterStatus:
    state: str  # "ok" or "error"
    message: str = ""


@dataclass(frozen=True, slots=True)
class WriterHealth:
    """What the writer could not record, for the session engine (:meth:`StoreWriter.health`).

    ``rejected``: rows refused as unwritable (by the recorder's checks or the database),
    never retried. ``dropped``: rows refused because the backlog was full, or discarded
    after the writer crashed twice without writing anything. ``deaths``: times the
    writer's loop crashed and was restarted. ``backlog``: rows and ordered writes queued
    but not written yet (after :meth:`StoreWriter.close`, what was never written).
    ``last_error``: the latest problem in one line, "" if there was none.
    """

    rejected: int
    dropped: int
    deaths: int
    backlog: int
    last_error: str
    written: int = 0
    rejected_by_table: Mapping[str, int] = field(default_factory=dict)

    @property
    def lost(self) -> int:
        """Rows that were or may be missing from the database."""
        return self.rejected + self.dropped + self.backlog

    @property
    def clean(self) -> bool:
        """True when every row queued was written and the writer never crashed."""
        return not (self.lost or self.deaths)


def is_transient(exc: BaseException) -> bool:
    """Whether retrying later can help: disk full, database locked, server gone."""
    if not isinstance(exc, TRANSIENT):
        return False
    code = getattr(getattr(exc, "orig", None), "sqlite_errorcode", None)
    return code is None or code & 0xFF != SQLITE_ERROR


def one_line(exc: BaseException) -> str:
    """The first line of an error's message (the driver's, when it is wrapped)."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    line = (text.splitlines() or [type(exc).__name__])[0][:300]
    return line.encode("utf-8", "backslashreplace").decode("utf-8")  # loggable, showable


class RejectLog:
    """Logs rejected rows once per kind (table and reason) every ``interval`` seconds.

    A bad source can send thousands of unwritable rows a second; one line per row would
    bury the log. The rows between two lines of a kind are counted and reported with the
    next line, or by :meth:`flush` when the writer stops.
    """

    def __init__(self, interval: float = REJECT_LOG_INTERVAL) -> None:
        self.interval = interval
        self._lock = threading.Lock()  # producers (the recorder) and the writer both note
        self._next: dict[tuple[str, str], float] = {}
        self._quiet: dict[tuple[str, str], int] = {}

    def note(self, table: str, kind: str, detail: str) -> None:
        key, now = (table, kind), time.monotonic()
        with self._lock:
            if now < self._next.get(key, 0.0):
                self._quiet[key] = self._quiet.get(key, 0) + 1
                return
            self._next[key] = now + self.interval
            more = self._quiet.pop(key, 0)
        since = f" (and {more} more since the last message)" if more else ""
        log.warning("rejected a %s row: %s: %s%s", table, kind, detail, since)

    def flush(self) -> None:
        with self._lock:
            quiet, self._quiet = self._quiet, {}
        for (table, kind), count in quiet.items():
            log.warning("rejected %d more %s rows: %s", count, table, kind)


def _insert_stmt(model: type[Base], dialect: str) -> Any:
    """SQLAlchemy Core's insert; duplicates of de-duplicated tables are skipped."""
    if model in DEDUPED and dialect == "sqlite":
        from sqlalchemy.dialects import sqlite

        return sqlite.insert(model).on_conflict_do_nothing()
    if model in DEDUPED and dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(model).on_conflict_do_nothing()
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

    @classmethod
    def of(cls, model: type[Base], columns: tuple[str, ...]) -> PreparedInsert:
        """The insert of ``columns`` (in this order) into ``model``'s table, for sqlite3."""
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        tail = " ON CONFLICT DO NOTHING" if model in DEDUPED else ""
        sql = f'INSERT INTO "{model.__table__.name}" ({names}) VALUES ({marks}){tail}'
        return cls(model, columns, sql, deque())


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
        self.rejected_by_table: dict[str, int] = {}
        self.deaths = 0
        self.last_error = ""
        self._counts = threading.Lock()  # producers count rows too (dropped, rejected)
        self._reject_log = RejectLog()
        # Producers append to ``_inbox`` under ``_cond``; the writer swaps the whole list
        # out at once, so handing over a row costs one append, not a queue round trip.
        self._inbox: list[tuple[Any, Any]] = []
        self._cond = threading.Condition(threading.Lock())
        self._stopping = False
        self._prepared: list[PreparedInsert] = []
        self._pending: dict[Any, list[Any]] = {}  # model -> dicts, PreparedInsert -> tuples
        self._pending_count = 0
        # Rows and calls taken from the inbox, in order, not filed yet: only non-empty
        # while a call at its head waits for a retry (see _run_held).
        self._held: deque[tuple[Any, Any]] = deque()
        self._dialect = store.engine.dialect.name
        self._thread = threading.Thread(target=self._run, name="store-writer", daemon=True)
        self._last_beat = 0.0
        self._retry_at = 0.0
        self._backoff = 0.5
        self._crashes = 0  # deaths in a row, without a row written in between
        self._written_at_crash = -1
        self._outage_logged = ""  # the failure last logged, and when it may be logged again
        self._outage_log_at = 0.0

    # -- API (any thread) -----------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    @property
    def alive(self) -> bool:
        """Whether the writer thread is running (it stops only in :meth:`close`)."""
        return self._thread.is_alive()

    def add(self, model: type[Base], row: dict[str, Any]) -> bool:
        """Queue one row; False (and counted in :attr:`dropped`) if the backlog is full."""
        with self._cond:
            if len(self._inbox) + self._pending_count >= self.max_pending:
                with self._counts:
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
        prepared = PreparedInsert.of(model, tuple(columns))
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
            with self._counts:
                self.dropped += 1
            return False
        inbox.append(row)
        if (queued + 1) % self.batch_size == 0:
            with self._cond:
                self._cond.notify()
        return True

    def reject(self, table: str, kind: str, detail: str = "") -> None:
        """Count and log a row of ``table`` that cannot be stored; it is never retried.

        The writer calls it for rows the database refuses; producers call it for rows
        they refuse before queueing them (the recorder's checks). ``kind`` names the
        reason in a few words: the log gets one line per table and kind at a bounded
        rate (:class:`RejectLog`), with ``detail`` (the first example's specifics).
        """
        with self._counts:
            self.rejected += 1
            self.rejected_by_table[table] = self.rejected_by_table.get(table, 0) + 1
            self.last_error = f"rejected a {table} row: {kind}"
        self._reject_log.note(table, kind, detail)

    def health(self) -> WriterHealth:
        """What was rejected, dropped or is still queued, and how often the loop died."""
        with self._counts:
            return WriterHealth(
                rejected=self.rejected,
                dropped=self.dropped,
                deaths=self.deaths,
                backlog=self.backlog,
                last_error=self.last_error,
                written=self.written,
                rejected_by_table=dict(self.rejected_by_table),
            )

    def call(self, fn: Callable[[Session], T]) -> Future[T]:
        """Run ``fn(session)`` on the writer thread after the rows queued before it.

        If the database refuses it for now (locked, disk full, server gone) it is retried
        with back-off like rows, and nothing queued after it is written before it has
        run. Any other exception is delivered through the future.
        """
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
        """Rows and calls queued but not written yet."""
        return len(self._inbox) + self._prepared_queue() + self._pending_count + len(self._held)

    def _prepared_queue(self) -> int:
        return sum(len(p.inbox) for p in self._prepared)

    def _swap(self) -> None:
        """Take everything queued into the writer's hands (caller holds ``_cond``).

        Rows and calls go to ``_held`` in order; prepared rows are filed at once. They
        are taken after the calls: every row queued before a call is then in hand when
        the call runs, at the cost of writing a few rows queued after it earlier. Nothing
        taken lives only in a local variable, so a crash of the loop loses none of it.
        """
        items, self._inbox = self._inbox, []
        self._held.extend(items)
        pending = self._pending
        for prepared in self._prepared:
            inbox = prepared.inbox
            count = len(inbox)
            if count:
                take = inbox.popleft
                rows = [take() for _ in range(count)]
                have = pending.get(prepared)
                if have is None:
                    pending[prepared] = rows
                else:
                    have.extend(rows)
                self._pending_count += count

    # -- writer thread ----------------------------------------------------------------
    def _run(self) -> None:
        """The thread: :meth:`_main`, restarted whenever it dies, so it never dies silently."""
        yield_to_window()  # the window first (app/priority.py)
        while True:
            try:
                self._main()
                return
            except Exception as exc:  # a bug: say so loudly, then carry on with the inbox
                if not self._restart_after(exc):
                    return

    def _restart_after(self, exc: Exception) -> bool:
        """Log, count and report a death of the loop; False when it should stay stopped.

        The inbox is kept. The rows and calls in hand are kept too, unless the loop dies
        again before writing a row: then they may be what kills it, and are discarded
        (counted in :attr:`dropped`; the calls' futures get an error).
        """
        if self.written != self._written_at_crash:
            self._crashes = 0
        self._crashes += 1
        self._written_at_crash = self.written
        reason = f"{type(exc).__name__}: {one_line(exc)}"
        with self._counts:
            self.deaths += 1
            self.last_error = f"the database writer crashed ({reason})"
        log.error("the database writer crashed (%s); restarting it", reason, exc_info=exc)
        lost = self._discard_in_hand() if self._crashes > 1 else 0
        note = f" ({lost} events discarded)" if lost else ""
        self._set_status(
            WriterStatus(
                "error",
                f"the database writer crashed ({reason}) and was restarted; "
                f"some events may not have been recorded{note}.",
            )
        )
        if self._stopping and self._crashes >= 3:
            log.error("the database writer keeps crashing while stopping; giving up")
            self._discard_in_hand()
            return False
        with self._cond:
            if not self._stopping:
                self._cond.wait(min(0.1 * 2 ** (self._crashes - 1), 5.0))
        return True

    def _discard_in_hand(self) -> int:
        """Drop the rows and calls taken from the inbox; returns how many rows."""
        rows = self._pending_count
        for head, payload in self._held:
            if isinstance(head, type):
                rows += 1
            elif not payload.done():
                payload.set_exception(RuntimeError("the database writer crashed before it ran"))
        self._held.clear()
        self._pending.clear()
        self._pending_count = 0
        with self._counts:
            self.dropped += rows
        if rows:
            log.error("discarded %d rows the crashed database writer held", rows)
        return rows

    def _main(self) -> None:
        deadline = time.monotonic() + self.flush_s
        while True:
            with self._cond:
                if self._held:  # a call waits for its retry: take nothing new before it ran
                    if not self._stopping:
                        self._cond.wait(max(0.01, self._retry_at - time.monotonic()))
                else:
                    if not self._inbox and not self._stopping and not self._prepared_queue():
                        self._cond.wait(max(0.0, deadline - time.monotonic()))
                    self._swap()
                stopping = self._stopping
            self._run_held()
            if stopping:
                self._drain_and_stop()
                return
            if self._pending_count >= self.batch_size or time.monotonic() >= deadline:
                self._write_pending()
                self._beat()
                deadline = time.monotonic() + self.flush_s

    def _run_held(self, force: bool = False) -> None:
        """File the rows taken by table; run each call once the rows before it are written.

        A call waits while those rows, or the call itself, fail transiently (locked,
        disk full, server gone): it stays at the head of ``_held`` with everything taken
        after it, and :meth:`_main` takes nothing new until it has run, so an ordered
        write is retried like rows and never overtaken by later ones. ``force`` ignores
        the back-off (when stopping).
        """
        held, pending = self._held, self._pending
        while held:
            head, payload = held[0]
            if isinstance(head, type):
                held.popleft()
                rows = pending.get(head)
                if rows is None:
                    rows = pending[head] = []
                rows.append(payload)
                self._pending_count += 1
                continue
            if not force and time.monotonic() < self._retry_at:
                return
            self._write_pending(force=True)
            if self._pending_count or not self._run_call(head, payload):
                return
            held.popleft()

    def _run_call(self, fn: Callable[[Session], Any], future: Future[Any]) -> bool:
        """Run a call; False when it failed transiently and must be retried."""
        if not future.running() and not future.set_running_or_notify_cancel():
            return True  # cancelled before it ran
        try:
            with self.store.sessions.begin() as session:
                result = fn(session)
        except BaseException as exc:  # delivered to the caller through the future
            if isinstance(exc, Exception) and is_transient(exc):
                self._failed(exc, "an ordered write (product switch, session state) is")
                return False
            future.set_exception(exc)
        else:
            future.set_result(result)
            self._succeeded()
        return True

    def _drain_and_stop(self) -> None:
        with self._cond:
            self._swap()
        for attempt in range(3):
            if attempt:
                time.sleep(0.2)
            self._run_held(force=True)
            if not self._held:  # else the rows before the waiting call just failed again
                self._write_pending(force=True)
            if not self._pending_count and not self._held:
                break
        self._beat(force=True)
        self._reject_log.flush()
        if self._pending_count or self._held:
            log.error("writer stopped with %d rows unwritten: %s", self.backlog, self.status)
            for head, payload in self._held:
                if not isinstance(head, type) and not payload.done():
                    payload.set_exception(RuntimeError(f"not written: {self.last_error}"))

    def _beat(self, force: bool = False) -> None:
        now = time.monotonic()
        if self.heartbeat is None or (not force and now - self._last_beat < 1.0):
            return
        self._last_beat = now
        try:
            with self.store.sessions.begin() as session:
                self.heartbeat(session)
        except Exception as exc:  # a missed beat is retried in a second
            log.warning("heartbeat failed: %s", one_line(exc))

    def _write_pending(self, force: bool = False) -> None:
        if not self._pending_count or (not force and time.monotonic() < self._retry_at):
            return
        try:
            self._write_batches()
        except Exception as exc:
            if not is_transient(exc):
                raise  # no row's fault but the writer's own: the supervisor restarts it
            self._failed(exc)  # disk full, locked, server gone: keep the rows, retry
            return
        self._succeeded()

    def _write_batches(self) -> None:
        """Insert every pending row; on any error but a transient one, isolate the bad rows."""
        try:
            self._insert_all()
        except Exception as exc:
            if is_transient(exc):
                raise
            self._isolate_bad_rows()

    def _insert_all(self) -> None:
        with self.store.engine.begin() as conn:
            for key, rows in self._pending.items():
                self._insert_rows(conn, key, rows)
        self._done_pending()

    def _insert_rows(self, conn: Connection, key: Any, rows: list[Any]) -> None:
        """One table's rows: prepared tuples straight to sqlite3, dicts through SQLAlchemy."""
        if isinstance(key, PreparedInsert):
            conn.exec_driver_sql(key.sql, rows)
            return
        conn.execute(_insert_stmt(key, self._dialect), rows)

    def _isolate_bad_rows(self) -> None:
        """A batch was refused: keep the good rows, reject (count, log) the bad ones.

        Each table's rows are split in halves until the failing ones stand alone, so a
        few bad rows among thousands cost a few dozen transactions, not one per row.
        Any exception counts (a driver's OverflowError or UnicodeEncodeError as much as
        a constraint); chunks are written in order, and a transient failure part-way
        leaves only the rows not yet handled pending.
        """
        for key in list(self._pending):
            model = key.model if isinstance(key, PreparedInsert) else key
            stack = [self._pending[key]]  # the next chunk, in order, is on top
            while stack:
                rows = stack.pop()
                try:
                    with self.store.engine.begin() as conn:
                        self._insert_rows(conn, key, rows)
                except Exception as exc:
                    if is_transient(exc):
                        self._pending[key] = [*rows, *(r for c in reversed(stack) for r in c)]
                        raise
                    if len(rows) > 1:
                        half = len(rows) // 2
                        stack += (rows[half:], rows[:half])
                        continue
                    self.reject(model.__tablename__, type(exc).__name__, one_line(exc))
                else:
                    self.written += len(rows)
                self._pending_count -= len(rows)
            del self._pending[key]

    def _done_pending(self) -> None:
        self.written += self._pending_count
        self._pending_count = 0
        self._pending.clear()

    def _failed(self, exc: Exception, what: str = "") -> None:
        reason = one_line(exc)
        self._retry_at = time.monotonic() + self._backoff
        self._backoff = min(self._backoff * 2, 10.0)
        self.last_error = f"cannot write to the database: {reason}"
        kept, now = self.backlog, time.monotonic()
        if reason != self._outage_logged or now >= self._outage_log_at:  # not every retry
            self._outage_logged, self._outage_log_at = reason, now + REJECT_LOG_INTERVAL
            log.error("database write failed (%s); %d events kept for retry", reason, kept)
        waiting = f"{what} waiting; " if what else ""
        self._set_status(
            WriterStatus(
                "error",
                f"cannot write to the database: {reason}. {waiting}"
                f"{kept} events kept in memory and retried; "
                "free disk space or check the database server.",
            )
        )

    def _succeeded(self) -> None:
        self._backoff = 0.5
        self._retry_at = 0.0
        self._outage_logged = ""
        if self.status.state != "ok":
            self._set_status(WriterStatus("ok", "database writes resumed"))

    def _set_status(self, status: WriterStatus) -> None:
        self.status = status
        if self.on_status is not None:
            try:
                self.on_status(status)
            except Exception:
                log.exception("writer status callback failed")
