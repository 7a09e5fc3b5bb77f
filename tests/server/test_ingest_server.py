"""A real HTTP/WebSocket client against the running ingest server source."""

from __future__ import annotations

import asyncio
import json
import socket
import time
import urllib.request

import aiohttp
import pytest
from ingest_client import TOKEN, Running, comment, get, post, run_async, start_server, stop_server

from app.server import source as server_source
from app.server.ingest import Limits
from app.session.events import (
    CommentEvent,
    GiftEvent,
    HighlightCommentEvent,
    LikeEvent,
    OrderEvent,
    ViewersEvent,
)


def test_single_event_and_batch_reach_the_bus(server: Running) -> None:
    status, body, _ = post(server.base + "/api/events", comment(1))
    assert (status, body) == (200, {"accepted": 1, "duplicates": [], "received": 1})
    batch = [
        comment(2, text="  has spaces  "),
        {"type": "like", "count": 5, "user": "a"},
        {"type": "follow", "user": "b"},
        {"type": "gift", "user": "c", "gift": "rose", "count": 2, "value": 0.5},
        {"type": "viewers", "online": 42, "pv": 100},
        {"type": "order", "id": "o1", "sku": "A-1", "qty": 1, "amount": 79},
    ]
    status, body, _ = post(server.base + "/api/events", batch)
    assert status == 200 and body["accepted"] == 6
    kinds = [type(e) for e in server.events]
    assert kinds[0] is CommentEvent and kinds[2] is LikeEvent and kinds[4] is GiftEvent
    assert isinstance(server.events[5], ViewersEvent) and server.events[5].online == 42
    assert isinstance(server.events[6], OrderEvent) and server.events[6].amount == 79.0
    assert server.events[1].text == "has spaces"
    # stamped with session time on arrival, whatever the client says
    assert all(0 <= e.t_ms < 60_000 for e in server.events)


def test_client_time_is_ignored(server: Running) -> None:
    post(server.base + "/api/events", comment(1, t_ms=99_999_999, ts=1.0))
    assert server.events[0].t_ms < 60_000


@pytest.mark.parametrize(
    ("body", "index", "fragment"),
    [
        ("{not json", None, "not valid JSON"),
        ("[]", None, "empty batch"),
        ([comment(1), {"type": "comment", "id": "x", "text": 5}], 1, "'text' must be str"),
        ([{"type": "like", "count": -3}], 0, "must not be negative"),
        ([comment(1), comment(2), {"type": "on_air", "sku": "A"}], 2, "unknown event type"),
        ([comment(1), "hello"], 1, "must be a JSON object"),
        ([{"type": "order", "id": "o", "sku": "s", "qty": 0, "amount": 1}], 0, "'qty'"),
        ([{"type": "viewers"}], 0, "missing field 'online'"),
    ],
)
def test_malformed_batches_are_refused_whole(
    server: Running, body: object, index: int | None, fragment: str
) -> None:
    status, answer, _ = post(server.base + "/api/events", body)
    assert status == 400
    assert fragment in answer["error"]
    assert answer.get("index") == index
    assert server.events == []  # nothing from a refused batch is published
    # and the ids of the refused batch are not burnt: the fixed batch goes through
    status, answer, _ = post(server.base + "/api/events", comment(1))
    assert (status, answer["accepted"]) == (200, 1)


def test_authentication(server: Running) -> None:
    url = server.base + "/api/events"
    for token in (None, "wrong", TOKEN[:-1]):
        status, body, headers = post(url, comment(1), token=token)
        assert status == 401 and "token" in body["error"]
        assert headers.get("WWW-Authenticate") == "Bearer"
    status, body, _ = post(f"{url}?token={TOKEN}", comment(1), token=None)
    assert (status, body["accepted"]) == (200, 1)
    assert len(server.events) == 1


def test_health_is_public_but_counters_need_the_token(server: Running) -> None:
    post(server.base + "/api/events", [comment(1), comment(1)])
    status, body = get(server.base + "/api/health")
    assert status == 200 and body["status"] == "ok" and "accepted" not in body
    status, body = get(f"{server.base}/api/health?token={TOKEN}")
    assert body["authenticated"] is True
    assert (body["accepted"], body["duplicates"]) == (1, 1)
    assert "ticker" in body["overlays"]


def test_unknown_route_is_json_404(server: Running) -> None:
    status, body, _ = post(server.base + "/api/nope", comment(1))
    assert status == 404 and "error" in body


def test_duplicates_are_reported_not_published(server: Running) -> None:
    url = server.base + "/api/events"
    _, body, _ = post(url, [comment(1), comment(2), comment(1)])
    assert body == {"accepted": 2, "duplicates": [2], "received": 3}
    other_platform = comment(1, platform="tiktok")
    _, body, _ = post(url, [comment(2), other_platform])
    assert body == {"accepted": 1, "duplicates": [0], "received": 2}
    order = {"type": "order", "id": "o1", "sku": "A", "qty": 1, "amount": 1}
    _, body, _ = post(url, [order, order, {"type": "like", "id": 7}, {"type": "like", "id": 7}])
    assert body["duplicates"] == [1, 3]
    texts = [e.text for e in server.events if isinstance(e, CommentEvent)]
    assert texts == ["多少钱 1", "多少钱 2", "多少钱 1"]


