"""The aiohttp application: ingest API, health, overlay pages and the overlay feed.

Routes (see docs/ingest.md for the contract)::

    POST /api/events      one JSON event or an array of them        (token)
    GET  /api/ws          WebSocket: one event or array per message  (token)
    GET  /api/health      liveness; counters when the token is given
    GET  /api/products/<sku>/image  the product's catalog image        (token)
    GET  /overlay/ws      WebSocket pushing JSON arrays of overlay items (token)
    GET  /overlay/<name>/ static page from resources/overlays/<name>/
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web

from app import APP_NAME, __version__
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


def client_key(request: web.Request) -> str:
    """Rate-limit bucket: the peer address plus an optional self-declared client id."""
    ident = request.headers.get("X-Client-Id") or request.query.get("client") or ""
    return f"{request.remote}|{ident[:64]}"


class IngestApp:
    """Holds the gate, the hub and the token; builds the aiohttp application."""

    def __init__(
        self, gate: IngestGate, hub: OverlayHub, token: str, overlays: Path = OVERLAYS_DIR
    ) -> None:
        self.gate, self.hub, self.token, self.overlays = gate, hub, token, overlays
        self._sockets: set[web.WebSocketResponse] = set()

    def build(self) -> web.Application:
        app = web.Application(
            middlewares=[self._errors, self._auth],
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
            return resp
        except web.HTTPRequestEntityTooLarge:
            limit = self.gate.limits.max_body_bytes
            return _error(413, f"body larger than {limit} bytes")
        except web.HTTPException as exc:
            if exc.status < 400:
                raise
            return _error(exc.status, exc.reason)

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
        limit = self.gate.limits.max_body_bytes
        if request.content_length is not None and request.content_length > limit:
            raise IngestError(413, f"body larger than {limit} bytes")
        raw = await request.content.read(limit + 1)  # also bounds chunked bodies
        if len(raw) > limit:
            raise IngestError(413, f"body larger than {limit} bytes")
        return web.json_response(self.gate.submit(raw, client_key(request)))

    async def ingest_ws(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=self.gate.limits.max_body_bytes, heartbeat=30)
        await ws.prepare(request)
        client = client_key(request)
        self._sockets.add(ws)
        try:
            async for msg in ws:
                if msg.type not in (WSMsgType.TEXT, WSMsgType.BINARY):
                    continue
                try:
                    answer: dict[str, Any] = self.gate.submit(msg.data, client)
                except IngestError as exc:
                    answer = exc.as_json()
                await ws.send_json(answer)
        finally:
            self._sockets.discard(ws)
        return ws

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
        await self.hub.attach(ws)
        try:
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
