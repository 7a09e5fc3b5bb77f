"""Highlights -> "Export clip…" in the review window (pytest-qt, file dialog patched)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtWidgets import QFileDialog, QListWidgetItem
from pytestqt.qtbot import QtBot
from review_support import MEDIA_LOG_NOISE, open_review

from app.config import Config
from app.store.db import Store
from app.ui.review.clips import SPAN_ROLE
from app.ui.review.window import TIME_ROLE, ReviewWindow
from app.vision.cv import import_cv2

pytestmark = MEDIA_LOG_NOISE


def _highlight(window: ReviewWindow, start: int, end: int) -> None:
    """A highlight row as _fill_highlights makes it (the mini show has no spikes)."""
    item = QListWidgetItem("spike")
    item.setData(TIME_ROLE, start)
    item.setData(SPAN_ROLE, (start, end))
    window.highlights.addItem(item)
    window.highlights.setCurrentItem(item)


def _write_video(folder: Path) -> None:
    cv2 = import_cv2()
    folder.mkdir(parents=True, exist_ok=True)
    writer = cv2.VideoWriter(str(folder / "seg_00001.avi"), cv2.VideoWriter_fourcc(*"MJPG"), 10,
                             (32, 24))  # fmt: skip
    for f in range(20):
        writer.write(np.full((24, 32, 3), f * 10, dtype=np.uint8))
    writer.release()


def test_export_clip_from_a_highlight(  # noqa: PLR0917 (pytest fixtures)
    qtbot: QtBot, store: Store, config: Config, recorded: int, tmp_path: Path, monkeypatch
) -> None:
    _write_video(config.recordings_dir / str(recorded) / "video")
    out = tmp_path / "best.avi"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window = open_review(qtbot, store, recorded, config)
    page = window.highlights_page
    try:
        assert not page.export_button.isEnabled()  # "No spikes found" is not a span
        _highlight(window, 500, 1_500)
        assert page.export_button.isEnabled() and page.selected_span() == (500, 1_500)
        page.export_button.click()
        qtbot.waitUntil(lambda: page.result is not None or page.error is not None, timeout=10_000)
        assert page.error is None and page.result is not None
        assert page.result.frames == 10 and page.result.video == out
        assert page.result.audio == tmp_path / "best.wav"  # the demo's narration, recorded
        assert out.stat().st_size > 0 and (tmp_path / "best.wav").stat().st_size > 44
        assert "Clip saved" in page.status.text() and str(out) in page.status.text()
        assert page.export_button.isEnabled()
    finally:
        window.close()


def test_export_clip_without_a_recording_says_so(
    qtbot: QtBot, store: Store, config: Config, recorded: int, tmp_path: Path
) -> None:
    for path in (config.recordings_dir / str(recorded) / "audio").iterdir():
        path.unlink()
    window = open_review(qtbot, store, recorded, config)
    page = window.highlights_page
    try:
        _highlight(window, 0, 1_000)
        page.export(0, 1_000, tmp_path / "c.avi")
        qtbot.waitUntil(lambda: page.error is not None, timeout=10_000)
        assert "no recorded video or audio" in page.status.text()
        assert not (tmp_path / "c.avi").exists()
    finally:
        window.close()
