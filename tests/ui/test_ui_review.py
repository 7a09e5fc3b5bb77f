"""The review window driven with pytest-qt after a headless mini-bundle demo run.

Mini session: A-1 on air 0–900 ms, B-2 from 900 ms; 3 comments, 2 orders, 2 transcript
segments; no video recorded (the demo does not record one).
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from pytestqt.qtbot import QtBot
from review_support import MEDIA_LOG_NOISE, open_review, record_demo

from app.config import Config
from app.session import lifecycle
from app.store.db import Store
from app.store.models import Comment, ProductSegment
from app.ui.review import window as review_window
from app.ui.review.window import ReviewWindow

# The picture is converted on the CPU offscreen (no GPU): Qt Multimedia says so once.
pytestmark = [MEDIA_LOG_NOISE, pytest.mark.qt_log_ignore("No RHI backend", extend=True)]


@pytest.fixture
def recorded(config: Config, store: Store, mini_bundle: Path) -> int:
    """The mini demo without camera recording: these tests bring their own video segments."""
    config.settings.record_video = False
    return record_demo(config, store, mini_bundle)


def _open(qtbot: QtBot, store: Store, session_id: int, config: Config) -> ReviewWindow:
    window = open_review(qtbot, store, session_id, config)
    qtbot.waitUntil(lambda: window.score_table.rowCount() > 0, timeout=10_000)
    return window


def test_review_shows_the_whole_session(
    qtbot: QtBot, store: Store, config: Config, recorded: int
) -> None:
    window = _open(qtbot, store, recorded, config)
    try:
        data = window.data
        assert data is not None and window.error is None
        assert window.windowTitle() == "Review — Mini rehearsal"
        assert window.product_table.rowCount() == 2
        assert window.product_table.item(0, 0).text() == "A-1"
        assert window.product_table.item(1, 7).text() == "199.00"
        assert window.transcript_list.count() == 2
        # the demo records video now (on by default): the picture replaces the placeholder
        if data.videos:
            qtbot.waitUntil(lambda: window.player is not None, timeout=5_000)
        else:
            assert "No video recorded" in window.no_video.text()
        assert not window.banner.isVisible()
        qtbot.waitUntil(lambda: window.data.totals.commenters == 2, timeout=5_000)
        assert "GMV 357.00" in window.summary.text()
        assert window.score_table.item(0, 5).text() == "357.00"
        # the timeline spans the whole session
        x_min, x_max = window.timeline.plots["products"].viewRange()[0]
        assert x_min <= 0.05 and x_max >= data.session.duration_ms / 1000 - 0.05
    finally:
        window.close()


def test_clicking_the_timeline_and_a_table_row_seeks(
    qtbot: QtBot, store: Store, config: Config, recorded: int
) -> None:
    window = _open(qtbot, store, recorded, config)
    try:
        plot = window.timeline.plots["comments"]
        view = window.timeline.view
        scene_pos = plot.vb.mapViewToScene(QPointF(1.2, 0.5))  # 1.2 s into the session
        widget_pos = view.mapFromScene(scene_pos)
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=widget_pos)
        assert window.position_ms == pytest.approx(1_200, abs=30)
        assert window.timeline.cursor_ms == window.position_ms
        assert window.timeline.cursors[0].value() == pytest.approx(window.position_ms / 1000)
        # a product row seeks to when the product went on air
        table = window.product_table
        rect = table.visualItemRect(table.item(1, 1))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert window.position_ms == 900
        assert window.time_label.text().startswith("00:00:00")
        # a transcript line seeks to its start
        item = window.transcript_list.item(1)
        rect = window.transcript_list.visualItemRect(item)
        qtbot.mouseClick(
            window.transcript_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
        )
        assert window.position_ms == 800
    finally:
        window.close()


def test_search_finds_a_comment_and_seeks_to_it(
    qtbot: QtBot, store: Store, config: Config, recorded: int
) -> None:
    window = _open(qtbot, store, recorded, config)
    try:
        window.search_box.setText("墨镜")
        window.run_search()
        qtbot.waitUntil(lambda: bool(window.search_hits), timeout=5_000)
        assert [(h.kind, h.t_ms, h.text) for h in window.search_hits] == [
            ("comment", 1_000, "墨镜多少钱")
        ]
        item = window.search_results.item(0)
        assert "墨镜多少钱" in item.text()
        rect = window.search_results.visualItemRect(item)
        qtbot.mouseClick(
            window.search_results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
        )
        assert window.position_ms == 1_000
    finally:
        window.close()


def test_interrupted_session_opens_and_says_so(qtbot: QtBot, store: Store, config: Config) -> None:
    sid = _interrupted_session(store)
    window = _open(qtbot, store, sid, config)
    try:
        assert window.banner.isVisible()
        assert "interrupted" in window.banner.text()
        assert window.data is not None and window.data.totals.comments == 2
    finally:
        window.close()


def _interrupted_session(store: Store) -> int:
    """Rows as a SIGKILLed recorder leaves them, then start-up recovery's close."""
    started = datetime(2026, 1, 2, 12, 0, tzinfo=UTC)
    sid = lifecycle.begin_session(
        store, title="Crashed show", platform="douyin", host="h", mode="live",
        started_at=started,
    )  # fmt: skip
    with store.sessions.begin() as s:
        s.add(ProductSegment(session_id=sid, sku="A-1", start_ms=0, ts=started))
        for i, t in enumerate((1_000, 4_000)):
            s.add(
                Comment(session_id=sid, event_id=f"c{i}", platform="douyin", viewer=f"v{i}",
                        text="还有货吗", spam=False, t_ms=t, ts=started)
            )  # fmt: skip
        lifecycle.heartbeat(s, sid, 5_000)
        lifecycle.close_session(s, sid, "interrupted")
    return sid


