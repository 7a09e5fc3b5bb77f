"""The one way to do background work in the GUI: :func:`run_task`, and the dialogs built on it.

``run_task(work, on_done, on_error, parent=widget)`` calls ``work()`` on a worker of a
QThreadPool and hands its result to ``on_done``, or its error (one line, see
:func:`app.errors.user_message`) to ``on_error``, on the GUI thread, as MusicBrainz
Picard's ``run_task`` or Anki's ``CollectionOp`` do. No widget is touched off the GUI
thread, and nothing is delivered once ``parent`` is gone. The returned :class:`Task`
can be cancelled (the work sees it through :meth:`Task.is_cancelled`), report progress
(:meth:`Task.report`, delivered to ``on_progress``) and be waited for::

    run_task(lambda: list_sessions(store), self._show_sessions, self._say, parent=self)

    task = Task(self, self._copied, self._say, on_progress=self._on_progress)
    task.start(lambda: copy(progress=task.report, cancelled=task.is_cancelled), self._pool)

:class:`StoreTaskDialog` is the base of the dialogs that work on the database (Privacy &
data, Copy history, the show plans): one task at a time on the dialog's one-thread pool,
on the running engine's store or one the dialog opens on first use and closes when it
closes. Closing waits for the task in hand, after :meth:`StoreTaskDialog._stop_work`
has asked it to stop.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Self, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QLabel, QWidget

from app.config import Config
from app.errors import user_message
from app.messages import Message
from app.store.db import Store, open_store
from app.ui.engine_api import SessionEngineLike
from app.ui.i18n import tr_message

log = logging.getLogger("app.ui.dialogs.store_task")

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What a worker hands back: a result, or the one-line message of its error."""

    ok: bool
    value: Any = None
    message: str = ""


def error_line(exc: BaseException, what: str = "background task") -> str:
    """``exc`` in one line for a person, in the interface language (an error raised with a
    :class:`~app.messages.Message` is translated); a bug (no plain-words message) is logged
    in full."""
    first = exc.args[0] if exc.args else None
    if isinstance(first, Message):
        return tr_message(first)
    message = user_message(exc)
    if message is None:
        log.error("%s failed", what, exc_info=exc)
        message = f"{type(exc).__name__}: {exc}"
    return message


