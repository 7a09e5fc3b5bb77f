"""Sessions without a window: the demo replay and the live show, for CI, tests and
operators without a screen. Each runs exactly what the window runs, minus the window, and
reports what was recorded (read back from the database, not from counters)."""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.commerce.plans import ShowPlan
from app.config import Config
from app.live.builder import build_live, load_replay
from app.paths import DEMO_BUNDLE
from app.session.engine import SessionEngine
from app.store.db import Store
from app.store.queries import session_counts


@dataclass(frozen=True)
class RunResult:
    """What one headless session recorded."""

    session_id: int
    db_url: str
    status: str
    title: str
    host: str
    platform: str
    show_id: int | None
    products_in_queue: list[str]
    on_air: str | None
    frames: int
    counts: dict[str, int | float]
    recovered: list[int]
    problem: str = ""  # what was not saved, when status is not "ended"

    def as_dict(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "db_url": self.db_url,
            "status": self.status,
            "title": self.title,
            "host": self.host,
            "platform": self.platform,
            "show_id": self.show_id,
            "products_in_queue": self.products_in_queue,
            "on_air": self.on_air,
            "frames": self.frames,
            **self.counts,
            "recovered_sessions": self.recovered,
            "problem": self.problem,
        }

    @property
    def saved(self) -> bool:
        """Every event reached the database and the session was closed there."""
        return self.status in ("ended", "stopped early")


@contextlib.contextmanager
def _stop_signals(stop: threading.Event) -> Iterator[None]:
    """Ctrl+C / SIGTERM end the run cleanly while it runs; the old handlers come back
    afterwards, so a caller (a test run, a tool) is still stoppable the usual way."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, lambda *_: stop.set())
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run_engine(engine: SessionEngine, store: Store, seconds: float | None = None) -> RunResult:
    """Start ``engine``, run until its replay ends, ``seconds`` pass or a stop signal, stop
    it, and report what the database holds for the session."""
    interrupted = threading.Event()
    deadline = None if seconds is None else time.monotonic() + seconds
    with _stop_signals(interrupted):
        engine.start()
        try:
            while not engine.wait(0.1):
                if interrupted.is_set() or (deadline is not None and time.monotonic() >= deadline):
                    break
        finally:
            on_air = engine.on_air()
            queue = list(engine.show.snapshot().order)
            engine.stop()
    assert engine.session_id is not None
    info = engine.info
    return RunResult(
        session_id=engine.session_id,
        db_url=store.display_url,
        status=_status(engine, interrupted.is_set()),
        title=info.title,
        host=info.host,
        platform=info.platform,
        show_id=info.show_id,
        products_in_queue=queue,
        on_air=on_air,
        frames=int(engine.stats()["frames"]),
        counts=session_counts(store, engine.session_id),
        recovered=engine.recovered,
        problem=engine.outcome.describe() if engine.outcome and not engine.outcome.complete else "",
    )


def _status(engine: SessionEngine, interrupted: bool) -> str:
    """ "ended" only when everything was saved; else what the store really holds."""
    outcome = engine.outcome
    if outcome is not None and not outcome.complete:
        return outcome.status
    return "stopped early" if interrupted else "ended"


def run_headless(
    config: Config,
    store: Store,
    *,
    bundle_dir: Path = DEMO_BUNDLE,
    seconds: float | None = None,
    speed: float = 1.0,
) -> RunResult:
    """Replay the demo bundle for ``seconds`` of session time and report what was recorded."""
    engine = load_replay(config, store, bundle_dir, speed=speed, seconds=seconds)
    return run_engine(engine, store)


def run_live_headless(
    config: Config,
    store: Store,
    plan: ShowPlan | None,
    *,
    seconds: float,
    camera: str | None = None,
    connect: Sequence[str] = (),
) -> RunResult:
    """The live show of ``plan`` (None: the catalog's products) for ``seconds`` real seconds."""
    engine = build_live(config, store, plan, camera=camera, connect=connect)
    return run_engine(engine, store, seconds)
