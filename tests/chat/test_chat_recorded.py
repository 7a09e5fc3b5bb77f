"""A replayed session stores triage labels with every comment."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app.config import Config
from app.live.headless import run_headless
from app.store.db import Store
from app.store.models import Comment


def test_recorded_comments_carry_labels(config: Config, store: Store, mini_bundle: Path) -> None:
    run_headless(config, store, bundle_dir=mini_bundle, speed=8.0)
    with store.sessions() as s:
        rows = s.execute(select(Comment.event_id, Comment.intent, Comment.lang, Comment.sentiment))
        got = {r.event_id: (r.intent, r.lang, r.sentiment) for r in rows}
    assert got["c1"][:2] == ("question", "zh")
    assert got["c2"] == ("purchase", "en", "pos")
    assert got["c3"][:2] == ("question", "zh") and got["c3"][2] != "neg"
