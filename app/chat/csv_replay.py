"""Replay of comments or events from a CSV file (e.g. a platform's comment export).

Two layouts are accepted, told apart by the header row:

* events: ``t_ms,type,...`` with the same column names as the JSON event format
  (``id, platform, user, text, count, gift, value, online, pv, uv, sku, qty, amount``);
* comments: ``time,platform,user,text`` (optional ``id``), where ``time`` is seconds
  (``12.5``) or a clock (``1:02:03.5`` / ``02:03``) from the start of the session.

Spreadsheet exports are often UTF-8 with a BOM or, from Chinese Excel, GB18030: both
are read. Malformed rows are skipped, counted and reported, like JSONL replay.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.chat.replay import JsonlScriptSource
from app.messages import QT_TRANSLATE_NOOP
from app.session.codec import EventFormatError, event_from_json
from app.session.events import Event

INT_COLUMNS = frozenset({"t_ms", "count", "online", "pv", "uv", "qty"})
FLOAT_COLUMNS = frozenset({"value", "amount"})
_SNIFF_BYTES = 1 << 20


def detect_encoding(path: Path) -> str:
    """``utf-8-sig`` unless the start of the file is not UTF-8, then ``gb18030``."""
    with path.open("rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not just a character cut at the sniff boundary
            return "gb18030"
    return "utf-8-sig"


def parse_time(text: str) -> int:
    """Seconds or ``[h:]mm:ss[.fff]`` -> milliseconds."""
    value = text.strip()
    try:
        parts = [float(p) for p in value.split(":")]
    except ValueError:
        raise EventFormatError(f"time {text!r} is not seconds or [h:]mm:ss") from None
    if not parts or len(parts) > 3 or any(p < 0 for p in parts):
        raise EventFormatError(f"time {text!r} is not seconds or [h:]mm:ss")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + part
    return round(seconds * 1000)


def _typed(key: str, value: str) -> Any:
    if key in INT_COLUMNS:
        try:
            return int(value)
        except ValueError:
            return value  # the codec names the column in its error
    if key in FLOAT_COLUMNS:
        try:
            return float(value)
        except ValueError:
            return value
    return value


def row_to_event(row: dict[str, str], rownum: int) -> Event:
    """One CSV row (header -> cell) as an event; raises EventFormatError."""
    cells = {k.strip().lower(): v.strip() for k, v in row.items() if k and v and v.strip()}
    if "t_ms" not in cells and "time" in cells:
        cells["t_ms"] = str(parse_time(cells.pop("time")))
    if "type" not in cells:
        cells["type"] = "comment"
    if cells["type"] == "comment" and "id" not in cells:
        cells["id"] = f"csv-{rownum}"
    return event_from_json({k: _typed(k, v) for k, v in cells.items()})


def iter_csv(path: Path) -> Iterator[tuple[int, Event | EventFormatError]]:
    """Yield ``(row number, event or error)``; row 1 is the header."""
    with path.open("r", encoding=detect_encoding(path), errors="replace", newline="") as fh:
        reader = csv.DictReader(fh)
        header = [h.strip().lower() for h in reader.fieldnames or []]
        if not {"t_ms", "time"} & set(header):
            raise EventFormatError(
                f"{path.name}: the header needs a 't_ms' or 'time' column (found: {header})"
            )
        for rownum, row in enumerate(reader, start=2):
            if None in row:
                yield rownum, EventFormatError("more cells than header columns")
                continue
            try:
                yield rownum, row_to_event(row, rownum)
            except EventFormatError as exc:
                yield rownum, exc


class CsvScriptSource(JsonlScriptSource):
    """Publishes each CSV row when the session clock reaches its time."""

    unit = "row"
    kind = "CSV file"
    at_template = QT_TRANSLATE_NOOP("Messages", "row {number}: {error}")
    skipped_template = QT_TRANSLATE_NOOP("Messages", "skipped a malformed row ({first})")
    finished_template = QT_TRANSLATE_NOOP(
        "Messages", "replay finished; {n} malformed row(s) skipped (first: {first})"
    )

    def items(self) -> Iterator[tuple[int, Event | EventFormatError]]:
        return iter_csv(self.path)
