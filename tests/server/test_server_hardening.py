"""The running server under hostile clients: JSON refusals, Host/Origin, limits, sockets."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from ingest_client import TOKEN, Running, comment, get, post, run_async, start_server, stop_server

from app.server.guard import AddressPolicy
from app.server.ingest import Limits
from app.session.events import CommentEvent, OrderEvent

HOSTILE = [
    (b'{"type":"like","count":9223372036854775808}', "'count' must be at most"),
    (b"[" * 100_000, "nested deeper than 32 levels"),
    (b'{"a":' * 50_000, "nested deeper than 32 levels"),
    (b'{"type":"like","count":' + b"9" * 5000 + b"}", "longer than 64 characters"),
    (b'{"type":"like","count":NaN}', "NaN is not a JSON number"),
]


@pytest.mark.parametrize(("body", "fragment"), HOSTILE)
def test_hostile_bodies_get_a_json_400_over_http(
    server: Running, body: bytes, fragment: str
) -> None:
    status, answer, headers = post(server.base + "/api/events", body)
    assert status == 400 and fragment in answer["error"]
    assert answer["status"] == 400 and headers["Content-Type"].startswith("application/json")
    assert server.events == []
    assert post(server.base + "/api/events", comment(1))[0] == 200  # and the server runs on


def test_hostile_messages_get_a_json_400_over_websocket_which_stays_open(server: Running) -> None:
    async def talk() -> list[dict[str, Any]]:
        answers = []
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(f"{server.base}/api/ws?token={TOKEN}") as ws,
        ):
            for body, _ in HOSTILE:
                await ws.send_str(body.decode("ascii"))  # text frames, as browsers send
                answers.append(await ws.receive_json())
            await ws.send_str(json.dumps(comment(1)))
            answers.append(await ws.receive_json())
        return answers

    answers = run_async(talk())
    for answer, (_, fragment) in zip(answers, HOSTILE, strict=False):
        assert answer["status"] == 400 and fragment in answer["error"], answer
    assert answers[-1] == {"accepted": 1, "duplicates": [], "received": 1}
    assert [type(e) for e in server.events] == [CommentEvent]


def test_cut_emoji_from_a_bridge_is_repaired_not_refused(server: Running) -> None:
    body = (
        '[{"type":"comment","id":"c1","platform":"douyin","user":"小鹿\\ud83d",'
        '"text":"好看\\ud83d"},'
        '{"type":"order","id":"o1","sku":"LIP-\\udc00","amount":9.9}]'
    )
    status, answer, _ = post(server.base + "/api/events", body)
    assert (status, answer["accepted"]) == (200, 2)
    first, second = server.events
    assert isinstance(first, CommentEvent) and isinstance(second, OrderEvent)
    assert (first.user, first.text, second.sku) == ("小鹿\ufffd", "好看\ufffd", "LIP-\ufffd")


def test_an_unexpected_error_is_a_json_500_and_the_websocket_stays_open(
    server: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = server.source.gate
    assert gate is not None

    def broken(*args: object) -> dict[str, Any]:
        raise RuntimeError("a bug")

    monkeypatch.setattr(gate, "submit", broken)
    status, answer, _ = post(server.base + "/api/events", comment(1))
    assert (status, answer["status"]) == (500, 500) and "log" in answer["error"]

    async def talk() -> list[dict[str, Any]]:
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(f"{server.base}/api/ws?token={TOKEN}") as ws,
        ):
            await ws.send_str(json.dumps(comment(2)))
            first = await ws.receive_json()
            await ws.send_str(json.dumps(comment(3)))
            return [first, await ws.receive_json()]

    assert [a["status"] for a in run_async(talk())] == [500, 500]


# -- Host and Origin --------------------------------------------------------------------
def test_host_header_must_name_this_server(server: Running) -> None:
    port = server.source.port
    url = server.base + "/api/events"
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1:1", f"10.0.0.1:{port}"):
        status, body, headers = post(url, comment(1), headers={"Host": host})
        assert status == 421 and body["status"] == 421 and "127.0.0.1" in body["error"]
        assert headers["Content-Type"].startswith("application/json")
    for i, host in enumerate((f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}")):
        assert post(url, comment(i), headers={"Host": host})[0] == 200
    status, _ = get_with_host(server.base + "/api/health", "evil.example")
    assert status == 421  # public pages too: a rebound page learns nothing
    assert len(server.events) == 3


def get_with_host(url: str, host: str) -> tuple[int, dict[str, Any]]:
    import urllib.error
    import urllib.request

    req = urllib.request.Request(url, headers={"Host": host})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def ws_status(url: str, **kwargs: Any) -> int:
    async def connect() -> int:
        async with aiohttp.ClientSession() as session:
            try:
                async with session.ws_connect(url, **kwargs) as ws:
                    await ws.send_str(json.dumps({"type": "follow"}))
                    await ws.receive_json()
                    return 101
            except aiohttp.WSServerHandshakeError as exc:
                return exc.status

    return int(run_async(connect()))


def test_websocket_origin_must_be_our_pages_or_the_bridge_consoles(server: Running) -> None:
    ingest = f"{server.base}/api/ws?token={TOKEN}"
    overlay = f"{server.base}/overlay/ws?token={TOKEN}"
    assert ws_status(ingest, origin="https://evil.example") == 403
    assert ws_status(overlay, origin="https://evil.example") == 403
    assert ws_status(ingest, origin="http://localhost:1") == 403  # another local server's page
    assert ws_status(ingest) == 101  # no Origin: not a browser
    assert ws_status(ingest, origin=server.base) == 101  # our own pages (the overlays)
    assert ws_status(ingest, origin="https://live.douyin.com") == 101
    assert ws_status(ingest, origin="https://www.tiktok.com") == 101
    assert ws_status(ingest, headers={"Host": "evil.example"}) == 421


def test_address_policy_with_remote_clients() -> None:
    loopback = AddressPolicy()
    assert not loopback.host_allowed("127.0.0.1:8765")  # nothing before listen()
    loopback.listen("127.0.0.1", 8765, allow_remote=False)
    assert loopback.host_allowed("LOCALHOST:8765") and loopback.host_allowed("[::1]:8765")
    assert not loopback.host_allowed("192.168.1.5:8765") and not loopback.host_allowed(None)
    lan = AddressPolicy()
    lan.listen("0.0.0.0", 8765, allow_remote=True)
    assert lan.host_allowed("192.168.1.5:8765") and lan.host_allowed("[fe80::1]:8765")
    assert not lan.host_allowed("evil.example:8765") and not lan.host_allowed("192.168.1.5:80")
    named = AddressPolicy()
    named.listen("192.168.1.5", 80, allow_remote=True)
    assert named.host_allowed("192.168.1.5") and named.host_allowed("192.168.1.5:80")
    assert not named.host_allowed("10.0.0.1:80")
    assert named.origin_allowed(None, "x") and named.origin_allowed("http://a:1", "a:1")
    assert not named.origin_allowed("https://a:1", "a:1") and not named.origin_allowed("null", "a")


# -- overlay ----------------------------------------------------------------------------
def test_overlays_keep_receiving_after_a_bad_item_and_after_reconnecting(server: Running) -> None:
    url = server.base + "/api/events"
    overlay = f"{server.base}/overlay/ws?token={TOKEN}"

    async def watch() -> tuple[list[dict], list[dict]]:
        live: list[dict] = []
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(overlay) as ws:
                # straight onto the bus, as a connector or a bug could: no gate in between
                server.bus.publish(CommentEvent(1, "bad", "douyin", "小鹿\ud83d", "好看\udc00"))
                server.source.hub.push({"kind": "product", "sku": "A", "tags": {"not", "json"}})
                assert post(url, comment(2))[0] == 200
                while len(live) < 2:
                    live += await ws.receive_json()
            async with session.ws_connect(overlay) as again:
                backlog = await again.receive_json()
                assert post(url, comment(3))[0] == 200
                later = await again.receive_json()
        return live, backlog + later

    live, reconnected = run_async(watch())
    assert [(i["id"], i["user"], i["text"]) for i in live] == [
        ("bad", "小鹿\ufffd", "好看\ufffd"),
        ("c2", "u2", "多少钱 2"),
    ]
    assert [i["id"] for i in reconnected] == ["bad", "c2", "c3"]
    assert server.source.hub.dropped_items == 1  # the set, with a log line


# -- rate limit -------------------------------------------------------------------------
def test_rotating_the_client_id_over_websockets_is_still_limited() -> None:
    running = start_server(Limits(rate_per_s=1.0, burst=3.0, peer_rate_per_s=1.0, peer_burst=4.0))

    async def talk() -> list[int | None]:
        statuses: list[int | None] = []
        async with aiohttp.ClientSession() as session:
            for i, ident in enumerate(("a", "b", "c")):
                url = f"{running.base}/api/ws?token={TOKEN}&client={ident}"
                async with session.ws_connect(url, headers={"X-Client-Id": ident}) as ws:
                    await ws.send_str(json.dumps([comment(2 * i), comment(2 * i + 1)]))
                    statuses.append((await ws.receive_json()).get("status"))
        return statuses

    try:
        assert run_async(talk()) == [None, None, 429]  # 2 + 2 fit the address's 4, then no
    finally:
        stop_server(running)


# -- sockets ----------------------------------------------------------------------------
def test_a_silent_connection_is_closed_after_the_header_timeout() -> None:
    running = start_server(Limits(header_timeout_s=0.5))
    try:
        port = running.source.port
        assert port is not None
        with (
            socket.create_connection(("127.0.0.1", port), timeout=5) as silent,
            socket.create_connection(("127.0.0.1", port), timeout=5) as slow,
        ):
            slow.sendall(b"POST /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never ends
            started = time.monotonic()
            assert silent.recv(1) == b"" and slow.recv(1) == b""  # closed by the server
            assert time.monotonic() - started < 4.0
    finally:
        stop_server(running)


def test_a_body_that_never_arrives_gets_a_json_408() -> None:
    running = start_server(Limits(body_timeout_s=0.5))
    try:
        port = running.source.port
        assert port is not None
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(
                f"POST /api/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                f"Authorization: Bearer {TOKEN}\r\nContent-Length: 100\r\n\r\n[".encode()
            )
            reply = b""
            while b"}" not in reply:
                chunk = sock.recv(4096)
                assert chunk, reply
                reply += chunk
        assert reply.startswith(b"HTTP/1.1 408") and b'"status": 408' in reply
    finally:
        stop_server(running)


ATTACKER = """
import select, socket, sys, time
try:
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 1024)), hard))
except (ImportError, ValueError, OSError):
    pass
