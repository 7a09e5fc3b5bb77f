"""Without QtMultimedia (Linux without PulseAudio's client library) the review window still
opens: the timeline, transcript and comments work, and the video area says how to get
playback, in the interface language. No ImportError reaches the user."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from review_support import open_review

from app import system_libs
from app.config import Config
from app.store.db import Store
from app.ui import multimedia

LOADER_ERROR = "libpulse.so.0: cannot open shared object file: No such file or directory"


@pytest.fixture
def no_multimedia(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """QtMultimedia fails to load as it does on a machine without libpulse0."""
    monkeypatch.setattr(multimedia, "multimedia_error", lambda: LOADER_ERROR)
    monkeypatch.setattr(system_libs, "_distribution", lambda: "debian")
    yield


def test_a_failing_import_is_caught_and_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    multimedia.multimedia_error.cache_clear()
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)  # import raises
    try:
        assert multimedia.multimedia_missing()
        assert "PySide6.QtMultimedia" in (multimedia.multimedia_error() or "")
    finally:
        multimedia.multimedia_error.cache_clear()
    monkeypatch.delitem(sys.modules, "PySide6.QtMultimedia")
    assert not multimedia.multimedia_missing()  # this machine has it


@pytest.mark.usefixtures("no_multimedia")
def test_review_without_multimedia_shows_the_timeline_and_the_fix(
    qtbot: QtBot, store: Store, config: Config, recorded: int
) -> None:
    window = open_review(qtbot, store, recorded, config)
    try:
        assert window.error is None and window.data is not None
        text = window.no_video.text()
        assert "libpulse.so.0" in text and "sudo apt-get install libpulse0" in text
        assert window.player is None and window.audio_player is None
        assert window.transcript_list.count() > 0  # the rest of the review is there
        window.seek(300)
        window.play_button.click()
        qtbot.waitUntil(lambda: window.position_ms >= 600, timeout=5_000)
        assert window.timeline.cursor_ms == window.position_ms
        window.play_button.click()
    finally:
        window.close()


@pytest.mark.usefixtures("no_multimedia", "zh_ui")
def test_the_hint_reads_in_chinese(
    qtbot: QtBot, store: Store, config: Config, recorded: int
) -> None:
    window = open_review(qtbot, store, recorded, config)
    try:
        text = window.no_video.text()
        assert "无法播放" in text and "sudo apt-get install libpulse0" in text
    finally:
        window.close()
