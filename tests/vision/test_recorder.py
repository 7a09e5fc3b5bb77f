"""The show's recording: H.264 + AAC in one fragmented MP4, read back with a real decoder.

A SIGKILLed recorder leaves a file that plays up to its last fragment; frames and sound
share one file on the session clock; a malformed frame is skipped, a full disk (the
kernel's own /dev/full) stops the recording with a clear status, and the publisher never
waits for the encoder.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import av
import numpy as np
import pytest

from app.session.bus import EventBus
from app.session.events import AlertEvent, AudioChunkEvent, FrameEvent, SourceStatusEvent
from app.vision.recorder import (
    LEAD_MS,
    PROFILES,
    Mp4Writer,
    VideoRecorder,
    find_recordings,
    output_size,
    probe_recordings,
    recording_start_ms,
)

ROOT = Path(__file__).resolve().parents[2]

WRITER_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import numpy as np
    from app.vision.recorder import Mp4Writer
    w = Mp4Writer(Path(sys.argv[1]), fps=30)
    pcm = (np.sin(np.arange(1600) / 5) * 3000).astype("<i2").tobytes()
    i = 0
    while True:  # until killed
        t = i * 33
        image = np.zeros((360, 640, 3), np.uint8)
        image[:, (i * 7) % 600 : (i * 7) % 600 + 40] = 255  # something moves
        w.write_frame(t, image)
        if i % 3 == 0:
            w.write_audio(t, pcm, 16_000)  # 100 ms of 16 kHz sound
        print(t, flush=True)  # handed to the encoder
        i += 1
        time.sleep(0.005)
    """
)


def _decode(path: Path) -> tuple[list[float], list[float]]:
    """Times (s) of every decoded video frame and audio frame."""
    video, sound = [], []
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            video.append(float(frame.time))
    with av.open(str(path)) as container:
        if container.streams.audio:
            for frame in container.decode(audio=0):
                sound.append(float(frame.time))
    return video, sound


