"""The live feeds as list models: comments, transcript and alerts.

Each model only says how one event reads (text, tooltip, colour); the wording of numbers
and times comes from :mod:`app.ui.formatting`, the colours from the theme.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt

from app.session.events import AlertEvent, CommentEvent, Event, TranscriptEvent
from app.ui import theme
from app.ui.formatting import comment_tone, fmt_clock, platform_label, severity_tone
from app.ui.icons import dot_icon
from app.ui.models.event_list import EventListModel

Role = Qt.ItemDataRole

#: Rows of the live comment feed: minutes of a normal room; the whole history is in the
#: store and in review. Once full the feed rolls (see ``EventListModel``), so the size
#: costs nothing per tick.
COMMENT_CAPACITY = 1_000
TRANSCRIPT_CAPACITY = 2_000
ALERT_CAPACITY = 500


#: Comment filters of the panel: name -> which comments it shows.
COMMENT_FILTERS: dict[str, Callable[[CommentEvent], bool]] = {
    "all": lambda e: True,
    "question": lambda e: e.intent == "question",
    "purchase": lambda e: e.intent == "purchase",
    "complaint": lambda e: e.intent == "complaint" or (e.sentiment == "neg" and not e.spam),
}


class CommentsModel(EventListModel):
    """Live comments, oldest at the top, capped at :data:`COMMENT_CAPACITY` rows.

    A filter (:data:`COMMENT_FILTERS`, optionally hiding spam) decides which comments are
    rows. The last ``capacity`` comments are kept whatever the filter, so switching from
    "Questions" back to "All" shows the full recent history at once (one model reset).
    """

    def __init__(self, capacity: int = COMMENT_CAPACITY, parent: QObject | None = None) -> None:
        super().__init__(capacity, rolling=True, parent=parent)
        self._history: deque[CommentEvent] = deque(maxlen=capacity)
        self._filter = "all"
        self._hide_spam = False
        self.counts: Counter[str] = Counter()

    @property
    def filter_name(self) -> str:
        return self._filter

    @property
    def hide_spam(self) -> bool:
        return self._hide_spam

    def accepts(self, event: CommentEvent) -> bool:
        if self._hide_spam and event.spam:
            return False
        return COMMENT_FILTERS[self._filter](event)

    def append(self, events: Sequence[Event]) -> None:
        """Remember every comment; show the ones the filter accepts."""
        comments = [e for e in events if isinstance(e, CommentEvent)]
        self._history.extend(comments)
        for event in comments:
            self.counts[event.intent or "unlabelled"] += 1
            self.counts["spam_flag"] += event.spam
        super().append([e for e in comments if self.accepts(e)])

    def set_filter(self, name: str | None = None, *, hide_spam: bool | None = None) -> None:
        """Change what is shown; rebuilds the rows from the remembered comments."""
        if name is not None:
            if name not in COMMENT_FILTERS:
                raise ValueError(f"unknown comment filter: {name!r}")
            self._filter = name
        if hide_spam is not None:
            self._hide_spam = hide_spam
        self.beginResetModel()
        self._events = [e for e in self._history if self.accepts(e)]
        self._waiting = []
        self.endResetModel()

    def row_data(self, event: Event, role: int) -> Any:
        assert isinstance(event, CommentEvent)
        if role == Role.DisplayRole:
            return f"{event.user}: {event.text}"
        if role == Role.ToolTipRole:
            return self._tooltip(event)
        if role == Role.ForegroundRole:
            tone = comment_tone(event)
            return theme.colors()[tone] if tone else None
        return None

    @staticmethod
    def _tooltip(event: CommentEvent) -> str:
        head = f"{fmt_clock(event.t_ms)}  [{platform_label(event.platform)}]  {event.user}"
        labels = [x for x in (event.intent, event.sentiment) if x]
        if event.spam:
            labels.append("spam")
        tail = f"\n({', '.join(labels)})" if labels else ""
        return f"{head}\n{event.text}{tail}"


class TranscriptModel(EventListModel):
    """Final speech segments with their session time, oldest at the top."""

    def __init__(self, capacity: int = TRANSCRIPT_CAPACITY, parent: QObject | None = None) -> None:
        super().__init__(capacity, rolling=True, parent=parent)

    def row_data(self, event: Event, role: int) -> Any:
        assert isinstance(event, TranscriptEvent)
        if role == Role.DisplayRole:
            return f"{fmt_clock(event.t_ms)}  {event.text}"
        if role == Role.ToolTipRole:
            span = f"{fmt_clock(event.t_ms)} – {fmt_clock(event.end_ms)}"
            source = QCoreApplication.translate("TranscriptModel", "source")
            return f"{span}  ({source}: {event.source})"
        return None


class AlertsModel(EventListModel):
    """Alerts, newest at the top, coloured by severity."""

    def __init__(self, capacity: int = ALERT_CAPACITY, parent: QObject | None = None) -> None:
        super().__init__(capacity, newest_first=True, parent=parent)

    def row_data(self, event: Event, role: int) -> Any:
        assert isinstance(event, AlertEvent)
        if role == Role.DisplayRole:
            return f"{fmt_clock(event.t_ms)}  {event.text}"
        if role == Role.ForegroundRole:
            return theme.colors()[severity_tone(event.severity)]
        if role == Role.DecorationRole:
            return dot_icon(theme.colors().hex(severity_tone(event.severity)))
        if role == Role.ToolTipRole:
            terms = f"\n{', '.join(event.terms)}" if event.terms else ""
            return f"{event.severity} · {event.kind}{terms}"
        return None
