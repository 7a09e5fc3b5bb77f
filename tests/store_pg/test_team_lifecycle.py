"""Crash recovery in team mode: laptops sharing a host name leave each other alone."""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from app.session import lifecycle
from app.store.db import Store
from app.store.models import LiveSession


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _open_session(store: Store, machine: str, beat_age_s: float) -> int:
    now = datetime.now(UTC)
    with store.sessions.begin() as s:
        row = LiveSession(
            title="colleague",
            status="live",
            started_at=now - timedelta(minutes=5),
            heartbeat_at=now - timedelta(seconds=beat_age_s),
            owner_host=socket.gethostname(),  # same name as this laptop ...
            owner_machine=machine,  # ... but maybe another machine
            owner_pid=_dead_pid(),  # a pid that means nothing here
            notes="",
        )
        s.add(row)
        s.flush()
        return row.id


@pytest.mark.parametrize("backend", ["store", "pg_store"])
def test_a_namesake_laptops_session_is_judged_by_its_heartbeat(
    backend: str, request: pytest.FixtureRequest
) -> None:
    store: Store = request.getfixturevalue(backend)
    if not lifecycle.machine_id():
        pytest.skip("this computer has no hardware address to tell it apart")
    running = _open_session(store, machine="0123456789abcdef", beat_age_s=2)
    gone = _open_session(store, machine="0123456789abcdef", beat_age_s=600)
    mine_crashed = _open_session(store, machine=lifecycle.machine_id(), beat_age_s=2)
    legacy = _open_session(store, machine="", beat_age_s=2)  # recorded before 0002
    assert sorted(lifecycle.recover_sessions(store)) == sorted([gone, mine_crashed, legacy])
    with store.sessions() as s:
        assert s.get(LiveSession, running).status == "live"


def test_new_sessions_record_this_machine(store: Store) -> None:
    sid = lifecycle.begin_session(
        store, title="t", platform="", host="", mode="live", started_at=datetime.now(UTC)
    )
    with store.sessions() as s:
        row = s.get(LiveSession, sid)
    assert row.owner_machine == lifecycle.machine_id()
    assert lifecycle.same_machine(row)
    assert socket.gethostname() == row.owner_host
