"""OBS control over obs-websocket 5: the product's scene on a switch, recording, chapters.

OBS Studio 28+ ships obs-websocket 5 (Tools ▸ WebSocket Server Settings). This module
speaks its JSON protocol itself (obsws-python is GPL-3.0, which AnchorDesk does not
bundle): Hello (op 0, with an authentication challenge and salt when a password is set),
Identify (op 1, ``base64(sha256(base64(sha256(password + salt)) + challenge))``),
Identified (op 2), Request (op 6) / RequestResponse (op 7), Event (op 5).

:class:`ObsControl` is a session processor. Its own thread runs one asyncio loop with one
:class:`ObsClient`; the bus handler only notes the on-air product and wakes that loop, so a
slow or absent OBS never holds up the publisher. It connects when the show starts,
reconnects with back-off when OBS is closed or restarted, reports itself as the "obs"
status dot (connected / not reachable / password refused, in plain words), and on every
product switch shows the scene (or the source in a scene) that ``obs_scenes`` maps the
SKU to. With ``obs_record_with_show`` it starts OBS recording when the show starts and
stops it when the show ends; with ``obs_record_chapters`` every switch adds a recording
chapter named after the product, where OBS has ``CreateRecordChapter`` (30.2 or newer,
found in GetVersion's ``availableRequests``; older OBS simply gets no chapters). Every
call to OBS is bounded by a timeout.

The password is a secret: it is not in settings.json (readable by anything that reads the
settings, shown in clear by an editor) but in ``obs_password`` in the config dir, written
owner-only like the ingest token (:func:`save_obs_password`, :func:`load_obs_password`).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import itertools
import json
import logging
import socket
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.commerce.catalog import ProductInfo
from app.config import Config, Settings
from app.errors import UserError
from app.files import write_atomic
from app.messages import QT_TRANSLATE_NOOP, Message
from app.session.bus import EventBus
from app.session.events import AlertEvent, Event, ProductSwitchEvent, SourceStatusEvent
from app.session.pipeline import ProcessorDefaults

log = logging.getLogger("app.show.obs")

STATUS_SOURCE = "obs"
PASSWORD_FILE = "obs_password"
SUBPROTOCOL = "obswebsocket.json"
RPC_VERSION = 1
OP_HELLO, OP_IDENTIFY, OP_IDENTIFIED = 0, 1, 2
OP_EVENT, OP_REQUEST, OP_RESPONSE = 5, 6, 7
#: WebSocket close codes obs-websocket uses for a refused Identify.
CLOSE_AUTH_FAILED, CLOSE_UNSUPPORTED_RPC = 4009, 4010
#: Event subscriptions: General (ExitStarted) | Outputs (RecordStateChanged).
EVENT_SUBSCRIPTIONS = (1 << 0) | (1 << 6)
#: The key of ``obs_scenes`` used for a SKU without its own entry (and for nothing on air).
ANY_PRODUCT = "*"
CHAPTER_REQUEST = "CreateRecordChapter"
TIMEOUT_S = 5.0
RETRY_FIRST_S = 2.0
RETRY_MAX_S = 30.0
SETTINGS_HINT = "Tools ▸ Settings ▸ OBS"
OBS_HINT = "In OBS: Tools ▸ WebSocket Server Settings ▸ Enable WebSocket server"

_NO_SCENE = QT_TRANSLATE_NOOP(
    "Messages",
    "OBS has no scene “{scene}” (for {product}): rename it in OBS or fix the scene mapping "
    "in Tools ▸ Settings ▸ OBS.",
)
_NO_SOURCE = QT_TRANSLATE_NOOP(
    "Messages",
    "OBS has no source “{source}” in scene “{scene}” (for {product}): add it in OBS or fix "
    "the scene mapping in Tools ▸ Settings ▸ OBS.",
)
_NO_RECORDING = QT_TRANSLATE_NOOP(
    "Messages", "OBS did not start recording ({error}): start it in OBS if you need it."
)
_BAD_MAP = QT_TRANSLATE_NOOP(
    "Messages",
    "The OBS scene mapping cannot be used ({problem}): OBS will not switch scenes. Fix it "
    "in Tools ▸ Settings ▸ OBS.",
)


# -- errors -------------------------------------------------------------------------------
class ObsError(Exception):
    """Something went wrong talking to OBS; the message says what, in plain words."""


class ObsUnreachable(ObsError):
    """No connection: OBS is not running, the server is off, or the connection was lost."""


class ObsTimeout(ObsUnreachable):
    """OBS did not answer in time (treated like a lost connection: reconnect)."""


class ObsAuthError(ObsError):
    """OBS refused the password, or asks for one and none is set."""


class ObsRequestError(ObsError):
    """OBS answered a request with a failure (``code``: obs-websocket's RequestStatus)."""

    def __init__(self, request: str, code: int, comment: str = "") -> None:
        super().__init__(f"{request} failed (code {code}{': ' + comment if comment else ''})")
        self.request, self.code, self.comment = request, code, comment


#: RequestStatus codes meaning "the named scene / source does not exist".
RESOURCE_NOT_FOUND = 600


# -- the password (a secret: owner-only file, not settings.json) -----------------------------
def password_path(config_dir: Path) -> Path:
    return config_dir / PASSWORD_FILE


def load_obs_password(config_dir: Path) -> str:
    """The saved OBS WebSocket password ("" when none is saved or it cannot be read)."""
    try:
        return password_path(config_dir).read_text(encoding="utf-8").rstrip("\r\n")
    except (OSError, UnicodeDecodeError):
        return ""


def save_obs_password(config_dir: Path, password: str) -> None:
    """Keep ``password`` owner-only in the config dir; an empty one removes the file."""
    path = password_path(config_dir)
    if not password:
        path.unlink(missing_ok=True)
        return
    write_atomic(path, (password + "\n").encode("utf-8"))


def auth_response(password: str, salt: str, challenge: str) -> str:
    """obs-websocket 5's Identify ``authentication`` for ``password``."""
    secret = base64.b64encode(hashlib.sha256((password + salt).encode("utf-8")).digest())
    return base64.b64encode(hashlib.sha256(secret + challenge.encode("utf-8")).digest()).decode()


# -- the scene mapping --------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ObsTarget:
    """What to show for a product: a scene, or a source to enable in a scene."""

    scene: str
    source: str = ""


class SceneMapError(UserError, ValueError):
    """``obs_scenes`` cannot be read; the message says why (English, for logs/status)."""


def parse_scene_map(text: str) -> dict[str, ObsTarget]:
    """``{"SKU": "Scene", "SKU2": ["Scene", "Source"], "*": "Scene"}`` -> targets.

    Empty text is no mapping. Raises :class:`SceneMapError` naming the first problem.
    """
    if not text.strip():
        return {}
    try:
        raw = json.loads(text)
    except RecursionError as exc:
        raise SceneMapError("it is nested too deeply") from exc
    except ValueError as exc:
        raise SceneMapError(f"not valid JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise SceneMapError('it must be a JSON object such as {"SKU": "Scene"}')
    return {str(sku).strip(): _target(str(sku), value) for sku, value in raw.items()}


def _target(sku: str, value: Any) -> ObsTarget:
    if isinstance(value, str) and value.strip():
        return ObsTarget(value.strip())
    if isinstance(value, dict):
        value = [value.get("scene"), value.get("source", "")]
    if (
        isinstance(value, list)
        and len(value) in (1, 2)
        and all(isinstance(v, str) for v in value)
        and value[0].strip()
    ):
        return ObsTarget(value[0].strip(), value[1].strip() if len(value) == 2 else "")
    raise SceneMapError(f'{sku}: give a scene name, or ["scene", "source"]')


def scene_map_problem(text: str) -> str | None:
    """Why ``text`` cannot be the scene mapping (None: it can). For settings validation."""
    try:
        parse_scene_map(text)
    except SceneMapError as exc:
        return str(exc)
    return None


def target_for(scenes: Mapping[str, ObsTarget], sku: str | None) -> ObsTarget | None:
    """The product's own target, else the ``"*"`` one, else None (OBS is left as it is)."""
    own = scenes.get(sku) if sku is not None else None
    return own or scenes.get(ANY_PRODUCT)


# -- the client ---------------------------------------------------------------------------
EventHandler = Callable[[str, dict[str, Any]], None]


class ObsClient:
    """One obs-websocket 5 connection (JSON): handshake, requests, events.

    Runs on the caller's asyncio loop; every wait is bounded by ``timeout_s``. After
    :meth:`connect`, a reader task matches responses to requests and hands events to
    ``on_event``; ``on_close`` is called once when the connection ends for any reason.
    """

    def __init__(
        self,
        host: str,
        port: int,
        password: str = "",
        *,
        timeout_s: float = TIMEOUT_S,
        on_event: EventHandler | None = None,
        on_close: Callable[[], None] | None = None,
    ) -> None:
        self.host, self.port, self.password = host, port, password
        self.timeout_s = timeout_s
        self.on_event, self.on_close = on_event, on_close
        self.rpc_version: int | None = None
        self._session: Any = None
        self._ws: Any = None
        self._reader: asyncio.Task[None] | None = None
        self._pending: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._ids = itertools.count(1)
        self._closed = False

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"ws://{host}:{self.port}"

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def connected(self) -> bool:
        return self._ws is not None and not self._ws.closed and not self._closed

    async def connect(self) -> None:
        """Open the WebSocket and identify; :class:`ObsError` subclasses say why not."""
        import aiohttp

        timeout = aiohttp.ClientTimeout(total=None, connect=self.timeout_s)
        self._session = aiohttp.ClientSession(timeout=timeout)
        try:
            self._ws = await asyncio.wait_for(
                self._session.ws_connect(
                    self.url, protocols=(SUBPROTOCOL,), heartbeat=max(2.0, 2 * self.timeout_s)
                ),
                self.timeout_s,
            )
            await self._identify()
        except BaseException as exc:
            await self.close()
            if isinstance(exc, ObsError):
                raise
            if isinstance(exc, TimeoutError):
                raise ObsTimeout(
                    f"no answer from {self.address} within {self.timeout_s:g} s"
                ) from exc
            if isinstance(exc, aiohttp.WSServerHandshakeError):
                raise ObsUnreachable("that port is not an OBS WebSocket server") from exc
            if isinstance(exc, OSError | aiohttp.ClientError):
                raise ObsUnreachable(_connect_why(exc)) from exc
            raise
        self._reader = asyncio.get_running_loop().create_task(self._read())

    async def _identify(self) -> None:
        hello = await self._receive(OP_HELLO)
        identify: dict[str, Any] = {
            "rpcVersion": RPC_VERSION,
            "eventSubscriptions": EVENT_SUBSCRIPTIONS,
        }
        auth = hello.get("authentication")
        if auth:
            if not self.password:
                raise ObsAuthError("OBS asks for a password and none is set")
            identify["authentication"] = auth_response(
                self.password, str(auth.get("salt", "")), str(auth.get("challenge", ""))
            )
        await self._ws.send_str(json.dumps({"op": OP_IDENTIFY, "d": identify}))
        identified = await self._receive(OP_IDENTIFIED)
        self.rpc_version = int(identified.get("negotiatedRpcVersion", RPC_VERSION))

    async def _receive(self, op: int) -> dict[str, Any]:
        """The next message, which must be ``op`` (the handshake's strict order)."""
        import aiohttp

        msg = await asyncio.wait_for(self._ws.receive(), self.timeout_s)
        if msg.type is aiohttp.WSMsgType.TEXT:
            data = _decode(msg.data)
            if data is not None and data.get("op") == op:
                return dict(data.get("d") or {})
            raise ObsUnreachable(f"{self.address} does not speak obs-websocket 5")
        code = self._ws.close_code
        if code == CLOSE_AUTH_FAILED:
            raise ObsAuthError("OBS refused the password")
        if code == CLOSE_UNSUPPORTED_RPC:
            raise ObsUnreachable("this OBS speaks another obs-websocket version (5 is needed)")
        reason = f" ({msg.extra})" if isinstance(msg.extra, str) and msg.extra else ""
        raise ObsUnreachable(f"{self.address} closed the connection{reason}")

    async def _read(self) -> None:
        import aiohttp

        try:
            async for msg in self._ws:
                if msg.type is not aiohttp.WSMsgType.TEXT:
                    continue
                data = _decode(msg.data)
                if data is not None:
                    self._dispatch(data)
        except (OSError, aiohttp.ClientError) as exc:
            log.info("connection to OBS at %s lost: %s", self.address, exc)
        finally:
            self._ended("the connection to OBS was lost")

    def _dispatch(self, data: dict[str, Any]) -> None:
        op, body = data.get("op"), data.get("d") or {}
        if op == OP_RESPONSE:
            future = self._pending.get(str(body.get("requestId")))
            if future is not None and not future.done():
                future.set_result(body)
        elif op == OP_EVENT and self.on_event is not None:
            try:
                self.on_event(str(body.get("eventType", "")), dict(body.get("eventData") or {}))
            except Exception:
                log.exception("OBS event handler failed")

    def _ended(self, why: str) -> None:
        if self._closed:
            return
        self._closed = True
        for future in self._pending.values():
            if not future.done():
                future.set_exception(ObsUnreachable(why))
        if self.on_close is not None:
            self.on_close()

    async def request(
        self, request_type: str, data: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """Send one request and return its ``responseData``.

        Raises :class:`ObsRequestError` when OBS says it failed, :class:`ObsTimeout` when
        it does not answer within ``timeout_s``, :class:`ObsUnreachable` when not connected.
        """
        if not self.connected:
            raise ObsUnreachable("not connected to OBS")
        request_id = str(next(self._ids))
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[request_id] = future
        message = {
            "op": OP_REQUEST,
            "d": {"requestType": request_type, "requestId": request_id, "requestData": data or {}},
        }
        try:
            await asyncio.wait_for(self._ws.send_str(json.dumps(message)), self.timeout_s)
            body = await asyncio.wait_for(future, self.timeout_s)
        except TimeoutError as exc:
            why = f"OBS did not answer {request_type} within {self.timeout_s:g} s"
            raise ObsTimeout(why) from exc
        except (OSError, RuntimeError) as exc:  # closing transport, reset connection
            raise ObsUnreachable(f"the connection to OBS was lost ({_why(exc)})") from exc
        finally:
            self._pending.pop(request_id, None)
        status = body.get("requestStatus") or {}
        if not status.get("result"):
            raise ObsRequestError(
                request_type, int(status.get("code", 0)), str(status.get("comment", ""))
            )
        return dict(body.get("responseData") or {})

    async def close(self) -> None:
        """Close the connection (bounded by ``timeout_s``); safe to call more than once."""
        ws, session, reader = self._ws, self._session, self._reader
        self._ws = self._session = self._reader = None
        try:
            if ws is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(ws.close(), self.timeout_s)
            if reader is not None:
                reader.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await reader
            if session is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(session.close(), self.timeout_s)
        finally:
            self._ended("the connection to OBS was closed")


def _decode(text: Any) -> dict[str, Any] | None:
    try:
        data = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _connect_why(exc: BaseException) -> str:
    """Why a connection could not be opened, in plain words."""
    cause = getattr(exc, "os_error", exc)
    if isinstance(cause, ConnectionRefusedError):
        return "nothing is listening on that port"
    if isinstance(cause, socket.gaierror):
        return "unknown address"
    return _why(cause)


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


# -- a one-off check (the Settings page's "Test connection") ----------------------------------
@dataclass(frozen=True, slots=True)
class ObsCheck:
    """The outcome of :func:`check_connection`: ``ok`` and what to tell the person."""

    ok: bool
    message: str
    obs_version: str = ""
    scenes: tuple[str, ...] = ()
    chapters: bool = False


def check_connection(
    host: str, port: int, password: str = "", *, timeout_s: float = TIMEOUT_S
) -> ObsCheck:
    """Connect once, read the version and the scene names, disconnect (blocking: call it
    from a worker thread, never the GUI thread; it takes at most about 3 x ``timeout_s``)."""

    async def run() -> ObsCheck:
        client = ObsClient(host, port, password, timeout_s=timeout_s)
        try:
            await client.connect()
            version = await client.request("GetVersion")
            listed = await client.request("GetSceneList")
        except ObsError as exc:
            return ObsCheck(False, _problem_text(exc, client.address))
        finally:
            await client.close()
        scenes = tuple(str(s.get("sceneName", "")) for s in listed.get("scenes") or ())
        obs = str(version.get("obsVersion", "?"))
        return ObsCheck(
            True,
            f"connected to OBS {obs} at {client.address}",
            obs,
            tuple(reversed(scenes)),  # OBS lists the bottom scene first
            CHAPTER_REQUEST in (version.get("availableRequests") or ()),
        )

    return asyncio.run(run())


def _problem_text(exc: ObsError, address: str) -> str:
    """The status line for a failed connection, in plain words with what to do."""
    if isinstance(exc, ObsAuthError):
        if "none is set" in str(exc):
            return f"OBS at {address} asks for a password: enter it in {SETTINGS_HINT}"
        return (
            f"OBS at {address} refused the password (authentication failed): enter the "
            f"password shown in OBS's WebSocket Server Settings in {SETTINGS_HINT}"
        )
    return f"OBS is not reachable at {address} ({exc}): is OBS running? {OBS_HINT}"


# -- the processor ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ObsOptions:
    """The OBS settings as the worker reads them (swapped whole by ``configure``)."""

    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = 4455
    password: str = field(default="", repr=False)
    scenes: Mapping[str, ObsTarget] = field(default_factory=dict)
    scenes_problem: str = ""
    record: bool = False
    chapters: bool = True

    @classmethod
    def from_settings(cls, settings: Settings, password: str = "") -> ObsOptions:
        try:
            scenes, problem = parse_scene_map(settings.obs_scenes), ""
        except SceneMapError as exc:
            scenes, problem = {}, str(exc)
        return cls(
            enabled=settings.obs_enabled,
            host=settings.obs_host.strip() or "127.0.0.1",
            port=settings.obs_port,
            password=password,
            scenes=scenes,
            scenes_problem=problem,
            record=settings.obs_record_with_show,
            chapters=settings.obs_record_chapters,
        )

    @property
    def connection(self) -> tuple[bool, str, int, str]:
        """What a change of requires a new connection."""
        return (self.enabled, self.host, self.port, self.password)


ClientFactory = Callable[..., ObsClient]


class ObsControl(ProcessorDefaults):
    """Processor: drives OBS from the show (scenes per product, recording, chapters).

    All OBS traffic happens on the ``show-obs`` thread's asyncio loop. ``configure`` (GUI
    thread) swaps the options and wakes the loop, which reconnects when the address, port
    or password changed. Safe to build with OBS control off: it then stays idle.
    """

    def __init__(
        self,
        products: Iterable[ProductInfo] = (),
        now_ms: Callable[[], int] = lambda: 0,
        *,
        password: Callable[[], str] = lambda: "",
        timeout_s: float = TIMEOUT_S,
        retry_first_s: float = RETRY_FIRST_S,
        retry_max_s: float = RETRY_MAX_S,
        client_factory: ClientFactory = ObsClient,
    ) -> None:
        """``password`` reads the saved password (at build and at each ``configure``)."""
        self._names = {p.sku: p.display_name() or p.sku for p in products}
        self._now_ms = now_ms
        self._password = password
        self.timeout_s = timeout_s
        self.retry_first_s = retry_first_s
        self.retry_max_s = max(retry_first_s, retry_max_s)
        self._client_factory = client_factory
        self._options = ObsOptions()
        self._lock = threading.Lock()
        self._on_air: str | None = None
        self._switches = 0  # bumped per product switch; the worker applies the newest
        self._stopping = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._bus: EventBus | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._last_status: tuple[str, str] | None = None
        self._reported: set[tuple[str, str]] = set()
        # per connection (worker thread only)
        self._recording = False
        self._we_record = False  # this show started OBS's recording (so it stops it)
        self._record_checked = False
        self._chapters_supported = False
        self._chaptered: str | None = None  # the product of the recording's last chapter
        self._item_ids: dict[tuple[str, str], int] = {}
        #: What the connected OBS reports (read by tests and a future UI).
        self.obs_version = ""
        self.scene_names: tuple[str, ...] = ()
        self.chapters_made = 0

    @classmethod
    def from_config(
        cls, config: Config, products: Sequence[ProductInfo], now_ms: Callable[[], int]
    ) -> ObsControl:
        """The builder's way: the password from the config dir, options from the settings."""
        control = cls(products, now_ms, password=lambda: load_obs_password(config.config_dir))
        control.configure(config.settings)
        return control

    # -- processor protocol -------------------------------------------------------------
    @property
    def options(self) -> ObsOptions:
        return self._options

    def configure(self, settings: Settings) -> None:
        """New options; the worker reconnects if address, port or password changed."""
        try:
            password = self._password()
        except Exception as exc:  # a broken password file must not stop Settings ▸ Save
            log.warning("cannot read the OBS password: %s", exc)
            password = ""
        options = ObsOptions.from_settings(settings, password)
        with self._lock:
            old, self._options = self._options, options
        if options.record and not old.record:
            self._record_checked = False  # switched on mid-show: start recording now
        if options.scenes_problem and options.scenes_problem != old.scenes_problem:
            log.warning("obs_scenes cannot be used: %s", options.scenes_problem)
            if self._bus is not None and options.enabled:
                self._alert(Message(_BAD_MAP, {"problem": options.scenes_problem}))
        if old.enabled and not options.enabled and self._bus is not None:
            self._status("ended", "OBS control is off")
        self._poke()

    def set_products(self, products: Sequence[ProductInfo]) -> None:
        names = {p.sku: p.display_name() or p.sku for p in products}
        with self._lock:
            self._names = {**self._names, **names}

    def attach(self, bus: EventBus) -> None:
        self._bus = bus
        self._stopping = False
        self._last_status = None
        self._unsubscribe = bus.subscribe(self._on_switch, (ProductSwitchEvent,))
        options = self._options
        if options.enabled and options.scenes_problem:
            self._alert(Message(_BAD_MAP, {"problem": options.scenes_problem}))
        self._thread = threading.Thread(target=self._run, name="show-obs", daemon=True)
        self._thread.start()

    def detach(self) -> None:
        """Stop the recording this show started (if OBS is reachable), disconnect, join."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._stopping = True
        self._poke()
        if self._thread is not None:
            self._thread.join(timeout=4 * self.timeout_s + 2.0)
            if self._thread.is_alive():
                log.warning("OBS control thread did not stop in time")
            self._thread = None

    # -- bus handler (publisher's thread: cheap) ---------------------------------------------
    def _on_switch(self, event: Event) -> None:
        assert isinstance(event, ProductSwitchEvent)
        with self._lock:
            self._on_air = event.sku
            self._switches += 1
        self._poke()

    def _poke(self) -> None:
        """Wake the worker's loop from any thread (no-op before it runs or after it ends)."""
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None:
            with contextlib.suppress(RuntimeError):  # the loop has just closed
                loop.call_soon_threadsafe(wake.set)

    # -- worker -------------------------------------------------------------------------
    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(self._main())
        except Exception as exc:  # a bug must not end OBS control silently
            log.exception("OBS control stopped after an internal error")
            self._status("error", f"OBS control stopped after an internal error ({_why(exc)})")
        finally:
            self._loop = None
            loop.close()

    async def _main(self) -> None:
        self._wake = asyncio.Event()
        self._loop = asyncio.get_running_loop()
        delay = self.retry_first_s
        while not self._stopping:
            options = self._options
            if not options.enabled:
                await self._sleep(None)
                continue
            client = await self._connect(options)
            if isinstance(client, ObsAuthError):
                await self._sleep(self.retry_max_s)  # the same password fails again
                continue
            if client is None:
                await self._sleep(delay)
                delay = min(2 * delay, self.retry_max_s)
                continue
            delay = self.retry_first_s
            try:
                await self._serve(client, options)
            except Exception as exc:  # ObsError, or a bug: reconnect rather than give up
                if not isinstance(exc, ObsError):
                    log.exception("OBS control failed; reconnecting")
                log.info("OBS connection ended: %s", exc)
                self._status(
                    "error", f"lost the connection to OBS at {client.address} ({exc}); reconnecting"
                )
                await client.close()
                await self._sleep(self.retry_first_s)
            finally:
                await client.close()

    async def _sleep(self, timeout: float | None) -> None:
        """Wait for a poke (settings, a switch, stop) or ``timeout`` seconds."""
        assert self._wake is not None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout)
        self._wake.clear()

    async def _connect(self, options: ObsOptions) -> ObsClient | ObsAuthError | None:
        """A connected client, the auth error (wait for new settings), or None (retry)."""
        address = f"{options.host}:{options.port}"
        if self._last_status is None or self._last_status[0] != "error":
            self._status("starting", f"connecting to OBS at {address}")
        client = self._client_factory(
            options.host,
            options.port,
            options.password,
            timeout_s=self.timeout_s,
            on_event=self._on_obs_event,
        )
        try:
            await client.connect()
            version = await client.request("GetVersion")
            listed = await client.request("GetSceneList")
        except ObsError as exc:
            await client.close()
            self._status("error", _problem_text(exc, address))
            return exc if isinstance(exc, ObsAuthError) else None
        # Only now: a lost connection wakes the loop, a failed attempt must not (that would
        # cut the back-off short and retry at once, forever).
        client.on_close = self._poke
        self.obs_version = str(version.get("obsVersion", "?"))
        available = version.get("availableRequests") or ()
        self._chapters_supported = CHAPTER_REQUEST in available
        self.scene_names = tuple(str(s.get("sceneName", "")) for s in listed.get("scenes") or ())
        self._item_ids = {}
        self._record_checked = False
        chapters = "" if self._chapters_supported else " (no recording chapters before OBS 30.2)"
        self._status("ok", f"connected to OBS {self.obs_version} at {address}{chapters}")
        return client

    async def _serve(self, client: ObsClient, options: ObsOptions) -> None:
        """Apply the show to OBS until stop, a connection change, or the connection ends."""
        applied, scenes = -1, None  # show the on-air product's scene at once
        while True:
            options = self._options
            if self._stopping:
                await self._finish(client, options)
                return
            if options.connection != (True, client.host, client.port, client.password):
                return  # new address or password (or switched off): reconnect
            if not client.connected:
                raise ObsUnreachable("OBS closed the connection")
            if options.scenes != scenes:  # connected, or the mapping was edited
                scenes, applied = options.scenes, -1
                self._check_scenes(options)
            await self._sync_recording(client, options)
            with self._lock:
                switches, sku = self._switches, self._on_air
            if switches != applied:
                applied = switches
                await self._show_product(client, options, sku)
            await self._chapter(client, options, sku)
            await self._sleep(self.retry_max_s)

    async def _finish(self, client: ObsClient, options: ObsOptions) -> None:
        if self._we_record and options.record and self._recording and client.connected:
            try:
                await client.request("StopRecord")
                self._recording = self._we_record = False
            except ObsError as exc:
                log.warning("could not stop OBS recording: %s", exc)
                return
        self._status("ended", "show ended; disconnected from OBS")

    def _check_scenes(self, options: ObsOptions) -> None:
        """Alert once for mapped scenes this OBS does not have (early, not mid-pitch)."""
        known = set(self.scene_names)
        for sku, target in options.scenes.items():
            if known and target.scene not in known:
                self._missing(sku, target, source=False)

    async def _sync_recording(self, client: ObsClient, options: ObsOptions) -> None:
        """Start OBS recording once per connection when the show records and OBS does not."""
        if not options.record or self._record_checked:
            return
        self._record_checked = True
        status = await client.request("GetRecordStatus")
        self._recording = bool(status.get("outputActive"))
        if self._recording:
            return
        try:
            await client.request("StartRecord")
        except ObsRequestError as exc:
            log.warning("OBS did not start recording: %s", exc)
            self._alert(Message(_NO_RECORDING, {"error": str(exc)}))
            return
        self._recording = self._we_record = True
        self._chaptered = None

    async def _show_product(self, client: ObsClient, options: ObsOptions, sku: str | None) -> None:
        target = target_for(options.scenes, sku)
        if target is None:
            return
        try:
            current = await client.request("GetCurrentProgramScene")
            if current.get("currentProgramSceneName") != target.scene:
                await client.request("SetCurrentProgramScene", {"sceneName": target.scene})
        except ObsRequestError as exc:
            if exc.code == RESOURCE_NOT_FOUND:
                self._missing(sku or ANY_PRODUCT, target, source=False)
                return
            raise
        if target.source:
            await self._show_source(client, options, sku, target)

    async def _show_source(
        self, client: ObsClient, options: ObsOptions, sku: str | None, target: ObsTarget
    ) -> None:
        """Enable the product's source, then hide the other products' ones in that scene."""
        others = {
            t.source for t in options.scenes.values() if t.scene == target.scene and t.source
        } - {target.source}
        await self._set_enabled(client, sku, target, True)
        for source in sorted(others):
            await self._set_enabled(client, None, ObsTarget(target.scene, source), False)

    async def _set_enabled(
        self, client: ObsClient, sku: str | None, target: ObsTarget, enabled: bool
    ) -> None:
        key = (target.scene, target.source)
        try:
            item = self._item_ids.get(key)
            if item is None:
                found = await client.request(
                    "GetSceneItemId", {"sceneName": target.scene, "sourceName": target.source}
                )
                item = self._item_ids[key] = int(found["sceneItemId"])
            await client.request(
                "SetSceneItemEnabled",
                {"sceneName": target.scene, "sceneItemId": item, "sceneItemEnabled": enabled},
            )
        except ObsRequestError as exc:
            if exc.code != RESOURCE_NOT_FOUND:
                raise
            self._item_ids.pop(key, None)
            if sku is not None:
                self._missing(sku, target, source=True)

    async def _chapter(self, client: ObsClient, options: ObsOptions, sku: str | None) -> None:
        """A recording chapter named after the on-air product, once per product and
        recording (OBS >= 30.2 only; a reconnect to the same recording adds none)."""
        if sku is None or sku == self._chaptered:
            return
        if not (options.chapters and self._chapters_supported and self._recording):
            return
        self._chaptered = sku
        with self._lock:
            name = self._names.get(sku, sku)
        try:
            await client.request(CHAPTER_REQUEST, {"chapterName": f"{sku} {name}".strip()})
            self.chapters_made += 1
        except ObsRequestError as exc:  # e.g. a recording format without chapters
            log.info("no recording chapter for %s: %s", sku, exc)

    def _on_obs_event(self, event_type: str, data: dict[str, Any]) -> None:
        """OBS events (loop thread): track recording; OBS closing ends the connection."""
        if event_type == "RecordStateChanged":
            active = bool(data.get("outputActive"))
            if active and not self._recording:
                self._chaptered = None  # a new recording: chapters start afresh
            self._recording = active
        self._poke()

    # -- reports ------------------------------------------------------------------------
    def _missing(self, sku: str, target: ObsTarget, *, source: bool) -> None:
        key = (target.scene, target.source if source else "")
        if key in self._reported:
            return
        self._reported.add(key)
        with self._lock:
            product = self._names.get(sku, sku)
        values = {"scene": target.scene, "source": target.source, "product": product}
        self._alert(Message(_NO_SOURCE if source else _NO_SCENE, values))

    def _alert(self, message: Message | str) -> None:
        if self._bus is not None:
            self._bus.publish(
                AlertEvent.of(self._now_ms(), "obs", "warning", message, source=STATUS_SOURCE)
            )

    def _status(self, state: str, message: str) -> None:
        if self._bus is None or self._last_status == (state, message):
            return
        self._last_status = (state, message)
        self._bus.publish(SourceStatusEvent(self._now_ms(), STATUS_SOURCE, state, message))
