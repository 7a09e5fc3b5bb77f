"""``bench store``: recorder insert rate vs raw sqlite3, review open time, report export time.

A four-hour session (by default 1,000,000 comments, 50,000 orders, a transcript segment
every 4 s, viewer samples every 5 s, a product switch every 10 min, a few compliance
alerts) is generated deterministically and published on a real bus through the real
:class:`~app.session.recorder.Recorder` into a :class:`~app.store.writer.StoreWriter` on
a fresh SQLite file. The comment phase is timed until the last comment row is committed;
the same comments are then written to another fresh file, made by the same migrations
(the same table, unique key and indexes, the viewer index included), with the sqlite3
module's ``executemany`` in one transaction: the ratio shows what the app's layers cost.
(Before 2026-12 the baseline was a hand-written table without the viewer index of
migration 0003; that index alone makes plain inserts of a million comments ~2.4x slower,
so the old ratio compared the recorder with a cheaper table than the one it fills.)

On the recorded session it then times what a producer waits for: opening the review
(:func:`app.analytics.review.load_review`) and exporting the HTML report (load + render +
write). ``--comments N`` scales everything down (orders = N / 20); CI uses a small N.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.bench import positive_int, print_result
from app.chat.pseudonym import Pseudonymizer
from app.config import sqlite_url
from app.session import lifecycle
from app.session.bus import EventBus
from app.session.events import (
    AlertEvent,
    CommentEvent,
    Event,
    OrderEvent,
    ProductSwitchEvent,
    TranscriptEvent,
    ViewersEvent,
)
from app.session.recorder import Recorder
from app.store.db import Store, open_store
from app.store.writer import StoreWriter

SESSION_MS = 4 * 3600 * 1000
TEXTS = ("这个口红显白吗", "扣1", "多少钱", "link please", "主播好美", "发货太慢了", "已拍")
LABELS = (  # (sentiment, intent) per text, as the triage stage would tag them
    ("neu", "question"),
    ("pos", "purchase"),
    ("neu", "question"),
    ("pos", "purchase"),
    ("pos", "praise"),
    ("neg", "complaint"),
    ("pos", "purchase"),
)
SKUS = ("LIP-001", "SUN-002", "SNK-007", "TEE-004", "MUG-005", "CAP-006")
SALT = b"bench-salt" * 4


def _comments(n: int, span_ms: int = SESSION_MS) -> list[CommentEvent]:
    rng = random.Random(7)
    users = [f"viewer{i}" for i in range(5000)]
    step = span_ms / max(1, n)
    out = []
    for i in range(n):
        k = rng.randrange(len(TEXTS))
        sentiment, intent = LABELS[k]
        out.append(
            CommentEvent(
                int(i * step),
                event_id=f"c{i}",
                platform="douyin",
                user=users[rng.randrange(5000)],
                text=TEXTS[k],
                sentiment=sentiment,
                intent=intent,
            )
        )
    return out


def _other_events(orders: int, span_ms: int = SESSION_MS) -> Iterator[Event]:
    """Orders, viewers, product switches, transcript and alerts over the session."""
    rng = random.Random(11)
    switch_ms = 600_000
    for t in range(0, span_ms, switch_ms):
        yield ProductSwitchEvent(t, SKUS[(t // switch_ms) % len(SKUS)])
    for i in range(orders):
        t = int(i * span_ms / max(1, orders))
        sku = SKUS[(t // switch_ms) % len(SKUS)]
        yield OrderEvent(
            t, f"o{i}", sku, 1, 59.0 + (i % 5) * 10, buyer=f"buyer{rng.randrange(20000)}"
        )
    for t in range(0, span_ms, 5_000):
        yield ViewersEvent(t, online=800 + (t // 60_000) % 400, pv=t // 100, uv=t // 300)
    for t in range(0, span_ms, 4_000):
        yield TranscriptEvent(t, t + 3_500, f"第{t // 4000}句：这款产品今天有优惠，大家可以看一下")
    for t in range(0, span_ms, 300_000):
        yield AlertEvent(t + 1_000, "compliance", "warning", "Banned claim: 全网最低价")


def _record(store: Store, comments: list[CommentEvent], orders: int) -> tuple[int, float]:
    """Record the session through the real path; returns (session id, comment rows/s)."""
    started = datetime.now(UTC)
    sid = lifecycle.begin_session(
        store, title="bench 4h session", platform="douyin", host="bench", mode="live",
        started_at=started,
    )  # fmt: skip
    writer = StoreWriter(store, max_pending=len(comments) + 1)
    bus = EventBus()
    recorder = Recorder(writer, sid, started, Pseudonymizer(SALT))
    recorder.attach(bus)
    writer.start()
    t0 = time.perf_counter()
    for event in comments:
        bus.publish(event)
    writer.flush(timeout=900)
    elapsed = time.perf_counter() - t0
    if writer.written != len(comments):
        raise RuntimeError(f"recorder wrote {writer.written} of {len(comments)} rows")
    for other in _other_events(orders):
        bus.publish(other)
    writer.call(lambda s: lifecycle.close_session(s, sid, "ended", SESSION_MS)).result(timeout=900)
    recorder.detach()
    writer.close(timeout=900)
    return sid, len(comments) / elapsed


def _raw_rate(folder: Path, events: list[CommentEvent]) -> float:
    """Plain sqlite3: the same rows in one ``executemany`` into the same table (the store's
    own schema, with its unique key and its session-time and viewer indexes), the fastest
    any recorder could write them."""
    schema = open_store(sqlite_url(folder / "raw.db"))  # migrations: the real table
    sid = lifecycle.begin_session(
        schema, title="raw", platform="douyin", host="bench", mode="live",
        started_at=datetime.now(UTC),
    )  # fmt: skip
    schema.close()
    conn = sqlite3.connect(folder / "raw.db")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    pseudo = Pseudonymizer(SALT)
    now = datetime.now(UTC).isoformat(" ")
    t0 = time.perf_counter()
    rows = [
        (sid, e.event_id, e.platform, pseudo(e.platform, e.user), e.text, None, e.sentiment,
         e.intent, 0, e.t_ms, now)
        for e in events
    ]  # fmt: skip
    with conn:
        conn.executemany(
            "INSERT INTO comment (session_id, event_id, platform, viewer, text, lang, "
            "sentiment, intent, spam, t_ms, ts) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
    elapsed = time.perf_counter() - t0
    conn.close()
    return len(events) / elapsed


def _review_and_export(store: Store, sid: int, folder: Path) -> dict[str, float]:
    from app.analytics.export import export_session
    from app.analytics.review import load_review

    t0 = time.perf_counter()
    load_review(store, sid)
    open_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    data = load_review(store, sid)
    export_session(data, "html", folder / "report.html")
    export_s = time.perf_counter() - t0
    return {
        "review_open_s": round(open_s, 3),
        "html_export_s": round(export_s, 3),
        "html_bytes": (folder / "report.html").stat().st_size,
    }


def run(rows: int = 1_000_000, orders: int | None = None) -> dict[str, Any]:
    """Record a 4-hour session of ``rows`` comments and time recording, review and export."""
    orders = max(1, rows // 20) if orders is None else orders
    events = _comments(rows)
    with tempfile.TemporaryDirectory(prefix="anchordesk-bench-") as tmp:
        folder = Path(tmp)
        store = open_store(sqlite_url(folder / "recorder.db"))
        try:
            sid, recorder = _record(store, events, orders)
            raw = _raw_rate(folder, events)
            del events
            timings = _review_and_export(store, sid, folder)
        finally:
            store.close()
    return {
        "bench": "store",
        "rows": rows,
        "orders": orders,
        "session_hours": SESSION_MS / 3_600_000,
        "recorder_rows_per_s": round(recorder),
        "raw_sqlite3_rows_per_s": round(raw),
        "recorder_vs_raw": round(recorder / raw, 3),
        **timings,
        "targets": {"recorder_vs_raw": ">= 0.5", "review_open_s": "<= 2", "html_export_s": "<= 10"},
    }


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "store", help="recorder insert rate vs raw sqlite3, review open and report export times"
    )
    parser.add_argument(
        "--comments",
        "--rows",
        dest="rows",
        type=positive_int,
        default=1_000_000,
        help="comments in the 4-hour session (default 1,000,000; orders = comments / 20)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=_command)


def _command(args: argparse.Namespace, _config: object) -> int:
    print_result(run(rows=args.rows), as_json=args.json)
    return 0
