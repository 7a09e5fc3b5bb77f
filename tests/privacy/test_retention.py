"""Retention on a real SQLite store: texts and commenter ids go, aggregates stay."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from app.analytics.export import export_session
from app.analytics.review import load_review, scorecard
from app.config import Config
from app.privacy.retention import ANON_PREFIX, apply_retention, expired_sessions, removed_texts
from app.session import lifecycle
from app.store.db import Store
from app.store.models import Comment, Interaction, Order
from tests.privacy.conftest import age_session, record


def _comments(store: Store, sid: int) -> list[Comment]:
    with store.sessions() as s:
        return list(
            s.scalars(select(Comment).where(Comment.session_id == sid).order_by(Comment.t_ms))
        )


def test_retention_removes_texts_of_old_sessions_and_keeps_aggregates(
    config: Config, store: Store, mini_bundle: Path, tmp_path: Path
) -> None:
    old = record(config, store, mini_bundle)
    new = record(config, store, mini_bundle)
    age_session(store, old, days=40)
    before = load_review(store, old)
    before_cmts = _comments(store, old)
    assert [c.text for c in before_cmts] == ["这个口红显白吗？", "link please", "墨镜多少钱"]

    dry = apply_retention(store, 30, dry_run=True)
    assert (dry.sessions, dry.comments, dry.dry_run) == ([old], 3, True)
    assert removed_texts(store, old) == 0  # a dry run changes nothing

    result = apply_retention(store, 30)
    assert (result.sessions, result.comments) == ([old], 3)
    assert "Removed the texts of 3 comments in 1 session that" in result.message()

    after = _comments(store, old)
    assert [c.text for c in after] == ["", "", ""]
    assert all(c.viewer.startswith(ANON_PREFIX) for c in after)
    # 小鹿 wrote c1 and c3: still one commenter in this session, amy another
    assert after[0].viewer == after[2].viewer != after[1].viewer
    assert {c.viewer for c in after}.isdisjoint({c.viewer for c in before_cmts})
    # what aggregates are built from is unchanged
    for b, a in zip(before_cmts, after, strict=True):
        assert (a.t_ms, a.ts, a.platform, a.lang, a.sentiment, a.intent, a.spam) == (
            b.t_ms, b.ts, b.platform, b.lang, b.sentiment, b.intent, b.spam
        )  # fmt: skip
    again = load_review(store, old)
    assert again.totals == before.totals
    assert again.bins == before.bins
    assert removed_texts(store, old) == 3

    # the newer session is untouched, and so are orders and interactions
    assert [c.text for c in _comments(store, new)] == [
        "这个口红显白吗？",
        "link please",
        "墨镜多少钱",
    ]
    assert removed_texts(store, new) == 0
    with store.sessions() as s:
        assert s.scalar(select(func.count()).where(Order.buyer != "")) == 2
        assert s.scalar(select(func.count()).where(Interaction.viewer != "")) == 4

    # review and every export still work on redacted rows
    assert export_session(again, "csv", tmp_path / "csv", store=store)
    assert export_session(again, "html", tmp_path / "r.html", store=store)
    assert len(scorecard(store)) == 2

    # a second pass finds nothing left to do
    assert apply_retention(store, 30).comments == 0


def test_zero_days_keeps_everything_and_live_sessions_are_never_touched(
    config: Config, store: Store, recorded: int
) -> None:
    age_session(store, recorded, days=400)
    off = apply_retention(store, 0)
    assert off.comments == 0 and "keep forever" in off.message()
    assert removed_texts(store, recorded) == 0

    live = lifecycle.begin_session(
        store,
        title="live",
        platform="x",
        host="h",
        mode="live",
        started_at=lifecycle.datetime.now(lifecycle.UTC),
    )
    age_session(store, live, days=400)  # even an old-looking live session stays
    assert expired_sessions(store, 30) == [recorded]
    assert apply_retention(store, 30).sessions == [recorded]
