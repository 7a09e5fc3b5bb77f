"""Clips: one MP4 (H.264 + AAC) cut from the recording, landscape or 9:16, with captions.

Every check reads the written file back with PyAV's decoder.
"""

from __future__ import annotations

import wave
from datetime import UTC, datetime
from pathlib import Path

import av
import numpy as np
import pytest

from app.analytics.clips import Caption, ClipError, export_clip
from app.cli import main
from app.config import Config
from app.session import lifecycle
from app.speech.audio_recorder import WavSegmentWriter
from app.store.db import Store
from app.vision.cv import import_cv2
from app.vision.recorder import Mp4Writer

FPS = 30


def _session(store: Store) -> int:
    return lifecycle.begin_session(
        store, title="clip", platform="douyin", host="h", mode="live",
        started_at=datetime(2026, 1, 1, tzinfo=UTC),
    )  # fmt: skip


def _picture(t_ms: int, size: tuple[int, int] = (320, 180)) -> np.ndarray:
    """Dark grey; along the top a white block at 20 px x (frame number mod 16), so a
    frame's time can be read back through the encoder; a white centre column below."""
    w, h = size
    image = np.full((h, w, 3), 40, np.uint8)
    x = t_ms // 33 % 16 * 20
    image[:40, x : x + 20] = 255
    image[40:, w // 2 - 8 : w // 2 + 8] = 255
    return image


def _number(frame: np.ndarray) -> int:
    """The frame number mod 16 that :func:`_picture` drew into a 320 px wide frame."""
    band = frame[5:35, :320].astype(int).mean(axis=(0, 2))
    return int(np.argmax([band[i * 20 + 4 : i * 20 + 16].mean() for i in range(16)]))


def _record(config: Config, sid: int, start_ms: int, end_ms: int, sound: bool = True) -> None:
    """A recording like the live one: frames at 30 fps (and sound) in one fragmented MP4."""
    writer = Mp4Writer(config.recordings_dir / str(sid) / "video", fps=FPS, audio=sound)
    tone = (np.sin(np.arange(1600) / 3) * 8000).astype("<i2").tobytes()
    for t in range(start_ms, end_ms, 1000 // FPS):
        writer.write_frame(t, _picture(t))
        if sound and t % 100 < 1000 // FPS:
            writer.write_audio(t, tone, 16_000)
    writer.close()


def _write_audio(folder: Path, spans: list[tuple[int, int]]) -> None:
    """A loud tone at 16 kHz over each span (WAV segments like the audio recorder's)."""
    writer = WavSegmentWriter(folder, segment_ms=1_000)
    tone = (np.sin(np.arange(1600) / 3) * 8000).astype("<i2").tobytes()
    for start, end in spans:
        for t in range(start, end, 100):
            writer.write(t, tone, 16_000)
    writer.close()


def _streams(path: Path) -> list[tuple[str, int, int]]:
    with av.open(str(path)) as c:
        return [
            (s.type, getattr(s.codec_context, "width", 0), getattr(s.codec_context, "height", 0))
            for s in c.streams
        ]


def _frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as c:
        return [f.to_ndarray(format="bgr24") for f in c.decode(video=0)]


def _sound(path: Path) -> np.ndarray:
    with av.open(str(path)) as c:
        chunks = [f.to_ndarray().reshape(-1) for f in c.decode(audio=0)]
    return np.concatenate(chunks)


def test_a_clip_is_one_mp4_with_one_video_and_one_audio_stream(
    config: Config, store: Store, tmp_path: Path
) -> None:
    sid = _session(store)
    _record(config, sid, 0, 3_000)
    _write_audio(config.recordings_dir / str(sid) / "audio", [(0, 1_000), (2_000, 3_000)])
    seen: list[float] = []
    out = tmp_path / "out" / "clip.mp4"
    result = export_clip(
        config.recordings_dir, sid, 700, 2_300, out, progress=lambda f, _w: seen.append(f)
    )
    assert result.video == out and result.audio == out and result.files == [out]
    assert _streams(out) == [("video", 320, 180), ("audio", 0, 0)]
    frames = _frames(out)
    assert result.frames == len(frames) == 48  # 1.6 s at 30 fps
    numbers = [_number(f) for f in frames]
    assert numbers[0] == 21 % 16 and numbers[-1] == 68 % 16  # the frames of 0.7 s .. 2.27 s
    sound = _sound(out)
    assert abs(len(sound) - 48_000 * 1.6) < 48_000 * 0.1
    loud = np.abs(sound) > 0.05
    assert loud[: 48 * 250].mean() > 0.5  # 0.7-1.0 s was heard
    assert not loud[48 * 450 : 48 * 1_250].any()  # 1.0-2.0 s: silence, in step
    assert loud[48 * 1_400 :].mean() > 0.5
    assert seen[-1] == 1.0
    assert not list((tmp_path / "out").glob("*.part.*"))


@pytest.mark.parametrize("shape", ["portrait", "portrait-blur"])
def test_portrait_clips_are_9_by_16(
    config: Config, store: Store, tmp_path: Path, shape: str
) -> None:
    sid = _session(store)
    _record(config, sid, 0, 1_000)  # no WAV: the sound comes from the recording itself
    out = tmp_path / f"{shape}.mp4"
    result = export_clip(config.recordings_dir, sid, 0, 1_000, out, shape=shape)
    assert result.audio == out
    assert _streams(out) == [("video", 720, 1280), ("audio", 0, 0)]
    frame = _frames(out)[15].astype(int)
    assert frame[640, 355:365].mean() > 230  # the white centre column stays in the middle
    if shape == "portrait":  # cropped: the picture fills the frame top to bottom
        assert frame[1200, 360].mean() > 230 and frame[1200, 100].mean() < 60
    else:  # the whole 16:9 picture in the middle, blurred and darker above and below
        assert frame[640, 10].mean() < 60 and frame[100, 360].mean() < 200
    assert (np.abs(_sound(out)) > 0.05).mean() > 0.5


def test_captions_are_burnt_into_the_picture(config: Config, store: Store, tmp_path: Path) -> None:
    sid = _session(store)
    _record(config, sid, 0, 1_000, sound=False)
    plain, captioned = tmp_path / "plain.mp4", tmp_path / "captioned.mp4"
    export_clip(config.recordings_dir, sid, 0, 1_000, plain)
    line = [Caption(400, 2_000, "这款面霜今天只要九十九元")]
    result = export_clip(config.recordings_dir, sid, 0, 1_000, captioned, captions=line)
    assert result.audio is None  # nothing was heard: the clip still has its (silent) track
    assert _streams(captioned) == [("video", 320, 180), ("audio", 0, 0)]
    a, b = _frames(plain), _frames(captioned)
    lower = slice(100, 180)
    assert np.abs(a[3][lower].astype(int) - b[3][lower]).max() < 20  # before the line: same
    assert np.abs(a[20][lower].astype(int) - b[20][lower]).mean() > 5  # during it: text
    assert np.abs(a[20][:60].astype(int) - b[20][:60]).max() < 20  # only the lower part


def test_cli_export_clip_portrait_with_captions(
    config: Config, store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.store.models import TranscriptSegment

    sid = _session(store)
    _record(config, sid, 0, 2_000)
    with store.sessions.begin() as s:
        s.add(
            TranscriptSegment(
                session_id=sid, ts=datetime(2026, 1, 1, tzinfo=UTC), start_ms=0, end_ms=1_500,
                text="拍一发二", lang="zh", words=[], final=True, source="test",
            )
        )  # fmt: skip
    out = tmp_path / "c.mp4"
    args = ["sessions", "export-clip", str(sid), "--start", "0:00:00.5", "--end", "1.5"]
    assert main([*args, "--out", str(out), "--shape", "portrait", "--captions"]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert _streams(out) == [("video", 720, 1280), ("audio", 0, 0)]
    assert len(_frames(out)) == 30


def test_sound_only_and_old_avi_recordings(config: Config, store: Store, tmp_path: Path) -> None:
    sid = _session(store)
    _write_audio(config.recordings_dir / str(sid) / "audio", [(0, 2_000)])
    result = export_clip(config.recordings_dir, sid, 500, 1_500, tmp_path / "a.mp4")
    assert result.video is None and result.audio == tmp_path / "a.mp4"
    assert _streams(tmp_path / "a.mp4") == [("audio", 0, 0)]
    wav = export_clip(config.recordings_dir, sid, 500, 1_500, tmp_path / "a.wav")
    with wave.open(str(wav.audio), "rb") as w:
        assert w.getnframes() == 48_000
    # a session recorded before MP4: MJPG AVI segments placed end to end from 0
    cv2 = import_cv2()
    folder = config.recordings_dir / str(sid) / "video"
    folder.mkdir(parents=True)
    writer = cv2.VideoWriter(str(folder / "seg_00001.avi"), cv2.VideoWriter_fourcc(*"MJPG"),
                             10, (64, 36))  # fmt: skip
    for f in range(20):
        writer.write(np.full((36, 64, 3), f * 10, np.uint8))
    writer.release()
    old = export_clip(config.recordings_dir, sid, 1_000, 2_000, tmp_path / "old.mp4")
    assert _streams(tmp_path / "old.mp4") == [("video", 64, 36), ("audio", 0, 0)]
    assert old.frames == 30 and abs(int(_frames(tmp_path / "old.mp4")[0].mean()) - 100) <= 5


def test_clip_errors_say_what_to_do(
    config: Config, store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sid = _session(store)
    with pytest.raises(ClipError, match="no recorded video or audio"):
        export_clip(config.recordings_dir, sid, 0, 1_000, tmp_path / "c.mp4")
    assert main(["sessions", "export-clip", str(sid), "--start", "0", "--end", "1",
                 "--out", str(tmp_path / "c.mp4")]) == 1  # fmt: skip
    assert "Record the program video" in capsys.readouterr().err
    _record(config, sid, 0, 1_000)
    with pytest.raises(ClipError, match="end after it starts"):
        export_clip(config.recordings_dir, sid, 500, 500, tmp_path / "c.mp4")
    with pytest.raises(ClipError, match="unsupported clip format"):
        export_clip(config.recordings_dir, sid, 0, 500, tmp_path / "c.avi")
    with pytest.raises(ClipError, match="unknown clip shape"):
        export_clip(config.recordings_dir, sid, 0, 500, tmp_path / "c.mp4", shape="square")
    with pytest.raises(ClipError, match="nothing was recorded between"):
        export_clip(config.recordings_dir, sid, 5_000, 6_000, tmp_path / "c.mp4")
    assert main(["sessions", "export-clip", "999", "--start", "0", "--end", "1",
                 "--out", str(tmp_path / "c.mp4")]) == 1  # fmt: skip
    assert "999" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["sessions", "export-clip", str(sid), "--start", "x", "--end", "1", "--out", "c.mp4"])
    assert not list(tmp_path.glob("c*"))


def test_cancelled_clip_leaves_no_file(config: Config, store: Store, tmp_path: Path) -> None:
    sid = _session(store)
    _record(config, sid, 0, 2_000, sound=False)
    with pytest.raises(ClipError, match="cancelled"):
        export_clip(
            config.recordings_dir, sid, 0, 2_000, tmp_path / "c.mp4", cancelled=lambda: True
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
