"""Safe start: the data folder or the database cannot be opened, so say why and offer a way on.

A bad database URL saved in Settings (or a team server that is down, a data folder that
cannot be written) must not keep the window from opening, or the person could never get
back to Settings to fix it. This dialog opens instead of the window: it shows the one-line
reason and offers *Open Settings…* (the usual dialog, on its Data page), *Use the local
database* (or, for a folder problem, *Use the default data folder*), *Try again* and
*Quit*. Each way on changes the :class:`~app.config.Config` in place and retries; the first
that opens the store closes the dialog with it in :attr:`SafeModeDialog.store`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.config import COMMAND_LINE, ENVIRONMENT, Config, DataFolderError, default_data_dir
from app.errors import user_message

if TYPE_CHECKING:
    from app.store.db import Store
    from app.ui.dialogs.settings import SettingsDialog

log = logging.getLogger("app.ui.dialogs.safe_mode")

#: Opens the store ``config`` names (creating the data folders); raises when it cannot.
StoreOpener = Callable[[Config], "Store"]


def settings_dialog(config: Config, parent: QWidget) -> SettingsDialog:
    """The Settings dialog on its Data page (a function, so tests can pass fake devices)."""
    from app.ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(config, parent)
    dialog.show_page("data")
    return dialog


def reason(error: BaseException) -> str:
    """The one-line message for ``error`` (English, from the code that raised it)."""
    return user_message(error) or f"unexpected error: {type(error).__name__}: {error}"


class SafeModeDialog(QDialog):
    """What could not be opened, and the ways on; ``store`` is set once one worked.

    Args:
        config: the configuration in use; the ways on change it in place.
        error: why the first attempt failed (:class:`~app.config.DataFolderError` for the
            data folder, anything else is taken as the database).
        open_store: opens the store ``config`` names, or raises.
    """

    def __init__(
        self,
        config: Config,
        error: BaseException,
        open_store: StoreOpener,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("safeModeDialog")
        self.setWindowTitle(self.tr("AnchorDesk — safe start"))
        self.setMinimumWidth(560)
        self.config = config
        self.store: Store | None = None
        self.folder_problem = False
        self._open_store = open_store
        self._build()
        self.show_error(error)

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.heading = QLabel()
        self.heading.setObjectName("safeModeHeading")
        font = QFont(self.heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.message = self._selectable("safeModeMessage")
        self.origin = self._selectable("safeModeOrigin")
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.settings_button = QPushButton(self.tr("Open Settings…"))
        self.settings_button.setObjectName("safeModeSettings")
        self.settings_button.clicked.connect(self._on_settings)
        self.fallback_button = QPushButton()
        self.fallback_button.setObjectName("safeModeFallback")
        self.fallback_button.clicked.connect(self._on_fallback)
        self.retry_button = QPushButton(self.tr("Try again"))
        self.retry_button.setObjectName("safeModeRetry")
        self.retry_button.clicked.connect(self.retry)
        self.quit_button = QPushButton(self.tr("Quit"))
        self.quit_button.setObjectName("safeModeQuit")
        self.quit_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.settings_button, self.fallback_button, self.retry_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.message, self.origin, self.advice):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.settings_button.setDefault(True)

    @staticmethod
    def _selectable(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    # -- what happened --------------------------------------------------------------------
    def show_error(self, error: BaseException) -> None:
        """Show why the data cannot be opened and fit the ways on to it."""
        self.folder_problem = isinstance(error, DataFolderError)
        self.message.setText(reason(error))
        if self.folder_problem:
            self.heading.setText(self.tr("AnchorDesk cannot use its data folder."))
            self.fallback_button.setText(self.tr("Use the default data folder"))
            self.advice.setText(
                self.tr(
                    "Nothing has been recorded. Choose another data folder in Settings, or "
                    "use the default one, and AnchorDesk carries on from here."
                )
            )
            default = default_data_dir().expanduser().resolve()
            self.fallback_button.setEnabled(self.config.data_dir != default)
        else:
            self.heading.setText(self.tr("AnchorDesk cannot open its database."))
            self.fallback_button.setText(self.tr("Use the local database"))
            self.advice.setText(
                self.tr(
                    "Nothing has been recorded. Correct the database in Settings, or use "
                    "the local database on this computer, and AnchorDesk carries on from "
                    "here."
                )
            )
            self.fallback_button.setEnabled(self.config.db_url != self.config.local_db_url)
        self.origin.setText(self._origin_note())
        self.origin.setVisible(bool(self.origin.text()))

    def _origin_note(self) -> str:
        """Say when Settings cannot change the value in use (the command line or the
        environment gave it); empty otherwise."""
        if self.folder_problem:
            notes = {
                COMMAND_LINE: self.tr(
                    "This data folder was given with --data-dir, which Settings cannot "
                    "change for this run."
                ),
                ENVIRONMENT: self.tr(
                    "This data folder was given with the ANCHORDESK_DATA_DIR environment "
                    "variable, which Settings cannot change for this run."
                ),
            }
            return notes.get(self.config.data_dir_from, "")
        notes = {
            COMMAND_LINE: self.tr(
                "This database was given with --db, which Settings cannot change for this run."
            ),
            ENVIRONMENT: self.tr(
                "This database was given with the ANCHORDESK_DB environment variable, which "
                "Settings cannot change for this run."
            ),
        }
        return notes.get(self.config.db_url_from, "")

    # -- ways on --------------------------------------------------------------------------
    def retry(self) -> bool:
        """Open the store ``config`` names now; True (and the dialog closes) when it opened."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.store = self._open_store(self.config)
        except Exception as exc:  # shown here: the person decides what to try next
            if user_message(exc) is None:
                log.exception("opening the data failed unexpectedly")
            else:
                log.warning("the data still cannot be opened: %s", user_message(exc))
            self.show_error(exc)
            return False
        finally:
            QApplication.restoreOverrideCursor()
        log.info("safe mode: opened %s", self.store.display_url)
        self.accept()
        return True

    def _on_settings(self) -> None:
        dialog = settings_dialog(self.config, self)
        saved: list[object] = []
        dialog.saved.connect(saved.append)
        dialog.exec()
        dialog.deleteLater()
        if saved:
            self.config.reload()  # the folder and database the saved settings name
            self.retry()

    def _on_fallback(self) -> None:
        if self.folder_problem:
            self.config.use_default_data_folder()
        else:
            self.config.use_local_database()
        self.retry()
