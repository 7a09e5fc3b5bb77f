"""Crash-safe recording of the session's audio as short self-contained WAV segments.

A WAV header states the data length, which is only written when the file is closed, so
one long file would be unplayable after a kill. Like the video recorder
(:mod:`app.vision.recorder`), audio goes into segments of N seconds, each written as
``seg_NNNNN_TTTTTTTTTT.part.wav`` and renamed without ``.part`` only once it is closed:
every ``*.wav`` in the folder is complete, and a SIGKILL (or, as segments are synced
before the rename, a power loss) loses at most the segment in progress. ``TTTTTTTTTT``
is the session time (ms) of the segment's first sample, so review can place each segment
on the timeline even when the microphone dropped out for a while (a gap starts a new
segment instead of writing silence).

Files go to ``<recordings_dir>/<session_id>/audio/``. The recorder is a bus observer of
:class:`~app.session.events.AudioChunkEvent` (live microphone and the demo's WAV
replay alike); the publisher only enqueues, a writer thread does the file work.
"""

from __future__ import annotations

import logging
import os
import re
import struct
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.session.events import AudioChunkEvent
from app.session.segments import SegmentRecorder

log = logging.getLogger("app.speech.audio_recorder")

STATUS_SOURCE = "audio recording"
#: A chunk starting this much later than the previous one ended opens a new segment.
GAP_MS = 250
_NAME = re.compile(r"^seg_(\d+)_(\d+)\.wav$")


@dataclass(frozen=True, slots=True)
class AudioSegment:
    """One finished segment: where it sits on the session clock and how long it is."""

    path: Path
    start_ms: int
    duration_ms: int

    @property
    def end_ms(self) -> int:
        return self.start_ms + self.duration_ms


class WavSegmentWriter:
    """Writes 16-bit mono PCM into consecutive WAV segments of ``segment_ms``."""

    def __init__(self, folder: Path, segment_ms: int = 10_000) -> None:
        self.folder = folder
        self.segment_ms = max(100, segment_ms)
        self.segments: list[Path] = []
        self._wav: wave.Wave_write | None = None
        self._file: Any = None
        self._part: Path | None = None
        self._rate = 0
        self._start_ms = 0
        self._frames = 0
        self._index = 0

    @property
    def _end_ms(self) -> int:
        return self._start_ms + self._frames * 1000 // max(1, self._rate)

    def write(self, t_ms: int, pcm: bytes, sample_rate: int) -> None:
        """Append a chunk that starts at session time ``t_ms``."""
        if self._wav is not None and (
            sample_rate != self._rate
            or t_ms > self._end_ms + GAP_MS
            or self._frames * 1000 >= self.segment_ms * self._rate
        ):
            self.finish_segment()
        if self._wav is None:
            self._start(t_ms, sample_rate)
        assert self._wav is not None
        self._wav.writeframesraw(pcm)
        self._frames += len(pcm) // 2

    def _start(self, t_ms: int, sample_rate: int) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._index += 1
        self._part = self.folder / f"seg_{self._index:05d}_{max(0, t_ms):010d}.part.wav"
        self._file = self._part.open("wb")  # ours, so it can be synced before the rename
        wav = wave.open(self._file, "wb")  # noqa: SIM115 (closed in finish_segment)
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(sample_rate)
        self._wav, self._rate, self._start_ms, self._frames = wav, sample_rate, t_ms, 0

    def finish_segment(self) -> None:
        """Close the current segment (the header gets its length) and publish it.

        The data is synced to disk before the rename and the folder after it, so a power
        loss cannot leave a final name on a file whose contents never reached the disk.
        """
        if self._wav is None or self._part is None:
            return
        self._wav.close()  # patches the header; leaves our file object open
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        final = self._part.with_name(self._part.name.replace(".part", ""))
        self._part.replace(final)
        _sync_folder(self.folder)
        self.segments.append(final)
        self._wav, self._file, self._part = None, None, None

    def close(self) -> None:
        self.finish_segment()


def _sync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX; Windows cannot open a folder and needs no sync)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        log.debug("syncing %s failed: %s", folder, exc)
    finally:
        os.close(fd)


