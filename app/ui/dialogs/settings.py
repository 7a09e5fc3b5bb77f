"""Tools ▸ Settings: every field of :class:`app.config.Settings` on a page, with a typed editor.

The dialog is driven by the dataclass itself: each field's spec picks its editor
(:mod:`app.ui.settings.editors`) and its metadata gives the title (declared once, with the
field, in :mod:`app.config`), the page (``group``), ranges and whether a change applies at
once (``apply="live"``). A field added to Settings therefore appears here without editing
this file (fields without a group land on "More").

Nothing is written until Save/Apply; then every value is validated (a clear message names
the field and its page, and nothing is saved while a problem remains), the versioned JSON
is written through :meth:`Config.save`, cheap changes reach the running session at once
(:func:`app.ui.settings.live.apply_live`), and the rest are listed as "after a restart".
Devices come from :mod:`app.ui.settings.devices`; the microphone list and the OBS test
run as background tasks (:func:`app.ui.dialogs.store_task.run_task`).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, QThreadPool, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.config import Config, Settings
from app.settings_check import GROUPS, FieldSpec, Problem, field_specs, validate
from app.ui.dialogs.store_task import run_task
from app.ui.settings.devices import CameraInfo, Microphones, detect_cameras, find_microphones
from app.ui.settings.editors import (
    BoolEditor,
    CameraEditor,
    Editor,
    MicrophoneEditor,
    field_title,
    make_editor,
    problem_text,
)
from app.ui.settings.live import apply_live

if TYPE_CHECKING:
    from app.show.obs import ObsCheck
    from app.ui.main_window import MainWindow

log = logging.getLogger("app.ui.dialogs.settings")


def group_title(group: str) -> str:
    titles = {
        "general": QCoreApplication.translate("SettingsDialog", "General"),
        "devices": QCoreApplication.translate("SettingsDialog", "Devices"),
        "video": QCoreApplication.translate("SettingsDialog", "Video & overlays"),
        "speech": QCoreApplication.translate("SettingsDialog", "Speech"),
        "show": QCoreApplication.translate("SettingsDialog", "Live show"),
        "server": QCoreApplication.translate("SettingsDialog", "Server"),
        "data": QCoreApplication.translate("SettingsDialog", "Data"),
        "obs": "OBS",
    }
    return titles.get(group, QCoreApplication.translate("SettingsDialog", "More"))


class SettingsDialog(QDialog):
    """Pages of typed editors; Save validates, writes settings.json and applies live ones.

    Args:
        config: the running app's configuration; saved settings are copied into
            ``config.settings`` in place, so code holding that object sees them.
        cameras / microphones: device finders (tests pass fakes); default QtMultimedia
            and sounddevice.
    """

    saved = Signal(list)  # names of the fields that changed
    live_changed = Signal(object, object)  # old Settings, new Settings

    def __init__(
        self,
        config: Config,
        parent: QWidget | None = None,
        *,
        cameras: Callable[[], list[CameraInfo]] | None = None,
        microphones: Callable[[], Microphones] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setObjectName("settingsDialog")
        self.resize(820, 560)
        self.config = config
        self.specs = [s for s in field_specs() if not s.hidden]
        self.editors: dict[str, Editor] = {}
        self.pages: dict[str, int] = {}
        self.rows: dict[str, QLabel] = {}
        self.remote_warning: QLabel | None = None
        self.obs_password_changed = False  # a new password reaches OBS control on Save
        self.obs_password: QLineEdit | None = None
        self._cameras = (cameras or detect_cameras)()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._build()
        self.load(config.settings)
        mic = self.editors.get("mic_device")
        if isinstance(mic, MicrophoneEditor):
            find_microphones(self, mic.set_devices, microphones, self._pool)

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.page_list = QListWidget()
        self.page_list.setObjectName("settingsPages")
        self.page_list.setMaximumWidth(190)
        self.stack = QStackedWidget()
        self.page_list.currentRowChanged.connect(self.stack.setCurrentIndex)
        groups = [g for g in GROUPS if any(s.group == g for s in self.specs)]
        for group in groups:
            self.pages[group] = self.stack.addWidget(self._page(group))
            self.page_list.addItem(group_title(group))
        self.page_list.setCurrentRow(0)
        self._wire_special()
        self.message = QLabel()
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.buttons = buttons
        buttons.clicked.connect(self._on_button)
        body = QHBoxLayout()
        body.addWidget(self.page_list)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        legend = QLabel(
            self.tr(
                "Changes apply the next time AnchorDesk starts, except those marked "
                "“applies at once”."
            )
        )
        legend.setWordWrap(True)
        layout.addWidget(legend)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _page(self, group: str) -> QWidget:
        inner = QWidget()
        inner.setObjectName(f"page_{group or 'more'}")
        form = QFormLayout(inner)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for spec in (s for s in self.specs if s.group == group):
            editor = make_editor(spec, self._cameras, self.config)
            self.editors[spec.name] = editor
            label = QLabel(self._title(spec))
            label.setWordWrap(True)
            label.setBuddy(editor)
            if spec.live:
                label.setToolTip(self.tr("Applies at once"))
            self.rows[spec.name] = label
            form.addRow(label, editor)
        if group == "server":
            self._server_extras(form)
        if group == "data":
            self._data_extras(form)
        if group == "obs":
            self._obs_extras(form)
        if group == "video" and "record_video_size" in self.editors:
            self._recording_extras(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        return scroll

    def _title(self, spec: FieldSpec) -> str:
        title = field_title(spec)
        if spec.live:
            title += " " + self.tr("(applies at once)")
        return title

    def _wire_special(self) -> None:
        camera = self.editors.get("camera_device")
        if isinstance(camera, CameraEditor):
            camera.format_chosen.connect(self._on_camera_format)
        remote = self.editors.get("server_allow_remote")
        if isinstance(remote, BoolEditor):
            remote.changed.connect(self._update_remote_warning)

    def _server_extras(self, form: QFormLayout) -> None:
        """Remote-access warning and the ingest token (show, copy, regenerate)."""
        self.remote_warning = QLabel(
            self.tr(
                "⚠ Other machines on your network can then send comments and read the "
                "overlays (the token is still required). Only do this on a network you "
                "trust, and set the address to this machine's IP or 0.0.0.0."
            )
        )
        self.remote_warning.setObjectName("remoteWarning")
        self.remote_warning.setWordWrap(True)
        form.addRow(self.remote_warning)
        from app.server.token import load_or_create_token

        try:
            token = load_or_create_token(self.config.config_dir)
        except OSError as exc:
            token = ""
            self._set_message(self.tr("Cannot read the token: {error}").format(error=exc))
        self.token = QLineEdit(token)
        self.token.setObjectName("tokenField")
        self.token.setReadOnly(True)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        show = QCheckBox(self.tr("Show on screen"))
        show.toggled.connect(
            lambda on: self.token.setEchoMode(
                QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
            )
        )
        copy = QPushButton(self.tr("Copy"))
        copy.clicked.connect(self._copy_token)
        regenerate = QPushButton(self.tr("Regenerate…"))
        regenerate.setObjectName("regenerateToken")
        regenerate.clicked.connect(lambda: self.regenerate_token(confirm=True))
        row = QWidget()
        column = QVBoxLayout(row)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.token)
        line = QHBoxLayout()
        for widget in (show, copy, regenerate):
            line.addWidget(widget)
        line.addStretch(1)
        column.addLayout(line)
        form.addRow(self.tr("Access token"), row)

    def _obs_extras(self, form: QFormLayout) -> None:
        """The OBS WebSocket password (kept owner-only, not in settings.json) and a test."""
        from app.show.obs import load_obs_password

        self.obs_password = QLineEdit(load_obs_password(self.config.config_dir))
        self.obs_password.setObjectName("obsPassword")
        self.obs_password.setEchoMode(QLineEdit.EchoMode.Password)
        show = QCheckBox(self.tr("Show on screen"))
        show.toggled.connect(
            lambda on: self.obs_password.setEchoMode(
                QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
            )
        )
        test = QPushButton(self.tr("Test connection"))
        test.setObjectName("obsTest")
        test.clicked.connect(self.test_obs)
        self.obs_result = QLabel()
        self.obs_result.setObjectName("obsResult")
        self.obs_result.setWordWrap(True)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        for widget in (self.obs_password, show, test):
            line.addWidget(widget)
        form.addRow(self.tr("OBS WebSocket password"), row)
        form.addRow(self.obs_result)

    def test_obs(self) -> None:
        """Connect once to the OBS named on the page (on the dialog's worker)."""
        from app.show.obs import check_connection

        host = str(self.editors["obs_host"].value())
        port = int(self.editors["obs_port"].value())
        password = self.obs_password.text() if self.obs_password is not None else ""
        self.obs_result.setText(self.tr("Connecting to OBS…"))
        run_task(
            lambda: check_connection(host, port, password),
            self._on_obs_checked,
            self.obs_result.setText,
            parent=self,
            pool=self._pool,
            name="OBS connection test",
        )

    def _on_obs_checked(self, check: ObsCheck) -> None:
        scenes = ", ".join(check.scenes[:12])
        text = check.message if not scenes else f"{check.message} — {scenes}"
        self.obs_result.setText(text)

    def _save_obs_password(self) -> None:
        from app.show.obs import load_obs_password, save_obs_password

        password = self.obs_password
        if password is None:
            return
        if password.text() != load_obs_password(self.config.config_dir):
            save_obs_password(self.config.config_dir, password.text())
            self.obs_password_changed = True

    def _recording_extras(self, form: QFormLayout) -> None:
        """Under the recording size: what an hour takes and how many hours the disk holds."""
        self.recording_estimate = QLabel()
        self.recording_estimate.setObjectName("recordingEstimate")
        self.recording_estimate.setWordWrap(True)
        form.addRow(self.recording_estimate)
        self.editors["record_video_size"].changed.connect(self._show_recording_estimate)
        self._show_recording_estimate()

    def _show_recording_estimate(self) -> None:
        import dataclasses
        import shutil

        from app.settings_check import recording_estimate

        size = self.editors["record_video_size"].value()
        settings = dataclasses.replace(self.config.settings, record_video_size=size)
        try:
            free: int | None = shutil.disk_usage(self.config.data_dir).free
        except OSError:
            free = None  # the folder does not exist yet: the rate alone
        estimate = recording_estimate(settings, free)
        text = QCoreApplication.translate("SettingsDialog", estimate.template)
        self.recording_estimate.setText(text.format(**estimate.values))

    def _data_extras(self, form: QFormLayout) -> None:
        """What is in use now: the environment or command line may override the settings."""
        from sqlalchemy.engine import make_url

        try:
            url = make_url(self.config.db_url).render_as_string(hide_password=True)
        except Exception:
            url = self.config.db_url
        note = QLabel(
            self.tr("In use now: data folder {folder}; database {url}").format(
                folder=self.config.data_dir, url=url
            )
        )
        note.setObjectName("dataInUse")
        note.setWordWrap(True)
        note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(note)

    # -- values ---------------------------------------------------------------------------
    def load(self, settings: Settings) -> None:
        """Show ``settings`` in the editors (nothing is saved)."""
        for name, editor in self.editors.items():
            editor.set_value(getattr(settings, name))
        self._update_remote_warning()

    def value(self, name: str) -> Any:
        return self.editors[name].value()

    def set_value(self, name: str, value: Any) -> None:
        self.editors[name].set_value(value)

    def edited(self) -> Settings:
        """The settings as currently edited (hidden fields keep their saved values)."""
        values = {name: editor.value() for name, editor in self.editors.items()}
        return dataclasses.replace(self.config.settings, **values)

    def restore_defaults(self) -> None:
        self.load(Settings())
        self._set_message(self.tr("Defaults restored on every page; Save to keep them."))

    def show_page(self, group: str) -> None:
        self.page_list.setCurrentRow(self.pages[group])

    # -- saving ---------------------------------------------------------------------------
    def save(self) -> bool:
        """Validate, write settings.json, apply what can be applied; False if not saved."""
        new = self.edited()
        problems = validate(new, self.specs)
        if problems:
            self._show_problems(problems)
            return False
        old = dataclasses.replace(self.config.settings)
        changed = [
            f.name
            for f in dataclasses.fields(Settings)
            if getattr(old, f.name) != getattr(new, f.name)
        ]
        for name in changed:
            setattr(self.config.settings, name, getattr(new, name))
        try:
            self._save_obs_password()  # before the processors are configured
            self.config.save()
        except OSError as exc:
            for name in changed:  # keep memory and file in agreement
                setattr(self.config.settings, name, getattr(old, name))
            self._set_message(
                self.tr("Could not save the settings: {error}. Nothing was changed.").format(
                    error=exc
                ),
                error=True,
            )
            return False
        self._set_message(self.summary(changed))
        if changed or self.obs_password_changed:
            self.obs_password_changed = False
            self.live_changed.emit(old, new)
        self.saved.emit(changed)
        return True

    def summary(self, changed: Sequence[str]) -> str:
        """One line for the person: what was saved and what needs a restart."""
        if not changed:
            return self.tr("Saved. Nothing changed.")
        specs = {s.name: s for s in self.specs}
        restart = [field_title(specs[n]) for n in changed if n in specs and not specs[n].live]
        if not restart:
            return self.tr("Saved and applied.")
        return self.tr("Saved. Applies after restarting AnchorDesk: {names}").format(
            names="; ".join(restart)
        )

    def _show_problems(self, problems: list[Problem]) -> None:
        specs = {s.name: s for s in self.specs}
        lines = []
        for problem in problems:
            spec = specs.get(problem.name)
            title = field_title(spec) if spec else problem.name
            page = group_title(spec.group) if spec else ""
            lines.append(f"• {page} ▸ {title}: {problem_text(problem)}")
        self._set_message(self.tr("Not saved; please fix:") + "\n" + "\n".join(lines), error=True)
        first = specs.get(problems[0].name)
        if first is not None and first.name in self.editors:
            self.show_page(first.group)
            self.editors[first.name].focus()

    def _set_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("error", error)
        self.message.setStyleSheet("color: #ff6b6b;" if error else "")

    # -- token ----------------------------------------------------------------------------
    def regenerate_token(self, *, confirm: bool = True) -> str | None:
        """Write a new ingest token (after asking); returns it, or None if not changed."""
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Regenerate the token"),
                self.tr(
                    "Clients using the old token (browser bridge, OBS overlays) stop working "
                    "until you paste the new one. Continue?"
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        from app.server.token import regenerate_token

        try:
            token = regenerate_token(self.config.config_dir)
        except OSError as exc:
            self._set_message(
                self.tr("Could not write a new token: {error}").format(error=exc), error=True
            )
            return None
        self.token.setText(token)
        self._set_message(
            self.tr(
                "New token saved. Paste it into your clients; the running session accepts "
                "it after AnchorDesk restarts."
            )
        )
        return token

    def _copy_token(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.token.text())
            self._set_message(self.tr("Token copied."))

    # -- slots ----------------------------------------------------------------------------
    def _on_camera_format(self, width: int, height: int, fps: float) -> None:
        for name, value in (("camera_width", width), ("camera_height", height)):
            if name in self.editors:
                self.editors[name].set_value(value)
        if "camera_fps" in self.editors:
            spec = self.editors["camera_fps"].spec
            self.editors["camera_fps"].set_value(min(float(fps), spec.bounds[1]))

    def _update_remote_warning(self) -> None:
        if self.remote_warning is not None and "server_allow_remote" in self.editors:
            self.remote_warning.setVisible(bool(self.editors["server_allow_remote"].value()))

    def _on_button(self, button: QAbstractButton) -> None:
        role = self.buttons.standardButton(button)
        if role == QDialogButtonBox.StandardButton.Save:
            if self.save():
                self.accept()
        elif role == QDialogButtonBox.StandardButton.Apply:
            self.save()
        elif role == QDialogButtonBox.StandardButton.RestoreDefaults:
            self.restore_defaults()
        else:
            self.reject()

    def done(self, result: int) -> None:
        """Wait for the device probe so no worker outlives the dialog."""
        self._pool.waitForDone(5_000)
        super().done(result)


def open_settings(window: MainWindow, config: Config) -> SettingsDialog:
    """Open the dialog (window-modal, non-blocking) for the running window.

    Saved changes that apply live are applied to ``window``; its status bar repeats what
    needs a restart.
    """
    dialog = SettingsDialog(config, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.live_changed.connect(lambda old, new: apply_live(window, old, new))
    dialog.saved.connect(
        lambda _names: window.statusBar().showMessage(dialog.message.text(), 10_000)
    )
    dialog.open()
    return dialog
