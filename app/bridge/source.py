"""The browser bridge: a source that reads a platform page the streamer has open.

It opens the page in the installed browser (persistent profile per account, see
:mod:`app.bridge.browser`) with Playwright's sync API on its own thread, listens to the
page's WebSocket frames and JSON answers, decodes them with the platform's adapter on the
same thread, and publishes events built by the ingest codec (the same validation as the
ingest server), de-duplicated by (type, platform, id): a page reload that replays recent
messages never shows or stores one twice.

Health, as the source's status (the status bar dot) and, on a change that needs the
person, an alert in their language:

* ``ok``: the page is open; the message counts frames and events;
* ``logged_out``: the page went to a login page (use *Open login window*);
* ``stalled``: no traffic for ``stall_s`` seconds while the room had viewers: the page is
  reloaded (at most every ``stall_s``), and the message says so;
* ``error``: no browser, the bridge extra missing, the page unreachable (retried with
  back-off; the show runs on).

Decode errors are counted; the first bad frame of a run is saved (size, SHA-256, the
first 32 bytes in hex: never user text) under the logs folder for a bug report. When
frames keep failing and nothing decodes, the status points to the userscript fallback.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from app.bridge import browser
from app.bridge.adapter import Adapter, DecodeError, Item, MissingPackage
from app.messages import QT_TRANSLATE_NOOP, Message
from app.server.ingest import Deduper, dedupe_key
from app.session.codec import EventFormatError, decode_json, event_from_json
from app.session.events import AlertEvent, Event, ViewersEvent
from app.session.sources import Source

log = logging.getLogger("app.bridge")

_CONNECTED = QT_TRANSLATE_NOOP("Messages", "{platform}: reading the page ({url}).")
_UNREACHABLE = QT_TRANSLATE_NOOP(
    "Messages",
    "{platform}: cannot open {url} ({reason}). Retrying in {seconds} s; the show runs on.",
)
_LOGGED_OUT = QT_TRANSLATE_NOOP(
    "Messages",
    "{platform}: logged out. Open Live ▸ Connections, click Open login window, log in, "
    "then Connect again.",
)
_STALLED = QT_TRANSLATE_NOOP(
    "Messages",
    "{platform}: no traffic for {seconds} s while the room has viewers: capture may have "
    "stopped. Reloading the page.",
)
_BROKEN = QT_TRANSLATE_NOOP(
    "Messages",
    "{platform}: {errors} frames could not be read (saved for a bug report: {path}). The "
    "platform may have changed its page: use the browser userscript (Connections ▸ Advanced) "
    "until AnchorDesk is updated.",
)
_MISSING_PACKAGE = QT_TRANSLATE_NOOP(
    "Messages",
    "{platform}: this page sends data that needs the '{package}' package: pip install "
    "{package}, then restart AnchorDesk.",
)
_BROWSER_FAILED = QT_TRANSLATE_NOOP(
    "Messages",
    "{platform}: the browser did not start ({reason}). If a login window for this account "
    "is still open, close it.",
)
_COUNTS = QT_TRANSLATE_NOOP(
    "Messages",
    "{frames} frames, {answers} answers, {events} events, {errors} decode errors, "
    "{reloads} reloads",
)
_DISCONNECTED = QT_TRANSLATE_NOOP("Messages", "disconnected")

#: Decode errors with nothing decoded before the status points to the userscript.
BROKEN_AFTER = 20


@dataclass
class BridgeHealth:
    """Counters of one bridge run (read by the Connections dialog and tests)."""

    state: str = "starting"
    frames: int = 0
    responses: int = 0
    events: int = 0
    duplicates: int = 0
    decode_errors: int = 0
    rejected: int = 0
    reloads: int = 0
    last_traffic: float = 0.0
    online: int | None = None
    bad_frame: Path | None = None

    def summary(self) -> str:
        return str(self.note())

    def note(self) -> Message:
        """The counters as a sentence in the UI's language (the "ok" status)."""
        values = {
            "frames": self.frames,
            "answers": self.responses,
            "events": self.events,
            "errors": self.decode_errors,
            "reloads": self.reloads,
        }
        return Message(_COUNTS, values)


