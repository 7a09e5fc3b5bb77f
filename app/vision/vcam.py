"""Optional virtual camera output through pyvirtualcam (the GPL-2.0 ``vcam`` extra).

The built-in path to OBS and the platform tools is the program output window; this is
for tools that only accept a camera. Frames are resized to the output size and sent
from the output's own thread (latest-frame-wins), never from the vision worker.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from app.session.bus import EventBus
from app.session.events import Event, FrameEvent, SourceStatusEvent
from app.vision.cv import import_cv2

log = logging.getLogger("app.vision.vcam")

STATUS_SOURCE = "virtual camera"


class VirtualCameraOutput:
    """Sends delivered frames to a virtual camera device, if one exists."""

    def __init__(self, width: int = 1280, height: int = 720, fps: float = 30.0) -> None:
        self.width, self.height, self.fps = width, height, fps
        self._bus: EventBus | None = None
        self._undo: Any = None
        self._cond = threading.Condition()
        self._slot: Any = None
        self._stop = False
        self._thread: threading.Thread | None = None

    def attach(self, bus: EventBus) -> None:
        self._bus = bus
        self._stop = False
        self._undo = bus.subscribe(self._on_frame, (FrameEvent,))
        self._thread = threading.Thread(target=self._run, name="vision-vcam", daemon=True)
        self._thread.start()

    def detach(self) -> None:
        if self._undo is not None:
            self._undo()
        with self._cond:
            self._stop = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5.0)

    def _on_frame(self, event: Event) -> None:
        assert isinstance(event, FrameEvent)
        with self._cond:
            self._slot = event.image
            self._cond.notify()

    def _open(self) -> Any:
        try:
            import pyvirtualcam
        except ImportError:
            self._status(
                "error",
                "virtual camera needs the optional extra: pip install 'anchordesk[vcam]' "
                "(or use View ▸ Program output with Window Capture)",
            )
            return None
        try:
            return pyvirtualcam.Camera(
                self.width, self.height, self.fps, fmt=pyvirtualcam.PixelFormat.BGR
            )
        except Exception as exc:  # no OBS Virtual Camera / v4l2loopback device installed
            self._status(
                "error",
                f"no virtual camera device ({exc}); install OBS (Windows/macOS) or "
                "v4l2loopback (Linux), or use View ▸ Program output",
            )
            return None

    def _run(self) -> None:
        cam = self._open()
        if cam is None:
            return
        cv2 = import_cv2()
        self._status("ok", f"sending video to {cam.device}")
        try:
            while True:
                with self._cond:
                    while self._slot is None and not self._stop:
                        self._cond.wait()
                    if self._stop:
                        return
                    image, self._slot = self._slot, None
                if image.shape[1] != self.width or image.shape[0] != self.height:
                    image = cv2.resize(image, (self.width, self.height))
                cam.send(image)
        finally:
            cam.close()

    def _status(self, state: str, message: str) -> None:
        log.info("virtual camera: %s", message)
        if self._bus is not None:
            self._bus.publish(SourceStatusEvent(0, STATUS_SOURCE, state, message))
