"""Segmented video recording survives a SIGKILL: every finished segment plays."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from app.session.bus import EventBus
from app.session.events import FrameEvent
from app.vision.cv import import_cv2
from app.vision.recorder import SegmentWriter, VideoRecorder, salvage_partial_video

WRITER_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import numpy as np
    from app.vision.recorder import SegmentWriter
    w = SegmentWriter(Path(sys.argv[1]), fps=30, segment_frames=10)
    i = 0
    while True:  # until killed
        w.write(np.full((72, 128, 3), i % 250, np.uint8)); i += 1
        time.sleep(0.002)
    """
)


def _frames_in(path: Path) -> int:
    cv2 = import_cv2()
    cap = cv2.VideoCapture(str(path))
    count = 0
    while cap.read()[0]:
        count += 1
    cap.release()
    return count


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killed_recording_leaves_playable_segments(tmp_path: Path) -> None:
    folder = tmp_path / "rec"
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER_SCRIPT, str(folder)], cwd=root, env={**os.environ}
    )
    try:
        deadline = time.monotonic() + 30
        while len(list(folder.glob("seg_*[0-9].avi"))) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finished = sorted(folder.glob("seg_*[0-9].avi"))
    assert len(finished) >= 3
    for segment in finished:
        assert _frames_in(segment) == 10
    assert all(".part" not in p.name for p in finished)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_salvage_keeps_the_frames_of_the_segment_a_kill_cut_off(tmp_path: Path) -> None:
    folder = tmp_path / "7" / "video"
    root = Path(__file__).resolve().parents[2]
    script = WRITER_SCRIPT.replace("segment_frames=10", "segment_frames=100_000")
    proc = subprocess.Popen([sys.executable, "-c", script, str(folder)], cwd=root)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            parts = list(folder.glob("*.part.avi"))
            if parts and parts[0].stat().st_size > 0:  # frames on disk, no index yet
                break
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    (part,) = folder.glob("seg_00001.part.avi")
    readable = _frames_in(part)
    assert readable > 0
    junk = folder / "seg_00009.part.avi"
    junk.write_bytes(b"not a video")
    assert salvage_partial_video(tmp_path, 7) == [folder / "seg_00001.avi"]
    assert _frames_in(folder / "seg_00001.avi") == readable
    assert not part.exists() and junk.exists()  # what does not open is left for a person
    assert salvage_partial_video(tmp_path, 8) == []  # no recording at all


def test_recorder_writes_composited_frames_under_the_session(tmp_path: Path) -> None:
    bus = EventBus()
    rec = VideoRecorder(tmp_path, fps=10, segment_seconds=0.5)
    rec.bind_session(42)
    rec.attach(bus)
    for i in range(12):
        bus.deliver(FrameEvent(i * 100, index=i, image=np.full((36, 64, 3), 100, np.uint8)))
        time.sleep(0.01)
    rec.detach()
    segments = sorted((tmp_path / "42" / "video").glob("*.avi"))
    assert [p.name for p in segments] == ["seg_00001.avi", "seg_00002.avi", "seg_00003.avi"]
    assert sum(_frames_in(p) for p in segments) + rec.dropped == 12


def test_unwritable_folder_reports_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    writer = SegmentWriter(blocker / "sub", fps=10, segment_frames=5)
    with pytest.raises(OSError):
        writer.write(np.zeros((8, 8, 3), np.uint8))
