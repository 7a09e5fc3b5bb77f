"""The aiohttp application: ingest API, health, overlay pages and the overlay feed.

Routes (see docs/ingest.md for the contract)::

    POST /api/events      one JSON event or an array of them        (token)
    GET  /api/ws          WebSocket: one event or array per message  (token)
    GET  /api/health      liveness; counters when the token is given
    GET  /api/products/<sku>/image  the product's catalog image        (token)
    GET  /overlay/ws      WebSocket pushing JSON arrays of overlay items (token)
    GET  /overlay/<name>/ static page from resources/overlays/<name>/

Every request must name this server in ``Host`` (else 421), browser WebSockets must come
from its own pages or the bridge's consoles (else 403), and every refusal (including
aiohttp's own 404/405/413 and any bug) is a JSON ``{"error": ..., "status": ...}``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web

from app import APP_NAME, __version__
from app.server.guard import AddressPolicy, ConnectionGuard
from app.server.ingest import IngestError, IngestGate
from app.server.overlay import (
    IMAGE_TYPES,
    OVERLAYS_DIR,
    OverlayHub,
    list_overlays,
    overlay_file,
    product_image,
)
from app.server.token import token_matches

log = logging.getLogger("app.server.web")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_PUBLIC = ("/api/health", "/overlay/")
_SOCKETS = ("/api/ws", "/overlay/ws")


def _error(status: int, message: str, **extra: Any) -> web.Response:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    body = {"error": message, "status": status, **extra}
    return web.json_response(body, status=status, headers=headers)


def request_token(request: web.Request) -> str | None:
    """``Authorization: Bearer <token>`` or ``?token=`` (browsers cannot set WS headers)."""
    auth = request.headers.get("Authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip()
    return request.query.get("token")


def client_label(request: web.Request) -> str:
    """The self-declared ``X-Client-Id`` (or ``?client=``): a name for logs, never a budget."""
    ident = request.headers.get("X-Client-Id") or request.query.get("client") or ""
    return ident[:64].encode("ascii", "replace").decode("ascii")


def peer_key(request: web.Request) -> str:
    """Rate-limit bucket shared by every connection from one address."""
    return f"peer:{request.remote or 'unknown'}"


class IngestApp:
    """Holds the gate, the hub and the token; builds the aiohttp application."""

    def __init__(
        self, gate: IngestGate, hub: OverlayHub, token: str, overlays: Path = OVERLAYS_DIR
    ) -> None:
        self.gate, self.hub, self.token, self.overlays = gate, hub, token, overlays
        self.address = AddressPolicy()
        self.guard = ConnectionGuard(gate.limits.max_connections)
        self._sockets: set[web.WebSocketResponse] = set()

    def build(self) -> web.Application:
        app = web.Application(
            middlewares=[self._errors, self._busy, self._host, self._auth],
            client_max_size=self.gate.limits.max_body_bytes,
        )
        app.router.add_post("/api/events", self.post_events)
        app.router.add_get("/api/ws", self.ingest_ws)
        app.router.add_get("/api/health", self.health)
        app.router.add_get("/api/products/{sku}/image", self.product_image)
        app.router.add_get("/overlay/ws", self.overlay_ws)
        app.router.add_get("/overlay/", self.overlay_index)
        app.router.add_get("/overlay/{name}", self.overlay_redirect)
        app.router.add_get("/overlay/{name}/", self.overlay_page)
        app.router.add_get("/overlay/{name}/{file}", self.overlay_page)
        app.on_shutdown.append(self._close_sockets)
        return app

    async def _close_sockets(self, app: web.Application) -> None:
        """Open WebSockets (OBS keeps overlays open for hours) must not hold up a stop."""
        for ws in list(self._sockets):
            await ws.close(code=WSCloseCode.GOING_AWAY, message=b"AnchorDesk session ended")

    # -- middlewares ----------------------------------------------------------------------
    @web.middleware
    async def _errors(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Every refusal is JSON with an "error" sentence, including aiohttp's own 404/405."""
        try:
            return await handler(request)
        except IngestError as exc:
            resp = web.json_response(exc.as_json(), status=exc.status)
            if exc.retry_after is not None:
                resp.headers["Retry-After"] = str(max(1, round(exc.retry_after + 0.5)))
            if exc.status == 429:
                log.debug("rate-limited %s (%s)", request.remote, client_label(request))
            return resp
        except web.HTTPRequestEntityTooLarge:
            limit = self.gate.limits.max_body_bytes
            return _error(413, f"body larger than {limit} bytes")
        except web.HTTPException as exc:
            if exc.status < 400:
                raise
            return _error(exc.status, exc.reason)
        except Exception as exc:  # a bug must still answer JSON, and never take the server down
            if isinstance(exc, ConnectionError) or request.path in _SOCKETS:
                raise  # the client is gone, or the socket already answered: nothing to send
            log.exception("error answering %s %s", request.method, request.path)
            return _error(500, "internal error; the AnchorDesk log has the details")

    @web.middleware
    async def _busy(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Marks the connection busy while it is answered (the guard closes idle ones)."""
        self.guard.enter(request.protocol)
        try:
            return await handler(request)
        finally:
            self.guard.leave(request.protocol)

    @web.middleware
    async def _host(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """``Host`` must name this server (DNS rebinding); browser sockets need our Origin."""
        host = request.headers.get("Host")
        if not self.address.host_allowed(host):
            return _error(
                421,
                f"this server answers to 127.0.0.1, localhost or [::1] with its port, not "
                f"{(host or '')[:100]!r}; use the address shown in Live ▸ Connections",
            )
        origin = request.headers.get("Origin")
        if request.path in _SOCKETS and not self.address.origin_allowed(origin, host):
            shown = (origin or "")[:100]
            return _error(403, f"WebSocket connections from pages at {shown!r} are not allowed")
        return await handler(request)

    @web.middleware
    async def _auth(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        path = request.path
        public = path.startswith(_PUBLIC) and path != "/overlay/ws"
        if not public and not token_matches(request_token(request), self.token):
            return _error(
                401,
                "missing or wrong token: send 'Authorization: Bearer <token>' or ?token=<token>"
                " (see Live ▸ Connections in AnchorDesk)",
            )
        return await handler(request)

    # -- ingest ---------------------------------------------------------------------------
    async def post_events(self, request: web.Request) -> web.Response:
        limits = self.gate.limits
        if request.content_length is not None and request.content_length > limits.max_body_bytes:
            raise IngestError(413, f"body larger than {limits.max_body_bytes} bytes")
        try:  # request.read() enforces client_max_size, chunked bodies included
            raw = await asyncio.wait_for(request.read(), timeout=limits.body_timeout_s)
        except TimeoutError:
            raise IngestError(
                408, f"request body not received within {limits.body_timeout_s:g} s"
            ) from None
        connection = self.guard.connection_key(request.protocol)
        return web.json_response(self.gate.submit(raw, connection, peer_key(request)))

    async def ingest_ws(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=self.gate.limits.max_body_bytes, heartbeat=30)
        await ws.prepare(request)
        connection, peer = self.guard.connection_key(request.protocol), peer_key(request)
        self._sockets.add(ws)
        try:
            async for msg in ws:
                if msg.type in (WSMsgType.TEXT, WSMsgType.BINARY):
                    await ws.send_json(self._answer(msg.data, connection, peer))
        finally:
            self._sockets.discard(ws)
        return ws

    def _answer(self, raw: bytes | str, connection: str, peer: str) -> dict[str, Any]:
        """One WebSocket message's answer; a refusal (or a bug) never closes the socket."""
        try:
            return self.gate.submit(raw, connection, peer)
        except IngestError as exc:
            return exc.as_json()
        except Exception:
            log.exception("error answering an ingest WebSocket message")
            return {"error": "internal error; the AnchorDesk log has the details", "status": 500}

    async def health(self, request: web.Request) -> web.Response:
        body: dict[str, Any] = {"status": "ok", "app": APP_NAME, "version": __version__}
        if token_matches(request_token(request), self.token):
            stats = self.gate.stats
            body.update(
                authenticated=True,
                accepted=stats.accepted,
                duplicates=stats.duplicates,
                refused={str(k): v for k, v in stats.refused.items()},
                overlay_clients=self.hub.clients,
                overlays=list_overlays(self.overlays),
            )
        return web.json_response(body)

    async def product_image(self, request: web.Request) -> web.StreamResponse:
        sku = request.match_info["sku"]
        path = product_image(sku)
        if path is None:
            return _error(404, f"product {sku!r} has no image in the show's catalog")
        headers = {"Cache-Control": "no-cache", "Content-Type": IMAGE_TYPES[path.suffix.lower()]}
        return web.FileResponse(path, headers=headers)

    # -- overlay --------------------------------------------------------------------------
    async def overlay_ws(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(heartbeat=30, max_msg_size=4096)
        await ws.prepare(request)
        self._sockets.add(ws)
        try:
            await self.hub.attach(ws)
            async for _ in ws:  # pages only listen; reading keeps the close handshake working
                pass
        finally:
            self.hub.detach(ws)
            self._sockets.discard(ws)
        return ws

    async def overlay_index(self, request: web.Request) -> web.Response:
        names = list_overlays(self.overlays)
        return web.json_response({"overlays": [f"/overlay/{n}/" for n in names]})

    async def overlay_redirect(self, request: web.Request) -> web.StreamResponse:
        """``/overlay/ticker?token=..`` -> ``/overlay/ticker/?token=..`` (relative assets)."""
        name = request.match_info["name"]
        if overlay_file(name, "index.html", self.overlays) is None:
            return _error(404, f"no overlay page named {name!r}")
        query = f"?{request.query_string}" if request.query_string else ""
        raise web.HTTPFound(f"/overlay/{name}/{query}")

    async def overlay_page(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        filename = request.match_info.get("file") or "index.html"
        path = overlay_file(name, filename, self.overlays)
        if path is None:
            return _error(404, f"no file {filename!r} in overlay {name!r}")
        return web.FileResponse(path, headers={"Cache-Control": "no-cache"})
