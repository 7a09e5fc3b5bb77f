"""Sessions with rows in every table, and a way to compare two databases' copies of them.

Shared by the SQLite tests (tests/store), the PostgreSQL tests (tests/store_pg) and the
dialog test (tests/ui): every column of every session table gets a value worth checking
(Chinese text, NULLs, JSON lists, booleans, big t_ms), so a copy that drops or mangles one
fails the comparison.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select

from app.store.db import Store
from app.store.models import (
    SESSION_TABLES,
    Alert,
    Comment,
    Interaction,
    LiveSession,
    MetricSample,
    Order,
    Product,
    ProductSegment,
    QueueItem,
    TranscriptSegment,
    as_utc,
)

START = datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)


def add_products(store: Store) -> None:
    rows = [
        {"sku": "A-1", "name_zh": "口红", "name_en": "Lipstick", "category": "beauty",
         "aliases": ["口红", "lipstick"], "keywords": ["红"], "price": 99.0, "promo_price": 79.5,
         "stock": 10, "image": "a.png", "faq": [{"q": "显白吗", "a": "显白"}],
         "tryon": {"kind": "lipstick", "color": "#aa0033"}, "updated_at": START},
        {"sku": "B-2", "name_zh": "墨镜", "name_en": "Sunglasses", "category": "",
         "aliases": [], "keywords": [], "price": 199.0, "promo_price": None, "stock": 0,
         "image": None, "faq": [], "tryon": None, "updated_at": None},
    ]  # fmt: skip
    with store.engine.begin() as conn:
        conn.execute(insert(Product.__table__), rows)


def add_session(
    store: Store,
    *,
    title: str = "春季上新",
    comments: int = 30,
    start: datetime = START,
    status: str = "ended",
    comment_text: str | None = None,
    owner_pid: int = 0,
    heartbeat: datetime | None = None,
) -> int:
    """A session with ``comments`` comments and a few rows in every other table."""
    ts = lambda ms: start + timedelta(milliseconds=ms)  # noqa: E731
    with store.engine.begin() as conn:
        sid = conn.execute(
            insert(LiveSession.__table__),
            {"title": title, "platform": "douyin", "host": "Lily", "mode": "live",
             "status": status, "started_at": start,
             "ended_at": None if status == "live" else ts(90_000),
             "heartbeat_at": heartbeat or ts(90_000), "last_t_ms": 90_000,
             "owner_host": "studio-1", "owner_pid": owner_pid, "owner_machine": "abcd1234",
             "recording_dir": "/data/recordings/x", "notes": "备注"},
        ).inserted_primary_key[0]  # fmt: skip
        rows: dict[type, list[dict[str, Any]]] = {
            QueueItem: [{"sku": s, "position": i, "state": st}
                        for i, (s, st) in enumerate([("A-1", "done"), ("B-2", "pending")])],
            ProductSegment: [
                {"sku": "A-1", "start_ms": 0, "end_ms": 40_000, "ts": ts(0), "reason": "operator"},
                {"sku": "B-2", "start_ms": 40_000, "end_ms": None, "ts": ts(40_000),
                 "reason": "vision"}],
            Comment: [
                {"event_id": f"c{i}", "platform": "douyin" if i % 2 else "tiktok",
                 "viewer": f"v{i % 5:016x}",
                 "text": comment_text or (None if i % 11 == 3 else f"评论 {i} 这个显白吗?"),
                 "lang": None if i % 4 == 0 else "zh", "sentiment": "pos", "intent": "question",
                 "spam": i % 7 == 0, "t_ms": 10_000_000_000 + i, "ts": ts(i * 10)}
                for i in range(comments)],
            TranscriptSegment: [
                {"start_ms": 0, "end_ms": 1500, "text": "大家好", "lang": "zh",
                 "words": [{"w": "大家", "s": 0, "e": 700}], "final": True, "source": "vosk",
                 "ts": ts(0)},
                {"start_ms": 1500, "end_ms": 2500, "text": "hello", "lang": None, "words": [],
                 "final": False, "source": "", "ts": ts(1500)}],
            Order: [{"order_id": f"o{i}", "sku": "A-1", "qty": i + 1, "amount": 79.5 * (i + 1),
                     "buyer": "" if i == 2 else f"v{i:016x}", "t_ms": 5000 + i, "ts": ts(5000)}
                    for i in range(3)],
            MetricSample: [{"viewers_online": 120 + i, "pv": None if i == 0 else 300 + i,
                            "uv": 200, "t_ms": i * 1000, "ts": ts(i * 1000)} for i in range(4)],
            Interaction: [
                {"kind": "like", "count": 7, "viewer": "", "detail": "", "value": 0.0,
                 "t_ms": 300, "ts": ts(300)},
                {"kind": "gift", "count": 3, "viewer": "vbob", "detail": "rose", "value": 0.1,
                 "t_ms": 700, "ts": ts(700)}],
            Alert: [{"kind": "compliance", "severity": "high", "text": "全网最低价",
                     "terms": ["最低价"], "source": "speech", "t_ms": 900, "ts": ts(900)}],
        }  # fmt: skip
        for model, values in rows.items():
            if values:
                conn.execute(insert(model.__table__), [{**v, "session_id": sid} for v in values])
    return int(sid)


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: as_utc(v) if isinstance(v, datetime) else v for k, v in row.items()}


def session_dump(store: Store, session_id: int) -> dict[str, Any]:
    """The session row (with its id) and its rows per table, in id order, without row ids."""
    out: dict[str, Any] = {}
    with store.engine.connect() as conn:
        table = LiveSession.__table__
        row = conn.execute(select(table).where(table.c.id == session_id)).mappings().one()
        out["live_session"] = _plain(dict(row))
        for model in SESSION_TABLES:
            t = model.__table__
            cols = [c for c in t.columns if c.name not in ("id", "session_id")]
            stmt = select(*cols).where(t.c.session_id == session_id).order_by(t.c.id)
            out[t.name] = [_plain(dict(r)) for r in conn.execute(stmt).mappings()]
    return out


def products_dump(store: Store) -> list[dict[str, Any]]:
    t = Product.__table__
    cols = [c for c in t.columns if c.name != "id"]
    with store.engine.connect() as conn:
        return [_plain(dict(r)) for r in conn.execute(select(*cols).order_by(t.c.sku)).mappings()]


def session_ids(store: Store) -> list[int]:
    with store.engine.connect() as conn:
        return sorted(conn.scalars(select(LiveSession.__table__.c.id)))


def row_total(store: Store) -> int:
    """Rows in every session table together (to show nothing else was written)."""
    from sqlalchemy import func

    with store.engine.connect() as conn:
        return sum(
            int(conn.scalar(select(func.count()).select_from(m.__table__)) or 0)
            for m in (LiveSession, *SESSION_TABLES)
        )
