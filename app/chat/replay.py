"""Replay of a JSONL event script: comments, likes, follows, gifts, viewers, orders.

The file is streamed line by line, so a four-hour script costs no more memory than a
short one. Malformed lines are skipped, counted, and reported in the source status with
the first line number and reason; they never stop the replay.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from app.messages import QT_TRANSLATE_NOOP, Message
from app.session.codec import EventFormatError, decode_json, event_from_json
from app.session.events import Event
from app.session.sources import Source

_REPLAYING = QT_TRANSLATE_NOOP("Messages", "replaying {file}")
_FINISHED = QT_TRANSLATE_NOOP("Messages", "replay finished")


def iter_script(path: Path) -> Iterator[tuple[int, Event | EventFormatError]]:
    """Yield ``(line_number, event or error)`` for every non-blank line of ``path``."""
    with path.open("r", encoding="utf-8", errors="replace") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:  # the ingest server's rules: bounded nesting and numbers, no NaN
                yield lineno, event_from_json(decode_json(line))
            except EventFormatError as exc:
                yield lineno, exc


class JsonlScriptSource(Source):
    """Publishes each scripted event when the session clock reaches its ``t_ms``.

    Subclasses for other file formats override :meth:`items`, :attr:`unit` and
    :attr:`kind`; the replay, error counting and status messages are shared.
    """

    background = True  # gives way to the window (app/priority.py)

    name = "comments"
    #: What one record of the file is called in logs ("line", "row").
    unit = "line"
    #: What the file is called when it is missing.
    kind = "event script"
    #: The status sentences naming a record (one set per :attr:`unit`, for the translator).
    at_template = QT_TRANSLATE_NOOP("Messages", "line {number}: {error}")
    skipped_template = QT_TRANSLATE_NOOP("Messages", "skipped a malformed line ({first})")
    finished_template = QT_TRANSLATE_NOOP(
        "Messages", "replay finished; {n} malformed line(s) skipped (first: {first})"
    )

    def __init__(self, path: Path, until_ms: int | None = None) -> None:
        super().__init__(until_ms)
        self.path = path
        self.malformed = 0
        self._first_error: Message | None = None

    def items(self) -> Iterator[tuple[int, Event | EventFormatError]]:
        return iter_script(self.path)

    def run(self) -> None:
        if not self.path.is_file():
            raise FileNotFoundError(f"{self.kind} not found: {self.path}")
        self.status("ok", Message(_REPLAYING, {"file": self.path.name}))
        for number, item in self.items():
            if isinstance(item, EventFormatError):
                self._count_error(number, item)
                continue
            if not self.wait_until(item.t_ms):
                return
            self.emit(item)

    def _count_error(self, number: int, error: EventFormatError) -> None:
        self.malformed += 1
        if self.malformed == 1:
            self._first_error = Message(self.at_template, {"number": number, "error": str(error)})
            self.status("ok", Message(self.skipped_template, {"first": self._first_error}))

    def end_message(self) -> str | Message:
        if self.malformed:
            values = {"n": self.malformed, "first": self._first_error}
            return Message(self.finished_template, values)
        return Message(_FINISHED)
