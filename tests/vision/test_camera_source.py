"""CameraSource against a fake capture device: missing camera, unplug, replug."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from app.session.bus import EventBus
from app.session.clock import SessionClock
from app.session.events import Event, FrameEvent, SourceStatusEvent
from app.vision.sources import CameraSource, StillImageSource


class FakeDevice:
    """Scripted device: ``plugged`` says whether open/read work; counts frames read."""

    def __init__(self) -> None:
        self.plugged = True
        self.opens = 0

    def factory(self, index: Any) -> FakeCapture:
        self.opens += 1
        return FakeCapture(self)


class FakeCapture:
    def __init__(self, device: FakeDevice) -> None:
        self.device = device
        self.opened = device.plugged
        self.props: dict[int, float] = {}

    def isOpened(self) -> bool:
        return self.opened

    def set(self, prop: int, value: float) -> bool:
        self.props[prop] = value
        return True

    def get(self, prop: int) -> float:
        return self.props.get(prop, 0.0)

    def read(self) -> tuple[bool, Any]:
        if not self.device.plugged:
            return False, None
        threading.Event().wait(0.005)
        return True, np.zeros((8, 8, 3), np.uint8)

    def release(self) -> None:
        self.opened = False


class Recorder:
    def __init__(self, bus: EventBus) -> None:
        self.frames = 0
        self.statuses: list[SourceStatusEvent] = []
        self.cond = threading.Condition()
        bus.subscribe(self.on, (FrameEvent, SourceStatusEvent))

    def on(self, event: Event) -> None:
        with self.cond:
            if isinstance(event, FrameEvent):
                self.frames += 1
            else:
                assert isinstance(event, SourceStatusEvent)
                self.statuses.append(event)
            self.cond.notify_all()

    def wait(self, predicate: Any) -> None:
        with self.cond:
            assert self.cond.wait_for(predicate, 10), [s.message for s in self.statuses]


def _start(source: Any) -> tuple[EventBus, Recorder]:
    bus = EventBus()
    rec = Recorder(bus)
    clock = SessionClock()
    clock.start()
    source.start(bus, clock)
    return bus, rec


def test_unplug_and_replug_reconnects_with_a_status() -> None:
    device = FakeDevice()
    cam = CameraSource(0, capture_factory=device.factory, retry_delays=(0.01, 0.02))
    _, rec = _start(cam)
    try:
        rec.wait(lambda: rec.frames >= 3)
        device.plugged = False
        rec.wait(lambda: any(s.message == "camera disconnected — retrying" for s in rec.statuses))
        assert any(s.state == "error" for s in rec.statuses)
        seen = rec.frames
        device.plugged = True
        rec.wait(lambda: rec.frames > seen + 2)
    finally:
        cam.stop()
        assert cam.join(5)
    assert cam.reconnects >= 1
    assert [s.state for s in rec.statuses][-1] in ("ok", "ended")
    assert device.opens >= 2


def test_no_camera_says_so_and_keeps_retrying() -> None:
    device = FakeDevice()
    device.plugged = False
    cam = CameraSource(3, capture_factory=device.factory, retry_delays=(0.01,))
    _, rec = _start(cam)
    try:
        rec.wait(lambda: device.opens >= 3)
    finally:
        cam.stop()
        assert cam.join(5)
    errors = [s for s in rec.statuses if s.state == "error"]
    assert errors and "no camera found at 3" in errors[0].message
    assert rec.frames == 0


def test_still_image_source(tmp_path: Any) -> None:
    from app.vision.cv import import_cv2

    path = tmp_path / "still.png"
    import_cv2().imwrite(str(path), np.full((20, 30, 3), 77, np.uint8))
    source = StillImageSource(path, fps=30, until_ms=200)
    _, rec = _start(source)
    assert source.join(5)
    assert rec.frames >= 5
    bad = StillImageSource(tmp_path / "missing.png", until_ms=100)
    _, rec2 = _start(bad)
    assert bad.join(5)
    assert rec2.statuses[-1].state == "error" and "cannot read image" in rec2.statuses[-1].message


def test_camera_spec(tmp_path: Any) -> None:
    from app.config import Settings
    from app.vision.sources import VideoFileSource, camera_from_spec

    settings = Settings()
    assert camera_from_spec("off", settings) is None
    default = camera_from_spec(None, settings)
    assert isinstance(default, CameraSource) and default.device == 0
    numbered = camera_from_spec("2", settings)
    assert isinstance(numbered, CameraSource) and numbered.device == 2
    image = tmp_path / "host.jpg"
    image.write_bytes(b"x")
    assert isinstance(camera_from_spec(str(image), settings), StillImageSource)
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"x")
    assert isinstance(camera_from_spec(str(video), settings), VideoFileSource)
