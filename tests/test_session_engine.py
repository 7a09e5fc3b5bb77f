"""The engine end to end on the mini bundle: replay -> bus -> recorder -> store."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.config import Config
from app.live.headless import run_headless
from app.store.db import Store
from app.store.models import (
    Alert,
    Comment,
    Interaction,
    LiveSession,
    MetricSample,
    ProductSegment,
    QueueItem,
)


@pytest.fixture
def result(config: Config, store: Store, mini_bundle: Path):
    return run_headless(config, store, bundle_dir=mini_bundle, speed=8.0)


def test_headless_replay_records_every_event(result, store: Store) -> None:
    assert result.status == "ended"
    assert result.counts == {
        "comments": 3,
        "orders": 2,
        "transcript_segments": 2,
        "product_switches": 2,
        "alerts": 1,
        "gmv": 357.0,
    }
    assert result.frames > 0
    with store.sessions() as s:
        session = s.get(LiveSession, result.session_id)
        assert session.status == "ended"
        assert session.mode == "demo"
        assert session.ended_at is not None
        assert {i.kind: i.count for i in s.scalars(select(Interaction))} == {
            "like": 7,
            "follow": 1,
            "gift": 3,
        }
        assert [m.viewers_online for m in s.scalars(select(MetricSample).order_by("t_ms"))] == [
            120,
            150,
        ]


def test_product_segments_and_queue_follow_switches(result, store: Store) -> None:
    with store.sessions() as s:
        segs = s.scalars(select(ProductSegment).order_by(ProductSegment.start_ms)).all()
        assert (segs[0].sku, segs[0].start_ms, segs[0].end_ms) == ("A-1", 0, 900)
        assert segs[1].sku == "B-2" and segs[1].start_ms == 900
        assert segs[1].end_ms is not None and segs[1].end_ms >= 1100
        states = {q.sku: q.state for q in s.scalars(select(QueueItem))}
        assert states == {"A-1": "done", "B-2": "on_air"}


def test_viewer_names_are_pseudonymised(result, store: Store) -> None:
    with store.sessions() as s:
        viewers = [c.viewer for c in s.scalars(select(Comment).order_by(Comment.t_ms))]
    assert "小鹿" not in viewers and "amy" not in viewers
    assert viewers[0] == viewers[2] != viewers[1]  # same person, same pseudonym
    assert all(v.startswith("v") and len(v) == 17 for v in viewers)


def test_compliance_alert_names_the_phrase(result, store: Store) -> None:
    with store.sessions() as s:
        alert = s.scalars(select(Alert)).one()
    assert alert.kind == "compliance"
    assert alert.terms == ["全网最低价"]
    assert alert.t_ms == 400


def test_seconds_limit_cuts_the_replay(config: Config, store: Store, mini_bundle: Path) -> None:
    result = run_headless(config, store, bundle_dir=mini_bundle, speed=8.0, seconds=0.45)
    assert result.counts["comments"] == 2
    assert result.counts["orders"] == 0
    assert result.counts["transcript_segments"] == 1
    assert result.counts["product_switches"] == 1


def test_the_callers_signal_handlers_come_back(
    config: Config, store: Store, mini_bundle: Path
) -> None:
    import signal

    before = (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))
    run_headless(config, store, bundle_dir=mini_bundle, speed=8.0, seconds=0.2)
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


def test_replay_again_records_a_second_session(config, store, mini_bundle, result) -> None:
    second = run_headless(config, store, bundle_dir=mini_bundle, speed=8.0)
    assert second.session_id != result.session_id
    assert second.counts == result.counts
