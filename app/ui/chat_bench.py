"""The GUI half of ``bench chat``: comments through triage -> recorder/store -> UI model.

Lives in ``app/ui`` because it needs Qt (an offscreen QApplication, the real
:class:`EventBridge` and :class:`CommentsPanel`); ``app/bench/chat.py`` loads it only
when the benchmark runs. Comments are offered at a fixed rate, either over a WebSocket
to the real ingest server (``via="server"``: JSON, validation, de-duplication, rate
limits and all) from a client in a process of its own, as a platform bridge is
(:class:`WsClientProcess`), or straight onto the bus from a thread (``via="bus"``).
The GUI thread runs the live window's garbage-collection policy (``app.ui.gc_guard``:
collected on the GUI thread, the built objects frozen). A 10 ms QTimer measures how late
the GUI event loop runs (its p99 is the "stall" figure); the run ends when every comment
is in the database and has reached the panel's model (or was counted as dropped).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.chat.pseudonym import Pseudonymizer
from app.chat.triage import TriageStage
from app.config import sqlite_url
from app.session.bus import EventBus
from app.session.events import CommentEvent
from app.session.recorder import Recorder
from app.store.db import open_store
from app.store.models import LiveSession
from app.store.writer import StoreWriter

PROBE_MS = 10


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _publisher(
    bus: EventBus, events: list[CommentEvent], rate: float, done: Callable[[float], None]
) -> threading.Thread:
    """Publish ``events`` at ``rate`` per second in 5 ms slices (like a busy ingest)."""

    def run() -> None:
        t0 = time.perf_counter()
        per_slice = max(1, int(rate * 0.005))
        for start in range(0, len(events), per_slice):
            due = t0 + start / rate
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            for event in events[start : start + per_slice]:
                bus.publish(event)
        done(time.perf_counter() - t0)

    return threading.Thread(target=run, name="bench-publisher", daemon=True)


def _recording(store: Any, bus: EventBus, n: int) -> tuple[StoreWriter, Recorder]:
    """A session row, a writer that may hold every row, and a recorder on ``bus``."""
    started = datetime.now(UTC)
    with store.sessions.begin() as s:
        row = LiveSession(title="bench chat", started_at=started, notes="")
        s.add(row)
        s.flush()
        sid = row.id
    writer = StoreWriter(store, max_pending=n + 1)
    return writer, Recorder(writer, sid, started, Pseudonymizer(b"bench-salt" * 4))


def _paint_lag(panel: Any) -> Any:
    """How long after the bridge handed comments over they were painted (ms each paint).

    Stamps the first batch not yet painted; the feed's next paint closes it. With the
    bridge's 33 ms tick before it, this is "the newest comment is on screen within".
    """
    from PySide6.QtCore import QEvent, QObject

    class PaintLag(QObject):
        def __init__(self) -> None:
            super().__init__(panel)
            self.lags: list[float] = []
            self.pending: float | None = None

        def arrived(self, _batch: object) -> None:
            if self.pending is None:
                self.pending = time.perf_counter()

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and self.pending is not None:
                self.lags.append((time.perf_counter() - self.pending) * 1000)
                self.pending = None
            return False

    lag = PaintLag()
    panel.view.viewport().installEventFilter(lag)
    panel.view.model().dataChanged.connect(lambda *_: lag.arrived(None))
    panel.view.model().rowsInserted.connect(lambda *_: lag.arrived(None))
    return lag


def _stall_probe(lateness: list[float]) -> Any:
    """A started QTimer appending how late (ms) each of its ticks fires."""
    from PySide6.QtCore import QElapsedTimer, QTimer

    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def probe() -> None:
        now = clock.nsecsElapsed()
        lateness.append(max(0.0, (now - last[0]) / 1e6 - PROBE_MS))
        last[0] = now

    timer = QTimer()
    timer.setInterval(PROBE_MS)
    timer.timeout.connect(probe)
    timer.start()
    return timer  # the connected closure keeps ``clock`` alive


class WsClientProcess:
    """The bench's platform bridge: a WebSocket client in a process of its own.

    In production the comments come from another program (a platform bridge, a browser
    extension); a load generator inside the measured process would take the GIL from the
    GUI thread whose stalls it measures (the client's JSON encoding alone is a busy
    thread). The child connects, says "ready", waits for "go", sends ``events`` at
    ``rate``/s as JSON arrays (reading each ack) and prints one JSON line of counts.
    """

    def __init__(self, url: str, events: list[CommentEvent], rate: float, folder: Path) -> None:
        self.counts = {"accepted": 0, "refused": 0, "duplicates": 0}
        self.publish_s = 0.0
        batch = folder / "bench-comments.json"
        batch.write_text(json.dumps([_as_json(e) for e in events], ensure_ascii=False), "utf-8")
        code = "import sys; from app.ui.chat_bench import client_main; client_main(sys.argv[1:])"
        self._process = subprocess.Popen(
            [sys.executable, "-c", code, url, str(batch), str(rate)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None and self._process.stdin is not None
        ready = self._process.stdout.readline().strip()
        if ready != "ready":
            self._process.kill()
            raise RuntimeError(f"the bench client did not start ({ready!r})")

    def start(self) -> None:
        assert self._process.stdin is not None
        self._process.stdin.write("go\n")
        self._process.stdin.flush()

    def is_alive(self) -> bool:
        return self._process.poll() is None

    def finish(self, timeout: float = 30.0) -> None:
        """Wait for the child and read its counts."""
        out, _ = self._process.communicate(timeout=timeout)
        result = json.loads(out.strip().splitlines()[-1])
        self.publish_s = float(result.pop("publish_s"))
        self.counts.update(result)


def client_main(argv: list[str]) -> None:
    """The child of :class:`WsClientProcess` (no Qt): ``URL FILE RATE``."""
    url, path, rate = argv[0], Path(argv[1]), float(argv[2])
    batch = json.loads(path.read_text("utf-8"))
    counts = {"accepted": 0, "refused": 0, "duplicates": 0}

    async def send_all() -> float:
        import aiohttp

        per_msg = max(1, int(rate * 0.01))
        async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
            print("ready", flush=True)
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
            t0 = time.perf_counter()
            for start in range(0, len(batch), per_msg):
                delay = t0 + start / rate - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                part = batch[start : start + per_msg]
                await ws.send_str(json.dumps(part, ensure_ascii=False))
                answer = await ws.receive_json()
                if "error" in answer:
                    counts["refused"] += len(part)
                else:
                    counts["accepted"] += int(answer.get("accepted", 0))
                    counts["duplicates"] += len(answer.get("duplicates", ()))
            return time.perf_counter() - t0

    publish_s = asyncio.run(send_all())
    print(json.dumps({**counts, "publish_s": publish_s}), flush=True)


def _as_json(event: CommentEvent) -> dict[str, Any]:
    return {
        "type": "comment",
        "id": event.event_id,
        "platform": event.platform,
        "user": event.user,
        "text": event.text,
    }


def _start_server(bus: EventBus) -> Any:
    """The real ingest server on a free loopback port; returns the running source."""
    import aiohttp  # noqa: F401 - imported here so the client thread's import is no stall

    from app.server.source import IngestServerSource
    from app.session.clock import SessionClock

    clock = SessionClock()
    clock.start()
    server = IngestServerSource("bench-token", port=0)
    server.start(bus, clock)
    deadline = time.perf_counter() + 10
    while server.info is None and time.perf_counter() < deadline:
        time.sleep(0.01)
    if server.info is None:
        server.stop()
        server.join(5)
        raise RuntimeError("the ingest server did not start")
    return server


def _make_publisher(  # noqa: PLR0917 - the bench's knobs, passed through once
    via: str,
    bus: EventBus,
    events: list[CommentEvent],
    rate: float,
    done: Callable[[float], None],
    folder: Path,
) -> tuple[threading.Thread | WsClientProcess, Any, dict[str, int]]:
    """(publisher, server source or None, ingest counters) for ``via``."""
    if via == "server":
        server = _start_server(bus)
        client = WsClientProcess(server.info.ws_url, events, rate, folder)
        return client, server, client.counts
    return _publisher(bus, events, rate, done), None, {}


def run_pipeline(
    events: list[CommentEvent],
    rate: float,
    folder: Path,
    timeout_s: float = 120.0,
    via: str = "server",
) -> dict[str, Any]:
    """Run the live path on ``events`` offered at ``rate``/s; return the figures."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    qapp = QApplication.instance() or QApplication([])
    with _window_gc_policy():
        return _run(qapp, events, rate, folder, timeout_s, via)


