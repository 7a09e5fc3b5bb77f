"""First-run setup: language, camera and microphone (or the demo), speech model, data folder.

Shown once, on the first start of the live window (``python -m app``; never for ``demo``
or headless runs, and never when ``ANCHORDESK_NO_FIRST_RUN=1``): see
:func:`app.cli.wants_first_run` and :func:`app.ui.app.run_first_run`. Finishing writes the
choices and ``first_run_done`` through :meth:`Config.save`; cancelling writes nothing, so
the wizard comes back next time. The editors are Tools ▸ Settings' own
(:mod:`app.ui.settings.editors`), so both offer the same lists and checks.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.config import Config, default_data_dir
from app.settings_check import FieldSpec, field_specs, folder_problem
from app.ui.settings.devices import CameraInfo, Microphones, detect_cameras, find_microphones
from app.ui.settings.editors import (
    CameraEditor,
    ChoiceEditor,
    MicrophoneEditor,
    PathEditor,
    SpeechModelEditor,
    problem_text,
)


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class WelcomePage(QWizardPage):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Welcome to AnchorDesk"))
        self.language = ChoiceEditor(spec)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _label(
                self.tr(
                    "AnchorDesk puts your show's comments, products, speech and AR overlays "
                    "in one window. This short setup chooses your devices, a speech model "
                    "and where recordings are kept. You can change all of it later in "
                    "Tools ▸ Settings."
                )
            )
        )
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        layout.addLayout(form)
        layout.addWidget(_label(self.tr("The window opens in this language after the setup.")))
        layout.addStretch(1)


class DevicesPage(QWizardPage):
    """Live show with camera and microphone, or the recorded demo show."""

    def __init__(
        self, specs: dict[str, FieldSpec], cameras: list[CameraInfo], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Camera and microphone"))
        self.live = QRadioButton(self.tr("Use my camera and microphone"))
        self.live.setObjectName("modeLive")
        self.demo = QRadioButton(
            self.tr("Just try the demo: a recorded show, no camera or microphone needed")
        )
        self.demo.setObjectName("modeDemo")
        group = QButtonGroup(self)
        group.addButton(self.live)
        group.addButton(self.demo)
        self.camera = CameraEditor(specs["camera_device"], cameras)
        self.microphone = MicrophoneEditor(specs["mic_device"])
        self.devices = QWidget()
        form = QFormLayout(self.devices)
        form.addRow(self.tr("Camera"), self.camera)
        form.addRow(self.tr("Microphone"), self.microphone)
        layout = QVBoxLayout(self)
        layout.addWidget(self.live)
        layout.addWidget(self.devices)
        layout.addWidget(self.demo)
        layout.addStretch(1)
        self.live.toggled.connect(self.devices.setEnabled)
        (self.live if cameras else self.demo).setChecked(True)
        self.devices.setEnabled(self.live.isChecked())


class SpeechPage(QWizardPage):
    def __init__(self, spec: FieldSpec, config: Config, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Speech model"))
        self.model = SpeechModelEditor(spec, config)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _label(
                self.tr(
                    "Speech recognition turns what you say into captions and warns you about "
                    "forbidden advertising words. It runs on this computer. Without a model, "
                    "the demo's scripted narration is shown instead. “Speech models…” "
                    "downloads one (Mandarin small: 42 MB) or installs a downloaded zip."
                )
            )
        )
        layout.addWidget(self.model)
        layout.addStretch(1)


class DataPage(QWizardPage):
    """Where the database and recordings go; checked before the wizard may finish."""

    def __init__(self, spec: FieldSpec, config: Config, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Data folder"))
        self.folder = PathEditor(spec)
        self.folder.line.setPlaceholderText(str(default_data_dir()))
        self.error = QLabel()
        self.error.setObjectName("dataFolderError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #ff6b6b;")
        layout = QVBoxLayout(self)
        layout.addWidget(
            _label(
                self.tr(
                    "Sessions, recordings and logs are kept here. Leave it empty for the "
                    "usual place shown in grey."
                )
            )
        )
        layout.addWidget(self.folder)
        if os.environ.get("ANCHORDESK_DATA_DIR"):
            layout.addWidget(
                _label(
                    self.tr(
                        "Note: ANCHORDESK_DATA_DIR is set, so this computer uses {path} "
                        "whatever you choose here."
                    ).format(path=config.data_dir)
                )
            )
        layout.addWidget(self.error)
        layout.addStretch(1)

    def validatePage(self) -> bool:
        text = self.folder.value()
        problem = folder_problem(text) if text else None
        self.error.setText(problem_text(problem) if problem else "")
        return problem is None


class FirstRunWizard(QWizard):
    """The four pages; :attr:`mode` says whether to open the live window or the demo.

    Args:
        config: where the choices are saved (``config.settings`` is updated in place).
        cameras / microphones: device finders (tests pass fakes).
    """

    def __init__(
        self,
        config: Config,
        parent: QWidget | None = None,
        *,
        cameras: Callable[[], list[CameraInfo]] | None = None,
        microphones: Callable[[], Microphones] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("AnchorDesk setup"))
        self.setObjectName("firstRunWizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.resize(680, 520)
        self.config = config
        specs = {s.name: s for s in field_specs()}
        s = config.settings
        self.welcome = WelcomePage(specs["language"])
        self.welcome.language.set_value(s.language)
        self.devices = DevicesPage(specs, (cameras or detect_cameras)())
        self.devices.camera.set_value(s.camera_device)
        self.devices.microphone.set_value(s.mic_device)
        self.devices.camera.format_chosen.connect(self._on_format)
        self.speech = SpeechPage(specs["speech_model"], config)
        self.speech.model.set_value(s.speech_model)
        self.data = DataPage(specs["data_dir"], config)
        self.data.folder.set_value(s.data_dir)
        for page in (self.welcome, self.devices, self.speech, self.data):
            self.addPage(page)
        self._camera_size: tuple[int, int, float] | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        find_microphones(self, self.devices.microphone.set_devices, microphones, self._pool)

    @property
    def mode(self) -> str:
        """The session to open: "demo" (the recorded show) or "live" (camera and mic)."""
        return "demo" if self.devices.demo.isChecked() else "live"

    def _on_format(self, width: int, height: int, fps: float) -> None:
        self._camera_size = (width, height, fps)

    def choices(self) -> dict[str, Any]:
        """The settings this wizard writes (devices only for a live show)."""
        values: dict[str, Any] = {
            "language": self.welcome.language.value(),
            "speech_model": self.speech.model.value(),
            "data_dir": self.data.folder.value(),
            "first_run_done": True,
        }
        if self.mode == "live":
            values["camera_device"] = self.devices.camera.value()
            values["mic_device"] = self.devices.microphone.value()
            if self._camera_size is not None:
                width, height, fps = self._camera_size
                values.update(camera_width=width, camera_height=height, camera_fps=fps)
        return values

    def accept(self) -> None:
        """Save the choices; on a write error say so and stay open (nothing is lost)."""
        if not self.data.validatePage():  # Finish validates it too; this guards other callers
            return
        settings = self.config.settings
        old = {name: getattr(settings, name) for name in self.choices()}
        for name, value in self.choices().items():
            setattr(settings, name, value)
        try:
            self.config.save()
        except OSError as exc:
            for name, value in old.items():
                setattr(settings, name, value)
            QMessageBox.warning(
                self,
                self.windowTitle(),
                self.tr(
                    "Could not save the settings: {error}\nChoose another data folder or "
                    "check the disk, then press Finish again."
                ).format(error=exc),
            )
            return
        super().accept()

    def done(self, result: int) -> None:
        """Wait for the microphone probe so no worker outlives the wizard."""
        self._pool.waitForDone(5_000)
        super().done(result)
