"""The review window plays the recorded audio in step with the timeline (pytest-qt).

The headless demo records the mini bundle's narration WAV (``record_audio`` is on by
default). Offscreen there is usually no audio device: the window must still load the
segments, follow seeks and keep the cursor running, and say so instead of playing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtMultimedia import QMediaPlayer
from pytestqt.qtbot import QtBot
from review_support import MEDIA_LOG_NOISE, open_review, record_demo

from app.config import Config
from app.speech.audio_recorder import WavSegmentWriter
from app.store.db import Store

# The picture is converted on the CPU offscreen (no GPU): Qt Multimedia says so once.
pytestmark = [MEDIA_LOG_NOISE, pytest.mark.qt_log_ignore("No RHI backend", extend=True)]


@pytest.fixture
def recorded(config: Config, store: Store, mini_bundle: Path) -> int:
    """The mini demo without camera recording: these tests bring their own video segments."""
    config.settings.record_video = False
    return record_demo(config, store, mini_bundle)


def test_demo_audio_is_recorded_and_loaded(
    qtbot: QtBot, store: Store, config: Config, recorded: int
) -> None:
    window = open_review(qtbot, store, recorded, config)
    try:
        data = window.data
        assert data is not None and len(data.audio) == 1
        seg = data.audio[0]
        assert seg.start_ms == 0 and seg.duration_ms > 0
        assert "audio plays with the timeline" in window.no_video.text()
        assert window.audio_player is not None
        assert window.audio_player.source().toLocalFile() == str(seg.path)
    finally:
        window.close()


def test_seeking_moves_the_audio_between_segments_and_gaps(
    qtbot: QtBot, store: Store, config: Config, recorded: int
) -> None:
    folder = config.recordings_dir / str(recorded) / "audio"
    for old in folder.iterdir():
        old.unlink()
    writer = WavSegmentWriter(folder, segment_ms=500)
    for t in (0, 100, 200, 300, 400, 500, 600, 700, 1200, 1300):  # gap 800-1200 ms
        writer.write(t, b"\x00\x10" * 1600, 16_000)
    writer.close()
    window = open_review(qtbot, store, recorded, config)
    try:
        assert [s.start_ms for s in window._audio] == [0, 500, 1200]
        assert window.audio_at(650) == (1, 150)
        assert window.audio_at(900) is None  # nothing recorded there
        window.seek(1_250)
        assert window.audio_player.source().toLocalFile().endswith("seg_00003_0000001200.wav")
        assert window._pending_audio_pos == 50  # applied once the segment has loaded
        window.seek(650)
        assert window.audio_player.source().toLocalFile().endswith("seg_00002_0000000500.wav")
        qtbot.waitUntil(lambda: window._pending_audio_pos is None, timeout=5_000)
        assert window.audio_player.position() == 150
        window.seek(900)  # a gap: the audio does not play, the cursor still moves
        assert window.position_ms == 900 and window.timeline.cursor_ms == 900
        assert window.audio_player.playbackState() != QMediaPlayer.PlaybackState.PlayingState
    finally:
        window.close()


def test_playback_runs_even_when_the_audio_cannot_play(
    qtbot: QtBot, store: Store, config: Config, recorded: int
) -> None:
    window = open_review(qtbot, store, recorded, config)
    try:
        window.audio_player.errorOccurred.emit(
            QMediaPlayer.Error.ResourceError, "no audio output device"
        )
        assert window.audio_error == "no audio output device"
        assert "cannot play here" in window.statusBar().currentMessage()
        window.seek(100)
        window.play_button.click()
        assert window.play_button.isChecked()
        qtbot.waitUntil(lambda: window.position_ms >= 400, timeout=5_000)  # real-time clock
        window.play_button.click()
        assert not window.play_button.isChecked()
    finally:
        window.close()


def test_viewers_track_shows_the_samples_as_steps(
    qtbot: QtBot, store: Store, config: Config, recorded: int
) -> None:
    import pyqtgraph as pg

    window = open_review(qtbot, store, recorded, config)
    try:
        plot = window.timeline.plots["viewers"]
        curves = [i for i in plot.items if isinstance(i, pg.PlotDataItem)]
        assert len(curves) == 1
        xs, ys = curves[0].xData, curves[0].yData
        assert list(ys) == [120.0, 150.0]  # the mini show's two samples
        assert list(xs[:2]) == [0.1, 1.5] and xs[-1] >= 1.5  # held to the session's end
        linked = window.timeline.plots["products"].viewRange()[0]  # x axes are linked
        assert plot.viewRange()[0] == pytest.approx(linked, abs=1e-6)
    finally:
        window.close()
