"""The ingest server inside a real session engine: posts reach the bus AND the database."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
from ingest_client import comment, post
from sqlalchemy import select

from app.config import Config
from app.live.builder import build_replay
from app.server import source as server_source
from app.server.token import load_or_create_token
from app.session.bundle import load_bundle
from app.session.engine import SessionEngine
from app.session.events import CommentEvent, SourceStatusEvent
from app.store.db import Store
from app.store.models import Comment, Order
from app.store.queries import session_counts


def _server_url(engine: SessionEngine) -> str:
    ready = threading.Event()
    engine.bus.subscribe(
        lambda e: ready.set() if e.source == "server" and e.state != "starting" else None,
        (SourceStatusEvent,),
    )
    engine.start()
    if "server" not in engine.health() or engine.health()["server"].state == "starting":
        assert ready.wait(10)
    info = next(s for s in engine.sources if s.name == "server").info
    assert info is not None, engine.health()["server"]
    return info.events_url


def test_posted_comments_are_recorded_with_the_replay(
    config: Config, store: Store, mini_bundle: Path
) -> None:
    config.settings.server_port = 0
    engine = build_replay(config, store, load_bundle(mini_bundle), speed=4.0)
    seen: list[CommentEvent] = []
    engine.bus.subscribe(seen.append, (CommentEvent,))
    try:
        url = _server_url(engine)
        token = load_or_create_token(config.config_dir)
        batch = [
            comment(100, text="主播好"),
            comment(101, text="扣1"),
            {"type": "order", "id": "web-o1", "sku": "A-1", "qty": 1, "amount": 79.0},
        ]
        assert post(url, batch, token=token)[1]["accepted"] == 3
        assert post(url, comment(100), token=token)[1]["duplicates"] == [0]
        assert post(url, comment(102), token="wrong")[0] == 401
        assert post(url, "[{", token=token)[0] == 400
        assert engine.wait(15)  # the replay still finishes while the server runs on
    finally:
        engine.stop()
    assert {"c100", "c101"} <= {c.event_id for c in seen}
    counts = session_counts(store, engine.session_id)
    assert counts["comments"] == 3 + 2  # mini bundle + the two posted
    assert counts["orders"] == 2 + 1
    with store.sessions() as s:
        texts = set(s.scalars(select(Comment.text).where(Comment.session_id == engine.session_id)))
        order_ids = set(s.scalars(select(Order.order_id)))
    assert {"主播好", "扣1"} <= texts and "多少钱 102" not in texts
    assert "web-o1" in order_ids


def test_replay_runs_on_when_the_port_is_taken(
    config: Config, store: Store, mini_bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server_source, "PORT_TRIES", 1)
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        config.settings.server_port = blocker.getsockname()[1]
        engine = build_replay(config, store, load_bundle(mini_bundle), speed=4.0, mode="demo")
        engine.start()
        try:
            assert engine.wait(15)
        finally:
            engine.stop()
    server = engine.health()["server"]
    assert server.state == "error" and "server_port" in server.message
    assert session_counts(store, engine.session_id)["comments"] == 3