port, count = int(sys.argv[1]), int(sys.argv[2])
socks = []
for i in range(count):  # paced, so that every one reaches the server (no SYN drops)
    try:
        socks.append(socket.create_connection(("127.0.0.1", port), timeout=2))
    except OSError:
        pass
    if i % 16 == 15:
        time.sleep(0.02)
for s in socks[::2]:  # half of them start a request head and never finish it
    try:
        s.send(b"POST /api/events HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n")
    except OSError:
        pass
print("ready", len(socks), flush=True)
select.select([sys.stdin], [], [], 30)
"""


def _open_fds() -> int:
    for folder in ("/proc/self/fd", "/dev/fd"):
        if Path(folder).is_dir():
            return len(os.listdir(folder))
    return 64


@pytest.mark.skipif(sys.platform == "win32", reason="file-descriptor limits are POSIX")
def test_half_open_sockets_cannot_exhaust_a_small_descriptor_limit() -> None:
    """300 silent or half-sent connections; the process has ~160 descriptors to spare."""
    import resource

    running = start_server()
    port = running.source.port
    attacker = subprocess.Popen(
        [sys.executable, "-c", ATTACKER, str(port), "300"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        # like a 256-descriptor macOS process already using ~100 for Qt, the database, logs
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(soft, _open_fds() + 160), hard))
        assert attacker.stdout is not None
        assert attacker.stdout.readline().split()[0] == "ready"
        status, body = get(f"{running.base}/api/health?token={TOKEN}")
        assert status == 200 and body["status"] == "ok"
        app = running.source.app
        assert app is not None
        assert app.guard.closed_idle >= 100  # the attack went well past the cap
        assert app.guard.open_connections <= running.source.limits.max_connections + 32
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
        attacker.kill()
        attacker.communicate(timeout=10)
        stop_server(running)


def test_busy_connections_are_not_closed_for_new_ones() -> None:
    running = start_server(Limits(max_connections=4))
    port = running.source.port
    assert port is not None

    async def hold() -> bytes:
        async with aiohttp.ClientSession() as session:
            sockets = [
                await session.ws_connect(f"{running.base}/overlay/ws?token={TOKEN}")
                for _ in range(4)
            ]
            reply = await asyncio.get_running_loop().run_in_executor(None, _first_reply, port)
            assert not any(ws.closed for ws in sockets)  # the overlays were kept
            for ws in sockets:
                await ws.close()
            return reply

    try:
        reply = run_async(hold())
        assert reply.startswith(b"HTTP/1.1 503") and b'"status": 503' in reply
        assert get(running.base + "/api/health")[0] == 200  # free again once they close
    finally:
        stop_server(running)


def _first_reply(port: int) -> bytes:
    """What the server says to a new connection before it sends anything."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        reply = b""
        while chunk := sock.recv(4096):
            reply += chunk
    return reply


