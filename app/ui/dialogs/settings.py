"""Settings: every field of :class:`app.config.Settings` on a page, with a typed editor.

The dialog is driven by the dataclass itself: each field's type picks the editor (bool ->
check box, int/float -> spin box, choices -> combo box, ``editor`` metadata -> folder/file
chooser or a device/model list) and its metadata gives the title, the page (``group``),
ranges and whether a change applies at once (``apply="live"``). A field added to Settings
therefore appears here without editing this file (fields without a group land on "More").

Nothing is written until Save/Apply; then every value is validated (a clear message names
the field and its page, and nothing is saved while a problem remains), the versioned JSON
is written through :meth:`Config.save`, cheap changes (overlay layers, the alert chime,
suggestion weights, low stock, mention auto-switch: :func:`apply_live`) reach the running
session at once, and the rest are listed as "after a restart".
Device lists come from QtMultimedia (cameras, on the GUI thread: it is quick) and
sounddevice (microphones, on a worker: PortAudio can take seconds to start).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.config import Config, Settings
from app.settings_check import (
    CONTEXT,
    GROUPS,
    FieldSpec,
    Problem,
    field_specs,
    validate,
)
from app.ui.multimedia import multimedia_missing

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

log = logging.getLogger("app.ui.dialogs.settings")

#: Camera indices offered when none is detected (0 is the built-in one on most laptops).
FALLBACK_CAMERAS = 4


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


def choice_label(value: str, name: str = "") -> str:
    """How a choice of field ``name`` is shown: known values in words, others as stored."""
    if name == "compliance_lexicon_mode" and value == "replace":
        return QCoreApplication.translate("SettingsDialog", "Use only my list")
    labels = {
        "auto": QCoreApplication.translate("SettingsDialog", "Auto (system)"),
        "zh_CN": "简体中文",
        "en": "English",
        "off": QCoreApplication.translate("SettingsDialog", "Off"),
        "blur": QCoreApplication.translate("SettingsDialog", "Blur"),
        "replace": QCoreApplication.translate("SettingsDialog", "Replace with an image"),
        "top-left": QCoreApplication.translate("SettingsDialog", "Top left"),
        "top-right": QCoreApplication.translate("SettingsDialog", "Top right"),
        "bottom-left": QCoreApplication.translate("SettingsDialog", "Bottom left"),
        "bottom-right": QCoreApplication.translate("SettingsDialog", "Bottom right"),
        "hand": QCoreApplication.translate("SettingsDialog", "Follow the hand"),
        "extend": QCoreApplication.translate("SettingsDialog", "Add to the bundled list"),
    }
    return labels.get(value, value)


def problem_text(problem: Problem) -> str:
    """``problem`` in the interface language."""
    text = QCoreApplication.translate(CONTEXT, problem.template)
    return text.format(**problem.params) if problem.params else text


# -- devices -------------------------------------------------------------------------------
@dataclass(frozen=True)
class CameraInfo:
    """A camera: the OpenCV index the session opens, its name, and sizes (best first)."""

    index: int
    name: str
    formats: tuple[tuple[int, int, float], ...] = ()


def detect_cameras() -> list[CameraInfo]:
    """Cameras QtMultimedia sees; ``/dev/videoN`` maps to OpenCV index N, else the position."""
    if multimedia_missing():
        return []
    from PySide6.QtMultimedia import QMediaDevices

    found = []
    for position, device in enumerate(QMediaDevices.videoInputs()):
        ident = bytes(device.id().data()).decode("utf-8", "replace")
        match = re.search(r"video(\d+)$", ident)
        sizes: dict[tuple[int, int], float] = {}
        for fmt in device.videoFormats():
            size = fmt.resolution()
            key = (size.width(), size.height())
            if key[0] > 0 and key[1] > 0:
                sizes[key] = max(sizes.get(key, 0.0), float(fmt.maxFrameRate()))
        formats = sorted(
            ((w, h, fps) for (w, h), fps in sizes.items()),
            key=lambda f: (f[0] * f[1], f[2]),
            reverse=True,
        )
        index = int(match.group(1)) if match else position
        found.append(CameraInfo(index, device.description(), tuple(formats)))
    return found


def detect_microphones() -> list[tuple[str, str]]:
    """``(setting value, label)`` of input devices (sounddevice; may take seconds)."""
    from app.speech.mic import input_devices

    return [(str(index), f"{index}: {name}") for index, name in input_devices()]


# -- editors -------------------------------------------------------------------------------
class Editor(QWidget):
    """A field's editor: ``value()``/``set_value()`` in the field's own type."""

    changed = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"edit_{spec.name}")
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def focus(self) -> None:
        widget = self.row.itemAt(0).widget() if self.row.count() else None
        (widget or self).setFocus()


class BoolEditor(Editor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.box = QCheckBox()
        self.box.toggled.connect(self.changed)
        self.row.addWidget(self.box)
        self.row.addStretch(1)

    def value(self) -> bool:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        self.box.setChecked(bool(value))


class NumberEditor(Editor):
    """Spin box in the field's range; floats get two decimals (weights, seconds)."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        low, high = spec.bounds
        if spec.kind is float:
            self.spin: QSpinBox | QDoubleSpinBox = QDoubleSpinBox()
            self.spin.setDecimals(2)
            self.spin.setRange(float(low), float(high))
            self.spin.setSingleStep(0.1 if high <= 10 else 1.0)
        else:
            self.spin = QSpinBox()
            self.spin.setRange(int(low), int(high))
        self.spin.setKeyboardTracking(False)
        self.spin.valueChanged.connect(self.changed)
        self.row.addWidget(self.spin)
        self.row.addStretch(1)

    def value(self) -> int | float:
        return self.spec.kind(self.spin.value())

    def set_value(self, value: Any) -> None:
        self.spin.setValue(value)


