"""Optional virtual camera output through pyvirtualcam (the GPL-2.0 ``vcam`` extra).

The built-in path to OBS and the platform tools is the program output window; this is
for tools that only accept a camera. Frames are converted to BGR, letterboxed to the
output size (the same picture the program output window shows) and sent from the
output's own thread (latest-frame-wins), never from the vision worker.

A virtual camera comes and goes while the app runs: OBS's "Start Virtual Camera" is a
button, v4l2loopback is a kernel module that can be unloaded. So a missing device or a
``send`` that fails is a status, not a crash: the camera is closed, the output retries
opening it with back-off (stop-aware, no busy loop) and says "ok" again once it is back.
Frames that arrive while no camera is open are dropped, never queued.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from typing import Any

from app.messages import QT_TRANSLATE_NOOP, Message
from app.session.bus import EventBus
from app.session.events import Event, FrameEvent, SourceStatusEvent
from app.vision.cv import import_cv2, to_bgr8

log = logging.getLogger("app.vision.vcam")

STATUS_SOURCE = "virtual camera"
#: First wait before opening the device again; doubles per failure up to RETRY_MAX_S.
RETRY_FIRST_S = 2.0
RETRY_MAX_S = 10.0

#: Opens a camera taking (height, width, 3) BGR uint8 frames; raises if no device exists.
#: The returned object needs ``send(frame)`` and ``close()``; ``device`` names it.
CameraFactory = Callable[[int, int, float], Any]

PROGRAM_OUTPUT_HINT = QT_TRANSLATE_NOOP(
    "Messages", "or use View ▸ Program output with Window Capture"
)
_SENDING = QT_TRANSLATE_NOOP("Messages", "sending {width}x{height} at {fps:g} fps to {device}")
_INTERNAL_ERROR = QT_TRANSLATE_NOOP(
    "Messages",
    "virtual camera stopped after an internal error ({error}); restart the session, {hint}",
)
_LOST = QT_TRANSLATE_NOOP(
    "Messages",
    "virtual camera {device} stopped taking frames ({error}); it was closed and AnchorDesk "
    "reconnects when it is back: restart OBS's virtual camera or reload v4l2loopback, {hint}",
)
_NO_DEVICE = QT_TRANSLATE_NOOP(
    "Messages",
    "no virtual camera device ({error}); install OBS (Windows/macOS) or v4l2loopback (Linux), "
    "{hint}; AnchorDesk keeps checking and starts sending when a device appears",
)
_BAD_FRAME = QT_TRANSLATE_NOOP("Messages", "skipping a frame the camera cannot take: {error}")
_NOT_BUNDLED = QT_TRANSLATE_NOOP(
    "Messages",
    "this packaged AnchorDesk has no virtual camera (pyvirtualcam is GPL-2.0 and not "
    "bundled): run AnchorDesk from source with pip install 'anchordesk[vcam]', {hint}",
)
_NEEDS_EXTRA = QT_TRANSLATE_NOOP(
    "Messages", "virtual camera needs the optional extra: pip install 'anchordesk[vcam]' ({hint})"
)
_THE_DEVICE = QT_TRANSLATE_NOOP("Messages", "the virtual camera")


def _hint() -> Message:
    return Message(PROGRAM_OUTPUT_HINT)


def open_pyvirtualcam(width: int, height: int, fps: float) -> Any:
    """The real device: pyvirtualcam picks OBS / Unity Capture / v4l2loopback itself.

    BGR is the frame format of the whole pipeline, so no per-frame channel swap is
    needed here; pyvirtualcam converts to the device's native format in C.
    Raises ImportError without the extra and RuntimeError when no device exists.
    """
    import pyvirtualcam

    return pyvirtualcam.Camera(width, height, fps, fmt=pyvirtualcam.PixelFormat.BGR)


class VirtualCameraOutput:
    """Sends delivered frames to a virtual camera device, if one exists (a bus processor)."""

    def __init__(
        self,
        width: int = 1280,
        height: int = 720,
        fps: float = 30.0,
        *,
        camera_factory: CameraFactory | None = None,
        retry_first_s: float = RETRY_FIRST_S,
        retry_max_s: float = RETRY_MAX_S,
    ) -> None:
        """``camera_factory`` replaces the device (tests); the default is pyvirtualcam."""
        self.width, self.height, self.fps = width, height, fps
        self._factory = camera_factory or open_pyvirtualcam
        self.retry_first_s = retry_first_s
        self.retry_max_s = max(retry_first_s, retry_max_s)
        self._bus: EventBus | None = None
        self._undo: Callable[[], None] | None = None
        self._cond = threading.Condition()
        self._slot: Any = None
        self._live = False  # a camera is open: frames are taken, otherwise dropped
        self._stop = False
        self._thread: threading.Thread | None = None
        self._last_status: tuple[str, Message] | None = None
        self._canvas: Any = None
        self._inner: tuple[int, int] = (0, 0)
        self.sent = 0
        self.dropped = 0
        self.opened = 0

    # -- processor protocol -------------------------------------------------------------
    def attach(self, bus: EventBus) -> None:
        self._bus = bus
        with self._cond:
            self._stop = False
            self._live = False
            self._slot = None
        self._last_status = None
        self._undo = bus.subscribe(self._on_frame, (FrameEvent,))
        self._thread = threading.Thread(target=self._run, name="vision-vcam", daemon=True)
        self._thread.start()

    def detach(self) -> None:
        """Stop taking frames and join the thread (it closes the camera on its way out).

        A virtual camera is a sink: there is nothing to hand on, the held frame is dropped.
        """
        if self._undo is not None:
            self._undo()
            self._undo = None
        with self._cond:
            self._stop = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5.0)
            if self._thread.is_alive():
                log.warning("virtual camera thread did not stop within 5 s (blocked in send?)")
            self._thread = None

    # -- bus handler (publisher's thread: cheap) ---------------------------------------------
    def _on_frame(self, event: Event) -> None:
        assert isinstance(event, FrameEvent)
        with self._cond:
            if not self._live or self._slot is not None:
                self.dropped += 1  # no device right now, or latest-frame-wins
            if self._live:
                self._slot = event.image
                self._cond.notify()

    # -- worker ------------------------------------------------------------------------------
    def _run(self) -> None:
        try:
            self._loop()
        except Exception as exc:  # a bug must not end the output silently
            log.exception("virtual camera thread failed")
            self._status("error", Message(_INTERNAL_ERROR, {"error": _why(exc), "hint": _hint()}))

    def _loop(self) -> None:
        """Open, stream, and after a failure wait (with back-off) and open again."""
        delay = self.retry_first_s
        lost: Message | str | None = None  # the device that stopped taking frames, till back
        while True:
            cam = self._open(quiet=lost is not None)
            if cam is _GIVE_UP:
                return
            if cam is not None:
                name, sent_before = _device_name(cam), self.sent
                size = {"width": self.width, "height": self.height, "fps": self.fps}
                ok = Message(_SENDING, {**size, "device": name})
                self._status("ok", ok)
                try:
                    failure = self._stream(cam, ok)
                finally:
                    _close(cam)
                if failure is None:
                    return  # detached
                lost = name
                values = {"device": lost, "error": failure, "hint": _hint()}
                self._status("error", Message(_LOST, values))
                if self.sent > sent_before:  # it worked for a while: start the back-off afresh
                    delay = self.retry_first_s
            if self._sleep(delay):
                return
            delay = min(delay * 2, self.retry_max_s)

    def _open(self, *, quiet: bool) -> Any:
        """A camera, None (retry later) or _GIVE_UP (the extra is missing: retrying is futile)."""
        try:
            cam = self._factory(self.width, self.height, self.fps)
        except ImportError:
            self._status("error", _missing_extra_message())
            return _GIVE_UP
        except Exception as exc:  # no OBS Virtual Camera / v4l2loopback device installed
            log.debug("virtual camera: open failed: %s", exc)
            if not quiet:  # after a loss the "stopped" status already says what to do
                values = {"error": _why(exc), "hint": _hint()}
                self._status("error", Message(_NO_DEVICE, values))
            return None
        self.opened += 1
        return cam

    def _stream(self, cam: Any, ok: Message) -> str | None:
        """Send frames until detached (None) or the device fails (the reason).

        ``ok`` is the status to restore once a good frame follows a skipped one.
        """
        with self._cond:
            self._live = True
            self._slot = None
        try:
            while True:
                with self._cond:
                    while self._slot is None and not self._stop:
                        self._cond.wait()
                    if self._stop:
                        return None
                    image, self._slot = self._slot, None
                try:
                    frame = self._fit(image)
                except ValueError as exc:
                    self._status("error", Message(_BAD_FRAME, {"error": str(exc)}))
                    continue
                try:
                    cam.send(frame)
                except Exception as exc:  # the device went away under us
                    log.warning("virtual camera: send failed", exc_info=True)
                    return _why(exc)
                self.sent += 1
                if self._last_status is not None and self._last_status[0] != "ok":
                    self._status("ok", ok)
        finally:
            with self._cond:
                self._live = False
                self._slot = None

    def _fit(self, image: Any) -> Any:
        """BGR uint8 at exactly the output size, letterboxed like the program output window.

        Raw frames reach outputs unconverted while the trackers load (or if MediaPipe is
        missing), so grey and BGRA camera frames must be handled here too.
        """
        import numpy as np

        cv2 = import_cv2()
        image, _ = to_bgr8(image)
        h, w = image.shape[:2]
        if (w, h) == (self.width, self.height):
            return np.ascontiguousarray(image)
        scale = min(self.width / w, self.height / h)
        inner = (
            min(self.width, max(1, round(w * scale))),
            min(self.height, max(1, round(h * scale))),
        )
        shrink = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
        if inner == (self.width, self.height):
            return cv2.resize(image, inner, interpolation=shrink)
        if self._canvas is None or self._inner != inner:
            # the bars stay black: only the picture area is overwritten from now on
            self._canvas = np.zeros((self.height, self.width, 3), np.uint8)
            self._inner = inner
        x, y = (self.width - inner[0]) // 2, (self.height - inner[1]) // 2
        self._canvas[y : y + inner[1], x : x + inner[0]] = cv2.resize(
            image, inner, interpolation=shrink
        )
        return self._canvas

    def _sleep(self, seconds: float) -> bool:
        """Wait ``seconds`` or until detached; True if detached."""
        with self._cond:
            return self._cond.wait_for(lambda: self._stop, timeout=seconds)

    def _status(self, state: str, message: Message) -> None:
        """Publish a status when it changes (retries must not flood the bus and the UI)."""
        if self._last_status == (state, message):
            return
        self._last_status = (state, message)
        log.info("virtual camera: %s: %s", state, message)
        if self._bus is not None:
            self._bus.publish(SourceStatusEvent(0, STATUS_SOURCE, state, str(message), message))


_GIVE_UP = object()


def _missing_extra_message() -> Message:
    """What to do without pyvirtualcam; the packaged app never bundles it (GPL-2.0)."""
    template = _NOT_BUNDLED if getattr(sys, "frozen", False) else _NEEDS_EXTRA
    return Message(template, {"hint": _hint()})


def _why(exc: BaseException) -> str:
    """The library's own words on one line (pyvirtualcam joins per-backend errors with \\n)."""
    text = "; ".join(line.strip() for line in str(exc).splitlines() if line.strip())
    return text or type(exc).__name__


def _device_name(cam: Any) -> Message | str:
    try:
        return str(cam.device)
    except Exception:  # a device that is gone may not even say its name
        return Message(_THE_DEVICE)


def _close(cam: Any) -> None:
    try:
        cam.close()
    except Exception:  # closing a vanished device may fail too; nothing left to do
        log.debug("virtual camera: close failed", exc_info=True)
