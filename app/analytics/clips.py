"""Cutting a span of a recorded session into clip files (a highlight to post or share).

The recording is a series of self-contained segments (video: MJPG/AVI from
:mod:`app.vision.recorder`, placed end to end from session time 0; audio: WAV from
:mod:`app.speech.audio_recorder`, each named with its start time). A clip re-encodes the
frames of the span with OpenCV into one video file and copies the matching samples into
a WAV file beside it (silence where nothing was recorded, so both stay in step). OpenCV
cannot write sound and muxing would need an ffmpeg binary, so the two files are kept
separate; any editor or player lines them up (both start at the span's start).
"""

from __future__ import annotations

import logging
import math
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.analytics.review import find_videos
from app.errors import UserError
from app.speech.audio_recorder import find_audio

log = logging.getLogger("app.analytics.clips")

Progress = Callable[[float, str], None]
DEFAULT_SEGMENT_MS = 10_000
#: Output containers OpenCV can write without extra codecs, with their FourCC.
FOURCC = {".avi": "MJPG", ".mp4": "mp4v"}


class ClipError(UserError):
    """The clip cannot be cut (no recording, empty span, unwritable path)."""


@dataclass(frozen=True, slots=True)
class VideoPiece:
    path: Path
    start_ms: int
    frames: int
    fps: float

    @property
    def end_ms(self) -> int:
        return self.start_ms + int(self.frames * 1000 / self.fps)


@dataclass(frozen=True, slots=True)
class ClipResult:
    """What was written: ``video``/``audio`` are None when that part was not recorded."""

    video: Path | None
    audio: Path | None
    frames: int
    duration_ms: int

    @property
    def files(self) -> list[Path]:
        return [p for p in (self.video, self.audio) if p is not None]


def _noop(_fraction: float, _what: str) -> None:
    return None


def video_pieces(paths: list[Path]) -> list[VideoPiece]:
    """The segments on the session clock (end to end from 0, as review plays them)."""
    from app.vision.cv import import_cv2

    cv2 = import_cv2()
    pieces, start = [], 0
    for path in paths:
        cap = cv2.VideoCapture(str(path))
        try:
            frames = int(cap.get(cv2.CAP_PROP_FRAME_COUNT))
            fps = float(cap.get(cv2.CAP_PROP_FPS))
        finally:
            cap.release()
        if frames <= 0 or fps <= 0:
            log.warning("skipping unreadable video segment %s", path.name)
            continue
        piece = VideoPiece(path, start, frames, fps)
        pieces.append(piece)
        start = piece.end_ms
    return pieces


