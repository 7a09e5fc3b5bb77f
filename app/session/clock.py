"""The session clock: milliseconds since the session started, optionally sped up.

Replay runs the same code as a live session at ``speed`` times real time. Sources wait
on the clock rather than on ``time.sleep`` so that stopping a session wakes them at once.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime


class SessionClock:
    """Monotonic session time, ``speed`` session-ms per real ms."""

    def __init__(self, speed: float = 1.0) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.speed = speed
        self._t0: float | None = None
        self.started_at: datetime | None = None

    def start(self) -> None:
        self._t0 = time.monotonic()
        self.started_at = datetime.now(UTC)

    @property
    def running(self) -> bool:
        return self._t0 is not None

    def now_ms(self) -> int:
        """Session time in milliseconds (0 before :meth:`start`)."""
        if self._t0 is None:
            return 0
        return int((time.monotonic() - self._t0) * 1000.0 * self.speed)

    def wait_until(self, t_ms: int, stop: threading.Event) -> bool:
        """Block until session time reaches ``t_ms``; False if ``stop`` was set first."""
        while not stop.is_set():
            remaining = (t_ms - self.now_ms()) / 1000.0 / self.speed
            if remaining <= 0:
                return True
            stop.wait(min(remaining, 0.25))
        return False
