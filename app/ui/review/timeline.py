"""The zoomable review timeline: one pyqtgraph plot per track, x axes linked, in seconds.

Tracks: products on air, transcript, viewers online (the platform's samples as steps),
comment volume (bars coloured by the bin's main sentiment), orders and GMV, alerts. A
click anywhere emits :attr:`Timeline.seek_requested` with the session time under the
mouse; the wheel zooms the time axis only. The cursor is one vertical line per track,
moved by :meth:`Timeline.set_cursor`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QPointF, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.analytics.review import ReviewData

TRACK_HEIGHTS = {
    "products": 60, "transcript": 60, "viewers": 70, "comments": 90, "orders": 90, "alerts": 70,
}  # fmt: skip
SENTIMENT_COLOURS = {"pos": "#2e9d5b", "neu": "#8f98a3", "neg": "#d2483f", None: "#6b5bd6"}
PRODUCT_COLOURS = ("#6b5bd6", "#2f8fd8", "#2e9d5b", "#c9a227", "#d6336c", "#7a7a7a")


class Timeline(QWidget):
    """Tracks over session time (x in seconds). Build once per session with :meth:`show_data`."""

    seek_requested = Signal(int)  # session ms

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph as pg

        self._pg = pg
        self.view = pg.GraphicsLayoutWidget()
        self.view.setBackground("#fafbfc")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.plots: dict[str, Any] = {}
        self.cursors: list[Any] = []
        self.cursor_ms = 0
        self.duration_ms = 0
        first = None
        for row, (name, height) in enumerate(TRACK_HEIGHTS.items()):
            plot = self.view.addPlot(row=row, col=0)
            plot.setMaximumHeight(height + 30)
            plot.setMinimumHeight(height)
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.setMouseEnabled(x=True, y=False)
            plot.getAxis("left").setWidth(70)
            plot.setLabel("left", self.tr(_TRACK_LABELS[name]), **{"font-size": "8pt"})
            if name in ("products", "transcript", "alerts"):
                plot.getAxis("left").setStyle(showValues=False)
                plot.getAxis("left").setTicks([[]])
            if name != "alerts":
                plot.getAxis("bottom").setStyle(showValues=False)
            if first is None:
                first = plot
            else:
                plot.setXLink(first)
            cursor = pg.InfiniteLine(pos=0, angle=90, pen=pg.mkPen("#e03131", width=2))
            plot.addItem(cursor, ignoreBounds=True)
            self.cursors.append(cursor)
            self.plots[name] = plot
        self.plots["alerts"].setLabel("bottom", "session time (s)")
        self.view.scene().sigMouseClicked.connect(self._on_click)

    # -- data ---------------------------------------------------------------------------------
    def show_data(self, data: ReviewData) -> None:
        """Draw every track for ``data`` (replaces what was shown)."""
        for plot in self.plots.values():
            for item in list(plot.items):
                if item not in self.cursors:
                    plot.removeItem(item)
            plot.enableAutoRange(axis="y")
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
        for seg in data.segments:
            colours.setdefault(seg.sku, PRODUCT_COLOURS[len(colours) % len(PRODUCT_COLOURS)])
            x0.append(seg.start_ms / 1000)
            widths.append(max(0.001, (seg.end_ms - seg.start_ms) / 1000))
            brushes.append(colours[seg.sku])
            label = self._pg.TextItem(seg.name, color="#ffffff", anchor=(0, 0.5))
            label.setPos(seg.start_ms / 1000, 0.5)
            label.setZValue(10)
            self.plots["products"].addItem(label)
        self._bars("products", x0, widths, [1.0] * len(x0), brushes)
        self.plots["products"].setYRange(0, 1, padding=0.05)

    def _transcript(self, data: ReviewData) -> None:
        lines = data.transcript
        self._bars(
            "transcript",
            [ln.start_ms / 1000 for ln in lines],
            [max(0.001, (ln.end_ms - ln.start_ms) / 1000) for ln in lines],
            [1.0] * len(lines),
            ["#2f8fd8"] * len(lines),
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
            xs, ys, stepMode="center", pen=self._pg.mkPen("#2f8fd8", width=1.5),
            fillLevel=0, brush=(47, 143, 216, 50),
        )  # fmt: skip
        self.plots["viewers"].addItem(curve)

    def _comments(self, data: ReviewData) -> None:
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
            brushes.append(SENTIMENT_COLOURS[main])
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
            ["#c9a227"] * len(idx),
        )

    def _alerts(self, data: ReviewData) -> None:
        pg = self._pg
        colours = {
            "critical": "#c92a2a",
            "high": "#c92a2a",
            "error": "#c92a2a",
            "warning": "#e08a00",
            "medium": "#e08a00",
            "info": "#2f8fd8",
        }
        spots = [
            {
                "pos": (a.t_ms / 1000, 0.5),
                "brush": pg.mkBrush(colours.get(a.severity, "#7a7a7a")),
                "size": 9,
                "data": a.t_ms,
            }
            for a in data.alerts
        ]
        if spots:
            scatter = pg.ScatterPlotItem(spots=spots, pen=None)
            self.plots["alerts"].addItem(scatter)
        self.plots["alerts"].setYRange(0, 1, padding=0.05)

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
