"""The review window (直播复盘): the recording, the timeline and the tables in one place.

Loading runs in the background (:func:`app.ui.dialogs.store_task.run_task` on the
window's one-thread pool: the app's one background idiom), with a progress bar, so the
window is responsive at once even for a four-hour show; the widgets are filled on the GUI
thread when the plain data arrives, then the slower extras (distinct commenters, the
host scorecard and diagnosis, the video lengths) follow. Every place that names a time
(timeline, product table, highlight, alert, search hit, transcript line) seeks the video
and the timeline cursor there. Times read as session time (HH:MM:SS) and local time of day.
Labels made outside the UI (reasons, alert kinds, report words) are rendered in the
interface language (:mod:`app.ui.review.words`). Without a recording the timeline still
works and says so.
"""

from __future__ import annotations

import html
import logging
import time
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QThreadPool, QTimer, QUrl
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.analytics.export import alert_words, display, export_session, reason_text
from app.analytics.report_text import COLUMN, METRIC, SENTENCE, STATUS
from app.analytics.review import (
    Diagnosis,
    HostRank,
    ReviewData,
    ScoreRow,
    SearchHit,
    count_commenters,
    diagnose,
    host_rank,
    load_review,
    scorecard,
    search,
    with_commenters,
)
from app.analytics.timefmt import clock, local, wall_clock, zone_label
from app.privacy.retention import removed_texts
from app.speech.audio_recorder import AudioSegment
from app.store.db import Store
from app.ui.dialogs.store_task import Task
from app.ui.engine_api import SessionEngineLike
from app.ui.formatting import platform_label
from app.ui.multimedia import multimedia_missing, playback_unavailable_text
from app.ui.review.clips import SCORE_ROLE, SPAN_ROLE, HighlightsPage
from app.ui.review.scorecard import ScorecardPage
from app.ui.review.timeline import Timeline
from app.ui.review.words import ui_words
from app.vision.recorder import RecordingInfo, probe_recordings

log = logging.getLogger("app.ui.review")

TIME_ROLE = Qt.ItemDataRole.UserRole
PLAY_TICK_MS = 200
#: Audio further than this from the timeline (video or clock) is moved back into step.
AUDIO_DRIFT_MS = 300
#: Alert kinds listed beside the transcript (product mentions are the timeline's business).
LISTED_ALERTS_SKIP = frozenset({"mention"})
REPORT_FORMATS = ("html", "xlsx", "csv")


@dataclass(frozen=True, slots=True)
class _Extras:
    """What the second background step finds once the window shows the session."""

    commenters: int
    removed_texts: int
    videos: list[RecordingInfo]  # where each file sits on the session clock
    rows: list[ScoreRow]
    rank: HostRank | None
    diagnosis: Diagnosis


