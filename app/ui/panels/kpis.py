"""KPI cards: the numbers a host checks between pitches, refreshed once a second.

The values come from :class:`app.analytics.kpis.KpiSnapshot`; this panel only picks,
formats and lays them out. Titles are bilingual: 中文 first, as hosts read them in the
platforms' own dashboards, then English.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from app.analytics.kpis import KpiSnapshot
from app.session.events import ViewersEvent
from app.ui.formatting import fmt_decimal, fmt_int, fmt_money, fmt_percent

_CONTEXT = "KpiPanel"
COLUMNS = 5


@dataclass(frozen=True, slots=True)
class KpiSpec:
    """One card: snapshot field, title, and how its value reads."""

    key: str
    title: str
    fmt: Callable[[float | None], str]
    tooltip: str = ""


KPI_SPECS: tuple[KpiSpec, ...] = (
    KpiSpec("viewers_online", QT_TRANSLATE_NOOP(_CONTEXT, "在线 Viewers online"), fmt_int),
    KpiSpec(
        "pv",
        QT_TRANSLATE_NOOP(_CONTEXT, "场观 PV"),
        fmt_int,
        QT_TRANSLATE_NOOP(_CONTEXT, "Total views of the live room"),
    ),
    KpiSpec(
        "comments_per_min",
        QT_TRANSLATE_NOOP(_CONTEXT, "评论/分 Comments/min"),
        fmt_decimal,
        QT_TRANSLATE_NOOP(_CONTEXT, "Comments in the last minute"),
    ),
    KpiSpec(
        "interaction_rate",
        QT_TRANSLATE_NOOP(_CONTEXT, "互动率 Interaction rate"),
        fmt_percent,
        QT_TRANSLATE_NOOP(_CONTEXT, "Commenters / unique viewers"),
    ),
    KpiSpec("likes", QT_TRANSLATE_NOOP(_CONTEXT, "点赞 Likes"), fmt_int),
    KpiSpec("orders", QT_TRANSLATE_NOOP(_CONTEXT, "订单 Orders"), fmt_int),
    KpiSpec(
        "gmv",
        QT_TRANSLATE_NOOP(_CONTEXT, "成交金额 GMV"),
        fmt_money,
        QT_TRANSLATE_NOOP(_CONTEXT, "Sum of paid order amounts"),
    ),
    KpiSpec(
        "gpm",
        QT_TRANSLATE_NOOP(_CONTEXT, "千次观看成交 GPM"),
        fmt_money,
        QT_TRANSLATE_NOOP(_CONTEXT, "GMV × 1000 / PV"),
    ),
    KpiSpec(
        "aov",
        QT_TRANSLATE_NOOP(_CONTEXT, "客单价 AOV"),
        fmt_money,
        QT_TRANSLATE_NOOP(_CONTEXT, "GMV / buyers"),
    ),
    KpiSpec("follows", QT_TRANSLATE_NOOP(_CONTEXT, "新增关注 Follows"), fmt_int),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


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


class KpiPanel(QWidget):
    """A grid of :class:`KpiCard`, one per :data:`KPI_SPECS` entry."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards = {spec.key: KpiCard(spec) for spec in KPI_SPECS}
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setSpacing(6)
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, i // COLUMNS, i % COLUMNS)

    def _on_snapshot(self, snapshot: KpiSnapshot) -> None:
        for card in self.cards.values():
            card.show_value(snapshot)

    def _on_viewers(self, event: ViewersEvent) -> None:
        """Online viewers move fast: show them now, not at the next 1 Hz refresh."""
        self.cards["viewers_online"].value.setText(fmt_int(event.online))

    def value_text(self, key: str) -> str:
        """What the card for ``key`` shows now."""
        return self.cards[key].value.text()
