"""The optional virtual camera: clear statuses, survives its device going away, right frames.

Only the device is faked. With the ``vcam`` extra installed the tests drive the real
pyvirtualcam 0.15 (its ``Camera`` class, frame-shape checks and backend selection); the
one thing this machine and CI cannot have is a real device (/dev/video* from the
v4l2loopback kernel module, or OBS's virtual camera), so where a device is needed it is
a fake pyvirtualcam backend or a fake camera object handed in through ``camera_factory``.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pytest

from app.config import Config
from app.session.bus import EventBus
from app.session.events import Event, FrameEvent, SourceStatusEvent
from app.vision.vcam import STATUS_SOURCE, VirtualCameraOutput, open_pyvirtualcam

W, H = 64, 36
WAIT_S = 10.0  # an upper bound for a wait that normally ends in milliseconds

needs_pyvirtualcam = pytest.mark.skipif(
    importlib.util.find_spec("pyvirtualcam") is None,
    reason="pyvirtualcam (the vcam extra) is not installed: pip install 'anchordesk[vcam]'",
)


# -- helpers ---------------------------------------------------------------------------------
class Statuses:
    """Collects the virtual camera's statuses; waits for one without sleeping."""

    def __init__(self, bus: EventBus) -> None:
        self.items: list[SourceStatusEvent] = []
        self._cond = threading.Condition()
        bus.subscribe(self._on, (SourceStatusEvent,))

    def _on(self, event: Event) -> None:
        assert isinstance(event, SourceStatusEvent)
        if event.source == STATUS_SOURCE:
            with self._cond:
                self.items.append(event)
                self._cond.notify_all()

    def wait(self, state: str, count: int = 1) -> SourceStatusEvent:
        """The ``count``-th status in ``state``."""

        def found() -> list[SourceStatusEvent]:
            return [s for s in self.items if s.state == state]

        with self._cond:
            assert self._cond.wait_for(lambda: len(found()) >= count, WAIT_S), self.items
            return found()[count - 1]

    @property
    def states(self) -> list[str]:
        with self._cond:
            return [s.state for s in self.items]


class Device:
    """The fake device: present or not, and the frames each opened camera received."""

    def __init__(self, present: bool = True) -> None:
        self.present = present
        self.attempts = 0
        self.cams: list[FakeCam] = []
        self.cond = threading.Condition()

    def open(self, width: int, height: int, fps: float) -> FakeCam:
        with self.cond:
            self.attempts += 1
            self.cond.notify_all()
            if not self.present:
                raise RuntimeError("No v4l2 loopback device found (fake)")
            cam = FakeCam(self, f"/dev/video{len(self.cams) + 7}", (width, height, fps))
            self.cams.append(cam)
            return cam

    def wait(self, predicate: Callable[[], bool]) -> None:
        with self.cond:
            assert self.cond.wait_for(predicate, WAIT_S)

    def sent(self) -> list[Any]:
        with self.cond:
            return [f for cam in self.cams for f in cam.frames]


class FakeCam:
    """A camera object as pyvirtualcam.Camera looks to the output: send, close, device."""

    def __init__(self, device: Device, name: str, size: tuple[int, int, float]) -> None:
        self._device = device
        self.device = name
        self.size = size
        self.frames: list[Any] = []
        self.closed = False
        self.broken = False
        self.gate: threading.Event | None = None  # set: send blocks until it is set
        self.in_send = threading.Event()

    def send(self, frame: Any) -> None:
        self.in_send.set()
        if self.gate is not None:
            assert self.gate.wait(WAIT_S)
        if self.broken:
            raise OSError("[Errno 19] No such device")
        with self._device.cond:
            self.frames.append(frame.copy())  # the output reuses its letterbox canvas
            self._device.cond.notify_all()

    def close(self) -> None:
        self.closed = True


def frame(value: int, shape: tuple[int, ...] = (H, W, 3)) -> FrameEvent:
    return FrameEvent(0, index=value, image=np.full(shape, value, np.uint8))


@pytest.fixture
def bus() -> EventBus:
    return EventBus()


@pytest.fixture
def started(bus: EventBus) -> Iterator[Callable[..., VirtualCameraOutput]]:
    """Attach outputs with a short back-off; detach them all at the end of the test."""
    outputs: list[VirtualCameraOutput] = []

    def start(**kwargs: Any) -> VirtualCameraOutput:
        kwargs.setdefault("retry_first_s", 0.01)
        kwargs.setdefault("retry_max_s", 0.04)
        output = VirtualCameraOutput(W, H, 30.0, **kwargs)
        output.attach(bus)
        outputs.append(output)
        return output

    yield start
    for output in outputs:
        output.detach()


