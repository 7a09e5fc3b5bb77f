"""Read-side queries returning plain data (safe to hand to any thread or the UI)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.store.db import Store
from app.store.models import (
    SESSION_TABLES,
    Alert,
    Comment,
    LiveSession,
    Order,
    ProductSegment,
    TranscriptSegment,
)


@dataclass(frozen=True, slots=True)
class SessionSummary:
    id: int
    title: str
    platform: str
    mode: str
    status: str
    started_at: datetime
    ended_at: datetime | None
    duration_ms: int
    comments: int
    orders: int
    gmv: float


#: The tables :func:`session_counts` counts rows of.
Counted = type[Comment] | type[Order] | type[TranscriptSegment] | type[ProductSegment] | type[Alert]


def _count(s: Session, model: Counted, session_id: int) -> int:
    return int(
        s.scalar(select(func.count()).select_from(model).where(model.session_id == session_id)) or 0
    )


def session_counts(store: Store, session_id: int) -> dict[str, int | float]:
    """Counts of what was recorded for one session, and its GMV."""
    with store.sessions() as s:
        gmv = s.scalar(
            select(func.coalesce(func.sum(Order.amount), 0.0)).where(Order.session_id == session_id)
        )
        return {
            "comments": _count(s, Comment, session_id),
            "orders": _count(s, Order, session_id),
            "transcript_segments": _count(s, TranscriptSegment, session_id),
            "product_switches": _count(s, ProductSegment, session_id),
            "alerts": _count(s, Alert, session_id),
            "gmv": round(float(gmv or 0.0), 2),
        }


def list_sessions(store: Store) -> list[SessionSummary]:
    """All sessions, newest first, with headline numbers."""
    comments = (
        select(Comment.session_id, func.count().label("n")).group_by(Comment.session_id).subquery()
    )
    orders = (
        select(
            Order.session_id,
            func.count().label("n"),
            func.coalesce(func.sum(Order.amount), 0.0).label("gmv"),
        )
        .group_by(Order.session_id)
        .subquery()
    )
    stmt = (
        select(LiveSession, comments.c.n, orders.c.n, orders.c.gmv)
        .outerjoin(comments, comments.c.session_id == LiveSession.id)
        .outerjoin(orders, orders.c.session_id == LiveSession.id)
        .order_by(LiveSession.started_at.desc(), LiveSession.id.desc())
    )
    with store.sessions() as s:
        return [
            SessionSummary(
                id=row.id,
                title=row.title,
                platform=row.platform,
                mode=row.mode,
                status=row.status,
                started_at=row.started_at,
                ended_at=row.ended_at,
                duration_ms=row.last_t_ms,
                comments=int(n_comments or 0),
                orders=int(n_orders or 0),
                gmv=round(float(gmv or 0.0), 2),
            )
            for row, n_comments, n_orders, gmv in s.execute(stmt)
        ]


def delete_session(store: Store, session_id: int) -> bool:
    """Delete a session and all its rows; False when there is no such session."""
    with store.sessions.begin() as s:
        if s.get(LiveSession, session_id) is None:
            return False
        for model in SESSION_TABLES:
            s.execute(delete(model).where(model.__table__.c.session_id == session_id))
        s.execute(delete(LiveSession).where(LiveSession.id == session_id))
        return True
