"""A small thread-safe publish/subscribe bus for session events.

Publishers call :meth:`EventBus.publish` from any thread; handlers run synchronously in
the publisher's thread, so a handler must be quick (typically: put the event on its own
queue). A failing handler is logged and never breaks the publisher or other handlers.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, overload

from app.session.events import Event

log = logging.getLogger("app.session.bus")

Handler = Callable[[Any], None]
#: The event type a handler takes: ``subscribe(on_order, (OrderEvent,))`` type-checks a
#: handler of ``OrderEvent`` against the types it is subscribed to.
E = TypeVar("E", bound=Event)


class EventBus:
    """Dispatches events to the handlers subscribed to their type."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subs: list[tuple[Handler, tuple[type[Event], ...]]] = []
        self._stages: list[tuple[Handler, tuple[type[Event], ...]]] = []
        self._published = 0

    @overload
    def subscribe(self, handler: Callable[[Event], None]) -> Callable[[], None]: ...

    @overload
    def subscribe(
        self, handler: Callable[[E], None], types: Iterable[type[E]]
    ) -> Callable[[], None]: ...

    def subscribe(
        self, handler: Handler, types: Iterable[type[Event]] = (Event,)
    ) -> Callable[[], None]:
        """Call ``handler`` for every published event that is an instance of ``types``.

        Returns a function that removes the subscription.
        """
        entry = (handler, tuple(types))
        with self._lock:
            self._subs = [*self._subs, entry]

        def unsubscribe() -> None:
            with self._lock:
                self._subs = [s for s in self._subs if s is not entry]

        return unsubscribe

    def intercept(
        self, handler: Callable[[E], None], types: Iterable[type[E]]
    ) -> Callable[[], None]:
        """Route published events of ``types`` to ``handler`` instead of the subscribers.

        This makes a processing stage (e.g. comment triage) sit between the sources and
        everyone else: the stage enriches the events, usually in batches on its own
        thread, and hands them on with :meth:`deliver`. Sources need not know it exists.
        Only one interceptor per event type; returns a function that removes it.
        """
        entry = (handler, tuple(types))
        with self._lock:
            taken = [t for _, ts in self._stages for t in ts if t in entry[1]]
            if taken:
                raise ValueError(f"already intercepted: {', '.join(t.__name__ for t in taken)}")
            self._stages = [*self._stages, entry]

        def remove() -> None:
            with self._lock:
                self._stages = [s for s in self._stages if s is not entry]

        return remove

    def publish(self, event: Event) -> None:
        """Hand ``event`` to its interceptor if one is set, else to the subscribers."""
        for handler, types in self._stages:
            if isinstance(event, types):
                handler(event)
                return
        self.deliver(event)

    def deliver(self, event: Event) -> None:
        """Dispatch ``event`` to the subscribers, bypassing interceptors."""
        subs = self._subs  # copy-on-write list: safe to iterate without the lock
        self._published += 1
        for handler, types in subs:
            if isinstance(event, types):
                try:
                    handler(event)
                except Exception:
                    log.exception("event handler %r failed on %s", handler, type(event).__name__)

    @property
    def published(self) -> int:
        return self._published
