"""The ingest server as a session source: one asyncio loop on the ``source-server`` thread.

It starts and stops with the session like any replay source, so whatever a client posts
goes over the same bus (and through the same triage, recorder and UI) as replayed
comments. A port in use is not fatal: the next few ports are tried, and if all are
taken the source reports an error naming the setting to change while the rest of the
session runs on.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.config import Config
from app.errors import UserError
from app.messages import QT_TRANSLATE_NOOP, Message
from app.server.ingest import IngestGate, Limits
from app.server.overlay import OVERLAYS_DIR, OverlayHub
from app.server.token import load_or_create_token
from app.session.events import Event
from app.session.sources import Source

if TYPE_CHECKING:
    from app.server.web import IngestApp

log = logging.getLogger("app.server.source")

PORT_TRIES = 10

_LISTENING = QT_TRANSLATE_NOOP("Messages", "listening on {url}")
_LISTENING_MOVED = QT_TRANSLATE_NOOP(
    "Messages", "listening on {url} (port {port} was in use; set server_port to choose)"
)
_STOPPED = QT_TRANSLATE_NOOP("Messages", "server stopped")
_NOT_LOOPBACK = QT_TRANSLATE_NOOP(
    "Messages",
    "server_host {host!r} is not a loopback address; set server_allow_remote to true in "
    "settings.json to accept other machines",
)
_PORTS_TAKEN = QT_TRANSLATE_NOOP(
    "Messages",
    "ports {first}-{last} on {host} are all in use; set server_port in settings.json to a "
    "free port",
)


class ServerConfigError(UserError):
    """The configured address may not or cannot be used."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class ServerInfo:
    """What a person needs to connect a client: shown by the Connections dialog."""

    host: str
    port: int
    token: str

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def events_url(self) -> str:
        return f"{self.base_url}/api/events"

    @property
    def ws_url(self) -> str:
        return f"{self.base_url.replace('http', 'ws', 1)}/api/ws?token={self.token}"

    def overlay_url(self, name: str = "ticker") -> str:
        return f"{self.base_url}/overlay/{name}/?token={self.token}"


class IngestServerSource(Source):
    """HTTP + WebSocket ingest and overlay server, alive for the whole session.

    ``port=0`` picks a free port (tests). ``endless`` tells the engine not to wait for
    this source when deciding that a replay has finished.
    """

    background = True  # gives way to the window (app/priority.py)

    name = "server"
    endless = True

    def __init__(
        self,
        token: str,
        *,
        host: str = "127.0.0.1",
        port: int = 8765,
        allow_remote: bool = False,
        limits: Limits | None = None,
        overlays: Path = OVERLAYS_DIR,
    ) -> None:
        super().__init__(None)
        self.token, self.host, self.requested_port = token, host, port
        self.allow_remote = allow_remote
        self.limits = limits or Limits()
        self.overlays = overlays
        self.hub = OverlayHub()
        self.gate: IngestGate | None = None
        self.app: IngestApp | None = None
        self.port: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None

    @classmethod
    def from_config(cls, config: Config) -> IngestServerSource:
        s = config.settings
        return cls(
            load_or_create_token(config.config_dir),
            host=s.server_host,
            port=s.server_port,
            allow_remote=s.server_allow_remote,
        )

    @property
    def info(self) -> ServerInfo | None:
        """Address and token once listening; None before that or after a failure."""
        if self.port is None:
            return None
        return ServerInfo(self.host, self.port, self.token)

    def stop(self) -> None:
        super().stop()
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None:
            with contextlib.suppress(RuntimeError):  # the loop has already closed
                loop.call_soon_threadsafe(wake.set)

    def end_message(self) -> str | Message:
        return Message(_STOPPED)

    def run(self) -> None:
        if not self.allow_remote and not is_loopback(self.host):
            raise ServerConfigError(Message(_NOT_LOOPBACK, {"host": self.host}))
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._serve())
        finally:
            self._loop = None
            loop.close()

    async def _serve(self) -> None:
        from aiohttp import web

        from app.server.web import IngestApp

        self._wake = asyncio.Event()
        self.hub.bind(asyncio.get_running_loop())
        self.gate = IngestGate(self.emit, self.clock.now_ms, self.limits)
        self.app = IngestApp(self.gate, self.hub, self.token, self.overlays)
        runner = web.AppRunner(
            self.app.build(),
            access_log=None,
            handle_signals=False,
            shutdown_timeout=2.0,
            # also closes a connection that sends no whole request head in time
            keepalive_timeout=self.limits.header_timeout_s,
        )
        await runner.setup()
        assert runner.server is not None
        self.app.guard.attach(runner.server)
        flusher = asyncio.get_running_loop().create_task(self.hub.run())
        unsubscribe = self._bus.subscribe(self.hub.offer, (Event,)) if self._bus else None
        try:
            await self._bind(runner)
            if not self.stopping.is_set():
                await self._wake.wait()
        finally:
            if unsubscribe is not None:
                unsubscribe()
            flusher.cancel()
            await runner.cleanup()
            self.port = None

    async def _bind(self, runner: object) -> None:
        """Listen on the configured port, or one of the next few if it is taken."""
        from aiohttp import web

        from app.server.guard import GuardedSite

        assert isinstance(runner, web.AppRunner) and self.app is not None
        tries = 1 if self.requested_port == 0 else PORT_TRIES
        for offset in range(tries):
            port = self.requested_port + offset if self.requested_port else 0
            site = GuardedSite(runner, self.host, port, self.app.guard)
            try:
                await site.start()
            except OSError as exc:
                await site.stop()
                if exc.errno not in (errno.EADDRINUSE, errno.EACCES):
                    raise
                continue
            self.port = int(runner.addresses[-1][1])
            self.app.address.listen(self.host, self.port, self.allow_remote)
            self.status("ok", self._listening_message())
            return
        last = self.requested_port + tries - 1
        values = {"first": self.requested_port, "last": last, "host": self.host}
        raise ServerConfigError(Message(_PORTS_TAKEN, values))

    def _listening_message(self) -> Message:
        assert self.port is not None
        info = ServerInfo(self.host, self.port, self.token)
        if self.requested_port and self.port != self.requested_port:
            return Message(_LISTENING_MOVED, {"url": info.base_url, "port": self.requested_port})
        return Message(_LISTENING, {"url": info.base_url})


def find_server(sources: Iterable[Source]) -> IngestServerSource | None:
    """The session's ingest server source, if it has one (the UI's way to find it)."""
    return next((s for s in sources if isinstance(s, IngestServerSource)), None)
