"""The host's speech: final segments with timestamps, the live caption line, a search box,
recognizer figures (latency, real-time factor) and a mic meter."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.messages import Message
from app.session.events import SourceStatusEvent, TranscriptEvent
from app.speech.captions import display_text
from app.ui.formatting import fmt_db
from app.ui.i18n import tr_message, tr_status
from app.ui.models.feeds import TranscriptModel
from app.ui.widgets import Banner, FeedView, LevelMeter

AUDIO_SOURCE = "audio"
SPEECH_SOURCE = "speech"
_SILENT_DB = -120.0


class TranscriptPanel(QWidget):
    """Final segments scroll in a list; the partial one updates a caption line below it."""

    def __init__(self, speech_note: Message | str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TranscriptModel(parent=self)
        self.banner = Banner(tr_message(speech_note))
        self.search = QLineEdit()
        self.search.setObjectName("transcriptSearch")
        self.search.setPlaceholderText(self.tr("Search transcript"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._apply_filter)
        self.view = FeedView()
        self.view.setModel(self.model)
        self.partial = QLabel()
        self.partial.setObjectName("partialCaption")
        self.partial.setWordWrap(True)
        italic = self.partial.font()
        italic.setItalic(True)
        self.partial.setFont(italic)
        self.recognizer = QLabel()
        self.recognizer.setObjectName("recognizerStats")
        self.recognizer.setTextFormat(Qt.TextFormat.PlainText)
        self.recognizer.hide()
        self.meter = LevelMeter()
        self.level = QLabel(fmt_db(self.meter.level_db))
        self.level.setObjectName("audioLevel")
        self._build_layout()

    def _build_layout(self) -> None:
        meter_row = QHBoxLayout()
        meter_row.addWidget(QLabel(self.tr("Mic")))
        meter_row.addWidget(self.meter, 1)
        meter_row.addWidget(self.level)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.partial)
        layout.addWidget(self.recognizer)
        layout.addLayout(meter_row)

    @staticmethod
    def _readable(event: TranscriptEvent) -> TranscriptEvent:
        """Chinese ASR output is space-separated words: show it as viewers read it."""
        text = display_text(event.text)
        return event if text == event.text else dataclasses.replace(event, text=text)

    def _on_transcript(self, events: list[TranscriptEvent]) -> None:
        finals = [self._readable(e) for e in events if e.final]
        if finals:
            self.view.append(finals)
            if self.search.text().strip():
                self._apply_filter(self.search.text())
        last = events[-1] if events else None
        self.partial.setText(display_text(last.text) if last is not None and not last.final else "")

    def _apply_filter(self, text: str) -> None:
        """Hide segments that do not contain ``text`` (case- and CJK-spacing-insensitive)."""
        needle = display_text(text).lower()
        for row in range(self.model.rowCount()):
            shown = self.model.index(row).data(Qt.ItemDataRole.DisplayRole) or ""
            self.view.setRowHidden(row, bool(needle) and needle not in str(shown).lower())

    def _on_audio_level(self, level_db: float) -> None:
        self.meter.set_level(level_db)
        self.level.setText(fmt_db(self.meter.level_db))

    def _on_statuses(self, statuses: list[SourceStatusEvent]) -> None:
        """Drop the meter to silence when the microphone stops, instead of freezing it;
        show the recognizer's figures (latency, real-time factor) as it reports them."""
        if any(s.source == AUDIO_SOURCE and s.state in ("ended", "error") for s in statuses):
            self._on_audio_level(_SILENT_DB)
        speech = [s for s in statuses if s.source == SPEECH_SOURCE]
        if speech:
            self.recognizer.setText(tr_status(speech[-1]))
            self.recognizer.setVisible(bool(speech[-1].message))
