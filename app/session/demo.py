"""The rehearsal session: replays the bundled demo through the full engine.

Headless mode runs exactly what the window runs, minus the window, and reports what was
recorded, so CI and a producer's smoke test can check the whole pipeline in seconds.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.config import Config
from app.paths import DEMO_BUNDLE
from app.session.bundle import load_bundle
from app.session.engine import SessionEngine
from app.store.db import Store
from app.store.queries import session_counts


@dataclass(frozen=True)
class DemoResult:
    session_id: int
    db_url: str
    status: str
    frames: int
    counts: dict[str, int | float]
    recovered: list[int]

    def as_dict(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "db_url": self.db_url,
            "status": self.status,
            "frames": self.frames,
            **self.counts,
            "recovered_sessions": self.recovered,
        }


def demo_engine(
    config: Config,
    store: Store,
    *,
    bundle_dir: Path = DEMO_BUNDLE,
    speed: float = 1.0,
    seconds: float | None = None,
) -> SessionEngine:
    return SessionEngine.from_bundle(
        config, store, load_bundle(bundle_dir), speed=speed, seconds=seconds, mode="demo"
    )


@contextlib.contextmanager
def _stop_signals(stop: threading.Event) -> Iterator[None]:
    """Ctrl+C / SIGTERM end the replay cleanly while it runs; the old handlers come back
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


def run_headless(
    config: Config,
    store: Store,
    *,
    bundle_dir: Path = DEMO_BUNDLE,
    seconds: float | None = None,
    speed: float = 1.0,
) -> DemoResult:
    """Replay the demo for ``seconds`` of session time and report what was recorded."""
    engine = demo_engine(config, store, bundle_dir=bundle_dir, speed=speed, seconds=seconds)
    interrupted = threading.Event()
    with _stop_signals(interrupted):
        engine.start()
        try:
            while not engine.wait(0.1):
                if interrupted.is_set():
                    break
        finally:
            engine.stop()
    assert engine.session_id is not None
    counts = session_counts(store, engine.session_id)
    status = "ended" if not interrupted.is_set() else "stopped early"
    return DemoResult(
        session_id=engine.session_id,
        db_url=store.display_url,
        status=status,
        frames=int(engine.stats()["frames"]),
        counts=counts,
        recovered=engine.recovered,
    )
