"""Highlights -> one MP4 clip (video + sound), portrait, captions, top moments (pytest-qt).

The session is a headless demo run through the live session builder, so its recording
is the real one: the vision stage's recorder writing H.264 + AAC into a fragmented MP4.
"""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
from PySide6.QtWidgets import QFileDialog, QListWidgetItem
from pytestqt.qtbot import QtBot
from review_support import open_review

from app.config import Config
from app.live.headless import run_headless
from app.store.db import Store
from app.ui.review.clips import SCORE_ROLE, SPAN_ROLE
from app.ui.review.window import TIME_ROLE, ReviewWindow
from app.vision.recorder import Mp4Writer, find_recordings, recording_start_ms

#: As MEDIA_LOG_NOISE, and what a test machine without GPU or sound card hears when an MP4
#: with sound really plays (only one qt_log_ignore marker counts, so all in one).
pytestmark = pytest.mark.qt_log_ignore(
    "Could not open media", "No RHI backend", "No audio device detected", extend=True
)


@pytest.fixture
def recorded_at_1x(config: Config, store: Store, mini_bundle: Path) -> int:
    """The mini show replayed in real time (1.6 s), so the vision stage surely hands the
    recorder frames (at 8x the show can end before the first one)."""
    config.settings.record_video = True
    return run_headless(config, store, bundle_dir=mini_bundle, speed=1.0).session_id


def _highlight(window: ReviewWindow, start: int, end: int, score: float = 1.0) -> None:
    item = QListWidgetItem(f"spike {start}")
    item.setData(TIME_ROLE, start)
    item.setData(SPAN_ROLE, (start, end))
    item.setData(SCORE_ROLE, score)
    window.highlights.addItem(item)
    window.highlights.setCurrentItem(item)


def _record_longer(config: Config, session_id: int, seconds: int = 4) -> None:
    """Replace the demo's short recording (the 1.6 s show at 8x) with a longer one."""
    folder = config.recordings_dir / str(session_id) / "video"
    for path in folder.glob("*"):
        path.unlink()
    writer = Mp4Writer(folder, fps=10)
    for t in range(0, seconds * 1000, 100):
        writer.write_frame(t, np.full((120, 160, 3), t // 20 % 250, np.uint8))
    writer.close()


def _streams(path: Path) -> list[tuple[str, int]]:
    with av.open(str(path)) as c:
        return [(s.type, getattr(s.codec_context, "height", 0)) for s in c.streams]


def test_export_clip_writes_one_portrait_mp4_with_sound(  # noqa: PLR0917 (pytest fixtures)
    qtbot: QtBot,
    store: Store,
    config: Config,
    recorded_at_1x: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorded = recorded_at_1x
    (recording,) = find_recordings(config.recordings_dir, recorded)  # the live recorder's
    with av.open(str(recording)) as container:  # picture and the narration in one file
        assert [s.type for s in container.streams] == ["video", "audio"]
    out = tmp_path / "best.mp4"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window = open_review(qtbot, store, recorded, config)
    page = window.highlights_page
    try:
        first = recording_start_ms(recording)  # when the demo's first frame came (timing)
        _highlight(window, first, first + 1_000)
        page.shape.setCurrentIndex(page.shape.findData("portrait-blur"))
        page.captions_box.setChecked(True)
        page.set_transcript(window.data.transcript if window.data else [])
        page.export_button.click()
        qtbot.waitUntil(lambda: page.result is not None or page.error is not None, timeout=20_000)
        assert page.error is None and page.result is not None
        assert page.result.video == out and page.result.audio == out
        assert _streams(out) == [("video", 1280), ("audio", 0)]
        assert "Clip saved" in page.status.text() and str(out) in page.status.text()
        assert page.export_button.isEnabled()
    finally:
        window.close()


def test_export_top_moments_in_one_click(  # noqa: PLR0917 (pytest fixtures)
    qtbot: QtBot, store: Store, config: Config, recorded: int, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    _record_longer(config, recorded)
    window = open_review(qtbot, store, recorded, config)
    page = window.highlights_page
    try:
        window.highlights.clear()
        for start, score in ((0, 1.0), (1_000, 5.0), (2_000, 3.0), (3_000, 4.0)):
            _highlight(window, start, start + 500, score)
        assert page.top_spans() == [(1_000, 1_500), (2_000, 2_500), (3_000, 3_500)]
        assert page.top_button.isEnabled()
        page.top_button.click()
        qtbot.waitUntil(lambda: bool(page.results) or page.error is not None, timeout=30_000)
        assert page.error is None
        files = sorted(tmp_path.glob("*.mp4"))
        assert [p.name for p in files] == [
            f"session-{recorded}-0-00-01.mp4",
            f"session-{recorded}-0-00-02.mp4",
            f"session-{recorded}-0-00-03.mp4",
        ]
        for path in files:
            assert [kind for kind, _h in _streams(path)] == ["video", "audio"]
    finally:
        window.close()


def test_export_clip_without_a_recording_says_so(
    qtbot: QtBot, store: Store, config: Config, recorded: int, tmp_path: Path
) -> None:
    for kind in ("audio", "video"):
        for path in (config.recordings_dir / str(recorded) / kind).glob("*"):
            path.unlink()
    window = open_review(qtbot, store, recorded, config)
    page = window.highlights_page
    try:
        _highlight(window, 0, 1_000)
        page.export(0, 1_000, tmp_path / "c.mp4")
        qtbot.waitUntil(lambda: page.error is not None, timeout=10_000)
        assert "no recorded video or audio" in page.status.text()
        assert not (tmp_path / "c.mp4").exists()
    finally:
        window.close()