def export_clip(
    recordings_dir: Path,
    session_id: int,
    start_ms: int,
    end_ms: int,
    out: Path,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ClipResult:
    """Write session time ``[start_ms, end_ms)`` to ``out`` (+ ``out`` with ``.wav``).

    ``out`` ending in ``.wav`` asks for the audio only. Without recorded video the
    audio is still written (and :attr:`ClipResult.video` is None, so callers can say
    so); with neither, or an empty span, :class:`ClipError` says what to do.
    """
    report = progress or _noop
    if end_ms <= start_ms:
        raise ClipError(f"the clip must end after it starts ({start_ms} >= {end_ms} ms)")
    audio_only = out.suffix.lower() == ".wav"
    if not audio_only and out.suffix.lower() not in FOURCC:
        raise ClipError(f"unsupported clip format {out.suffix or '(none)'}: use .avi, .mp4 or .wav")
    videos = [] if audio_only else find_videos(recordings_dir, session_id)
    audio = find_audio(recordings_dir, session_id)
    if not videos and not audio:
        raise ClipError(
            f"session {session_id} has no recorded video or audio to cut a clip from; "
            "turn on 'Record the program video' (and audio) in Settings before the show"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    video_path, frames = None, 0
    if videos:
        pieces = [p for p in video_pieces(videos) if p.end_ms > start_ms and p.start_ms < end_ms]
        if pieces:
            weight = 0.9 if audio else 1.0
            frames = _cut_video(
                pieces, start_ms, end_ms, out,
                lambda f, what: report(weight * f, what), cancelled,
            )  # fmt: skip
            video_path = out
    audio_path = None
    if audio and any(s.end_ms > start_ms and s.start_ms < end_ms for s in audio):
        audio_path = out if audio_only else out.with_suffix(".wav")
        _cut_audio(audio, start_ms, end_ms, audio_path)
    if video_path is None and audio_path is None:
        raise ClipError(
            f"nothing was recorded between {start_ms / 1000:.1f} s and {end_ms / 1000:.1f} s"
        )
    report(1.0, "done")
    return ClipResult(video_path, audio_path, frames, end_ms - start_ms)


def _cut_video(  # noqa: PLR0917 (private helper of export_clip)
    pieces: list[VideoPiece],
    start_ms: int,
    end_ms: int,
    out: Path,
    report: Progress,
    cancelled: Callable[[], bool] | None,
) -> int:
    """Copy the frames whose time lies in the span; returns how many were written."""
    from app.vision.cv import import_cv2

    cv2 = import_cv2()
    fps = pieces[0].fps
    total = max(1, round((end_ms - start_ms) * fps / 1000))
    writer: Any = None
    part = _part(out)  # the container follows the suffix, so keep it last
    written = 0
    try:
        for piece in pieces:
            cap = cv2.VideoCapture(str(piece.path))
            try:
                # frame k shows session time start + k / fps: keep start <= t < end
                first = max(0, math.ceil((start_ms - piece.start_ms) * piece.fps / 1000))
                last = min(piece.frames, math.ceil((end_ms - piece.start_ms) * piece.fps / 1000))
                if first:
                    cap.set(cv2.CAP_PROP_POS_FRAMES, first)
                for _ in range(first, last):
                    ok, image = cap.read()
                    if not ok:
                        break
                    if writer is None:
                        writer = _open_writer(cv2, part, out, fps, image)
                    writer.write(image)
                    written += 1
                    if written % 30 == 0:
                        if cancelled is not None and cancelled():
                            raise ClipError("clip export cancelled")
                        report(min(1.0, written / total), f"frame {written} of ~{total}")
            finally:
                cap.release()
    except BaseException:
        if writer is not None:
            writer.release()
        part.unlink(missing_ok=True)
        raise
    if writer is None:
        raise ClipError("the recorded video has no frames in this span")
    writer.release()
    part.replace(out)
    return written


def _part(out: Path) -> Path:
    """Where ``out`` is written until complete: a cancelled or failed clip leaves no file."""
    return out.with_name(f"{out.stem}.part{out.suffix}")


def _open_writer(cv2: Any, part: Path, out: Path, fps: float, image: Any) -> Any:
    size = (int(image.shape[1]), int(image.shape[0]))
    fourcc = cv2.VideoWriter_fourcc(*FOURCC[out.suffix.lower()])
    writer = cv2.VideoWriter(str(part), cv2.CAP_FFMPEG, fourcc, fps, size)
    if not writer.isOpened():
        raise ClipError(f"cannot write a video to {out}; choose another folder")
    return writer


def _cut_audio(segments: list[Any], start_ms: int, end_ms: int, out: Path) -> None:
    """Samples of the span from the WAV segments, silence where none were recorded."""
    rate = 0
    for seg in segments:
        with wave.open(str(seg.path), "rb") as wav:
            rate = wav.getframerate()
            break
    part = _part(out)
    try:
        with wave.open(str(part), "wb") as dst:
            dst.setnchannels(1)
            dst.setsampwidth(2)
            dst.setframerate(rate)
            at = start_ms * rate // 1000  # sample index on the session clock
            stop = end_ms * rate // 1000
            for seg in segments:
                if seg.end_ms <= start_ms or seg.start_ms >= end_ms:
                    continue
                with wave.open(str(seg.path), "rb") as src:
                    if src.getframerate() != rate or src.getnchannels() != 1:
                        log.warning("skipping %s: another audio format", seg.path.name)
                        continue
                    seg_first = seg.start_ms * rate // 1000
                    if seg_first > at:
                        dst.writeframes(b"\0\0" * (min(seg_first, stop) - at))
                        at = min(seg_first, stop)
                    skip = at - seg_first
                    if skip >= src.getnframes() or at >= stop:
                        continue
                    src.setpos(skip)
                    data = src.readframes(min(src.getnframes() - skip, stop - at))
                    dst.writeframes(data)
                    at += len(data) // 2
            if at < stop:
                dst.writeframes(b"\0\0" * (stop - at))
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise ClipError(f"cannot write the audio to {out}: {exc}") from exc
    part.replace(out)