class ChoiceEditor(Editor):
    """Combo box of the declared choices; an unknown stored value is kept and shown as is."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.combo = QComboBox()
        for choice in spec.choices:
            self.combo.addItem(choice_label(choice, spec.name), choice)
        self.combo.currentIndexChanged.connect(self.changed)
        self.row.addWidget(self.combo)
        self.row.addStretch(1)

    def value(self) -> str:
        return str(self.combo.currentData())

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value)
        if index < 0:
            self.combo.addItem(str(value), value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)


class TextEditor(Editor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.line = QLineEdit()
        self.line.setClearButtonEnabled(True)
        self.line.textChanged.connect(self.changed)
        self.row.addWidget(self.line, 1)

    def value(self) -> str:
        return self.line.text().strip()

    def set_value(self, value: Any) -> None:
        self.line.setText(str(value))


class PathEditor(TextEditor):
    """A path with a Browse… button (folder or file chooser)."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.line.setPlaceholderText(
            self.tr("Default") if spec.editor == "dir" else self.tr("None")
        )
        self.browse = QPushButton(self.tr("Browse…"))
        self.browse.clicked.connect(self._on_browse)
        self.row.addWidget(self.browse)

    def _on_browse(self) -> None:
        start = self.value() or str(Path.home())
        if self.spec.editor == "dir":
            path = QFileDialog.getExistingDirectory(self, self.spec.title, start)
        else:
            path, _ = QFileDialog.getOpenFileName(
                self, self.spec.title, start, self.spec.file_filter or self.tr("All files (*)")
            )
        if path:
            self.set_value(path)


