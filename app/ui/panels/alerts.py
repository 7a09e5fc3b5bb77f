"""Alerts (compliance terms, stock, source failures), newest first, coloured by severity.

Alerts made by the engine carry an :class:`app.messages.Message`; the list and the banner
show it in the interface language (``tr_message``), others show their English ``text``.
"""

from __future__ import annotations

import dataclasses
import logging

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtWidgets import QAbstractItemView, QListView, QVBoxLayout, QWidget

from app.paths import RESOURCES
from app.session.events import AlertEvent
from app.ui.i18n import tr_message
from app.ui.models.feeds import AlertsModel
from app.ui.multimedia import multimedia_missing
from app.ui.widgets import Banner

log = logging.getLogger("app.ui.alerts")

ALERT_SOUND = RESOURCES / "sounds" / "alert.wav"
#: How long the banner over the list stays after a forbidden phrase.
FLASH_MS = 6_000
URGENT_KINDS = frozenset({"compliance"})


def alert_text(event: AlertEvent) -> str:
    """The alert in the interface language (its ``message``), else its recorded ``text``."""
    return tr_message(event.message) if event.message is not None else event.text


def shown(event: AlertEvent) -> AlertEvent:
    """A copy for display whose ``text`` is in the interface language.

    Only the panel's own list gets the copy; the recorder and exports got the original
    (plain English) from the bus, so what is stored never depends on the UI language.
    """
    if event.message is None:
        return event
    text = alert_text(event)
    return event if text == event.text else dataclasses.replace(event, text=text)


class AlertsPanel(QWidget):
    """A short list the operator glances at; new alerts appear at the top."""

    def __init__(self, *, sound: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AlertsModel(parent=self)
        self.flash = Banner(parent=self)
        self.flash.setObjectName("alertFlash")
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.setInterval(FLASH_MS)
        self._flash_timer.timeout.connect(lambda: self.flash.set_message(""))
        self._sound = self._load_sound() if sound else None
        self.view = QListView()
        self.view.setModel(self.model)
        # Wrap long alerts at the view's width instead of scrolling sideways.
        self.view.setWordWrap(True)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.flash)
        layout.addWidget(self.view)
        self.flash.set_message("")

    def set_sound(self, on: bool) -> None:
        """Switch the chime for forbidden phrases on or off (Settings, applied at once)."""
        self._sound = self._load_sound() if on else None

    def _load_sound(self) -> object | None:
        """A chime for forbidden phrases; without QtMultimedia the flash alone remains."""
        if multimedia_missing():
            return None  # the alerts still flash
        from PySide6.QtMultimedia import QMediaDevices, QSoundEffect

        if QMediaDevices.defaultAudioOutput().isNull():
            log.info("no audio output device: compliance alerts flash without the chime")
            return None
        effect = QSoundEffect(self)
        effect.setSource(QUrl.fromLocalFile(str(ALERT_SOUND)))
        effect.setVolume(0.8)
        return effect

    def _on_alerts(self, events: list[AlertEvent]) -> None:
        """Newest alerts enter at the top: bring them into view, they must be seen now."""
        events = [shown(e) for e in events]
        self.model.append(events)
        self.view.scrollToTop()
        # a forbidden claim flashes; a reference price to check (severity "warning") only lists
        urgent = [e for e in events if e.kind in URGENT_KINDS and e.severity != "warning"]
        if urgent:
            self._on_urgent(urgent[-1])

    def _on_urgent(self, event: AlertEvent) -> None:
        """A forbidden phrase was said: a banner the host cannot miss, and the chime."""
        terms = "、".join(event.terms) or alert_text(event)
        self.flash.set_message(self.tr("⚠ Forbidden phrase: {terms}").format(terms=terms))
        self._flash_timer.start()
        if self._sound is not None:
            self._sound.play()  # type: ignore[attr-defined]