def test_loading_never_blocks_the_gui(
    qtbot: QtBot, store: Store, config: Config, recorded: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real = review_window.load_review

    def slow_load(*args: object, **kwargs: object) -> object:
        kwargs["progress"](0.3, "comments")  # type: ignore[operator]
        release.wait(10)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(review_window, "load_review", slow_load)
    window = ReviewWindow(store, recorded, config.recordings_dir)
    qtbot.addWidget(window)
    window.show()
    try:
        # the GUI thread keeps handling events (progress shows) while the worker waits
        qtbot.waitUntil(lambda: window.progress.value() == 30, timeout=5_000)
        assert window.loading
        qtbot.mouseClick(window.play_button, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
        assert window.play_button.isChecked()
        release.set()
        qtbot.waitUntil(lambda: not window.loading, timeout=10_000)
        assert window.data is not None
    finally:
        release.set()
        window.close()


def test_unknown_session_shows_an_error(qtbot: QtBot, store: Store, config: Config) -> None:
    window = ReviewWindow(store, 4242, config.recordings_dir)
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.waitUntil(lambda: window.error is not None, timeout=5_000)
        assert "no session with id 4242" in window.banner.text()
    finally:
        window.close()


def _write_segments(folder: Path, count: int, fps: int = 10) -> None:
    """Segments as app.vision.recorder leaves them: seg_NNNNN.avi (MJPG), 1 s each."""
    import numpy as np

    from app.vision.cv import import_cv2

    cv2 = import_cv2()
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(1, count + 1):
        path = folder / f"seg_{i:05d}.avi"
        writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (64, 48))
        for f in range(fps):
            writer.write(np.full((48, 64, 3), (i * 60 + f) % 255, dtype=np.uint8))
        writer.release()
    (folder / f"seg_{count + 1:05d}.part.avi").write_bytes(b"cut off by a crash")


# Qt Multimedia on a headless machine: no PipeWire/PulseAudio, and a seek to another segment
# interrupts the previous segment's loading ("Immediate exit requested").
@pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "Couldn't load pipewire",
    "Couldn't resolve pipewire",
    "PulseAudioService",
    "Could not open media",
    "No RHI backend",
)
def test_recorded_video_segments_follow_seeks(
    qtbot: QtBot, store: Store, config: Config, recorded: int
) -> None:
    _write_segments(config.recordings_dir / str(recorded) / "video", 2)
    window = _open(qtbot, store, recorded, config)
    try:
        qtbot.waitUntil(lambda: window.player is not None, timeout=5_000)
        assert [p.name for p in window._videos] == ["seg_00001.avi", "seg_00002.avi"]
        assert window._video_starts == [0, 1_000]
        assert window.video_at(1_500) == (1, 500)
        window.seek(1_500)
        assert window.player.source().toLocalFile().endswith("seg_00002.avi")
        assert window.position_ms == 1_500 and window.timeline.cursor_ms == 1_500
        window.seek(200)
        assert window.player.source().toLocalFile().endswith("seg_00001.avi")
    finally:
        window.close()
