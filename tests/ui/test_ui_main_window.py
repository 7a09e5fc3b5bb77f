"""The live window around a fake engine: every panel follows the bus; clean shutdown."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QAbstractSlider
from pytestqt.qtbot import QtBot

from app.session.events import (
    CommentEvent,
    Event,
    FrameEvent,
    OrderEvent,
    ProductSwitchEvent,
    SourceStatusEvent,
)
from app.ui.app import create_main_window
from app.ui.main_window import MainWindow
from app.ui.models.products import ON_AIR_ROLE

if TYPE_CHECKING:
    from tests.ui.conftest import FakeEngine

# The offscreen platform plugin warns about this on every show(); it says nothing about us.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def window(qtbot: QtBot, engine: FakeEngine) -> Iterator[MainWindow]:
    win = create_main_window(engine)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    yield win
    win.close()


def publish_from_worker(engine: FakeEngine, events: list[Event]) -> None:
    """Publish the way a source does: from its own thread."""
    worker = threading.Thread(target=engine.publish_all, args=(events,), name="test-source")
    worker.start()
    worker.join()


def test_title_menus_and_initial_state(window: MainWindow) -> None:
    assert window.windowTitle() == "AnchorDesk — 周二夜场 Tuesday picks"
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == [
        "&File",
        "&Show",
        "&Catalog",
        "&View",
        "&Tools",
        "&Help",
    ]
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    toggles = [a.text() for a in view_menu.actions() if a.isCheckable()]
    docks = [d.windowTitle() for d in window.docks.values()]
    assert toggles[: len(docks)] == docks
    assert "Program output" in toggles
    assert window.queue.badge.text() == "Off air"
    assert window.transcript.banner.text().startswith("No speech model installed")
    assert window.transcript.banner.isVisible()
    assert window.comments.banner.isVisible()
    assert not window.camera.has_video


def test_panels_follow_events_published_from_a_worker(
    qtbot: QtBot, window: MainWindow, engine: FakeEngine, events: list[Event]
) -> None:
    publish_from_worker(engine, events)
    qtbot.waitUntil(lambda: window.alerts.model.rowCount() == 2, timeout=2_000)

    comments = window.comments.model
    assert [comments.event_at(r).event_id for r in range(comments.rowCount())] == [
        "c1",
        "c2",
        "c3",
        "c4",
    ]
    assert not window.comments.banner.isVisible()  # classified comments arrived
    assert "Likes +42" in window.comments.activity.text()
    assert "小鹿" in window.comments.activity.text()

    transcript = window.transcript
    assert transcript.model.rowCount() == 2  # finals only
    assert transcript.partial.text() == "现在下单"
    assert transcript.meter.level_db == -18.0
    assert transcript.level.text() == "-18 dB"

    assert window.alerts.model.event_at(0).text == "SUN-002 stock is low (6 left)"

    queue = window.queue.model
    assert queue.on_air == "LIP-001"
    assert queue.data(queue.index(queue.row_of("LIP-001"), 0), ON_AIR_ROLE) is True
    assert window.camera.on_air is not None
    assert window.camera.on_air.sku == "LIP-001"

    dots = window.status.dots
    assert dots["store"].state == "error"
    assert "disk full" in dots["store"].toolTip()
    assert dots["video"].state == "ok"

    window.refresh()
    kpis = window.kpis
    assert kpis.value_text("gmv") == "¥267.00"
    assert kpis.value_text("orders") == "2"
    assert kpis.value_text("viewers_online") == "1,234"
    assert kpis.value_text("aov") == "¥133.50"
    assert "Comments 4" in window.status.counts.text()
    assert "¥267.00" in window.status.counts.text()


def test_on_air_highlight_switches(qtbot: QtBot, window: MainWindow, engine: FakeEngine) -> None:
    model = window.queue.model
    engine.clock.ms = 10_000
    engine.bus.publish(ProductSwitchEvent(10_000, "SUN-002"))
    qtbot.waitUntil(lambda: model.on_air == "SUN-002", timeout=1_000)
    engine.bus.publish(ProductSwitchEvent(20_000, "LIP-001", previous="SUN-002"))
    qtbot.waitUntil(lambda: model.on_air == "LIP-001", timeout=1_000)
    on_air_rows = [r for r in range(model.rowCount()) if model.index(r, 0).data(ON_AIR_ROLE)]
    assert on_air_rows == [model.row_of("LIP-001")]
    engine.clock.ms = 20_000 + 83_000
    qtbot.waitUntil(lambda: window.queue.badge.text().endswith("01:23"), timeout=1_000)
    assert "丝绒哑光口红" in window.queue.badge.text()


def test_double_click_and_buttons_ask_the_engine(
    qtbot: QtBot, window: MainWindow, engine: FakeEngine
) -> None:
    view = window.queue.view
    row = window.queue.model.row_of("LIP-001")
    assert row is not None
    rect = view.visualRect(window.queue.model.index(row, 0))
    # A real double-click starts with a click; QTest's mouseDClick alone skips the press
    # that QAbstractItemView needs before it emits doubleClicked.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert engine.switch_calls == ["LIP-001"]
    qtbot.waitUntil(lambda: window.queue.model.on_air == "LIP-001", timeout=1_000)

    view.selectRow(window.queue.model.row_of("SUN-002"))
    qtbot.mouseClick(window.queue.put_on_air, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.queue.take_off_air, Qt.MouseButton.LeftButton)
    assert engine.switch_calls == ["LIP-001", "SUN-002", None]
    qtbot.waitUntil(lambda: window.queue.model.on_air is None, timeout=1_000)


def test_status_clock_moves(qtbot: QtBot, window: MainWindow, engine: FakeEngine) -> None:
    assert window.status.clock.text() == "00:00:00"
    engine.clock.ms = 3_723_400
    qtbot.waitUntil(lambda: window.status.clock.text() == "01:02:03", timeout=1_000)
    assert window.status.clock.objectName() == "clock"


def test_camera_converts_only_the_frame_it_paints(
    qtbot: QtBot, window: MainWindow, engine: FakeEngine
) -> None:
    camera = window.camera
    image = np.zeros((90, 160, 3), np.uint8)
    image[:, :, 2] = 255  # red in BGR
    for i in range(5):
        engine.bus.publish(FrameEvent(i * 33, i, image))
    window.bridge.flush()
    assert camera.has_video
    pixels = camera.grab().toImage()
    assert camera.conversions == 1
    centre = pixels.pixelColor(camera.width() // 2, camera.height() // 2)
    assert (centre.red(), centre.green(), centre.blue()) == (255, 0, 0)
    camera.grab()
    assert camera.conversions == 1  # no new frame, no new conversion

    engine.bus.publish(SourceStatusEvent(200, "video", "error", "camera unplugged"))
    window.bridge.flush()
    assert not camera.has_video


def test_camera_rejects_non_image_frames(window: MainWindow, engine: FakeEngine) -> None:
    engine.bus.publish(FrameEvent(0, 0, np.zeros((4, 4), np.float32)))
    window.bridge.flush()
    window.camera.grab()
    assert window.camera.conversions == 0
    assert window.camera.current_image() is None


def test_comment_feed_autoscroll_pauses_when_scrolled_up(
    qtbot: QtBot, window: MainWindow, engine: FakeEngine
) -> None:
    view = window.comments.view
    batch = [CommentEvent(i, f"c{i}", "douyin", "u", f"text {i}") for i in range(200)]
    engine.publish_all(batch)
    window.bridge.flush()
    bar = view.verticalScrollBar()
    assert bar.maximum() > 0
    assert bar.value() == bar.maximum()
    bar.triggerAction(QAbstractSlider.SliderAction.SliderToMinimum)  # the user scrolls up
    qtbot.waitUntil(lambda: not view.following, timeout=1_000)
    engine.publish_all([CommentEvent(300, "new", "douyin", "u", "new")])
    window.bridge.flush()
    assert bar.value() == 0
    view.jump_to_latest()
    assert bar.value() == bar.maximum()
    assert view.following


def test_comment_feed_keeps_following_while_old_rows_are_trimmed(
    qtbot: QtBot, window: MainWindow, engine: FakeEngine
) -> None:
    """Trimming the capped feed moves the scroll bar; that must not pause following."""
    view = window.comments.view
    capacity = window.comments.model._capacity
    for start in range(0, capacity * 2, 500):
        engine.publish_all(
            [
                CommentEvent(i, f"c{i}", "douyin", "u", f"text {i}")
                for i in range(start, start + 500)
            ]
        )
        window.bridge.flush()
        qtbot.wait(5)
    assert view.following
    assert window.comments.model.rowCount() == capacity
    last = window.comments.model.event_at(capacity - 1)
    assert last.event_id == f"c{capacity * 2 - 1}"
    qtbot.wait(20)
    newest = view.visualRect(window.comments.model.index(capacity - 1))
    assert view.viewport().rect().contains(newest.center()), "the newest comment is on screen"


def test_close_stops_everything(qtbot: QtBot, engine: FakeEngine, products: object) -> None:
    threads_before = set(threading.enumerate())
    win = create_main_window(engine)
    qtbot.addWidget(win)
    win.show()
    engine.publish_all([OrderEvent(1, "o1", "LIP-001", 1, 89.0)])
    win.close()
    assert engine.stop_calls == 1
    assert not win.bridge.active
    assert [t for t in win.findChildren(QTimer) if t.isActive()] == []
    assert win.queue.close_loader()
    assert win.queue._thumbnails.active_threads == 0
    engine.publish_all([OrderEvent(2, "o2", "LIP-001", 1, 89.0)])
    assert win.bridge.stats().backlog == 0  # unsubscribed: nothing queues any more
    win.shutdown()  # idempotent
    assert engine.stop_calls == 1
    assert set(threading.enumerate()) <= threads_before


def test_thumbnail_loads_off_the_gui_thread(qtbot: QtBot, window: MainWindow) -> None:
    model = window.queue.model
    row = model.row_of("LIP-001")
    assert row is not None
    qtbot.waitUntil(lambda: "LIP-001" in model._thumbnails, timeout=2_000)
    pixmap = model.index(row, 0).data(Qt.ItemDataRole.DecorationRole)
    assert pixmap.toImage().pixelColor(10, 10).name() == "#b0243a"


def test_dock_layout_is_saved_and_restored(
    qtbot: QtBot, engine: FakeEngine, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    first = MainWindow(engine, settings=settings)
    qtbot.addWidget(first)
    first.show()
    first.docks["alerts"].hide()
    first.close()
    second = MainWindow(engine, settings=settings)
    qtbot.addWidget(second)
    second.show()
    assert not second.docks["alerts"].isVisible()
    assert second.docks["comments"].isVisible()
    second._on_reset_layout()
    assert second.docks["alerts"].isVisible()
    second.close()


def test_rows_the_database_refused_are_shown(qtbot: QtBot, engine: FakeEngine) -> None:
    window = create_main_window(engine)
    qtbot.addWidget(window)
    window.status.show_counts({"rejected": 3}, 0)
    assert not window.status.refused.isHidden() and "3" in window.status.refused.text()
    window.status.show_counts({"rejected": 0}, 0)
    assert window.status.refused.isHidden()
    window.close()
