"""Frame sources. Video-file replay now; the camera source shares this interface.

Latest-frame-wins: when processing falls behind the clock, frames are skipped (grabbed
without decoding to an image) rather than queued, so the picture is never late.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.messages import QT_TRANSLATE_NOOP, Message
from app.session.events import FrameEvent
from app.session.sources import Source
from app.vision.cv import import_cv2

MAX_FPS = 30.0

#: What the camera's status says, for the camera panel and the status bar (a Message, so
#: the window can show it in the interface language; ``str()`` is the English).
CAMERA_DISCONNECTED = QT_TRANSLATE_NOOP("Messages", "camera disconnected — retrying")
CAMERA_MISSING = QT_TRANSLATE_NOOP(
    "Messages",
    "no camera found at {device} — plug one in or choose another camera in Settings; retrying",
)
CAMERA_OK = QT_TRANSLATE_NOOP("Messages", "camera {device}: {width}×{height} @ {fps:.0f} fps")
CAMERA_STOPPED = QT_TRANSLATE_NOOP("Messages", "camera stopped")


def _say(source: Source, state: str, message: Message) -> None:
    """Report a status (the window shows it in its language, the log in English)."""
    source.status(state, message)


class VideoFileSource(Source):
    """Plays a video file on the session clock, looping by default."""

    name = "video"

    def __init__(self, path: Path, loop: bool = True, until_ms: int | None = None) -> None:
        super().__init__(until_ms)
        self.path = path
        self.loop = loop
        self.skipped = 0

    def _open(self) -> tuple[Any, float]:
        cv2 = import_cv2()
        cap = cv2.VideoCapture(str(self.path))
        if not cap.isOpened():
            raise OSError(
                Message(
                    QT_TRANSLATE_NOOP(
                        "Messages",
                        "cannot open video {path} (missing file or unsupported codec)",
                    ),
                    {"path": str(self.path)},
                )
            )
        fps = cap.get(cv2.CAP_PROP_FPS) or MAX_FPS
        return cap, min(fps, MAX_FPS)

    def run(self) -> None:
        cap, fps = self._open()
        try:
            self._play(cap, fps)
        finally:
            cap.release()

    def _play(self, cap: Any, fps: float) -> None:
        cv2 = import_cv2()
        width, height = (
            int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)),
            int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT)),
        )
        self.status("ok", f"{self.path.name}: {width}x{height} @ {fps:.0f} fps")
        period = 1000.0 / fps
        index = 0
        while True:
            t_ms = int(index * period)
            if not self.wait_until(t_ms):
                return
            behind = int((self.clock.now_ms() - t_ms) / period)
            for _ in range(max(0, behind)):  # late: drop stale frames without decoding
                if not self._grab(cap):
                    return
                index += 1
                self.skipped += 1
            ok, image = cap.read()
            if not ok:
                if not self.loop or not self._rewind(cap):
                    return
                ok, image = cap.read()
                if not ok:
                    return
            self.emit(FrameEvent(int(index * period), index=index, image=image))
            index += 1

    def _grab(self, cap: Any) -> bool:
        return bool(cap.grab()) or (self.loop and self._rewind(cap) and bool(cap.grab()))

    def _rewind(self, cap: Any) -> bool:
        cv2 = import_cv2()
        return bool(cap.set(cv2.CAP_PROP_POS_FRAMES, 0))


#: Seconds between reconnection attempts: quick at first, then capped (back-off).
RETRY_DELAYS_S = (0.5, 1.0, 2.0, 4.0, 8.0)
#: Failed reads in a row that mean the camera is gone (one bad read is just a glitch).
MAX_FAILED_READS = 5


class CameraSource(Source):
    """A live camera through OpenCV that survives unplug/replug.

    The device is opened on the source thread; when it cannot be opened or stops
    delivering frames, the source reports an "error" status with what to do and retries
    with back-off until it is stopped. The driver's buffer is set to one frame and
    every read returns the newest picture (latest-frame-wins).

    Args:
        device: camera index (0 = first camera) or a device path/URL.
        capture_factory: builds the capture object (tests pass a fake); default
            ``cv2.VideoCapture``.
    """

    name = "video"
    #: A live camera never "finishes": an error status means "retrying", not "done".
    endless = True

    def __init__(
        self,
        device: int | str = 0,
        width: int = 1280,
        height: int = 720,
        fps: float = 30.0,
        *,
        capture_factory: Any = None,
        retry_delays: tuple[float, ...] = RETRY_DELAYS_S,
        until_ms: int | None = None,
    ) -> None:
        super().__init__(until_ms)
        self.device, self.width, self.height, self.fps = device, width, height, fps
        self._factory = capture_factory
        self.retry_delays = retry_delays
        self.reconnects = 0
        self.frames = 0

    def _open(self) -> Any:
        cv2 = import_cv2()
        factory = self._factory or cv2.VideoCapture
        cap = factory(self.device)
        if not cap.isOpened():
            cap.release()
            return None
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        cap.set(cv2.CAP_PROP_FPS, self.fps)
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        return cap

    def run(self) -> None:
        attempt = 0
        ever_opened = False
        while not self.stopping.is_set():
            cap = self._open()
            if cap is None:
                _say(self, "error", self._missing_message(ever_opened))
            else:
                if ever_opened:
                    self.reconnects += 1
                ever_opened, attempt = True, 0
                self._report_open(cap)
                try:
                    if self._stream(cap):
                        return
                finally:
                    cap.release()
                _say(self, "error", Message(CAMERA_DISCONNECTED))
            delay = self.retry_delays[min(attempt, len(self.retry_delays) - 1)]
            attempt += 1
            if self.stopping.wait(delay):
                return

    def _missing_message(self, ever_opened: bool) -> Message:
        if ever_opened:
            return Message(CAMERA_DISCONNECTED)
        return Message(CAMERA_MISSING, {"device": repr(self.device)})

    def _report_open(self, cap: Any) -> None:
        cv2 = import_cv2()
        w, h = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
        fps = cap.get(cv2.CAP_PROP_FPS) or self.fps
        _say(self, "ok", Message(CAMERA_OK, {"device": self.device, "width": w, "height": h,
                                             "fps": fps}))  # fmt: skip

    def _stream(self, cap: Any) -> bool:
        """Read until stopped (True) or the camera fails (False)."""
        failures = 0
        while not self.stopping.is_set():
            t_ms = self.clock.now_ms()
            if self.until_ms is not None and t_ms >= self.until_ms:
                return True
            ok, image = cap.read()
            if not ok or image is None:
                failures += 1
                if failures >= MAX_FAILED_READS:
                    return False
                if self.stopping.wait(0.02):
                    return True
                continue
            failures = 0
            self.emit(FrameEvent(t_ms, index=self.frames, image=image))
            self.frames += 1
        return True

    def end_message(self) -> Message:
        return Message(CAMERA_STOPPED)


class StillImageSource(Source):
    """Shows one still image as a video at ``fps`` (rehearsal without a camera)."""

    name = "video"

    def __init__(self, path: Path, fps: float = 30.0, until_ms: int | None = None) -> None:
        super().__init__(until_ms)
        self.path = path
        self.fps = min(max(1.0, fps), MAX_FPS)
        # Without a time limit a still runs until the session stops (like a camera).
        self.endless = until_ms is None

    def run(self) -> None:
        cv2 = import_cv2()
        image = cv2.imread(str(self.path), cv2.IMREAD_COLOR)
        if image is None:
            raise OSError(
                Message(
                    QT_TRANSLATE_NOOP(
                        "Messages", "cannot read image {path} (missing file or not an image)"
                    ),
                    {"path": str(self.path)},
                )
            )
        h, w = image.shape[:2]
        self.status("ok", f"{self.path.name}: still image {w}x{h}")
        period = 1000.0 / self.fps
        index = 0
        while self.wait_until(int(index * period)):
            self.emit(FrameEvent(int(index * period), index=index, image=image))
            index += 1


def camera_from_spec(spec: str | None, settings: Any) -> Source | None:
    """Build the live video source for ``--camera SPEC``.

    None uses the ``camera_device`` setting; "off" gives no video; a digit string is a
    camera index; an existing image file is shown as a still; a video file plays looped;
    anything else (e.g. /dev/video2, an RTSP URL) is handed to OpenCV as a device.
    """
    size = (settings.camera_width, settings.camera_height, settings.camera_fps)
    if spec is None:
        return CameraSource(settings.camera_device, *size)
    text = spec.strip()
    if text.lower() in ("off", "none", ""):
        return None
    if text.isdigit():
        return CameraSource(int(text), *size)
    path = Path(text).expanduser()
    if path.is_file():
        if path.suffix.lower() in (".png", ".jpg", ".jpeg", ".bmp", ".webp"):
            return StillImageSource(path, settings.camera_fps)
        if not str(path).startswith("/dev/"):
            return VideoFileSource(path)
    return CameraSource(text, *size)
