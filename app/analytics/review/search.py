"""Search a session's transcript and comments (on demand, off the GUI thread)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import text

from app.store.db import Store


@dataclass(frozen=True, slots=True)
class SearchHit:
    t_ms: int
    kind: str  # "comment" or "transcript"
    text: str


def _like_pattern(query: str) -> str:
    escaped = re.sub(r"([%_\\])", r"\\\1", query.strip())
    return f"%{escaped}%"


def search(store: Store, session_id: int, query: str, limit: int = 200) -> list[SearchHit]:
    """Transcript and comment lines containing ``query`` (case-insensitive), by time."""
    if not query.strip():
        return []
    pattern = _like_pattern(query)
    hits: list[SearchHit] = []
    with store.engine.connect() as conn:
        for kind, sql in (
            (
                "transcript",
                "SELECT start_ms, text FROM transcript_segment WHERE session_id = :sid "
                "AND lower(text) LIKE lower(:p) ESCAPE '\\' ORDER BY start_ms LIMIT :n",
            ),
            (
                "comment",
                "SELECT t_ms, text FROM comment WHERE session_id = :sid "
                "AND lower(text) LIKE lower(:p) ESCAPE '\\' ORDER BY t_ms LIMIT :n",
            ),
        ):
            rows = conn.execute(text(sql), {"sid": session_id, "p": pattern, "n": limit})
            hits.extend(SearchHit(int(t), kind, str(x or "")) for t, x in rows)
    hits.sort(key=lambda h: h.t_ms)
    return hits[:limit]
