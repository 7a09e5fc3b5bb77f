"""Help ▸ Log: the latest log lines inside the app, live, with level filter and search.

Fed by :data:`app.logs.RING`. A GUI timer asks the ring for the lines that arrived since its
last look and appends only those, in one call per tick, so a chatty session costs a few
lines of work per tick and the window never re-reads the whole buffer while it runs
(only when the filter or search changes). The timer runs only while the dialog is shown.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent, QFontDatabase, QGuiApplication, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import logs
from app.logs import RingBufferHandler
from app.messages import QT_TRANSLATE_NOOP

REFRESH_MS = 300
#: (label, minimum level) for the level filter; the first entry is the default.
LEVELS: tuple[tuple[str, int], ...] = (
    (QT_TRANSLATE_NOOP("LogViewDialog", "Info and above"), logging.INFO),
    (QT_TRANSLATE_NOOP("LogViewDialog", "Warnings and errors"), logging.WARNING),
    (QT_TRANSLATE_NOOP("LogViewDialog", "Errors only"), logging.ERROR),
    (QT_TRANSLATE_NOOP("LogViewDialog", "Everything (debug)"), logging.DEBUG),
)


class LogViewDialog(QDialog):
    """Non-modal, live view of the in-memory log ring."""

    def __init__(self, ring: RingBufferHandler | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("log_view")
        self.setWindowTitle(self.tr("Log"))
        self.setModal(False)
        self.ring = ring if ring is not None else logs.RING
        self._seq = 0
        self.shown_lines = 0
        self.level = QComboBox()
        for label, level in LEVELS:
            self.level.addItem(self.tr(label), level)
        self.level.currentIndexChanged.connect(self.reload)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search the log"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.reload)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setMaximumBlockCount(max(self.ring.capacity * 4, 1000))
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.count = QLabel()
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the selection, or every line shown"))
        self.copy_button.clicked.connect(self.copy)
        self.folder_button = QPushButton(self.tr("Open log folder"))
        self.folder_button.clicked.connect(self._on_open_folder)
        self.folder_button.setEnabled(logs.current_log_dir() is not None)
        top = QHBoxLayout()
        top.addWidget(self.level)
        top.addWidget(self.search, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.copy_button)
        bottom.addWidget(self.folder_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.text, 1)
        layout.addLayout(bottom)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.poll)
        self.resize(900, 500)
        self.reload()

    # -- filtering ------------------------------------------------------------------------
    def _matches(self, level: int, text: str) -> bool:
        if level < int(self.level.currentData()):
            return False
        needle = self.search.text().strip().casefold()
        return not needle or needle in text.casefold()

    def reload(self) -> None:
        """Rebuild from the whole ring (filter or search changed)."""
        self._seq, entries = self.ring.since(0)
        lines = [text for level, text in entries if self._matches(level, text)]
        self.text.setPlainText("\n".join(lines))
        self.shown_lines = len(lines)
        self._scroll_to_end()
        self._update_count()

    def poll(self) -> None:
        """Append what arrived since the last look (one append per tick)."""
        self._seq, entries = self.ring.since(self._seq)
        lines = [text for level, text in entries if self._matches(level, text)]
        if not lines:
            return
        bar = self.text.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 2
        self.text.appendPlainText("\n".join(lines))
        self.shown_lines += len(lines)
        if at_end:  # keep the reader's place when they scrolled up to read
            self._scroll_to_end()
        self._update_count()

    def _scroll_to_end(self) -> None:
        bar = self.text.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _update_count(self) -> None:
        self.count.setText(
            self.tr("{shown} entries shown · the file has the full history").format(
                shown=min(self.shown_lines, self.ring.capacity)
            )
        )

    # -- actions --------------------------------------------------------------------------
    def copy(self) -> None:
        selected = self.text.textCursor().selectedText().replace("\u2029", "\n")
        QGuiApplication.clipboard().setText(selected or self.text.toPlainText())

    def _on_open_folder(self) -> None:
        from app.ui.crash import open_folder

        folder = logs.current_log_dir()
        if folder is not None:
            open_folder(folder)

    # -- the timer runs only while the dialog is on screen --------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        self.poll()
        self.timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.timer.stop()
        super().closeEvent(event)


def open_log_view(parent: QWidget, current: LogViewDialog | None = None) -> LogViewDialog:
    """Show the log view (one per window: reuse ``current`` when it exists)."""
    dialog = current if current is not None else LogViewDialog(parent=parent)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
