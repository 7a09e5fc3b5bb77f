"""Crash-safe audio recording: WAV segments, gaps, a SIGKILL mid-recording, the pipeline."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import wave
from pathlib import Path

from app.session.bus import EventBus
from app.session.events import AudioChunkEvent, SourceStatusEvent
from app.speech.audio_recorder import (
    AudioRecorder,
    WavSegmentWriter,
    build_audio_recorder,
    find_audio,
    salvage_partial,
)

ROOT = Path(__file__).resolve().parents[1]
RATE = 16_000


def _pcm(ms: int, value: int = 1000) -> bytes:
    return value.to_bytes(2, "little", signed=True) * (RATE * ms // 1000)


def test_segments_rotate_and_gaps_start_a_new_segment(tmp_path: Path) -> None:
    writer = WavSegmentWriter(tmp_path, segment_ms=1_000)
    for i in range(25):  # 2.5 s of 100 ms chunks
        writer.write(i * 100, _pcm(100), RATE)
    writer.write(10_000, _pcm(100), RATE)  # the mic came back 7.5 s later
    writer.write(10_100, _pcm(100), RATE)
    assert (tmp_path / "seg_00004_0000010000.part.wav").exists()  # still being written
    writer.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "seg_00001_0000000000.wav",
        "seg_00002_0000001000.wav",
        "seg_00003_0000002000.wav",
        "seg_00004_0000010000.wav",
    ]
    with wave.open(str(tmp_path / names[0]), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, RATE)
        assert wav.getnframes() == RATE
        assert wav.readframes(1) == (1000).to_bytes(2, "little", signed=True)


def test_find_audio_places_segments_on_the_session_clock(tmp_path: Path) -> None:
    folder = tmp_path / "7" / "audio"
    writer = WavSegmentWriter(folder, segment_ms=1_000)
    for t in (0, 500, 1000, 5000):
        writer.write(t, _pcm(500), RATE)
    writer.close()
    (folder / "seg_00009_0000009000.part.wav").write_bytes(b"RIFF cut off by a crash")
    (folder / "seg_00010_0000009500.wav").write_bytes(b"not a wav")  # skipped, logged
    found = find_audio(tmp_path, 7)
    assert [(s.start_ms, s.duration_ms, s.end_ms) for s in found] == [
        (0, 1000, 1000),
        (1000, 500, 1500),
        (5000, 500, 5500),
    ]
    assert find_audio(tmp_path, 8) == []


def test_recorder_follows_the_bus_and_closes_on_detach(tmp_path: Path) -> None:
    bus, statuses = EventBus(), []
    bus.subscribe(statuses.append, (SourceStatusEvent,))
    recorder = AudioRecorder(tmp_path, segment_seconds=0.5)
    recorder.bind_session(3)
    recorder.attach(bus)
    for i in range(12):
        bus.publish(AudioChunkEvent(i * 100, pcm=_pcm(100), sample_rate=RATE, level_db=-20.0))
    recorder.detach()
    found = find_audio(tmp_path, 3)
    assert [s.start_ms for s in found] == [0, 500, 1000]
    assert sum(s.duration_ms for s in found) == 1200
    assert not list((tmp_path / "3" / "audio").glob("*.part*"))
    assert statuses and statuses[0].state == "ok" and "audio" in statuses[0].message
    note = statuses[0].note
    assert note is not None and note.template == "recording audio to {folder}"
    assert note.values == {"folder": str(tmp_path / "3" / "audio")}
    assert recorder.dropped == 0 and recorder.error is None


def test_recording_off_writes_nothing(tmp_path: Path, config) -> None:
    config.settings.record_audio = False
    recorder = build_audio_recorder(config)
    recorder.bind_session(1)
    bus = EventBus()
    recorder.attach(bus)
    bus.publish(AudioChunkEvent(0, pcm=_pcm(100), sample_rate=RATE, level_db=-20.0))
    recorder.detach()
    assert not (config.recordings_dir / "1").exists()


def test_a_disk_error_stops_recording_and_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    bus, statuses = EventBus(), []
    bus.subscribe(statuses.append, (SourceStatusEvent,))
    recorder = AudioRecorder(blocker)
    recorder.attach(bus)
    bus.publish(AudioChunkEvent(0, pcm=_pcm(100), sample_rate=RATE, level_db=-20.0))
    recorder.detach()
    assert recorder.error is not None and "audio recording stopped" in recorder.error
    assert statuses[-1].state == "error"


CHILD = """
import sys, time
from pathlib import Path
from app.session.bus import EventBus
from app.session.events import AudioChunkEvent
from app.speech.audio_recorder import AudioRecorder
bus = EventBus()
recorder = AudioRecorder(Path(sys.argv[1]), segment_seconds=0.5)
recorder.bind_session(1)
recorder.attach(bus)
pcm = (1000).to_bytes(2, "little", signed=True) * 1600
t = 0
while True:  # 100 ms chunks, 10x faster than real time, until killed
    bus.publish(AudioChunkEvent(t, pcm=pcm, sample_rate=16000, level_db=-20.0))
    t += 100
    time.sleep(0.01)
