"""The one bridge from the session bus (worker threads) to the GUI thread.

Bus handlers run on the publisher's thread, so the bridge's handler only files the event
under a lock and returns; a timer on the GUI thread drains what piled up ~30 times a
second and emits it as batched, typed signals. Batching keeps the GUI calm at thousands
of comments a minute (one model insert per tick instead of one per comment), and every
queue is bounded: when the GUI falls behind, the oldest events of that kind are dropped
and counted rather than letting memory and latency grow without limit. Video and audio
level are latest-wins: a stale frame is worth nothing, so it is replaced, never queued.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer, Signal

from app.session.bus import EventBus
from app.session.events import (
    AlertEvent,
    AudioChunkEvent,
    CommentEvent,
    Event,
    FollowEvent,
    FrameEvent,
    GiftEvent,
    LikeEvent,
    OrderEvent,
    ProductSwitchEvent,
    SourceStatusEvent,
    TranscriptEvent,
    ViewersEvent,
)

log = logging.getLogger("app.ui.bridge")

#: Events delivered as lists, by queue name.
_QUEUED: dict[type[Event], str] = {
    CommentEvent: "comments",
    TranscriptEvent: "transcript",
    AlertEvent: "alerts",
    OrderEvent: "orders",
    LikeEvent: "interactions",
    FollowEvent: "interactions",
    GiftEvent: "interactions",
}
#: Events of which only the newest matters to the GUI.
_LATEST = (FrameEvent, AudioChunkEvent, ViewersEvent, ProductSwitchEvent, SourceStatusEvent)

DEFAULT_CAPACITY = 5_000
DEFAULT_MAX_BATCH = 500
DEFAULT_INTERVAL_MS = 33


@dataclass(frozen=True, slots=True)
class BridgeStats:
    """Counters of the bridge, read by the status bar and by tests."""

    delivered: int
    dropped: int
    frames_replaced: int
    backlog: int
    dropped_by_queue: dict[str, int] = field(default_factory=dict)


class _Queue:
    """A bounded FIFO that drops its oldest entry when full and counts the drops."""

    __slots__ = ("dropped", "items")

    def __init__(self, capacity: int) -> None:
        self.items: deque[Event] = deque(maxlen=capacity)
        self.dropped = 0

    def put(self, event: Event) -> None:
        if len(self.items) == self.items.maxlen:
            self.dropped += 1
        self.items.append(event)

    def take(self, limit: int) -> list[Event]:
        count = min(limit, len(self.items))
        return [self.items.popleft() for _ in range(count)]


@dataclass(slots=True)
class _Batch:
    """Everything one tick hands to the GUI."""

    queued: dict[str, list[Event]]
    frame: FrameEvent | None = None
    level_db: float | None = None
    viewers: ViewersEvent | None = None
    switch: ProductSwitchEvent | None = None
    statuses: list[SourceStatusEvent] = field(default_factory=list)


class EventBridge(QObject):
    """Re-emits bus events as batched Qt signals on the thread that created the bridge.

    Create it on the GUI thread. Signals carry events in publish order within a kind.
    """

    frame = Signal(object)  # FrameEvent: the newest frame since the last tick
    comments = Signal(list)  # list[CommentEvent]
    transcript = Signal(list)  # list[TranscriptEvent] (partial and final)
    alerts = Signal(list)  # list[AlertEvent]
    orders = Signal(list)  # list[OrderEvent]
    interactions = Signal(list)  # list[LikeEvent | FollowEvent | GiftEvent]
    viewers = Signal(object)  # ViewersEvent: the newest snapshot
    product_switched = Signal(object)  # ProductSwitchEvent: the newest switch
    statuses = Signal(list)  # list[SourceStatusEvent]: the newest per source
    audio_level = Signal(float)  # dBFS of the newest audio chunk

    def __init__(
        self,
        bus: EventBus,
        *,
        interval_ms: int = DEFAULT_INTERVAL_MS,
        capacity: int = DEFAULT_CAPACITY,
        max_batch: int = DEFAULT_MAX_BATCH,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._max_batch = max_batch
        self._queues = {name: _Queue(capacity) for name in dict.fromkeys(_QUEUED.values())}
        self._pending = _Batch(queued={})
        self._delivered = 0
        self._frames_replaced = 0
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.flush)
        self._unsubscribe = bus.subscribe(self._on_event, (*_QUEUED, *_LATEST))
        self._timer.start()

    # -- worker threads ---------------------------------------------------------------
    def _on_event(self, event: Event) -> None:
        """Bus handler (publisher's thread): file the event, never touch Qt."""
        with self._lock:
            name = _QUEUED.get(type(event))
            if name is not None:
                self._queues[name].put(event)
            else:
                self._keep_latest(event)

    def _keep_latest(self, event: Event) -> None:
        pending = self._pending
        if isinstance(event, FrameEvent):
            if pending.frame is not None:
                self._frames_replaced += 1
            pending.frame = event
        elif isinstance(event, AudioChunkEvent):
            pending.level_db = event.level_db
        elif isinstance(event, ViewersEvent):
            pending.viewers = event
        elif isinstance(event, ProductSwitchEvent):
            pending.switch = event
        elif isinstance(event, SourceStatusEvent):
            pending.statuses = [s for s in pending.statuses if s.source != event.source]
            pending.statuses.append(event)

    # -- GUI thread ---------------------------------------------------------------------
    def flush(self) -> None:
        """Emit what arrived since the last tick (at most ``max_batch`` per kind)."""
        with self._lock:
            batch, self._pending = self._pending, _Batch(queued={})
            batch.queued = {n: q.take(self._max_batch) for n, q in self._queues.items()}
        self._emit(batch)

    def _emit(self, batch: _Batch) -> None:
        # Order matters to the panels: who is on air before the comments about it.
        if batch.statuses:
            self.statuses.emit(batch.statuses)
        if batch.switch is not None:
            self.product_switched.emit(batch.switch)
        if batch.viewers is not None:
            self.viewers.emit(batch.viewers)
        for name, events in batch.queued.items():
            if events:
                self._delivered += len(events)
                getattr(self, name).emit(events)
        if batch.level_db is not None:
            self.audio_level.emit(batch.level_db)
        if batch.frame is not None:
            self.frame.emit(batch.frame)

    def stats(self) -> BridgeStats:
        """Counters since the bridge was created (thread-safe)."""
        with self._lock:
            dropped = {name: q.dropped for name, q in self._queues.items()}
            backlog = sum(len(q.items) for q in self._queues.values())
            return BridgeStats(
                delivered=self._delivered,
                dropped=sum(dropped.values()),
                frames_replaced=self._frames_replaced,
                backlog=backlog,
                dropped_by_queue=dropped,
            )

    @property
    def active(self) -> bool:
        """True until :meth:`close`."""
        return self._timer.isActive()

    def close(self) -> None:
        """Unsubscribe from the bus and stop the timer; safe to call twice."""
        self._unsubscribe()
        self._timer.stop()
        with self._lock:
            self._pending = _Batch(queued={})
            for queue in self._queues.values():
                queue.items.clear()
