"""The store on a real PostgreSQL server: migrations, writer, times, text, encodings."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import Engine

from app.analytics.review import search
from app.session import lifecycle
from app.store.db import Store, StoreError, alembic_config, create_db_engine, migrate, open_store
from app.store.models import Base, Comment, LiveSession, Order, Product, TranscriptSegment
from app.store.writer import StoreWriter

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 1, 2, 8, 0, 0, 123456, tzinfo=UTC)  # long past: heartbeats are stale


def _head(store: Store) -> str:
    return ScriptDirectory.from_config(alembic_config(store.engine)).get_current_head()


def _session(store: Store, title: str = "t") -> int:
    return lifecycle.begin_session(
        store, title=title, platform="douyin", host="h", mode="live", started_at=NOW
    )


def _comment(sid: int, i: int, event_id: str | None = None, text_: str = "") -> dict:
    return {
        "session_id": sid,
        "event_id": event_id or f"c{i}",
        "platform": "douyin",
        "viewer": "v1",
        "text": text_ or f"评论 {i}",
        "lang": "zh",
        "sentiment": "pos",
        "intent": "question",
        "spam": i % 7 == 0,
        "t_ms": i,
        "ts": NOW + timedelta(milliseconds=i),
    }


def test_migrations_build_a_fresh_database_that_matches_the_models(pg_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    store = open_store(pg_url)
    try:
        with store.engine.connect() as conn:
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert version == _head(store)
        assert diff == []
        columns = {c["name"]: c for c in inspect(store.engine).get_columns("comment")}
        assert columns["event_id"]["type"].length == 200
        assert str(columns["ts"]["type"]) == "TIMESTAMP"  # reflected timestamptz ...
        assert columns["ts"]["type"].timezone is True  # ... with its time zone
        # Down to nothing and back up: every migration runs both ways on PostgreSQL.
        cfg = alembic_config(store.engine)
        command.downgrade(cfg, "base")
        assert set(inspect(store.engine).get_table_names()) <= {"alembic_version"}
        migrate(store.engine)
        assert set(inspect(store.engine).get_table_names()) >= {"comment", "sales_order"}
    finally:
        store.close()


def test_instances_opening_a_new_database_at_once_all_succeed(pg_url: str) -> None:
    """Laptops starting together on an empty team database: one migrates, all open it.

    Processes, not threads: Alembic's context is process-global, and real instances are
    separate processes anyway.
    """
    code = "import sys; from app.store.db import open_store; open_store(sys.argv[1]).close()"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, pg_url],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    results = [(p.wait(60), p.communicate()[1]) for p in procs]
    assert [rc for rc, _err in results] == [0, 0, 0, 0], [err for _rc, err in results]
    store = open_store(pg_url)
    try:
        with store.engine.connect() as conn:
            versions = conn.execute(text("SELECT version_num FROM alembic_version")).all()
        assert [v for (v,) in versions] == [_head(store)]
    finally:
        store.close()


def test_writer_batches_dedupes_and_keeps_long_ids_and_chinese(pg_store: Store) -> None:
    sid = _session(pg_store)
    long_id = "x" * 200  # the codec's limit; VARCHAR(128) refused it before 0002
    writer = StoreWriter(pg_store, flush_ms=20, batch_size=500)
    writer.start()
    for i in range(3000):
        writer.add(Comment, _comment(sid, i))
    for _ in range(3):  # a reconnecting platform re-sends: duplicates are dropped
        writer.add(Comment, _comment(sid, 5))
    writer.add(Comment, _comment(sid, 9999, event_id=long_id, text_="这个口红显白吗？😊"))
    order = {
        "session_id": sid,
        "order_id": "o" * 200,
        "sku": "A-1",
        "qty": 2,
        "amount": 158.0,
        "buyer": "b",
        "t_ms": 10,
        "ts": NOW,
    }
    writer.add(Order, order)
    writer.add(Order, dict(order))
    writer.flush()
    assert writer.close()
    assert writer.rejected == 0 and writer.dropped == 0
    with pg_store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Comment)) == 3001
        assert s.scalar(select(func.count()).select_from(Order)) == 1
        row = s.scalars(select(Comment).where(Comment.event_id == long_id)).one()
        assert row.text == "这个口红显白吗？😊"
        assert row.ts == NOW + timedelta(milliseconds=9999)
        assert s.scalar(select(func.count()).where(Comment.spam.is_(True))) == 429
        # Ids come from the sequence, one per row, no gaps for the rows kept.
        ids = s.scalars(select(Comment.id).order_by(Comment.id)).all()
        assert len(set(ids)) == 3001


def test_times_are_utc_whatever_the_server_time_zone(
    pg_database_factory: Callable[..., str],
) -> None:
    url = pg_database_factory()
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        name = conn.execute(text("SELECT current_database()")).scalar()
        conn.execute(text(f"ALTER DATABASE {name} SET timezone TO 'Asia/Shanghai'"))
    admin.dispose()
    store = open_store(url)
    try:
        with store.engine.connect() as conn:
            assert conn.execute(text("SHOW TIME ZONE")).scalar() == "UTC"
        sid = _session(store)
        with store.sessions() as s:
            row = s.get(LiveSession, sid)
            assert row.started_at == NOW
            assert row.started_at.utcoffset() == timedelta(0)
        with store.engine.connect() as conn:
            shown = conn.execute(
                text("SELECT started_at::text FROM live_session WHERE id = :i"), {"i": sid}
            ).scalar()
        assert shown == "2026-01-02 08:00:00.123456+00"
        # A stale heartbeat is judged in UTC too: recovery works across time zones.
        with store.sessions.begin() as s:
            s.get(LiveSession, sid).owner_host = "studio-9"
        assert lifecycle.recover_sessions(store) == [sid]
    finally:
        store.close()


def test_a_database_that_cannot_hold_chinese_is_refused(
    pg_database_factory: Callable[..., str],
) -> None:
    url = pg_database_factory("SQL_ASCII", "LC_COLLATE 'C' LC_CTYPE 'C'")
    with pytest.raises(StoreError, match="UTF8"):
        open_store(url)
    engine = create_db_engine(url)  # nothing was created in it
    try:
        assert inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


def test_long_labels_do_not_stop_a_session(pg_store: Store) -> None:
    """SQLite ignores VARCHAR lengths; PostgreSQL would refuse a long manifest title."""
    sid = lifecycle.begin_session(
        pg_store,
        title="直播" * 300,
        platform="p" * 50,
        host="主播" * 80,
        mode="demo",
        started_at=NOW,
    )
    with pg_store.sessions() as s:
        row = s.get(LiveSession, sid)
        assert row.title == ("直播" * 300)[:200]
        assert len(row.platform) == 32 and len(row.host) == 100


def test_search_ignores_case_in_chinese_and_latin_text(pg_store: Store) -> None:
    sid = _session(pg_store)
    writer = StoreWriter(pg_store, flush_ms=20)
    writer.start()
    texts = ["这个口红显白吗", "ÉCLAT lipstick 口红", "100% 真的", "link please"]
    for i, t in enumerate(texts):
        writer.add(Comment, _comment(sid, i, text_=t))
    writer.add(
        TranscriptSegment,
        {
            "session_id": sid,
            "start_ms": 50,
            "end_ms": 90,
            "text": "今天的口红 Éclat",
            "lang": "zh",
            "words": [["口红", 50, 60, 0.9]],
            "final": True,
            "source": "script",
            "ts": NOW,
        },
    )
    assert writer.close()
    assert [h.text for h in search(pg_store, sid, "口红")] == [
        texts[0],
        texts[1],
        "今天的口红 Éclat",
    ]
    assert [h.kind for h in search(pg_store, sid, "éclat")] == ["comment", "transcript"]
    assert [h.text for h in search(pg_store, sid, "100%")] == ["100% 真的"]
    assert search(pg_store, sid, "%") == [search(pg_store, sid, "100%")[0]]
    with pg_store.sessions() as s:
        words = s.scalars(select(TranscriptSegment.words)).one()
    assert words == [["口红", 50, 60, 0.9]]  # JSON columns round-trip


def test_two_instances_adding_the_demo_catalogue_at_once(pg_store: Store) -> None:
    """The second instance's insert waits on the first's SKU, fails, and looks again."""
    from app.commerce.catalog import ProductInfo
    from app.commerce.repository import add_missing_products

    products = [
        ProductInfo(sku="A-1", name_zh="口红", name_en="Lipstick", price=99.0),
        ProductInfo(sku="B-2", name_zh="墨镜", name_en="Sunglasses", price=199.0),
    ]
    result: list[int | BaseException] = []
    with pg_store.engine.connect() as other:  # the other laptop, mid-transaction
        other.execute(
            text(
                "INSERT INTO product (sku, name_zh, name_en, category, aliases, keywords, "
                "price, stock, faq) VALUES ('A-1', '口红', '', '', '[]', '[]', 99, 0, '[]')"
            )
        )

        def add() -> None:
            try:
                result.append(add_missing_products(pg_store, products))
            except BaseException as exc:
                result.append(exc)

        worker = threading.Thread(target=add)
        worker.start()
        worker.join(0.5)  # it blocks on the uncommitted A-1 (or has not reached it yet)
        other.commit()
    worker.join(10)
    assert result == [1]  # only B-2 was missing once A-1 was committed
    with pg_store.sessions() as s:
        assert s.scalars(select(Product.sku).order_by(Product.sku)).all() == ["A-1", "B-2"]


def test_catalogue_import_checks_lengths_postgresql_enforces(
    pg_store: Store, tmp_path: Path
) -> None:
    from app.commerce.repository import load_products, upsert_products
    from app.commerce.tabular import parse_catalog

    catalog = tmp_path / "products.csv"
    catalog.write_text(
        "sku,name_zh,name_en,category,price,stock,faq\n"
        f"LONG-1,{'长' * 201},x,,10,1,\n"
        f"LONG-2,好,ok,{'c' * 65},10,1,\n"
        "OK-1,口红,Lipstick,美妆,99,5,显白吗::显白\n",
        encoding="utf-8",
    )
    report = parse_catalog(catalog)
    assert [p.sku for p in report.products] == ["OK-1"]
    assert "'name_zh': is longer than 200 characters" in report.summary()
    assert "'category': is longer than 64 characters" in report.summary()
    assert upsert_products(pg_store, report.products) == (1, 0)
    (loaded,) = load_products(pg_store)
    assert (loaded.name_zh, loaded.faq) == ("口红", (("显白吗", "显白"),))


def test_writer_rejects_only_bad_rows(pg_store: Store) -> None:
    """PostgreSQL refuses what SQLite let through (NULL, too long): only that row is lost."""
    sid = _session(pg_store)
    writer = StoreWriter(pg_store, flush_ms=20)
    writer.start()
    for i in range(10):
        writer.add(Comment, _comment(sid, i))
    writer.add(Comment, {**_comment(sid, 100), "platform": None})
    writer.add(Comment, {**_comment(sid, 101), "platform": "p" * 40})  # VARCHAR(32)
    assert writer.close()
    assert (writer.written, writer.rejected) == (10, 2)
    with pg_store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Comment)) == 10


def test_writer_survives_losing_its_server_connection(pg_store: Store, pg_admin: Engine) -> None:
    """The server drops every connection (restart, failover): the writer reconnects.

    Pooled connections are pinged before use (``pool_pre_ping``), so a dead one is
    replaced instead of failing a batch; no row is lost or refused.
    """
    sid = _session(pg_store)
    writer = StoreWriter(pg_store, flush_ms=20)
    writer.start()
    for i in range(100):
        writer.add(Comment, _comment(sid, i))
    writer.flush()
    database = pg_store.engine.url.database
    with pg_admin.connect() as conn:
        killed = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = :d AND pid <> pg_backend_pid()"
            ),
            {"d": database},
        ).scalar()
    assert killed >= 1
    for i in range(100, 200):
        writer.add(Comment, _comment(sid, i))
    writer.flush(30)
    assert writer.close()
    assert (writer.written, writer.rejected, writer.dropped) == (200, 0, 0)
    with pg_store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Comment)) == 200
