"""Dialogs that do database work without freezing the window (Privacy, Copy history).

Each task runs on the dialog's one-thread QThreadPool (the app's background-work idiom),
one at a time; its result or one-line error comes back as a queued signal, so no widget is
touched off the GUI thread. The store is the running engine's, or one the dialog opens on
first use and closes when it closes. Closing waits for the task in hand, after
:meth:`StoreTaskDialog._stop_work` has asked it to stop.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Self

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QLabel, QWidget

from app.config import Config
from app.errors import user_message
from app.store.db import Store, open_store
from app.ui.engine_api import SessionEngineLike

log = logging.getLogger("app.ui.dialogs.store_task")


class TaskSignals(QObject):
    done = Signal(str, object)  # task name, result (emitted on the worker: queued to the GUI)
    failed = Signal(str, str)  # task name, one-line message


class StoreTaskDialog(QDialog):
    """Base class: ``_run(name, work)`` calls ``work(store)`` on the worker, then
    ``_done_<name>(result)`` on the GUI thread (or :meth:`_on_failed`).

    Subclasses set :attr:`status` (a QLabel for :meth:`_say`) and may extend
    :meth:`_set_busy` to disable their buttons while a task runs.
    """

    signals_type: type[TaskSignals] = TaskSignals
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
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = self.signals_type(self)
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)

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

    def _run(self, name: str, work: Callable[[Store], Any]) -> None:
        if self.busy:
            self._say(
                QCoreApplication.translate("StoreTaskDialog", "Still working on the last request…")
            )
            return
        self._set_busy(True)
        signals = self._signals
        label = self.objectName() or type(self).__name__

        def task() -> None:
            try:
                result = work(self._store_for_worker())
            except Exception as exc:
                message = user_message(exc)
                if message is None:
                    log.exception("%s task %s failed", label, name)
                    message = f"{type(exc).__name__}: {exc}"
                signals.failed.emit(name, message)
                return
            signals.done.emit(name, result)

        self._pool.start(task)

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