class Task(QObject, Generic[T]):
    """One piece of background work and the way its outcome comes back to the GUI thread.

    The task lives on the GUI thread as a child of ``parent``: the worker only emits its
    queued signals, and the slots call the callbacks. When ``parent`` is destroyed the
    task goes with it and nothing more is delivered. After delivery the task deletes
    itself (later); :meth:`cancel`, :meth:`is_cancelled`, :meth:`wait` and :attr:`done`
    stay usable on a kept reference.

    Args:
        parent: whose lifetime bounds the callbacks (usually the widget that asked).
        on_done: called with ``work()``'s result.
        on_error: called with a one-line message when ``work()`` raised (default: log it).
        on_progress: called with each value the work passes to :meth:`report`.
        name: for the log.
    """

    _finished = Signal(object)  # _Outcome (emitted on the worker, queued to this thread)
    _progress = Signal(object)

    def __init__(
        self,
        parent: QObject,
        on_done: Callable[[T], None],
        on_error: Callable[[str], None] | None = None,
        *,
        on_progress: Callable[[Any], None] | None = None,
        name: str = "",
    ) -> None:
        super().__init__(parent)
        self.name = name or "background task"
        self._on_done = on_done
        self._on_error = on_error
        self._on_progress = on_progress
        self._cancel = threading.Event()
        self._ended = threading.Event()
        self._ended.set()  # nothing to wait for until started
        self.done = False  # True once the outcome was delivered
        queued = Qt.ConnectionType.QueuedConnection
        self._finished.connect(self._deliver, queued)
        self._progress.connect(self._deliver_progress, queued)

    # -- any thread -------------------------------------------------------------------------
    def start(self, work: Callable[[], T], pool: QThreadPool | None = None) -> Self:
        """Run ``work`` on ``pool`` (default: the application's global pool)."""
        self._ended.clear()
        (pool or QThreadPool.globalInstance()).start(lambda: self._work(work))
        return self

    def cancel(self) -> None:
        """Ask the work to stop: :meth:`is_cancelled` turns true for it.

        Work that has not started yet never runs and reports nothing; work already
        running decides itself how soon to stop, and what it returns is delivered.
        """
        self._cancel.set()

    def is_cancelled(self) -> bool:
        """For the work: whether to stop early (a person closed the dialog, cancelled)."""
        return self._cancel.is_set()

    def report(self, value: Any) -> None:
        """For the work: hand ``value`` to ``on_progress`` on the GUI thread."""
        self._emit(self._progress, value)

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until the work has returned (True) or ``timeout_ms`` passed (False)."""
        return self._ended.wait(timeout_ms / 1000)

    # -- worker ---------------------------------------------------------------------------
    def _work(self, work: Callable[[], T]) -> None:
        try:
            if self._cancel.is_set():
                return
            try:
                outcome = _Outcome(True, work())
            except Exception as exc:
                outcome = _Outcome(False, message=error_line(exc, self.name))
            self._emit(self._finished, outcome)
        finally:
            self._ended.set()

    @staticmethod
    def _emit(signal: Any, value: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the parent (and this task) is gone
            signal.emit(value)

    # -- GUI thread -----------------------------------------------------------------------
    def _deliver(self, outcome: _Outcome) -> None:
        self.done = True
        self.deleteLater()
        if outcome.ok:
            self._on_done(outcome.value)
        elif self._on_error is not None:
            self._on_error(outcome.message)
        else:
            log.warning("%s failed: %s", self.name, outcome.message)

    def _deliver_progress(self, value: Any) -> None:
        if self._on_progress is not None and not self.done:
            self._on_progress(value)


def run_task(
    work: Callable[[], T],
    on_done: Callable[[T], None],
    on_error: Callable[[str], None] | None = None,
    *,
    parent: QObject,
    pool: QThreadPool | None = None,
    on_progress: Callable[[Any], None] | None = None,
    name: str = "",
) -> Task[T]:
    """Run ``work()`` on a worker; ``on_done(result)`` or ``on_error(message)`` on the GUI
    thread, unless ``parent`` is gone by then. See :class:`Task`."""
    task: Task[T] = Task(parent, on_done, on_error, on_progress=on_progress, name=name)
    return task.start(work, pool)


class StoreTaskDialog(QDialog):
    """Base class: ``_run(name, work)`` calls ``work(store)`` on the worker, then
    ``_done_<name>(result)`` on the GUI thread (or :meth:`_on_failed`).

    Subclasses set :attr:`status` (a QLabel for :meth:`_say`) and may extend
    :meth:`_set_busy` to disable their buttons while a task runs.
    """

    status: QLabel

    def __init__(
        self,
        config: Config,
        store: Store | None = None,
        *,
        current_session_id: Callable[[], int | None] = lambda: None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.config = config
        self._store = store
        self._own_store: Store | None = None
        self._store_lock = threading.Lock()
        self.current_session_id = current_session_id
        self.busy = False
        self.task: Task[Any] | None = None  # the task in hand (or the last one)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

    @classmethod
    def open_for_engine(cls, window: QWidget, engine: SessionEngineLike) -> Self:
        """Show the dialog for the main window's engine (its config, store and session)."""
        dialog = cls(
            engine.config,
            engine.store,
            current_session_id=lambda: engine.session_id,
            parent=window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    # -- running tasks --------------------------------------------------------------------
    def _store_for_worker(self) -> Store:
        with self._store_lock:
            if self._store is None:
                self._own_store = self._store = open_store(self.config.db_url)
            return self._store

    def _task(
        self, name: str, *, on_progress: Callable[[Any], None] | None = None
    ) -> Task[Any] | None:
        """A task whose outcome goes to ``_done_<name>`` / :meth:`_on_failed`; None (and
        said) while another one runs. Start it with :meth:`_start`."""
        if self.busy:
            self._say(
                QCoreApplication.translate("StoreTaskDialog", "Still working on the last request…")
            )
            return None
        self._set_busy(True)
        label = self.objectName() or type(self).__name__
        self.task = Task(
            self,
            lambda result: self._on_done(name, result),
            lambda message: self._on_failed(name, message),
            on_progress=on_progress,
            name=f"{label} task {name}",
        )
        return self.task

    def _start(self, task: Task[Any], work: Callable[[Store], Any]) -> None:
        task.start(lambda: work(self._store_for_worker()), self._pool)

    def _run(self, name: str, work: Callable[[Store], Any]) -> None:
        task = self._task(name)
        if task is not None:
            self._start(task, work)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy

    def _on_done(self, name: str, result: Any) -> None:
        self._set_busy(False)
        getattr(self, f"_done_{name}")(result)

    def _on_failed(self, name: str, message: str) -> None:
        self._set_busy(False)
        log.warning("%s task %s failed: %s", self.objectName(), name, message)
        self._say(
            QCoreApplication.translate("StoreTaskDialog", "Could not finish: {message}").format(
                message=message
            )
        )

    def _say(self, text: str) -> None:
        self.status.setText(text)

    # -- closing --------------------------------------------------------------------------
    def wait_idle(self, timeout_ms: int = 30_000) -> bool:
        """Wait for the worker (used when closing; tests use qtbot.waitUntil)."""
        return self._pool.waitForDone(timeout_ms)

    def _stop_work(self) -> None:
        """Ask the task in hand to stop early (closing); by default it simply finishes."""

    def _release(self) -> None:
        """Stop and wait for the worker, then close the store this dialog opened itself."""
        self._stop_work()
        self.wait_idle()
        if self._own_store is not None:
            self._own_store.close()
            self._own_store = self._store = None

    def done(self, result: int) -> None:
        self._release()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._release()
        super().closeEvent(event)