@dataclass
class Sending:
    """An output that has opened a fake device and said so."""

    device: Device
    statuses: Statuses
    output: VirtualCameraOutput
    first: SourceStatusEvent


@pytest.fixture
def sending(bus: EventBus, started: Callable[..., VirtualCameraOutput]) -> Sending:
    device = Device()
    statuses = Statuses(bus)
    output = started(camera_factory=device.open)
    return Sending(device, statuses, output, statuses.wait("ok"))


# -- no extra, no device ---------------------------------------------------------------------
def test_missing_extra_gives_a_clear_status_and_stops_trying(
    bus: EventBus, started: Callable[..., VirtualCameraOutput], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyvirtualcam", None)  # import pyvirtualcam -> ImportError
    statuses = Statuses(bus)
    output = started()
    status = statuses.wait("error")
    assert "pip install 'anchordesk[vcam]'" in status.message
    assert "Program output" in status.message
    assert output._thread is not None
    output._thread.join(WAIT_S)  # retrying cannot install a package: the thread ends
    assert not output._thread.is_alive()
    assert statuses.states == ["error"]


def test_the_packaged_app_says_it_has_no_virtual_camera(
    bus: EventBus, started: Callable[..., VirtualCameraOutput], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyvirtualcam", None)  # excluded from the frozen build
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    statuses = Statuses(bus)
    started()
    message = statuses.wait("error").message
    assert message.startswith("this packaged AnchorDesk has no virtual camera")
    assert "from source" in message and "Program output" in message


@needs_pyvirtualcam
def test_real_pyvirtualcam_without_a_device_says_so_and_frames_keep_flowing(
    bus: EventBus, started: Callable[..., VirtualCameraOutput]
) -> None:
    import pyvirtualcam

    try:
        pyvirtualcam.Camera(W, H, 30.0, fmt=pyvirtualcam.PixelFormat.BGR).close()
    except RuntimeError as exc:
        library_text = str(exc).splitlines()[0]
    else:
        pytest.skip("a real virtual camera device exists here; this test needs none")
    attempts = threading.Semaphore(0)

    def real_camera(width: int, height: int, fps: float) -> Any:
        attempts.release()
        return open_pyvirtualcam(width, height, fps)  # the default path, counted

    statuses = Statuses(bus)
    others: list[int] = []
    bus.subscribe(lambda e: others.append(e.index), (FrameEvent,))  # type: ignore[attr-defined]
    output = started(camera_factory=real_camera)
    status = statuses.wait("error")
    assert status.message.startswith("no virtual camera device (")
    assert library_text in status.message  # the library's own words, e.g. "modprobe ..."
    for needle in ("install OBS", "v4l2loopback", "View ▸ Program output"):
        assert needle in status.message
    for i in range(5):
        bus.deliver(frame(i))
    for _ in range(3):  # it keeps checking for a device, without repeating the status
        assert attempts.acquire(timeout=WAIT_S)
    assert others == [0, 1, 2, 3, 4]
    assert output.dropped == 5 and output.sent == 0 and output.opened == 0
    assert statuses.states == ["error"]


def test_detach_is_prompt_during_a_long_back_off(
    bus: EventBus, started: Callable[..., VirtualCameraOutput]
) -> None:
    device = Device(present=False)
    statuses = Statuses(bus)
    output = started(camera_factory=device.open, retry_first_s=600.0, retry_max_s=600.0)
    statuses.wait("error")
    thread = output._thread
    assert thread is not None
    begin = time.monotonic()
    output.detach()
    assert time.monotonic() - begin < 2.0  # not the 600 s back-off
    assert not thread.is_alive()
    assert device.attempts == 1


# -- a device that goes away and comes back --------------------------------------------------
def test_device_lost_mid_stream_closes_retries_and_recovers(
    bus: EventBus, sending: Sending
) -> None:
    device, statuses, output, first = (
        sending.device, sending.statuses, sending.output, sending.first
    )  # fmt: skip
    assert first.message == f"sending {W}x{H} at 30 fps to /dev/video7"
    assert first.note is not None and first.note.values["device"] == "/dev/video7"
    assert first.note.template == "sending {width}x{height} at {fps:g} fps to {device}"
    bus.deliver(frame(1))
    device.wait(lambda: len(device.sent()) == 1)

    cam = device.cams[0]
    device.present, cam.broken = False, True  # OBS "Stop Virtual Camera" / rmmod v4l2loopback
    bus.deliver(frame(2))
    lost = statuses.wait("error")
    assert lost.message.startswith(
        "virtual camera /dev/video7 stopped taking frames ([Errno 19] No such device)"
    )
    assert "reconnects" in lost.message and "Program output" in lost.message
    assert cam.closed
    tried = device.attempts
    device.wait(lambda: device.attempts >= tried + 3)  # retrying with back-off
    for i in range(10, 20):
        bus.deliver(frame(i))  # while no device: dropped, never queued

    device.present = True
    back = statuses.wait("ok", count=2)
    assert back.message == f"sending {W}x{H} at 30 fps to /dev/video8"
    bus.deliver(frame(3))
    device.wait(lambda: len(device.sent()) == 2)
    assert [int(f[0, 0, 0]) for f in device.sent()] == [1, 3]
    assert statuses.states == ["ok", "error", "ok"]  # retries do not flood the status bar
    assert output.dropped >= 10
    output.detach()
    assert device.cams[1].closed


def test_slow_device_gets_the_latest_frame_not_a_queue(bus: EventBus, sending: Sending) -> None:
    device, output = sending.device, sending.output
    gate = threading.Event()
    device.cams[0].gate = gate
    bus.deliver(frame(1))  # the thread takes it and blocks in send
    assert device.cams[0].in_send.wait(WAIT_S)
    for i in range(2, 8):
        bus.deliver(frame(i))
    gate.set()
    device.wait(lambda: len(device.sent()) == 2)
    assert [int(f[0, 0, 0]) for f in device.sent()] == [1, 7]
    assert output.dropped == 5


# -- the frames the device gets --------------------------------------------------------------
def test_grey_bgra_odd_sized_and_4k_frames_are_converted_before_send(
    bus: EventBus, sending: Sending
) -> None:
    device, statuses = sending.device, sending.statuses
    bgra = np.zeros((H, W, 4), np.uint8)
    bgra[..., :3] = (10, 20, 30)
    bgra[..., 3] = 255
    sent = [
        FrameEvent(0, index=0, image=np.full((H, W), 77, np.uint8)),  # grayscale camera
        FrameEvent(0, index=1, image=bgra),
        frame(200, (48, 48, 3)),  # square: letterboxed like the program output window
        frame(90, (2160, 3840, 3)),  # 4K, same aspect
        frame(60, (H, W, 1)),
    ]
    for n, event in enumerate(sent, start=1):
        bus.deliver(event)
        device.wait(lambda n=n: len(device.sent()) == n)  # type: ignore[misc]
    grey, colour, square, big, single = device.sent()
    for image in device.sent():
        assert image.shape == (H, W, 3) and image.dtype == np.uint8
    assert (grey == 77).all()
    assert (colour == (10, 20, 30)).all()
    assert (square[:, 14:50] == 200).all()  # 48x48 -> 36x36 in the middle
    assert (square[:, :14] == 0).all() and (square[:, 50:] == 0).all()
    assert (big == 90).all()
    assert (single == 60).all()
    assert statuses.states == ["ok"]


def test_a_frame_the_camera_cannot_take_is_skipped_with_a_status(
    bus: EventBus, sending: Sending
) -> None:
    device, statuses = sending.device, sending.statuses
    bus.deliver(FrameEvent(0, index=0, image=np.zeros((H, W, 3), np.float32)))
    bad = statuses.wait("error")
    assert bad.message == "skipping a frame the camera cannot take: float32 pixels, 8-bit expected"
    bus.deliver(frame(5))
    device.wait(lambda: len(device.sent()) == 1)
    assert statuses.wait("ok", count=2).message.startswith("sending")


# -- the real pyvirtualcam Camera class, with only its device backend faked -----------------
class FakeBackend:
    """A pyvirtualcam backend (the device layer) following pyvirtualcam.Backend's contract."""

    opened: ClassVar[list[FakeBackend]] = []
    fail_open = False

    def __init__(
        self, *, width: int, height: int, fps: float, fourcc: int, device: str | None, **kw: Any
    ) -> None:
        if FakeBackend.fail_open:
            raise RuntimeError("fake device is gone")
        self.args = (width, height, fps, fourcc, device)
        self.frames: list[Any] = []
        self.closed = 0
        self.broken = False
        self.sent = threading.Semaphore(0)
        FakeBackend.opened.append(self)

    def send(self, frame: Any) -> None:
        if self.broken:
            raise RuntimeError("error writing frame to /dev/video3: No such device")
        self.frames.append(frame.copy())
        self.sent.release()

    def close(self) -> None:
        self.closed += 1

    def device(self) -> str:
        return "/dev/video3"

    def native_fourcc(self) -> int | None:
        return None


@needs_pyvirtualcam
def test_real_pyvirtualcam_camera_with_a_device_that_comes_and_goes(
    bus: EventBus, started: Callable[..., VirtualCameraOutput], monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyvirtualcam.camera
    from pyvirtualcam.util import encode_fourcc

    monkeypatch.setattr(pyvirtualcam.camera, "BACKENDS", {"fake": FakeBackend})
    monkeypatch.setattr(FakeBackend, "opened", [])
    statuses = Statuses(bus)
    started()  # the default camera factory: pyvirtualcam.Camera
    assert statuses.wait("ok").message == f"sending {W}x{H} at 30 fps to /dev/video3"
    backend = FakeBackend.opened[0]
    assert backend.args == (W, H, 30.0, encode_fourcc("24BG"), None)  # BGR, any device
    bus.deliver(FrameEvent(0, index=0, image=np.full((H, W), 9, np.uint8)))
    assert backend.sent.acquire(timeout=WAIT_S)
    assert backend.frames[0].shape == (H * W * 3,) and (backend.frames[0] == 9).all()

    monkeypatch.setattr(FakeBackend, "fail_open", True)
    backend.broken = True
    bus.deliver(frame(1))
    lost = statuses.wait("error")
    assert "stopped taking frames (error writing frame to /dev/video3" in lost.message
    assert backend.closed == 1  # pyvirtualcam calls a backend's close exactly once

    monkeypatch.setattr(FakeBackend, "fail_open", False)
    statuses.wait("ok", count=2)
    again = FakeBackend.opened[1]
    bus.deliver(frame(4))
    assert again.sent.acquire(timeout=WAIT_S)
    assert (again.frames[0] == 4).all()


# -- how the app builds it -------------------------------------------------------------------
def test_the_session_sends_the_program_output_size_and_camera_rate(config: Config) -> None:
    from app.live.processors import vision_stage as build_vision_stage

    s = config.settings
    s.virtual_camera, s.record_video = True, False
    s.output_width, s.output_height, s.camera_fps = 960, 540, 25.0
    stage = build_vision_stage(config, [])
    (output,) = stage.outputs
    assert isinstance(output, VirtualCameraOutput)
    assert (output.width, output.height, output.fps) == (960, 540, 25.0)


def test_frames_reach_the_device_through_the_vision_stage(bus: EventBus) -> None:
    from app.vision.compositor import Compositor
    from app.vision.stage import VisionStage
    from app.vision.trackers import VisionUnavailable

    def no_mediapipe() -> Compositor:
        raise VisionUnavailable("MediaPipe is not usable (test)")  # frames pass through raw

    device = Device()
    statuses = Statuses(bus)
    output = VirtualCameraOutput(W, H, 30.0, camera_factory=device.open)
    stage = VisionStage([], compositor_factory=no_mediapipe, outputs=[output])
    stage.attach(bus)
    try:
        statuses.wait("ok")
        bus.publish(FrameEvent(0, index=0, image=np.full((H * 2, W * 2), 33, np.uint8)))
        device.wait(lambda: len(device.sent()) == 1)
    finally:
        stage.detach()  # detaches the output too
    (sent,) = device.sent()
    assert sent.shape == (H, W, 3) and (sent == 33).all()
    assert device.cams[0].closed


def test_the_status_bar_shows_the_virtual_camera_status(qtbot: Any) -> None:
    from app.ui.panels.status_bar import SessionStatusBar

    bar = SessionStatusBar()
    qtbot.addWidget(bar)
    message = "no virtual camera device (test); install OBS (Windows/macOS) or v4l2loopback"
    bar._on_statuses([SourceStatusEvent(0, STATUS_SOURCE, "error", message)])
    dot = bar.dots[STATUS_SOURCE]
    assert dot.state == "error"
    assert message in dot.toolTip() and "virtual camera" in dot.text()
