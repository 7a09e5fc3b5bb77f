"""The review window (直播复盘): the recording, the timeline and the tables in one place.

Loading runs on a worker thread (:func:`app.analytics.review.load_review`), with a
progress bar, so the window is responsive at once even for a four-hour show; the widgets
are filled on the GUI thread when the plain data arrives. Every place that names a time
(timeline, product table, highlight, search hit, transcript line) seeks the video and the
timeline cursor there. Without a recording the timeline still works and says so.
"""

from __future__ import annotations

import logging
import time
from bisect import bisect_right
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
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
    QVBoxLayout,
    QWidget,
)

from app.analytics.export import hms
from app.analytics.review import (
    ReviewData,
    ScoreRow,
    SearchHit,
    count_commenters,
    load_review,
    scorecard,
    search,
    with_commenters,
)
from app.errors import UserError
from app.privacy.retention import removed_texts
from app.speech.audio_recorder import AudioSegment
from app.store.db import Store
from app.ui.engine_api import SessionEngineLike
from app.ui.multimedia import multimedia_missing, playback_unavailable_text
from app.ui.review.clips import SPAN_ROLE, HighlightsPage
from app.ui.review.timeline import Timeline

log = logging.getLogger("app.ui.review")

TIME_ROLE = Qt.ItemDataRole.UserRole
PLAY_TICK_MS = 200
DEFAULT_SEGMENT_MS = 10_000
#: Audio further than this from the timeline (video or clock) is moved back into step.
AUDIO_DRIFT_MS = 300


class _Relay(QObject):
    """Carries worker results to the GUI thread (queued: the relay lives on the GUI thread)."""

    progress = Signal(float, str)
    loaded = Signal(object)
    failed = Signal(str)
    found = Signal(str, object)
    scored = Signal(object)
    videos = Signal(object)
    commenters = Signal(int)
    removed_texts = Signal(int)  # comments whose text was removed for privacy


def _video_durations(paths: list[Path]) -> list[int]:
    """Length of each recorded segment in ms (read from the file headers; 10 s if unknown)."""
    try:
        from app.vision.cv import import_cv2

        cv2 = import_cv2()
    except Exception:
        return [DEFAULT_SEGMENT_MS] * len(paths)
    durations = []
    for path in paths:
        cap = cv2.VideoCapture(str(path))
        try:
            frames = cap.get(cv2.CAP_PROP_FRAME_COUNT)
            fps = cap.get(cv2.CAP_PROP_FPS)
        finally:
            cap.release()
        durations.append(int(frames * 1000 / fps) if frames > 0 and fps > 0 else DEFAULT_SEGMENT_MS)
    return durations


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


