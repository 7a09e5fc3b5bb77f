"""The live window on a laptop: it fits 1366×768, the KPI cards make one row, product
names and reasons are readable, charts have room and real axes, text scales, emoji draw,
and a full comment feed rolls without laying out its rows again (the stutter)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.paths import FONTS
from app.session.events import CommentEvent
from app.ui import gc_guard, theme
from app.ui.app import create_main_window
from app.ui.main_window import MainWindow
from app.ui.models.feeds import CommentsModel
from app.ui.panels.kpis import CARD_MIN_WIDTH, KpiPanel, nice_top
from app.ui.panels.product_queue import two_lines
from app.ui.widgets import FeedView
from tests.ui.conftest import FakeEngine

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def laptop(qtbot: QtBot, engine: FakeEngine) -> Iterator[MainWindow]:
    win = create_main_window(engine)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def _rows(panel: KpiPanel) -> set[int]:
    return {card.geometry().top() for card in panel.cards.values()}


def test_the_window_fits_a_1366_by_768_laptop_with_one_row_of_kpis(laptop: MainWindow) -> None:
    hint = laptop.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768
    assert laptop.height() <= 768
    assert len(_rows(laptop.kpis)) == 1, "ten KPI cards on one row"
    first = laptop.kpis.cards["viewers_online"].geometry()
    button = laptop.kpis.charts_button.geometry()
    assert button.left() > first.right(), "the Charts button sits beside the cards"
    assert laptop.camera.height() >= 300, "the camera is not a thumbnail"
    queue = laptop.queue.view
    assert queue.columnWidth(0) >= 140, "room for product names"


def test_cards_wrap_to_two_rows_when_the_screen_is_narrow(qtbot: QtBot) -> None:
    panel = KpiPanel()
    qtbot.addWidget(panel)
    panel.resize(10 * CARD_MIN_WIDTH, 200)  # a 150 %-scaled laptop's width
    panel.show()
    qtbot.waitUntil(lambda: len(_rows(panel)) == 2, timeout=1_000)
    panel.resize(1366, 200)
    qtbot.waitUntil(lambda: len(_rows(panel)) == 1, timeout=1_000)


def test_product_names_wrap_on_two_lines_and_are_cut_only_after_that() -> None:
    metrics = QFontMetrics(QFont(theme.UI_FONT_FAMILY, 10))
    name = "玻尿酸保湿精华 30ml 超大容量限定套装"
    width = metrics.horizontalAdvance(name) // 2 + 10
    text = two_lines(name, metrics, width)
    first, second = text.split("\n")
    assert name.startswith(first) and first
    assert second.endswith("…") or name.endswith(second)
    assert two_lines("墨镜", metrics, 200) == "墨镜"


def test_charts_open_with_room_dark_and_round_axes(qtbot: QtBot, laptop: MainWindow) -> None:
    cards = laptop.kpis.height()
    laptop.kpis.charts_button.click()
    # the dock grows for the charts (by how much depends on the other docks' minimums)
    qtbot.waitUntil(lambda: laptop.kpis.height() >= cards + 100, timeout=2_000)
    charts = laptop.kpis.charts
    assert charts is not None
    assert charts.view.backgroundBrush().color() == theme.colors()["background"]
    assert laptop.kpis.range_box.isVisible()
    assert nice_top([1172.6, 1173.4]) == 1500.0  # a flat line reads 0-1,500
    assert nice_top([]) == 1.0 and nice_top([0, 3]) == 5.0
    laptop.kpis.charts_button.click()
    qtbot.waitUntil(lambda: laptop.kpis.height() <= cards + 10, timeout=2_000)


def test_text_size_scales_fonts_and_the_stylesheet(qtbot: QtBot, laptop: MainWindow) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font().pointSizeF()
    try:
        laptop.set_text_size(150)
        assert theme.text_percent() == 150
        assert app.font().pointSizeF() == pytest.approx(before * 1.5)
        assert theme.scaled_stylesheet("a { font-size: 22px; }", 1.5) == "a { font-size: 33px; }"
    finally:
        laptop.set_text_size(100)
    assert app.font().pointSizeF() == pytest.approx(before)


def test_emoji_fall_back_to_an_emoji_font(qapp: QApplication) -> None:
    """The UI font lists the emoji families; the bundled one draws in colour."""
    families = theme.load_fonts(FONTS)
    assert "AnchorDesk Emoji" in families
    font = theme.ui_font(families)
    assert font is not None and font.families()[1:] == list(theme.EMOJI_FAMILIES)
    image = QImage(120, 48, QImage.Format.Format_ARGB32)
    image.fill(QColor("black"))
    painter = QPainter(image)
    emoji = QFont()
    emoji.setFamilies(["AnchorDesk Emoji"])
    emoji.setPixelSize(32)
    painter.setFont(emoji)
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignLeft, "😍👍")
    painter.end()
    colours = {
        (c.red() // 32, c.green() // 32, c.blue() // 32)
        for x in range(0, 120, 2)
        for y in range(0, 48, 2)
        if (c := image.pixelColor(x, y)).red() != c.blue()
    }
    assert len(colours) > 5, "coloured glyphs, not an empty box"


class CountingFeed(FeedView):
    """A feed view that counts full item layouts (what stalled the GUI at 6,000/s)."""

    layouts = 0

    def doItemsLayout(self) -> None:
        self.layouts += 1
        super().doItemsLayout()


def _comments(start: int, n: int) -> list[CommentEvent]:
    return [CommentEvent(i, f"c{i}", "douyin", "u", f"text {i}") for i in range(start, start + n)]


def test_a_full_feed_rolls_without_laying_out_its_rows(qtbot: QtBot) -> None:
    model = CommentsModel(capacity=300)
    view = CountingFeed()
    view.setModel(model)
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    view.append(_comments(0, 300))
    qtbot.wait(10)
    view.layouts = 0
    for start in range(300, 1_300, 100):
        view.append(_comments(start, 100))
        QApplication.processEvents()
    assert view.layouts == 0
    assert model.event_at(299).event_id == "c1299"
    bar = view.verticalScrollBar()
    assert bar.value() == bar.maximum(), "still showing the newest comment"


def test_a_paused_feed_holds_still_and_catches_up(qtbot: QtBot) -> None:
    model = CommentsModel(capacity=100)
    view = FeedView()
    view.setModel(model)
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    view.append(_comments(0, 100))
    view.setCurrentIndex(model.index(10, 0))  # the operator picks a comment to highlight
    assert not view.following and model.held
    view.append(_comments(100, 30))
    assert model.event_at(10).event_id == "c10" and model.waiting == 30
    view.jump_to_latest()
    assert view.following and not model.held and model.waiting == 0
    assert model.event_at(99).event_id == "c129"


def test_the_window_freezes_its_long_lived_objects_while_shown(
    qtbot: QtBot, engine: FakeEngine
) -> None:
    win = create_main_window(engine)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=2_000)
    win.close()
    assert gc.get_freeze_count() == 0
    assert gc_guard.freeze_long_lived() > 0
    gc_guard.thaw()
    assert gc.get_freeze_count() == 0
