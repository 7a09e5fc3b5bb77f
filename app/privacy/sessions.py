"""Delete a session completely: its rows in every table and its recordings folder.

A session that is still recording is refused: deleting its rows under a running recorder
would fail its inserts (foreign keys) and leave a half-deleted session. "Still recording"
means this process's current session, or a session marked live whose owner is alive (same
machine) or whose heartbeat is fresh (another machine in team mode). A live session left
behind by a crash can be deleted.
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from app.privacy import PrivacyError
from app.session.lifecycle import STALE_AFTER, pid_alive, same_machine
from app.store.db import Store
from app.store.models import LiveSession, as_utc
from app.store.queries import delete_session, session_counts

log = logging.getLogger("app.privacy.sessions")


@dataclass(frozen=True, slots=True)
class DeleteResult:
    """What :func:`delete_session_everywhere` removed."""

    session_id: int
    title: str
    counts: dict[str, int | float]
    folders: list[Path] = field(default_factory=list)

    def message(self) -> str:
        folders = f" and {len(self.folders)} recordings folder" if self.folders else ""
        return (
            f"Deleted session {self.session_id} ({self.counts.get('comments', 0)} comments, "
            f"{self.counts.get('orders', 0)} orders){folders}."
        )


def still_recording(row: LiveSession, now: datetime | None = None) -> bool:
    """True when a live session's owner may still be writing to it."""
    if row.status != "live":
        return False
    now = now or datetime.now(UTC)
    beat = as_utc(row.heartbeat_at) or as_utc(row.started_at)
    fresh = beat is not None and now - beat <= STALE_AFTER
    if same_machine(row):  # host names repeat across a team's laptops
        if row.owner_pid == os.getpid():
            return True
        return pid_alive(row.owner_pid) and fresh
    return fresh


def session_folders(row: LiveSession, recordings_dir: Path) -> list[Path]:
    """The session's recordings folders that exist: ``<recordings_dir>/<id>/`` and the
    ``recording_dir`` column when it lies inside ``recordings_dir`` (never anything else:
    a damaged row must not make us delete an arbitrary folder)."""
    root = recordings_dir.resolve()
    found = []
    candidates = [root / str(row.id)]
    if row.recording_dir:
        candidates.append(Path(row.recording_dir))
    for path in candidates:
        try:
            resolved = path.resolve()
        except OSError:
            continue
        inside = resolved != root and resolved.is_relative_to(root)
        if inside and resolved.is_dir() and resolved not in found:
            found.append(resolved)
    return found


def delete_session_everywhere(
    store: Store,
    session_id: int,
    recordings_dir: Path,
    *,
    current_session_id: int | None = None,
) -> DeleteResult:
    """Delete a session's rows and its recordings folder; raise :class:`PrivacyError` for an
    unknown session, a session still recording, or a folder that cannot be removed."""
    with store.sessions() as s:
        row = s.get(LiveSession, session_id)
        if row is None:
            raise PrivacyError(
                f"no session with id {session_id} (see: python -m app sessions list)"
            )
        if session_id == current_session_id or still_recording(row):
            raise PrivacyError(
                f"session {session_id} is still recording; stop it before deleting it"
            )
        title = row.title
        folders = session_folders(row, recordings_dir)
    counts = session_counts(store, session_id)
    delete_session(store, session_id)
    failed = []
    for folder in folders:
        try:
            shutil.rmtree(folder)
        except OSError as exc:
            log.warning("cannot remove %s: %s", folder, exc)
            failed.append(f"{folder} ({exc.strerror or exc})")
    log.info("deleted session %d and %d folders", session_id, len(folders) - len(failed))
    if failed:
        raise PrivacyError(
            f"session {session_id}'s rows were deleted but its recordings could not be "
            f"removed: {'; '.join(failed)}; close any player using them and delete by hand"
        )
    return DeleteResult(session_id, title, counts, folders)