def _num(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "not recorded"
    return f"{value:,.{digits}f}"


def _pct(value: float | None) -> str:
    return "not recorded" if value is None else f"{value * 100:.1f}%"


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
        self.error: str | None = None
        self.removed_text_count = 0
        self.search_hits: list[SearchHit] = []
        self.score_rows: list[ScoreRow] = []
        self._videos: list[Path] = []
        self._video_starts: list[int] = []
        self._video_index = -1
        self._pending_video_pos: int | None = None
        self.audio_player: Any = None
        self.audio_error: str | None = None
        self._audio: list[AudioSegment] = []
        self._audio_starts: list[int] = []
        self._audio_index = -1
        self._pending_audio_pos: int | None = None
        self._tick_at = 0.0
        self._closed = False
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="review-loader")
        self._relay = _Relay(self)
        self._relay.progress.connect(self._on_progress)
        self._relay.loaded.connect(self._on_loaded)
        self._relay.failed.connect(self._on_failed)
        self._relay.found.connect(self._on_found)
        self._relay.scored.connect(self._on_scored)
        self._relay.videos.connect(self._on_videos)
        self._relay.commenters.connect(self._on_commenters)
        self._relay.removed_texts.connect(self._on_removed_texts)
        self._play_timer = QTimer(self)
        self._play_timer.setInterval(PLAY_TICK_MS)
        self._play_timer.timeout.connect(self._on_play_tick)
        self.setWindowTitle(self.tr("Review — session {id}").format(id=session_id))
        self._build()
        self.resize(1280, 860)
        self._submit(self._load)

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
        self.time_label = QLabel("0:00:00")
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
        self.transcript_list.itemClicked.connect(self._on_list_clicked)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("Search transcript and comments"))
        self.search_box.returnPressed.connect(self.run_search)
        self.search_results = QListWidget()
        self.search_results.itemClicked.connect(self._on_list_clicked)
        search_page = QWidget()
        search_layout = QVBoxLayout(search_page)
        search_layout.addWidget(self.search_box)
        search_layout.addWidget(self.search_results)
        self.score_table = self._table(
            [self.tr("Session"), self.tr("Started"), self.tr("Follows"), self.tr("Follow rate"),
             self.tr("Interaction"), self.tr("GMV"), self.tr("Orders"), self.tr("Repeat buyers"),
             self.tr("Complaints"), self.tr("Watch time")]
        )  # fmt: skip
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs.addTab(self.product_table, self.tr("Products"))
        self.highlights_page = HighlightsPage(self.highlights, self.recordings_dir, self.session_id)
        self.tabs.addTab(self.highlights_page, self.tr("Highlights"))
        self.tabs.addTab(self.transcript_list, self.tr("Transcript"))
        self.tabs.addTab(search_page, self.tr("Search"))
        self.tabs.addTab(self.score_table, self.tr("Host scorecard"))

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
        split.setSizes([480, 380])
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

    # -- worker plumbing ------------------------------------------------------------------
    def _submit(self, fn: Callable[[], None]) -> Future[None] | None:
        if self._closed:
            return None
        future = self._pool.submit(fn)
        future.add_done_callback(self._log_crash)
        return future

    @staticmethod
    def _log_crash(future: Future[None]) -> None:
        exc = future.exception()
        if exc is not None:
            log.error("review worker failed: %s", exc, exc_info=exc)

    def _load(self) -> None:
        try:
            data = load_review(
                self.store,
                self.session_id,
                recordings_dir=self.recordings_dir,
                progress=self._relay.progress.emit,
                count_commenters=False,  # open first; counted just below
            )
        except UserError as exc:  # unknown session, unreadable store: say so, no traceback
            log.warning("cannot review session %s: %s", self.session_id, exc)
            self._relay.failed.emit(str(exc))
            return
        except Exception as exc:
            log.exception("loading session %s for review failed", self.session_id)
            self._relay.failed.emit(str(exc))
            return
        self._relay.loaded.emit(data)
        self._relay.commenters.emit(count_commenters(self.store, self.session_id))
        self._relay.removed_texts.emit(removed_texts(self.store, self.session_id))
        if data.videos:
            self._relay.videos.emit((data.videos, _video_durations(data.videos)))
        self._relay.scored.emit(scorecard(self.store, data.session.host or None))

    @property
    def loading(self) -> bool:
        return self.data is None and self.error is None

    # -- slots (GUI thread) ---------------------------------------------------------------
    def _on_progress(self, fraction: float, what: str) -> None:
        self.progress.setValue(int(fraction * 100))
        self.statusBar().showMessage(self.tr("Loading {what}…").format(what=what))

    def _on_failed(self, message: str) -> None:
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
                length=hms(s.duration_ms),
            ),
            8_000,
        )
        if s.interrupted:
            self.banner.setText(
                self.tr(
                    "This session was interrupted (the app stopped unexpectedly). Everything "
                    "recorded up to {t} is shown."
                ).format(t=hms(s.duration_ms))
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
        self.timeline.show_data(data)
        self.seek(0)

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
        head = f"<b>{s.title}</b> · {s.host or '—'} · {s.platform or '—'} · {hms(s.duration_ms)}"
        figures = self.tr(
            "GMV {gmv} · {orders} orders · {comments} comments · GPM {gpm} · AOV {aov} · "
            "interaction {rate} · peak online {peak}"
        ).format(
            gmv=f"{t.gmv:,.2f}",
            orders=f"{t.orders:,}",
            comments=f"{t.comments:,}",
            gpm=_num(t.gpm),
            aov=_num(t.aov),
            rate=_pct(t.interaction_rate),
            peak=f"{t.peak_viewers:,}",
        )
        self.summary.setText(f"{head} · {s.status}<br>{figures}")

    def _fill_products(self, data: ReviewData) -> None:
        table = self.product_table
        table.setRowCount(len(data.products))
        first_on_air = {}
        for seg in data.segments:
            first_on_air.setdefault(seg.sku, seg.start_ms)
        for row, p in enumerate(data.products):
            t = first_on_air.get(p.sku)
            values = [
                p.sku, p.name, hms(p.on_air_ms), str(p.mentions), str(p.questions),
                str(p.purchase_intents), str(p.orders), f"{p.gmv:,.2f}", _num(p.gpm),
            ]  # fmt: skip
            for col, value in enumerate(values):
                table.setItem(row, col, _item(value, t))
        table.resizeColumnsToContents()

    def _fill_highlights(self, data: ReviewData) -> None:
        self.highlights.clear()
        if not data.highlights:
            self.highlights.addItem(self.tr("No spikes found"))
        for h in data.highlights:
            text = self.tr("{start}–{end}  {reason} peak {peak:g} (typical {base:g})").format(
                start=hms(h.start_ms),
                end=hms(h.end_ms),
                reason=h.reason,
                peak=h.value,
                base=h.baseline,
            )
            item = _list_item(text, h.start_ms)
            item.setData(SPAN_ROLE, (h.start_ms, h.end_ms))  # "Export clip…" cuts this span
            self.highlights.addItem(item)

    def _fill_transcript(self, data: ReviewData) -> None:
        self.transcript_list.clear()
        for ln in data.transcript:
            self.transcript_list.addItem(_list_item(f"{hms(ln.start_ms)}  {ln.text}", ln.start_ms))

    def _on_scored(self, rows: list[ScoreRow]) -> None:
        self.score_rows = rows
        table = self.score_table
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = [
                f"{row.session_id} {row.title}", f"{row.started_at:%Y-%m-%d %H:%M}",
                str(row.follows), _pct(row.follower_growth), _pct(row.interaction_rate),
                f"{row.gmv:,.2f}", str(row.orders), str(row.repeat_buyers),
                _pct(row.complaint_share),
                "not recorded" if row.watch_time_s is None else f"{row.watch_time_s:.0f} s",
            ]  # fmt: skip
            for c, value in enumerate(values):
                table.setItem(r, c, _item(value))
        table.resizeColumnsToContents()

    # -- search ---------------------------------------------------------------------------
    def run_search(self) -> None:
        """Search transcript and comments for the box's text on the worker thread."""
        query = self.search_box.text().strip()
        if not query:
            self.search_results.clear()
            return
        self.search_results.clear()
        self.search_results.addItem(self.tr("Searching…"))
        self._submit(
            lambda: self._relay.found.emit(query, search(self.store, self.session_id, query))
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
                _list_item(f"{hms(hit.t_ms)}  {label} {hit.text}", hit.t_ms)
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
        self.time_label.setText(hms(self.position_ms))

    def _on_play_toggled(self, playing: bool) -> None:
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))
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

    def _on_videos(self, payload: tuple[list[Path], list[int]]) -> None:
        if multimedia_missing():  # the timeline still runs on the play timer
            return
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
        from PySide6.QtMultimediaWidgets import QVideoWidget

        paths, durations = payload
        self._videos = paths
        starts, t = [], 0
        for d in durations:
            starts.append(t)
            t += d
        self._video_starts = starts
        self.video_widget = QVideoWidget()
        self.video_stack.addWidget(self.video_widget)
        self.video_stack.setCurrentWidget(self.video_widget)
        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        self.player.setVideoOutput(self.video_widget)
        self.player.positionChanged.connect(self._on_player_position)
        self.player.mediaStatusChanged.connect(self._on_media_status)
        self._seek_video(self.position_ms)

    def video_at(self, t_ms: int) -> tuple[int, int]:
        """(segment index, position inside it) for session time ``t_ms``."""
        i = max(0, bisect_right(self._video_starts, t_ms) - 1)
        return i, t_ms - self._video_starts[i]

    def _seek_video(self, t_ms: int) -> None:
        i, offset = self.video_at(t_ms)
        if i != self._video_index:
            self._video_index = i
            self._pending_video_pos = offset
            self.player.setSource(QUrl.fromLocalFile(str(self._videos[i])))
        else:
            self.player.setPosition(offset)

    def _on_media_status(self, status: Any) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if status == QMediaPlayer.MediaStatus.LoadedMedia and self._pending_video_pos is not None:
            self.player.setPosition(self._pending_video_pos)
            self._pending_video_pos = None
            if self.play_button.isChecked():
                self.player.play()
        elif status == QMediaPlayer.MediaStatus.EndOfMedia:
            nxt = self._video_index + 1
            if nxt < len(self._videos):
                self._video_index = nxt
                self._pending_video_pos = 0
                self.player.setSource(QUrl.fromLocalFile(str(self._videos[nxt])))
            else:
                self.play_button.setChecked(False)

    def _on_player_position(self, pos: int) -> None:
        if self._video_index < 0 or self._pending_video_pos is not None:
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
        """Stop playback and wait for the worker (it may be mid-query); idempotent."""
        if self._closed:
            return
        self._closed = True
        self._play_timer.stop()
        if self.player is not None:
            self.player.stop()
        if self.audio_player is not None:
            self.audio_player.stop()
        self.highlights_page.shutdown()
        self._pool.shutdown(wait=True, cancel_futures=True)

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


def run_review(store: Store, session_id: int, recordings_dir: Path | None = None) -> int:
    """Run a review window until it is closed; the CLI's ``review`` command."""
    from app.ui.app import _application
    from app.ui.gc_guard import GuiThreadGarbageCollector
    from app.ui.theme import apply_theme

    qapp = _application(None)
    apply_theme(qapp)
    collector = GuiThreadGarbageCollector(parent=qapp)
    window = open_review_window(store, session_id, recordings_dir)
    window.show()
    try:
        return qapp.exec()
    finally:
        window.shutdown()
        QApplication.processEvents()
        collector.close()


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