def _item(text: str, t_ms: int | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if t_ms is not None:
        item.setData(TIME_ROLE, t_ms)
    return item


def _list_item(text: str, t_ms: int) -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setData(TIME_ROLE, t_ms)
    return item


class ReviewWindow(QMainWindow):
    """Reviews one session; :attr:`data` is None until the worker has loaded it."""

    def __init__(
        self,
        store: Store,
        session_id: int,
        recordings_dir: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.session_id = session_id
        self.recordings_dir = recordings_dir
        self.data: ReviewData | None = None
        self.position_ms = 0
        self.player: Any = None
        self.audio: Any = None  # the video player's sound (None without an output device)
        self.error: str | None = None
        self.removed_text_count = 0
        self.search_hits: list[SearchHit] = []
        self.score_rows: list[ScoreRow] = []
        self.diagnosis: Diagnosis | None = None
        self.exported: list[Path] = []
        self._videos: list[Path] = []
        self._video_starts: list[int] = []
        self._video_muted = False
        self._video_index = -1
        self._pending_video_pos: int | None = None
        self.audio_player: Any = None
        self.audio_error: str | None = None
        self._audio: list[AudioSegment] = []
        self._audio_starts: list[int] = []
        self._audio_index = -1
        self._pending_audio_pos: int | None = None
        self._tick_at = 0.0
        self._priming = False  # playing muted for one frame while paused (see _show_still)
        self._closed = False
        self._tasks: list[Task[Any]] = []
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one query at a time, in order
        self._play_timer = QTimer(self)
        self._play_timer.setInterval(PLAY_TICK_MS)
        self._play_timer.timeout.connect(self._on_play_tick)
        self.setWindowTitle(self.tr("Review — session {id}").format(id=session_id))
        self._build()
        self.resize(1280, 900)
        self._start_loading()

    # -- construction ---------------------------------------------------------------------
    def _build(self) -> None:
        self.banner = QLabel()
        self.banner.setObjectName("reviewBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.video_stack = QStackedWidget()
        self.no_video = QLabel(self.tr("Loading…"))
        self.no_video.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_video.setMinimumSize(320, 180)
        self.video_stack.addWidget(self.no_video)
        self.play_button = QPushButton(self.tr("Play"))
        self.play_button.setCheckable(True)
        self.play_button.toggled.connect(self._on_play_toggled)
        self.time_label = QLabel(clock(0))
        controls = QHBoxLayout()
        controls.addWidget(self.play_button)
        controls.addWidget(self.time_label)
        controls.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.video_stack, 1)
        left_layout.addLayout(controls)
        self._build_tabs()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.summary)
        right_layout.addWidget(self.tabs, 1)
        right_layout.addLayout(self._export_row())
        self._layout(left, right)

    def _build_tabs(self) -> None:
        self.tabs = QTabWidget()
        self.product_table = self._table(
            [self.tr("SKU"), self.tr("Product"), self.tr("On air"), self.tr("Mentions"),
             self.tr("Questions"), self.tr("Purchase intents"), self.tr("Orders"),
             self.tr("GMV"), self.tr("GPM")]
        )  # fmt: skip
        self.product_table.cellClicked.connect(self._on_table_clicked)
        self.highlights = QListWidget()
        self.highlights.itemClicked.connect(self._on_list_clicked)
        self.transcript_list = QListWidget()
        self.transcript_list.setWordWrap(True)
        self.transcript_list.itemClicked.connect(self._on_list_clicked)
        self.alerts_list = QListWidget()
        self.alerts_list.setObjectName("reviewAlerts")
        self.alerts_list.setWordWrap(True)
        self.alerts_list.itemClicked.connect(self._on_list_clicked)
        self.alerts_title = QLabel(self.tr("Alerts"))
        alerts_page = QWidget()
        alerts_layout = QVBoxLayout(alerts_page)
        alerts_layout.setContentsMargins(0, 0, 0, 0)
        alerts_layout.addWidget(self.alerts_title)
        alerts_layout.addWidget(self.alerts_list, 1)
        talk = QSplitter(Qt.Orientation.Horizontal)
        talk.addWidget(self.transcript_list)
        talk.addWidget(alerts_page)
        talk.setSizes([440, 280])
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("Search transcript and comments"))
        self.search_box.returnPressed.connect(self.run_search)
        self.search_results = QListWidget()
        self.search_results.itemClicked.connect(self._on_list_clicked)
        search_page = QWidget()
        search_layout = QVBoxLayout(search_page)
        search_layout.addWidget(self.search_box)
        search_layout.addWidget(self.search_results)
        self.scorecard_page = ScorecardPage()
        self.score_table = self.scorecard_page.table
        self.diagnosis_view = QTextBrowser()
        self.diagnosis_view.setObjectName("reviewDiagnosis")
        self.diagnosis_view.setOpenLinks(False)
        self.diagnosis_view.anchorClicked.connect(lambda url: self.seek(int(url.fragment() or 0)))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs.addTab(self.product_table, self.tr("Products"))
        self.highlights_page = HighlightsPage(self.highlights, self.recordings_dir, self.session_id)
        self.tabs.addTab(self.highlights_page, self.tr("Highlights"))
        self.tabs.addTab(talk, self.tr("Transcript and alerts"))
        self.tabs.addTab(self.diagnosis_view, self.tr("Diagnosis"))
        self.tabs.addTab(search_page, self.tr("Search"))
        self.tabs.addTab(self.scorecard_page, self.tr("Host scorecard"))

    def _export_row(self) -> QHBoxLayout:
        self.report_format = QComboBox()
        for label, fmt in (
            (self.tr("HTML report"), "html"),
            (self.tr("Excel workbook (XLSX)"), "xlsx"),
            (self.tr("CSV tables (folder)"), "csv"),
        ):
            self.report_format.addItem(label, fmt)
        self.export_button = QPushButton(self.tr("Export report…"))
        self.export_button.setToolTip(
            self.tr("Save the review as a report in the interface language")
        )
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.choose_and_export)
        self.export_status = QLabel()
        self.export_status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.report_format)
        row.addWidget(self.export_button)
        row.addWidget(self.export_status, 1)
        return row

    def _layout(self, left: QWidget, right: QWidget) -> None:
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(left)
        top.addWidget(right)
        top.setSizes([560, 720])
        self.timeline = Timeline()
        self.timeline.seek_requested.connect(self.seek)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.timeline)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([440, self.timeline.minimumHeight()])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.banner)
        layout.addWidget(split, 1)
        self.setCentralWidget(central)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(240)
        self.statusBar().addPermanentWidget(self.progress)
        close = QAction(self.tr("Close"), self)
        close.setShortcut("Ctrl+W")
        close.triggered.connect(self.close)
        self.addAction(close)

    def _table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        return table

    # -- background work (run_task on the window's one-thread pool) -----------------------
    def _run(
        self,
        work: Any,
        on_done: Any,
        *,
        on_error: Any = None,
        on_progress: Any = None,
        name: str,
    ) -> None:
        """``work(task)`` on the pool; ``on_done``/``on_error`` on the GUI thread
        (:class:`app.ui.dialogs.store_task.Task`, the app's one background idiom)."""
        if self._closed:
            return
        self._tasks = [t for t in self._tasks if not t.done]
        task: Task[Any] = Task(self, on_done, on_error, on_progress=on_progress, name=name)
        self._tasks.append(task)
        task.start(lambda: work(task), self._pool)

    def _start_loading(self) -> None:
        def work(task: Task[Any]) -> ReviewData:
            return load_review(
                self.store,
                self.session_id,
                recordings_dir=self.recordings_dir,
                progress=lambda f, what: task.report((f, what)),
                count_commenters=False,  # open first; counted in the next step
            )

        self._run(
            work,
            self._on_loaded,
            on_error=self._on_failed,
            on_progress=self._on_progress_value,
            name="review loading",
        )

    def _load_extras(self, data: ReviewData) -> None:
        store, session_id = self.store, self.session_id

        def work(_task: Task[Any]) -> _Extras:
            rows = scorecard(store, data.session.host or None)
            return _Extras(
                commenters=count_commenters(store, session_id),
                removed_texts=removed_texts(store, session_id),
                videos=probe_recordings(data.videos) if data.videos else [],
                rows=rows,
                rank=host_rank(store, data.session.host) if data.session.host else None,
                diagnosis=diagnose(data, rows),
            )

        self._run(work, self._on_extras, name="review extras")

    def _on_extras(self, extras: _Extras) -> None:
        self._on_commenters(extras.commenters)
        self._on_removed_texts(extras.removed_texts)
        if extras.videos:
            self._on_videos(extras.videos)
        self.diagnosis = extras.diagnosis
        self._fill_diagnosis(extras.diagnosis)
        self._on_scored(extras.rows, extras.rank)

    def wait_idle(self, timeout_ms: int = 30_000) -> bool:
        """Wait for the background work (closing; tests)."""
        return self._pool.waitForDone(timeout_ms)

    @property
    def loading(self) -> bool:
        return self.data is None and self.error is None

    # -- slots (GUI thread) ---------------------------------------------------------------
    def _on_progress_value(self, value: tuple[float, str]) -> None:
        fraction, what = value
        self.progress.setValue(int(fraction * 100))
        self.statusBar().showMessage(self.tr("Loading {what}…").format(what=what))

    def _on_failed(self, message: str) -> None:
        log.warning("cannot review session %s: %s", self.session_id, message)
        self.error = message
        self.progress.hide()
        self.no_video.setText(self.tr("Could not load this session"))
        self.banner.setText(
            self.tr("Could not load session {id}: {message}").format(
                id=self.session_id, message=message
            )
        )
        self.banner.show()

    def _on_loaded(self, data: ReviewData) -> None:
        self.data = data
        s = data.session
        self.setWindowTitle(self.tr("Review — {title}").format(title=s.title))
        self.progress.hide()
        self.statusBar().showMessage(
            self.tr("{comments} comments, {orders} orders, {length}").format(
                comments=f"{data.totals.comments:,}",
                orders=f"{data.totals.orders:,}",
                length=clock(s.duration_ms),
            ),
            8_000,
        )
        if s.interrupted:
            self.banner.setText(
                self.tr(
                    "This session was interrupted (the app stopped unexpectedly). Everything "
                    "recorded up to {t} is shown."
                ).format(t=clock(s.duration_ms))
            )
            self.banner.show()
        if multimedia_missing():
            self.no_video.setText(playback_unavailable_text())
            self.no_video.setWordWrap(True)
            self.no_video.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        elif not data.videos and data.audio:
            self.no_video.setText(
                self.tr("No video recorded for this session; the audio plays with the timeline.")
            )
        elif not data.videos:
            self.no_video.setText(
                self.tr("No video recorded for this session; the timeline still works.")
            )
        if data.audio and not multimedia_missing():
            self._setup_audio(data.audio)
        self._fill_summary(data)
        self._fill_products(data)
        self._fill_highlights(data)
        self._fill_transcript(data)
        self._fill_alerts(data)
        self.timeline.show_data(data)
        self.export_button.setEnabled(True)
        self.seek(0)
        self._load_extras(data)

    def _on_removed_texts(self, count: int) -> None:
        """Say why comment texts are blank (retention or an erased viewer, docs/privacy.md)."""
        if not count:
            return
        self.removed_text_count = count
        note = self.tr(
            "{n} comment texts were removed for privacy (retention or an erased viewer); "
            "their counts, times and sentiment are still shown."
        ).format(n=f"{count:,}")
        shown = self.banner.text() if self.banner.isVisibleTo(self) else ""
        self.banner.setText(f"{shown}\n{note}" if shown else note)
        self.banner.show()

    def _on_commenters(self, commenters: int) -> None:
        if self.data is not None:
            self.data = with_commenters(self.data, commenters)
            self._fill_summary(self.data)

    def _fill_summary(self, data: ReviewData) -> None:
        t, s = data.totals, data.session
        words = ui_words()
        status = words.label(STATUS, s.status)
        head = (
            f"<b>{html.escape(s.title)}</b> · {html.escape(s.host or '—')} · "
            f"{html.escape(platform_label(s.platform) if s.platform else '—')} · "
            f"{local(s.started_at)} · "
            f"{clock(s.duration_ms)} · {html.escape(status)}"
        )
        figures = self.tr(
            "GMV {gmv} · {orders} orders · {comments} comments · GPM {gpm} · AOV {aov} · "
            "interaction {rate} · peak online {peak}"
        ).format(
            gmv=f"{t.gmv:,.2f}",
            orders=f"{t.orders:,}",
            comments=f"{t.comments:,}",
            gpm=display(t.gpm, "money", words),
            aov=display(t.aov, "money", words),
            rate=display(t.interaction_rate, "ratio", words),
            peak=f"{t.peak_viewers:,}",
        )
        zone = html.escape(words(SENTENCE["times_in"], zone=zone_label(s.started_at)))
        self.summary.setText(f"{head}<br>{html.escape(figures)}<br><small>{zone}</small>")

    def _fill_products(self, data: ReviewData) -> None:
        words = ui_words()
        table = self.product_table
        table.setRowCount(len(data.products))
        first_on_air: dict[str, int] = {}
        for seg in data.segments:
            first_on_air.setdefault(seg.sku, seg.start_ms)
        for row, p in enumerate(data.products):
            t = first_on_air.get(p.sku)
            values = [
                p.sku, p.name, clock(p.on_air_ms), str(p.mentions), str(p.questions),
                str(p.purchase_intents), str(p.orders), f"{p.gmv:,.2f}",
                display(p.gpm, "money", words),
            ]  # fmt: skip
            for col, value in enumerate(values):
                table.setItem(row, col, _item(value, t))
        table.resizeColumnsToContents()

    def _fill_highlights(self, data: ReviewData) -> None:
        words = ui_words()
        self.highlights.clear()
        if not data.highlights:
            self.highlights.addItem(self.tr("No spikes found"))
        for h in data.highlights:
            text = self.tr("{start}–{end}  {reason} peak {peak:g} (typical {base:g})").format(
                start=clock(h.start_ms),
                end=clock(h.end_ms),
                reason=reason_text(h.reason, words),
                peak=h.value,
                base=h.baseline,
            )
            item = _list_item(text, h.start_ms)
            item.setData(SPAN_ROLE, (h.start_ms, h.end_ms))  # "Export clip…" cuts this span
            item.setData(SCORE_ROLE, h.value / max(h.baseline, 1.0))  # "Export top moments"
            self.highlights.addItem(item)
        self.highlights_page.set_transcript(data.transcript)  # captions burnt into clips

    def _fill_transcript(self, data: ReviewData) -> None:
        self.transcript_list.clear()
        for ln in data.transcript:
            self.transcript_list.addItem(
                _list_item(f"{clock(ln.start_ms)}  {ln.text}", ln.start_ms)
            )

    def _fill_alerts(self, data: ReviewData) -> None:
        """The show's alerts (ad-law phrases first of all) beside the transcript."""
        words = ui_words()
        self.alerts_list.clear()
        shown = [a for a in data.alerts if a.kind not in LISTED_ALERTS_SKIP]
        compliance = sum(1 for a in shown if a.kind == "compliance")
        self.alerts_title.setText(
            self.tr("Alerts: {n} ({law} ad-law phrases)").format(n=len(shown), law=compliance)
        )
        if not shown:
            self.alerts_list.addItem(self.tr("No alerts in this show"))
        for a in shown:
            item = _list_item(
                f"{clock(a.t_ms)}  {alert_words(a.kind, a.terms, a.text, words, a.note)}", a.t_ms
            )
            item.setToolTip(a.note.render(words.translate) if a.note is not None else a.text)
            self.alerts_list.addItem(item)

    def _fill_diagnosis(self, diagnosis: Diagnosis) -> None:
        """The three weakest figures against the host's median, with their minutes."""
        data = self.data
        if data is None:
            return
        words = ui_words()
        if diagnosis.earlier == 0:
            self.diagnosis_view.setHtml(f"<p>{html.escape(words(SENTENCE['no_earlier']))}</p>")
            return
        if not diagnosis.weaknesses:
            self.diagnosis_view.setHtml(
                f"<p>{html.escape(words(SENTENCE['all_steady'], n=diagnosis.earlier))}</p>"
            )
            return
        parts = [f"<p>{html.escape(words(SENTENCE['diagnosis_intro'], n=diagnosis.earlier))}</p>"]
        for w in diagnosis.weaknesses:
            kind = "ratio" if w.metric in ("interaction_rate", "follower_growth",
                                           "complaint_share") else "money"  # fmt: skip
            if w.metric == "orders":
                kind = "int"
            value, median = display(w.value, kind, words), display(w.median, kind, words)
            parts.append(
                f"<h3>{html.escape(words.label(METRIC, w.metric))} {html.escape(value)} · "
                f"{html.escape(words(COLUMN['median']))} {html.escape(median)}"
                f" <span style='color:#ff6b6b'>{w.change * 100:+.0f}%</span></h3><ul>"
            )
            for m in w.moments:
                at = wall_clock(data.session.started_at, m.start_ms, "%H:%M")
                line = words(
                    SENTENCE["moment"],
                    time=f"{clock(m.start_ms)} ({at})",
                    product=m.product or words(SENTENCE["nothing_on_air"]),
                    viewers=f"{m.viewers:,}",
                    comments=f"{m.comments:,}",
                    orders=f"{m.orders:,}",
                )
                said = f"<br><i>“{html.escape(m.said)}”</i>" if m.said else ""
                parts.append(f"<li><a href='#{m.start_ms}'>{html.escape(line)}</a>{said}</li>")
            parts.append("</ul>")
        self.diagnosis_view.setHtml("".join(parts))

    def _on_scored(self, rows: list[ScoreRow], rank: HostRank | None = None) -> None:
        self.score_rows = rows
        self.scorecard_page.show_rows(rows, rank)

    # -- reports --------------------------------------------------------------------------
    def choose_and_export(self) -> None:
        fmt = str(self.report_format.currentData())
        name = f"session-{self.session_id}"
        if fmt == "csv":
            path = QFileDialog.getExistingDirectory(self, self.tr("Export CSV tables into"))
            out = Path(path) / name if path else None
        else:
            filters = {
                "html": self.tr("HTML report (*.html)"),
                "xlsx": self.tr("Excel workbook (*.xlsx)"),
            }
            path, _f = QFileDialog.getSaveFileName(
                self, self.tr("Export report"), f"{name}.{fmt}", filters[fmt]
            )
            out = Path(path) if path else None
        if out is not None:
            self.export_report(fmt, out)

    def export_report(self, fmt: str, out: Path) -> None:
        """Write the review as ``fmt`` to ``out`` in the interface language (background)."""
        data = self.data
        if data is None or fmt not in REPORT_FORMATS:
            return
        words, store = ui_words(), self.store
        self.export_button.setEnabled(False)
        self.export_status.setText(self.tr("Exporting…"))

        def done(files: list[Path]) -> None:
            self.exported = files
            self.export_button.setEnabled(True)
            self.export_status.setText(
                self.tr("Saved: {path}").format(path=files[0] if len(files) == 1 else out)
            )

        def failed(message: str) -> None:
            self.export_button.setEnabled(True)
            self.export_status.setText(
                self.tr("Could not export: {message}").format(message=message)
            )

        self._run(
            lambda _task: export_session(data, fmt, out, store=store, words=words),
            done,
            on_error=failed,
            name="report export",
        )

    # -- search ---------------------------------------------------------------------------
    def run_search(self) -> None:
        """Search transcript and comments for the box's text in the background."""
        query = self.search_box.text().strip()
        if not query:
            self.search_results.clear()
            return
        self.search_results.clear()
        self.search_results.addItem(self.tr("Searching…"))
        store, session_id = self.store, self.session_id
        self._run(
            lambda _task: (query, search(store, session_id, query)),
            lambda result: self._on_found(*result),
            name="review search",
        )

    def _on_found(self, query: str, hits: list[SearchHit]) -> None:
        if query != self.search_box.text().strip():
            return  # an older search finished after a newer one started
        self.search_hits = hits
        self.search_results.clear()
        if not hits:
            self.search_results.addItem(self.tr("Nothing found"))
        for hit in hits:
            label = "💬" if hit.kind == "comment" else "🎙"
            self.search_results.addItem(
                _list_item(f"{clock(hit.t_ms)}  {label} {hit.text}", hit.t_ms)
            )

    # -- seeking and playback -------------------------------------------------------------
    def _on_table_clicked(self, row: int, col: int) -> None:
        item = self.product_table.item(row, col)
        t = item.data(TIME_ROLE) if item is not None else None
        if t is not None:
            self.seek(int(t))

    def _on_list_clicked(self, item: QListWidgetItem) -> None:
        t = item.data(TIME_ROLE)
        if t is not None:
            self.seek(int(t))

    def seek(self, t_ms: int) -> None:
        """Move the cursor (and the video, if any) to session time ``t_ms``."""
        duration = self.data.session.duration_ms if self.data is not None else 0
        self.position_ms = max(0, min(int(t_ms), duration))
        self._show_position()
        if self.player is not None:
            self._seek_video(self.position_ms)
        if self.audio_player is not None:
            self._sync_audio(self.position_ms, seeking=True)

    def _show_position(self) -> None:
        self.timeline.set_cursor(self.position_ms)
        text = clock(self.position_ms)
        if self.data is not None:
            text += f"  ({wall_clock(self.data.session.started_at, self.position_ms)})"
        self.time_label.setText(text)

    def _on_play_toggled(self, playing: bool) -> None:
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))
        if self._priming:
            self._priming = False
            self._mute_video(self._video_muted)
        if self.player is not None:
            if playing:
                self.player.play()
            else:
                self.player.pause()
        elif playing:
            self._tick_at = time.monotonic()
            self._play_timer.start()  # no video: the cursor still runs at real speed
        else:
            self._play_timer.stop()
        if self.audio_player is not None:
            self._sync_audio(self.position_ms, seeking=True)

    def _on_play_tick(self) -> None:
        if self.data is None or self.position_ms >= self.data.session.duration_ms:
            self.play_button.setChecked(False)
            return
        now = time.monotonic()
        elapsed, self._tick_at = int((now - self._tick_at) * 1000), now
        heard = self._audio_position()  # playing audio is the clock; else real time
        self.position_ms = heard if heard is not None else self.position_ms + elapsed
        self._show_position()
        if self.audio_player is not None:
            self._sync_audio(self.position_ms)

    def _on_videos(self, infos: list[RecordingInfo]) -> None:
        if multimedia_missing():  # the timeline still runs on the play timer
            return
        from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer

        from app.ui.review.frame_view import FrameView

        self._videos = [info.path for info in infos]
        self._video_starts = [info.start_ms for info in infos]
        # The MP4 carries the sound too; when the WAV segments play it, the video is muted.
        self._video_muted = bool(self._audio)
        self.video_widget = FrameView()  # keeps the last frame while paused or seeking
        self.video_stack.addWidget(self.video_widget)
        self.video_stack.setCurrentWidget(self.video_widget)
        self.player = QMediaPlayer(self)
        if QMediaDevices.audioOutputs():  # no device (a server, CI): no audio renderer at all
            self.audio = QAudioOutput(self)
            self._mute_video(self._video_muted)
            self.player.setAudioOutput(self.audio)
        self.player.setVideoSink(self.video_widget.sink)
        self.player.positionChanged.connect(self._on_player_position)
        self.player.mediaStatusChanged.connect(self._on_media_status)
        self.video_widget.frame_shown.connect(self._on_frame_shown)
        self._seek_video(self.position_ms)

    def _mute_video(self, muted: bool) -> None:
        if self.audio is not None:
            self.audio.setMuted(muted)

    def video_at(self, t_ms: int) -> tuple[int, int]:
        """(segment index, position inside it) for session time ``t_ms``."""
        i = max(0, bisect_right(self._video_starts, t_ms) - 1)
        return i, max(0, t_ms - self._video_starts[i])

    def _seek_video(self, t_ms: int) -> None:
        i, offset = self.video_at(t_ms)
        if i != self._video_index:
            self._video_index = i
            self._pending_video_pos = offset
            self.player.setSource(QUrl.fromLocalFile(str(self._videos[i])))
        else:
            self.player.setPosition(offset)
            self._show_still()

    def _show_still(self) -> None:
        """Paused: run the player (muted) until the frame at the cursor arrives, then pause,
        so the picture shows where a person clicked instead of staying black."""
        if self.player is None or self.play_button.isChecked():
            return
        self._priming = True
        self._mute_video(True)
        self.player.play()

    def _on_frame_shown(self) -> None:
        if self._priming and not self.play_button.isChecked():
            self._priming = False
            self.player.pause()
            self._mute_video(self._video_muted)

    def _on_media_status(self, status: Any) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if status == QMediaPlayer.MediaStatus.LoadedMedia and self._pending_video_pos is not None:
            self.player.setPosition(self._pending_video_pos)
            self._pending_video_pos = None
            if self.play_button.isChecked():
                self.player.play()
            else:
                self._show_still()
        elif status == QMediaPlayer.MediaStatus.EndOfMedia:
            nxt = self._video_index + 1
            if nxt < len(self._videos):
                self._video_index = nxt
                self._pending_video_pos = 0
                self.player.setSource(QUrl.fromLocalFile(str(self._videos[nxt])))
            else:
                self.play_button.setChecked(False)

    def _on_player_position(self, pos: int) -> None:
        if (
            self._video_index < 0
            or self._pending_video_pos is not None
            or not self.play_button.isChecked()  # paused: the cursor is where the person put it
        ):
            return
        self.position_ms = self._video_starts[self._video_index] + int(pos)
        self._show_position()
        if self.audio_player is not None and self.play_button.isChecked():
            self._sync_audio(self.position_ms)

    # -- recorded audio (plays along with the video, or drives the cursor alone) ----------
    def _setup_audio(self, segments: list[AudioSegment]) -> None:
        from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer

        self._audio = segments
        self._audio_starts = [seg.start_ms for seg in segments]
        self.audio_player = QMediaPlayer(self)
        self.audio_output = QAudioOutput(self)
        self.audio_player.setAudioOutput(self.audio_output)
        self.audio_player.mediaStatusChanged.connect(self._on_audio_status)
        self.audio_player.errorOccurred.connect(self._on_audio_error)
        if not QMediaDevices.audioOutputs():  # a server or CI: seek, but never play
            self._on_audio_error(None, self.tr("no audio output device"))

    def audio_at(self, t_ms: int) -> tuple[int, int] | None:
        """(segment index, position inside it) for session time ``t_ms``; None in a gap."""
        i = bisect_right(self._audio_starts, t_ms) - 1
        if i < 0 or t_ms >= self._audio[i].end_ms:
            return None
        return i, t_ms - self._audio[i].start_ms

    def _audio_position(self) -> int | None:
        """Session time the audio is at while it plays (then it is the clock), else None."""
        from PySide6.QtMultimedia import QMediaPlayer

        player = self.audio_player
        if (
            player is None
            or self._audio_index < 0
            or self._pending_audio_pos is not None
            or player.playbackState() != QMediaPlayer.PlaybackState.PlayingState
        ):
            return None
        return self._audio_starts[self._audio_index] + int(player.position())

    def _sync_audio(self, t_ms: int, seeking: bool = False) -> None:
        """Bring the audio to ``t_ms``: load another segment, seek, play or pause."""
        from PySide6.QtMultimedia import QMediaPlayer

        player, playing = self.audio_player, self.play_button.isChecked()
        where = self.audio_at(t_ms)
        if where is None:  # nothing was recorded here
            if player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
                player.pause()
            return
        i, offset = where
        if i != self._audio_index:
            self._audio_index = i
            self._pending_audio_pos = offset
            player.setSource(QUrl.fromLocalFile(str(self._audio[i].path)))
            return
        if self._pending_audio_pos is not None:
            self._pending_audio_pos = offset  # still loading: start there
            return
        if seeking or abs(int(player.position()) - offset) > AUDIO_DRIFT_MS:
            player.setPosition(offset)
        state = player.playbackState()
        if playing and state != QMediaPlayer.PlaybackState.PlayingState and not self.audio_error:
            player.play()
        elif not playing and state == QMediaPlayer.PlaybackState.PlayingState:
            player.pause()

    def _on_audio_status(self, status: Any) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if status == QMediaPlayer.MediaStatus.LoadedMedia and self._pending_audio_pos is not None:
            self.audio_player.setPosition(self._pending_audio_pos)
            self._pending_audio_pos = None
            if self.play_button.isChecked() and not self.audio_error:
                self.audio_player.play()

    def _on_audio_error(self, _error: Any, message: str) -> None:
        """No audio device (a server, a test) or a bad file: say so; the timeline runs on."""
        self.audio_error = message or "unknown error"
        log.warning("review audio cannot play: %s", self.audio_error)
        self.statusBar().showMessage(
            self.tr("The recorded audio cannot play here: {message}").format(
                message=self.audio_error
            ),
            10_000,
        )

    # -- shutdown -------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Stop playback and wait for the background work (maybe mid-query); idempotent."""
        if self._closed:
            return
        self._closed = True
        self._play_timer.stop()
        if self.player is not None:
            # No slot of ours may be needed while the player's threads wind down.
            self.player.positionChanged.disconnect(self._on_player_position)
            self.player.mediaStatusChanged.disconnect(self._on_media_status)
            self.player.stop()
        if self.audio_player is not None:
            self.audio_player.stop()
        self.highlights_page.shutdown()
        for task in self._tasks:
            task.cancel()
        self._pool.waitForDone(30_000)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        event.accept()