def test_oversize_body_and_batch() -> None:
    running = start_server(Limits(max_body_bytes=2_000, max_batch=3))
    try:
        url = running.base + "/api/events"
        status, body, _ = post(url, comment(1, text="长" * 1000))
        assert status == 413 and "2000 bytes" in body["error"]
        status, body, _ = post(url, [comment(i) for i in range(4)])
        assert status == 413 and "at most 3" in body["error"]
        assert running.events == []
        status, body, _ = post(url, [comment(i) for i in range(3)])
        assert (status, body["accepted"]) == (200, 3)
    finally:
        stop_server(running)


def test_rate_limit_refuses_with_retry_after_and_keeps_earlier_events() -> None:
    limits = Limits(rate_per_s=1.0, burst=5.0, peer_rate_per_s=1.0, peer_burst=8.0)
    running = start_server(limits)
    try:
        url = running.base + "/api/events"
        assert post(url, [comment(i) for i in range(4)])[0] == 200
        # a second tool on this computer, on its own connection: within the address's budget
        status, _, _ = post(url, [comment(i) for i in range(4, 8)], headers={"X-Client-Id": "b"})
        assert status == 200
        # rotating the self-declared client id buys nothing: the address's bucket is empty
        for ident in ("c", "d", "e"):
            status, body, headers = post(url, comment(9), headers={"X-Client-Id": ident})
            assert status == 429 and "rate limit" in body["error"]
            assert body["retry_after"] > 0 and int(headers["Retry-After"]) >= 1
        assert [e.event_id for e in running.events] == [f"c{i}" for i in range(8)]
    finally:
        stop_server(running)


def test_websocket_ingest(server: Running) -> None:
    async def talk() -> list[dict]:
        answers = []
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(f"{server.base}/api/ws?token={TOKEN}") as ws,
        ):
            for message in (
                json.dumps(comment(1)),
                json.dumps([comment(2), comment(1)]),
                "{broken",
                json.dumps({"type": "like"}),
            ):
                await ws.send_str(message)
                answers.append(await ws.receive_json())
        return answers

    answers = run_async(talk())
    assert answers[0] == {"accepted": 1, "duplicates": [], "received": 1}
    assert answers[1] == {"accepted": 1, "duplicates": [1], "received": 2}
    assert answers[2]["status"] == 400 and "not valid JSON" in answers[2]["error"]
    assert answers[3] == {"accepted": 1, "duplicates": [], "received": 1}
    assert [type(e).__name__ for e in server.events] == [
        "CommentEvent",
        "CommentEvent",
        "LikeEvent",
    ]


def test_websocket_needs_the_token(server: Running) -> None:
    async def connect() -> int:
        async with aiohttp.ClientSession() as session:
            try:
                async with session.ws_connect(f"{server.base}/api/ws?token=nope"):
                    return 101
            except aiohttp.WSServerHandshakeError as exc:
                return exc.status

    assert run_async(connect()) == 401


def test_overlay_socket_receives_backlog_and_broadcast_comments(server: Running) -> None:
    url = server.base + "/api/events"
    post(url, comment(1))

    async def watch() -> list[dict]:
        items: list[dict] = []
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(f"{server.base}/overlay/ws?token={TOKEN}") as ws,
        ):
            items += await ws.receive_json()  # backlog: the comment posted before
            assert post(url, [comment(2), comment(3)])[0] == 200
            server.bus.publish(HighlightCommentEvent(9, text="hi", user="u2", platform="tiktok"))
            while len(items) < 4:
                items += await ws.receive_json()
        return items

    items = run_async(watch())
    assert [i.get("id") for i in items[:3]] == ["c1", "c2", "c3"]
    assert items[1]["kind"] == "comment" and items[1]["text"] == "多少钱 2"
    assert items[3] == {
        "kind": "highlight",
        "user": "u2",
        "text": "hi",
        "platform": "tiktok",
        "t_ms": 9,
    }


def test_overlay_pages_are_served_safely(server: Running) -> None:
    with urllib.request.urlopen(f"{server.base}/overlay/ticker?token={TOKEN}") as resp:
        assert resp.url.endswith(f"/overlay/ticker/?token={TOKEN}")  # redirect keeps token
        html = resp.read().decode("utf-8")
    assert "<html" in html.lower() and "../_lib/anchordesk.js" in html
    with urllib.request.urlopen(f"{server.base}/overlay/_lib/anchordesk.js") as resp:
        assert "/overlay/ws?token=" in resp.read().decode("utf-8")
    for bad in ("/overlay/ticker/..%2F..%2Fconfig.py", "/overlay/nope/", "/overlay/ticker/x.js"):
        assert get(server.base + bad)[0] == 404


def test_port_in_use_moves_to_the_next_port() -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        taken = blocker.getsockname()[1]
        running = start_server(port=taken)
        try:
            status = running.statuses[-1]
            assert status.state == "ok"
            assert running.source.port != taken
            assert f"port {taken} was in use" in status.message
            assert status.note is not None and status.note.values["port"] == taken
            assert status.note.template.startswith("listening on {url} (port {port} was in use")
        finally:
            stop_server(running)


