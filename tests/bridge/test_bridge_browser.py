"""The browser bridge in a real browser: Debian's chromium, headless, driven by Playwright.

A local page opens a WebSocket to a local server that replays schema-encoded webcast frames
(room_server.py). The bridge is built from a ``--connect douyin:URL`` spec by the session
builder, like ``python -m app live --connect ...``; the tests check what reaches the bus and
what the database holds.
"""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterator

import pytest
from room_server import RoomServer
from sqlalchemy import func, select

from app.bridge import webcast
from app.bridge.source import BridgeSource
from app.config import Config
from app.live.builder import build_live
from app.session.bus import EventBus
from app.session.clock import SessionClock
from app.session.engine import SessionEngine
from app.session.events import (
    AlertEvent,
    CommentEvent,
    Event,
    GiftEvent,
    OrderEvent,
    SourceStatusEvent,
    ViewersEvent,
)
from app.store.db import Store
from app.store.models import Comment, Interaction, Order

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium"),
]


def chat(n: int, text: str, user: str = "小鹿") -> tuple[str, dict]:
    return (
        "WebcastChatMessage",
        {"common": {"msg_id": n}, "user": {"nickname": user}, "content": text},
    )


def seq(n: int, online: int) -> tuple[str, dict]:
    return (
        "WebcastRoomUserSeqMessage",
        {"common": {"msg_id": n}, "total": online, "total_user": 900},
    )


def gift(n: int) -> tuple[str, dict]:
    fields = {
        "common": {"msg_id": n},
        "user": {"nickname": "bob"},
        "repeat_count": 3,
        "repeat_end": 1,
        "gift": {"name": "小心心", "diamond_count": 1, "combo": True},
    }
    return ("WebcastGiftMessage", fields)


FIRST = [
    webcast.encode_frame([seq(100, 120), chat(1, "这个显白吗"), chat(2, "多少钱")], seq_id=1),
    webcast.heartbeat_frame(2),
    webcast.encode_frame([gift(3), chat(4, "扣1", "amy")], seq_id=3),
]
#: after the reload the room replays its last frame (as platforms do on reconnect), then new ones
SECOND = [FIRST[-1], webcast.encode_frame([chat(5, "上链接"), seq(101, 130)], seq_id=4)]


