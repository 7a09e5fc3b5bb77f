"""KPI cards and minute charts: the numbers a host checks between pitches, once a second.

The values come from :class:`app.analytics.kpis.KpiSnapshot` and the minute buckets from
:meth:`app.analytics.kpis.LiveKpis.minutes`; this panel only picks, formats and lays them
out. The charts (pyqtgraph, imported when first shown) are redrawn only when a bucket
changed, from at most the minutes on screen, so a long show costs the same per tick.

Titles are English sources translated through Qt (resources/i18n); the Chinese uses the
names hosts read in the platforms' own dashboards (场观, 成交金额, 千次观看成交, 客单价).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.analytics.kpis import KpiSnapshot
from app.analytics.timeseries import MinuteView
from app.session.events import ViewersEvent
from app.ui.flow_layout import FlowLayout, flow_row
from app.ui.formatting import fmt_decimal, fmt_int, fmt_money, fmt_percent

_CONTEXT = "KpiPanel"


@dataclass(frozen=True, slots=True)
class KpiSpec:
    """One card: snapshot field, title, and how its value reads."""

    key: str
    title: str
    fmt: Callable[[float | None], str]
    tooltip: str = ""


KPI_SPECS: tuple[KpiSpec, ...] = (
    KpiSpec("viewers_online", QT_TRANSLATE_NOOP("KpiPanel", "Viewers online"), fmt_int),
    KpiSpec(
        "pv",
        QT_TRANSLATE_NOOP("KpiPanel", "Views (PV)"),
        fmt_int,
        QT_TRANSLATE_NOOP("KpiPanel", "Total views of the live room"),
    ),
    KpiSpec(
        "comments_per_min",
        QT_TRANSLATE_NOOP("KpiPanel", "Comments/min"),
        fmt_decimal,
        QT_TRANSLATE_NOOP("KpiPanel", "Comments in the last minute"),
    ),
    KpiSpec(
        "interaction_rate",
        QT_TRANSLATE_NOOP("KpiPanel", "Interaction rate"),
        fmt_percent,
        QT_TRANSLATE_NOOP("KpiPanel", "Commenters / unique viewers"),
    ),
    KpiSpec("likes", QT_TRANSLATE_NOOP("KpiPanel", "Likes"), fmt_int),
    KpiSpec("orders", QT_TRANSLATE_NOOP("KpiPanel", "Orders"), fmt_int),
    KpiSpec(
        "gmv",
        QT_TRANSLATE_NOOP("KpiPanel", "GMV"),
        fmt_money,
        QT_TRANSLATE_NOOP("KpiPanel", "Sum of paid order amounts"),
    ),
    KpiSpec(
        "gpm",
        QT_TRANSLATE_NOOP("KpiPanel", "GPM"),
        fmt_money,
        QT_TRANSLATE_NOOP("KpiPanel", "GMV × 1000 / PV"),
    ),
    KpiSpec(
        "aov",
        QT_TRANSLATE_NOOP("KpiPanel", "AOV"),
        fmt_money,
        QT_TRANSLATE_NOOP("KpiPanel", "GMV / buyers"),
    ),
    KpiSpec("follows", QT_TRANSLATE_NOOP("KpiPanel", "Follows"), fmt_int),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


#: Card width: fits the longest title ("Interaction rate", "千次观看成交") and "¥1,234,567".
CARD_WIDTH = 136


class KpiCard(QFrame):
    """A card (QFrame#card) with a small title (#kpiTitle) over a big value (#kpiValue)."""

    def __init__(self, spec: KpiSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.spec = spec
        self.title = QLabel(_tr(spec.title))
        self.title.setObjectName("kpiTitle")
        self.value = QLabel(spec.fmt(None))
        self.value.setObjectName("kpiValue")
        self.value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if spec.tooltip:
            self.setToolTip(_tr(spec.tooltip))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.value)

    def show_value(self, snapshot: KpiSnapshot) -> None:
        text = self.spec.fmt(getattr(snapshot, self.spec.key))
        if text != self.value.text():  # avoid relayout when nothing changed
            self.value.setText(text)


#: (label, minutes shown; None = whole session) for the range selector.
CHART_RANGES: tuple[tuple[str, int | None], ...] = (
    (QT_TRANSLATE_NOOP("KpiPanel", "Last 10 min"), 10),
    (QT_TRANSLATE_NOOP("KpiPanel", "Last 30 min"), 30),
    (QT_TRANSLATE_NOOP("KpiPanel", "Whole session"), None),
)
MARKER_COLOURS = {"product": "#6b5bd6", "alert": "#e08a00", "flash_sale": "#d6336c"}
SENTIMENT_COLOURS = {"pos": "#2e9d5b", "neu": "#8f98a3", "neg": "#d2483f"}


class KpiCharts(QWidget):
    """Minute charts: viewers, comments/min, orders and GMV, sentiment share, with markers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph as pg

        self._pg = pg
        self.view = pg.GraphicsLayoutWidget()
        self.view.setBackground("#fafbfc")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.plots: dict[str, object] = {}
        self.curves: dict[str, object] = {}
        titles = {
            "viewers": self.tr("Viewers"),
            "comments": self.tr("Comments/min"),
            "orders": self.tr("Orders · GMV/min"),
            "sentiment": self.tr("Sentiment share"),
        }
        first = None
        for col, (key, title) in enumerate(titles.items()):
            plot = self.view.addPlot(row=0, col=col, title=title)
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.setMouseEnabled(x=False, y=False)
            plot.getAxis("bottom").setLabel("min")
            if first is None:
                first = plot
            else:
                plot.setXLink(first)
            self.plots[key] = plot
        pen = pg.mkPen
        self.curves["viewers"] = self.plots["viewers"].plot(pen=pen("#2f8fd8", width=2))
        self.curves["comments"] = self.plots["comments"].plot(
            stepMode="center", fillLevel=0, brush="#6b5bd680", pen=pen("#6b5bd6")
        )
        self.curves["gmv"] = self.plots["orders"].plot(
            stepMode="center", fillLevel=0, brush="#2e9d5b80", pen=pen("#2e9d5b")
        )
        self.curves["orders"] = self.plots["orders"].plot(pen=pen("#c9a227", width=2))
        for key, colour in SENTIMENT_COLOURS.items():
            self.curves[key] = self.plots["sentiment"].plot(pen=pen(colour, width=2))
        self.plots["sentiment"].setYRange(0, 1)
        self._markers: list[tuple[object, object]] = []
        self.shown: MinuteView | None = None

    def show_view(self, view: MinuteView) -> None:
        """Draw ``view`` (a few hundred points at most: cheap enough for every change)."""
        self.shown = view
        minutes = view.minutes
        edges = [*minutes, view.first + len(minutes)]
        self.curves["viewers"].setData([m + 0.5 for m in minutes], view.viewers)
        self.curves["comments"].setData(edges, view.comments)
        self.curves["gmv"].setData(edges, view.gmv)
        self.curves["orders"].setData([m + 0.5 for m in minutes], view.orders)
        share = view.sentiment_share() if view.has_sentiment else {}
        for key in SENTIMENT_COLOURS:
            values = share.get(key, [])
            self.curves[key].setData([m + 0.5 for m in minutes][: len(values)], values)
        self._draw_markers(view)

    def _draw_markers(self, view: MinuteView) -> None:
        pg = self._pg
        for plot, line in self._markers:
            plot.removeItem(line)
        self._markers.clear()
        for marker in view.markers[-50:]:  # the newest; older ones scrolled off anyway
            for plot in self.plots.values():
                line = pg.InfiniteLine(
                    pos=marker.t_ms / 60_000,
                    angle=90,
                    pen=pg.mkPen(
                        MARKER_COLOURS.get(marker.kind, "#888"), style=Qt.PenStyle.DashLine
                    ),
                )
                line.setToolTip(marker.label)
                plot.addItem(line, ignoreBounds=True)
                self._markers.append((plot, line))


class KpiPanel(QWidget):
    """A grid of :class:`KpiCard`, one per :data:`KPI_SPECS` entry, and optional charts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards = {spec.key: KpiCard(spec) for spec in KPI_SPECS}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.setSpacing(4)
        cards = FlowLayout(spacing=6)  # cards wrap to the dock's width, never widen the window
        for card in self.cards.values():
            card.setFixedWidth(CARD_WIDTH)
            cards.addWidget(card)
        outer.addLayout(cards)
        self.charts_button = QPushButton(self.tr("Charts"))
        self.charts_button.setCheckable(True)
        self.charts_button.toggled.connect(self._on_charts_toggled)
        self.range_box = QComboBox()
        for label, minutes in CHART_RANGES:
            self.range_box.addItem(_tr(label), minutes)
        self.range_box.currentIndexChanged.connect(self._on_range_changed)
        self.range_box.setEnabled(False)
        outer.addLayout(flow_row(self.charts_button, self.range_box))
        self.charts: KpiCharts | None = None
        self._outer = outer
        self._drawn_key: tuple[int, int, int, int | None] | None = None

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Grow to fit the wrapped cards: docks do not honour height-for-width layouts."""
        super().resizeEvent(event)
        needed = self._outer.heightForWidth(self.width())
        if self.charts is None or not self.charts.isVisible():
            self.setMinimumHeight(max(needed, 0))
        else:
            self.setMinimumHeight(0)

    @property
    def chart_minutes(self) -> int | None:
        """Minutes the charts show (None = whole session)."""
        return self.range_box.currentData()

    def _on_charts_toggled(self, shown: bool) -> None:
        if shown and self.charts is None:
            self.charts = KpiCharts()
            self.charts.setMinimumHeight(180)
            self._outer.addWidget(self.charts, 1)
        if self.charts is not None:
            self.charts.setVisible(shown)
        self.range_box.setEnabled(shown)
        self._drawn_key = None

    def _on_range_changed(self, _index: int) -> None:
        self._drawn_key = None

    @property
    def charts_shown(self) -> bool:
        return self.charts is not None and self.charts_button.isChecked()

    def show_minutes(self, view: MinuteView) -> None:
        """Redraw the charts if they are shown and something changed since the last draw."""
        if not self.charts_shown or self.charts is None:
            return
        key = (view.version, view.first, len(view.comments), self.chart_minutes)
        if key == self._drawn_key:
            return
        self._drawn_key = key
        self.charts.show_view(view)

    def _on_snapshot(self, snapshot: KpiSnapshot) -> None:
        for card in self.cards.values():
            card.show_value(snapshot)

    def _on_viewers(self, event: ViewersEvent) -> None:
        """Online viewers move fast: show them now, not at the next 1 Hz refresh."""
        self.cards["viewers_online"].value.setText(fmt_int(event.online))

    def value_text(self, key: str) -> str:
        """What the card for ``key`` shows now."""
        return self.cards[key].value.text()
