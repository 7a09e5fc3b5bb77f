"""The zoomable review timeline: one pyqtgraph plot per track, x axes linked, in seconds.

Tracks: products on air, transcript, viewers online (the platform's samples as steps),
comment volume (bars coloured by the bin's main sentiment), GMV per bin, alerts. The
bottom axis reads session time as HH:MM:SS, the top one the local time of day. The
colours come from the app's dark theme. Every track fits at the default size, each mark
has a tooltip (:meth:`Timeline.tooltip_at`), and a product name is drawn only where it
fits without touching its neighbour (re-laid out on every zoom). A click anywhere emits
:attr:`Timeline.seek_requested` with the session time under the mouse; the wheel zooms the
time axis only. The cursor is one vertical line per track, moved by :meth:`set_cursor`.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, Signal
from PySide6.QtGui import QCursor, QFontMetrics
from PySide6.QtWidgets import QToolTip, QVBoxLayout, QWidget

from app.analytics.export import alert_words
from app.analytics.review import ReviewData
from app.analytics.timefmt import clock, wall_clock
from app.ui.review.words import ui_words
from app.ui.theme import colors

#: Height of each track's plot area (px): together they fit the default window.
TRACK_HEIGHTS = {
    "products": 30, "transcript": 26, "viewers": 52, "comments": 60, "orders": 52, "alerts": 28,
}  # fmt: skip
#: Room for the two time axes (top: time of day, bottom: session time).
AXES_HEIGHT = 60
PRODUCT_COLOURS = ("#7c6cf0", "#3d9be9", "#2fb37a", "#d4a72c", "#e0447a", "#8a8f98")
LEFT_AXIS_WIDTH = 40
#: The track names stand in their own column, horizontal, whatever a track's height.
TITLE_WIDTH = 56


def _axis_class() -> Any:
    import pyqtgraph as pg

    class TimeAxis(pg.AxisItem):  # type: ignore[misc]
        """Seconds of session time as HH:MM:SS, or the local time of day."""

        def __init__(self, orientation: str, start: list[datetime | None]) -> None:
            super().__init__(orientation)
            self._start = start  # shared, set when data arrives

        def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
            start = self._start[0]
            if self.orientation == "top":
                if start is None:
                    return ["" for _ in values]
                return [wall_clock(start, int(v * 1000)) for v in values]
            return [clock(int(v * 1000)) for v in values]

        def tickSpacing(self, minVal: float, maxVal: float, size: float) -> list[Any]:
            span = max(1e-6, maxVal - minVal)
            for step in (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200):
                if span / step <= max(2.0, size / 90):
                    return [(step, 0), (step / 5 if step >= 5 else step, 0)]
            return [(14400, 0), (3600, 0)]

    return TimeAxis


class Timeline(QWidget):
    """Tracks over session time (x in seconds). Build once per session with :meth:`show_data`."""

    seek_requested = Signal(int)  # session ms

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph as pg

        self._pg = pg
        theme = colors()
        self._text = theme.hex("text")
        self._muted = theme.hex("muted")
        self.view = pg.GraphicsLayoutWidget()
        self.view.setBackground(theme.hex("background"))
        self.view.ci.setSpacing(2)
        self.view.setMouseTracking(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.plots: dict[str, Any] = {}
        self.titles: dict[str, Any] = {}
        self.cursors: list[Any] = []
        self.cursor_ms = 0
        self.duration_ms = 0
        self.data: ReviewData | None = None
        self._start: list[datetime | None] = [None]
        self._labels: list[tuple[Any, float, float, str]] = []  # item, x0 s, x1 s, name
        axis_type = _axis_class()
        first = None
        for name, height in TRACK_HEIGHTS.items():
            plot = self._add_track(name, height, axis_type)
            if first is None:
                first = plot
            else:
                plot.setXLink(first)
        self.setMinimumHeight(sum(TRACK_HEIGHTS.values()) + AXES_HEIGHT + 8 * len(TRACK_HEIGHTS))
        self.view.scene().sigMouseClicked.connect(self._on_click)
        self.view.scene().sigMouseMoved.connect(self._on_hover)
        self.plots["products"].sigXRangeChanged.connect(lambda *_: self._place_labels())

    def _add_track(self, name: str, height: int, axis_type: Any) -> Any:
        """One track's plot, styled for the dark theme, with its cursor line."""
        pg = self._pg
        names = list(TRACK_HEIGHTS)
        axes = {}
        if name == names[-1]:
            axes["bottom"] = axis_type("bottom", self._start)
        if name == names[0]:
            axes["top"] = axis_type("top", self._start)
        row = names.index(name)
        title = self.view.addLabel(
            self._track_title(name), row=row, col=0, color=self._text, size="9pt", justify="right"
        )
        title.setFixedWidth(TITLE_WIDTH)
        self.titles[name] = title
        plot = self.view.addPlot(row=row, col=1, axisItems=axes)
        plot.setFixedHeight(height + (30 if name in (names[0], names[-1]) else 0) + 4)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setMouseEnabled(x=True, y=False)
        left = plot.getAxis("left")
        left.setWidth(LEFT_AXIS_WIDTH)
        if name in ("products", "transcript", "alerts"):
            left.setStyle(showValues=False)
            left.setTicks([[]])
        else:
            left.setStyle(maxTickLevel=0)
        if name == names[0]:
            plot.showAxis("top")
        if name != names[-1]:
            plot.getAxis("bottom").setStyle(showValues=False)
        for side in ("left", "top", "bottom"):
            axis = plot.getAxis(side)
            axis.setTextPen(self._muted)
            axis.setPen(self._muted)
        cursor = pg.InfiniteLine(pos=0, angle=90, pen=pg.mkPen("#ff4d6d", width=2))
        cursor.setZValue(50)  # above the bars and labels
        plot.addItem(cursor, ignoreBounds=True)
        self.cursors.append(cursor)
        self.plots[name] = plot
        return plot

    @staticmethod
    def _track_title(name: str) -> str:
        return QCoreApplication.translate("Timeline", str(_TRACK_LABELS[name]))

    # -- data ---------------------------------------------------------------------------------
    def show_data(self, data: ReviewData) -> None:
        """Draw every track for ``data`` (replaces what was shown)."""
        for plot in self.plots.values():
            for item in list(plot.items):
                if item not in self.cursors:
                    plot.removeItem(item)
            plot.enableAutoRange(axis="y")
        self.data = data
        self._start[0] = data.session.started_at
        self.duration_ms = max(1, data.session.duration_ms)
        self._products(data)
        self._transcript(data)
        self._viewers(data)
        self._comments(data)
        self._orders(data)
        self._alerts(data)
        end = self.duration_ms / 1000
        for plot in self.plots.values():
            plot.setLimits(xMin=0, xMax=max(end, 1.0))
        self.plots["products"].setXRange(0, max(end, 1.0), padding=0.01)
        self._place_labels()

    def _bars(
        self, name: str, x0: list[float], widths: list[float], heights: list[float],
        brushes: list[str],
    ) -> None:  # fmt: skip
        if not x0:
            return
        item = self._pg.BarGraphItem(
            x0=x0, width=widths, height=heights, y0=0.0, brushes=brushes, pen=None
        )
        self.plots[name].addItem(item)

    def _products(self, data: ReviewData) -> None:
        colours: dict[str, str] = {}
        x0, widths, brushes = [], [], []
        self._labels = []
        for seg in data.segments:
            colours.setdefault(seg.sku, PRODUCT_COLOURS[len(colours) % len(PRODUCT_COLOURS)])
            x0.append(seg.start_ms / 1000)
            widths.append(max(0.001, (seg.end_ms - seg.start_ms) / 1000))
            brushes.append(colours[seg.sku])
            label = self._pg.TextItem("", color="#ffffff", anchor=(0, 0.5))
            label.setPos(seg.start_ms / 1000, 0.5)
            label.setZValue(10)
            self.plots["products"].addItem(label)
            self._labels.append((label, seg.start_ms / 1000, seg.end_ms / 1000, seg.name))
        self._bars("products", x0, widths, [1.0] * len(x0), brushes)
        self.plots["products"].setYRange(0, 1, padding=0.05)

    def _place_labels(self) -> None:
        """Show a product's name only where it fits inside its bar, never over the next one."""
        if not self._labels:
            return
        plot = self.plots["products"]
        (x_min, x_max), width_px = plot.viewRange()[0], max(1.0, plot.vb.width())
        per_s = width_px / max(1e-9, x_max - x_min)
        metrics = QFontMetrics(self.font())
        right_edge = float("-inf")
        self.visible_labels: list[str] = []
        for item, x0, x1, name in self._labels:
            left = max(x0, x_min)
            room = (min(x1, x_max) - left) * per_s - 8
            text = metrics.elidedText(name, _ELIDE_RIGHT, int(max(0, room)))
            start_px = (left - x_min) * per_s
            if (
                room < metrics.horizontalAdvance("…") * 3
                or text in ("", "…")
                or (start_px < right_edge)
            ):
                item.setText("")
                continue
            item.setText(text)
            item.setPos(left, 0.5)
            right_edge = start_px + metrics.horizontalAdvance(text) + 8
            self.visible_labels.append(text)

    def _transcript(self, data: ReviewData) -> None:
        lines = data.transcript
        self._bars(
            "transcript",
            [ln.start_ms / 1000 for ln in lines],
            [max(0.001, (ln.end_ms - ln.start_ms) / 1000) for ln in lines],
            [1.0] * len(lines),
            ["#3d9be9"] * len(lines),
        )
        self.plots["transcript"].setYRange(0, 1, padding=0.05)

    def _viewers(self, data: ReviewData) -> None:
        """Concurrent viewers as reported: a step line holding each sample until the next."""
        samples = data.viewers
        if not samples:
            return
        xs = [t / 1000 for t, _ in samples] + [self.duration_ms / 1000]
        ys = [float(v) for _, v in samples]
        if xs[-1] <= xs[-2]:  # a sample at the very end: give it a sliver of width
            xs[-1] = xs[-2] + 0.001
        curve = self._pg.PlotDataItem(
            xs, ys, stepMode="center", pen=self._pg.mkPen("#4dabf7", width=1.5),
            fillLevel=0, brush=(77, 171, 247, 60),
        )  # fmt: skip
        self.plots["viewers"].addItem(curve)

    def _comments(self, data: ReviewData) -> None:
        theme = colors()
        tone = {"pos": theme.hex("pos"), "neu": theme.hex("neu"), "neg": theme.hex("neg")}
        b = data.bins
        step = b.bin_ms / 1000
        x0, heights, brushes = [], [], []
        for i, n in enumerate(b.comments):
            if not n:
                continue
            mood = {"pos": b.pos[i], "neu": b.neu[i], "neg": b.neg[i]}
            main = max(mood, key=lambda k: mood[k]) if any(mood.values()) else None
            x0.append(i * step)
            heights.append(float(n))
            brushes.append(tone[main] if main else "#b197fc")
        self._bars("comments", x0, [step * 0.9] * len(x0), heights, brushes)

    def _orders(self, data: ReviewData) -> None:
        b = data.bins
        step = b.bin_ms / 1000
        idx = [i for i, v in enumerate(b.gmv) if v]
        self._bars(
            "orders",
            [i * step for i in idx],
            [step * 0.9] * len(idx),
            [b.gmv[i] for i in idx],
            ["#f5b942"] * len(idx),
        )

    def _alerts(self, data: ReviewData) -> None:
        pg = self._pg
        theme = colors()
        tones = {
            "critical": "error", "high": "error", "error": "error",
            "warning": "warn", "medium": "warn", "info": "info",
        }  # fmt: skip
        spots = [
            {
                "pos": (a.t_ms / 1000, 0.5),
                "brush": pg.mkBrush(theme.hex(tones.get(a.severity, "muted"))),
                "size": 10,
                "data": a.t_ms,
            }
            for a in data.alerts
        ]
        if spots:
            scatter = pg.ScatterPlotItem(spots=spots, pen=None)
            self.plots["alerts"].addItem(scatter)
        self.plots["alerts"].setYRange(0, 1, padding=0.05)

    # -- tooltips -----------------------------------------------------------------------------
    def tooltip_at(self, track: str, t_ms: int) -> str:
        """What the mark of ``track`` at session time ``t_ms`` is ("" where there is none)."""
        if self.data is None:
            return ""
        tip = getattr(self, f"_tip_{track}", None)
        return tip(self.data, t_ms) if tip is not None else ""

    @staticmethod
    def _tip_products(data: ReviewData, t_ms: int) -> str:
        seg = next((s for s in data.segments if s.start_ms <= t_ms < s.end_ms), None)
        if seg is None:
            return ""
        return f"{seg.name} ({seg.sku}) {clock(seg.start_ms)}–{clock(seg.end_ms)}"

    @staticmethod
    def _tip_transcript(data: ReviewData, t_ms: int) -> str:
        line = next((ln for ln in data.transcript if ln.start_ms <= t_ms <= ln.end_ms), None)
        return "" if line is None else f"{clock(line.start_ms)}  {line.text}"

    @staticmethod
    def _tip_viewers(data: ReviewData, t_ms: int) -> str:
        i = bisect_right([t for t, _v in data.viewers], t_ms) - 1
        if i < 0:
            return ""
        return QCoreApplication.translate("Timeline", "{time}: {n} online").format(
            time=clock(t_ms), n=f"{data.viewers[i][1]:,}"
        )

    @staticmethod
    def _bin(data: ReviewData, t_ms: int) -> tuple[int, str]:
        b = data.bins
        i = min(len(b) - 1, max(0, t_ms // b.bin_ms))
        return i, f"{clock(i * b.bin_ms)}–{clock((i + 1) * b.bin_ms)}"

    def _tip_comments(self, data: ReviewData, t_ms: int) -> str:
        b = data.bins
        i, span = self._bin(data, t_ms)
        if not b.comments[i]:
            return ""
        return QCoreApplication.translate(
            "Timeline", "{span}: {n} comments ({pos} positive, {neu} neutral, {neg} negative)"
        ).format(span=span, n=b.comments[i], pos=b.pos[i], neu=b.neu[i], neg=b.neg[i])

    def _tip_orders(self, data: ReviewData, t_ms: int) -> str:
        b = data.bins
        i, span = self._bin(data, t_ms)
        if not b.orders[i]:
            return ""
        return QCoreApplication.translate("Timeline", "{span}: {n} orders, GMV {gmv}").format(
            span=span, n=b.orders[i], gmv=f"{b.gmv[i]:,.2f}"
        )

    def _tip_alerts(self, data: ReviewData, t_ms: int) -> str:
        slack = self._ms_per_px() * 6
        words = ui_words()
        return "\n".join(
            f"{clock(a.t_ms)}  {alert_words(a.kind, a.terms, a.text, words, a.note)}"
            for a in data.alerts
            if abs(a.t_ms - t_ms) <= slack
        )

    def _ms_per_px(self) -> float:
        plot = self.plots["alerts"]
        x_min, x_max = plot.viewRange()[0]
        return float((x_max - x_min) * 1000 / max(1.0, plot.vb.width()))

    def _track_at(self, pos: QPointF) -> tuple[str, int] | None:
        for name, plot in self.plots.items():
            if plot.vb.sceneBoundingRect().contains(pos):
                x = plot.vb.mapSceneToView(pos).x()
                return name, int(min(max(0.0, x), self.duration_ms / 1000) * 1000)
        return None

    def _on_hover(self, pos: QPointF) -> None:
        found = self._track_at(pos)
        text = self.tooltip_at(*found) if found is not None else ""
        if text:
            QToolTip.showText(QCursor.pos(), text, self.view)
        else:
            QToolTip.hideText()

    # -- cursor and clicks --------------------------------------------------------------------
    def set_cursor(self, t_ms: int) -> None:
        self.cursor_ms = t_ms
        for line in self.cursors:
            line.setValue(t_ms / 1000)

    def time_at_scene(self, pos: QPointF) -> int | None:
        """Session ms under a scene position, or None outside the tracks."""
        for plot in self.plots.values():
            if plot.sceneBoundingRect().contains(pos):
                x = plot.vb.mapSceneToView(pos).x()
                return int(min(max(0.0, x), self.duration_ms / 1000) * 1000)
        return None

    def _on_click(self, event: Any) -> None:
        t = self.time_at_scene(event.scenePos())
        if t is not None:
            self.seek_requested.emit(t)

    def zoom_to(self, start_ms: int, end_ms: int) -> None:
        self.plots["products"].setXRange(start_ms / 1000, end_ms / 1000, padding=0.02)


_TRACK_LABELS = {
    "products": QT_TRANSLATE_NOOP("Timeline", "Products"),
    "transcript": QT_TRANSLATE_NOOP("Timeline", "Talk"),
    "viewers": QT_TRANSLATE_NOOP("Timeline", "Online"),
    "comments": QT_TRANSLATE_NOOP("Timeline", "Chat"),
    "orders": QT_TRANSLATE_NOOP("Timeline", "GMV"),
    "alerts": QT_TRANSLATE_NOOP("Timeline", "Alerts"),
}


def _elide_right() -> Any:
    from PySide6.QtCore import Qt

    return Qt.TextElideMode.ElideRight


_ELIDE_RIGHT = _elide_right()
