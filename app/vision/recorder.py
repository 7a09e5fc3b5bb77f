"""Recording the show: H.264 video and AAC microphone audio in one fragmented MP4.

The container is written like OBS's hybrid MP4: an empty ``moov`` up front, then a
self-contained fragment (``moof`` + ``mdat``) at every keyframe (2 s) and at least every
quarter second, each flushed to the operating system as it is done. A killed app (SIGKILL, power
cut after the OS wrote the pages) leaves a file that plays up to its last fragment: no
index to rebuild, nothing to salvage or rewrite when the session is reviewed (x264 holds
back a few frames, no B-frames: a kill loses well under a second). A clean
stop writes the closing index (``mfra``), which makes seeking instant.

Size: x264 ``veryfast`` at CRF 23 capped by a VBV maxrate, so an hour of 720p30 is at most
about 1.1 GB (:data:`PROFILES`; ``python -m app bench vision`` measures the real figure).
Frames larger than the chosen size are scaled down (aspect kept).

Sound: the recorder listens to :class:`~app.session.events.AudioChunkEvent` on the bus
(the microphone, or the demo's narration), the same events the WAV recorder of
:mod:`app.speech.audio_recorder` takes, so vision never imports speech. Audio is placed
by its session time: a gap (microphone unplugged) becomes silence, so picture and sound
stay in step.

Threads: frames arrive on the vision worker, chunks on the microphone thread; both only
enqueue. One writer thread converts, encodes and muxes. When the encoder falls behind,
frames beyond ``max_pending`` are dropped and counted (the vision stage never waits);
audio is small and is only dropped if the writer is stuck. A malformed frame is skipped
and reported once; a write error (disk full) stops the recording with a clear status
while the show goes on. Files: ``<recordings_dir>/<session>/video/seg_NNNNN_TTTTTTTTTT.mp4``
where ``TTTTTTTTTT`` is the session time (ms) of the file's first frame.
"""

from __future__ import annotations

import logging
import queue
import re
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from app.messages import QT_TRANSLATE_NOOP, Message
from app.session.events import AudioChunkEvent, Event, FrameEvent
from app.session.segments import SegmentRecorder

log = logging.getLogger("app.vision.recorder")

STATUS_SOURCE = "recording"
_NO_ROOM = QT_TRANSLATE_NOOP(
    "Messages",
    "video is not recorded: only {free:.1f} GB free, the show needs about {need:.1f} GB "
    "(free some space, or choose a smaller size)",
)
_NO_PYAV = QT_TRANSLATE_NOOP(
    "Messages",
    "video is not recorded: this build has no PyAV (FFmpeg), see docs/installing.md; the "
    "sound is still recorded as WAV",
)
_BAD_FRAME = QT_TRANSLATE_NOOP("Messages", "recording video; skipped a malformed frame ({error})")
VIDEO_SUFFIXES = (".mp4", ".avi")  # .avi: sessions recorded by versions before MP4
_NAME = re.compile(r"^seg_(\d+)(?:_(\d+))?\.(mp4|avi)$")
AUDIO_RATE = 48_000
AUDIO_KBPS = 96
#: The AAC encoder's priming samples. Every timestamp in the file is moved later by this
#: much, so none is negative and no muxer shifts one stream against the other: file time
#: ``T`` shows session time ``first frame + T - LEAD``, for picture and sound alike.
LEAD_SAMPLES = 1024
LEAD_MS = LEAD_SAMPLES * 1000 / AUDIO_RATE
#: A chunk starting this much later than the sound so far becomes silence in between.
AUDIO_GAP_MS = 250
#: Fragment length (µs) besides the one at every keyframe: about what a kill can lose
#: (plus the ~10 frames x264 looks ahead).
FRAGMENT_US = 250_000
MUXER_OPTIONS = {
    "movflags": "frag_keyframe+empty_moov+default_base_moof",
    "frag_duration": str(FRAGMENT_US),
    "flush_packets": "1",
    "max_interleave_delta": "500000",  # never hold video back waiting for sound
}
MB = 1_000_000


