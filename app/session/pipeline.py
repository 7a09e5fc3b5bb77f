"""What a session's processors are: the protocol, shared defaults, and their ordered list.

A processor attaches to the bus when the session starts and detaches (after handing on
anything it still holds) when it stops. Stages that enrich events before anyone else
sees them (comment triage) use :meth:`EventBus.intercept`; observers that derive new
events (compliance alerts, product mentions) subscribe and publish.

Which processors a session runs is decided by the session builder (``app.live``), the
only code that turns settings, a show plan or a replay into processors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from app.commerce.catalog import ProductInfo
from app.config import Settings
from app.messages import Message
from app.session.bus import EventBus


class Processor(Protocol):
    """Something that listens to (and may publish on) the session bus."""

    def attach(self, bus: EventBus) -> None: ...

    def detach(self) -> None: ...

    def configure(self, settings: Settings) -> None:
        """Take the settings that apply at once (at build time and when Settings is saved).

        Called from the GUI thread while the processor runs: swap whole values that the
        worker reads afresh, or use the processor's own lock.
        """

    def bind_session(self, session_id: int) -> None:
        """The session's id, once it is open in the store (e.g. its recording folder)."""

    def set_products(self, products: Sequence[ProductInfo]) -> None:
        """The show's products changed in the catalog while on air (any thread)."""


class ProcessorDefaults:
    """No-op ``configure``/``bind_session``/``set_products`` for processors that need none."""

    def configure(self, settings: Settings) -> None:
        return None

    def bind_session(self, session_id: int) -> None:
        return None

    def set_products(self, products: Sequence[ProductInfo]) -> None:
        return None


@dataclass
class Pipeline:
    """The processors in attach order, and the warnings of those that could not be built."""

    processors: list[Processor] = field(default_factory=list)
    warnings: list[Message | str] = field(default_factory=list)
