"""Exporting a highlight as clip files from the review window (Highlights tab).

The cut itself (:func:`app.analytics.clips.export_clip`) re-encodes frames, which takes
a while for a long span, so it runs on its own worker thread; a progress dialog shows
how far it is and can cancel it. The result (or what went wrong, e.g. no video was
recorded) is shown under the highlights list: nothing modal blocks the window.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.analytics.clips import ClipResult, export_clip
from app.analytics.export import hms
from app.errors import UserError

log = logging.getLogger("app.ui.review.clips")

# (start_ms, end_ms) of a highlight list item.
SPAN_ROLE = Qt.ItemDataRole.UserRole + 1


class _ClipRelay(QObject):
    progress = Signal(float, str)
    done = Signal(object)
    failed = Signal(str)


class HighlightsPage(QWidget):
    """The highlights list with "Export clip…" and a line saying how the last one went."""

    def __init__(
        self,
        highlights: QListWidget,
        recordings_dir: Path | None,
        session_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.highlights = highlights
        self.recordings_dir = recordings_dir
        self.session_id = session_id
        self.result: ClipResult | None = None
        self.error: str | None = None
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()
        self._dialog: QProgressDialog | None = None
        self._relay = _ClipRelay(self)
        self._relay.progress.connect(self._on_progress)
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)
        self.export_button = QPushButton(self.tr("Export clip…"))
        self.export_button.setEnabled(False)
        self.export_button.setToolTip(
            self.tr("Save the selected highlight as a video (.avi/.mp4) and audio (.wav) file")
        )
        self.export_button.clicked.connect(self.choose_and_export)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        highlights.currentItemChanged.connect(self._on_current_changed)
        row = QHBoxLayout()
        row.addWidget(self.export_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(highlights, 1)
        layout.addLayout(row)
        layout.addWidget(self.status)

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def selected_span(self) -> tuple[int, int] | None:
        item = self.highlights.currentItem()
        span = item.data(SPAN_ROLE) if item is not None else None
        return (int(span[0]), int(span[1])) if span else None

    def _on_current_changed(self, *_args: object) -> None:
        self.export_button.setEnabled(self.selected_span() is not None and not self.busy)

    def choose_and_export(self) -> None:
        """Ask where to save the selected highlight, then cut it in the background."""
        span = self.selected_span()
        if span is None:
            return
        start, end = span
        name = f"session-{self.session_id}-{hms(start).replace(':', '-')}.avi"
        folder = Path.home() if self.recordings_dir is None else self.recordings_dir
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export clip"),
            str(folder / name),
            self.tr("Video with audio beside it (*.avi *.mp4);;Audio only (*.wav)"),
        )
        if path:
            self.export(start, end, Path(path))

    def export(self, start_ms: int, end_ms: int, out: Path) -> None:
        """Cut ``[start_ms, end_ms)`` into ``out`` on a worker thread, with progress."""
        if self.busy:
            return
        if self.recordings_dir is None:
            self._on_failed(self.tr("This session has no recordings folder."))
            return
        self.result, self.error = None, None
        self._cancel.clear()
        self.export_button.setEnabled(False)
        self.status.setText(self.tr("Exporting the clip…"))
        self._dialog = QProgressDialog(
            self.tr("Cutting {start}–{end}…").format(start=hms(start_ms), end=hms(end_ms)),
            self.tr("Cancel"),
            0,
            100,
            self,
        )
        self._dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self._dialog.setMinimumDuration(500)
        self._dialog.canceled.connect(self._cancel.set)
        recordings, sid = self.recordings_dir, self.session_id

        def work() -> None:
            try:
                result = export_clip(
                    recordings, sid, start_ms, end_ms, out,
                    progress=self._relay.progress.emit, cancelled=self._cancel.is_set,
                )  # fmt: skip
            except UserError as exc:
                self._relay.failed.emit(str(exc))
            except Exception as exc:
                log.exception("clip export failed")
                self._relay.failed.emit(f"{type(exc).__name__}: {exc}")
            else:
                self._relay.done.emit(result)

        self._thread = threading.Thread(target=work, name="review-clip", daemon=True)
        self._thread.start()

    def _on_progress(self, fraction: float, _what: str) -> None:
        if self._dialog is not None:
            self._dialog.setValue(int(fraction * 100))

    def _finish(self) -> None:
        if self._thread is not None:
            self._thread.join(timeout=5.0)
            self._thread = None
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self._cancel.set)
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        self._on_current_changed()

    def _on_done(self, result: ClipResult) -> None:
        self._finish()
        self.result = result
        files = ", ".join(str(p) for p in result.files)
        if result.video is None and result.audio is not None:
            text = self.tr("No video was recorded in this span; saved the audio only: {files}")
        else:
            text = self.tr("Clip saved: {files}")
        self.status.setText(text.format(files=files))

    def _on_failed(self, message: str) -> None:
        self._finish()
        self.error = message
        self.status.setText(self.tr("Could not export the clip: {message}").format(message=message))

    def shutdown(self) -> None:
        """Cancel a running export and wait for it (the window is closing)."""
        self._cancel.set()
        if self._thread is not None:
            self._thread.join(timeout=10.0)
            self._thread = None
