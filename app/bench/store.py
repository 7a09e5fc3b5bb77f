"""``bench store``: how fast the recorder writes, against raw sqlite3 in the same run.

Comments are generated deterministically, published on a real bus through the real
:class:`~app.session.recorder.Recorder` into a :class:`~app.store.writer.StoreWriter` on
a fresh SQLite file, and timed until the last row is committed. The same rows are then
written to another fresh file with the sqlite3 module's ``executemany`` in one
transaction: the ratio shows what the app's layers cost.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.bench import positive_int, print_result
from app.chat.pseudonym import Pseudonymizer
from app.config import sqlite_url
from app.session.bus import EventBus
from app.session.events import CommentEvent
from app.session.recorder import Recorder
from app.store.db import open_store
from app.store.models import LiveSession
from app.store.writer import StoreWriter

TEXTS = ("这个口红显白吗", "扣1", "多少钱", "link please", "主播好美", "发货太慢了", "已拍")


def _comments(n: int) -> list[CommentEvent]:
    rng = random.Random(7)
    return [
        CommentEvent(
            i * 14,
            event_id=f"c{i}",
            platform="douyin",
            user=f"viewer{rng.randrange(5000)}",
            text=rng.choice(TEXTS),
        )
        for i in range(n)
    ]


def _recorder_rate(folder: Path, events: list[CommentEvent]) -> float:
    store = open_store(sqlite_url(folder / "recorder.db"))
    started = datetime.now(UTC)
    with store.sessions.begin() as s:
        row = LiveSession(title="bench", started_at=started, notes="")
        s.add(row)
        s.flush()
        sid = row.id
    writer = StoreWriter(store, max_pending=len(events) + 1)
    bus = EventBus()
    Recorder(writer, sid, started, Pseudonymizer(b"bench-salt" * 4)).attach(bus)
    writer.start()
    t0 = time.perf_counter()
    for event in events:
        bus.publish(event)
    writer.close(timeout=600)
    elapsed = time.perf_counter() - t0
    store.close()
    if writer.written != len(events):
        raise RuntimeError(f"recorder wrote {writer.written} of {len(events)} rows")
    return len(events) / elapsed


def _raw_rate(folder: Path, events: list[CommentEvent]) -> float:
    conn = sqlite3.connect(folder / "raw.db")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(
        "CREATE TABLE comment (id INTEGER PRIMARY KEY, session_id INT, event_id TEXT, "
        "platform TEXT, viewer TEXT, text TEXT, lang TEXT, sentiment TEXT, intent TEXT, "
        "spam INT, t_ms INT, ts TEXT, UNIQUE (session_id, platform, event_id))"
    )
    pseudo = Pseudonymizer(b"bench-salt" * 4)
    now = datetime.now(UTC).isoformat()
    t0 = time.perf_counter()
    rows = [
        (
            1,
            e.event_id,
            e.platform,
            pseudo(e.platform, e.user),
            e.text,
            None,
            None,
            None,
            0,
            e.t_ms,
            now,
        )
        for e in events
    ]
    with conn:
        conn.executemany(
            "INSERT INTO comment (session_id, event_id, platform, viewer, text, lang, "
            "sentiment, intent, spam, t_ms, ts) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
    elapsed = time.perf_counter() - t0
    conn.close()
    return len(events) / elapsed


def run(rows: int = 200_000) -> dict[str, Any]:
    """Measure recorder and raw insert rates (rows per second) on ``rows`` comments."""
    events = _comments(rows)
    with tempfile.TemporaryDirectory(prefix="anchordesk-bench-") as tmp:
        recorder = _recorder_rate(Path(tmp), events)
        raw = _raw_rate(Path(tmp), events)
    return {
        "bench": "store",
        "rows": rows,
        "recorder_rows_per_s": round(recorder),
        "raw_sqlite3_rows_per_s": round(raw),
        "recorder_vs_raw": round(recorder / raw, 3),
    }


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("store", help="recorder insert rate vs raw sqlite3 executemany")
    parser.add_argument("--rows", type=positive_int, default=200_000, help="comments to write")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=_command)


def _command(args: argparse.Namespace, _config: object) -> int:
    print_result(run(rows=args.rows), as_json=args.json)
    return 0
