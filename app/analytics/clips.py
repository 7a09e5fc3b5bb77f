"""Cutting a span of a recorded session into one clip to post (MP4: H.264 + AAC).

The recording is one fragmented MP4 per recording run (:mod:`app.vision.recorder`, each
named with the session time of its first frame; sessions from older versions have MJPG
AVI segments placed end to end from 0), and the sound is in WAV segments
(:mod:`app.speech.audio_recorder`, each named with its start) and in the MP4 itself.
A clip decodes the frames of the span with PyAV, shapes them (landscape as recorded, or
9:16 portrait for 抖音 / 视频号 / TikTok: centre crop or the picture over a blurred copy
of itself), optionally burns in the transcript as captions (the project's CJK text
sprites, :mod:`app.vision.draw`), and writes one MP4 with exactly one video and one
audio stream (silence where nothing was heard), ``faststart`` so platforms take it.
Frames go out at a constant rate: each output frame shows the latest recorded frame at
its time, so picture and sound stay in step across dropped frames.
"""

from __future__ import annotations

import logging
import math
import wave
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from app.errors import UserError
from app.speech.audio_recorder import AudioSegment, find_audio

log = logging.getLogger("app.analytics.clips")

Progress = Callable[[float, str], None]
#: Output shapes: "landscape" as recorded; "portrait" 9:16 by centre crop; "portrait-blur"
#: 9:16 with the whole picture over a blurred, zoomed copy of itself.
SHAPES = ("landscape", "portrait", "portrait-blur")
PORTRAIT_SIZE = (720, 1280)
CLIP_FPS = 30
CLIP_RATE = 48_000
CLIP_AUDIO_KBPS = 128


class ClipError(UserError):
    """The clip cannot be cut (no recording, empty span, unwritable path)."""


@dataclass(frozen=True, slots=True)
class Caption:
    """A line of the transcript on the session clock."""

    start_ms: int
    end_ms: int
    text: str


@dataclass(frozen=True, slots=True)
class ClipResult:
    """What was written: ``video`` is None when no video was recorded in the span (the
    file then holds the sound only); ``audio`` is None when no sound was recorded."""

    video: Path | None
    audio: Path | None
    frames: int
    duration_ms: int

    @property
    def files(self) -> list[Path]:
        return list(dict.fromkeys(p for p in (self.video, self.audio) if p is not None))


def _noop(_fraction: float, _what: str) -> None:
    return None


def _part(out: Path) -> Path:
    """Where ``out`` is written until complete: a cancelled or failed clip leaves no file."""
    return out.with_name(f"{out.stem}.part{out.suffix}")


def clip_name(session_id: int, start_ms: int, shape: str = "landscape") -> str:
    """A file name for a clip: ``session-12-0-01-30.mp4`` (``-9x16`` for portrait)."""
    s = start_ms // 1000
    tail = "" if shape == "landscape" else "-9x16"
    return f"session-{session_id}-{s // 3600}-{s // 60 % 60:02d}-{s % 60:02d}{tail}.mp4"


