"""The giveaway desk (福袋/抽奖): open entries on a keyword, count down, draw the winners.

The desk itself (:class:`app.show.giveaway.GiveawayDesk`) lives in the session and counts
entries on the comment threads; this panel only calls its thread-safe ``start`` /
``draw`` / ``cancel`` and reads its snapshot on the window's clock timer (:meth:`tick`),
so nothing here runs per comment. Winners are listed by pseudonym; *Show names* reveals
the display names on this screen only, from the desk's in-memory map (never stored, never
sent to the overlay page).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.show.giveaway import (
    CLOSED,
    DEFAULT_SECONDS,
    DRAWN,
    MAX_SECONDS,
    MAX_WINNERS,
    MIN_SECONDS,
    OPEN,
    DrawResult,
    GiveawayDesk,
    GiveawayError,
    GiveawayState,
    Rules,
)
from app.ui.flow_layout import flow_row
from app.ui.formatting import fmt_duration


class GiveawayPanel(QWidget):
    """Keyword, duration, rules and winners; Start, Draw and Cancel (#giveawayStatus)."""

    def __init__(self, desk: GiveawayDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self._version = -1
        self._now_ms = 0
        self._shown: tuple[int, int] = (-1, -1)  # (version, seconds left) the status shows
        self.keyword = QLineEdit()
        self.keyword.setPlaceholderText(self.tr("e.g. lucky bag"))
        self.keyword.setMaxLength(32)
        self.seconds = QSpinBox()
        self.seconds.setRange(MIN_SECONDS, MAX_SECONDS)
        self.seconds.setValue(DEFAULT_SECONDS)
        self.seconds.setSuffix(" s")
        self.winners = QSpinBox()
        self.winners.setRange(1, MAX_WINNERS)
        self.seed = QLineEdit()
        self.seed.setPlaceholderText(self.tr("random"))
        self.seed.setToolTip(
            self.tr("Leave empty for a new seed; the same seed gives the same winners")
        )
        self.followed = QCheckBox(self.tr("Only viewers who followed during the show"))
        self.ordered = QCheckBox(self.tr("Only viewers who ordered during the show"))
        self.start_button = QPushButton(self.tr("Start giveaway"))
        self.start_button.setProperty("role", "primary")  # styled by dark.qss
        self.draw_button = QPushButton(self.tr("Draw winners"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.status = QLabel()
        self.status.setObjectName("giveawayStatus")
        self.status.setWordWrap(True)
        self.results = QListWidget()
        self.reveal = QCheckBox(self.tr("Show names (this screen only)"))
        self.reveal.setToolTip(
            self.tr("Names are kept in memory for this show only: never saved or put on stream")
        )
        self.message = QLabel()
        self.message.setObjectName("giveawayMessage")
        self.message.setWordWrap(True)
        self._build_layout()
        self._connect()
        self.refresh()

    def _build_layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Keyword"), self.keyword)
        form.addRow(self.tr("Entries open"), self.seconds)
        form.addRow(self.tr("Winners"), self.winners)
        form.addRow(self.tr("Seed"), self.seed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(form)
        layout.addWidget(self.followed)
        layout.addWidget(self.ordered)
        layout.addLayout(flow_row(self.start_button, self.draw_button, self.cancel_button))
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.reveal)
        layout.addWidget(self.message)
        self.message.hide()

    def _connect(self) -> None:
        self.start_button.clicked.connect(self._on_start)
        self.draw_button.clicked.connect(self._on_draw)
        self.cancel_button.clicked.connect(self._on_cancel)
        self.reveal.toggled.connect(self._on_reveal_toggled)

    # -- operator actions -----------------------------------------------------------------
    def _on_start(self) -> None:
        rules = Rules(followed=self.followed.isChecked(), ordered=self.ordered.isChecked())
        try:
            self.desk.start(self.keyword.text(), rules, self.seconds.value())
        except GiveawayError as exc:
            self._say(str(exc))
            return
        self._say("")
        self.refresh()

    def _on_draw(self) -> None:
        text = self.seed.text().strip()
        if text and not text.isdigit():
            self._say(self.tr("The seed is a whole number (or leave it empty)"))
            return
        try:
            self.desk.draw(self.winners.value(), int(text) if text else None)
        except GiveawayError as exc:
            self._say(str(exc))
            return
        self._say("")
        self.refresh()

    def _on_cancel(self) -> None:
        self.desk.cancel()
        self.refresh()

    def _on_reveal_toggled(self, _checked: bool) -> None:
        self._show_winners(self.desk.snapshot().last_draw)  # with or without names

    def _say(self, text: str) -> None:
        """A one-line message under the list (what went wrong and what to do)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- desk state -----------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the desk now (after an action: the next clock tick would too)."""
        self.tick(self._now_ms)

    def tick(self, now_ms: int) -> None:
        """Mirror the desk (window's clock timer, session ms): buttons, status, winners."""
        self._now_ms = now_ms
        state = self.desk.snapshot()
        if state.version != self._version:
            self._version = state.version
            self._show_controls(state)
            self._show_winners(state.last_draw)
        shown = (state.version, state.remaining_ms(now_ms) // 1000)
        if shown != self._shown:
            self._shown = shown
            self.status.setText(self._status_text(state, now_ms))

    def _show_controls(self, state: GiveawayState) -> None:
        running = state.running
        for widget in (self.keyword, self.seconds, self.followed, self.ordered):
            widget.setEnabled(not running)
        self.start_button.setEnabled(not running)
        self.draw_button.setEnabled(state.state in (OPEN, CLOSED, DRAWN))
        self.draw_button.setText(
            self.tr("Draw again") if state.state == DRAWN else self.tr("Draw winners")
        )
        self.cancel_button.setEnabled(running)

    def _status_text(self, state: GiveawayState, now_ms: int) -> str:
        entered = self.tr("“{keyword}”: {entries} entered, {eligible} can win").format(
            keyword=state.keyword, entries=state.entries, eligible=state.eligible
        )
        if state.state == OPEN:
            left = fmt_duration(state.remaining_ms(now_ms))
            return self.tr("{entered} · {left} left").format(entered=entered, left=left)
        if state.state == CLOSED:
            return self.tr("{entered} · entries closed: draw the winners").format(entered=entered)
        if state.state == DRAWN and state.last_draw is not None:
            return self.tr("{entered} · drawn with seed {seed}").format(
                entered=entered, seed=state.last_draw.seed
            )
        return self.tr("No giveaway running: choose a keyword and start one")

    def _show_winners(self, draw: DrawResult | None) -> None:
        self.results.clear()
        if draw is None:
            return
        for place, winner in enumerate(draw.winners, 1):
            name = self.desk.reveal(winner.pseudonym) if self.reveal.isChecked() else None
            who = f"{name}  ({winner.platform}, {winner.pseudonym})" if name else winner.pseudonym
            self.results.addItem(f"{place}. {who}")
        if draw.short:
            self._say(self.tr("Only {n} could win: every one of them won").format(n=draw.entrants))
