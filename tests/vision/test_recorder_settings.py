"""The recording setting: on by default, sized, its estimate, and how live mode builds it."""

from __future__ import annotations

from app.config import Config, Settings
from app.settings_check import field_specs, recording_estimate, validate
from app.vision.recorder import PROFILES, VideoRecorder


def test_recording_is_on_by_default_at_720p_with_an_estimate() -> None:
    settings = Settings()
    assert settings.record_video is True and settings.record_video_size == "720p"
    spec = next(s for s in field_specs() if s.name == "record_video_size")
    assert set(spec.choices) == set(PROFILES) and spec.group == "video"
    assert "720p 1.1 GB" in spec.title  # the title states the most an hour takes
    assert recording_estimate(settings).message == (
        "Video at 720p takes at most about 1.1 GB per hour."
    )
    settings.record_video_size = "480p"
    line = recording_estimate(settings, free_bytes=(1 << 30) + 10 * 10**9).message
    assert line.endswith("about 19 hours.") and "0.5 GB" in line
    settings.record_video_size = "4K"
    assert [p.name for p in validate(settings)] == ["record_video_size"]


def test_live_sessions_get_the_recorder_the_settings_ask_for(config: Config) -> None:
    from app.live.processors import build_processors
    from app.vision.stage import VisionStage

    config.settings.record_video_size = "540p"
    pipeline = build_processors(config, [])
    stage = next(p for p in pipeline.processors if isinstance(p, VisionStage))
    (recorder,) = [o for o in stage.outputs if isinstance(o, VideoRecorder)]
    assert recorder.enabled and recorder.audio and recorder.profile.height == 540
    assert recorder.recordings_dir == config.recordings_dir
    assert recorder.min_free > PROFILES["540p"].bytes_per_hour  # "when the disk has room"
    config.settings.record_video = False
    stage = next(p for p in build_processors(config, []).processors if isinstance(p, VisionStage))
    assert not [o for o in stage.outputs if isinstance(o, VideoRecorder)]
