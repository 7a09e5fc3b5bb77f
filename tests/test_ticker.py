"""The processors' clock: ticks until stopped, and a failing tick does not end the ticks."""

from __future__ import annotations

import threading

from app.session.ticker import Ticker


def test_a_failing_tick_is_logged_and_the_next_one_still_comes() -> None:
    calls: list[int] = []
    done = threading.Event()

    def tick() -> None:
        calls.append(len(calls))
        if len(calls) == 1:
            raise RuntimeError("one bad check")
        if len(calls) >= 3:
            done.set()

    first: list[str] = []
    ticker = Ticker("test-ticker", 0.01, tick, first=lambda: first.append("loaded"))
    ticker.start()
    ticker.start()  # idempotent
    try:
        assert done.wait(5)
    finally:
        ticker.stop()
    assert first == ["loaded"] and not ticker.running
    count = len(calls)
    ticker.stop()  # idempotent; nothing ticks any more
    assert len(calls) == count
