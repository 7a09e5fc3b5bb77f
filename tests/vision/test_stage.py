"""The vision stage on a real bus: latest-frame-wins, product switching, pass-through."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from app.session.bus import EventBus
from app.session.events import (
    AlertEvent,
    Event,
    FrameEvent,
    ProductSwitchEvent,
    SourceStatusEvent,
)
from app.vision.compositor import Compositor, FrameResult
from app.vision.layers.face import eye_centres
from app.vision.stage import VisionStage
from app.vision.trackers import Detections, Trackers, VisionUnavailable


class Sink:
    def __init__(self, bus: EventBus) -> None:
        self.frames: list[FrameEvent] = []
        self.statuses: list[SourceStatusEvent] = []
        self.alerts: list[AlertEvent] = []
        self._cond = threading.Condition()
        bus.subscribe(self._on, (FrameEvent, SourceStatusEvent, AlertEvent))

    def _on(self, event: Event) -> None:
        with self._cond:
            if isinstance(event, FrameEvent):
                self.frames.append(event)
            elif isinstance(event, SourceStatusEvent):
                self.statuses.append(event)
            else:
                self.alerts.append(event)
            self._cond.notify_all()

    def wait_frames(self, n: int, timeout: float = 20.0) -> list[FrameEvent]:
        with self._cond:
            assert self._cond.wait_for(lambda: len(self.frames) >= n, timeout), self.frames
            return list(self.frames)


class GatedCompositor(Compositor):
    """A compositor whose every frame waits for the test to open a gate (a slow consumer)."""

    def __init__(self) -> None:
        super().__init__(Trackers())
        self.started = threading.Semaphore(0)
        self.gate = threading.Semaphore(0)
        self.seen: list[int] = []

    def process(self, image: Any, t_ms: int, *, copy: bool = True) -> FrameResult:
        self.seen.append(int(image[0, 0, 0]))
        self.started.release()
        self.gate.acquire(timeout=10)
        return FrameResult(image, Detections(image.shape[1], image.shape[0]))


def _frame(value: int) -> Any:
    return np.full((72, 128, 3), value, np.uint8)


def test_latest_frame_wins_under_a_slow_consumer() -> None:
    bus = EventBus()
    sink = Sink(bus)
    compositor = GatedCompositor()
    stage = VisionStage([], compositor)
    stage.attach(bus)
    try:
        bus.publish(FrameEvent(0, index=0, image=_frame(0)))
        assert compositor.started.acquire(timeout=10)  # the worker is busy with frame 0
        for i in range(1, 6):
            bus.publish(FrameEvent(i * 33, index=i, image=_frame(i)))
        compositor.gate.release()  # frame 0 done; only the newest (5) is waiting
        assert compositor.started.acquire(timeout=10)
        compositor.gate.release()
        frames = sink.wait_frames(2)
    finally:
        stage.detach()
    assert [f.index for f in frames] == [0, 5]
    assert compositor.seen == [0, 5]
    assert stage.dropped == 4 and stage.received == 6


def test_detach_hands_on_the_frame_it_holds() -> None:
    bus = EventBus()
    sink = Sink(bus)
    compositor = GatedCompositor()
    stage = VisionStage([], compositor)
    stage.attach(bus)
    bus.publish(FrameEvent(0, index=0, image=_frame(0)))
    assert compositor.started.acquire(timeout=10)
    bus.publish(FrameEvent(33, index=1, image=_frame(1)))
    compositor.gate.release()
    compositor.gate.release()
    stage.detach()
    assert sorted(f.index for f in sink.frames)[-1] == 1  # nothing lost at stop


def test_product_switch_changes_the_overlay_within_one_frame(
    trackers: Trackers, demo_frames: list[Any], products: dict[str, Any]
) -> None:
    bus = EventBus()
    sink = Sink(bus)
    compositor = Compositor(trackers)
    compositor.card.enabled = False
    stage = VisionStage(list(products.values()), compositor)
    stage.attach(bus)
    frame = demo_frames[4]
    face = trackers.detect(frame, {"face"}).face
    right, left = eye_centres(face)
    eye = (int(right[1]), int(right[0]))
    try:
        bus.publish(ProductSwitchEvent(0, sku="LIP-001"))
        bus.publish(FrameEvent(0, index=0, image=frame))
        lip_frame = sink.wait_frames(1)[0].image
        bus.publish(ProductSwitchEvent(40, sku="SUN-002", previous="LIP-001"))
        bus.publish(FrameEvent(40, index=1, image=frame))
        sun_frame = sink.wait_frames(2)[1].image
    finally:
        stage.detach()
    assert np.array_equal(lip_frame[eye], frame[eye])  # lipstick: eyes untouched
    assert np.abs(sun_frame[eye].astype(int) - frame[eye].astype(int)).sum() > 30  # lens tint
    other = (int(left[1]), int(left[0]))
    assert np.abs(sun_frame[other].astype(int) - frame[other].astype(int)).sum() > 30
    assert stage.processed == 2


def test_broken_mediapipe_turns_overlays_off_and_video_flows() -> None:
    def broken() -> Compositor:
        raise VisionUnavailable("MediaPipe is not usable (ImportError: test)")

    bus = EventBus()
    sink = Sink(bus)
    stage = VisionStage([], compositor_factory=broken)
    stage.attach(bus)
    try:
        bus.publish(FrameEvent(0, index=0, image=_frame(9)))
        frames = sink.wait_frames(1)
    finally:
        stage.detach()
    assert frames[0].image[0, 0, 0] == 9
    assert not stage.overlays_on
    assert any(s.state == "error" and "MediaPipe" in s.message for s in sink.statuses)
    assert any("MediaPipe" in a.text for a in sink.alerts)


def test_grayscale_frames_are_shown_in_colour(trackers: Trackers) -> None:
    bus = EventBus()
    sink = Sink(bus)
    stage = VisionStage([], Compositor(trackers))
    stage.attach(bus)
    try:
        bus.publish(FrameEvent(0, index=0, image=np.full((72, 128), 50, np.uint8)))
        sink.wait_frames(1)
        bus.publish(FrameEvent(0, index=1, image=np.zeros((4, 4, 3), np.float64)))
        with sink._cond:
            assert sink._cond.wait_for(lambda: len(sink.alerts) >= 1, 10), sink.alerts
        bus.publish(FrameEvent(0, index=2, image=_frame(3)))
        frames = sink.wait_frames(2)
    finally:
        stage.detach()
    assert frames[0].image.shape == (72, 128, 3)
    assert [f.index for f in frames] == [0, 2]  # the float frame is skipped, not shown
    assert any("grayscale" in s.message for s in sink.statuses)
    assert any("float64" in a.text for a in sink.alerts)


def test_layers_switch_live_on_the_next_frame(
    trackers: Trackers, demo_frames: list[Any], products: dict[str, Any]
) -> None:
    bus = EventBus()
    sink = Sink(bus)
    stage = VisionStage(list(products.values()), Compositor(trackers))
    stage.attach(bus)
    frame = demo_frames[5]
    try:
        bus.publish(ProductSwitchEvent(0, sku="BAG-006"))
        bus.publish(FrameEvent(0, index=0, image=frame))
        with_card = sink.wait_frames(1)[0].image
        stage.set_layer_enabled("card", False)
        bus.publish(FrameEvent(33, index=1, image=frame))
        without = sink.wait_frames(2)[1].image
    finally:
        stage.detach()
    assert not np.array_equal(with_card, frame)
    assert np.array_equal(without, frame)
    assert stage.layer_states()["card"] is False


def test_highlighted_comment_and_final_caption_reach_the_picture(
    trackers: Trackers, demo_frames: list[Any]
) -> None:
    from app.session import events

    highlight = getattr(events, "HighlightCommentEvent", None)
    bus = EventBus()
    sink = Sink(bus)
    stage = VisionStage([], Compositor(trackers))
    stage.attach(bus)
    frame = demo_frames[6]
    try:
        bus.publish(FrameEvent(0, index=0, image=frame))
        plain = sink.wait_frames(1)[0].image
        bus.publish(
            events.TranscriptEvent(100, end_ms=900, text="大家好，欢迎来到直播间", final=True)
        )
        bus.publish(events.TranscriptEvent(100, end_ms=900, text="部分", final=False))
        if highlight is not None:
            bus.publish(highlight(100, text="黄皮能用吗？", user="小美"))
        bus.publish(FrameEvent(200, index=1, image=frame))
        shown = sink.wait_frames(2)[1].image
    finally:
        stage.detach()
    assert np.array_equal(plain, frame)
    changed = np.abs(shown.astype(int) - frame.astype(int)).sum(axis=2) > 30
    assert changed[600:720, 300:1000].sum() > 500  # the caption
    assert stage.compositor.captions._text == "大家好，欢迎来到直播间"
    if highlight is not None:
        assert changed[0:150, 900:].sum() > 500  # the bubble


def test_bad_inputs_each_give_a_status_and_the_stream_keeps_running(
    tmp_path: Any, trackers: Trackers, demo_frames: list[Any], products: dict[str, Any]
) -> None:
    """Corrupt try-on PNG, missing product image, a 4K frame, a grayscale frame."""
    import dataclasses
    from pathlib import Path

    from app.vision.cv import import_cv2

    cv2 = import_cv2()
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\nnot really a png")
    corrupt = dataclasses.replace(
        products["SUN-002"],
        sku="BAD-PNG",
        tryon={"kind": "glasses", "image": str(broken), "anchor": "eyes"},
    )
    no_image = dataclasses.replace(products["BAG-006"], sku="NO-IMG", image=Path("/nope.png"))
    bus = EventBus()
    sink = Sink(bus)
    stage = VisionStage([corrupt, no_image], Compositor(trackers))
    stage.attach(bus)
    frame = demo_frames[8]
    inputs = [
        ("BAD-PNG", frame),
        ("NO-IMG", frame),
        ("NO-IMG", cv2.resize(frame, (3840, 2160))),
        ("NO-IMG", cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)),
    ]
    try:
        for i, (sku, image) in enumerate(inputs):
            bus.publish(ProductSwitchEvent(i * 40, sku=sku))
            bus.publish(FrameEvent(i * 40, index=i, image=image))
            sink.wait_frames(i + 1)
    finally:
        stage.detach()
    assert [f.index for f in sink.frames] == [0, 1, 2, 3]  # nothing dropped, nothing stuck
    assert sink.frames[2].image.shape == (1080, 1920, 3)
    assert sink.frames[3].image.shape == (720, 1280, 3)
    messages = [s.message for s in sink.statuses]
    alerts = [a.text for a in sink.alerts]
    assert any("broken.png" in m and "unreadable" in m for m in messages)
    assert any("broken.png" in a for a in alerts)
    assert any("NO-IMG" in m and "image missing" in m for m in messages)
    assert any("3840x2160 frames scaled to 1920x1080" in m for m in messages)
    assert any("grayscale" in m for m in messages)
    assert not any(s.state == "error" for s in sink.statuses)  # overlays stayed on
