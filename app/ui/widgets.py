"""Small reusable widgets: the notice banner, a tail-following feed view, a level meter."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QElapsedTimer,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QSizePolicy, QWidget

from app.session.events import Event
from app.ui import theme
from app.ui.models.event_list import EventListModel

#: How close to the end (px) still counts as "at the bottom" for auto-scroll.
_STICKY_PX = 4
#: Shortest time between two repaints of a rolling feed (the newest comment is on
#: screen within the bridge's 33 ms tick plus this).
REPAINT_MS = 50


class Banner(QLabel):
    """A one-line notice above a panel (QLabel#banner), hidden while it has no text."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.set_message(text)

    def set_message(self, text: str) -> None:
        """Show ``text``, or hide the banner when it is empty."""
        self.setText(text)
        if not text:
            self.hide()
        elif self.parentWidget() is not None:  # a parentless show() would open a window
            self.show()


class FeedView(QListView):
    """A read-only list that follows new rows unless the user scrolled up or selected one.

    While paused the model is held (``EventListModel.set_held``): what the user reads or
    selected stays put, new rows wait and come in at "jump to latest".
    ``following_changed`` lets a panel offer that button while paused.
    """

    following_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._following = True
        self._since_repaint = QElapsedTimer()
        self._repaint = QTimer(self)
        self._repaint.setSingleShot(True)
        self._repaint.timeout.connect(self._do_repaint)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setUniformItemSizes(True)
        # Only the user's own scrolling pauses or resumes following: the scroll bar also
        # moves when rows are trimmed or while a batched layout grows its range.
        bar = self.verticalScrollBar()
        bar.actionTriggered.connect(self._on_user_scrolled)
        bar.sliderReleased.connect(self._on_user_scrolled)

    @property
    def following(self) -> bool:
        return self._following

    def _feed(self) -> EventListModel:
        model = self.model()
        assert isinstance(model, EventListModel)
        return model

    def append(self, events: Sequence[Event]) -> None:
        """Append to the model; keep showing the newest rows unless the user paused."""
        self._feed().append(events)
        if self._following:
            self.scrollToBottom()

    def jump_to_latest(self) -> None:
        self.clearSelection()
        self._set_following(True)
        self.scrollToBottom()

    def dataChanged(
        self,
        top_left: QModelIndex | QPersistentModelIndex,
        bottom_right: QModelIndex | QPersistentModelIndex,
        roles: Sequence[int] = (),
    ) -> None:
        """Repaint only: QListView's own handler re-lays out every row on each change.

        A rolling feed (``EventListModel``) changes the text of its rows, never their
        number or (uniform) height, so the layout cannot have changed; skipping it is what
        keeps a full 1,000-row feed at one repaint per tick.
        """
        del top_left, bottom_right, roles  # every visible row may have changed
        self._schedule_repaint()

    def _schedule_repaint(self) -> None:
        """Repaint now, or when :data:`REPAINT_MS` have passed since the last repaint.

        At thousands of comments a second every tick changes every visible row; 30
        repaints a second of text nobody can read that fast cost the GUI thread (each Qt
        call of a row's paint waits for the GIL) and 15 show the same. A quiet feed still
        repaints at once.
        """
        if self._repaint.isActive():
            return
        wait = REPAINT_MS - self._since_repaint.elapsed()
        if wait <= 0 or not self._since_repaint.isValid():
            self._do_repaint()
        else:
            self._repaint.start(int(wait))

    def _do_repaint(self) -> None:
        self._since_repaint.start()
        self.viewport().update()

    def selectionChanged(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        super().selectionChanged(selected, deselected)
        if not selected.isEmpty():
            self._set_following(False)  # a rolling feed must not move the picked row

    def _at_bottom(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() >= bar.maximum() - _STICKY_PX

    def _on_user_scrolled(self, *_args: object) -> None:
        # actionTriggered fires before the slider moves: judge once the move is applied.
        QTimer.singleShot(0, lambda: self._set_following(self._at_bottom()))

    def _set_following(self, follow: bool) -> None:
        if follow and self.selectionModel() is not None and self.selectionModel().hasSelection():
            follow = False  # scrolled back down with a row picked: stay on it
        if follow != self._following:
            self._following = follow
            self._feed().set_held(not follow)
            if follow:
                self.scrollToBottom()
            self.following_changed.emit(follow)


class LevelMeter(QWidget):
    """A horizontal audio meter from ``floor_db`` to 0 dBFS, green/amber/red like a mixer."""

    WARN_DB = -12.0
    CLIP_DB = -3.0

    def __init__(self, floor_db: float = -60.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._floor = floor_db
        self._level = floor_db
        self.setMinimumSize(80, 10)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    @property
    def level_db(self) -> float:
        return self._level

    def set_level(self, level_db: float) -> None:
        clamped = min(0.0, max(self._floor, level_db))
        if clamped != self._level:
            self._level = clamped
            self.update()

    def fraction(self) -> float:
        """How full the bar is, 0..1."""
        return (self._level - self._floor) / -self._floor

    def sizeHint(self) -> QSize:
        return QSize(160, 12)

    def paintEvent(self, event: QPaintEvent) -> None:
        colors = theme.colors()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        track = QRectF(self.rect())
        painter.setBrush(colors["surface"].lighter(130))
        painter.drawRoundedRect(track, 3, 3)
        fill = QRectF(track.left(), track.top(), track.width() * self.fraction(), track.height())
        painter.setBrush(self._level_color())
        painter.drawRoundedRect(fill, 3, 3)
        painter.end()

    def _level_color(self) -> QColor:
        key = "error" if self._level >= self.CLIP_DB else "ok"
        if self.CLIP_DB > self._level >= self.WARN_DB:
            key = "warn"
        return theme.colors()[key]