"""


def test_sigkill_loses_at_most_the_segment_in_progress(tmp_path: Path) -> None:
    folder = tmp_path / "1" / "audio"
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path)], cwd=ROOT)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(list(folder.glob("seg_*[0-9].wav"))) < 3:
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        proc.kill()
        proc.wait()
    found = find_audio(tmp_path, 1)
    assert len(found) >= 3
    for i, seg in enumerate(found):  # contiguous, complete, playable
        assert seg.start_ms == i * 500 and seg.duration_ms == 500
        with wave.open(str(seg.path), "rb") as wav:
            assert len(wav.readframes(wav.getnframes())) == 500 * 16 * 2
    parts = list(folder.glob("*.part.wav"))
    assert len(parts) <= 1  # only the segment being written is lost...
    with_samples = sum(p.stat().st_size > 44 for p in parts)  # the kill may beat the first
    salvaged = salvage_partial(tmp_path, 1)  # ...and review salvages it once interrupted
    assert len(salvaged) == with_samples
    after = find_audio(tmp_path, 1)
    assert not list(folder.glob("*.part.wav"))  # salvaged, or removed when it held nothing
    assert len(after) == len(found) + len(salvaged)
    if salvaged:
        last = after[-1]
        assert last.start_ms == len(found) * 500 and 0 < last.duration_ms <= 500
        with wave.open(str(last.path), "rb") as wav:
            assert wav.getnframes() * 2 == last.path.stat().st_size - 44


def _killed_segment(folder: Path, t_ms: int, pcm: bytes) -> None:
    """A ``.part.wav`` as a killed writer leaves it: header with length 0, then samples."""
    scratch = folder.parent / "scratch"
    writer = WavSegmentWriter(scratch)
    writer.write(t_ms, pcm, RATE)
    writer._file.flush()
    folder.mkdir(parents=True, exist_ok=True)
    part = next(scratch.glob("*.part.wav"))
    (folder / part.name).write_bytes(part.read_bytes())
    writer.close()


def test_salvage_fixes_a_cut_off_segment_and_leaves_junk_alone(tmp_path: Path) -> None:
    folder = tmp_path / "2" / "audio"
    _killed_segment(folder, 1_000, _pcm(300))
    junk = folder / "seg_00009_0000009000.part.wav"
    junk.write_bytes(b"RIFF cut off by a crash")
    assert find_audio(tmp_path, 2) == []
    saved = salvage_partial(tmp_path, 2)
    assert [p.name for p in saved] == ["seg_00001_0000001000.wav"]
    assert [(s.start_ms, s.duration_ms) for s in find_audio(tmp_path, 2)] == [(1_000, 300)]
    assert junk.exists()  # not a WAV we wrote: left for a person to look at
    empty = folder / "seg_00010_0000010000.part.wav"
    empty.write_bytes(b"")  # created, then killed before the header
    assert salvage_partial(tmp_path, 2) == [] and not empty.exists()
    assert salvage_partial(tmp_path, 3) == []  # no folder at all
