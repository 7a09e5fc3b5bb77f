"""A small obs-websocket 5 server for tests: the handshake with the real authentication,
and the requests AnchorDesk sends, over a real WebSocket (aiohttp) on its own thread.

Not a mock of our client: it checks the Identify's ``authentication`` the way obs-websocket
does (``base64(sha256(base64(sha256(password + salt)) + challenge))``, computed here
independently of app.show.obs), closes with 4009 on a wrong one, answers RequestResponse
with obs-websocket's status codes, and sends RecordStateChanged events.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import json
import secrets
import threading
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

UNKNOWN_REQUEST_TYPE = 204
RESOURCE_NOT_FOUND = 600
OUTPUT_RUNNING = 500
OUTPUT_NOT_RUNNING = 501
BASE_REQUESTS = [
    "GetVersion",
    "GetSceneList",
    "GetCurrentProgramScene",
    "SetCurrentProgramScene",
    "GetSceneItemId",
    "SetSceneItemEnabled",
    "GetRecordStatus",
    "StartRecord",
    "StopRecord",
]


#: (status code, comment, responseData) of one request.
Reply = tuple[int, str, dict[str, Any] | None]


def expected_auth(password: str, salt: str, challenge: str) -> str:
    secret = base64.b64encode(hashlib.sha256(f"{password}{salt}".encode()).digest()).decode()
    return base64.b64encode(hashlib.sha256(f"{secret}{challenge}".encode()).digest()).decode()


@dataclass
class ObsState:
    scenes: list[str] = field(default_factory=lambda: ["Scene", "Lipstick", "Products"])
    current: str = "Scene"
    #: scene -> source -> enabled
    items: dict[str, dict[str, bool]] = field(
        default_factory=lambda: {"Products": {"Card A": True, "Card B": True}}
    )
    recording: bool = False
    chapters: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    identified: int = 0
    refused: int = 0


class FakeObs:
    """Serve on 127.0.0.1 (``port`` 0: any free one) until :meth:`stop`."""

    def __init__(
        self,
        password: str = "",
        *,
        version: str = "29.0.2",
        chapters: bool = False,
        port: int = 0,
        hang: tuple[str, ...] = (),
    ) -> None:
        self.password = password
        self.version = version
        self.chapters = chapters
        self.port = port
        self.hang = set(hang)  # request types never answered (timeouts)
        self.state = ObsState()
        self.changed = threading.Condition()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._sockets: set[web.WebSocketResponse] = set()
        self._ready = threading.Event()

    # -- lifecycle ------------------------------------------------------------------------
    def start(self) -> FakeObs:
        self._ready.clear()
        self._thread = threading.Thread(target=self._run, name="fake-obs", daemon=True)
        self._thread.start()
        assert self._ready.wait(5), "fake OBS did not start"
        return self

    def stop(self) -> None:
        """Close every connection and stop listening (like quitting OBS)."""
        loop = self._loop
        if loop is not None:
            asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(5)
            loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        loop.run_until_complete(self._serve())
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            loop.close()
            self._loop = None

    async def _serve(self) -> None:
        app = web.Application()
        app.router.add_get("/", self._ws)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def _shutdown(self) -> None:
        for ws in list(self._sockets):
            with contextlib.suppress(Exception):
                await ws.close(code=1001, message=b"OBS is closing")
        if self._runner is not None:
            await self._runner.cleanup()

    # -- waiting (tests) --------------------------------------------------------------------
    def wait_for(self, predicate: Any, timeout: float = 5.0) -> bool:
        """Wait until ``predicate(state)`` holds (notified on every request)."""
        with self.changed:
            return self.changed.wait_for(lambda: predicate(self.state), timeout)

    def _notify(self) -> None:
        with self.changed:
            self.changed.notify_all()

    # -- protocol -------------------------------------------------------------------------
    async def _ws(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(protocols=("obswebsocket.json",))
        await ws.prepare(request)
        self._sockets.add(ws)
        try:
            await self._session(ws)
        finally:
            self._sockets.discard(ws)
            self._notify()
        return ws

    async def _session(self, ws: web.WebSocketResponse) -> None:
        hello: dict[str, Any] = {"obsWebSocketVersion": "5.1.0", "rpcVersion": 1}
        salt = challenge = ""
        if self.password:
            salt, challenge = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
            hello["authentication"] = {"challenge": challenge, "salt": salt}
        await ws.send_str(json.dumps({"op": 0, "d": hello}))
        identify = json.loads((await ws.receive()).data)
        assert identify["op"] == 1
        given = identify["d"].get("authentication")
        if self.password and given != expected_auth(self.password, salt, challenge):
            self.state.refused += 1
            await ws.close(code=4009, message=b"Authentication failed.")
            return
        await ws.send_str(json.dumps({"op": 2, "d": {"negotiatedRpcVersion": 1}}))
        self.state.identified += 1
        self._notify()
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                continue
            data = json.loads(msg.data)
            if data.get("op") != 6:
                continue
            await self._request(ws, data["d"])

    async def _request(self, ws: web.WebSocketResponse, d: dict[str, Any]) -> None:
        kind, rid, args = d["requestType"], d["requestId"], d.get("requestData") or {}
        self.state.requests.append(kind)
        self._notify()
        if kind in self.hang:
            return
        handler = getattr(self, f"_do_{kind}", None)
        if kind == "CreateRecordChapter" and not self.chapters:
            handler = None
        if handler is None:
            code, comment, data = UNKNOWN_REQUEST_TYPE, "Your request type is not valid.", None
        else:
            code, comment, data = handler(args)
        status: dict[str, Any] = {"result": code == 100, "code": code}
        if comment:
            status["comment"] = comment
        body: dict[str, Any] = {"requestType": kind, "requestId": rid, "requestStatus": status}
        if data is not None:
            body["responseData"] = data
        await ws.send_str(json.dumps({"op": 7, "d": body}))
        if kind in ("StartRecord", "StopRecord") and code == 100:
            event = {
                "eventType": "RecordStateChanged",
                "eventIntent": 64,
                "eventData": {"outputActive": self.state.recording},
            }
            await ws.send_str(json.dumps({"op": 5, "d": event}))
        self._notify()

    # -- requests: (code, comment, responseData) -------------------------------------------
    def _do_GetVersion(self, _: dict[str, Any]) -> Reply:
        available = BASE_REQUESTS + (["CreateRecordChapter"] if self.chapters else [])
        return (
            100,
            "",
            {
                "obsVersion": self.version,
                "obsWebSocketVersion": "5.1.0",
                "rpcVersion": 1,
                "availableRequests": available,
                "platform": "fake",
            },
        )

    def _do_GetSceneList(self, _: dict[str, Any]) -> Reply:
        scenes = [
            {"sceneName": s, "sceneIndex": i} for i, s in enumerate(reversed(self.state.scenes))
        ]
        return 100, "", {"currentProgramSceneName": self.state.current, "scenes": scenes}

    def _do_GetCurrentProgramScene(self, _: dict[str, Any]) -> Reply:
        return 100, "", {"currentProgramSceneName": self.state.current}

    def _do_SetCurrentProgramScene(self, args: dict[str, Any]) -> Reply:
        if args.get("sceneName") not in self.state.scenes:
            return RESOURCE_NOT_FOUND, "No source was found by the name of `sceneName`.", None
        self.state.current = args["sceneName"]
        return 100, "", None

    def _do_GetSceneItemId(self, args: dict[str, Any]) -> Reply:
        items = list(self.state.items.get(args.get("sceneName"), {}))
        if args.get("sourceName") not in items:
            return RESOURCE_NOT_FOUND, "No scene items were found.", None
        return 100, "", {"sceneItemId": items.index(args["sourceName"]) + 1}

    def _do_SetSceneItemEnabled(self, args: dict[str, Any]) -> Reply:
        items = self.state.items.get(args.get("sceneName"), {})
        names = list(items)
        index = int(args.get("sceneItemId", 0)) - 1
        if not 0 <= index < len(names):
            return RESOURCE_NOT_FOUND, "No scene item was found.", None
        items[names[index]] = bool(args["sceneItemEnabled"])
        return 100, "", None

    def _do_GetRecordStatus(self, _: dict[str, Any]) -> Reply:
        return 100, "", {"outputActive": self.state.recording, "outputPaused": False}

    def _do_StartRecord(self, _: dict[str, Any]) -> Reply:
        if self.state.recording:
            return OUTPUT_RUNNING, "", None
        self.state.recording = True
        return 100, "", None

    def _do_StopRecord(self, _: dict[str, Any]) -> Reply:
        if not self.state.recording:
            return OUTPUT_NOT_RUNNING, "", None
        self.state.recording = False
        return 100, "", {"outputPath": "/tmp/fake.mkv"}

    def _do_CreateRecordChapter(self, args: dict[str, Any]) -> Reply:
        if not self.state.recording:
            return OUTPUT_NOT_RUNNING, "", None
        self.state.chapters.append(str(args.get("chapterName", "")))
        return 100, "", None
