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
from pathlib import Path
from typing import Any

from app.session.events import Event, FrameEvent
from app.session.segments import SegmentRecorder
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


class VideoRecorder(SegmentRecorder):
    """Bus observer that records delivered (composited) frames into segments."""

    kind = "video"
    status_source = STATUS_SOURCE
    event_type = FrameEvent

    def __init__(
        self,
        recordings_dir: Path,
        *,
        fps: float = 30.0,
        segment_seconds: float = 10.0,
        max_pending: int = 8,
    ) -> None:
        super().__init__(recordings_dir, max_pending=max_pending)
        self.fps = fps
        self.segment_frames = max(1, round(segment_seconds * fps))

    def open_writer(self) -> SegmentWriter:
        return SegmentWriter(self.folder, self.fps, self.segment_frames)

    def item(self, event: Event) -> Any:
        assert isinstance(event, FrameEvent)
        return event.image  # the writer thread never touches the event

    def write(self, item: Any) -> None:
        self.writer.write(item)


def salvage_partial_video(recordings_dir: Path, session_id: int | str) -> list[Path]:
    """After a crash: keep the frames of the segment that was being written.

    Only for a session nobody records any more. A killed writer leaves
    ``seg_NNNNN.part.avi`` without its index, which players refuse but FFmpeg still reads
    front to back; its frames are rewritten into a complete ``seg_NNNNN.avi`` (through a
    ``.part`` name, so a second crash mid-salvage leaves nothing half-written behind). A
    part with no readable frame is removed; a file that does not open is left alone.
    Returns the salvaged files.
    """
    folder = recordings_dir / str(session_id) / "video"
    if not folder.is_dir():
        return []
    saved = []
    for part in sorted(folder.glob("seg_*[0-9].part.avi")):
        final = part.with_name(part.name.replace(".part", ""))
        try:
            frames = _rewrite_segment(part, final)
        except OSError as exc:
            log.warning("cannot salvage %s: %s", part.name, exc)
            continue
        if frames is None:
            continue  # not a video we can read: left for a person to look at
        part.unlink()
        if frames:
            saved.append(final)
            log.info("salvaged %d frames of %s", frames, part.name)
    return saved


def _rewrite_segment(part: Path, final: Path) -> int | None:
    """Copy every readable frame of ``part`` into ``final``; None if it does not open."""
    cv2 = import_cv2()
    cap = cv2.VideoCapture(str(part), cv2.CAP_FFMPEG)
    if not cap.isOpened():
        return None
    tmp = final.with_name(final.stem + ".salvage.part.avi")
    writer = None
    frames = 0
    try:
        fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
        while True:
            ok, image = cap.read()
            if not ok:
                break
            if writer is None:
                size = (int(image.shape[1]), int(image.shape[0]))
                writer = cv2.VideoWriter(
                    str(tmp), cv2.CAP_FFMPEG, cv2.VideoWriter_fourcc(*"MJPG"), fps, size
                )
                if not writer.isOpened():
                    raise OSError(f"cannot write video to {tmp}")
            writer.write(image)
            frames += 1
    finally:
        cap.release()
        if writer is not None:
            writer.release()
    if frames:
        tmp.replace(final)
    return frames
