"""The source interface: anything that feeds events onto the bus from its own thread.

Live sources (camera, microphone, ingest server) and replay sources (video file, WAV,
JSONL script) share this interface, so a session, a test and a benchmark run the same
code whatever the events come from. A source reports its health with
:class:`~app.session.events.SourceStatusEvent` and never lets an exception escape its
thread: a failure becomes an "error" status the UI can show.
"""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod

from app.messages import QT_TRANSLATE_NOOP, Message
from app.priority import yield_to_window
from app.session.bus import EventBus
from app.session.clock import SessionClock
from app.session.events import Event, SourceStatusEvent

log = logging.getLogger("app.session.sources")

REPLAY_FINISHED = QT_TRANSLATE_NOOP("Messages", "replay finished")


class Source(ABC):
    """A threaded event source. Subclasses implement :meth:`run`."""

    #: Short name shown in the status bar ("video", "audio", "comments", ...).
    name: str = "source"
    #: Live sources (camera, ingest server, chat connectors) run until the session stops;
    #: they never count towards "the replay has finished".
    endless: bool = False
    #: A source of comments and counts (server, bridge, chat, replay) runs below the
    #: window's priority; cameras and microphones keep theirs (app/priority.py).
    background: bool = False

    def __init__(self, until_ms: int | None = None) -> None:
        self.until_ms = until_ms
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._bus: EventBus | None = None
        self._clock: SessionClock | None = None
        self.published = 0

    # -- lifecycle -----------------------------------------------------------------
    def start(self, bus: EventBus, clock: SessionClock) -> None:
        self._bus, self._clock = bus, clock
        self._stop.clear()
        self._thread = threading.Thread(target=self._main, name=f"source-{self.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread to end; True when it has."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- helpers for subclasses ------------------------------------------------------
    @property
    def clock(self) -> SessionClock:
        assert self._clock is not None, "source not started"
        return self._clock

    @property
    def stopping(self) -> threading.Event:
        return self._stop

    def emit(self, event: Event) -> None:
        assert self._bus is not None, "source not started"
        self.published += 1
        self._bus.publish(event)

    def status(self, state: str, message: str | Message = "") -> None:
        """Report this source's health; a :class:`Message` is shown in the UI's language."""
        if self._bus is not None:
            t_ms = self._clock.now_ms() if self._clock else 0
            note = message if isinstance(message, Message) else None
            self._bus.publish(SourceStatusEvent(t_ms, self.name, state, str(message), note))

    def wait_until(self, t_ms: int) -> bool:
        """Sleep until session time ``t_ms``; False when stopping or past ``until_ms``."""
        if self.until_ms is not None and t_ms >= self.until_ms:
            return False
        return self.clock.wait_until(t_ms, self._stop)

    # -- the work ------------------------------------------------------------------
    def _main(self) -> None:
        if self.background:
            yield_to_window()
        self.status("starting")
        try:
            self.run()
        except Exception as exc:  # a source must never take the session down
            log.exception("%s source failed", self.name)
            first = exc.args[0] if exc.args else None  # a UserError says it in words
            self.status(
                "error", first if isinstance(first, Message) else f"{type(exc).__name__}: {exc}"
            )
            return
        if not self._stop.is_set():
            self.status("ended", self.end_message())

    def end_message(self) -> str | Message:
        return Message(REPLAY_FINISHED)

    @abstractmethod
    def run(self) -> None:
        """Produce events until done or until :attr:`stopping` is set."""
