"""The host view (提词器): a borderless, large-type window for the host's own screen.

The live window is for the operator (中控); the host stands metres away from a second
screen or a teleprompter and needs five things in type readable from there: what is on
air (name, price, the plan's talking points), what comes next, the flash-sale countdown,
the most-asked open question and the latest compliance alert.

Everything comes from the engine façade (``SessionEngineLike``: on-air product, run of
show, plan), polled four times a second like the main window's clock, plus two feeds the
main window already has: the question board of the comments panel and the bridge's
alerts. :func:`host_card` turns them into a plain :class:`HostCard` (tested without a
screen); :class:`HostView` only lays it out.

Keys: → / Space / PageDown next product, ← / PageUp previous, H hide (a black screen,
e.g. while the camera shows the host's screen), + / − type size, F full screen, Esc close.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.chat.questions import QuestionGroup
from app.commerce.show import ShowState
from app.session.events import AlertEvent
from app.ui import theme
from app.ui.engine_api import SessionEngineLike
from app.ui.formatting import fmt_duration, fmt_money
from app.ui.panels.alerts import alert_text

REFRESH_MS = 250
#: How long the latest compliance alert stays on the host's screen.
ALERT_SHOWN_MS = 60_000
MIN_SCALE, MAX_SCALE, SCALE_STEP = 0.6, 2.0, 0.1

TopQuestion = Callable[[], QuestionGroup | None]


@dataclass(frozen=True, slots=True)
class HostCard:
    """What the host view shows, as text (empty strings are hidden)."""

    on_air: str
    price: str
    talking_points: str
    next_up: str
    flash: str
    question: str
    alert: str


def _price(engine: SessionEngineLike, state: ShowState | None, sku: str) -> str:
    """What ``sku`` sells for now: its flash-sale price while one runs, else the live price."""
    product = next((p for p in engine.products if p.sku == sku), None)
    if product is None:
        return ""
    flash = state.flash_for(sku) if state is not None else None
    return fmt_money(flash.price if flash is not None else product.sale_price)


def _name(engine: SessionEngineLike, sku: str | None) -> str:
    product = next((p for p in engine.products if p.sku == sku), None)
    return product.display_name("zh") if product is not None else (sku or "")


def host_card(
    engine: SessionEngineLike,
    question: QuestionGroup | None,
    alert: AlertEvent | None,
    now_ms: int,
) -> HostCard:
    """The host view's text now: on air, next, flash sale, top question, latest alert."""
    sku = engine.on_air()
    state = engine.show.snapshot() if engine.show is not None else None
    item = engine.plan.item(sku) if engine.plan is not None and sku is not None else None
    points = item.talking_points.strip() if item is not None else ""
    next_sku = state.next_sku if state is not None else None
    next_up = ""
    if next_sku is not None and next_sku != sku:
        next_up = QCoreApplication.translate("HostView", "Next: {name}  {price}").format(
            name=_name(engine, next_sku), price=_price(engine, state, next_sku)
        )
    flash = ""
    sale = state.flash_for(sku) if state is not None else None
    if sale is not None:
        left = fmt_duration(sale.remaining_ms(now_ms))
        flash = QCoreApplication.translate("HostView", "⚡ Flash sale {left}").format(left=left)
    asked = ""
    if question is not None:
        asked = f"❓ ×{question.pending or question.count}  {question.text}"
    said = ""
    if alert is not None and now_ms - alert.t_ms <= ALERT_SHOWN_MS:
        # the phrases, not the whole advice: the host reads this mid-sentence
        terms = "、".join(alert.terms)
        said = (
            QCoreApplication.translate("HostView", "⚠ Do not say: {terms}").format(terms=terms)
            if terms
            else f"⚠ {alert_text(alert)}"
        )
    return HostCard(
        on_air=_name(engine, sku)
        if sku is not None
        else QCoreApplication.translate("HostView", "Nothing on air"),
        price=_price(engine, state, sku) if sku is not None else "",
        talking_points=points,
        next_up=next_up,
        flash=flash,
        question=asked,
        alert=said,
    )


def previous_sku(engine: SessionEngineLike) -> str | None:
    """The product before the on-air one in the show's order (the first if none is)."""
    order = list(engine.show.snapshot().order) if engine.show is not None else []
    order = order or list(engine.rundown) or [p.sku for p in engine.products]
    if not order:
        return None
    sku = engine.on_air()
    if sku not in order:
        return order[0]
    return order[max(0, order.index(sku) - 1)]


