"""The session engine as the UI sees it: a typing Protocol of its façade.

The window is written against this type rather than ``app.session.engine`` so that tests
drive it with a small fake; the real engine (built by ``app.live``) satisfies it. The UI
never probes the engine with ``getattr``: what may be absent is typed ``X | None``.
"""

from __future__ import annotations

import threading
from typing import Protocol

from app.analytics.kpis import LiveKpis
from app.commerce.catalog import ProductInfo
from app.commerce.plans import ShowPlan
from app.commerce.recommend import RecommendationService
from app.commerce.show import RunOfShow
from app.config import Config, Settings
from app.messages import Message
from app.server.source import IngestServerSource
from app.session.bus import EventBus
from app.session.clock import SessionClock
from app.session.engine import SessionOutcome, ShowInfo
from app.session.events import SourceStatusEvent
from app.session.sources import Source
from app.show.claims import ClaimCounter
from app.show.giveaway import GiveawayDesk
from app.show.obs import ObsControl
from app.show.prompter import Prompter
from app.store.db import Store
from app.vision.stage import VisionStage


class SessionEngineLike(Protocol):
    """What the windows and dialogs read and call on the engine."""

    bus: EventBus
    clock: SessionClock
    kpis: LiveKpis
    config: Config
    store: Store | None  # None: a window without a database (tests, tools)
    info: ShowInfo
    plan: ShowPlan | None
    products: list[ProductInfo]
    rundown: list[str]
    session_id: int | None
    speech_note: Message | str  # what the transcript panel says about speech
    finished: threading.Event
    show: RunOfShow | None
    recommendations: RecommendationService | None
    vision: VisionStage | None
    server: IngestServerSource | None
    claims: ClaimCounter | None
    giveaways: GiveawayDesk | None
    obs: ObsControl | None
    prompter: Prompter | None
    outcome: SessionOutcome | None  # after stop: what the store holds of the show
    source_names: frozenset[str]  # "video", "audio", "server", ...: what this show takes in

    @property
    def title(self) -> str: ...

    @property
    def started(self) -> bool: ...

    @property
    def stopped(self) -> bool: ...

    def on_air(self) -> str | None: ...

    def health(self) -> dict[str, SourceStatusEvent]: ...

    def stats(self) -> dict[str, int | float]: ...

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def add_source(self, source: Source) -> None: ...

    def switch_product(self, sku: str | None) -> None: ...

    def next_product(self) -> str | None: ...

    def configure(self, settings: Settings) -> None: ...

    def update_products(self, products: list[ProductInfo]) -> None: ...

    def set_plan(self, plan: ShowPlan, products: list[ProductInfo]) -> None: ...