@pytest.fixture
def headless(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANCHORDESK_BRIDGE_HEADLESS", "1")


@pytest.fixture
def room() -> Iterator[RoomServer]:
    server = RoomServer([FIRST, SECOND]).start()
    yield server
    server.stop()


def wait_for(condition: Callable[[], bool], timeout: float = 20.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _live(config: Config, store: Store, spec: str) -> tuple[SessionEngine, BridgeSource]:
    config.settings.server_port = 0
    engine = build_live(config, store, camera="off", connect=[spec], microphone=False)
    bridge = next(s for s in engine.sources if isinstance(s, BridgeSource))
    return engine, bridge


def test_room_frames_reach_bus_and_database_once_and_reload_resumes(
    config: Config, store: Store, room: RoomServer, headless: None
) -> None:
    engine, bridge = _live(config, store, f"douyin:{room.url}")
    bridge.stall_s = 2.0  # the real default is 30 s
    seen: list[Event] = []
    states: list[str] = []
    engine.bus.subscribe(seen.append, (CommentEvent, GiftEvent, ViewersEvent, AlertEvent))
    engine.bus.subscribe(
        lambda e: states.append(e.state) if e.source == "douyin" else None, (SourceStatusEvent,)
    )
    try:
        engine.start()
        comments = lambda: [e for e in seen if isinstance(e, CommentEvent)]  # noqa: E731
        assert wait_for(lambda: len(comments()) >= 3), (states, bridge.health)
        # the server now stays silent with the socket open: "no traffic", then a reload
        assert wait_for(lambda: "stalled" in states, 10), (states, bridge.health)
        assert wait_for(lambda: len(comments()) >= 4, 15), (states, bridge.health)
        assert wait_for(lambda: states[-1] == "ok", 5)
    finally:
        engine.stop()
    assert room.connections >= 2 and bridge.health.reloads >= 1
    ids = Counter(e.event_id for e in seen if isinstance(e, CommentEvent))
    assert ids == {"1": 1, "2": 1, "4": 1, "5": 1}  # "4" came twice on the wire
    assert bridge.health.duplicates >= 1
    gifts = [e for e in seen if isinstance(e, GiftEvent)]
    assert [(g.gift, g.count, g.value) for g in gifts] == [("小心心", 3, 0.3)]
    assert [e.online for e in seen if isinstance(e, ViewersEvent)] == [120, 130]
    stall_alerts = [e for e in seen if isinstance(e, AlertEvent) and "no traffic" in e.text]
    assert stall_alerts and stall_alerts[0].message is not None
    with store.sessions() as s:
        rows = s.execute(
            select(Comment.event_id, Comment.platform, Comment.text)
            .where(Comment.session_id == engine.session_id)
            .order_by(Comment.event_id)
        ).all()
        gift_rows = s.scalar(
            select(func.count())
            .select_from(Interaction)
            .where(Interaction.session_id == engine.session_id, Interaction.kind == "gift")
        )
    assert [tuple(r) for r in rows] == [
        ("1", "douyin", "这个显白吗"),
        ("2", "douyin", "多少钱"),
        ("4", "douyin", "扣1"),
        ("5", "douyin", "上链接"),
    ]
    assert gift_rows == 1


def test_console_orders_and_logged_out_page(config: Config, store: Store, headless: None) -> None:
    answer = {
        "code": 0,
        "data": {
            "orders": [
                {
                    "order_id": "6921",
                    "out_sku_id": "A-1",
                    "item_num": 2,
                    "pay_amount": 15800,
                    "buyer_nickname": "amy",
                }
            ],
            "online_user_cnt": 80,
        },
    }
    server = RoomServer([[]], answers={"order_list": json.dumps(answer)}).start()
    try:
        engine, bridge = _live(config, store, f"douyin@shop2:{server.url}")
        orders: list[OrderEvent] = []
        engine.bus.subscribe(orders.append, (OrderEvent,))
        engine.start()
        try:
            assert wait_for(lambda: len(orders) == 1), bridge.health
            assert bridge.health.online == 80
        finally:
            engine.stop()
        with store.sessions() as s:
            row = s.execute(select(Order.order_id, Order.sku, Order.qty, Order.amount)).one()
        assert tuple(row) == ("6921", "A-1", 2, 158.0)
        assert (config.data_dir / "browser" / "douyin-shop2").is_dir()  # the account's profile

        # a page that sends the person to a login page turns the health to "logged out"
        logged_out = BridgeSource(
            webcast.DOUYIN, f"http://127.0.0.1:{server.port}/login", data_dir=config.data_dir
        )
        statuses = run_alone(logged_out, lambda s: s.health.state == "logged_out")
        assert "logged_out" in statuses
    finally:
        server.stop()


def test_unreachable_page_is_an_error_status_and_the_source_keeps_trying(
    config: Config, headless: None
) -> None:
    source = BridgeSource(
        webcast.TIKTOK, "http://127.0.0.1:9/room", data_dir=config.data_dir, retry_s=(0.2, 0.5)
    )
    statuses = run_alone(source, lambda s: s.health.state == "error")
    assert "error" in statuses
    assert source.running is False


def run_alone(source: BridgeSource, done: Callable[[BridgeSource], bool]) -> list[str]:
    """Run ``source`` on a bus of its own until ``done``; returns the states it reported."""
    bus, clock = EventBus(), SessionClock()
    states: list[str] = []
    bus.subscribe(lambda e: states.append(e.state), (SourceStatusEvent,))
    clock.start()
    source.start(bus, clock)
    try:
        assert wait_for(lambda: done(source)), (states, source.health)
    finally:
        source.stop()
        assert source.join(10)
    return states


def test_decode_errors_are_counted_and_the_first_bad_frame_saved(
    config: Config, headless: None
) -> None:
    broken = [b"\x0a\xff\xff not a frame"] * 3
    server = RoomServer([broken]).start()
    try:
        source = BridgeSource(webcast.DOUYIN, server.url, data_dir=config.data_dir)
        run_alone(source, lambda s: s.health.decode_errors == 3)
    finally:
        server.stop()
    report_path = source.health.bad_frame
    assert report_path is not None and report_path.parent == config.data_dir / "logs" / "bridge"
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["size"] == len(broken[0]) and report["head_hex"] == broken[0].hex()
    assert len(list(report_path.parent.iterdir())) == 1  # only the first one