class _ListEditor(Editor):
    """A combo of detected things, a current value that may not be among them, and a note."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.combo = QComboBox()
        self.combo.setObjectName(f"combo_{spec.name}")
        self.combo.setMinimumContentsLength(24)
        self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.combo.currentIndexChanged.connect(self.changed)
        self.note = QLabel()
        self.note.setObjectName(f"note_{spec.name}")
        self.note.setWordWrap(True)
        self.note.hide()
        self.column = QVBoxLayout()
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.addWidget(self.combo)
        self.column.addWidget(self.note)
        self.row.addLayout(self.column, 1)

    def focus(self) -> None:
        self.combo.setFocus()

    def set_note(self, text: str) -> None:
        """A line under the list ("none found"…); hidden when empty so it takes no room."""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _fill(self, items: Sequence[tuple[Any, str]], current: Any, missing_label: str) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        for data, label in items:
            self.combo.addItem(label, data)
        if self.combo.findData(current) < 0:
            self.combo.addItem(missing_label, current)
        self.combo.setCurrentIndex(self.combo.findData(current))
        self.combo.blockSignals(False)

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        if self.combo.findData(value) < 0:
            self.combo.addItem(str(value), value)
        self.combo.setCurrentIndex(self.combo.findData(value))


class CameraEditor(_ListEditor):
    """Camera index from the detected cameras, plus its sizes (fill width/height/fps)."""

    format_chosen = Signal(int, int, float)

    def __init__(
        self, spec: FieldSpec, cameras: list[CameraInfo], parent: QWidget | None = None
    ) -> None:
        super().__init__(spec, parent)
        self.cameras = cameras
        self.formats = QComboBox()
        self.formats.setObjectName("camera_formats")
        self.formats.activated.connect(self._on_format)
        self.column.addWidget(self.formats)
        self.combo.currentIndexChanged.connect(self._fill_formats)
        if not cameras:
            self.set_note(
                self.tr(
                    "No camera found. Plug one in (and close other apps using it), then "
                    "reopen Settings, or choose the index it will have."
                )
            )

    def set_value(self, value: Any) -> None:
        items = [(c.index, f"{c.index}: {c.name}") for c in self.cameras]
        if not self.cameras:  # still let a person pick the camera they will plug in
            missing = self.tr("{index}: not connected now")
            items = [(i, missing.format(index=i)) for i in range(FALLBACK_CAMERAS)]
        self._fill(items, int(value), self.tr("{index}: not connected now").format(index=value))
        self._fill_formats()

    def value(self) -> int:
        return int(self.combo.currentData())

    def _fill_formats(self) -> None:
        camera = next((c for c in self.cameras if c.index == self.combo.currentData()), None)
        self.formats.clear()
        formats = camera.formats if camera is not None else ()
        self.formats.addItem(self.tr("Choose a size…") if formats else self.tr("Sizes unknown"))
        for width, height, fps in formats:
            self.formats.addItem(f"{width} × {height} @ {fps:.0f} fps", (width, height, fps))
        self.formats.setEnabled(bool(formats))
        self.formats.setVisible(bool(self.cameras))  # no camera at all: nothing to size

    def _on_format(self, index: int) -> None:
        data = self.formats.itemData(index)
        if data:
            width, height, fps = data
            self.format_chosen.emit(int(width), int(height), float(fps))

    def choose_format(self, index: int) -> None:
        """Pick the ``index``-th size (0 = largest) as a person would (for tests, tools)."""
        self.formats.setCurrentIndex(index + 1)
        self._on_format(index + 1)


class MicrophoneEditor(_ListEditor):
    """The system default plus the detected inputs, filled when the worker reports them."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self._current = ""
        self._devices: list[tuple[str, str]] = []
        self.set_note(self.tr("Looking for microphones…"))

    def set_value(self, value: Any) -> None:
        self._current = str(value)
        self.set_devices(self._devices, final=False)

    def value(self) -> str:
        return str(self.combo.currentData() or "")

    def set_devices(self, devices: list[tuple[str, str]], *, final: bool = True) -> None:
        self._devices = devices
        current = self.value() if final and self.combo.count() else self._current
        self._current = current
        items = [("", self.tr("System default")), *devices]
        self._fill(items, current, self.tr("{device} (not connected now)").format(device=current))
        if final:
            self.set_note(
                ""
                if devices
                else self.tr(
                    "No microphone found (none plugged in, or PortAudio missing: on Linux "
                    "install libportaudio2). The system default is used when one appears."
                )
            )