class BridgeSource(Source):
    """Reads one platform page; endless (runs until the session stops)."""

    background = True  # gives way to the window (app/priority.py)

    endless = True

    def __init__(
        self,
        adapter: Adapter,
        arg: str,
        *,
        account: str = "default",
        data_dir: Path | None = None,
        headless: bool | None = None,
        stall_s: float = 30.0,
        retry_s: tuple[float, float] = (2.0, 60.0),
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(None)
        self.adapter = adapter
        self.name = adapter.platform
        self.url = adapter.page_url(arg)
        self.account = account
        self.data_dir = data_dir
        self.headless = browser.headless_default() if headless is None else headless
        self.stall_s, self.retry_s = stall_s, retry_s
        self.health = BridgeHealth()
        self._now = now
        self._dedupe = Deduper(200_000)
        self._inbox: list[tuple[str, Any]] = []
        self._lock = threading.Lock()
        self._last_report = 0.0
        self._last_reload = 0.0
        self._broken_told = False
        #: The "error" status is about frames that cannot be read (cleared once they can).
        self._decode_failing = False
        self._pages: list[Any] = []
        self._delay = retry_s[0]

    def bind(self, bus: Any, clock: Any) -> None:
        """Publish to ``bus`` on ``clock`` without starting a browser (feed_items: bench, tests)."""
        self._bus, self._clock = bus, clock

    # -- paths ------------------------------------------------------------------------
    def _data_dir(self) -> Path:
        if self.data_dir is not None:
            return self.data_dir
        from app.logs import current_log_dir

        logs = current_log_dir()
        if logs is not None:
            return logs.parent
        from app.config import load_config

        return load_config().data_dir

    def end_message(self) -> str | Message:
        return Message(_DISCONNECTED)

    # -- health ------------------------------------------------------------------------
    def _set(self, state: str, message: Message | str = "", *, alert: bool = False) -> None:
        changed = state != self.health.state
        self.health.state = state
        self.status(state, message if message else self.health.note())
        if alert and changed and self._bus is not None:
            self.emit(
                AlertEvent.of(self.clock.now_ms(), "system", "warning", message, source=self.name)
            )
        self._last_report = self._now()

    def _values(self, **values: Any) -> dict[str, Any]:
        return {"platform": self.adapter.title, **values}

    # -- the work ------------------------------------------------------------------------
    def run(self) -> None:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            self._set("error", Message(browser.NO_PLAYWRIGHT, self._values()), alert=True)
            self.stopping.wait()
            return
        try:
            browser.launch_options()
        except browser.BrowserMissing as exc:
            self._set("error", exc.message, alert=True)
            self.stopping.wait()
            return
        profile = browser.profile_dir(self._data_dir(), self.adapter.platform, self.account)
        self._delay = delay = self.retry_s[0]
        with sync_playwright() as pw:
            while not self.stopping.is_set():
                try:
                    context = browser.launch(pw, profile, headless=self.headless)
                except Exception as exc:  # Playwright's Error: profile locked, crashed...
                    reason = str(exc).splitlines()[0][:160]
                    self._set(
                        "error", Message(_BROWSER_FAILED, self._values(reason=reason)), alert=True
                    )
                    self.stopping.wait(delay)
                    self._delay = delay = min(self.retry_s[1], delay * 2)
                    continue
                try:
                    if self._watch(context):
                        self._delay = delay = self.retry_s[0]
                    else:
                        self.stopping.wait(delay)
                        self._delay = delay = min(self.retry_s[1], delay * 2)
                finally:
                    try:
                        context.close()
                    except Exception:  # already gone (the user closed the window)
                        log.debug("browser context already closed", exc_info=True)

    def _watch(self, context: Any) -> bool:
        """Open the page and read it until stopping; False when it could not be opened."""
        self._pages = []
        context.on("page", self._listen)  # tabs the page opens (a console's pop-up view)
        page = context.pages[0] if context.pages else context.new_page()
        self._listen(page)
        try:
            page.goto(self.url, wait_until="domcontentloaded", timeout=30_000)
        except Exception as exc:
            reason = str(exc).splitlines()[0][:160]
            seconds = round(self._delay)
            self._set(
                "error",
                Message(_UNREACHABLE, self._values(url=self.url, reason=reason, seconds=seconds)),
                alert=True,
            )
            return False
        self.health.last_traffic = self._last_reload = self._now()
        self._set("ok", Message(_CONNECTED, self._values(url=self.url)))
        while not self.stopping.is_set():
            if page.is_closed():  # the person closed the window: open the page again
                return True
            try:
                page.wait_for_timeout(100)
            except Exception:
                return True  # the browser went away; the outer loop starts it again
            self._drain()
            self._check(page)
        return True

    def _listen(self, page: Any) -> None:
        if any(p is page for p in self._pages):
            return  # new_page() also fires the context's "page" event
        self._pages.append(page)
        page.on("websocket", self._on_websocket)
        page.on("response", self._on_response)

    # Playwright calls these on this thread (inside wait_for_timeout): only queue here.
    def _on_websocket(self, ws: Any) -> None:
        if not self.adapter.ws_match(ws.url):
            return
        ws.on("framereceived", lambda payload: self._queue("ws", payload))

    def _on_response(self, response: Any) -> None:
        if self.adapter.json_match(response.url):
            self._queue("json", response)

    def _queue(self, kind: str, item: Any) -> None:
        with self._lock:
            self._inbox.append((kind, item))
        self.health.last_traffic = self._now()

    def _drain(self) -> None:
        with self._lock:
            inbox, self._inbox = self._inbox, []
        for kind, item in inbox:
            if kind == "ws":
                self.health.frames += 1
                self.feed_items(partial(self.adapter.decode_ws, item), item)
                continue
            self.health.responses += 1
            try:
                body = item.body()
            except Exception:  # the page navigated away before the body was read
                continue
            self.feed_items(partial(self._decode_answer, item.url, body), body)

    def _decode_answer(self, url: str, body: bytes) -> list[Item]:
        return self.adapter.decode_json(url, decode_json(body))

    def feed_items(self, decode: Callable[[], list[Item]], raw: bytes | str) -> int:
        """Decode one frame/answer and publish its events; returns how many were new."""
        try:
            items = decode()
        except (DecodeError, EventFormatError) as exc:
            self._decode_error(raw, exc)
            return 0
        t_ms = self.clock.now_ms()
        new = readable = 0
        for item in items:
            item.setdefault("platform", self.adapter.platform)
            try:
                event = event_from_json(item, t_ms=t_ms)
                key = dedupe_key(item, event)
            except EventFormatError:
                self.health.rejected += 1
                continue
            readable += 1
            if key is not None and self._dedupe.seen(key):
                self.health.duplicates += 1
                continue
            self._publish(event)
            new += 1
        if readable and self._decode_failing:
            self._decode_failing = False  # frames make sense again: the page is readable
            self._set("ok")
        return new

    def _publish(self, event: Event) -> None:
        if isinstance(event, ViewersEvent):
            self.health.online = event.online
        self.health.events += 1
        self.emit(event)

    def _decode_error(self, raw: bytes | str, exc: Exception) -> None:
        self.health.decode_errors += 1
        if self.health.bad_frame is None:
            self.health.bad_frame = self._save_bad_frame(raw, exc)
        log.warning("%s: cannot decode a frame: %s", self.name, exc)
        if isinstance(exc, MissingPackage) and not self._broken_told:
            self._broken_told = True
            values = self._values(package=exc.package)
            self._decode_failing = True
            self._set("error", Message(_MISSING_PACKAGE, values), alert=True)
            return
        if (
            self.health.decode_errors >= BROKEN_AFTER
            and self.health.events == 0
            and not self._broken_told
        ):
            self._broken_told = True
            path = str(self.health.bad_frame or "")
            message = Message(_BROKEN, self._values(errors=self.health.decode_errors, path=path))
            self._decode_failing = True
            self._set("error", message, alert=True)

    def _save_bad_frame(self, raw: bytes | str, exc: Exception) -> Path | None:
        """Size, hash and first bytes of a frame that failed (no user text), for a bug report."""
        data = raw.encode("utf-8", "replace") if isinstance(raw, str) else bytes(raw)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        report = {
            "platform": self.adapter.platform,
            "time": stamp,
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "head_hex": data[:32].hex(),
            "error": type(exc).__name__,
            "text_frame": isinstance(raw, str),
        }
        try:
            folder = self._data_dir() / "logs" / "bridge"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{self.adapter.platform}-bad-frame-{stamp}.json"
            path.write_text(json.dumps(report, indent=1), encoding="utf-8")
        except OSError:
            log.warning("cannot save the bad frame report", exc_info=True)
            return None
        return path

    def _check(self, page: Any) -> None:
        now = self._now()
        if self.adapter.logged_out(page.url):
            if self.health.state != "logged_out":
                self._set("logged_out", Message(_LOGGED_OUT, self._values()), alert=True)
            return
        quiet = now - self.health.last_traffic
        room_has_viewers = self.health.online is None or self.health.online > 0
        if quiet >= self.stall_s and room_has_viewers:
            if self.health.state != "stalled":
                seconds = int(quiet)
                self._set("stalled", Message(_STALLED, self._values(seconds=seconds)), alert=True)
            if now - self._last_reload >= self.stall_s:
                self._reload(page)
            return
        if self.health.state in ("stalled", "logged_out", "starting") or (
            self.health.state == "ok" and now - self._last_report >= 5.0
        ):
            self._set("ok")

    def _reload(self, page: Any) -> None:
        self._last_reload = self._now()
        self.health.reloads += 1
        log.info("%s: no traffic, reloading %s", self.name, self.url)
        try:
            page.reload(wait_until="domcontentloaded", timeout=30_000)
        except Exception as exc:
            log.warning("%s: reload failed: %s", self.name, exc)
