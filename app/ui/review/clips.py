"""Exporting highlights as MP4 clips from the review window (Highlights tab).

*Export clip…* cuts the selected highlight; *Export top moments…* cuts the strongest
three into a folder in one go. Each clip is one MP4 (H.264 + AAC), landscape as recorded
or 9:16 portrait (centre crop or blurred pad) for 抖音 / 视频号 / TikTok, with the
transcript burnt in as captions when asked (:func:`app.analytics.clips.export_clip`).
Cutting re-encodes frames, which takes a while for a long span, so it runs through
:func:`app.ui.dialogs.store_task.run_task`; a progress dialog shows how far it is and can
cancel it. The result (or what went wrong, e.g. nothing was recorded) is shown under the
highlights list: nothing modal blocks the window.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.analytics.clips import Caption, ClipResult, clip_name, export_clip
from app.analytics.timefmt import clock
from app.ui.dialogs.store_task import Task

log = logging.getLogger("app.ui.review.clips")

# (start_ms, end_ms) of a highlight list item.
SPAN_ROLE = Qt.ItemDataRole.UserRole + 1
# How strong a highlight is (peak / typical); the top moments are the highest.
SCORE_ROLE = Qt.ItemDataRole.UserRole + 2
TOP_MOMENTS = 3


class HighlightsPage(QWidget):
    """The highlights list, the clip choices, the export buttons and how the last went."""

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
        self.results: list[ClipResult] = []
        self.error: str | None = None
        self._captions: list[Caption] = []
        self._task: Task[Any] | None = None
        self._dialog: QProgressDialog | None = None
        self.export_button = QPushButton(self.tr("Export clip…"))
        self.export_button.setEnabled(False)
        self.export_button.setToolTip(
            self.tr("Save the selected highlight as one MP4 video with its sound")
        )
        self.export_button.clicked.connect(self.choose_and_export)
        self.top_button = QPushButton(self.tr("Export top moments…"))
        self.top_button.setToolTip(
            self.tr("Save the three strongest highlights as MP4 clips into a folder")
        )
        self.top_button.clicked.connect(self.choose_and_export_top)
        self.shape = QComboBox()
        for text, value in (
            (self.tr("Landscape (as recorded)"), "landscape"),
            (self.tr("Portrait 9:16, centre crop"), "portrait"),
            (self.tr("Portrait 9:16, blurred sides"), "portrait-blur"),
        ):
            self.shape.addItem(text, value)
        self.shape.setToolTip(
            self.tr("9:16 portrait suits Douyin, WeChat Channels and TikTok reposts")
        )
        self.captions_box = QCheckBox(self.tr("Burn in captions"))
        self.captions_box.setToolTip(
            self.tr("Draw what the host said (the transcript) on the clip")
        )
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        highlights.currentItemChanged.connect(self._on_current_changed)
        highlights.model().rowsInserted.connect(self._on_current_changed)
        highlights.model().modelReset.connect(self._on_current_changed)
        choices = QHBoxLayout()
        choices.addWidget(self.shape)
        choices.addWidget(self.captions_box)
        choices.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.export_button)
        row.addWidget(self.top_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(highlights, 1)
        layout.addLayout(choices)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self._on_current_changed()

    # -- what the window hands over ----------------------------------------------------
    def set_transcript(self, lines: Sequence[Any]) -> None:
        """The session's transcript (items with ``start_ms``, ``end_ms``, ``text``)."""
        self._captions = [Caption(int(x.start_ms), int(x.end_ms), str(x.text)) for x in lines]

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done

    def selected_span(self) -> tuple[int, int] | None:
        item = self.highlights.currentItem()
        span = item.data(SPAN_ROLE) if item is not None else None
        return (int(span[0]), int(span[1])) if span else None

    def top_spans(self, count: int = TOP_MOMENTS) -> list[tuple[int, int]]:
        """The ``count`` strongest highlights (by score, else list order), in time order."""
        found = []
        for row in range(self.highlights.count()):
            item = self.highlights.item(row)
            span = item.data(SPAN_ROLE)
            if span:
                score = item.data(SCORE_ROLE)
                found.append((-(float(score) if score is not None else 0.0), row, span))
        found.sort()
        return sorted((int(s[0]), int(s[1])) for _score, _row, s in found[:count])

    def _on_current_changed(self, *_args: object) -> None:
        self.export_button.setEnabled(self.selected_span() is not None and not self.busy)
        self.top_button.setEnabled(bool(self.top_spans()) and not self.busy)

    def _choices(self) -> tuple[str, list[Caption] | None]:
        shape = str(self.shape.currentData())
        return shape, (self._captions if self.captions_box.isChecked() else None)

    # -- asking where ------------------------------------------------------------------
    def choose_and_export(self) -> None:
        """Ask where to save the selected highlight, then cut it in the background."""
        span = self.selected_span()
        if span is None:
            return
        shape, _captions = self._choices()
        folder = Path.home() if self.recordings_dir is None else self.recordings_dir
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export clip"),
            str(folder / clip_name(self.session_id, span[0], shape)),
            self.tr("MP4 video with sound (*.mp4);;Sound only (*.wav)"),
        )
        if path:
            self.export(span[0], span[1], Path(path))

    def choose_and_export_top(self) -> None:
        """Ask for a folder, then cut the top moments into it."""
        spans = self.top_spans()
        if not spans:
            return
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Export top moments into"), str(Path.home())
        )
        if folder:
            self.export_many(spans, Path(folder))

    # -- cutting -----------------------------------------------------------------------
    def export(self, start_ms: int, end_ms: int, out: Path) -> None:
        """Cut ``[start_ms, end_ms)`` into ``out`` on a worker, with progress."""
        self._start([(start_ms, end_ms, out)])

    def export_many(self, spans: Sequence[tuple[int, int]], folder: Path) -> None:
        """Cut each span into ``folder`` (one named MP4 each) on a worker."""
        shape, _captions = self._choices()
        self._start([(s, e, folder / clip_name(self.session_id, s, shape)) for s, e in spans])

    def _start(self, jobs: list[tuple[int, int, Path]]) -> None:
        if self.busy or not jobs:
            return
        if self.recordings_dir is None:
            self._on_failed(self.tr("This session has no recordings folder."))
            return
        self.result, self.results, self.error = None, [], None
        self.export_button.setEnabled(False)
        self.top_button.setEnabled(False)
        self.status.setText(self.tr("Exporting the clip…"))
        first, last = jobs[0][0], jobs[-1][1]
        self._dialog = QProgressDialog(
            self.tr("Cutting {start}–{end}…").format(start=clock(first), end=clock(last)),
            self.tr("Cancel"),
            0,
            100,
            self,
        )
        self._dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self._dialog.setMinimumDuration(500)
        recordings, sid = self.recordings_dir, self.session_id
        shape, captions = self._choices()

        def work() -> list[ClipResult]:
            done: list[ClipResult] = []
            for i, (start, end, out) in enumerate(jobs):

                def report(fraction: float, what: str, i: int = i) -> None:
                    task.report(((i + fraction) / len(jobs), what))

                done.append(
                    export_clip(
                        recordings,
                        sid,
                        start,
                        end,
                        out,
                        shape=shape,
                        captions=captions,
                        progress=report,
                        cancelled=task.is_cancelled,
                    )
                )
            return done

        task: Task[list[ClipResult]] = Task(
            self, self._on_done, self._on_failed, on_progress=self._on_progress, name="clip export"
        )
        task.start(work)  # run_task's way, with ``task`` bound before the work starts
        self._task = task
        self._dialog.canceled.connect(task.cancel)

    def _on_progress(self, value: tuple[float, str]) -> None:
        if self._dialog is not None:
            self._dialog.setValue(int(value[0] * 100))

    def _finish(self) -> None:
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        self._task = None
        self._on_current_changed()

    def _on_done(self, results: list[ClipResult]) -> None:
        self._finish()
        self.results = results
        self.result = results[-1] if results else None
        files = ", ".join(str(p) for r in results for p in r.files)
        if results and all(r.video is None and r.audio is not None for r in results):
            text = self.tr("No video was recorded in this span; saved the sound only: {files}")
        else:
            text = self.tr("Clip saved: {files}")
        self.status.setText(text.format(files=files))

    def _on_failed(self, message: str) -> None:
        self._finish()
        self.error = message
        self.status.setText(self.tr("Could not export the clip: {message}").format(message=message))

    def shutdown(self) -> None:
        """Cancel a running export and wait for it (the window is closing)."""
        task = self._task
        if task is not None:
            task.cancel()
            task.wait(10_000)