def export_clip(
    recordings_dir: Path,
    session_id: int,
    start_ms: int,
    end_ms: int,
    out: Path,
    *,
    shape: str = "landscape",
    captions: Sequence[Caption] | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ClipResult:
    """Write session time ``[start_ms, end_ms)`` to ``out`` (.mp4; .wav: the sound only).

    ``captions`` (transcript lines) are burnt into the picture when given. Without any
    recorded video in the span the MP4 holds the sound alone (:attr:`ClipResult.video`
    is None, so callers can say so); with neither, or an empty span, :class:`ClipError`
    says what to do.
    """
    report = progress or _noop
    if end_ms <= start_ms:
        raise ClipError(f"the clip must end after it starts ({start_ms} >= {end_ms} ms)")
    suffix = out.suffix.lower()
    if suffix not in (".mp4", ".wav"):
        raise ClipError(f"unsupported clip format {out.suffix or '(none)'}: use .mp4 or .wav")
    if shape not in SHAPES:
        raise ClipError(f"unknown clip shape {shape!r}: use one of {', '.join(SHAPES)}")
    from app.vision.recorder import find_recordings, probe_recordings

    if suffix == ".mp4":
        try:
            import av  # noqa: F401 (only: is it there?)
        except ImportError:
            raise ClipError(
                "MP4 clips need PyAV (FFmpeg), which this build leaves out; export the "
                "sound as .wav instead"
            ) from None

    videos = (
        [] if suffix == ".wav" else probe_recordings(find_recordings(recordings_dir, session_id))
    )
    videos = [v for v in videos if v.start_ms < end_ms and v.start_ms + v.duration_ms > start_ms]
    audio = find_audio(recordings_dir, session_id)
    heard = [s for s in audio if s.end_ms > start_ms and s.start_ms < end_ms]
    sound_in_video = any(v.has_audio for v in videos)
    if not videos and not heard:
        if not find_recordings(recordings_dir, session_id) and not audio:
            raise ClipError(
                f"session {session_id} has no recorded video or audio to cut a clip from; "
                "turn on 'Record the program video' (and audio) in Settings before the show"
            )
        raise ClipError(
            f"nothing was recorded between {start_ms / 1000:.1f} s and {end_ms / 1000:.1f} s"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    samples = _span_sound(heard, videos if not heard else [], start_ms, end_ms)
    if suffix == ".wav":
        _write_wav(samples, out)
        report(1.0, "done")
        return ClipResult(None, out, 0, end_ms - start_ms)
    part = _part(out)
    try:
        frames = _write_mp4(
            part, videos, samples, start_ms, end_ms, shape, captions or (), report, cancelled
        )
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    part.replace(out)
    report(1.0, "done")
    has_sound = bool(heard) or sound_in_video
    return ClipResult(
        out if frames else None, out if has_sound else None, frames, end_ms - start_ms
    )


# -- sound ------------------------------------------------------------------------------
def _span_sound(
    segments: list[AudioSegment], videos: Sequence[Any], start_ms: int, end_ms: int
) -> Any:
    """The span's sound as float32 mono at :data:`CLIP_RATE` (silence where none)."""
    import numpy as np

    total = (end_ms - start_ms) * CLIP_RATE // 1000
    buffer = np.zeros(total, np.float32)

    def place(at_ms: float, data: Any) -> None:
        first = round((at_ms - start_ms) * CLIP_RATE / 1000)
        lo, hi = max(0, first), min(total, first + len(data))
        if hi > lo:
            buffer[lo:hi] = data[lo - first : hi - first]

    for seg in segments:
        try:
            with wave.open(str(seg.path), "rb") as wav:
                rate, channels = wav.getframerate(), wav.getnchannels()
                if wav.getsampwidth() != 2 or channels != 1:
                    log.warning("skipping %s: not 16-bit mono", seg.path.name)
                    continue
                pcm = np.frombuffer(wav.readframes(wav.getnframes()), "<i2")
        except (OSError, EOFError, wave.Error) as exc:
            log.warning("skipping unreadable audio %s: %s", seg.path.name, exc)
            continue
        data = pcm.astype(np.float32) / 32768.0
        if rate != CLIP_RATE and len(data):
            n = len(data) * CLIP_RATE // rate
            data = np.interp(np.arange(n) * (rate / CLIP_RATE), np.arange(len(data)), data)
        place(seg.start_ms, data.astype(np.float32))
    for info in videos:  # no WAV segments: the sound muxed into the recording
        if info.has_audio:
            for t_ms, data in _decoded_sound(info, start_ms, end_ms):
                place(t_ms, data)
    return buffer


def _decoded_sound(info: Any, start_ms: int, end_ms: int) -> Iterator[tuple[float, Any]]:
    import av

    with av.open(str(info.path)) as container:
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=CLIP_RATE)
        offset = max(0, start_ms - info.start_ms - 1000) / 1000
        if offset > 0:
            _seek(container, stream, offset)
        for t_ms, frame in _on_session_clock(container.decode(stream), info, end_ms):
            for out in resampler.resample(frame):
                yield t_ms, out.to_ndarray().reshape(-1)


def _on_session_clock(frames: Iterator[Any], info: Any, end_ms: int) -> Iterator[tuple[float, Any]]:
    """(session ms, frame) of decoded ``frames`` of the recording ``info``, up to ``end_ms``."""
    for frame in frames:
        if frame.time is None:
            continue
        t_ms = info.start_ms + frame.time * 1000
        if t_ms >= end_ms:
            return
        yield t_ms, frame


def _seek(container: Any, stream: Any, seconds: float) -> None:
    """Jump to the keyframe before ``seconds``; where the file cannot seek (a track with
    no samples, a cut-off tail) decoding simply starts from the beginning."""
    import av

    if not stream.time_base:
        return
    try:
        container.seek(int(seconds / stream.time_base), stream=stream)
    except av.FFmpegError as exc:
        log.debug("cannot seek in %s: %s", container.name, exc)


def _write_wav(samples: Any, out: Path) -> None:
    import numpy as np

    part = _part(out)
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    try:
        with wave.open(str(part), "wb") as dst:
            dst.setnchannels(1)
            dst.setsampwidth(2)
            dst.setframerate(CLIP_RATE)
            dst.writeframes(pcm)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise ClipError(f"cannot write the audio to {out}: {exc}") from exc
    part.replace(out)


# -- picture ----------------------------------------------------------------------------
def _source_frames(
    videos: Sequence[Any], start_ms: int, end_ms: int
) -> Iterator[tuple[float, Any]]:
    """(session ms, BGR image) of the recorded frames from just before the span to its end."""
    import av

    for info in videos:
        try:
            container = av.open(str(info.path))
        except (av.FFmpegError, OSError) as exc:
            log.warning("skipping unreadable recording %s: %s", info.path.name, exc)
            continue
        with container:
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            offset = (start_ms - info.start_ms) / 1000
            if offset > 1:
                _seek(container, stream, offset)
            try:
                for t_ms, frame in _on_session_clock(container.decode(stream), info, end_ms):
                    yield t_ms, frame.to_ndarray(format="bgr24")
            except av.FFmpegError as exc:  # a crash-cut tail: what decoded is kept
                log.info("recording %s ends early: %s", info.path.name, exc)


def _write_mp4(  # noqa: PLR0917 (private helper of export_clip)
    part: Path,
    videos: Sequence[Any],
    samples: Any,
    start_ms: int,
    end_ms: int,
    shape: str,
    captions: Sequence[Caption],
    report: Progress,
    cancelled: Callable[[], bool] | None,
) -> int:
    """Encode the span into ``part``; returns the number of video frames written."""
    import av

    frames_in = _source_frames(videos, start_ms, end_ms)
    first = next(frames_in, None)
    try:
        container = av.open(str(part), mode="w", format="mp4", options={"movflags": "+faststart"})
    except (av.FFmpegError, OSError) as exc:
        raise ClipError(f"cannot write a clip to {part.parent}: {exc}") from exc
    written = 0
    try:
        video = None
        if first is not None:
            shaper = Shaper(shape, first[1].shape[1], first[1].shape[0])
            video = container.add_stream("libx264", rate=CLIP_FPS)
            video.width, video.height = shaper.size
            video.pix_fmt = "yuv420p"
            video.options = {"preset": "veryfast", "crf": "20"}
        sound = container.add_stream("aac", rate=CLIP_RATE, layout="mono")
        sound.bit_rate = CLIP_AUDIO_KBPS * 1000
        if video is not None and first is not None:
            total = max(1, math.ceil((end_ms - start_ms) * CLIP_FPS / 1000))
            current, upcoming = first, next(frames_in, None)
            texts = _CaptionDrawer(captions)
            for k in range(total):
                t = start_ms + k * 1000 / CLIP_FPS
                while upcoming is not None and upcoming[0] <= t:
                    current, upcoming = upcoming, next(frames_in, None)
                image = shaper.shape(current[1])
                texts.draw(image, t)
                frame = av.VideoFrame.from_ndarray(image, format="bgr24")
                frame.pts = k
                for packet in video.encode(frame):
                    container.mux(packet)
                written += 1
                if written % 15 == 0:
                    if cancelled is not None and cancelled():
                        raise ClipError("clip export cancelled")
                    report(min(0.95, written / total), f"frame {written} of {total}")
            for packet in video.encode(None):
                container.mux(packet)
        _encode_sound(container, sound, samples)
    except OSError as exc:
        raise ClipError(f"cannot write the clip: {exc}") from exc
    finally:
        container.close()
    return written


def _encode_sound(container: Any, stream: Any, samples: Any) -> None:
    import av
    import numpy as np

    size = 1024
    for at in range(0, len(samples), size):
        chunk = np.ascontiguousarray(samples[at : at + size], np.float32).reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="mono")
        frame.sample_rate = CLIP_RATE
        frame.pts = at
        frame.time_base = Fraction(1, CLIP_RATE)
        for packet in stream.encode(frame):
            container.mux(packet)
    for packet in stream.encode(None):
        container.mux(packet)