def _frame(t: int, value: int = 100, shape: tuple[int, ...] = (72, 128, 3)) -> FrameEvent:
    return FrameEvent(t, index=t // 33, image=np.full(shape, value, np.uint8))


def _chunk(t: int, ms: int = 100, rate: int = 16_000) -> AudioChunkEvent:
    pcm = (np.sin(np.arange(rate * ms // 1000) / 3) * 4000).astype("<i2").tobytes()
    return AudioChunkEvent(t, pcm=pcm, sample_rate=rate, level_db=-20.0)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_recording_plays_up_to_its_last_second(tmp_path: Path) -> None:
    folder = tmp_path / "video"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER_SCRIPT, str(folder)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    assert proc.stdout is not None
    last = -1
    try:
        deadline = time.monotonic() + 60
        while last < 3_000 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            last = int(line)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        for line in proc.stdout:  # what it printed before it died
            last = max(last, int(line))
        proc.stdout.close()
    assert last >= 3_000, "the writer did not get going"
    (path,) = folder.glob("seg_*.mp4")  # no .part, no rename, no salvage
    video, sound = _decode(path)
    assert len(video) > 60
    assert video == sorted(video) and video[0] < 0.025
    assert video[-1] * 1000 >= last - 1_000  # at most the last second is lost
    assert sound and sound[-1] * 1000 >= last - 1_500
    (info,) = probe_recordings([path])
    assert info.has_audio and info.start_ms == -21 and info.duration_ms >= last - 1_500


def test_frames_and_sound_go_into_one_mp4_on_the_session_clock(tmp_path: Path) -> None:
    bus = EventBus()
    rec = VideoRecorder(tmp_path, fps=30)
    rec.bind_session(42)
    rec.attach(bus)
    statuses: list[SourceStatusEvent] = []
    bus.subscribe(statuses.append, (SourceStatusEvent,))
    bus.publish(_chunk(0))  # before the first frame: in the WAV recording, not here
    for i in range(60):
        t = 500 + i * 33
        if i % 3 == 0:
            bus.publish(_chunk(t))
        bus.deliver(_frame(t, value=i * 4, shape=(480, 854, 3)))
        time.sleep(0.005)
    rec.detach()
    (path,) = find_recordings(tmp_path, 42)
    assert path.parent == tmp_path / "42" / "video" and recording_start_ms(path) == 500
    with av.open(str(path)) as container:
        assert [s.type for s in container.streams] == ["video", "audio"]
        v, a = container.streams.video[0], container.streams.audio[0]
        assert (v.codec_context.name, v.codec_context.width, v.codec_context.height) == (
            "h264",
            854,
            480,
        )
        assert (a.codec_context.name, a.codec_context.sample_rate) == ("aac", 48_000)
    video, sound = _decode(path)
    assert len(video) + rec.dropped == 60 and rec.error is None
    # the events' times, not a frame count; picture and sound both start LEAD_MS (the
    # AAC priming samples) into the file, so they stay in step
    # (the muxer pulls the very first frame to 0: it just shows 21 ms longer)
    assert video[0] == 0.0 and abs(video[1] - (0.033 + LEAD_MS / 1000)) < 0.001
    assert abs(video[-1] - (59 * 0.033 + LEAD_MS / 1000)) < 0.001
    assert sound[0] == 0.0
    assert 1.8 <= sound[-1] <= 2.1
    assert [s.state for s in statuses if s.source == "recording"] == ["ok"]


def test_a_malformed_frame_never_stops_the_recording(tmp_path: Path) -> None:
    bus = EventBus()
    rec = VideoRecorder(tmp_path, audio=False)
    rec.bind_session(1)
    rec.attach(bus)
    statuses: list[SourceStatusEvent] = []
    bus.subscribe(statuses.append, (SourceStatusEvent,))
    frames = [
        _frame(0),
        FrameEvent(33, index=1, image=np.zeros((72, 128, 3), np.float32)),  # not 8-bit
        FrameEvent(66, index=2, image=np.zeros((72, 128, 3, 2), np.uint8)),  # not a picture
        FrameEvent(99, index=3, image=None),
        FrameEvent(132, index=4, image=np.zeros((1, 1, 3), np.uint8)),  # one pixel
        _frame(165, shape=(72, 128)),  # grey: recorded in colour
        _frame(198, shape=(72, 128, 4)),  # BGRA
        _frame(231, shape=(144, 256, 3)),  # another size: scaled to the recording's
        _frame(264),
    ]
    for event in frames:
        bus.deliver(event)
        time.sleep(0.02)  # one at a time: nothing dropped
    rec.detach()
    good, bad = 5, 4
    assert rec.error is None and rec.bad_frames == bad and rec.dropped == 0
    video, _sound = _decode(find_recordings(tmp_path, 1)[0])
    assert len(video) == good
    assert any("malformed frame" in s.message for s in statuses)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_stops_the_recording_with_a_clear_status(tmp_path: Path) -> None:
    folder = tmp_path / "3" / "video"
    folder.mkdir(parents=True)
    (folder / "seg_00001_0000000000.mp4").symlink_to("/dev/full")  # every write: ENOSPC
    bus = EventBus()
    statuses: list[SourceStatusEvent] = []
    alerts: list[AlertEvent] = []
    bus.subscribe(statuses.append, (SourceStatusEvent,))
    bus.subscribe(alerts.append, (AlertEvent,))
    rec = VideoRecorder(tmp_path)
    rec.bind_session(3)
    rec.attach(bus)
    started = time.perf_counter()
    for i in range(90):
        bus.publish(_chunk(i * 33, ms=33))
        bus.deliver(_frame(i * 33, value=i))
        if i % 10 == 0:
            time.sleep(0.02)
    publishing = time.perf_counter() - started
    deadline = time.monotonic() + 20
    while rec.error is None and time.monotonic() < deadline:
        time.sleep(0.02)
    rec.detach()  # the show goes on: detaching neither hangs nor raises
    assert rec.error is not None and "disk is full" in rec.error
    errors = [s for s in statuses if s.source == "recording" and s.state == "error"]
    assert len(errors) == 1 and "disk is full" in errors[0].message
    (alert,) = alerts  # once, in the UI's language (a Message), like the disk guard's
    assert alert.severity == "critical" and alert.message is not None
    assert alert.text.startswith("The disk is full: video recording stopped.")
    assert publishing < 2.0  # the publisher never waited for the failing writer


def test_the_encoder_falling_behind_drops_frames_without_blocking(tmp_path: Path) -> None:
    bus = EventBus()
    rec = VideoRecorder(tmp_path, max_pending=2, audio=False)
    rec.bind_session(5)
    rec.attach(bus)
    image = np.random.default_rng(1).integers(0, 255, (720, 1280, 3), np.uint8)
    longest = 0.0
    for i in range(40):
        started = time.perf_counter()
        bus.deliver(FrameEvent(i * 33, index=i, image=image))
        longest = max(longest, time.perf_counter() - started)
    rec.detach()
    assert rec.dropped > 0
    assert longest < 0.05  # enqueue or drop, never encode on the publisher's thread
    video, _ = _decode(find_recordings(tmp_path, 5)[0])
    assert len(video) + rec.dropped == 40


def test_no_room_on_the_disk_means_no_recording_and_a_reason(tmp_path: Path) -> None:
    class Usage:
        free = 2 * 10**9

    bus = EventBus()
    statuses: list[SourceStatusEvent] = []
    bus.subscribe(statuses.append, (SourceStatusEvent,))
    rec = VideoRecorder(tmp_path, min_free=3 * 10**9, disk_usage=lambda _p: Usage())
    rec.bind_session(6)
    rec.attach(bus)
    bus.deliver(_frame(0))
    rec.detach()
    assert find_recordings(tmp_path, 6) == []
    (status,) = statuses
    assert status.state == "error" and "only 2.0 GB free" in status.message
    assert status.note is not None and status.note.template.startswith("video is not recorded")
    assert status.note.values == {"free": 2.0, "need": 3.0}


def test_sizes_and_the_estimate_per_hour() -> None:
    assert output_size(1920, 1080, 720) == (1280, 720)
    assert output_size(641, 361, 720) == (640, 360)
    assert 1.0e9 <= PROFILES["720p"].bytes_per_hour <= 1.5e9
    assert PROFILES["480p"].bytes_per_hour < PROFILES["720p"].bytes_per_hour


def test_find_recordings_lists_mp4_in_order_and_old_avi_segments(tmp_path: Path) -> None:
    folder = tmp_path / "9" / "video"
    writer = Mp4Writer(folder)
    for t in (1_000, 1_033):
        writer.write_frame(t, np.zeros((32, 32, 3), np.uint8))
    writer.close()
    writer.close()  # twice is fine
    (folder / "seg_00002_0000060000.mp4").write_bytes(b"")  # killed before a byte: skipped
    (folder / "seg_00003.avi").write_bytes(b"old")
    (folder / "seg_00004.part.avi").write_bytes(b"old, cut off")
    assert [p.name for p in find_recordings(tmp_path, 9)] == [
        "seg_00001_0000001000.mp4",
        "seg_00003.avi",
    ]
    assert find_recordings(tmp_path, 10) == []
    (info,) = probe_recordings(find_recordings(tmp_path, 9))  # the junk AVI is left out
    assert (info.start_ms, info.has_audio) == (1_000 - 21, True)  # file time 0: see LEAD_MS
