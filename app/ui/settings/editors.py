"""The typed editors of settings fields, shared by Tools ▸ Settings and the first-run wizard.

A field's :class:`~app.settings_check.FieldSpec` picks its editor (:func:`make_editor`):
bool -> check box, int/float -> spin box, choices -> combo box, ``editor`` metadata ->
folder/file chooser or a camera/microphone/speech-model list. Every editor has
``value()``/``set_value()`` in the field's own type and a ``changed`` signal.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.config import Config
from app.settings_check import CONTEXT, FieldSpec, Problem, field_specs
from app.ui.settings.devices import CameraInfo

#: Camera indices offered when none is detected (0 is the built-in one on most laptops).
FALLBACK_CAMERAS = 4


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


def field_title(field: FieldSpec | str) -> str:
    """A Settings field's title in the interface language (declared once, in app/config.py).

    ``field`` is its spec or its name; every window that names a setting shows this.
    """
    if isinstance(field, str):
        field = next(s for s in field_specs() if s.name == field)
    return QCoreApplication.translate("SettingsFields", field.title)


def problem_text(problem: Problem) -> str:
    """``problem`` in the interface language."""
    text = QCoreApplication.translate(CONTEXT, problem.template)
    return text.format(**problem.params) if problem.params else text


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
        item = self.row.itemAt(0) if self.row.count() else None
        widget = item.widget() if item is not None else None
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
        value: int | float = self.spec.kind(self.spin.value())
        return value

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


def make_editor(spec: FieldSpec, cameras: list[CameraInfo], config: Config) -> Editor:
    """The editor for ``spec``: a device or model list where its metadata asks for one."""
    if spec.editor == "camera":
        return CameraEditor(spec, cameras)
    if spec.editor == "microphone":
        return MicrophoneEditor(spec)
    if spec.editor == "speech_model":
        return SpeechModelEditor(spec, config)
    return plain_editor(spec)
