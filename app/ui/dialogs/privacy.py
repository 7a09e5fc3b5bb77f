"""Privacy & data: every privacy control in one dialog (Tools menu).

- viewer pseudonymisation on/off (the ``pseudonymize_viewers`` setting, next session);
- retention: ``retention_days`` and "Apply now" (counts first, asks, then removes);
- sessions: the list with "Delete…" (rows and recordings; the recording session is refused);
- one viewer: find by name or pseudonym, export to JSON/CSV, erase;
- a line saying where the ingest server listens and that it always needs the token.

Database work runs as tasks (:mod:`app.ui.dialogs.store_task`, the app's one
background-work idiom) on a one-thread pool; results and errors come back on the GUI
thread, so the window never freezes and no widget is touched off-thread. The domain
logic is in :mod:`app.privacy` (no Qt).
:func:`start_retention_at_launch` applies the retention setting in the background when the
main window opens.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.config import Config
from app.store.db import Store
from app.ui.dialogs.store_task import StoreTaskDialog, Task
from app.ui.engine_api import SessionEngineLike

log = logging.getLogger("app.ui.dialogs.privacy")

MAX_RETENTION_DAYS = 3650


def server_privacy_line(config: Config) -> str:
    """Where the ingest/overlay server listens, in words (it always requires the token)."""
    s = config.settings
    where = f"{s.server_host}:{s.server_port}"
    if s.server_allow_remote:
        return QApplication.translate(
            "PrivacyDialog",
            "The ingest/overlay server listens on {where} and accepts other machines (you "
            "opted in); every request needs this install's access token.",
        ).format(where=where)
    return QApplication.translate(
        "PrivacyDialog",
        "The ingest/overlay server listens on {where}, on this computer only (loopback), "
        "unless you allow other machines in Settings; every request needs this install's "
        "access token.",
    ).format(where=where)


class PrivacyDialog(StoreTaskDialog):
    """The privacy controls; database work on a worker (see module docstring).

    ``confirm`` and ``ask_save_path`` are attributes so tests can answer for the user.
    """

    def __init__(
        self,
        config: Config,
        store: Store | None = None,
        *,
        current_session_id: Callable[[], int | None] = lambda: None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(config, store, current_session_id=current_session_id, parent=parent)
        self.setWindowTitle(self.tr("Privacy & data"))
        self.setObjectName("privacyDialog")
        self.resize(780, 720)
        self.confirm: Callable[[str, str], bool] = self._ask_yes_no
        self.ask_save_path: Callable[[str], str] = self._ask_save_path
        self.last_result: Any = None
        self.viewer: Any = None  # app.privacy.viewers.ViewerRecord of the last lookup
        self._build()
        self.refresh_sessions()

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self._names_box())
        layout.addWidget(self._retention_box())
        layout.addWidget(self._sessions_box(), 1)
        layout.addWidget(self._viewer_box())
        self.server_label = QLabel(server_privacy_line(self.config))
        self.server_label.setObjectName("privacyServer")
        self.server_label.setWordWrap(True)
        layout.addWidget(self.server_label)
        self.status = QLabel()
        self.status.setObjectName("privacyStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._action_buttons = [
            self.apply_retention_button,
            self.delete_button,
            self.refresh_button,
            self.find_button,
            self.export_button,
            self.erase_button,
        ]

    def _names_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Viewer names"))
        lay = QVBoxLayout(box)
        self.pseudonymize = QCheckBox(self.tr("Pseudonymise viewer names (recommended)"))
        self.pseudonymize.setChecked(self.config.settings.pseudonymize_viewers)
        self.pseudonymize.toggled.connect(self._on_pseudonymize)
        lay.addWidget(self.pseudonymize)
        note = QLabel(
            self.tr(
                "On: the database stores a salted hash instead of each viewer's name. "
                "Off: names are stored as the platform sends them. Applies from the next "
                "session."
            )
        )
        note.setWordWrap(True)
        lay.addWidget(note)
        return box

    def _retention_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Retention"))
        lay = QHBoxLayout(box)
        lay.addWidget(QLabel(self.tr("Remove comment texts after")))
        self.retention_days = QSpinBox()
        self.retention_days.setObjectName("retentionDays")
        self.retention_days.setRange(0, MAX_RETENTION_DAYS)
        self.retention_days.setSuffix(self.tr(" days"))
        self.retention_days.setSpecialValueText(self.tr("keep forever"))
        self.retention_days.setValue(max(0, self.config.settings.retention_days))
        self.retention_days.valueChanged.connect(self._on_retention_days)
        lay.addWidget(self.retention_days)
        self.apply_retention_button = QPushButton(self.tr("Apply now"))
        self.apply_retention_button.clicked.connect(self.apply_retention)
        lay.addWidget(self.apply_retention_button)
        lay.addStretch(1)
        box.setToolTip(
            self.tr(
                "Counts, times, sentiment and intent are kept, so KPIs and review curves do "
                "not change. Applied automatically when AnchorDesk starts."
            )
        )
        return box

    def _sessions_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Sessions"))
        lay = QVBoxLayout(box)
        headers = [self.tr("ID"), self.tr("Started (UTC)"), self.tr("Status"), self.tr("Title"),
                   self.tr("Comments"), self.tr("Orders")]  # fmt: skip
        self.sessions = QTableWidget(0, len(headers))
        self.sessions.setObjectName("privacySessions")
        self.sessions.setHorizontalHeaderLabels(headers)
        self.sessions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sessions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sessions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sessions.verticalHeader().hide()
        self.sessions.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.sessions)
        row = QHBoxLayout()
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh_sessions)
        self.delete_button = QPushButton(self.tr("Delete session…"))
        self.delete_button.clicked.connect(self.delete_selected_session)
        row.addWidget(self.refresh_button)
        row.addStretch(1)
        row.addWidget(self.delete_button)
        lay.addLayout(row)
        return box

    def _viewer_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("One viewer"))
        lay = QVBoxLayout(box)
        row = QHBoxLayout()
        self.viewer_query = QLineEdit()
        self.viewer_query.setPlaceholderText(self.tr("Viewer name or pseudonym (v…)"))
        self.viewer_query.returnPressed.connect(self.find_viewer)
        self.find_button = QPushButton(self.tr("Find"))
        self.find_button.clicked.connect(self.find_viewer)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.clicked.connect(self.export_viewer)
        self.erase_button = QPushButton(self.tr("Erase…"))
        self.erase_button.clicked.connect(self.erase_viewer)
        for widget in (self.viewer_query, self.find_button, self.export_button, self.erase_button):
            row.addWidget(widget)
        lay.addLayout(row)
        self.viewer_label = QLabel()
        self.viewer_label.setObjectName("privacyViewer")
        self.viewer_label.setWordWrap(True)
        lay.addWidget(self.viewer_label)
        return box

    # -- settings -------------------------------------------------------------------------
    def _save_settings(self) -> None:
        try:
            self.config.save()
        except OSError as exc:
            self._say(self.tr("Could not save settings: {error}").format(error=exc))

    def _on_pseudonymize(self, on: bool) -> None:
        self.config.settings.pseudonymize_viewers = on
        self._save_settings()
        if on:
            self._say(self.tr("Viewer names will be pseudonymised from the next session."))
        else:
            self._say(self.tr("Viewer names will be stored as sent from the next session."))

    def _on_retention_days(self, days: int) -> None:
        self.config.settings.retention_days = days
        self._save_settings()

    # -- worker plumbing ------------------------------------------------------------------
    def _set_busy(self, busy: bool) -> None:
        super()._set_busy(busy)
        for button in self._action_buttons:
            button.setEnabled(not busy)
        if not busy:
            self._update_viewer_buttons()

    def _on_done(self, name: str, result: Any) -> None:
        self.last_result = result
        super()._on_done(name, result)

    # -- retention ------------------------------------------------------------------------
    def apply_retention(self) -> None:
        """Count what the current setting would remove, ask, then remove it."""
        from app.privacy.retention import apply_retention

        days = self.retention_days.value()
        if days <= 0:
            self._say(self.tr("Retention is off (keep forever): nothing to remove."))
            return
        self._run("retention_preview", lambda store: apply_retention(store, days, dry_run=True))

    def _done_retention_preview(self, result: Any) -> None:
        from app.privacy.retention import apply_retention

        if not result.comments:
            self._say(
                self.tr("No comment texts older than {days} days to remove.").format(
                    days=result.days
                )
            )
            return
        question = self.tr(
            "Remove the texts of {n} comments in {s} sessions that ended more than {days} "
            "days ago? Counts and curves are kept. This cannot be undone."
        ).format(n=result.comments, s=len(result.sessions), days=result.days)
        if not self.confirm(self.tr("Apply retention"), question):
            self._say(self.tr("Cancelled; nothing was changed."))
            return
        days = result.days
        self._run("retention", lambda store: apply_retention(store, days))

    def _done_retention(self, result: Any) -> None:
        self._say(
            self.tr(
                "Removed the texts of {n} comments in {s} sessions (counts and curves kept)."
            ).format(n=result.comments, s=len(result.sessions))
        )
        self.refresh_sessions()

    # -- sessions -------------------------------------------------------------------------
    def refresh_sessions(self) -> None:
        from app.store.queries import list_sessions

        self._run("sessions", list_sessions)

    def _done_sessions(self, rows: list[Any]) -> None:
        current = self.current_session_id()
        self.sessions.setRowCount(len(rows))
        for i, r in enumerate(rows):
            status = self.tr("recording") if r.id == current else r.status
            cells = (str(r.id), f"{r.started_at:%Y-%m-%d %H:%M}", status, r.title,
                     str(r.comments), str(r.orders))  # fmt: skip
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                self.sessions.setItem(i, col, item)
        self.sessions.resizeColumnsToContents()

    def selected_session_id(self) -> int | None:
        items = self.sessions.selectedItems()
        return int(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def delete_selected_session(self) -> None:
        """Delete the selected session after asking; the recording session is refused."""
        from app.privacy.sessions import delete_session_everywhere

        sid = self.selected_session_id()
        if sid is None:
            self._say(self.tr("Select a session to delete first."))
            return
        current = self.current_session_id()
        if sid == current:
            self._say(
                self.tr("Session {id} is recording now; stop it before deleting it.").format(id=sid)
            )
            return
        question = self.tr(
            "Delete session {id} with all its comments, orders, transcript and recordings? "
            "This cannot be undone."
        ).format(id=sid)
        if not self.confirm(self.tr("Delete session"), question):
            self._say(self.tr("Cancelled; nothing was changed."))
            return
        folder = self.config.recordings_dir
        self._run(
            "delete",
            lambda store: delete_session_everywhere(store, sid, folder, current_session_id=current),
        )

    def _done_delete(self, result: Any) -> None:
        self._say(
            self.tr(
                "Deleted session {id} ({n} comments, {o} orders, {f} recordings folders)."
            ).format(
                id=result.session_id,
                n=result.counts.get("comments", 0),
                o=result.counts.get("orders", 0),
                f=len(result.folders),
            )
        )
        self.refresh_sessions()

    # -- one viewer -----------------------------------------------------------------------
    def find_viewer(self) -> None:
        from app.privacy.viewers import find_viewer

        query = self.viewer_query.text().strip()
        if not query:
            self._say(self.tr("Type a viewer's name or pseudonym first."))
            return
        data_dir = self.config.data_dir
        self._run("find", lambda store: find_viewer(store, query, data_dir))

    def _done_find(self, record: Any) -> None:
        self.viewer = record
        if record.empty:
            text = self.tr("Nothing is recorded about {q}.").format(q=record.query)
        else:
            text = self.tr(
                "{q}: {c} comments, {o} orders, {i} likes/follows/gifts in {s} sessions."
            ).format(
                q=record.query,
                c=record.comments,
                o=record.orders,
                i=record.interactions,
                s=len(record.sessions),
            )
        self.viewer_label.setText(text)
        self._update_viewer_buttons()

    def _update_viewer_buttons(self) -> None:
        found = self.viewer is not None and not self.viewer.empty
        self.export_button.setEnabled(found and not self.busy)
        self.erase_button.setEnabled(found and not self.busy)

    def export_viewer(self) -> None:
        from app.privacy.viewers import export_viewer

        record = self.viewer
        if record is None or record.empty:
            self._say(self.tr("Find a viewer first."))
            return
        path = self.ask_save_path(f"viewer-{record.query}.json")
        if not path:
            return
        out = Path(path)
        self._run("export", lambda store: export_viewer(store, record, out))

    def _done_export(self, path: Path) -> None:
        self._say(self.tr("Exported to {path}").format(path=path))

    def erase_viewer(self) -> None:
        from app.privacy.viewers import erase_viewer

        record = self.viewer
        if record is None or record.empty:
            self._say(self.tr("Find a viewer first."))
            return
        question = self.tr(
            "Erase everything about {q}? Their comment texts and ids, buyer ids and "
            "like/follow/gift ids are removed; counts are kept. This cannot be undone."
        ).format(q=record.query)
        if not self.confirm(self.tr("Erase viewer"), question):
            self._say(self.tr("Cancelled; nothing was changed."))
            return
        self._run("erase", lambda store: erase_viewer(store, record))

    def _done_erase(self, result: Any) -> None:
        query = self.viewer.query if self.viewer is not None else ""
        self._say(
            self.tr(
                "Erased {q}: {c} comments anonymised, {o} orders and {i} likes/follows/gifts "
                "no longer carry their id."
            ).format(q=query, c=result.comments, o=result.orders, i=result.interactions)
        )
        self.viewer = None
        self.viewer_label.clear()
        self._update_viewer_buttons()

    # -- questions to the user (replaced in tests) ----------------------------------------
    def _ask_yes_no(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _ask_save_path(self, suggested: str) -> str:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export viewer data"),
            str(Path.home() / suggested),
            self.tr("JSON (*.json);;CSV (*.csv)"),
        )
        return path


# -- retention when the app starts ---------------------------------------------------------
class RetentionAtStart(Task[Any]):
    """Applies ``retention_days`` once on a worker; :attr:`result` is what it did.

    Started by the main window, so it never blocks the GUI; the app quitting cancels it
    between sessions (what was done stays done; the next start continues).
    ``on_result`` gets the :class:`~app.privacy.retention.RetentionResult`, or the error
    in one line (a str), on the GUI thread.
    """

    def __init__(
        self,
        store: Store,
        days: int,
        parent: QObject,
        on_result: Callable[[Any], None] = lambda _result: None,
    ) -> None:
        super().__init__(parent, self._remember, self._remember, name="retention at start")
        self.result: Any = None
        self._on_result = on_result
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.cancel)
        self.start(lambda: self._apply(store, days), self._pool)

    def _apply(self, store: Store, days: int) -> Any:
        from app.privacy.retention import apply_retention

        return apply_retention(store, days, cancelled=self.is_cancelled)

    def _remember(self, result: Any) -> None:
        self.result = result
        self._on_result(result)

    def cancel_and_wait(self, timeout_ms: int = 10_000) -> bool:
        self.cancel()
        return self.wait(timeout_ms)


def start_retention_at_launch(window: Any, engine: SessionEngineLike) -> RetentionAtStart | None:
    """Apply the retention setting in the background; the status bar says what it removed."""
    config, store = engine.config, engine.store
    if store is None or config.settings.retention_days <= 0:
        return None

    def report(result: Any) -> None:
        if isinstance(result, str):
            text = QApplication.translate(
                "PrivacyDialog", "Retention could not run: {error}"
            ).format(error=result)
        elif result.comments:
            text = QApplication.translate(
                "PrivacyDialog",
                "Privacy: removed the texts of {n} comments older than {days} days.",
            ).format(n=result.comments, days=result.days)
        else:
            return
        status = window.statusBar() if hasattr(window, "statusBar") else None
        if status is not None:
            status.showMessage(text, 10_000)

    return RetentionAtStart(store, config.settings.retention_days, window, report)
