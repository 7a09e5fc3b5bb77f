"""Crash recovery: sessions left open by a dead process are marked interrupted."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.session import lifecycle
from app.store.db import open_store
from app.store.models import LiveSession, ProductSegment

ROOT = Path(__file__).resolve().parent.parent


def _live_session(store, *, pid: int, host: str | None = None, beat_age_s: float = 0) -> int:
    now = datetime.now(UTC)
    with store.sessions.begin() as s:
        row = LiveSession(
            title="open",
            status="live",
            started_at=now - timedelta(minutes=5),
            heartbeat_at=now - timedelta(seconds=beat_age_s),
            last_t_ms=42_000,
            owner_host=host or socket.gethostname(),
            owner_pid=pid,
            notes="",
        )
        s.add(row)
        s.flush()
        s.add(ProductSegment(session_id=row.id, sku="A", start_ms=1000, ts=now))
        return row.id


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_session_of_a_dead_process_is_interrupted(store) -> None:
    sid = _live_session(store, pid=_dead_pid())
    assert lifecycle.recover_sessions(store) == [sid]
    with store.sessions() as s:
        row = s.get(LiveSession, sid)
        assert row.status == "interrupted"
        assert row.ended_at is not None
        seg = s.scalars(select(ProductSegment)).one()
        assert seg.end_ms == 42_000


def test_running_sessions_are_left_alone(store) -> None:
    mine = _live_session(store, pid=os.getpid())
    other_host_fresh = _live_session(store, pid=1, host="studio-2", beat_age_s=5)
    other_host_stale = _live_session(store, pid=1, host="studio-3", beat_age_s=600)
    assert lifecycle.recover_sessions(store) == [other_host_stale]
    with store.sessions() as s:
        assert s.get(LiveSession, mine).status == "live"
        assert s.get(LiveSession, other_host_fresh).status == "live"


def _count_comments(db: Path) -> int:
    """Read without migrating: the app under test may still be creating the schema."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return int(conn.execute("SELECT count(*) FROM comment").fetchone()[0])
    except sqlite3.OperationalError:  # no table yet
        return 0
    finally:
        conn.close()


@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_sigkill_mid_demo_loses_at_most_a_second(tmp_path: Path, mini_bundle: Path) -> None:
    """Kill the headless demo hard; the next run marks it interrupted with its events kept."""
    from tests.conftest import write_mini_bundle

    long_bundle = write_mini_bundle(tmp_path / "long", video=False)
    manifest = json.loads((long_bundle / "session.json").read_text())
    # One comment every 50 ms for 60 s: dense enough to measure what a kill loses.
    lines = [
        json.dumps(
            {
                "t_ms": i * 50,
                "type": "comment",
                "id": f"k{i}",
                "platform": "douyin",
                "user": f"u{i % 40}",
                "text": f"第{i}条评论",
            },
            ensure_ascii=False,
        )
        for i in range(1200)
    ]
    (long_bundle / "events.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    manifest["duration_ms"] = 60_000
    (long_bundle / "session.json").write_text(json.dumps(manifest))

    data = tmp_path / "data"
    db = data / "anchordesk.db"
    url = f"sqlite:///{db}"
    cmd = [
        sys.executable,
        "-m",
        "app",
        "--data-dir",
        str(data),
        "demo",
        "--headless",
        "--bundle",
        str(long_bundle),
        "--json",
    ]
    with (tmp_path / "stderr.txt").open("wb") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if db.exists() and _count_comments(db) >= 40:
                break
            time.sleep(0.1)
        time.sleep(1.0)
        store = open_store(url)
        with store.sessions() as s:
            started = s.scalars(select(LiveSession)).one().started_at.replace(tzinfo=UTC)
        store.close()
        proc.send_signal(signal.SIGKILL)
        killed_at_ms = (datetime.now(UTC) - started).total_seconds() * 1000
    finally:
        proc.kill()
        proc.wait()

    expected = sum(1 for i in range(1200) if i * 50 < killed_at_ms)
    kept = _count_comments(db)
    assert expected - kept <= 20 + 2, f"lost {expected - kept} comments (> 1 s worth)"

    rerun = subprocess.run(
        [*cmd[:-1], "--seconds", "0.2", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    report = json.loads(rerun.stdout)
    assert report["recovered_sessions"] == [1]
    store = open_store(url)
    with store.sessions() as s:
        first = s.get(LiveSession, 1)
        assert first.status == "interrupted"
        assert first.last_t_ms >= killed_at_ms - 1500
    store.close()
