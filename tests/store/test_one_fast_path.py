"""One SQLite fast path (prepared tuples) plus SQLAlchemy Core for every other row."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

from app.session.events import CommentEvent
from app.session.recorder import COMMENT_COLUMNS, comment_row
from app.store.db import Store
from app.store.models import Comment, MetricSample
from app.store.writer import PreparedInsert, StoreWriter

ROOT = Path(__file__).resolve().parents[2]


def test_prepared_insert_sql() -> None:
    comment = PreparedInsert.of(Comment, COMMENT_COLUMNS)
    assert comment.sql == (
        'INSERT INTO "comment" ("session_id", "event_id", "platform", "viewer", "text", '
        '"lang", "sentiment", "intent", "spam", "t_ms", "ts") '
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
    )
    metric = PreparedInsert.of(MetricSample, ("session_id", "t_ms"))
    assert metric.sql == 'INSERT INTO "metric_sample" ("session_id", "t_ms") VALUES (?, ?)'


def test_only_sqlite_gets_the_fast_path(store: Store) -> None:
    writer = StoreWriter(store)  # not started
    assert writer.prepare(Comment, COMMENT_COLUMNS) is not None
    writer._dialect = "postgresql"
    assert writer.prepare(Comment, COMMENT_COLUMNS) is None  # dicts through SQLAlchemy there


def test_a_comment_row_is_built_in_one_place() -> None:
    event = CommentEvent(1500, event_id="c1", platform="douyin", user="u", text="多少钱")
    ts = datetime(2026, 1, 1, tzinfo=UTC)
    row = dict(zip(COMMENT_COLUMNS, comment_row(7, event, "v1", ts), strict=True))
    assert row == {
        "session_id": 7, "event_id": "c1", "platform": "douyin", "viewer": "v1",
        "text": "多少钱", "lang": None, "sentiment": None, "intent": None, "spam": False,
        "t_ms": 1500, "ts": ts,
    }  # fmt: skip
    assert set(COMMENT_COLUMNS) == {c.name for c in Comment.__table__.columns} - {"id"}


def test_insert_sql_is_written_once() -> None:
    """Only PreparedInsert.of writes INSERT text; every other insert is SQLAlchemy's.

    (``bench store`` times a bare sqlite3 loop as its yardstick: not a write path.)
    """
    places = set()
    for path in sorted((ROOT / "app").rglob("*.py")):
        if path.parent.name == "bench":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and "INSERT INTO" in str(node.value):
                places.add(str(path.relative_to(ROOT)))
    assert places == {"app/store/writer.py"}
    writer = (ROOT / "app/store/writer.py").read_text(encoding="utf-8")
    assert writer.count("INSERT INTO") == 1
