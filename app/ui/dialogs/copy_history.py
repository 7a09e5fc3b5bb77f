"""Tools ▸ Copy history to another database…: the GUI of ``python -m app store copy``.

A team moving to PostgreSQL brings the sessions this laptop recorded into the team
database: type the target URL, "Test connection" (read-only: reachable, UTF8, not a newer
schema, not this database), tick sessions (or "All sessions"), Copy. The copy is a
:class:`~app.ui.dialogs.store_task.Task` on the dialog's one-thread pool (as in the Privacy
dialog); progress and the result come back on the GUI thread, so the window never freezes
and no widget is touched off-thread.
Cancel takes effect between batches: the session being copied is rolled back, the ones
before it stay copied. The rules (skip what is there, one transaction per session, live
sessions refused) are in :mod:`app.store.transfer`, which has no Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.config import Config
from app.store.db import Store
from app.ui.dialogs.store_task import StoreTaskDialog

# Steps of the progress bar per session (the bar runs over all chosen sessions).
STEPS = 1000


class CopyHistoryDialog(StoreTaskDialog):
    """Copy sessions from this install's database into another one (module docstring)."""

    def __init__(
        self,
        config: Config,
        store: Store | None = None,
        *,
        current_session_id: Callable[[], int | None] = lambda: None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(config, store, current_session_id=current_session_id, parent=parent)
        self.setWindowTitle(self.tr("Copy history to another database"))
        self.setObjectName("copyHistoryDialog")
        self.resize(640, 560)
        self.report: Any = None  # app.store.transfer.CopyReport of the last copy
        self._build()
        self.refresh_sessions()

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Copy the sessions recorded here, with all their comments, orders, transcript "
                "and charts, and the product catalogue into another database, such as your "
                "team's PostgreSQL. Sessions already there are skipped, so copying again is "
                "safe. Recordings (video and audio files) are not in the database: they stay "
                "in this computer's data folder."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self._target_box())
        layout.addWidget(self._sessions_box(), 1)
        self.progress = QProgressBar()
        self.progress.setObjectName("copyProgress")
        self.progress.setRange(0, STEPS)
        self.progress.setValue(0)
        layout.addWidget(self.progress)
        self.status = QLabel()
        self.status.setObjectName("copyStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setObjectName("copyStart")
        self.copy_button.clicked.connect(self.start_copy)
        self.cancel_button = QPushButton(self.tr("Cancel copy"))
        self.cancel_button.setObjectName("copyCancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel_copy)
        row.addWidget(self.copy_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        layout.addLayout(row)

    def _target_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Target database"))
        lay = QVBoxLayout(box)
        row = QHBoxLayout()
        self.target_url = QLineEdit()
        self.target_url.setObjectName("copyTarget")
        self.target_url.setPlaceholderText("postgresql+psycopg://user@host/database")
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.setObjectName("copyTest")
        self.test_button.clicked.connect(self.test_connection)
        row.addWidget(self.target_url, 1)
        row.addWidget(self.test_button)
        lay.addLayout(row)
        self.target_label = QLabel()
        self.target_label.setObjectName("copyTargetInfo")
        self.target_label.setWordWrap(True)
        lay.addWidget(self.target_label)
        return box

    def _sessions_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Sessions to copy"))
        lay = QVBoxLayout(box)
        self.all_sessions = QCheckBox(self.tr("All sessions"))
        self.all_sessions.setObjectName("copyAll")
        self.all_sessions.setChecked(True)
        self.all_sessions.toggled.connect(self._on_all_toggled)
        lay.addWidget(self.all_sessions)
        self.sessions = QListWidget()
        self.sessions.setObjectName("copySessions")
        lay.addWidget(self.sessions)
        return box

    # -- worker plumbing ------------------------------------------------------------------
    def _set_busy(self, busy: bool) -> None:
        super()._set_busy(busy)
        for widget in (self.copy_button, self.test_button, self.target_url, self.all_sessions,
                       self.sessions):  # fmt: skip
            widget.setEnabled(not busy)

    def _on_failed(self, name: str, message: str) -> None:
        self.cancel_button.setEnabled(False)
        if name != "test":
            super()._on_failed(name, message)
            return
        self._set_busy(False)
        self.target_label.setText(self.tr("Cannot use it: {message}").format(message=message))

    # -- sessions -------------------------------------------------------------------------
    def refresh_sessions(self) -> None:
        from app.store.queries import list_sessions

        self._run("sessions", list_sessions)

    def _done_sessions(self, rows: list[Any]) -> None:
        current = self.current_session_id()
        self.sessions.clear()
        for r in rows:
            recording = r.id == current or r.status == "live"
            label = self.tr("#{id}  {started}  {title}  ({comments} comments, {orders} orders)")
            text = label.format(
                id=r.id,
                started=f"{r.started_at:%Y-%m-%d %H:%M}",
                title=r.title,
                comments=r.comments,
                orders=r.orders,
            )
            if recording:
                text += "  " + self.tr("(recording: cannot be copied)")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            flags = item.flags() | Qt.ItemFlag.ItemIsUserCheckable
            if recording:
                flags &= ~Qt.ItemFlag.ItemIsEnabled
            item.setFlags(flags)
            checked = self.all_sessions.isChecked() and not recording
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.sessions.addItem(item)

    def _on_all_toggled(self, on: bool) -> None:
        for i in range(self.sessions.count()):
            item = self.sessions.item(i)
            if item.flags() & Qt.ItemFlag.ItemIsEnabled:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def checked_session_ids(self) -> list[int]:
        ids = []
        for i in range(self.sessions.count()):
            item = self.sessions.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return sorted(ids)

    # -- test and copy --------------------------------------------------------------------
    def _url(self) -> str | None:
        url = self.target_url.text().strip()
        if not url:
            self._say(self.tr("Type the target database URL first."))
            return None
        return url

    def test_connection(self) -> None:
        """Check the target without writing to it (reachable, usable, not this database)."""
        from app.store.transfer import inspect_target

        url = self._url()
        if url is None:
            return
        self.target_label.setText(self.tr("Connecting…"))
        self._run("test", lambda store: inspect_target(url, store.url))

    def _done_test(self, info: Any) -> None:
        if info.revision is None:
            schema = self.tr("empty: the tables will be created")
        elif info.revision == info.head:
            schema = self.tr("schema up to date")
        else:
            schema = self.tr("older schema: it will be upgraded")
        self.target_label.setText(
            self.tr("Connected to {url} ({schema}, {n} sessions).").format(
                url=info.url, schema=schema, n=info.sessions
            )
        )

    def start_copy(self) -> None:
        """Copy the ticked sessions on the worker; progress and result come back as signals."""
        from app.store.transfer import copy_history

        url = self._url()
        if url is None:
            return
        ids = self.checked_session_ids()
        if not ids:
            self._say(self.tr("Tick at least one session to copy."))
            return
        task = self._task("copy", on_progress=self._on_progress)
        if task is None:
            return
        self.progress.setValue(0)
        self._say(self.tr("Copying {n} sessions…").format(n=len(ids)))
        self._start(
            task,
            lambda store: copy_history(
                store, url, session_ids=ids, progress=task.report, cancelled=task.is_cancelled
            ),
        )
        self.cancel_button.setEnabled(True)

    def cancel_copy(self) -> None:
        """Stop after the current batch; the session being copied is rolled back."""
        if self.task is not None:
            self.task.cancel()
        self.cancel_button.setEnabled(False)
        self._say(self.tr("Cancelling…"))

    def _on_progress(self, p: Any) -> None:
        within = p.rows_done / p.rows_total if p.rows_total else 1.0
        self.progress.setValue(int(STEPS * ((p.index - 1) + within) / max(1, p.total)))
        self._say(
            self.tr("Copying session {id} ({i} of {n}): {done} of {total} rows").format(
                id=p.session_id, i=p.index, n=p.total, done=p.rows_done, total=p.rows_total
            )
        )

    def _done_copy(self, report: Any) -> None:
        self.report = report
        self.cancel_button.setEnabled(False)
        if report.ok:
            self.progress.setValue(STEPS)
        lines = [
            self.tr(
                "{copied} sessions copied, {skipped} already there, {refused} refused, "
                "{failed} failed, {cancelled} cancelled; {products} products copied."
            ).format(
                copied=report.count("copied"),
                skipped=report.count("skipped"),
                refused=report.count("refused"),
                failed=report.count("failed"),
                cancelled=report.count("cancelled"),
                products=report.products_copied,
            )
        ]
        lines += [r.line() for r in report.sessions if r.outcome in ("refused", "failed")]
        lines.append(
            self.tr(
                "Recordings (video and audio) were not copied: they stay in this computer's "
                "data folder."
            )
        )
        self._say("\n".join(lines))

    # -- closing --------------------------------------------------------------------------
    def _stop_work(self) -> None:
        """Cancel a running copy: its session rolls back, the ones before it stay copied."""
        if self.task is not None:
            self.task.cancel()
