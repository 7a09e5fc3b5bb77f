"""What overlay pages (OBS browser sources) receive, and how it reaches them.

Bus events are turned into small JSON objects by an encoder registered per event type;
events without an encoder never leave the app. Another feature (product card, captions,
highlighted comments) adds its own with :func:`register_encoder` and a page in
``resources/overlays/<name>/`` — nothing else in the server changes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.paths import RESOURCES
from app.session.codec import clean_text
from app.session.events import CommentEvent, Event, HighlightCommentEvent

log = logging.getLogger("app.server.overlay")

OVERLAYS_DIR = RESOURCES / "overlays"
Encoder = Callable[[Event], dict[str, Any] | None]
_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_FILE = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$")
ENCODERS: dict[type[Event], Encoder] = {}
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
}
_image_lookup: Callable[[str], Path | None] | None = None


def register_encoder(event_type: type[Event], encoder: Encoder) -> None:
    """Broadcast events of ``event_type`` to overlay pages as ``encoder(event)``.

    The encoder runs on the publishing thread: keep it cheap; return None to skip an event.
    Its dict should carry a ``kind`` key the pages switch on.
    """
    ENCODERS[event_type] = encoder


def register_image_lookup(lookup: Callable[[str], Path | None] | None) -> None:
    """Let ``/api/products/<sku>/image`` serve ``lookup(sku)`` (the running show's catalog).

    Only files the catalog names are ever served, looked up by SKU, so a request cannot
    reach any other file on the machine.
    """
    global _image_lookup
    _image_lookup = lookup


def product_image(sku: str) -> Path | None:
    """The image file of product ``sku`` if the catalog has a readable one of a web type."""
    path = _image_lookup(sku) if _image_lookup is not None else None
    if path is None or path.suffix.lower() not in IMAGE_TYPES or not path.is_file():
        return None
    return path


def encode(event: Event) -> dict[str, Any] | None:
    encoder = ENCODERS.get(type(event))
    return encoder(event) if encoder is not None else None


def _comment(event: Event) -> dict[str, Any] | None:
    assert isinstance(event, CommentEvent)
    if event.spam:
        return None  # spam never goes on stream
    return {
        "kind": "comment",
        "id": event.event_id,
        "platform": event.platform,
        "user": event.user,
        "text": event.text,
        "intent": event.intent,
        "sentiment": event.sentiment,
        "t_ms": event.t_ms,
    }


def _highlight(event: Event) -> dict[str, Any] | None:
    assert isinstance(event, HighlightCommentEvent)
    return {
        "kind": "highlight",
        "user": event.user,
        "text": event.text,
        "platform": event.platform,
        "t_ms": event.t_ms,
    }


register_encoder(CommentEvent, _comment)
register_encoder(HighlightCommentEvent, _highlight)

#: Kinds a newly opened page must not be shown again (a bubble from minutes ago).
EPHEMERAL_KINDS = frozenset({"highlight"})


def list_overlays(root: Path = OVERLAYS_DIR) -> list[str]:
    """Names of the pages shipped in ``resources/overlays`` (folders with an index.html)."""
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "index.html").is_file())


def overlay_file(name: str, filename: str, root: Path = OVERLAYS_DIR) -> Path | None:
    """The file to serve for ``/overlay/<name>/<filename>``; None if absent or unsafe."""
    if not _NAME.match(name) or not _FILE.match(filename) or ".." in filename:
        return None
    path = root / name / filename
    return path if path.is_file() else None


def encode_item(item: dict[str, Any]) -> str | None:
    """One overlay item as JSON text a WebSocket can always send, or None if it cannot be.

    Lone surrogates (an emoji cut in half upstream) become U+FFFD, so the text encodes as
    UTF-8; an item that is not JSON at all (an encoder bug: a set, NaN) gives None.
    """
    try:
        text = json.dumps(item, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return None
    return clean_text(text)


def _state_key(item: dict[str, Any]) -> tuple[str, str]:
    return str(item.get("kind")), str(item.get("sku"))


class OverlayHub:
    """Fans encoded events out to connected overlay WebSockets, in batches.

    :meth:`offer` is called on any thread (bus handlers); it only hands the item to the
    server loop. The loop keeps the last ``backlog`` items, so a page opened mid-stream
    shows the latest comments at once, plus the latest item of every other kind per
    ``sku`` (the product on air, its stock, a running flash sale): items of those kinds
    describe a state, so a page reloaded in OBS must see the current one. It then sends
    each client a JSON array per flush.

    Items are turned into JSON text once, when queued (:func:`encode_item`): one that
    cannot be is dropped with a log line, and a message that still fails to send is
    dropped from the backlog; neither ever costs a page its connection.
    """

    def __init__(self, backlog: int = 50, max_pending: int = 2000) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._clients: set[Any] = set()
        self._recent: deque[str] = deque(maxlen=backlog)
        self._state: dict[tuple[str, str], str] = {}
        self._pending: deque[str] = deque(maxlen=max_pending)
        self._wake: asyncio.Event | None = None
        self.sent = 0
        self.dropped_items = 0

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._wake = asyncio.Event()

    @property
    def clients(self) -> int:
        return len(self._clients)

    def offer(self, event: Event) -> None:
        """Bus handler: encode and queue ``event`` for the pages (cheap, any thread)."""
        item = encode(event)
        if item is not None:
            self.push(item)

    def push(self, item: dict[str, Any]) -> None:
        """Queue an already encoded item (e.g. ``{"kind": "highlight", ...}``); any thread."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # loop closed between check and call
            loop.call_soon_threadsafe(self._enqueue, item)

    def _enqueue(self, item: dict[str, Any]) -> None:
        text = encode_item(item) if isinstance(item, dict) else None
        if text is None:
            self.dropped_items += 1
            log.warning("dropping an overlay item that is not JSON: %.200r", item)
            return
        kind = item.get("kind")
        if kind == "comment":
            self._recent.append(text)
        elif kind not in EPHEMERAL_KINDS:
            self._state[_state_key(item)] = text
        self._pending.append(text)
        if self._wake is not None:
            self._wake.set()

    def _backlog(self) -> list[str]:
        return [*self._state.values(), *self._recent]

    async def attach(self, ws: Any) -> None:
        """Register a page's socket and send it the recent backlog."""
        backlog = self._backlog()
        if backlog and not await self._send(ws, backlog):
            return
        self._clients.add(ws)

    def detach(self, ws: Any) -> None:
        self._clients.discard(ws)

    async def run(self) -> None:
        """Flush pending items to every client until cancelled."""
        assert self._wake is not None
        while True:
            await self._wake.wait()
            self._wake.clear()
            if not self._pending:
                continue
            batch = list(self._pending)
            self._pending.clear()
            for ws in list(self._clients):
                await self._send(ws, batch)
            await asyncio.sleep(0.05)  # at most 20 flushes/s: pages animate, not poll

    async def _send(self, ws: Any, items: list[str]) -> bool:
        """Send ``items`` as one JSON array; False if the page is gone (it is dropped)."""
        try:
            await asyncio.wait_for(ws.send_str(f"[{','.join(items)}]"), timeout=2.0)
        except (ValueError, TypeError) as exc:  # the message, not the page: forget it
            self._forget(items)
            log.warning("dropping %d overlay item(s) that could not be sent: %s", len(items), exc)
            return True
        except Exception as exc:  # a stuck or closed page must not hold up the others
            log.info("dropping an overlay client: %s", exc)
            self._clients.discard(ws)
            return False
        self.sent += 1
        return True

    def _forget(self, items: list[str]) -> None:
        bad = set(items)
        self.dropped_items += len(bad)
        kept = [text for text in self._recent if text not in bad]
        self._recent.clear()
        self._recent.extend(kept)
        for key in [k for k, text in self._state.items() if text in bad]:
            del self._state[key]
