"""Crash-safe recording of the composited video as short self-contained segments.

One long file is lost when the app is killed (the container index is written at the
end). Instead frames go into MJPG/AVI segments of N seconds: each segment is written as
``seg_NNNNN.part.avi`` and renamed to ``seg_NNNNN.avi`` only after the writer has closed
it, so every ``*.avi`` in the folder is complete and playable, whatever happens later.
A kill loses at most the current segment. Files go to
``<recordings_dir>/<session_id>/video/``.

Frames arrive on the vision worker's thread; the recorder copies nothing and hands them
to its own writer thread through a small bounded queue (drops are counted, never block).
"""

from __future__ import annotations

import logging
import queue
import threading
from pathlib import Path
from typing import Any

from app.session.bus import EventBus
from app.session.events import Event, FrameEvent, SourceStatusEvent
from app.vision.cv import import_cv2

log = logging.getLogger("app.vision.recorder")

STATUS_SOURCE = "recording"


class SegmentWriter:
    """Writes frames into consecutive MJPG/AVI segments of ``segment_frames`` frames."""

    def __init__(self, folder: Path, fps: float = 30.0, segment_frames: int = 300) -> None:
        self.folder = folder
        self.fps = fps
        self.segment_frames = max(1, segment_frames)
        self.segments: list[Path] = []
        self._writer: Any = None
        self._part: Path | None = None
        self._count = 0
        self._index = 0
        self._size: tuple[int, int] | None = None

    def write(self, image: Any) -> None:
        size = (int(image.shape[1]), int(image.shape[0]))
        if self._writer is not None and (self._count >= self.segment_frames or size != self._size):
            self.finish_segment()
        if self._writer is None:
            self._start(size)
        self._writer.write(image)
        self._count += 1

    def _start(self, size: tuple[int, int]) -> None:
        cv2 = import_cv2()
        self.folder.mkdir(parents=True, exist_ok=True)
        self._index += 1
        self._part = self.folder / f"seg_{self._index:05d}.part.avi"
        fourcc = cv2.VideoWriter_fourcc(*"MJPG")
        writer = cv2.VideoWriter(str(self._part), cv2.CAP_FFMPEG, fourcc, self.fps, size)
        if not writer.isOpened():
            raise OSError(f"cannot write video to {self._part}")
        self._writer, self._size, self._count = writer, size, 0

    def finish_segment(self) -> None:
        """Close the current segment and publish it under its final name."""
        if self._writer is None or self._part is None:
            return
        self._writer.release()
        final = self._part.with_name(self._part.name.replace(".part", ""))
        self._part.replace(final)
        self.segments.append(final)
        self._writer, self._part = None, None

    def close(self) -> None:
        self.finish_segment()


class VideoRecorder:
    """Bus observer that records delivered (composited) frames into segments."""

    def __init__(
        self,
        recordings_dir: Path,
        *,
        fps: float = 30.0,
        segment_seconds: float = 10.0,
        max_pending: int = 8,
    ) -> None:
        self.recordings_dir = recordings_dir
        self.fps = fps
        self.segment_frames = max(1, round(segment_seconds * fps))
        self.session_id: int | str = "unsaved"
        self._queue: queue.Queue[Any] = queue.Queue(max_pending)
        self._thread: threading.Thread | None = None
        self._undo: Any = None
        self._bus: EventBus | None = None
        self.writer: SegmentWriter | None = None
        self.dropped = 0
        self.error: str | None = None

    def bind_session(self, session_id: int) -> None:
        """Called by the engine before attach: recordings go under the session's id."""
        self.session_id = session_id

    @property
    def folder(self) -> Path:
        return self.recordings_dir / str(self.session_id) / "video"

    def attach(self, bus: EventBus) -> None:
        self._bus = bus
        self.writer = SegmentWriter(self.folder, self.fps, self.segment_frames)
        self._undo = bus.subscribe(self._on_frame, (FrameEvent,))
        self._thread = threading.Thread(target=self._run, name="vision-recorder", daemon=True)
        self._thread.start()
        self._status("ok", f"recording video to {self.folder}")

    def detach(self) -> None:
        if self._undo is not None:
            self._undo()
            self._undo = None
        if self._thread is not None:
            self._queue.put(None)  # blocks only until the writer takes a frame
            self._thread.join(timeout=15.0)
            self._thread = None

    def _on_frame(self, event: Event) -> None:
        assert isinstance(event, FrameEvent)
        try:
            self._queue.put_nowait(event.image)
        except queue.Full:
            self.dropped += 1

    def _run(self) -> None:
        assert self.writer is not None
        try:
            while True:
                image = self._queue.get()
                if image is None:
                    break
                if self.error is None:
                    self._write(image)
        finally:
            try:
                self.writer.close()
            except Exception as exc:
                log.exception("closing the last video segment failed")
                self._status("error", f"recording: last segment lost ({exc})")

    def _write(self, image: Any) -> None:
        assert self.writer is not None
        try:
            self.writer.write(image)
        except Exception as exc:  # disk full, permissions: stop recording, keep streaming
            self.error = f"recording stopped: {exc}"
            log.exception("video recording failed")
            self._status("error", self.error)

    def _status(self, state: str, message: str) -> None:
        if self._bus is not None:
            self._bus.publish(SourceStatusEvent(0, STATUS_SOURCE, state, message))