class AudioRecorder(SegmentRecorder):
    """Bus observer that records every audio chunk of the session into WAV segments.

    ``enabled=False`` makes an inert processor, so the pipeline can always list it and
    the setting decides (see :func:`build_audio_recorder`).
    """

    kind = "audio"
    status_source = STATUS_SOURCE
    event_type = AudioChunkEvent

    def __init__(
        self,
        recordings_dir: Path,
        *,
        segment_seconds: float = 10.0,
        max_pending: int = 600,
        enabled: bool = True,
    ) -> None:
        super().__init__(recordings_dir, max_pending=max_pending, enabled=enabled)
        self.segment_ms = max(100, round(segment_seconds * 1000))

    def open_writer(self) -> WavSegmentWriter:
        return WavSegmentWriter(self.folder, self.segment_ms)

    def write(self, item: Any) -> None:
        assert isinstance(item, AudioChunkEvent)
        self.writer.write(item.t_ms, item.pcm, item.sample_rate)


def build_audio_recorder(config: Any) -> AudioRecorder:
    """The session's audio recorder as the settings ask (``record_audio``)."""
    s = config.settings
    return AudioRecorder(
        config.recordings_dir,
        segment_seconds=float(getattr(s, "record_segment_seconds", 10.0)),
        enabled=bool(getattr(s, "record_audio", False)),
    )


WAV_HEADER_BYTES = 44  # what :mod:`wave` writes before the samples


def salvage_partial(recordings_dir: Path, session_id: int | str) -> list[Path]:
    """After a crash: make the segment that was being written playable too.

    Only for a session no process records any more (status "interrupted"): a killed
    writer leaves ``*.part.wav`` with the header it wrote at the start (length 0) and
    the samples after it. The lengths are set from the file size and the file gets its
    final name, so a kill loses only the last unflushed block instead of the segment.
    A part killed before its first sample holds nothing and is removed; other files that
    are not such a WAV are left alone. Returns the salvaged files.
    """
    folder = recordings_dir / str(session_id) / "audio"
    if not folder.is_dir():
        return []
    saved = []
    for part in sorted(folder.glob("seg_*.part.wav")):
        final = part.with_name(part.name.replace(".part", ""))
        try:
            if _empty_part(part):  # killed before its first sample: nothing to keep
                part.unlink()
                continue
            if _fix_wav_lengths(part):
                part.replace(final)
                saved.append(final)
        except OSError as exc:
            log.warning("cannot salvage %s: %s", part.name, exc)
    if saved:
        _sync_folder(folder)
        log.info("salvaged %d audio segment(s) of session %s", len(saved), session_id)
    return saved


def _our_header(header: bytes) -> bool:
    """The 44-byte header :mod:`wave` writes for 16-bit PCM."""
    return (
        len(header) == WAV_HEADER_BYTES
        and header[0:4] == b"RIFF"
        and header[8:16] == b"WAVEfmt "
        and header[36:40] == b"data"
        and struct.unpack_from("<H", header, 34)[0] == 16
    )


def _empty_part(path: Path) -> bool:
    """A segment file created, or given its header, just before the process died."""
    size = path.stat().st_size
    return size == 0 or (size == WAV_HEADER_BYTES and _our_header(path.read_bytes()))


def _fix_wav_lengths(path: Path) -> bool:
    """Set the RIFF and data lengths of a 16-bit PCM WAV written by :mod:`wave`."""
    with path.open("r+b") as f:
        if not _our_header(f.read(WAV_HEADER_BYTES)):
            return False
        size = f.seek(0, os.SEEK_END)
        data = (size - WAV_HEADER_BYTES) // 2 * 2  # whole samples only
        if data <= 0:
            return False
        f.truncate(WAV_HEADER_BYTES + data)
        f.seek(4)
        f.write(struct.pack("<I", 36 + data))
        f.seek(40)
        f.write(struct.pack("<I", data))
        f.flush()
        os.fsync(f.fileno())
    return True


def find_audio(recordings_dir: Path, session_id: int | str) -> list[AudioSegment]:
    """Complete audio segments of a session in time order (``.part`` files are skipped).

    A file whose header cannot be read is left out with a warning: review then plays
    the rest.
    """
    folder = recordings_dir / str(session_id) / "audio"
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match is None or not path.is_file():
            continue
        try:
            with wave.open(str(path), "rb") as wav:
                duration = wav.getnframes() * 1000 // max(1, wav.getframerate())
        except (OSError, EOFError, wave.Error) as exc:
            log.warning("skipping unreadable audio segment %s: %s", path.name, exc)
            continue
        found.append(AudioSegment(path, int(match.group(2)), duration))
    found.sort(key=lambda s: (s.start_ms, s.path.name))
    return found
