"""Session lifecycle in the store: begin, heartbeat, end, and crash recovery.

A running session refreshes ``heartbeat_at`` every second from the writer thread. When
the app starts, any session still marked "live" whose owning process is gone (same
machine) or whose heartbeat is stale (another machine, team mode) is marked
"interrupted" and closed at its last heartbeat, with its open product segment closed
too, so review never shows a session that seems to run forever.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import socket
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.store.db import Store
from app.store.models import LiveSession, ProductSegment, as_utc

log = logging.getLogger("app.session.lifecycle")

STALE_AFTER = timedelta(seconds=120)


@functools.cache
def machine_id() -> str:
    """A stable, anonymous id of this computer ("" when there is none to be had).

    Host names are not unique in a team ("MacBook-Pro" twice), and a pid check against
    another laptop's pid would mark its running session as interrupted. The hardware
    address is hashed, so no device identifier is stored in a shared database.
    """
    node = uuid.getnode()
    if (node >> 40) & 1:  # no hardware address: uuid made up a random one per process
        return ""
    return hashlib.blake2b(node.to_bytes(6, "big"), digest_size=8).hexdigest()


def same_machine(row: LiveSession) -> bool:
    """True when ``row`` was opened on this computer (so its pid can be checked here)."""
    if row.owner_host != socket.gethostname():
        return False
    return not row.owner_machine or not machine_id() or row.owner_machine == machine_id()


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":  # no cheap check without extra deps: rely on the heartbeat
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def begin_session(
    store: Store,
    *,
    title: str,
    platform: str,
    host: str,
    mode: str,
    started_at: datetime,
    show_id: int | None = None,
) -> int:
    with store.sessions.begin() as s:
        row = LiveSession(
            title=title,
            platform=platform,
            host=host,
            mode=mode,
            show_id=show_id,
            status="live",
            started_at=started_at,
            heartbeat_at=started_at,
            owner_host=socket.gethostname(),
            owner_machine=machine_id(),
            owner_pid=os.getpid(),
            last_t_ms=0,
            notes="",
        )
        s.add(row)
        s.flush()
        return row.id


def heartbeat(session: Session, session_id: int, t_ms: int) -> None:
    session.execute(
        update(LiveSession)
        .where(LiveSession.id == session_id)
        .values(heartbeat_at=datetime.now(UTC), last_t_ms=t_ms)
    )


def close_session(
    session: Session, session_id: int, status: str, t_ms: int | None = None, note: str = ""
) -> None:
    """Mark a session ended/interrupted and close its open product segment; ``note`` (what
    was lost, if anything) is added to the session's notes, where review shows it."""
    row = session.get(LiveSession, session_id)
    if row is None:
        return
    if note:
        row.notes = f"{row.notes}\n{note}".strip()
    end_ms = row.last_t_ms if t_ms is None else max(t_ms, row.last_t_ms)
    started = as_utc(row.started_at)
    assert started is not None
    row.status = status
    row.last_t_ms = end_ms
    row.ended_at = started + timedelta(milliseconds=end_ms)
    session.execute(
        update(ProductSegment)
        .where(ProductSegment.session_id == session_id, ProductSegment.end_ms.is_(None))
        .values(end_ms=end_ms)
    )


def _abandoned(row: LiveSession, now: datetime) -> bool:
    beat = as_utc(row.heartbeat_at) or as_utc(row.started_at)
    stale = beat is None or now - beat > STALE_AFTER
    if same_machine(row):
        if row.owner_pid == os.getpid():
            return False
        return not pid_alive(row.owner_pid) or stale
    return stale


def recover_sessions(store: Store) -> list[int]:
    """Mark abandoned "live" sessions as interrupted; return their ids."""
    now = datetime.now(UTC)
    recovered: list[int] = []
    with store.sessions.begin() as s:
        for row in s.scalars(select(LiveSession).where(LiveSession.status == "live")):
            if _abandoned(row, now):
                close_session(s, row.id, "interrupted")
                recovered.append(row.id)
    for sid in recovered:
        log.warning("session %d was left open by a process that ended; marked interrupted", sid)
    return recovered
