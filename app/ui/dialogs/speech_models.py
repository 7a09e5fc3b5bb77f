"""Speech models 语音模型: see, install, download and choose the Vosk model.

All model work (copying, unzipping, downloading, checksums) and listing the microphones
runs through :func:`app.ui.dialogs.store_task.run_task` on the dialog's one-thread pool;
results, progress and errors arrive on the GUI thread, so the window never freezes and
no widget is touched off-thread.
The choice is stored in the ``speech_model`` setting and takes effect at the next session.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.config import Config
from app.messages import QT_TRANSLATE_NOOP
from app.speech import models as mm
from app.ui.dialogs.store_task import Task, run_task
from app.ui.settings.editors import field_title

log = logging.getLogger("app.ui.dialogs.speech_models")

COLUMNS = (
    QT_TRANSLATE_NOOP("SpeechModelsDialog", "Model"),
    QT_TRANSLATE_NOOP("SpeechModelsDialog", "Language"),
    QT_TRANSLATE_NOOP("SpeechModelsDialog", "Size / origin"),
    QT_TRANSLATE_NOOP("SpeechModelsDialog", "Status"),
)
ROLE_KIND = Qt.ItemDataRole.UserRole
ROLE_NAME = Qt.ItemDataRole.UserRole + 1


class SpeechModelsDialog(QDialog):
    """Lists installed and official models; installs on a worker with a progress bar."""

    def __init__(self, config: Config, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Speech models"))
        self.setObjectName("speechModelsDialog")
        self.resize(760, 380)
        self.config = config
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._cancel = threading.Event()  # the download stops (mm.install reads it)
        self.task: Task[mm.InstalledModel] | None = None  # the install in hand (or the last)
        self.busy = False
        self._build()
        self.refresh()
        run_task(  # PortAudio start-up can take a while
            _input_devices, self._on_devices, parent=self, pool=self._pool, name="input devices"
        )

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.active_label = QLabel()
        self.active_label.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("speechModelsMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar()
        self.progress.hide()
        self.use_button = QPushButton(self.tr("Use this model"))
        self.use_button.clicked.connect(self.use_selected)
        self.none_button = QPushButton(self.tr("Use demo script"))
        self.none_button.clicked.connect(lambda: self.set_active(""))
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.clicked.connect(self.download_selected)
        self.zip_button = QPushButton(self.tr("Install zip…"))
        self.zip_button.clicked.connect(self._choose_zip)
        self.folder_button = QPushButton(self.tr("Install folder…"))
        self.folder_button.clicked.connect(self._choose_folder)
        self.cancel_button = QPushButton(self.tr("Cancel download"))
        self.cancel_button.clicked.connect(self._cancel.set)
        self.cancel_button.hide()
        row = QHBoxLayout()
        for button in (
            self.use_button,
            self.none_button,
            self.download_button,
            self.zip_button,
            self.folder_button,
            self.cancel_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        options = self._build_options()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.active_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addLayout(options)
        layout.addWidget(close)

    def _build_options(self) -> QFormLayout:
        """Microphone choice and mention auto-switch: saved at once, used next session."""
        self.mic = QComboBox()
        self.mic.setObjectName("micDevice")
        self.mic.addItem(self.tr("System default"), "")
        if self.config.settings.mic_device:
            self.mic.addItem(self.config.settings.mic_device, self.config.settings.mic_device)
            self.mic.setCurrentIndex(1)
        self.mic.currentIndexChanged.connect(self._on_mic_changed)
        self.auto_switch = QCheckBox(field_title("auto_switch_on_mention"))
        self.auto_switch.setChecked(self.config.settings.auto_switch_on_mention)
        self.auto_switch.toggled.connect(self._on_auto_switch)
        options = QFormLayout()
        options.addRow(self.tr("Microphone"), self.mic)
        options.addRow(self.auto_switch)
        return options

    # -- contents -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the models folder, installed packages and the catalog."""
        installed = mm.installed_models(self.config.models_dir)
        names = {m.name for m in installed}
        active = self.config.settings.speech_model
        rows: list[tuple[str, str, str, str, str]] = []
        for model in installed:
            status = self.tr("active") if active in (model.name, str(model.path)) else ""
            origin = self.tr("pip package") if model.origin == "package" else str(model.path)
            rows.append(("installed", model.name, model.lang or "?", origin, status))
        for entry in mm.CATALOG:
            if entry.name not in names:
                check = "" if entry.sha256 else self.tr(" (checksum unknown: zip verified)")
                rows.append(
                    (
                        "catalog",
                        entry.name,
                        entry.lang,
                        entry.size_label,
                        self.tr("available") + check,
                    )
                )
        self.table.setRowCount(len(rows))
        for r, (kind, name, lang, size, status) in enumerate(rows):
            for c, text in enumerate((name, lang, size, status)):
                item = QTableWidgetItem(text)
                item.setData(ROLE_KIND, kind)
                item.setData(ROLE_NAME, name)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.active_label.setText(
            self.tr("Active model: {name}").format(name=active)
            if active
            else self.tr(
                "No active model: sessions show the demo script. Select an installed model and "
                "press “Use this model”, or download / install one."
            )
        )
        self._update_buttons()

    def _selected(self) -> tuple[str, str] | None:
        items = self.table.selectedItems()
        if not items:
            return None
        return str(items[0].data(ROLE_KIND)), str(items[0].data(ROLE_NAME))

    def select(self, name: str) -> bool:
        """Select the row of model ``name`` (for tests and after an install)."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(ROLE_NAME) == name:
                self.table.selectRow(row)
                return True
        return False

    def _update_buttons(self) -> None:
        selected = self._selected()
        kind = selected[0] if selected else ""
        self.use_button.setEnabled(kind == "installed" and not self.busy)
        self.download_button.setEnabled(kind == "catalog" and not self.busy)
        for button in (self.zip_button, self.folder_button):
            button.setEnabled(not self.busy)
        self.cancel_button.setVisible(self.busy)

    # -- actions --------------------------------------------------------------------------
    def use_selected(self) -> None:
        selected = self._selected()
        if selected and selected[0] == "installed":
            self.set_active(selected[1])

    def set_active(self, name: str) -> None:
        """Store the choice; it applies when the next session starts."""
        self.config.settings.speech_model = name
        try:
            self.config.save()
        except OSError as exc:
            self.message.setText(self.tr("Could not save the setting: {e}").format(e=exc))
            return
        self.message.setText(
            self.tr("Saved. The next session uses {name}.").format(
                name=name or self.tr("the demo script")
            )
        )
        self.refresh()

    def _choose_zip(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Vosk model zip"), "", self.tr("Zip archives (*.zip)")
        )
        if path:
            self.install(path)

    def _choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Vosk model folder"))
        if path:
            self.install(path)

    def download_selected(self) -> None:
        selected = self._selected()
        if selected and selected[0] == "catalog":
            self.install(selected[1])

    def install(self, source: str) -> None:
        """Install from a catalog name, URL, zip or folder on the worker."""
        if self.busy:
            return
        self.busy = True
        self._cancel.clear()
        self.progress.setRange(0, 0)  # busy until the first progress report
        self.progress.show()
        self.message.setText(self.tr("Installing {s}…").format(s=Path(source).name or source))
        self._update_buttons()
        models_dir, cancel = self.config.models_dir, self._cancel
        task: Task[mm.InstalledModel] = Task(
            self,
            self._on_installed,
            self._on_failed,
            on_progress=self._on_progress,
            name=f"installing speech model {source}",
        )

        def report(done: int, total: int | None) -> None:
            task.report((done, total))  # bytes; total None when unknown (can exceed 2 GB)

        self.task = task.start(
            lambda: mm.install(source, models_dir, progress=report, cancel=cancel), self._pool
        )

    def _on_progress(self, value: tuple[int, int | None]) -> None:
        done, total = value
        if total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(done * 1000 / total))
            self.progress.setFormat(f"{done / 1e6:.1f} / {total / 1e6:.1f} MB")
        else:
            self.progress.setRange(0, 0)

    def _on_installed(self, model: mm.InstalledModel) -> None:
        self.busy = False
        self.progress.hide()
        self.message.setText(
            self.tr("Installed {name}. Select it and press “Use this model”.").format(
                name=model.name
            )
        )
        self.refresh()
        self.select(model.name)

    def _on_failed(self, message: str) -> None:
        self.busy = False
        self.progress.hide()
        self.message.setText(self.tr("Install failed: {m}").format(m=message))
        self._update_buttons()

    # -- options ------------------------------------------------------------------------
    def _on_devices(self, devices: list[tuple[int, str]]) -> None:
        current = self.config.settings.mic_device
        self.mic.blockSignals(True)
        for index, name in devices:
            if self.mic.findData(str(index)) < 0 and name != current:
                self.mic.addItem(f"{index}: {name}", str(index))
        self.mic.blockSignals(False)
        if not devices:
            self.mic.setToolTip(self.tr("No input device found (or PortAudio is missing)"))

    def _on_mic_changed(self, _index: int) -> None:
        self.config.settings.mic_device = str(self.mic.currentData() or "")
        self._save_options()

    def _on_auto_switch(self, checked: bool) -> None:
        self.config.settings.auto_switch_on_mention = checked
        self._save_options()

    def _save_options(self) -> None:
        try:
            self.config.save()
        except OSError as exc:
            self.message.setText(self.tr("Could not save the setting: {e}").format(e=exc))
            return
        self.message.setText(self.tr("Saved. Applies to the next session"))

    def done(self, result: int) -> None:
        """Closing cancels a download (it resumes next time) and waits for the worker."""
        self._cancel.set()
        self._pool.waitForDone(5_000)
        super().done(result)


def _input_devices() -> list[tuple[int, str]]:
    from app.speech.mic import input_devices

    return input_devices()


def open_speech_models(parent: QWidget, config: Config | None = None) -> SpeechModelsDialog:
    """Show the dialog (non-modal) for the given or the default configuration."""
    if config is None:
        from app.config import load_config

        config = load_config()
    dialog = SpeechModelsDialog(config, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
