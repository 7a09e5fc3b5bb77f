"""Retention: remove viewers' comment texts after N days, keep every aggregate.

What a retention pass does to each session that *ended* more than ``days`` days ago:

- every comment's ``text`` becomes ``""`` (the marker for "removed for privacy": the
  ingest codec rejects empty comments, so a recorded comment is never empty otherwise);
- every comment's ``viewer`` becomes an anonymous token (``~`` + random hex), the same
  token for the same viewer *within that session* and unrelated to anything else, so the
  "commenters" figure of that session stays right while the viewer can no longer be found
  or followed across sessions;
- the row itself stays, with its time, platform, language, sentiment, intent and spam
  flag, so comment counts, sentiment curves and review KPIs do not change.

Whole sessions are processed (never half of one), so a viewer never gets two tokens in one
session. Live sessions are never touched. Orders and interactions keep their pseudonyms
(repeat-buyer figures need them); erasing one viewer (:mod:`app.privacy.viewers`) clears
those too. No schema change: the existing columns carry the markers.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from app.store.db import Store
from app.store.models import Comment, LiveSession, as_utc

log = logging.getLogger("app.privacy.retention")

#: A comment whose text was removed for privacy (retention or erasure).
REMOVED_TEXT = ""
#: Prefix of an anonymous, session-local viewer token (pseudonyms start with "v").
ANON_PREFIX = "~"
#: Rows updated per transaction: short write locks, so a live recording is never held up.
CHUNK = 2_000

Progress = Callable[[float, str], None]


@dataclass(frozen=True, slots=True)
class RetentionResult:
    """What a retention pass removed (or, with ``dry_run``, would remove)."""

    days: int
    cutoff: datetime | None
    sessions: list[int]
    comments: int
    dry_run: bool = False

    def message(self) -> str:
        """One plain sentence for the CLI and the dialog."""
        if self.days <= 0:
            return "Retention is off (keep forever): nothing was removed."
        verb = "Would remove" if self.dry_run else "Removed"
        days = plural(self.days, "day")
        if not self.comments:
            return f"No comment texts older than {days} to remove."
        return (
            f"{verb} the texts of {plural(self.comments, 'comment')} in "
            f"{plural(len(self.sessions), 'session')} that ended more than {days} ago "
            "(counts and curves kept)."
        )


def plural(n: int, word: str) -> str:
    """``1 comment``, ``3 comments``: messages read naturally in logs and the CLI."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def session_end(row: LiveSession) -> datetime | None:
    """When a session ended: ``ended_at``, else start + length, else its last heartbeat."""
    ended = as_utc(row.ended_at)
    if ended is not None:
        return ended
    started = as_utc(row.started_at)
    if started is not None:
        return started + timedelta(milliseconds=row.last_t_ms or 0)
    return as_utc(row.heartbeat_at)


def expired_sessions(store: Store, days: int, now: datetime | None = None) -> list[int]:
    """Ids of sessions (not live) that ended more than ``days`` days before ``now``."""
    if days <= 0:
        return []
    cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
    with store.sessions() as s:
        rows = s.scalars(select(LiveSession).where(LiveSession.status != "live")).all()
    expired = []
    for row in rows:
        end = session_end(row)
        if end is not None and end < cutoff:
            expired.append(row.id)
    return sorted(expired)


def _not_removed() -> ColumnElement[bool]:
    return or_(Comment.text.is_(None), Comment.text != REMOVED_TEXT)


def _count_to_remove(s: Session, session_ids: Iterable[int]) -> dict[int, int]:
    ids = list(session_ids)
    if not ids:
        return {}
    stmt = (
        select(Comment.session_id, func.count())
        .where(Comment.session_id.in_(ids), _not_removed())
        .group_by(Comment.session_id)
    )
    return {int(sid): int(n) for sid, n in s.execute(stmt)}


def anon_token() -> str:
    """A fresh anonymous viewer token (random: it cannot be linked back to anyone)."""
    return f"{ANON_PREFIX}{secrets.token_hex(5)}"


def anonymise_comments(store: Store, session_id: int, comment_ids: list[int] | None = None) -> int:
    """Remove texts and viewer ids of a session's comments (all, or ``comment_ids``).

    Returns how many comments changed. Viewers keep distinct tokens within the session;
    rows are updated by primary key in chunks (short write transactions).
    """
    with store.sessions() as s:
        stmt = select(Comment.id, Comment.viewer).where(
            Comment.session_id == session_id, _not_removed()
        )
        if comment_ids is not None:
            stmt = stmt.where(Comment.id.in_(comment_ids))
        rows = s.execute(stmt).all()
    tokens: dict[str, str] = {}
    params = []
    for cid, viewer in rows:
        if viewer and viewer not in tokens:
            tokens[viewer] = anon_token()
        params.append({"cid": cid, "new_viewer": tokens.get(viewer, "") if viewer else ""})
    for start in range(0, len(params), CHUNK):
        chunk = params[start : start + CHUNK]
        with store.engine.begin() as conn:
            conn.execute(
                update(Comment.__table__)
                .where(Comment.__table__.c.id == bindparam("cid"))
                .values(text=REMOVED_TEXT, viewer=bindparam("new_viewer")),
                chunk,
            )
    return len(params)


def apply_retention(
    store: Store,
    days: int,
    *,
    dry_run: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RetentionResult:
    """Remove comment texts of sessions that ended more than ``days`` days ago.

    ``days <= 0`` means keep forever (nothing happens). ``dry_run`` only counts.
    ``cancelled`` is polled between sessions so the app can quit mid-way; what was done
    stays done and the next pass continues where this one stopped.
    """
    if days <= 0:
        return RetentionResult(days=0, cutoff=None, sessions=[], comments=0, dry_run=dry_run)
    now = now or datetime.now(UTC)
    cutoff = now - timedelta(days=days)
    with store.sessions() as s:
        counts = _count_to_remove(s, expired_sessions(store, days, now))
    todo = sorted(sid for sid, n in counts.items() if n)
    if dry_run:
        return RetentionResult(days, cutoff, todo, sum(counts.values()), dry_run=True)
    done: list[int] = []
    removed = 0
    for i, sid in enumerate(todo):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(i / len(todo), f"session {sid}")
        removed += anonymise_comments(store, sid)
        done.append(sid)
    if progress is not None:
        progress(1.0, "done")
    if removed:
        log.info(
            "retention (%d days): removed %d comment texts in sessions %s", days, removed, done
        )
    return RetentionResult(days, cutoff, done, removed)


def removed_texts(store: Store, session_id: int) -> int:
    """How many of a session's comments had their text removed for privacy.

    Review and reports use it to say "N comment texts were removed (retention/erasure)"
    instead of showing blanks without explanation.
    """
    with store.sessions() as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(Comment)
                .where(Comment.session_id == session_id, Comment.text == REMOVED_TEXT)
            )
            or 0
        )
