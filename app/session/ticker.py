"""A processor's clock: a daemon thread that calls one function every few seconds.

Run-of-show countdowns, the giveaway's entry window, the disk guard and the prompter all
need "check again in a moment" without a GUI timer (they are Qt-free and run headless
too). One class does it: a failing call is logged and the next one still comes, because
a check that raised once must never silently stop for the rest of the show.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger("app.session.ticker")


class Ticker:
    """Calls ``tick()`` every ``interval_s`` on a thread named ``name`` until :meth:`stop`.

    ``first`` runs once on that thread before the first tick (e.g. a slow history query
    that must stay off the caller's thread).
    """

    def __init__(
        self,
        name: str,
        interval_s: float,
        tick: Callable[[], object],
        *,
        first: Callable[[], object] | None = None,
    ) -> None:
        self.name = name
        self.interval_s = interval_s
        self._tick = tick
        self._first = first
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop and wait for the thread (at most ``timeout`` seconds); idempotent."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def _run(self) -> None:
        if self._first is not None:
            self._call(self._first)
        while not self._stop.wait(self.interval_s):
            self._call(self._tick)

    def _call(self, fn: Callable[[], object]) -> None:
        try:
            fn()
        except Exception:  # one bad check must not end the checks for the whole show
            log.exception("%s: a periodic check failed", self.name)
