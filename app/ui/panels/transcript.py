"""The host's speech: final segments with timestamps, the live partial line, a mic meter."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.session.events import SourceStatusEvent, TranscriptEvent
from app.ui.formatting import fmt_db
from app.ui.models.feeds import TranscriptModel
from app.ui.widgets import Banner, FeedView, LevelMeter

AUDIO_SOURCE = "audio"
_SILENT_DB = -120.0


class TranscriptPanel(QWidget):
    """Final segments scroll in a list; the partial one updates a caption line below it."""

    def __init__(self, speech_note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TranscriptModel(parent=self)
        self.banner = Banner(speech_note)
        self.view = FeedView()
        self.view.setModel(self.model)
        self.partial = QLabel()
        self.partial.setObjectName("partialCaption")
        self.partial.setWordWrap(True)
        italic = self.partial.font()
        italic.setItalic(True)
        self.partial.setFont(italic)
        self.meter = LevelMeter()
        self.level = QLabel(fmt_db(self.meter.level_db))
        self.level.setObjectName("audioLevel")
        self._build_layout()

    def _build_layout(self) -> None:
        meter_row = QHBoxLayout()
        meter_row.addWidget(QLabel(self.tr("Mic 麦克风")))
        meter_row.addWidget(self.meter, 1)
        meter_row.addWidget(self.level)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.partial)
        layout.addLayout(meter_row)

    def _on_transcript(self, events: list[TranscriptEvent]) -> None:
        finals = [e for e in events if e.final]
        if finals:
            self.view.append(finals)
        last = events[-1] if events else None
        self.partial.setText(last.text if last is not None and not last.final else "")

    def _on_audio_level(self, level_db: float) -> None:
        self.meter.set_level(level_db)
        self.level.setText(fmt_db(self.meter.level_db))

    def _on_statuses(self, statuses: list[SourceStatusEvent]) -> None:
        """Drop the meter to silence when the microphone stops, instead of freezing it."""
        if any(s.source == AUDIO_SOURCE and s.state in ("ended", "error") for s in statuses):
            self._on_audio_level(_SILENT_DB)
