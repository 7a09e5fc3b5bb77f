"""The bus → GUI bridge: thread hop, batching, latest-wins, bounds and shutdown."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from app.session.bus import EventBus
from app.session.events import (
    AudioChunkEvent,
    CommentEvent,
    FrameEvent,
    LikeEvent,
    ProductSwitchEvent,
    SourceStatusEvent,
    ViewersEvent,
)
from app.ui.bridge import EventBridge

IDLE_MS = 60_000  # a timer interval that never fires during a test: flush() by hand


def comment(i: int) -> CommentEvent:
    return CommentEvent(i, f"c{i}", "douyin", f"user{i}", f"comment {i}")


@pytest.fixture
def bus() -> EventBus:
    return EventBus()


@pytest.fixture
def manual_bridge(bus: EventBus, qapp: object) -> Iterator[EventBridge]:
    bridge = EventBridge(bus, interval_ms=IDLE_MS, capacity=10, max_batch=4)
    yield bridge
    bridge.close()


def test_worker_events_arrive_on_gui_thread_in_batches(qtbot: QtBot, bus: EventBus) -> None:
    bridge = EventBridge(bus, interval_ms=10)
    received: list[CommentEvent] = []
    batches: list[int] = []
    frames: list[int] = []
    threads: set[bool] = set()

    def on_comments(events: list[CommentEvent]) -> None:
        threads.add(QThread.currentThread() is bridge.thread())
        batches.append(len(events))
        received.extend(events)

    bridge.comments.connect(on_comments)
    bridge.frame.connect(lambda e: frames.append(e.index))
    image = np.zeros((4, 4, 3), np.uint8)

    def publish() -> None:
        for i in range(300):
            bus.publish(comment(i))
            if i % 10 == 0:
                bus.publish(FrameEvent(i, i // 10, image))

    worker = threading.Thread(target=publish, name="test-publisher")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(received) == 300, timeout=2_000)
    bridge.flush()
    bridge.close()

    assert [e.event_id for e in received] == [f"c{i}" for i in range(300)]
    assert threads == {True}
    assert len(batches) < 300  # batched, not one signal per comment
    assert frames[-1] == 29  # the newest frame always gets through
    assert len(frames) + bridge.stats().frames_replaced == 30
    assert frames == sorted(frames)


def test_latest_frame_wins_between_ticks(manual_bridge: EventBridge, bus: EventBus) -> None:
    frames: list[FrameEvent] = []
    manual_bridge.frame.connect(frames.append)
    for i in range(5):
        bus.publish(FrameEvent(i * 33, i, np.zeros((2, 2, 3), np.uint8)))
    manual_bridge.flush()
    manual_bridge.flush()
    assert [f.index for f in frames] == [4]
    assert manual_bridge.stats().frames_replaced == 4


def test_overflow_drops_oldest_and_counts(manual_bridge: EventBridge, bus: EventBus) -> None:
    got: list[CommentEvent] = []
    manual_bridge.comments.connect(got.extend)
    for i in range(25):
        bus.publish(comment(i))
    for _ in range(3):
        manual_bridge.flush()
    assert [e.t_ms for e in got] == list(range(15, 25))  # capacity 10: the newest ten
    stats = manual_bridge.stats()
    assert stats.dropped == 15
    assert stats.dropped_by_queue["comments"] == 15
    assert stats.delivered == 10
    assert stats.backlog == 0


def test_batch_size_is_capped_per_tick(manual_bridge: EventBridge, bus: EventBus) -> None:
    sizes: list[int] = []
    manual_bridge.interactions.connect(lambda events: sizes.append(len(events)))
    for i in range(10):
        bus.publish(LikeEvent(i, count=1))
    manual_bridge.flush()
    assert manual_bridge.stats().backlog == 6
    manual_bridge.flush()
    manual_bridge.flush()
    manual_bridge.flush()
    assert sizes == [4, 4, 2]


def test_state_events_keep_only_the_newest(manual_bridge: EventBridge, bus: EventBus) -> None:
    seen: dict[str, object] = {}
    manual_bridge.statuses.connect(lambda s: seen.__setitem__("statuses", s))
    manual_bridge.product_switched.connect(lambda e: seen.__setitem__("switch", e))
    manual_bridge.viewers.connect(lambda e: seen.__setitem__("viewers", e))
    manual_bridge.audio_level.connect(lambda db: seen.__setitem__("level", db))
    for event in (
        SourceStatusEvent(0, "video", "starting"),
        SourceStatusEvent(1, "audio", "ok"),
        SourceStatusEvent(2, "video", "ok"),
        ProductSwitchEvent(3, "A"),
        ProductSwitchEvent(4, "B", previous="A"),
        ViewersEvent(5, online=10),
        ViewersEvent(6, online=12),
        AudioChunkEvent(7, b"", 16_000, -30.0),
        AudioChunkEvent(8, b"", 16_000, -12.5),
    ):
        bus.publish(event)
    manual_bridge.flush()
    statuses = seen["statuses"]
    assert isinstance(statuses, list)
    assert [(s.source, s.state) for s in statuses] == [("audio", "ok"), ("video", "ok")]
    assert isinstance(seen["switch"], ProductSwitchEvent)
    assert seen["switch"].sku == "B"
    assert isinstance(seen["viewers"], ViewersEvent)
    assert seen["viewers"].online == 12
    assert seen["level"] == -12.5


def test_close_unsubscribes_and_stops_timer(qapp: object, bus: EventBus) -> None:
    bridge = EventBridge(bus, interval_ms=10)
    got: list[CommentEvent] = []
    bridge.comments.connect(got.extend)
    bus.publish(comment(1))
    bridge.close()
    bridge.close()  # idempotent
    bus.publish(comment(2))
    bridge.flush()
    assert not bridge.active
    assert got == []
    assert bridge.stats().backlog == 0
