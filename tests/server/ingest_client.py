"""Helpers for the server tests: a running server on a free port, tiny HTTP/WS clients."""

from __future__ import annotations

import asyncio
import json
import threading
import urllib.error
import urllib.request
from typing import Any

from app.server.ingest import Limits
from app.server.source import IngestServerSource
from app.session.bus import EventBus
from app.session.clock import SessionClock
from app.session.events import Event, SourceStatusEvent

TOKEN = "test-token-0123456789abcdef"


class Running:
    """A started server source plus everything it published."""

    def __init__(self, source: IngestServerSource, bus: EventBus) -> None:
        self.source, self.bus = source, bus
        self.events: list[Event] = []
        self.statuses: list[SourceStatusEvent] = []
        self.ready = threading.Event()
        bus.subscribe(self._on_event)

    def _on_event(self, event: Event) -> None:
        if isinstance(event, SourceStatusEvent):
            self.statuses.append(event)
            if event.state in ("ok", "error"):
                self.ready.set()
        else:
            self.events.append(event)

    @property
    def base(self) -> str:
        info = self.source.info
        assert info is not None, self.statuses
        return info.base_url


def start_server(limits: Limits | None = None, port: int = 0, **kwargs: Any) -> Running:
    bus, clock = EventBus(), SessionClock()
    clock.start()
    source = IngestServerSource(TOKEN, port=port, limits=limits, **kwargs)
    running = Running(source, bus)
    source.start(bus, clock)
    assert running.ready.wait(10), "server did not report a status"
    return running


def stop_server(running: Running) -> None:
    running.source.stop()
    assert running.source.join(10)


def post(
    url: str, body: bytes | str | Any, token: str | None = TOKEN, headers: dict | None = None
) -> tuple[int, dict[str, Any], dict[str, str]]:
    """POST and return (status, decoded JSON body, headers); 4xx do not raise."""
    if not isinstance(body, bytes | str):
        body = json.dumps(body, ensure_ascii=False)
    data = body.encode("utf-8") if isinstance(body, str) else body
    req = urllib.request.Request(url, data=data, method="POST")
    req.add_header("Content-Type", "application/json")
    if token is not None:
        req.add_header("Authorization", f"Bearer {token}")
    for key, value in (headers or {}).items():
        req.add_header(key, value)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read()), dict(resp.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read()), dict(exc.headers)


def get(url: str) -> tuple[int, dict[str, Any]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def run_async(coro: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coro, timeout=20))


def comment(i: int, **extra: Any) -> dict[str, Any]:
    return {
        "type": "comment",
        "id": f"c{i}",
        "platform": "douyin",
        "user": f"u{i}",
        "text": f"多少钱 {i}",
        **extra,
    }
