"""Team mode end to end on a real PostgreSQL server.

Recording (the shipped demo, headless, in its own process), review and export read back
from PostgreSQL, two app instances recording into one database at once, and crash
recovery after a hard kill.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import SQLAlchemyError

from app.analytics.export import export_session
from app.analytics.review import load_review, search
from app.cli import main
from app.config import Config
from app.live.headless import run_headless
from app.session import lifecycle
from app.store.db import Store, open_store
from app.store.models import Comment, LiveSession, Order, Product, ProductSegment
from tests.conftest import MINI_PRODUCTS, write_mini_bundle
from tests.test_demo_headless import _expected

ROOT = Path(__file__).resolve().parents[2]
DEMO_SECONDS = 20


def _app(url: str, data: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "app", "--db", url, "--data-dir", str(data), *args]


def _dense_bundle(root: Path, comments: int, every_ms: int) -> Path:
    """The mini bundle with a comment every ``every_ms`` and an order every 10th."""
    bundle = write_mini_bundle(root, video=False)
    events: list[dict] = [{"t_ms": 0, "type": "on_air", "sku": "A-1"}]
    for i in range(comments):
        t = i * every_ms
        events.append(
            {
                "t_ms": t,
                "type": "comment",
                "id": f"c{i}",
                "platform": "douyin",
                "user": f"观众{i % 37}",
                "text": f"第{i}条：口红多少钱？",
            }
        )
        if i % 10 == 9:
            events.append(
                {
                    "t_ms": t,
                    "type": "order",
                    "id": f"o{i}",
                    "sku": "A-1",
                    "qty": 1,
                    "amount": 79.0,
                    "user": f"观众{i % 37}",
                }
            )
    lines = [json.dumps(e, ensure_ascii=False) for e in events]
    (bundle / "events.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    manifest = json.loads((bundle / "session.json").read_text(encoding="utf-8"))
    manifest["duration_ms"] = comments * every_ms + 200
    (bundle / "session.json").write_text(json.dumps(manifest), encoding="utf-8")
    return bundle


@pytest.mark.slow
def test_headless_demo_records_into_postgresql(pg_url: str, tmp_path: Path) -> None:
    done = subprocess.run(
        _app(
            pg_url,
            tmp_path,
            "demo",
            "--headless",
            "--seconds",
            str(DEMO_SECONDS),
            "--speed",
            "10",
            "--json",
        ),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    expected = _expected(DEMO_SECONDS * 1000)
    assert {k: report[k] for k in expected} == expected
    assert expected["comments"] > 20 and expected["orders"] > 0
    assert report["status"] == "ended"
    assert report["db_url"].startswith("postgresql+psycopg://") and "***" in report["db_url"]
    # Read back independently of the app's own counting.
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            status, ended = conn.execute(
                text("SELECT status, ended_at IS NOT NULL FROM live_session WHERE id = :i"),
                {"i": report["session_id"]},
            ).one()
            n = conn.execute(text("SELECT count(*) FROM comment")).scalar()
    finally:
        engine.dispose()
    assert (status, ended, n) == ("ended", True, expected["comments"])


@pytest.mark.slow
def test_review_and_exports_from_postgresql_match_sqlite(
    config: Config, store: Store, pg_store: Store, mini_bundle: Path, tmp_path: Path
) -> None:
    """The same rehearsal recorded into SQLite and PostgreSQL reviews and exports alike."""
    on_sqlite = run_headless(config, store, bundle_dir=mini_bundle, speed=8.0)
    on_pg = run_headless(config, pg_store, bundle_dir=mini_bundle, speed=8.0)
    assert on_pg.counts == on_sqlite.counts
    lite, pg = load_review(store, on_sqlite.session_id), load_review(pg_store, on_pg.session_id)
    assert pg.totals == lite.totals
    assert pg.totals.commenters == 2 and pg.totals.gmv == 357.0
    assert pg.orders == lite.orders
    assert pg.transcript == lite.transcript
    assert pg.alerts == lite.alerts
    assert pg.viewers == lite.viewers
    assert [(s.sku, s.start_ms) for s in pg.segments] == [("A-1", 0), ("B-2", 900)]
    assert pg.session.started_at.utcoffset() is not None
    assert [h.text for h in search(pg_store, on_pg.session_id, "口红")] == ["这个口红显白吗？"]

    # CSV tables, comments included, are the same bytes from either database.
    lite_files = export_session(lite, "csv", tmp_path / "lite", store=store)
    pg_files = export_session(pg, "csv", tmp_path / "pg", store=pg_store)
    assert [p.name for p in pg_files] == [p.name for p in lite_files]
    # Durations and segment ends depend on when each replay stopped, the time of day on
    # when it started; the rows do not.
    same = ("comments.csv", "orders.csv", "transcript.csv", "alerts.csv")
    for a, b in zip(lite_files, pg_files, strict=True):
        if a.name in same:
            assert _without_time_of_day(b) == _without_time_of_day(a), a.name
    with (tmp_path / "pg" / "comments.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["text"] for r in rows] == ["这个口红显白吗？", "link please", "墨镜多少钱"]


def _without_time_of_day(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as fh:
        return [{k: v for k, v in row.items() if k != "Time of day"} for row in csv.DictReader(fh)]


@pytest.fixture
def pg_recorded(config: Config, pg_store: Store, mini_bundle: Path) -> int:
    """The mini rehearsal recorded into the PostgreSQL database; its session id."""
    return run_headless(config, pg_store, bundle_dir=mini_bundle, speed=8.0).session_id


@pytest.mark.slow
def test_sessions_commands_with_db_pointing_at_postgresql(
    pg_store: Store,
    pg_recorded: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "report.html"
    sid = str(pg_recorded)
    assert main(["--db", pg_store.url, "sessions", "export", sid, "--out", str(out)]) == 0
    assert "墨镜" in out.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["--db", pg_store.url, "sessions", "list", "--json"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    assert [(r["id"], r["comments"], r["orders"]) for r in listed] == [(pg_recorded, 3, 2)]
    # ANCHORDESK_DB (what a team puts in every laptop's environment) works like --db.
    monkeypatch.setenv("ANCHORDESK_DB", pg_store.url)
    assert (
        main(["sessions", "export", sid, "--format", "srt", "--out", str(tmp_path / "c.srt")]) == 0
    )
    assert "全网最低价" in (tmp_path / "c.srt").read_text(encoding="utf-8")


@pytest.mark.slow
def test_two_instances_record_into_one_database_at_once(pg_url: str, tmp_path: Path) -> None:
    """Two laptops (processes, own data folders) start together on a new team database."""
    n_comments = 400
    bundle = _dense_bundle(tmp_path / "bundle", n_comments, every_ms=5)
    procs = [
        subprocess.Popen(
            _app(
                pg_url,
                tmp_path / f"laptop{i}",
                "demo",
                "--headless",
                "--speed",
                "2",
                "--json",
                "--bundle",
                str(bundle),
            ),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            # Separate laptops: each has its own settings folder (ingest token) too.
            env={**os.environ, "ANCHORDESK_CONFIG_DIR": str(tmp_path / f"config{i}")},
        )
        for i in (1, 2)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for p, (_out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
        assert "rejected a" not in err and "database write failed" not in err, err
    reports = [json.loads(out) for out, _err in outputs]
    ids = sorted(r["session_id"] for r in reports)
    assert len(set(ids)) == 2
    n_orders = n_comments // 10
    for r in reports:
        assert (r["status"], r["comments"], r["orders"]) == ("ended", n_comments, n_orders)
    store = open_store(pg_url)
    try:
        with store.sessions() as s:
            per_session = dict(
                s.execute(
                    select(Comment.session_id, func.count()).group_by(Comment.session_id)
                ).all()
            )
            assert per_session == {ids[0]: n_comments, ids[1]: n_comments}
            assert s.scalar(select(func.count()).select_from(Order)) == 2 * n_orders
            assert s.scalar(select(func.count(func.distinct(Comment.event_id)))) == n_comments
            statuses = s.scalars(select(LiveSession.status).order_by(LiveSession.id)).all()
            assert statuses == ["ended", "ended"]
            # Both added the demo catalogue; each SKU is there once.
            skus = s.scalars(select(Product.sku).order_by(Product.sku)).all()
            assert skus == sorted(p["sku"] for p in MINI_PRODUCTS)
    finally:
        store.close()


def _comment_count(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM comment")).scalar() or 0)
    except SQLAlchemyError:  # the schema is not there yet
        return 0
    finally:
        engine.dispose()


@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_killed_instance_is_marked_interrupted_with_its_rows(pg_url: str, tmp_path: Path) -> None:
    bundle = _dense_bundle(tmp_path / "bundle", 1200, every_ms=50)  # 60 s of comments
    proc = subprocess.Popen(
        _app(
            pg_url,
            tmp_path / "data",
            "demo",
            "--headless",
            "--speed",
            "1",
            "--json",
            "--bundle",
            str(bundle),
        ),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while _comment_count(pg_url) < 40:
            assert proc.poll() is None, "the demo ended before it was killed"
            assert time.monotonic() < deadline, "no comments reached the database"
            time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    kept = _comment_count(pg_url)
    store = open_store(pg_url)
    try:
        with store.sessions() as s:
            row = s.scalars(select(LiveSession)).one()
            assert (row.status, row.owner_pid) == ("live", proc.pid)
        assert lifecycle.recover_sessions(store) == [row.id]
        assert lifecycle.recover_sessions(store) == []  # once only
        with store.sessions() as s:
            row = s.get(LiveSession, row.id)
            assert row.status == "interrupted"
            assert row.ended_at is not None and row.ended_at > row.started_at
            assert s.scalar(select(func.count()).select_from(Comment)) == kept >= 40
            open_segments = s.scalars(
                select(ProductSegment).where(ProductSegment.end_ms.is_(None))
            ).all()
            assert open_segments == []
        # The heartbeat ran while it recorded: the last comment is within ~1 s of it.
        last_t = max(int(c) for c in _comment_ts(store))
        assert row.last_t_ms >= last_t - 1500
        data = load_review(store, row.id)
        assert data.session.status == "interrupted"
        assert data.totals.comments == kept
    finally:
        store.close()


def _comment_ts(store: Store) -> list[int]:
    with store.sessions() as s:
        return list(s.scalars(select(Comment.t_ms)))