def open_review_window(
    store: Store, session_id: int, recordings_dir: Path | None = None
) -> ReviewWindow:
    """A review window for ``session_id`` (loading starts at once; not shown)."""
    window = ReviewWindow(store, session_id, recordings_dir)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    return window


def run_review(
    store: Store,
    session_id: int,
    recordings_dir: Path | None = None,
    *,
    language: str | None = None,
    argv: list[str] | None = None,
) -> int:
    """Run a review window until it is closed; the CLI's ``review`` command.

    Starts like every other window (:func:`app.ui.app.gui_session`): the interface
    language of ``language`` (``Settings.language``), theme and font, the error reporter
    and the crash offer, so it is the same window the live window opens.
    """
    from app.ui.app import gui_session

    with gui_session(language, argv) as gui:
        window = open_review_window(store, session_id, recordings_dir)
        gui.show_window(window)
        try:
            return gui.qapp.exec()
        finally:
            window.shutdown()
            gui.window_closed()
            QApplication.processEvents()


def open_for_engine(engine: SessionEngineLike, parent: QWidget) -> ReviewWindow | None:
    """From the live window: review this session (what is recorded so far) or the latest.

    The engine's store is shared: the loader only reads, in WAL mode, while the recorder
    keeps writing.
    """
    from PySide6.QtWidgets import QMessageBox

    from app.analytics.review import ReviewError, latest_session_id

    store = engine.store
    if store is None:
        QMessageBox.information(
            parent,
            "AnchorDesk",
            QCoreApplication.translate("ReviewWindow", "This session is not recorded"),
        )
        return None
    try:
        session_id = engine.session_id or latest_session_id(store)
    except ReviewError as exc:
        QMessageBox.information(parent, "AnchorDesk", str(exc))
        return None
    window = ReviewWindow(store, session_id, engine.config.recordings_dir, parent)
    window.setWindowFlag(Qt.WindowType.Window, True)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    window.show()
    return window
