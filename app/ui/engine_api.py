"""The slice of the session engine the UI relies on, as a typing Protocol.

The window is written against this duck type rather than ``app.session.engine`` so that
tests drive it with a small fake and the engine can evolve behind it.
"""

from __future__ import annotations

import threading
from typing import Protocol

from app.analytics.kpis import LiveKpis
from app.commerce.catalog import ProductInfo
from app.session.bus import EventBus
from app.session.clock import SessionClock
from app.session.events import SourceStatusEvent


class SessionEngineLike(Protocol):
    """What :class:`app.ui.main_window.MainWindow` reads and calls on the engine."""

    bus: EventBus
    clock: SessionClock
    kpis: LiveKpis
    products: list[ProductInfo]
    rundown: list[str]
    session_id: int | None
    title: str
    speech_note: str
    finished: threading.Event

    def on_air(self) -> str | None: ...

    def health(self) -> dict[str, SourceStatusEvent]: ...

    def stats(self) -> dict[str, int | float]: ...

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def switch_product(self, sku: str | None) -> None: ...
