"""KPI cards and minute charts: the numbers a host checks between pitches, once a second.

The values come from :class:`app.analytics.kpis.KpiSnapshot` and the minute buckets from
:meth:`app.analytics.kpis.LiveKpis.minutes`; this panel only picks, formats and lays them
out. The charts (pyqtgraph, imported when first shown) are redrawn only when a bucket
changed, from at most the minutes on screen, so a long show costs the same per tick.

Titles are English sources translated through Qt (resources/i18n); the Chinese uses the
names hosts read in the platforms' own dashboards (场观, 成交金额, 千次观看成交, 客单价).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.analytics.kpis import KpiSnapshot
from app.analytics.timeseries import MinuteView
from app.messages import QT_TRANSLATE_NOOP
from app.session.events import ViewersEvent
from app.ui import theme
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


#: Narrowest card: fits "¥123,456" in the value font and an elided title; ten of them and
#: the chart buttons make one row on a 1366-px laptop (and five on a 150 %-scaled one).
CARD_MIN_WIDTH = 88
#: Widest card: on a 1920-px screen the cards stop growing and leave the rest free.
CARD_MAX_WIDTH = 190


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
        self.setToolTip(_tr(spec.tooltip) if spec.tooltip else _tr(spec.title))
        self._shrunk = False
        self.setMinimumWidth(CARD_MIN_WIDTH)
        self.setMaximumWidth(CARD_MAX_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        for label in (self.title, self.value):
            label.setMinimumWidth(1)  # a narrow card clips the label instead of widening
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.setSpacing(0)
        layout.addWidget(self.title)
        layout.addWidget(self.value)

    def show_value(self, snapshot: KpiSnapshot) -> None:
        text = self.spec.fmt(getattr(snapshot, self.spec.key))
        if text != self.value.text():  # avoid relayout when nothing changed
            self.value.setText(text)
            self.fit_value()

    def fit_value(self) -> None:
        """Shrink the value's type when "¥123,456.00" is wider than the card: a number is
        never clipped or elided, a narrow (or scaled) card only prints it smaller."""
        if self._shrunk:  # back to the theme's size, then measure
            self.value.setStyleSheet("")
            self._shrunk = False
        available = self.contentsRect().width() - 16
        needed = self.value.fontMetrics().horizontalAdvance(self.value.text())
        if available > 0 and needed > available:
            size = max(9, int(self.value.font().pixelSize() * available / needed)) or 9
            self.value.setStyleSheet(f"font-size: {size}px;")
            self._shrunk = True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_value()


#: (label, minutes shown; None = whole session) for the range selector.
CHART_RANGES: tuple[tuple[str, int | None], ...] = (
    (QT_TRANSLATE_NOOP("KpiPanel", "Last 10 min"), 10),
    (QT_TRANSLATE_NOOP("KpiPanel", "Last 30 min"), 30),
    (QT_TRANSLATE_NOOP("KpiPanel", "Whole session"), None),
)
MARKER_COLOURS = {"product": "#b197fc", "alert": "#f5b942", "flash_sale": "#ff6b9a"}
SENTIMENT_COLOURS = {"pos": "#3ecf8e", "neu": "#8f96a3", "neg": "#f2555a"}
#: Charts are only worth opening at this height (four plots with titles and axes).
CHART_MIN_HEIGHT = 200


def nice_top(values: Sequence[float], *, floor: float = 1.0) -> float:
    """The top of a y axis that starts at 0: the largest value plus headroom, rounded to
    1, 1.5, 2, 2.5 or 5 × a power of ten, so a flat line (1,173 viewers) reads 0-1,500, not
    1,172.6-1,173.4."""
    peak = max([floor, *[v for v in values if math.isfinite(v)]])
    if peak <= floor:
        return float(floor)  # nothing yet: 0-1, not an axis invented from nothing
    target = peak * 1.15
    step = 10 ** math.floor(math.log10(target))
    for factor in (1, 1.5, 2, 2.5, 5, 10):
        if factor * step >= target:
            return float(factor * step)
    return float(10 * step)


class KpiCharts(QWidget):
    """Minute charts: viewers, comments/min, orders and GMV, sentiment share, with markers.

    Drawn in the window's dark colours (the widget is dark before pyqtgraph paints, so
    opening the charts never flashes white); every y axis starts at 0 and ends at a round
    number above the data, and says its unit; product switches, alerts and flash sales
    are dashed vertical lines in every plot (hover one for what it was).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph as pg

        colours = theme.colors()
        background, text = colours.hex("background"), colours.hex("muted")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), colours["background"])
        self.setPalette(palette)
        self._pg = pg
        self.view = pg.GraphicsLayoutWidget()
        self.view.setBackground(background)
        self.view.setStyleSheet(f"background: {background}; border: none;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.plots: dict[str, Any] = {}
        self.curves: dict[str, Any] = {}
        titles = {
            "viewers": (self.tr("Viewers online"), self.tr("people")),
            "comments": (self.tr("Comments/min"), self.tr("comments")),
            "orders": (self.tr("Orders/min"), self.tr("orders")),
            "gmv": (self.tr("GMV/min"), "¥"),
            "sentiment": (self.tr("Sentiment share"), "%"),
        }
        axis_pen = pg.mkPen(colours.hex("border"))
        first = None
        for col, (key, (title, unit)) in enumerate(titles.items()):
            plot = self.view.addPlot(row=0, col=col)
            plot.setTitle(title, color=colours.hex("text"), size="9pt")
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.setMouseEnabled(x=False, y=False)
            plot.showGrid(x=False, y=True, alpha=0.15)
            for name in ("left", "bottom"):
                axis = plot.getAxis(name)
                axis.setPen(axis_pen)
                axis.setTextPen(pg.mkPen(text))
            plot.getAxis("left").setLabel(unit, color=text)
            plot.getAxis("bottom").setLabel(self.tr("minute of the show"), color=text)
            plot.enableAutoRange(y=False)
            plot.setYRange(0, 1, padding=0)
            if first is None:
                first = plot
            else:
                plot.setXLink(first)
            self.plots[key] = plot
        pen = pg.mkPen
        dots = {"symbol": "o", "symbolSize": 5, "symbolPen": None}  # a first minute is a dot
        self.curves["viewers"] = self.plots["viewers"].plot(
            pen=pen(colours.hex("info"), width=2), symbolBrush=colours.hex("info"), **dots
        )
        self.curves["comments"] = self.plots["comments"].plot(
            stepMode="center", fillLevel=0, brush="#b197fc60", pen=pen("#b197fc")
        )
        self.curves["gmv"] = self.plots["gmv"].plot(
            stepMode="center", fillLevel=0, brush="#3ecf8e50", pen=pen("#3ecf8e")
        )
        self.curves["orders"] = self.plots["orders"].plot(
            pen=pen("#f5b942", width=2), symbolBrush="#f5b942", **dots
        )
        for key, colour in SENTIMENT_COLOURS.items():
            self.curves[key] = self.plots["sentiment"].plot(
                pen=pen(colour, width=2), symbolBrush=colour, **dots
            )
        self.plots["sentiment"].setYRange(0, 1, padding=0)
        self.plots["sentiment"].getAxis("left").setTicks(
            [[(0.0, "0"), (0.25, "25"), (0.5, "50"), (0.75, "75"), (1.0, "100")]]
        )
        self._markers: list[tuple[Any, Any]] = []
        self.shown: MinuteView | None = None

    def show_view(self, view: MinuteView) -> None:
        """Draw ``view`` (a few hundred points at most: cheap enough for every change)."""
        self.shown = view
        minutes = view.minutes
        edges = [*minutes, view.first + len(minutes)]
        middles = [m + 0.5 for m in minutes]
        self.curves["viewers"].setData(middles, view.viewers)
        self.curves["comments"].setData(edges, view.comments)
        self.curves["gmv"].setData(edges, view.gmv)
        self.curves["orders"].setData(middles, view.orders)
        share = view.sentiment_share() if view.has_sentiment else {}
        for key in SENTIMENT_COLOURS:
            values = share.get(key, [])
            self.curves[key].setData(middles[: len(values)], values)
        self.plots["viewers"].setYRange(0, nice_top(view.viewers), padding=0)
        self.plots["comments"].setYRange(0, nice_top(view.comments), padding=0)
        self.plots["orders"].setYRange(0, nice_top(view.orders), padding=0)
        self.plots["gmv"].setYRange(0, nice_top(view.gmv), padding=0)
        if minutes:
            self.plots["viewers"].setXRange(
                view.first, view.first + max(len(minutes), 5), padding=0
            )
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
                        MARKER_COLOURS.get(marker.kind, "#8f96a3"),
                        style=Qt.PenStyle.DashLine,
                        width=1,
                    ),
                )
                line.setToolTip(marker.label)
                plot.addItem(line, ignoreBounds=True)
                self._markers.append((plot, line))


