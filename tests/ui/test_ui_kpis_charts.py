"""Live KPI minute charts: the plotted data is what was fed; redraws only on change."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot

from app.analytics.kpis import LiveKpis
from app.session.events import AlertEvent, CommentEvent, OrderEvent, ProductSwitchEvent
from app.ui.app import create_main_window
from app.ui.main_window import MainWindow
from app.ui.panels.kpis import KpiPanel

if TYPE_CHECKING:
    from tests.ui.conftest import FakeEngine

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _feed(kpis: LiveKpis) -> None:
    events = [
        ProductSwitchEvent(0, "LIP-001"),
        CommentEvent(1_000, "c1", "douyin", "a", "好看", sentiment="pos"),
        CommentEvent(2_000, "c2", "douyin", "b", "贵", sentiment="neg"),
        CommentEvent(65_000, "c3", "douyin", "a", "多少钱", sentiment="neu"),
        OrderEvent(66_000, "o1", "LIP-001", 1, 89.0),
        AlertEvent(70_000, "compliance", "warning", "Banned claim"),
        OrderEvent(130_000, "o2", "LIP-001", 2, 178.0),
    ]
    for event in events:
        kpis.feed(event)


def _ys(curve: object) -> list[float]:
    _x, y = curve.getData()  # type: ignore[attr-defined]
    return [] if y is None else [float(v) for v in y]


def test_charts_plot_the_minute_data(qtbot: QtBot) -> None:
    panel = KpiPanel()
    qtbot.addWidget(panel)
    panel.show()
    kpis = LiveKpis()
    _feed(kpis)
    panel.show_minutes(kpis.minutes())  # charts hidden: nothing is built or drawn
    assert panel.charts is None
    panel.charts_button.click()
    assert panel.charts is not None and panel.charts_shown
    panel.range_box.setCurrentIndex(2)  # whole session
    assert panel.chart_minutes is None
    panel.show_minutes(kpis.minutes(panel.chart_minutes))
    curves = panel.charts.curves
    assert _ys(curves["comments"]) == [2.0, 1.0, 0.0]
    assert _ys(curves["orders"]) == [0.0, 1.0, 1.0]
    assert _ys(curves["gmv"]) == [0.0, 89.0, 178.0]
    assert _ys(curves["pos"]) == [0.5, 0.0, 0.0]
    assert _ys(curves["neu"]) == [0.0, 1.0, 0.0]
    # product switch + compliance alert, one line per chart
    assert len(panel.charts._markers) == 2 * len(panel.charts.plots)


def test_redraw_only_when_something_changed(qtbot: QtBot) -> None:
    panel = KpiPanel()
    qtbot.addWidget(panel)
    panel.charts_button.click()
    kpis = LiveKpis()
    _feed(kpis)
    drawn: list[object] = []
    assert panel.charts is not None
    real = panel.charts.show_view
    panel.charts.show_view = lambda view: (drawn.append(view), real(view))  # type: ignore[method-assign]
    panel.show_minutes(kpis.minutes(panel.chart_minutes))
    panel.show_minutes(kpis.minutes(panel.chart_minutes))  # same data: no redraw
    assert len(drawn) == 1
    kpis.feed(CommentEvent(131_000, "c9", "douyin", "z", "hi"))
    panel.show_minutes(kpis.minutes(panel.chart_minutes))
    assert len(drawn) == 2
    panel.range_box.setCurrentIndex(0)  # last 10 minutes
    panel.show_minutes(kpis.minutes(panel.chart_minutes, now_ms=20 * 60_000))
    assert len(drawn) == 3
    view = drawn[-1]
    assert view.first == 11 and len(view.comments) == 10  # type: ignore[attr-defined]


@pytest.fixture
def window(qtbot: QtBot, engine: FakeEngine) -> Iterator[MainWindow]:
    win = create_main_window(engine)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def test_main_window_ticks_feed_the_charts(window: MainWindow, engine: FakeEngine) -> None:
    window.kpis.charts_button.click()
    window.kpis.range_box.setCurrentIndex(2)
    engine.publish_all(
        [CommentEvent(1_000, "c1", "douyin", "a", "hi"), OrderEvent(2_000, "o", "LIP-001", 1, 5.0)]
    )
    engine.clock.ms = 3_000
    window.refresh()
    assert window.kpis.charts is not None
    assert _ys(window.kpis.charts.curves["comments"]) == [1.0]
    file_menu = window.menuBar().actions()[0].menu()
    assert "Review…" in [a.text() for a in file_menu.actions()]
