"""A capped, append-only list model of bus events, the base of every live feed.

Live feeds only ever grow at one end and forget at the other, so the model appends a
whole bridge batch with one ``beginInsertRows`` and trims the oldest rows with one
``beginRemoveRows``: views repaint once per tick, whatever the comment rate.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from app.session.events import Event

#: What Qt may pass where a model index is expected.
Index = QModelIndex | QPersistentModelIndex

#: The invalid index, as the default ``parent`` of the row/column counts.
ROOT = QModelIndex()

#: Role that returns the event of a row itself (for delegates and tests).
EVENT_ROLE = Qt.ItemDataRole.UserRole + 1


class EventListModel(QAbstractListModel):
    """Holds at most ``capacity`` events; subclasses say how a row reads in ``row_data``.

    With ``newest_first`` new events enter at the top (alerts); otherwise at the bottom
    (chat, transcript), like the feeds hosts know from the platforms.
    """

    def __init__(
        self, capacity: int, *, newest_first: bool = False, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self._capacity = capacity
        self._newest_first = newest_first
        self._events: list[Event] = []

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._events)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.checkIndex(index, QAbstractListModel.CheckIndexOption.IndexIsValid):
            return None
        event = self._events[index.row()]
        if role == EVENT_ROLE:
            return event
        return self.row_data(event, role)

    def row_data(self, event: Event, role: int) -> Any:
        """The value of ``role`` for a row; subclasses override."""
        if role == Qt.ItemDataRole.DisplayRole:
            return repr(event)
        return None

    def event_at(self, row: int) -> Event:
        return self._events[row]

    def events(self) -> list[Event]:
        """A copy of the rows, top to bottom."""
        return list(self._events)

    def append(self, events: Sequence[Event]) -> None:
        """Add a batch, then drop the oldest rows beyond ``capacity``."""
        fresh = list(events[-self._capacity :])
        if not fresh:
            return
        self._trim(len(self._events) + len(fresh) - self._capacity)
        if self._newest_first:
            self.beginInsertRows(QModelIndex(), 0, len(fresh) - 1)
            self._events[0:0] = reversed(fresh)
        else:
            first = len(self._events)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._events.extend(fresh)
        self.endInsertRows()

    def _trim(self, count: int) -> None:
        """Remove the ``count`` oldest rows (top or bottom, depending on the order)."""
        if count <= 0:
            return
        if self._newest_first:
            first = len(self._events) - count
            self.beginRemoveRows(QModelIndex(), first, len(self._events) - 1)
            del self._events[first:]
        else:
            self.beginRemoveRows(QModelIndex(), 0, count - 1)
            del self._events[:count]
        self.endRemoveRows()
