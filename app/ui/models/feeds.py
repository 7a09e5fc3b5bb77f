"""The live feeds as list models: comments, transcript and alerts.

Each model only says how one event reads (text, tooltip, colour); the wording of numbers
and times comes from :mod:`app.ui.formatting`, the colours from the theme.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt

from app.session.events import AlertEvent, CommentEvent, Event, TranscriptEvent
from app.ui import theme
from app.ui.formatting import comment_tone, fmt_clock, platform_label, severity_tone
from app.ui.icons import dot_icon
from app.ui.models.event_list import EventListModel

Role = Qt.ItemDataRole

COMMENT_CAPACITY = 5_000
TRANSCRIPT_CAPACITY = 2_000
ALERT_CAPACITY = 500


class CommentsModel(EventListModel):
    """Live comments, oldest at the top, capped at :data:`COMMENT_CAPACITY` rows."""

    def __init__(self, capacity: int = COMMENT_CAPACITY, parent: QObject | None = None) -> None:
        super().__init__(capacity, parent=parent)

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
        super().__init__(capacity, parent=parent)

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