@contextmanager
def _window_gc_policy() -> Iterator[None]:
    """The live window's garbage collection while the bench runs (see app.ui.gc_guard):
    collected on the GUI thread, and what exists once the window is built frozen."""
    from app.ui.gc_guard import GuiThreadGarbageCollector, thaw

    collector = GuiThreadGarbageCollector()
    try:
        yield
    finally:
        thaw()
        collector.close()


def _run(  # noqa: PLR0917 - the bench's knobs, passed through once
    qapp: Any, events: list[CommentEvent], rate: float, folder: Path, timeout_s: float, via: str
) -> dict[str, Any]:
    from app.ui.bridge import EventBridge
    from app.ui.gc_guard import freeze_long_lived
    from app.ui.panels.comments import CommentsPanel

    store = open_store(sqlite_url(folder / "chat-bench.db"))
    bus = EventBus()
    writer, recorder = _recording(store, bus, len(events))
    triage = TriageStage()
    triage.attach(bus)
    recorder.attach(bus)
    writer.start()
    bridge = EventBridge(bus)
    panel = CommentsPanel()
    panel.resize(480, 700)
    panel.show()
    received = [0]
    bridge.comments.connect(lambda batch: received.__setitem__(0, received[0] + len(batch)))
    bridge.comments.connect(panel._on_comments)
    on_screen = _paint_lag(panel)

    publish_s = [0.0]
    publisher, server, ingest = _make_publisher(
        via, bus, events, rate, lambda s: publish_s.__setitem__(0, s), folder
    )
    freeze_long_lived()  # as the live window does once it is built
    lateness: list[float] = []
    timer = _stall_probe(lateness)  # after the server is up: its start-up is not a stall
    t0 = time.perf_counter()
    publisher.start()
    n = len(events)
    deadline = t0 + timeout_s
    while time.perf_counter() < deadline:
        qapp.processEvents()
        ui_done = received[0] + bridge.stats().dropped >= n
        if not publisher.is_alive() and ui_done and writer.written + writer.dropped >= n:
            break
        time.sleep(0.001)
    elapsed = time.perf_counter() - t0
    timer.stop()
    if isinstance(publisher, WsClientProcess):
        publisher.finish()
        publish_s[0] = publisher.publish_s
    if server is not None:
        server.stop()
        server.join(10)
    stats = triage.stats()
    triage.detach()
    recorder.detach()
    writer.close(timeout=60)
    bridge.close()
    panel.close()
    panel.deleteLater()
    qapp.processEvents()
    store.close()
    return {
        "ingest": "WebSocket to the ingest server (/api/ws)" if server else "bus.publish",
        **{f"ingest_{k}": v for k, v in ingest.items()},
        "offered_rate_per_s": round(rate),
        "publish_s": round(publish_s[0], 3),
        "end_to_end_s": round(elapsed, 3),
        "end_to_end_comments_per_s": round(n / elapsed),
        "ui_model_received": received[0],
        "stored": writer.written,
        "stall_p50_ms": round(_percentile(lateness, 0.50), 2),
        "stall_p99_ms": round(_percentile(lateness, 0.99), 2),
        "stall_max_ms": round(max(lateness, default=0.0), 2),
        "on_screen_p99_ms": round(_percentile(on_screen.lags, 0.99), 1),
        "on_screen_max_ms": round(max(on_screen.lags, default=0.0), 1),
        "triage_batches": stats.batches,
        "triage_overflow": stats.overflow,
        "bridge_dropped": bridge.stats().dropped,
        "store_dropped": writer.dropped,
        "completed": received[0] + bridge.stats().dropped >= n and writer.written >= n,
    }
