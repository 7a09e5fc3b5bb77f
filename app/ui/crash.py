"""Errors and crashes in the GUI: uncaught exceptions to the log and a dialog; crash traces.

:class:`ErrorReporter` replaces ``sys.excepthook`` and ``threading.excepthook`` while the
window runs. Every uncaught exception is logged at once (on the thread that raised it);
the dialog is shown on the GUI thread: a worker thread's exception crosses over through a
queued signal, because a widget must never be touched from a worker. One non-modal
:class:`ErrorDialog` collects them all; repeats of the same error are counted, not shown
again, so a failing timer cannot bury the host under dialogs in the middle of a show.

:func:`offer_previous_crash` shows a native crash trace the previous run left (written by
faulthandler, see :mod:`app.logs`) once, then archives it.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import logs

log = logging.getLogger("app.ui.crash")

#: Distinct errors kept in the dialog's details; more are counted, and all are in the log.
MAX_DISTINCT = 20
#: Characters of a crash trace shown in the dialog (the file has everything).
MAX_TRACE_CHARS = 200_000


def open_folder(path: Path) -> bool:
    """Open ``path`` in the system file manager (tests replace this)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _log_folder() -> Path | None:
    return logs.current_log_dir()


@dataclass
class _Entry:
    summary: str
    details: str
    count: int = 1


