"""Low disk space while recording: warn early, stop video first, then audio, keep the rows.

The free space is scripted (a real disk cannot be filled on purpose here); the recorders,
the bus and the WAV files are real.
"""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from app.session.bus import EventBus
from app.session.disk import GIB, MIB, DiskGuard, DiskLevels, human_bytes
from app.session.events import AlertEvent, AudioChunkEvent, FrameEvent, SourceStatusEvent
from app.speech.audio_recorder import AudioRecorder
from app.vision.recorder import VideoRecorder


class ScriptedDisk:
    def __init__(self, free: int) -> None:
        self.free = free

    def __call__(self, folder: Path) -> SimpleNamespace:
        return SimpleNamespace(free=self.free)


def _chunk(t_ms: int) -> AudioChunkEvent:
    return AudioChunkEvent(t_ms, b"\x00\x10" * 1600, 16_000, -20.0)


def _frame(t_ms: int) -> FrameEvent:
    return FrameEvent(t_ms, index=t_ms, image=np.full((90, 160, 3), t_ms % 255, np.uint8))


def _wait(predicate: object, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.02)
    raise AssertionError("timed out")


def test_video_stops_first_then_audio_and_never_comes_back(tmp_path: Path) -> None:
    bus = EventBus()
    alerts: list[AlertEvent] = []
    statuses: list[SourceStatusEvent] = []
    bus.subscribe(alerts.append, (AlertEvent,))
    bus.subscribe(statuses.append, (SourceStatusEvent,))
    audio = AudioRecorder(tmp_path / "rec", segment_seconds=60)
    video = VideoRecorder(tmp_path / "rec", segment_seconds=60)
    for recorder in (audio, video):
        recorder.bind_session(1)
        recorder.attach(bus)
    disk = ScriptedDisk(5 * GIB)
    guard = DiskGuard(tmp_path, video=video, audio=audio, usage=disk, interval_s=3600)
    guard.attach(bus)
    try:
        assert [s.state for s in statuses if s.source == "disk"] == ["ok"]
        for t in range(0, 500, 100):
            bus.publish(_chunk(t))
            bus.publish(_frame(t))
        # both recorders have written (each says "recording ... to <folder>" once)
        _wait(lambda: len([s for s in statuses if "recording" in s.message]) == 2)
        disk.free = int(1.5 * GIB)
        guard.check()
        guard.check()  # said once, not every check
        assert [a.severity for a in alerts] == ["warning"]
        assert "comments and orders are kept" in alerts[0].text
        disk.free = 600 * MIB
        guard.check()
        assert "Video recording stopped" in alerts[-1].text and alerts[-1].severity == "critical"
        bus.publish(_frame(600))  # wakes the video writer: it closes the segment in hand
        bus.publish(_chunk(600))
        _wait(lambda: video.error is not None)
        assert audio.error is None  # audio and rows go on
        disk.free = 100 * MIB
        guard.check()
        bus.publish(_chunk(700))
        _wait(lambda: audio.error is not None)
        assert "Audio recording stopped" in alerts[-1].text
        disk.free = 50 * GIB  # space freed: it goes to the rows, not back to the video
        guard.check()
        bus.publish(_frame(800))
        bus.publish(_chunk(800))
        assert video.error is not None and audio.error is not None
    finally:
        guard.detach()
        for recorder in (video, audio):
            recorder.detach()
    # What was recorded before each stop is complete and playable (final names, no .part).
    for kind in ("video", "audio"):
        files = sorted((tmp_path / "rec" / "1" / kind).iterdir())
        assert files and not [f for f in files if ".part" in f.name]
    assert [s.state for s in statuses if s.source == "disk"] == ["ok", "warning", "error", "ok"]


def test_levels_and_units() -> None:
    levels = DiskLevels()
    assert levels.warn > levels.stop_video > levels.stop_audio
    assert human_bytes(1536) == "1.5 KB" and human_bytes(3 * GIB) == "3.0 GB"
    assert human_bytes(512) == "512 B"


def test_an_unreadable_disk_is_not_an_error(tmp_path: Path) -> None:
    def broken(folder: Path) -> object:
        raise OSError("stale NFS handle")

    guard = DiskGuard(tmp_path, usage=broken)
    assert guard.check() is None