class HostView(QWidget):
    """The borderless large-type window; see the module docstring for its keys."""

    closed = Signal()

    def __init__(
        self,
        engine: SessionEngineLike,
        top_question: TopQuestion = lambda: None,
        *,
        scale: float = 1.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("hostView")
        self.setWindowTitle(self.tr("AnchorDesk — host view"))
        self.engine = engine
        self._top_question = top_question
        self._alert: AlertEvent | None = None
        self.scale = scale
        self.blanked = False
        self.card: HostCard | None = None
        self.labels = {
            key: self._label(key)
            for key in (
                "flash",
                "on_air",
                "price",
                "talking_points",
                "next_up",
                "question",
                "alert",
            )
        }
        self.keys = QLabel(
            self.tr("→ next   ← previous   H hide   + / − type size   F full screen   Esc close")
        )
        self.keys.setObjectName("hostKeys")
        self._build_layout()
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.apply_scale()
        self.refresh()

    def _label(self, key: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"host_{key}")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        return label

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 24)
        layout.setSpacing(12)
        for key in ("flash", "on_air", "price", "talking_points"):
            layout.addWidget(self.labels[key])
        layout.addStretch(1)
        for key in ("next_up", "question", "alert"):
            layout.addWidget(self.labels[key])
        layout.addWidget(self.keys)

    # -- feeds ----------------------------------------------------------------------------
    def _on_alerts(self, events: list[AlertEvent]) -> None:
        """Bridge slot: keep the newest compliance alert (forbidden phrases)."""
        for event in events:
            if event.kind == "compliance":
                self._alert = event
        self.refresh()

    def refresh(self) -> None:
        """Read the engine and show what changed (the labels keep their text otherwise)."""
        card = host_card(self.engine, self._top_question(), self._alert, self.engine.clock.now_ms())
        if card == self.card:
            return
        self.card = card
        for key, label in self.labels.items():
            text = getattr(card, key)
            if label.text() != text:
                label.setText(text)
            label.setVisible(bool(text) and not self.blanked)

    # -- look -----------------------------------------------------------------------------
    def apply_scale(self) -> None:
        """Type sizes from the window height and :attr:`scale` (readable from metres away)."""
        base = max(18, int(self.height() / 22 * self.scale)) if self.height() > 0 else 24
        colours = theme.colors()
        sizes = {
            "flash": (1.6, colours.hex("purchase")),
            "on_air": (2.2, colours.hex("text")),
            "price": (2.0, colours.hex("accent")),
            "talking_points": (1.2, colours.hex("text")),
            "next_up": (1.0, colours.hex("muted")),
            "question": (1.1, colours.hex("question")),
            "alert": (1.1, colours.hex("error")),
        }
        rules = ["QWidget#hostView { background: #000000; }"]
        for key, (factor, colour) in sizes.items():
            weight = "bold" if key in ("on_air", "price", "flash") else "normal"
            rules.append(
                f"QLabel#host_{key} {{ color: {colour}; font-size: {int(base * factor)}px;"
                f" font-weight: {weight}; }}"
            )
        keys = max(11, base // 2)
        rules.append(f"QLabel#hostKeys {{ color: {colours.hex('muted')}; font-size: {keys}px; }}")
        self.setStyleSheet("\n".join(rules))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.apply_scale()

    # -- keys -----------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key
        k = event.key()
        if k in (key.Key_Right, key.Key_Space, key.Key_PageDown, key.Key_Down):
            self.engine.next_product()
        elif k in (key.Key_Left, key.Key_PageUp, key.Key_Up):
            sku = previous_sku(self.engine)
            if sku is not None:
                self.engine.switch_product(sku)
        elif k == key.Key_H:
            self.set_blanked(not self.blanked)
        elif k in (key.Key_Plus, key.Key_Equal):
            self.set_scale(self.scale + SCALE_STEP)
        elif k in (key.Key_Minus, key.Key_Underscore):
            self.set_scale(self.scale - SCALE_STEP)
        elif k in (key.Key_F, key.Key_F11):
            self.setWindowState(self.windowState() ^ Qt.WindowState.WindowFullScreen)
        elif k == key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)
            return
        self.card = None  # redraw now, not at the next tick
        self.refresh()

    def set_scale(self, scale: float) -> None:
        self.scale = round(min(MAX_SCALE, max(MIN_SCALE, scale)), 2)
        self.apply_scale()

    def set_blanked(self, blanked: bool) -> None:
        """Hide everything (a black screen) or show it again."""
        self.blanked = blanked
        self.keys.setVisible(not blanked)
        self.card = None
        self.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()
        self.closed.emit()
        super().closeEvent(event)