class ErrorDialog(QDialog):
    """Non-modal list of the errors of this run: summary, details, copy, open log folder."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("error_dialog")
        self.setWindowTitle(self.tr("AnchorDesk — something went wrong"))
        self.setModal(False)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.entries: list[_Entry] = []
        self.dropped = 0
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setVisible(False)
        self.details_button = QPushButton(self.tr("Details"))
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self._on_details)
        self.copy_button = QPushButton(self.tr("Copy details"))
        self.copy_button.clicked.connect(self.copy_details)
        self.folder_button = QPushButton(self.tr("Open log folder"))
        self.folder_button.clicked.connect(self._on_open_folder)
        self.folder_button.setEnabled(_log_folder() is not None)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in (self.details_button, self.copy_button, self.folder_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(640, 220)

    @property
    def total(self) -> int:
        return sum(e.count for e in self.entries) + self.dropped

    def add(self, summary: str, details: str) -> bool:
        """Record one error; the same error again only raises its count. True when new."""
        new = False
        for entry in self.entries:
            if entry.summary == summary and entry.details == details:
                entry.count += 1
                break
        else:
            if len(self.entries) < MAX_DISTINCT:
                self.entries.append(_Entry(summary, details))
                new = True
            else:
                self.dropped += 1
        self._refresh()
        return new

    def details_text(self) -> str:
        parts = []
        for entry in self.entries:
            times = f"  (×{entry.count})" if entry.count > 1 else ""
            parts.append(f"{entry.summary}{times}\n{entry.details}")
        if self.dropped:
            parts.append(f"… {self.dropped} more, see the log")
        return "\n".join(parts)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details_text())

    def _refresh(self) -> None:
        latest = self.entries[-1].summary if self.entries else ""
        text = self.tr(
            "An unexpected error occurred: {error}\n"
            "AnchorDesk keeps running; the show is not interrupted. If something no longer "
            "works, save your work and restart. The log has the details."
        ).format(error=latest)
        if self.total > 1:
            text += "\n" + self.tr("{n} errors so far (repeats are grouped).").format(n=self.total)
        self.message.setText(text)
        self.details.setPlainText(self.details_text())

    def _on_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.resize(self.width(), 480 if shown else 220)

    def _on_open_folder(self) -> None:
        folder = _log_folder()
        if folder is not None:
            open_folder(folder)


class ErrorReporter(QObject):
    """Routes uncaught exceptions to the log and to one non-modal dialog on the GUI thread."""

    raised = Signal(str, str)  # summary, details (emitted from any thread)

    def __init__(
        self, parent: QObject | None = None, *, dialog_parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.dialog_parent = dialog_parent
        self.dialog: ErrorDialog | None = None
        self._previous: tuple[Callable[..., object], Callable[..., object]] | None = None
        self._showing = threading.local()
        # AutoConnection: direct on the GUI thread, queued from a worker thread.
        self.raised.connect(self._show)

    def install(self) -> None:
        """Become ``sys.excepthook`` and ``threading.excepthook`` (until :meth:`uninstall`)."""
        if self._previous is None:
            self._previous = (sys.excepthook, threading.excepthook)
            sys.excepthook = self._sys_hook
            threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        if self._previous is not None:
            if sys.excepthook == self._sys_hook:
                sys.excepthook = self._previous[0]
            if threading.excepthook == self._thread_hook:
                threading.excepthook = self._previous[1]
            self._previous = None

    def report(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
        thread_name: str | None = None,
    ) -> None:
        """Log the exception now and queue it for the dialog; safe from any thread."""
        logs.log_uncaught((exc_type, exc, tb), thread_name)
        summary = "".join(traceback.format_exception_only(exc_type, exc)).strip()
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        if thread_name:
            details = f"thread {thread_name}\n{details}"
        self.raised.emit(summary, details)

    def _sys_hook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        self.report(exc_type, exc, tb)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else None
        self.report(args.exc_type, args.exc_value, args.exc_traceback, name)

    @Slot(str, str)
    def _show(self, summary: str, details: str) -> None:
        if getattr(self._showing, "active", False):
            return  # an error while showing an error: logged already, never recurse
        self._showing.active = True
        try:
            if self.dialog is None:
                self.dialog = ErrorDialog(self.dialog_parent)
            new = self.dialog.add(summary, details)
            # A repeat only raises the count: closing the dialog is not undone by a timer
            # that keeps failing; a different error shows it again.
            if new and not self.dialog.isVisible():
                self.dialog.show()
        except Exception:
            log.exception("cannot show the error dialog")
        finally:
            self._showing.active = False


class CrashTraceDialog(QDialog):
    """The previous run's crash trace: view, save a copy, open folder, dismiss."""

    def __init__(self, trace: Path, more: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crash_trace_dialog")
        self.trace = trace
        self.setWindowTitle(self.tr("AnchorDesk stopped unexpectedly last time"))
        self.setModal(False)
        text = self.tr(
            "The last time AnchorDesk ran it stopped unexpectedly and left a crash report. "
            "Recorded data up to the crash is kept. You can look at the report, save a copy "
            "to send to support, or dismiss it; it is not shown again."
        )
        if more:
            text += "\n" + self.tr(
                "{n} older crash reports were found too; all are kept in the log folder."
            ).format(n=more)
        message = QLabel(text)
        message.setWordWrap(True)
        self.view = QPlainTextEdit()
        self.view.setReadOnly(True)
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.view.setPlainText(_read_trace(trace))
        self.view.setVisible(False)
        self.view_button = QPushButton(self.tr("View"))
        self.view_button.setCheckable(True)
        self.view_button.toggled.connect(self._on_view)
        self.save_button = QPushButton(self.tr("Save a copy…"))
        self.save_button.clicked.connect(self._on_save)
        self.folder_button = QPushButton(self.tr("Open folder"))
        self.folder_button.clicked.connect(lambda: open_folder(trace.parent))
        buttons = QDialogButtonBox()
        dismiss = buttons.addButton(self.tr("Dismiss"), QDialogButtonBox.ButtonRole.RejectRole)
        dismiss.setObjectName("dismiss")
        for button in (self.view_button, self.save_button, self.folder_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(640, 200)

    def save_copy(self, target: Path) -> None:
        target.write_bytes(self.trace.read_bytes())

    def _on_view(self, shown: bool) -> None:
        self.view.setVisible(shown)
        self.resize(self.width(), 520 if shown else 200)

    def _on_save(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save crash report"), str(Path.home() / self.trace.name)
        )
        if name:
            try:
                self.save_copy(Path(name))
            except OSError as exc:
                self.view.setVisible(True)
                self.view.appendPlainText(
                    "\n" + self.tr("Could not save: {error}").format(error=exc)
                )


def _read_trace(trace: Path) -> str:
    try:
        with trace.open(encoding="utf-8", errors="replace") as f:
            return f.read(MAX_TRACE_CHARS)
    except OSError as exc:
        return f"{trace}: {exc}"


def offer_previous_crash(
    parent: QWidget | None, log_dir: Path | None = None
) -> CrashTraceDialog | None:
    """Show the newest pending crash trace (non-modal); all pending ones are archived on close."""
    folder = log_dir if log_dir is not None else logs.current_log_dir()
    if folder is None:
        return None
    pending = logs.pending_crash_traces(folder)
    if not pending:
        return None
    dialog = CrashTraceDialog(pending[-1], more=len(pending) - 1, parent=parent)

    def archive() -> None:
        for trace in pending:
            logs.archive_crash_trace(trace)

    dialog.finished.connect(archive)
    dialog.show()
    return dialog
