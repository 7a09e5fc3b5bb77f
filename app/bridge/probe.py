"""*Test* in the Connections dialog: read a platform page for a few seconds, privately.

The bridge source runs on a bus of its own (nothing reaches the show or the database) until
the first events arrive, the page turns out logged out or broken, ``seconds`` pass, or the
caller cancels; the result says what came in, in numbers the dialog words.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.bridge.platforms import adapter_for
from app.bridge.source import BridgeSource
from app.session.bus import EventBus
from app.session.clock import SessionClock
from app.session.events import Event, SourceStatusEvent

#: Events wanted before a test counts as passed early.
ENOUGH = 5


@dataclass(frozen=True)
class ProbeResult:
    state: str
    events: int
    frames: int
    decode_errors: int
    message: str
    seconds: float


def probe(
    platform: str,
    arg: str,
    *,
    account: str = "default",
    data_dir: Path | None = None,
    seconds: float = 20.0,
    cancelled: Callable[[], bool] = lambda: False,
    on_event: Callable[[Event], None] | None = None,
    headless: bool | None = None,
) -> ProbeResult:
    """Run the bridge for ``platform`` on ``arg`` for at most ``seconds`` (blocking)."""
    source = BridgeSource(
        adapter_for(platform), arg, account=account, data_dir=data_dir, headless=headless
    )
    bus, clock = EventBus(), SessionClock()
    last: list[str] = [""]

    def status(event: Event) -> None:
        if isinstance(event, SourceStatusEvent) and event.message:
            last[0] = event.message

    bus.subscribe(status, (SourceStatusEvent,))
    if on_event is not None:
        bus.subscribe(on_event)
    clock.start()
    started = time.monotonic()
    source.start(bus, clock)
    try:
        while time.monotonic() - started < seconds and not cancelled():
            health = source.health
            if health.events >= ENOUGH or health.state in ("logged_out", "error"):
                break
            time.sleep(0.1)
    finally:
        source.stop()
        source.join(15)
    h = source.health
    return ProbeResult(
        h.state,
        h.events,
        h.frames + h.responses,
        h.decode_errors,
        last[0],
        round(time.monotonic() - started, 1),
    )
