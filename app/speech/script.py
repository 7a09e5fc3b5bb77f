"""Scripted transcript: replays a bundle's narration text on the session clock.

Used when no speech model is installed (or in tests), so captions, the transcript,
product mentions and compliance alerts work on the demo without a recognizer. Each line
is published as a final segment when its audio ends, as a recognizer would.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from app.messages import QT_TRANSLATE_NOOP, counted
from app.session.codec import EventFormatError
from app.session.events import TranscriptEvent
from app.session.sources import Source


def read_narration(path: Path) -> Iterator[TranscriptEvent]:
    """Parse ``narration.jsonl`` lines: ``{"start_ms", "end_ms", "lang", "text"}``."""
    with path.open("r", encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                start, end = int(raw["start_ms"]), int(raw["end_ms"])
                text = str(raw["text"]).strip()
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise EventFormatError(f"{path.name} line {lineno}: {exc}") from exc
            if end < start or not text:
                raise EventFormatError(f"{path.name} line {lineno}: empty text or end before start")
            yield TranscriptEvent(
                start, end_ms=end, text=text, lang=raw.get("lang"), source="script"
            )


class ScriptTranscriptSource(Source):
    """Publishes each narration line as a final transcript segment at its end time."""

    name = "transcript"

    def __init__(self, path: Path, until_ms: int | None = None) -> None:
        super().__init__(until_ms)
        self.path = path

    def run(self) -> None:
        segments = list(read_narration(self.path))
        self.status(
            "ok",
            counted(
                len(segments),
                QT_TRANSLATE_NOOP("Messages", "scripted narration ({n} line)"),
                QT_TRANSLATE_NOOP("Messages", "scripted narration ({n} lines)"),
            ),
        )
        for seg in segments:
            if not self.wait_until(seg.end_ms):
                return
            self.emit(seg)
