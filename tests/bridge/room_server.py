"""A local stand-in for a platform's live room: an HTML page whose script opens a WebSocket
to this server, which replays encoded webcast frames, one scripted batch per connection.

The page is what a real room page does (open a socket, keep reading); the bridge under test
only sees the browser's traffic, as it would on the real site. Runs aiohttp on its own
thread and loop on 127.0.0.1 with a free port.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from aiohttp import WSMsgType, web

PAGE = """<!doctype html><meta charset="utf-8"><title>room</title>
<p id="state">connecting</p>
<script>
const ws = new WebSocket(`ws://${location.host}/webcast/im/push/v2/?room=1`);
ws.binaryType = "arraybuffer";
ws.onopen = () => { document.getElementById("state").textContent = "open"; };
ws.onmessage = () => {};
</script>
"""

LOGIN_PAGE = '<!doctype html><meta charset="utf-8"><title>login</title><p>log in</p>'


@dataclass
class RoomServer:
    """``batches[n]`` is sent on the n-th connection (then the socket stays open, silent)."""

    batches: Sequence[Sequence[bytes]]
    gap_s: float = 0.02
    #: answers served at /console-api/... as JSON (path -> body), for response-capture tests
    answers: dict[str, str] = field(default_factory=dict)
    connections: int = 0
    port: int = 0

    def __post_init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._main, name="test-room-server", daemon=True)
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/room"

    def start(self) -> RoomServer:
        self._thread.start()
        assert self._ready.wait(10)
        return self

    def stop(self) -> None:
        async def shutdown() -> None:
            if self._runner is not None:
                await self._runner.cleanup()

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    def _main(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._serve())
        self._ready.set()
        self._loop.run_forever()

    async def _serve(self) -> None:
        app = web.Application()
        app.router.add_get("/room", self._page)
        app.router.add_get("/login", self._login)
        app.router.add_get("/webcast/im/push/v2/", self._socket)
        app.router.add_get("/console-api/{name}", self._answer)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def _page(self, request: web.Request) -> web.Response:
        extra = ""
        for path in self.answers:
            extra += f'<script>fetch("/console-api/{path}").then(r => r.text());</script>'
        return web.Response(text=PAGE + extra, content_type="text/html")

    async def _login(self, request: web.Request) -> web.Response:
        return web.Response(text=LOGIN_PAGE, content_type="text/html")

    async def _answer(self, request: web.Request) -> web.Response:
        body = self.answers.get(request.match_info["name"], "{}")
        return web.Response(text=body, content_type="application/json")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        index = self.connections
        self.connections += 1
        batch = self.batches[index] if index < len(self.batches) else []
        for frame in batch:
            await ws.send_bytes(frame)
            await asyncio.sleep(self.gap_s)
        async for msg in ws:  # silent from here: the "stall"
            if msg.type == WSMsgType.ERROR:
                break
        return ws