class Shaper:
    """Turns a recorded frame into the clip's shape (see :data:`SHAPES`)."""

    def __init__(self, shape: str, width: int, height: int) -> None:
        self.shape_name = shape
        self.source = (width, height)
        if shape == "landscape":
            self.size = (max(2, width // 2 * 2), max(2, height // 2 * 2))
        else:
            self.size = PORTRAIT_SIZE

    def shape(self, image: Any) -> Any:
        import numpy as np

        from app.vision.cv import import_cv2

        cv2 = import_cv2()
        w, h = self.size
        src_h, src_w = image.shape[:2]
        if self.shape_name == "landscape":
            if (src_w, src_h) != (w, h):
                image = cv2.resize(image, (w, h), interpolation=cv2.INTER_AREA)
            return np.ascontiguousarray(image)
        crop_w = min(src_w, max(2, round(src_h * w / h)))
        x0 = (src_w - crop_w) // 2
        cropped = image[:, x0 : x0 + crop_w]
        if self.shape_name == "portrait":
            return cv2.resize(cropped, (w, h), interpolation=cv2.INTER_LINEAR)
        small = cv2.resize(cropped, (w // 8, h // 8), interpolation=cv2.INTER_AREA)
        small = cv2.GaussianBlur(small, (0, 0), 6)
        canvas = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
        canvas = (canvas.astype(np.uint16) * 3 // 5).astype(np.uint8)  # darker: the picture leads
        fit_h = min(h, max(2, round(src_h * w / src_w)))
        fg = cv2.resize(image, (w, fit_h), interpolation=cv2.INTER_AREA)
        y0 = (h - fit_h) // 2
        canvas[y0 : y0 + fit_h] = fg
        return canvas


class _CaptionDrawer:
    """Burns the transcript line of the moment into the frame (wrapped to two lines)."""

    def __init__(self, captions: Sequence[Caption]) -> None:
        self.captions = sorted(captions, key=lambda c: c.start_ms)
        self._lines: dict[tuple[str, int], list[Any]] = {}

    def draw(self, frame: Any, t_ms: float) -> None:
        text = next(
            (
                c.text
                for c in self.captions
                if c.start_ms <= t_ms < max(c.end_ms, c.start_ms + 1500)
            ),
            "",
        )
        text = " ".join(text.split())
        if not text:
            return
        from app.vision.draw import blend_sprite, rounded_box

        h, w = frame.shape[:2]
        sprites = self._wrap(text, w, max(14, min(h, w * 16 // 9) // 24))
        pad = max(4, h // 100)
        box_w = min(w, max(s.width for s in sprites) + 2 * pad)
        box_h = sum(s.height for s in sprites) + 2 * pad
        y = h - box_h - max(8, h // 6 if h > w else h // 14)
        x = (w - box_w) // 2
        blend_sprite(frame, rounded_box(box_w, box_h, pad, (0, 0, 0), 160), x, y)
        y += pad
        for sprite in sprites:
            blend_sprite(frame, sprite, (w - sprite.width) // 2, y)
            y += sprite.height

    def _wrap(self, text: str, width: int, size: int) -> list[Any]:
        key = (text, width)
        lines = self._lines.get(key)
        if lines is not None:
            return lines
        from app.vision.draw import text_renderer

        render = text_renderer().render
        limit = int(width * 0.9)
        lines, rest = [], text
        while rest and len(lines) < 2:
            n = len(rest)
            while n > 1 and render(rest[:n], size).width > limit:
                n = max(1, n * limit // max(1, render(rest[:n], size).width) - 1)
            line = rest[:n]
            rest = rest[n:].lstrip()
            if rest and len(lines) == 1:
                line = line[:-1] + "…"
            lines.append(render(line, size, (255, 255, 255), bold=True))
        self._lines = {key: lines}
        return lines


def transcript_captions(store: Any, session_id: int, start_ms: int, end_ms: int) -> list[Caption]:
    """The session's final transcript lines that overlap the span (for burn-in)."""
    from sqlalchemy import text

    with store.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT start_ms, end_ms, text FROM transcript_segment WHERE session_id = :sid "
                "AND end_ms > :a AND start_ms < :b ORDER BY start_ms"
            ),
            {"sid": session_id, "a": start_ms, "b": end_ms},
        )
        return [Caption(int(s), int(e), str(t or "")) for s, e, t in rows]
