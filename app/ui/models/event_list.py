"""A capped, append-only list model of bus events, the base of every live feed.

Live feeds only ever grow at one end and forget at the other, so the model appends a
whole bridge batch with one ``beginInsertRows`` and trims the oldest rows with one
``beginRemoveRows``: views repaint once per tick, whatever the comment rate.

A *rolling* feed (comments, transcript) that is full changes no rows at all: the batch
shifts the contents up and one ``dataChanged`` repaints the visible rows. Inserting and
removing rows makes a QListView lay out every row again (a Python ``rowCount`` per row,
each one a fight for the GIL with the triage, store and server threads: 30 ms and more a
tick at 6,000 comments/s); a shift costs one repaint. Because a shift moves what a row
shows, a view that lets people read or select holds the model (:meth:`set_held`) while
they do: new events wait (counted in :attr:`waiting`) and come in with one reset.
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
        self,
        capacity: int,
        *,
        newest_first: bool = False,
        rolling: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self._capacity = capacity
        self._newest_first = newest_first
        self._rolling = rolling
        self._events: list[Event] = []
        self._held = False
        self._waiting: list[Event] = []

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

    @property
    def held(self) -> bool:
        return self._held

    @property
    def waiting(self) -> int:
        """Events that arrived while held (at most ``capacity``)."""
        return len(self._waiting)

    def set_held(self, held: bool) -> None:
        """Hold the rows still (new events wait), or let the waiting ones in (one reset)."""
        if held == self._held:
            return
        self._held = held
        if not held and self._waiting:
            self.beginResetModel()
            self._events = self._merged(self._waiting)
            self._waiting = []
            self.endResetModel()

    def _merged(self, fresh: Sequence[Event]) -> list[Event]:
        """The rows after adding ``fresh`` (oldest dropped), in display order."""
        if self._newest_first:
            return (list(reversed(fresh)) + self._events)[: self._capacity]
        return (self._events + list(fresh))[-self._capacity :]

    def append(self, events: Sequence[Event]) -> None:
        """Add a batch, then drop the oldest rows beyond ``capacity``."""
        fresh = list(events[-self._capacity :])
        if not fresh:
            return
        if self._held:
            self._waiting = (self._waiting + fresh)[-self._capacity :]
            return
        if self._rolling and len(self._events) == self._capacity:
            self._events = self._merged(fresh)
            last = self.index(self._capacity - 1, 0)
            self.dataChanged.emit(self.index(0, 0), last)
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
