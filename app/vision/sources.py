"""Frame sources. Video-file replay now; the camera source shares this interface.

Latest-frame-wins: when processing falls behind the clock, frames are skipped (grabbed
without decoding to an image) rather than queued, so the picture is never late.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.session.events import FrameEvent
from app.session.sources import Source
from app.vision.cv import import_cv2

MAX_FPS = 30.0


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
            raise OSError(f"cannot open video {self.path} (missing file or unsupported codec)")
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