class SpeechModelEditor(_ListEditor):
    """Installed Vosk models (app.speech.models), "none" for the demo script, a manager link."""

    def __init__(self, spec: FieldSpec, config: Config, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.config = config
        self.manage = QPushButton(self.tr("Speech models…"))
        self.manage.setObjectName("manage_models")
        self.manage.clicked.connect(self._on_manage)
        self.row.addWidget(self.manage, 0, Qt.AlignmentFlag.AlignTop)

    def set_value(self, value: Any) -> None:
        from app.speech.models import installed_models

        models = installed_models(self.config.models_dir)
        items: list[tuple[Any, str]] = [("", self.tr("None: show the demo script"))]
        items += [(m.name, f"{m.name} ({m.lang or '?'})") for m in models]
        self._fill(items, str(value), self.tr("{name} (not installed)").format(name=value))
        self.set_note(
            "" if models else self.tr("No model installed yet: use Speech models… to download one.")
        )

    def _on_manage(self) -> None:
        from app.ui.dialogs.speech_models import SpeechModelsDialog

        dialog = SpeechModelsDialog(self.config, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self.set_value(self.config.settings.speech_model))
        dialog.open()


def plain_editor(spec: FieldSpec) -> Editor:
    """The editor a field's type asks for (any new Settings field gets one)."""
    if spec.kind is bool:
        return BoolEditor(spec)
    if spec.choices:
        return ChoiceEditor(spec)
    if spec.kind in (int, float):
        return NumberEditor(spec)
    if spec.editor in ("dir", "file"):
        return PathEditor(spec)
    return TextEditor(spec)


# -- the dialog ----------------------------------------------------------------------------
class _DeviceSignals(QObject):
    microphones = Signal(list)
    obs_checked = Signal(object)  # app.show.obs.ObsCheck


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
        microphones: Callable[[], list[tuple[str, str]]] | None = None,
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
        self._signals = _DeviceSignals(self)
        self._build()
        self.load(config.settings)
        mic = self.editors.get("mic_device")
        if isinstance(mic, MicrophoneEditor):
            self._signals.microphones.connect(mic.set_devices)
            finder, emit = microphones or detect_microphones, self._signals.microphones.emit
            self._pool.start(lambda: emit(safe_probe(finder)))

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
            editor = self._editor(spec)
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
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        return scroll

    def _title(self, spec: FieldSpec) -> str:
        title = QCoreApplication.translate("SettingsFields", spec.title)
        if spec.live:
            title += " " + self.tr("(applies at once)")
        return title

    def _editor(self, spec: FieldSpec) -> Editor:
        special: dict[str, Callable[[], Editor]] = {
            "camera": lambda: CameraEditor(spec, self._cameras),
            "microphone": lambda: MicrophoneEditor(spec),
            "speech_model": lambda: SpeechModelEditor(spec, self.config),
        }
        make = special.get(spec.editor)
        return make() if make is not None else plain_editor(spec)

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
        self._signals.obs_checked.connect(self._on_obs_checked)
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
        password, emit = self.obs_password.text(), self._signals.obs_checked.emit
        self.obs_result.setText(self.tr("Connecting to OBS…"))
        self._pool.start(lambda: emit(check_connection(host, port, password)))

    def _on_obs_checked(self, check: Any) -> None:
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
        restart = [
            QCoreApplication.translate("SettingsFields", specs[n].title)
            for n in changed
            if n in specs and not specs[n].live
        ]
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
            title = (
                QCoreApplication.translate("SettingsFields", spec.title) if spec else problem.name
            )
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


def safe_probe(finder: Callable[[], list[tuple[str, str]]]) -> list[tuple[str, str]]:
    """Run a device finder on a worker; a failure means "none found", never a crash."""
    try:
        return finder()
    except Exception:  # a device probe must never take the dialog down
        log.exception("listing microphones failed")
        return []


# -- live apply ----------------------------------------------------------------------------
def apply_live(window: MainWindow, old: Settings, new: Settings) -> list[str]:
    """Apply the settings that take effect at once; returns the live fields that changed.

    Every processor of the running show takes them through its ``configure`` (the same
    call that set it up at the start); the window then shows what changed: the overlay
    menu's check marks and the alert chime.
    """
    changed = [
        spec.name
        for spec in field_specs()
        if spec.live and getattr(old, spec.name) != getattr(new, spec.name)
    ]
    window.engine.configure(new)  # also when only a secret (the OBS password) changed
    if not changed:
        return []
    window.video.show_settings(new)
    if old.compliance_alert_sound != new.compliance_alert_sound:
        window.alerts.set_sound(new.compliance_alert_sound)
    return changed


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