@dataclass(frozen=True, slots=True)
class VideoProfile:
    """A recording size: the height frames are scaled down to and the bit-rate cap."""

    name: str
    height: int
    maxrate_kbps: int
    crf: int = 23
    preset: str = "veryfast"

    @property
    def bytes_per_hour(self) -> int:
        """The most an hour can take (video at the cap plus the audio)."""
        return (self.maxrate_kbps + AUDIO_KBPS) * 1000 // 8 * 3600


PROFILES: dict[str, VideoProfile] = {
    p.name: p
    for p in (
        VideoProfile("1080p", 1080, 4_500),
        VideoProfile("720p", 720, 2_400),
        VideoProfile("540p", 540, 1_500),
        VideoProfile("480p", 480, 1_100),
    )
}
DEFAULT_PROFILE = "720p"


def profile(name: str) -> VideoProfile:
    """The profile called ``name`` (an unknown name: the default, 720p)."""
    return PROFILES.get(name, PROFILES[DEFAULT_PROFILE])


def output_size(width: int, height: int, max_height: int) -> tuple[int, int]:
    """``width`` x ``height`` scaled down to at most ``max_height`` rows, both even."""
    if height > max_height:
        width, height = round(width * max_height / height), max_height
    return max(2, width // 2 * 2), max(2, height // 2 * 2)


def h264_encoder() -> str:
    """The H.264 encoder this FFmpeg has: x264 (PyAV's wheels, GPL), else OpenH264 (an
    LGPL FFmpeg build with Cisco's BSD library, see docs/installing.md)."""
    import av

    for name in ("libx264", "libopenh264"):
        if name in av.codecs_available:
            return name
    raise OSError("this FFmpeg has no H.264 encoder (libx264 or libopenh264)")


def encoder_options(name: str, p: VideoProfile, fps: float, threads: int) -> dict[str, str]:
    """Encoder options for a recording: a keyframe every 2 s, the profile's rate cap."""
    keyint = max(1, round(fps * 2))
    if name != "libx264":  # OpenH264: plain bit rate, no B-frames anyway
        return {"b": f"{p.maxrate_kbps}k", "g": str(keyint), "threads": str(threads)}
    return {
        "preset": p.preset,
        "crf": str(p.crf),
        "threads": str(threads),
        # no B-frames: with an empty moov a B-frame delay becomes an edit that hides the
        # first frames, and each one held back is lost in a crash
        "x264-params": f"keyint={keyint}:min-keyint={max(1, keyint // 2)}:bframes=0:rc-lookahead=5:"
        f"vbv-maxrate={p.maxrate_kbps}:vbv-bufsize={p.maxrate_kbps * 2}",
    }


def as_bgr(image: Any) -> Any:
    """``image`` as a contiguous HxWx3 uint8 array; ValueError for what is not a picture."""
    import numpy as np

    array = np.asarray(image)
    if array.dtype != np.uint8:
        raise ValueError(f"frame is {array.dtype}, not 8-bit")
    if array.ndim == 2:
        array = np.repeat(array[:, :, None], 3, axis=2)
    elif array.ndim == 3 and array.shape[2] in (1, 4):
        array = np.repeat(array, 3, axis=2) if array.shape[2] == 1 else array[:, :, :3]
    if array.ndim != 3 or array.shape[2] != 3:
        raise ValueError(f"frame has shape {array.shape}, not height x width x colour")
    if array.shape[0] < 2 or array.shape[1] < 2:
        raise ValueError(f"frame is only {array.shape[1]}x{array.shape[0]} pixels")
    return np.ascontiguousarray(array)


class Mp4Writer:
    """Writes frames and PCM chunks, timed by session ms, into one fragmented MP4.

    The file is opened by the first frame (its size sets the recording's size; later
    frames of another size are scaled to it). Chunks before the first frame are left
    out (the WAV recording has them). ``close`` is safe to call twice and after a failure.
    """

    def __init__(
        self,
        folder: Path,
        *,
        fps: float = 30.0,
        video: VideoProfile | None = None,
        audio: bool = True,
        threads: int = 2,
    ) -> None:
        self.folder = folder
        self.fps = fps
        self.profile = video or profile(DEFAULT_PROFILE)
        self.audio = audio
        self.threads = threads
        self.path: Path | None = None
        self.files: list[Path] = []
        self.frames = 0
        self.size: tuple[int, int] | None = None
        self._container: Any = None
        self._video: Any = None
        self._sound: Any = None
        self._start_ms = 0
        self._last_pts = -1
        self._samples = 0  # audio samples written, at AUDIO_RATE
        self._resamplers: dict[int, Any] = {}
        self._failed = False

    # -- writing --------------------------------------------------------------------
    def write_frame(self, t_ms: int, image: Any) -> None:
        """Encode one frame shown at session time ``t_ms``; ValueError for a bad frame."""
        import av

        bgr = as_bgr(image)
        if self._container is None:
            self._open(t_ms, bgr.shape[1], bgr.shape[0])
        width, height = self.size or (0, 0)
        frame = av.VideoFrame.from_ndarray(bgr, format="bgr24")
        frame = frame.reformat(width=width, height=height, format="yuv420p")
        pts = round((t_ms - self._start_ms) * AUDIO_RATE / 1000) + LEAD_SAMPLES
        frame.pts = self._last_pts = max(pts, self._last_pts + 1)
        self._mux(self._video.encode(frame))
        self.frames += 1

    def write_audio(self, t_ms: int, pcm: bytes, sample_rate: int) -> None:
        """Add 16-bit mono ``pcm`` that starts at session time ``t_ms``."""
        if self._sound is None or sample_rate <= 0:
            return
        import numpy as np

        samples = np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2")
        at_ms = self._start_ms + self._samples * 1000 // AUDIO_RATE  # where the sound is
        late = t_ms - at_ms
        if late > AUDIO_GAP_MS or (self._samples == 0 and late > 0):
            self._silence(late * AUDIO_RATE // 1000)
        elif late < 0 and self._samples == 0:  # started before the first frame
            samples = samples[-late * sample_rate // 1000 :]
        if not len(samples):
            return
        self._encode_audio(samples, sample_rate)

    def close(self) -> None:
        """Flush the encoders and write the closing index (once)."""
        container, self._container = self._container, None
        streams, self._video, self._sound = (self._video, self._sound), None, None
        if container is None:
            return
        try:
            if not self._failed:
                for stream in streams:
                    if stream is not None:
                        self._mux(stream.encode(None), container)
            container.close()
        except Exception:
            if not self._failed:
                raise
            log.debug("closing %s after a failure", self.path, exc_info=True)

    # -- internals ------------------------------------------------------------------
    def _open(self, t_ms: int, width: int, height: int) -> None:
        import av

        self.folder.mkdir(parents=True, exist_ok=True)
        self.size = output_size(width, height, self.profile.height)
        index = len(self.files) + 1
        self.path = self.folder / f"seg_{index:05d}_{max(0, t_ms):010d}.mp4"
        container = av.open(str(self.path), mode="w", format="mp4", options=MUXER_OPTIONS)
        try:
            p = self.profile
            video: Any = container.add_stream(
                h264_encoder(), rate=Fraction(round(self.fps * 1000), 1000)
            )
            video.width, video.height = self.size
            video.pix_fmt = "yuv420p"
            video.time_base = Fraction(1, AUDIO_RATE)  # one clock for picture and sound
            video.codec_context.time_base = Fraction(1, AUDIO_RATE)
            video.options = encoder_options(video.codec_context.name, p, self.fps, self.threads)
            sound = None
            if self.audio:
                sound = container.add_stream("aac", rate=AUDIO_RATE, layout="mono")
                sound.bit_rate = AUDIO_KBPS * 1000
                sound.time_base = Fraction(1, AUDIO_RATE)
        except Exception:
            container.close()
            raise
        self._container, self._video, self._sound = container, video, sound
        self._start_ms, self._last_pts, self._samples = t_ms, -1, 0
        self.files.append(self.path)

    def _mux(self, packets: Any, container: Any = None) -> None:
        target = container if container is not None else self._container
        try:
            for packet in packets:
                target.mux(packet)
        except Exception:
            self._failed = True
            raise

    def _encode_audio(self, samples: Any, sample_rate: int) -> None:
        import av

        resampler = self._resamplers.get(sample_rate)
        if resampler is None:
            resampler = av.AudioResampler(format="fltp", layout="mono", rate=AUDIO_RATE)
            self._resamplers = {sample_rate: resampler}  # a new rate: a new resampler
        chunk = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
        chunk.sample_rate = sample_rate
        for frame in resampler.resample(chunk):
            self._put_audio(frame)

    def _silence(self, count: int) -> None:
        import av
        import numpy as np

        while count > 0:
            n = min(count, AUDIO_RATE)
            frame = av.AudioFrame.from_ndarray(
                np.zeros((1, n), np.float32), format="fltp", layout="mono"
            )
            frame.sample_rate = AUDIO_RATE
            self._put_audio(frame)
            count -= n

    def _put_audio(self, frame: Any) -> None:
        frame.pts = LEAD_SAMPLES + self._samples
        frame.time_base = Fraction(1, AUDIO_RATE)
        self._samples += frame.samples
        self._mux(self._sound.encode(frame))


class VideoRecorder(SegmentRecorder):
    """Bus observer recording delivered (composited) frames and the session's sound.

    ``segment_seconds`` is accepted for older callers and ignored: a fragmented MP4 needs
    no segments to survive a crash. ``min_free`` (bytes): below it on the recordings
    disk at the start, the show is not recorded and the status says why.
    """

    kind = "video"
    status_source = STATUS_SOURCE
    event_type = FrameEvent
    event_types = (FrameEvent, AudioChunkEvent)

    def __init__(
        self,
        recordings_dir: Path,
        *,
        fps: float = 30.0,
        segment_seconds: float = 0.0,
        max_pending: int = 8,
        size: str = DEFAULT_PROFILE,
        audio: bool = True,
        threads: int = 2,
        min_free: int = 0,
        disk_usage: Callable[[Path], Any] = shutil.disk_usage,
        enabled: bool = True,
    ) -> None:
        super().__init__(recordings_dir, max_pending=max_pending + 1024, enabled=enabled)
        del segment_seconds
        self.fps = fps
        self.profile = profile(size)
        self.audio = audio
        self.threads = threads
        self.min_free = min_free
        self._disk_usage = disk_usage
        self.max_frames = max(1, max_pending)
        self.bad_frames = 0
        self.dropped_audio = 0
        self._pending = 0
        self._lock = threading.Lock()

    def attach(self, bus: Any) -> None:
        if self.enabled and self.min_free > 0 and not self._room(bus):
            return
        super().attach(bus)

    def _room(self, bus: Any) -> bool:
        from app.session.events import SourceStatusEvent

        try:
            free = int(self._disk_usage(self.recordings_dir.parent).free)
        except OSError:
            return True  # unknown: record, the disk guard keeps watching
        if free >= self.min_free:
            return True
        self.enabled = False
        message = Message(_NO_ROOM, {"free": free / 1e9, "need": self.min_free / 1e9})
        self.error = str(message)
        bus.publish(SourceStatusEvent(0, self.status_source, "error", self.error, message))
        return False

    def stopped_message(self, exc: BaseException) -> Message:
        if isinstance(exc, ImportError):
            return Message(_NO_PYAV)
        return super().stopped_message(exc)

    def open_writer(self) -> Mp4Writer:
        return Mp4Writer(
            self.folder, fps=self.fps, video=self.profile, audio=self.audio, threads=self.threads
        )

    def _on_event(self, event: Event) -> None:
        if self._halt is not None and self.error is not None:
            return  # halted: nothing more is queued
        if isinstance(event, FrameEvent):
            with self._lock:
                if self._pending >= self.max_frames:
                    self.dropped += 1  # the encoder is behind: never wait for it
                    return
                self._pending += 1
            try:
                self._queue.put_nowait(event)
            except queue.Full:
                with self._lock:
                    self._pending -= 1
                self.dropped += 1
        elif self.audio:
            try:
                self._queue.put_nowait(event)
            except queue.Full:
                self.dropped_audio += 1

    def taken(self, item: Any) -> None:
        if isinstance(item, FrameEvent):
            with self._lock:
                self._pending -= 1

    def write(self, item: Any) -> None:
        if isinstance(item, AudioChunkEvent):
            self.writer.write_audio(item.t_ms, item.pcm, item.sample_rate)
            return
        assert isinstance(item, FrameEvent)
        try:
            self.writer.write_frame(item.t_ms, item.image)
        except ValueError as exc:  # one bad frame never stops the recording
            self.bad_frames += 1
            if self.bad_frames == 1:
                log.warning("skipping a malformed frame: %s", exc)
                self._status("ok", Message(_BAD_FRAME, {"error": str(exc)}))


def build_video_recorder(config: Any) -> VideoRecorder:
    """The session's video recorder as the settings ask (inert when ``record_video`` is off).

    It records only when the disk has room for the disk guard's margin plus two hours at
    the chosen size; otherwise the "recording" status says so at *Go live*.
    """
    from app.session.disk import DiskLevels

    s = config.settings
    size = profile(str(getattr(s, "record_video_size", DEFAULT_PROFILE)))
    return VideoRecorder(
        config.recordings_dir,
        fps=float(getattr(s, "camera_fps", 30) or 30),
        size=size.name,
        audio=bool(getattr(s, "record_audio", True)),
        min_free=DiskLevels().stop_video + 2 * size.bytes_per_hour,
        enabled=bool(getattr(s, "record_video", False)),
    )


# -- finding a session's recording ----------------------------------------------------
@dataclass(frozen=True, slots=True)
class Recording:
    """One recorded file on the session clock (``start_ms``: its first frame)."""

    path: Path
    start_ms: int


def find_recordings(recordings_dir: Path, session_id: int | str) -> list[Path]:
    """The session's video files in recording order, ready to play.

    MP4 files are playable as they are, even the one a crash cut off (up to its last
    fragment); older AVI segments are listed when complete (``.part`` files skipped).
    """
    return [r.path for r in recordings(recordings_dir, session_id)]


def recordings(recordings_dir: Path, session_id: int | str) -> list[Recording]:
    """Like :func:`find_recordings`, with each file's start on the session clock.

    Old AVI segments carry no start in their name: they are placed end to end from 0 by
    whoever plays them, and get ``start_ms`` -1 here.
    """
    folder = recordings_dir / str(session_id) / "video"
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match is None or not path.is_file() or path.stat().st_size == 0:
            continue
        start = int(match.group(2)) if match.group(2) is not None else -1
        found.append((int(match.group(1)), Recording(path, start)))
    found.sort(key=lambda item: item[0])
    return [r for _i, r in found]


def recording_start_ms(path: Path) -> int:
    """The session time of a recorded file's first frame (0 when its name has none)."""
    match = _NAME.match(path.name)
    return int(match.group(2)) if match and match.group(2) is not None else 0


@dataclass(frozen=True, slots=True)
class RecordingInfo:
    """What a player needs to place one recorded file on the session clock:
    ``start_ms`` is the session time at the file's time 0 (play position p shows session
    time ``start_ms + p``)."""

    path: Path
    start_ms: int
    duration_ms: int
    has_audio: bool


def probe_recordings(paths: list[Path]) -> list[RecordingInfo]:
    """Start, length and sound of each file (PyAV reads the headers and fragments).

    Old AVI segments have no start in their name: they follow each other from 0, as they
    always played. A file that does not open is left out with a warning.
    """
    import av

    found, end = [], 0
    for path in paths:
        try:
            with av.open(str(path)) as container:
                duration = int((container.duration or 0) / 1000)
                has_audio = bool(container.streams.audio)
        except (av.FFmpegError, OSError) as exc:
            log.warning("skipping unreadable recording %s: %s", path.name, exc)
            continue
        match = _NAME.match(path.name)
        if match and match.group(2) is not None:  # an MP4 of ours: see LEAD_MS
            start = int(match.group(2)) - round(LEAD_MS)
        else:
            start = end
        found.append(RecordingInfo(path, start, duration, has_audio))
        end = start + duration
    return found
