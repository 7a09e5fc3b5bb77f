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

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from app.store.db import Store
from app.store.models import Base, Comment, Order

log = logging.getLogger("app.store.writer")

T = TypeVar("T")

#: Tables whose rows carry an external id: duplicates are dropped, not errors.
DEDUPED: tuple[type[Base], ...] = (Comment, Order)

_STOP = object()


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
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._pending: dict[type[Base], list[dict[str, Any]]] = {}
        self._pending_count = 0
        self._queued = 0
        self._lock = threading.Lock()
        self._dialect = store.engine.dialect.name
        self._thread = threading.Thread(target=self._main, name="store-writer", daemon=True)
        self._last_beat = 0.0
        self._retry_at = 0.0
        self._backoff = 0.5

    # -- API (any thread) -----------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    def add(self, model: type[Base], row: dict[str, Any]) -> bool:
        """Queue one row; False (and counted in :attr:`dropped`) if the backlog is full."""
        with self._lock:
            if self._queued + self._pending_count >= self.max_pending:
                self.dropped += 1
                return False
            self._queued += 1
        self._queue.put((model, row))
        return True

    def call(self, fn: Callable[[Session], T]) -> Future[T]:
        """Run ``fn(session)`` on the writer thread after the rows queued before it."""
        future: Future[T] = Future()
        self._queue.put((fn, future))
        return future

    def flush(self, timeout: float | None = 10.0) -> None:
        """Block until everything queued so far is written (or ``timeout``)."""
        self.call(lambda _s: None).result(timeout)

    def close(self, timeout: float = 10.0) -> bool:
        """Write what is pending and stop the thread; True when it stopped in time."""
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def backlog(self) -> int:
        return self._queued + self._pending_count

    # -- writer thread ----------------------------------------------------------------
    def _main(self) -> None:
        deadline = time.monotonic() + self.flush_s
        while True:
            timeout = max(0.0, deadline - time.monotonic())
            try:
                item = self._queue.get(timeout=timeout)
            except queue.Empty:
                item = None
            if item is _STOP:
                self._drain_and_stop()
                return
            if item is not None:
                self._take(item)
            if self._pending_count >= self.batch_size or time.monotonic() >= deadline:
                self._write_pending()
                self._beat()
                deadline = time.monotonic() + self.flush_s

    def _take(self, item: tuple[Any, Any]) -> None:
        head, payload = item
        if isinstance(head, type):
            with self._lock:
                self._queued -= 1
                self._pending_count += 1
            self._pending.setdefault(head, []).append(payload)
            return
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
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is not _STOP:
                self._take(item)
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
            self._insert_all()
        except IntegrityError:
            self._insert_row_by_row()
        except SQLAlchemyError as exc:
            self._failed(exc)
            return
        self._succeeded()

    def _insert_all(self) -> None:
        with self.store.engine.begin() as conn:
            for model, rows in self._pending.items():
                conn.execute(_insert_stmt(model, self._dialect), rows)
        self._done_pending()

    def _insert_row_by_row(self) -> None:
        """A batch broke a constraint: keep the good rows, count and log the bad ones."""
        for model, rows in self._pending.items():
            for row in rows:
                try:
                    with self.store.engine.begin() as conn:
                        conn.execute(_insert_stmt(model, self._dialect), [row])
                except IntegrityError as exc:
                    self.rejected += 1
                    log.warning("rejected a %s row: %s", model.__tablename__, exc.orig)
                    self.written -= 1
        self._done_pending()

    def _done_pending(self) -> None:
        with self._lock:
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
