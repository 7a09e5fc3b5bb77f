"""Highlight clips: the span cut from the video and audio segments, CLI and errors."""

from __future__ import annotations

import wave
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from app.analytics.clips import ClipError, export_clip
from app.cli import main
from app.config import Config
from app.session import lifecycle
from app.speech.audio_recorder import WavSegmentWriter
from app.store.db import Store
from app.vision.cv import import_cv2

FPS = 10


def _session(store: Store) -> int:
    return lifecycle.begin_session(
        store, title="clip", platform="douyin", host="h", mode="live",
        started_at=datetime(2026, 1, 1, tzinfo=UTC),
    )  # fmt: skip


def _write_video(folder: Path, seconds: int) -> None:
    """1 s MJPG segments like app.vision.recorder's; frame n's grey level is n (0..)."""
    cv2 = import_cv2()
    folder.mkdir(parents=True, exist_ok=True)
    for s in range(seconds):
        writer = cv2.VideoWriter(
            str(folder / f"seg_{s + 1:05d}.avi"), cv2.VideoWriter_fourcc(*"MJPG"), FPS, (32, 24)
        )
        for f in range(FPS):
            writer.write(np.full((24, 32, 3), (s * FPS + f) * 4, dtype=np.uint8))
        writer.release()


def _write_audio(folder: Path, spans: list[tuple[int, int]]) -> None:
    """Audio at 16 kHz where each sample's value is its session ms (mod 30000)."""
    writer = WavSegmentWriter(folder, segment_ms=1_000)
    for start, end in spans:
        for t in range(start, end, 100):
            pcm = b"".join(
                ((t + i // 16) % 30_000).to_bytes(2, "little", signed=True) for i in range(1600)
            )
            writer.write(t, pcm, 16_000)
    writer.close()


def _frames(path: Path) -> list[int]:
    cv2 = import_cv2()
    cap = cv2.VideoCapture(str(path))
    levels = []
    while True:
        ok, image = cap.read()
        if not ok:
            break
        levels.append(round(float(image.mean()) / 4))
    cap.release()
    return levels


def _samples(path: Path) -> tuple[int, np.ndarray]:
    with wave.open(str(path), "rb") as wav:
        return wav.getframerate(), np.frombuffer(wav.readframes(wav.getnframes()), "<i2")


def test_clip_cuts_the_span_across_segments(config: Config, store: Store, tmp_path: Path) -> None:
    sid = _session(store)
    root = config.recordings_dir / str(sid)
    _write_video(root / "video", 3)
    _write_audio(root / "audio", [(0, 1_000), (2_000, 3_000)])  # nothing 1-2 s
    seen = []
    result = export_clip(
        config.recordings_dir, sid, 700, 2_300, tmp_path / "out" / "clip.avi",
        progress=lambda f, what: seen.append(f),
    )  # fmt: skip
    assert result.video == tmp_path / "out" / "clip.avi"
    assert result.audio == tmp_path / "out" / "clip.wav"
    assert result.frames == 16
    assert _frames(result.video) == list(range(7, 23))  # frames at 0.7 s .. 2.2 s
    rate, samples = _samples(result.audio)
    assert rate == 16_000 and len(samples) == 16_000 * 1_600 // 1_000
    assert samples[0] == 700 and samples[16 * 299] == 999  # 0.7-1.0 s as recorded
    assert not samples[16 * 300 : 16 * 1_300].any()  # the gap is silence, in step
    assert samples[16 * 1_300] == 2_000 and samples[-1] == 2_299
    assert seen[-1] == 1.0
    assert not list((tmp_path / "out").glob("*.part.*"))


def test_audio_only_clip_and_a_clear_message_without_video(
    config: Config, store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sid = _session(store)
    _write_audio(config.recordings_dir / str(sid) / "audio", [(0, 2_000)])
    out = tmp_path / "clip.avi"
    args = ["sessions", "export-clip", str(sid), "--start", "0:00:00.5", "--end", "1.5"]
    assert main([*args, "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "no recorded video in this span: wrote the audio only" in captured.err
    assert captured.out.strip() == str(tmp_path / "clip.wav")
    assert not out.exists()
    rate, samples = _samples(tmp_path / "clip.wav")
    assert len(samples) == rate and samples[0] == 500


def test_clip_errors_say_what_to_do(
    config: Config, store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sid = _session(store)
    with pytest.raises(ClipError, match="no recorded video or audio"):
        export_clip(config.recordings_dir, sid, 0, 1_000, tmp_path / "c.avi")
    assert main(["sessions", "export-clip", str(sid), "--start", "0", "--end", "1",
                 "--out", str(tmp_path / "c.avi")]) == 1  # fmt: skip
    assert "Record the program video" in capsys.readouterr().err
    _write_video(config.recordings_dir / str(sid) / "video", 1)
    with pytest.raises(ClipError, match="end after it starts"):
        export_clip(config.recordings_dir, sid, 500, 500, tmp_path / "c.avi")
    with pytest.raises(ClipError, match="unsupported clip format"):
        export_clip(config.recordings_dir, sid, 0, 500, tmp_path / "c.gif")
    with pytest.raises(ClipError, match="nothing was recorded between"):
        export_clip(config.recordings_dir, sid, 5_000, 6_000, tmp_path / "c.avi")
    assert main(["sessions", "export-clip", "999", "--start", "0", "--end", "1",
                 "--out", str(tmp_path / "c.avi")]) == 1  # fmt: skip
    assert "999" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["sessions", "export-clip", str(sid), "--start", "x", "--end", "1", "--out", "c.avi"])


def test_cancelled_clip_leaves_no_file(config: Config, store: Store, tmp_path: Path) -> None:
    sid = _session(store)
    _write_video(config.recordings_dir / str(sid) / "video", 5)
    with pytest.raises(ClipError, match="cancelled"):
        export_clip(
            config.recordings_dir, sid, 0, 5_000, tmp_path / "c.avi", cancelled=lambda: True
        )
    assert list(tmp_path.iterdir()) == []


def test_review_of_an_interrupted_session_salvages_the_cut_off_audio(
    config: Config, store: Store
) -> None:
    from sqlalchemy import update

    from app.analytics.review import load_review
    from app.store.models import LiveSession

    sid = _session(store)
    from tests.test_audio_recording import _killed_segment

    _killed_segment(config.recordings_dir / str(sid) / "audio", 0, b"\x01\x00" * 8_000)
    assert load_review(store, sid, recordings_dir=config.recordings_dir).audio == []  # live
    with store.sessions.begin() as s:
        s.execute(update(LiveSession).where(LiveSession.id == sid).values(status="interrupted"))
    data = load_review(store, sid, recordings_dir=config.recordings_dir)
    assert [(a.start_ms, a.duration_ms) for a in data.audio] == [(0, 500)]
