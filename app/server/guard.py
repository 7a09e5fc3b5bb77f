"""Who may reach the server and how many at once: Host and Origin checks, a connection cap.

The token alone does not make a loopback server safe. A web page the host opens can make
the browser talk to ``127.0.0.1`` under a name of its own (DNS rebinding: the page's
domain first resolves to its server, then to 127.0.0.1), and any page may open a
WebSocket to any address. So requests must name this server in their ``Host`` header
(:class:`AddressPolicy`), and browser WebSockets must come from the server's own pages
or the comment bridge's consoles. And a process has few file descriptors (256 by default
on macOS): :class:`ConnectionGuard` keeps the open connections well under that, closing
the oldest idle ones (half-open sockets, slow headers, idle keep-alives) first.
"""

from __future__ import annotations

import asyncio
import ipaddress
import itertools
import json
import logging
import time
from typing import Any

from aiohttp import web

log = logging.getLogger("app.server.guard")

#: Pages the browser bridge (resources/bridge, its ``@match`` lines) runs on: a script
#: there may open a WebSocket to the server.
BRIDGE_ORIGINS = frozenset(
    {
        "https://buyin.jinritemai.com",
        "https://live.douyin.com",
        "https://www.tiktok.com",
        "https://livecenter.tiktok.com",
    }
)
_LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
_WILDCARDS = ("", "0.0.0.0", "::")


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


class AddressPolicy:
    """Which ``Host`` headers and WebSocket ``Origin`` headers the server answers.

    Until :meth:`listen` names the address, every host is refused.
    """

    def __init__(self) -> None:
        self._hosts: frozenset[str] = frozenset()
        self._any_ip_port: int | None = None

    def listen(self, host: str, port: int, allow_remote: bool) -> None:
        """Answer ``127.0.0.1:PORT``, ``localhost:PORT``, ``[::1]:PORT`` and ``host:PORT``.

        With remote clients allowed on a wildcard address (``0.0.0.0``), any IP address
        with this port is answered too: a rebinding attack needs a domain name, never an
        address.
        """
        names = {*_LOOPBACK_NAMES, _bracketed(host.lower())} - {""}
        hosts = {f"{name}:{port}" for name in names}
        if port == 80:
            hosts |= names
        self._hosts = frozenset(hosts)
        self._any_ip_port = port if allow_remote and host in _WILDCARDS else None

    def host_allowed(self, host: str | None) -> bool:
        """True if a request's ``Host`` header names this server."""
        if not host:
            return False
        host = host.strip().lower()
        if host in self._hosts:
            return True
        if self._any_ip_port is None:
            return False
        name, _, port = host.rpartition(":")
        try:
            ipaddress.ip_address(name.removeprefix("[").removesuffix("]"))
        except ValueError:
            return False
        return port == str(self._any_ip_port)

    def origin_allowed(self, origin: str | None, host: str | None) -> bool:
        """WebSockets: no ``Origin`` (not a browser), the server's own pages, the bridge's."""
        if origin is None:
            return True
        origin = origin.strip().lower()
        if origin in BRIDGE_ORIGINS:
            return True
        return bool(host) and origin == f"http://{(host or '').strip().lower()}"


class _Refused(asyncio.Protocol):
    """A connection over the cap with nothing idle to close: one JSON 503, then closed."""

    BODY = json.dumps(
        {"error": "too many open connections; retry in a moment", "status": 503}
    ).encode()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.WriteTransport)
        transport.write(
            b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
            b"Retry-After: 1\r\nConnection: close\r\n"
            b"Content-Length: %d\r\n\r\n%s" % (len(self.BODY), self.BODY)
        )
        transport.close()


class ConnectionGuard:
    """The protocol factory in front of aiohttp's: about ``limit`` open connections at most.

    A connection is busy while the application handles one of its requests (a WebSocket:
    for its whole life) and idle otherwise: connected but silent, still sending its
    request head, or kept alive between requests. Each new connection at the limit first
    closes the oldest idle one; when every connection is busy, it gets a 503 instead.
    Sockets accepted in the same loop turn connect together, so the count can pass the
    limit by one accept batch (:class:`GuardedSite` keeps that at 32) for a moment.
    """

    #: How long an accepted connection is remembered before it shows up as connected.
    PENDING_S = 5.0

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._server: web.Server | None = None
        self._born: dict[Any, tuple[int, float]] = {}  # handler -> (serial, accept time)
        self._busy: dict[Any, int] = {}
        self._closing: set[Any] = set()
        self._serial = itertools.count(1)
        self.closed_idle = 0
        self.refused = 0

    def attach(self, server: web.Server) -> None:
        self._server = server

    @property
    def open_connections(self) -> int:
        return len(self._server.connections) if self._server is not None else 0

    def connection_key(self, handler: Any) -> str:
        """A name for the connection a request came on (its rate-limit bucket)."""
        serial, _ = self._born.get(handler, (0, 0.0))
        return f"conn:{serial or id(handler)}"

    def enter(self, handler: Any) -> None:
        self._busy[handler] = self._busy.get(handler, 0) + 1

    def leave(self, handler: Any) -> None:
        count = self._busy.pop(handler, 1) - 1
        if count > 0:
            self._busy[handler] = count

    def __call__(self) -> asyncio.BaseProtocol:
        assert self._server is not None, "attach() the aiohttp server first"
        live = self._live()
        while len(live) >= self.limit:
            victim = next((h for h in live if h not in self._busy), None)
            if victim is None:
                self.refused += 1
                log.warning("refusing a connection: all %d connections are busy", self.limit)
                return _Refused()
            live.remove(victim)
            self._closing.add(victim)
            victim.force_close()
            self.closed_idle += 1
        handler = self._server()
        self._born[handler] = (next(self._serial), time.monotonic())
        return handler

    def _live(self) -> list[Any]:
        """Connected handlers not being closed, oldest first; forgets closed ones."""
        assert self._server is not None
        connected = set(self._server.connections)
        self._closing &= connected
        now = time.monotonic()
        for handler, (_, born) in list(self._born.items()):
            if handler not in connected and now - born > self.PENDING_S:
                del self._born[handler]
        for handler in [h for h in self._busy if h not in connected and h not in self._born]:
            del self._busy[handler]
        live = [h for h in connected if h not in self._closing]
        return sorted(live, key=lambda h: self._born.get(h, (0, 0.0))[0])


class GuardedSite(web.BaseSite):
    """A TCP site whose connections go through a :class:`ConnectionGuard`.

    Like :class:`aiohttp.web.TCPSite`, with a small accept backlog: asyncio accepts up to
    ``backlog`` sockets per turn before the guard can close any.
    """

    def __init__(
        self, runner: web.BaseRunner, host: str, port: int, guard: ConnectionGuard
    ) -> None:
        super().__init__(runner, backlog=32)
        self._host, self._port, self._guard = host, port, guard

    @property
    def name(self) -> str:
        return f"http://{_bracketed(self._host)}:{self._port}"

    async def start(self) -> None:
        await super().start()
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            self._guard, self._host, self._port, backlog=self._backlog
        )