class KpiPanel(QWidget):
    """One row of :class:`KpiCard` (two on a narrow or scaled screen), the chart buttons
    at the row's end, and the charts under it when shown.

    ``charts_toggled`` tells the window to give the dock room for the charts (a dock does
    not grow by itself) and to take it back when they are hidden.
    """

    charts_toggled = Signal(bool)
    #: The cards went from one row to two or back: the dock's height should follow.
    rows_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards = {spec.key: KpiCard(spec) for spec in KPI_SPECS}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.setSpacing(4)
        # the cards re-flow in resizeEvent: the one-row minimum must not stop a narrower
        # (or scaled) window from getting there
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._grid = QGridLayout()
        self._grid.setSpacing(6)
        self._columns = 0
        self.charts_button = QPushButton(self.tr("Charts"))
        self.charts_button.setCheckable(True)
        self.charts_button.setToolTip(self.tr("Minute charts of this show"))
        self.charts_button.toggled.connect(self._on_charts_toggled)
        self.range_box = QComboBox()
        for label, minutes in CHART_RANGES:
            self.range_box.addItem(_tr(label), minutes)
        self.range_box.currentIndexChanged.connect(self._on_range_changed)
        self.range_box.setVisible(False)  # only with the charts: no dead control on screen
        side = QVBoxLayout()
        side.setSpacing(4)
        side.addWidget(self.charts_button)
        side.addWidget(self.range_box)
        side.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addLayout(self._grid, 1)
        row.addLayout(side)
        outer.addLayout(row)
        self.charts: KpiCharts | None = None
        self._outer = outer
        self._drawn_key: tuple[int, int, int, int | None] | None = None
        self._arrange(len(self.cards))

    def _arrange(self, columns: int) -> None:
        """Put the cards in ``columns`` columns (all in one row when they fit)."""
        if columns == self._columns:
            return
        changed = self._columns != 0
        self._columns = columns
        for card in self.cards.values():
            self._grid.removeWidget(card)
        for i, card in enumerate(self.cards.values()):
            self._grid.addWidget(card, i // columns, i % columns)
        for column in range(len(self.cards)):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)
        if changed:
            self.rows_changed.emit()

    def columns_for(self, width: int) -> int:
        """How many cards fit side by side in ``width`` pixels (one row or two)."""
        spacing = self._grid.spacing()
        side = self.charts_button.sizeHint().width() + 2 * spacing + 8
        fit = (width - side + spacing) // (CARD_MIN_WIDTH + spacing)
        count = len(self.cards)
        return count if fit >= count else max(1, -(-count // 2))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-flow the cards for the new width (a dock gives no height-for-width)."""
        super().resizeEvent(event)
        self._arrange(self.columns_for(self.width()))
        self.setMinimumHeight(self.cards_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(CARD_MIN_WIDTH * 3, self.cards_height())

    def cards_height(self) -> int:
        """The height the cards need (what the dock should be without the charts)."""
        rows = -(-len(self.cards) // max(1, self._columns))
        card = max(c.sizeHint().height() for c in self.cards.values())
        return rows * card + (rows - 1) * self._grid.spacing() + 8

    @property
    def chart_minutes(self) -> int | None:
        """Minutes the charts show (None = whole session)."""
        minutes = self.range_box.currentData()
        return int(minutes) if minutes is not None else None

    def _on_charts_toggled(self, shown: bool) -> None:
        if shown and self.charts is None:
            self.charts = KpiCharts()
            self.charts.setMinimumHeight(CHART_MIN_HEIGHT)
            self._outer.addWidget(self.charts, 1)
        if self.charts is not None:
            self.charts.setVisible(shown)
        self.range_box.setVisible(shown)
        self._drawn_key = None
        self.charts_toggled.emit(shown)

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
        card = self.cards["viewers_online"]
        card.value.setText(fmt_int(event.online))
        card.fit_value()

    def value_text(self, key: str) -> str:
        """What the card for ``key`` shows now."""
        return self.cards[key].value.text()