def test_all_ports_in_use_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server_source, "PORT_TRIES", 1)
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        running = start_server(port=blocker.getsockname()[1])
        stop_server(running)
    status = running.statuses[-1]
    assert status.state == "error" and "server_port" in status.message
    assert running.source.info is None


def test_non_loopback_host_needs_opt_in() -> None:
    running = start_server(host="0.0.0.0")
    stop_server(running)
    status = running.statuses[-1]
    assert status.state == "error" and "server_allow_remote" in status.message


def test_stop_closes_open_websockets_promptly() -> None:
    running = start_server()
    closed: list[object] = []

    async def hold_open() -> None:
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(f"{running.base}/overlay/ws?token={TOKEN}") as overlay,
            session.ws_connect(f"{running.base}/api/ws?token={TOKEN}") as ingest,
        ):
            await ingest.send_str(json.dumps(comment(1)))
            assert (await ingest.receive_json())["accepted"] == 1
            await asyncio.get_running_loop().run_in_executor(None, stop_server, running)
            for ws in (overlay, ingest):
                msg = await ws.receive()
                while msg.type == aiohttp.WSMsgType.TEXT:  # the broadcast comment, then close
                    msg = await ws.receive()
                closed.append(msg.type)

    started = time.monotonic()
    run_async(hold_open())
    assert time.monotonic() - started < 5.0  # not aiohttp's default 60 s shutdown wait
    assert closed == [aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSE]


def test_websocket_limits() -> None:
    running = start_server(Limits(max_body_bytes=2_000, rate_per_s=1.0, burst=2.0))

    async def talk() -> tuple[dict, dict, int | None]:
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(f"{running.base}/api/ws?token={TOKEN}") as ws,
        ):
            await ws.send_str(json.dumps([comment(1), comment(2)]))
            ok = await ws.receive_json()
            await ws.send_str(json.dumps(comment(3)))
            limited = await ws.receive_json()
            await ws.send_str(json.dumps(comment(4, text="长" * 1000)))
            msg = await ws.receive()
            return ok, limited, ws.close_code if msg.type == aiohttp.WSMsgType.CLOSE else None

    try:
        ok, limited, close_code = run_async(talk())
    finally:
        stop_server(running)
    assert ok["accepted"] == 2
    assert limited["status"] == 429 and limited["retry_after"] > 0
    assert close_code == 1009  # message too big
    assert [e.event_id for e in running.events] == ["c1", "c2"]


def test_overlay_backlog_keeps_state_items_and_skips_old_highlights(server: Running) -> None:
    hub = server.source.hub
    hub.push({"kind": "product", "sku": "A-1", "name": "口红"})
    hub.push({"kind": "stock", "sku": "A-1", "stock": 9})
    hub.push({"kind": "stock", "sku": "A-1", "stock": 8})
    hub.push({"kind": "highlight", "user": "u", "text": "old"})
    post(server.base + "/api/events", [comment(i) for i in range(60)])
    server.bus.publish(HighlightCommentEvent(5, text="上屏", user="小鹿", platform="douyin"))

    async def first_message() -> list[dict]:
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(f"{server.base}/overlay/ws?token={TOKEN}") as ws,
        ):
            return await ws.receive_json()

    backlog = run_async(first_message())
    kinds = [i["kind"] for i in backlog]
    assert backlog[:2] == [
        {"kind": "product", "sku": "A-1", "name": "口红"},
        {"kind": "stock", "sku": "A-1", "stock": 8},
    ]
    assert kinds[2:] == ["comment"] * 50 and backlog[-1]["id"] == "c59"
    assert "highlight" not in kinds


def test_product_images_are_served_by_sku_from_the_show_catalog(server: Running) -> None:
    from app.commerce.catalog import load_catalog_json
    from app.commerce.overlay_items import register_show
    from app.commerce.show import RunOfShow
    from app.paths import DEMO_BUNDLE
    from app.server.overlay import encode, register_image_lookup
    from app.session.events import ProductSwitchEvent

    products = load_catalog_json(DEMO_BUNDLE / "products.json")
    register_show(RunOfShow(products, [p.sku for p in products], lambda: 0, ticker=False))
    try:
        item = encode(ProductSwitchEvent(1, "LIP-001"))
        assert item is not None and item["image"] == "/api/products/LIP-001/image"
        url = f"{server.base}{item['image']}"
        with urllib.request.urlopen(f"{url}?token={TOKEN}", timeout=10) as resp:
            assert resp.headers["Content-Type"] == "image/png"
            assert resp.read() == (DEMO_BUNDLE / "images" / "LIP-001.png").read_bytes()
        assert get(url)[0] == 401  # same token as every other feed
        status, body = get(f"{server.base}/api/products/NOPE/image?token={TOKEN}")
        assert status == 404 and "NOPE" in body["error"]
        status, _ = get(f"{server.base}/api/products/..%2Fproducts.json/image?token={TOKEN}")
        assert status == 404
    finally:
        register_image_lookup(None)
