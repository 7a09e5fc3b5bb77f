"""Status bar: session clock, one health dot per source, running counts, dropped events."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from app.messages import QT_TRANSLATE_NOOP
from app.session.events import SourceStatusEvent
from app.ui import theme
from app.ui.formatting import fmt_clock, fmt_int, fmt_money, status_tone
from app.ui.i18n import tr_status

#: Sources in the order the status bar lists them; others follow as they report.
SOURCE_ORDER = ("video", "audio", "comments", "transcript", "store")
#: What each source's dot says (translated); a source not listed shows its own name.
SOURCE_LABELS = {
    "video": QT_TRANSLATE_NOOP("SourceDot", "video"),
    "audio": QT_TRANSLATE_NOOP("SourceDot", "audio"),
    "comments": QT_TRANSLATE_NOOP("SourceDot", "comments"),
    "transcript": QT_TRANSLATE_NOOP("SourceDot", "transcript"),
    "store": QT_TRANSLATE_NOOP("SourceDot", "store"),
    "speech": QT_TRANSLATE_NOOP("SourceDot", "speech"),
    "server": QT_TRANSLATE_NOOP("SourceDot", "server"),
    "triage": QT_TRANSLATE_NOOP("SourceDot", "triage"),
    "vision": QT_TRANSLATE_NOOP("SourceDot", "vision"),
    "recording": QT_TRANSLATE_NOOP("SourceDot", "recording"),
    "audio recording": QT_TRANSLATE_NOOP("SourceDot", "audio recording"),
    "virtual camera": QT_TRANSLATE_NOOP("SourceDot", "virtual camera"),
    "obs": QT_TRANSLATE_NOOP("SourceDot", "OBS"),
    "disk": QT_TRANSLATE_NOOP("SourceDot", "disk"),
    # the browser bridge's platforms (app/bridge): one dot per connected page
    "douyin": QT_TRANSLATE_NOOP("SourceDot", "Douyin"),
    "tiktok": QT_TRANSLATE_NOOP("SourceDot", "TikTok"),
    "kuaishou": QT_TRANSLATE_NOOP("SourceDot", "Kuaishou"),
    "bilibili": QT_TRANSLATE_NOOP("SourceDot", "Bilibili"),
    "youtube": QT_TRANSLATE_NOOP("SourceDot", "YouTube"),
    "twitch": QT_TRANSLATE_NOOP("SourceDot", "Twitch"),
}
#: States only the browser bridge reports: amber (the show runs on, the person should look).
BRIDGE_TONES = {"stalled": "warn", "logged_out": "warn"}
#: States in plain words, for the tooltip.
STATE_WORDS = {
    "starting": QT_TRANSLATE_NOOP("SourceDot", "starting"),
    "ok": QT_TRANSLATE_NOOP("SourceDot", "ok"),
    "ended": QT_TRANSLATE_NOOP("SourceDot", "ended"),
    "error": QT_TRANSLATE_NOOP("SourceDot", "error"),
    "stalled": QT_TRANSLATE_NOOP("SourceDot", "no traffic"),
    "logged_out": QT_TRANSLATE_NOOP("SourceDot", "logged out"),
}


class SourceDot(QLabel):
    """ "● name" in the colour of the source's state; the message is in the tooltip."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.state = "unknown"
        self.setObjectName(f"health_{name}")
        self._render("muted", self.tr("no report yet"))

    def set_status(self, status: SourceStatusEvent) -> None:
        self.state = status.state
        words = STATE_WORDS.get(status.state)
        state = self.tr(words) if words is not None else status.state
        message = tr_status(status)
        detail = f"{state}: {message}" if message else state
        self._render(BRIDGE_TONES.get(status.state) or status_tone(status.state), detail)

    def _render(self, tone: str, detail: str) -> None:
        color = theme.colors().hex(tone)
        label = self.tr(SOURCE_LABELS.get(self.name, self.name))
        self.setText(f'<span style="color:{color}">●</span> {label}')
        self.setToolTip(f"{label} — {detail}")


class SessionStatusBar(QStatusBar):
    """Permanent widgets only; transient messages (showMessage) still work on the left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = QLabel(fmt_clock(0))
        self.clock.setObjectName("clock")
        self.clock.setToolTip(self.tr("Session time"))
        self.counts = QLabel()
        self.dropped = QLabel()
        self.refused = QLabel()  # rows the database would not take: shown only when any
        self.refused.setObjectName("refusedRows")
        self.refused.hide()
        self._dropped_warn = False
        self.dots: dict[str, SourceDot] = {}
        for name in SOURCE_ORDER:
            self._dot(name)
        self.addPermanentWidget(self.counts)
        self.addPermanentWidget(self.refused)
        self.addPermanentWidget(self.dropped)
        self.addPermanentWidget(self.clock)
        self.show_counts({}, 0)

    def _dot(self, name: str) -> SourceDot:
        if name not in self.dots:
            self.dots[name] = dot = SourceDot(name)
            self.insertPermanentWidget(len(self.dots) - 1, dot)
        return self.dots[name]

    def _on_statuses(self, statuses: Iterable[SourceStatusEvent]) -> None:
        for status in statuses:
            self._dot(status.source).set_status(status)

    def show_time(self, now_ms: int) -> None:
        text = fmt_clock(now_ms)
        if text != self.clock.text():
            self.clock.setText(text)

    def show_counts(self, stats: Mapping[str, float], ui_dropped: int) -> None:
        """Engine counters plus what the bridge dropped because the GUI fell behind."""
        self.counts.setText(
            self.tr("Comments {c} · Orders {o} · GMV {g}").format(
                c=fmt_int(stats.get("comments", 0)),
                o=fmt_int(stats.get("orders", 0)),
                g=fmt_money(stats.get("gmv", 0.0)),
            )
        )
        engine_dropped = int(stats.get("dropped", 0))
        self.dropped.setText(self.tr("Dropped {n}").format(n=fmt_int(engine_dropped + ui_dropped)))
        self.dropped.setToolTip(
            self.tr("Events dropped by the engine: {e}; by the display: {u}").format(
                e=fmt_int(engine_dropped), u=fmt_int(ui_dropped)
            )
        )
        refused = int(stats.get("rejected", 0))
        if refused:
            self.refused.setText(self.tr("Not saved {n}").format(n=fmt_int(refused)))
            self.refused.setToolTip(
                self.tr("Events the database refused (logged; every other event is kept)")
            )
            self.refused.setStyleSheet(f"color: {theme.colors().hex('error')}")
        self.refused.setVisible(bool(refused))
        warn = bool(engine_dropped + ui_dropped)
        if warn != self._dropped_warn:  # restyling re-parses CSS: only when it changes
            self._dropped_warn = warn
            self.dropped.setStyleSheet(f"color: {theme.colors().hex('warn')}" if warn else "")