def test_a_message_that_fails_to_send_is_dropped_not_the_page() -> None:
    from app.server.overlay import OverlayHub

    class Page:
        def __init__(self, refuse: str = "") -> None:
            self.refuse, self.received = refuse, []

        async def send_str(self, text: str) -> None:
            if self.refuse and self.refuse in text:
                raise UnicodeEncodeError("utf-8", text, 0, 1, "surrogates not allowed")
            self.received.append(json.loads(text))

    async def scenario() -> tuple[Page, Page, OverlayHub]:
        hub = OverlayHub()
        hub.bind(asyncio.get_running_loop())
        flusher = asyncio.get_running_loop().create_task(hub.run())
        page = Page(refuse="poison")
        await hub.attach(page)
        for text in ("poison", "fine"):
            hub.push({"kind": "comment", "id": text, "text": text})
            await asyncio.sleep(0.1)  # one flush each
        later = Page()
        await hub.attach(later)
        flusher.cancel()
        return page, later, hub

    page, later, hub = run_async(scenario())
    assert page.received == [[{"kind": "comment", "id": "fine", "text": "fine"}]]
    assert hub.clients == 2  # the page that failed is still connected
    assert later.received == [[{"kind": "comment", "id": "fine", "text": "fine"}]]
    assert hub.dropped_items == 1
