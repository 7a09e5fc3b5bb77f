"""The session engine: wires sources, processors, recorder and store for one session.

It is Qt-free: the GUI, the headless demo, tests and benchmarks drive the same engine.
Threads: each source has its own; the store writer has one; bus handlers run on the
publishing source's thread and only do cheap work (count, convert, enqueue).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy.orm import Session

from app.analytics.kpis import KPI_EVENTS, LiveKpis
from app.chat.pseudonym import Pseudonymizer, load_or_create_salt
from app.commerce.catalog import ProductInfo
from app.commerce.plans import ShowPlan
from app.commerce.recommend import RecommendationService
from app.commerce.repository import add_missing_products
from app.commerce.show import QUEUED, SKIPPED, RunOfShow
from app.config import Config, Settings
from app.messages import QT_TRANSLATE_NOOP, Message
from app.server.source import IngestServerSource, find_server
from app.session import lifecycle
from app.session.bus import EventBus
from app.session.clock import SessionClock
from app.session.events import (
    AlertEvent,
    CommentEvent,
    Event,
    FrameEvent,
    OrderEvent,
    ProductSwitchEvent,
    SourceStatusEvent,
    TranscriptEvent,
)
from app.session.pipeline import Pipeline
from app.session.recorder import Recorder
from app.session.sources import Source
from app.show.claims import ClaimCounter
from app.show.giveaway import GiveawayDesk
from app.show.obs import ObsControl
from app.show.prompter import Prompter
from app.speech.recognizer import RecognizerProcessor
from app.store.db import Store
from app.store.models import QueueItem
from app.store.writer import StoreWriter, WriterHealth, WriterStatus
from app.vision.stage import VisionStage

log = logging.getLogger("app.session.engine")
T = TypeVar("T")

_RECORDING_TO = QT_TRANSLATE_NOOP("Messages", "recording to {url}")

ENDED_STATES = ("ended", "error")


_STAT_KEYS: dict[type[Event], str] = {
    FrameEvent: "frames",
    CommentEvent: "comments",
    OrderEvent: "orders",
    TranscriptEvent: "transcript_segments",
    ProductSwitchEvent: "product_switches",
    AlertEvent: "alerts",
}


class SessionStats:
    """Thread-safe counters of what went over the bus."""

    KEYS = ("frames", "comments", "orders", "transcript_segments", "product_switches", "alerts")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts = dict.fromkeys(self.KEYS, 0)
        self._gmv = 0.0

    def feed(self, event: Event) -> None:
        key = self._key(event)
        if key is None:
            return
        with self._lock:
            self._counts[key] += 1
            if isinstance(event, OrderEvent):
                self._gmv += event.amount

    @staticmethod
    def _key(event: Event) -> str | None:
        if isinstance(event, TranscriptEvent) and not event.final:
            return None
        return _STAT_KEYS.get(type(event))

    def snapshot(self) -> dict[str, int | float]:
        with self._lock:
            return {**self._counts, "gmv": round(self._gmv, 2)}


@dataclass(frozen=True, slots=True)
class ShowInfo:
    """What the recorded session is called and where it came from."""

    title: str
    host: str = ""
    platform: str = ""
    mode: str = "live"  # "live" or "demo" (a replay)
    show_id: int | None = None  # the show plan it was started from


@dataclass(frozen=True, slots=True)
class SessionOutcome:
    """What the store holds of a stopped session: the truth the end of a show reports."""

    closed: bool  # the session row says how it ended (not still "live")
    unsaved: int = 0  # rows still in memory when the writer had to give up (disk, server)
    dropped: int = 0  # rows dropped because the backlog was full
    rejected: int = 0  # rows the database refused (logged, the others kept)
    crashes: int = 0  # times the writer thread died and was restarted

    @classmethod
    def of(cls, closed: bool, health: WriterHealth) -> SessionOutcome:
        return cls(closed, health.backlog, health.dropped, health.rejected, health.deaths)

    @property
    def complete(self) -> bool:
        return self.closed and not (self.unsaved or self.dropped or self.rejected or self.crashes)

    @property
    def status(self) -> str:
        """ "ended", "ended with losses" (recorded, some rows missing) or "not saved"."""
        if not self.closed or self.unsaved:
            return "not saved"
        return "ended" if self.complete else "ended with losses"

    def describe(self) -> str:
        """One line for a person: what is missing and why."""
        if self.complete:
            return "every event was saved"
        parts = []
        if not self.closed:
            parts.append("the session could not be closed in the database")
        if self.unsaved:
            parts.append(f"{_events(self.unsaved)} not written (disk full or database gone)")
        if self.dropped:
            parts.append(f"{_events(self.dropped)} dropped (the database fell behind)")
        if self.rejected:
            parts.append(f"{_events(self.rejected)} refused by the database (see the log)")
        if self.crashes:
            parts.append(
                f"the database writer crashed {self.crashes} time(s) and was restarted; "
                "some events may be missing"
            )
        return "; ".join(parts)


def _events(n: int) -> str:
    return "1 event" if n == 1 else f"{n:,} events"


def _first(pipeline: Pipeline, kind: type[T]) -> T | None:
    """The pipeline's processor of ``kind`` (None: the show runs without it)."""
    return next((p for p in pipeline.processors if isinstance(p, kind)), None)


class SessionEngine:
    """One live or replayed session from start to stop.

    Built by the session builder (``app.live``), never by hand: it gets its sources, its
    processors and its run-of-show ready-made. The UI and tests use it through this
    façade: ``show`` (run-of-show), ``recommendations``, ``vision``, ``speech``,
    ``server``, ``store``, ``config``, ``plan``; ``configure(settings)`` applies settings
    that take effect at once, ``update_products`` catalog edits made while on air.
    """

    def __init__(
        self,
        config: Config,
        store: Store,
        sources: list[Source],
        *,
        info: ShowInfo,
        clock: SessionClock,
        show: RunOfShow,
        recommendations: RecommendationService,
        pipeline: Pipeline,
        products: list[ProductInfo] | None = None,
        rundown: list[str] | None = None,
        plan: ShowPlan | None = None,
        until_ms: int | None = None,
        speech_note: Message | str = "",
    ) -> None:
        self.config = config
        self.store = store
        self.sources = sources
        self.info = info
        self.plan = plan
        self.products = list(products or [])
        self.rundown = list(rundown or [p.sku for p in self.products])
        self.until_ms = until_ms
        self.speech_note = speech_note
        self.bus = EventBus()
        self.clock = clock
        self.kpis = LiveKpis()
        self.counters = SessionStats()
        self.finished = threading.Event()
        self.session_id: int | None = None
        self.recovered: list[int] = []
        self._on_air: str | None = None
        self._health: dict[str, SourceStatusEvent] = {}
        self._health_lock = threading.Lock()
        self._writer: StoreWriter | None = None
        self._recorder: Recorder | None = None
        self.show = show
        self.recommendations = recommendations
        # First in the pipeline, so they are detached last and their final events recorded.
        self.pipeline = pipeline
        self.pipeline.processors[:0] = [show, recommendations]
        self.vision: VisionStage | None = _first(pipeline, VisionStage)
        self.speech: RecognizerProcessor | None = _first(pipeline, RecognizerProcessor)
        self.claims: ClaimCounter | None = _first(pipeline, ClaimCounter)
        self.giveaways: GiveawayDesk | None = _first(pipeline, GiveawayDesk)
        self.obs: ObsControl | None = _first(pipeline, ObsControl)
        self.prompter: Prompter | None = _first(pipeline, Prompter)
        self.server: IngestServerSource | None = find_server(sources)
        self.source_names = frozenset(s.name for s in sources)
        self._started = False
        self._stopped = False
        #: Set by :meth:`stop` once the store has been closed (None before, or never started).
        self.outcome: SessionOutcome | None = None
        self._wire_bus()

    def _wire_bus(self) -> None:
        self.bus.subscribe(self.kpis.feed, KPI_EVENTS)
        self.bus.subscribe(self.counters.feed)
        self.bus.subscribe(self._on_status, (SourceStatusEvent,))
        self.bus.subscribe(self._on_switch, (ProductSwitchEvent,))

    # -- public API -----------------------------------------------------------------
    def on_air(self) -> str | None:
        return self._on_air

    def product(self, sku: str | None) -> ProductInfo | None:
        return next((p for p in self.products if p.sku == sku), None)

    @property
    def title(self) -> str:
        return self.info.title

    @property
    def started(self) -> bool:
        """True once :meth:`start` has opened the session (the show is on air)."""
        return self._started

    @property
    def stopped(self) -> bool:
        return self._stopped

    def configure(self, settings: Settings) -> None:
        """Hand settings that apply at once to every processor (Settings ▸ Save)."""
        for processor in self.pipeline.processors:
            try:
                processor.configure(settings)
            except Exception:
                log.exception("processor %r could not take the new settings", processor)

    def update_products(self, products: list[ProductInfo]) -> None:
        """Catalog edits made while on air reach the show at once.

        An edited product replaces the show's copy; a product new to the show joins the end
        of the queue. Live stock and sales already counted are kept.
        """
        merged = {p.sku: p for p in self.products}
        for product in products:
            if product.sku not in merged:
                self.rundown.append(product.sku)
            merged[product.sku] = product
        self.products = list(merged.values())
        for processor in self.pipeline.processors:
            try:
                processor.set_products(self.products)
            except Exception:
                log.exception("processor %r could not take the catalog edit", processor)

    def set_plan(self, plan: ShowPlan, products: list[ProductInfo]) -> None:
        """The show plan edited while on air: ``products`` (resolved against the catalog, in
        the new order) join or update the show, the queue takes the new order, and products
        taken out of the plan are skipped (the one on air stays until it is switched)."""
        self.plan = plan
        self.update_products(products)
        order = [p.sku for p in products]
        self.rundown = order + [s for s in self.rundown if s not in order]
        self.show.set_order(order)
        on_air, states = self.on_air(), self.show.snapshot().states
        for sku, state in states.items():
            if sku not in order and sku != on_air:
                self.show.mark(sku, SKIPPED)
            elif sku in order and state == SKIPPED:
                self.show.mark(sku, QUEUED)  # back in the plan: back in the queue

    def health(self) -> dict[str, SourceStatusEvent]:
        with self._health_lock:
            return dict(self._health)

    def stats(self) -> dict[str, int | float]:
        stats = self.counters.snapshot()
        if self._writer is not None:
            health = self._writer.health()
            stats["dropped"] = health.dropped
            stats["backlog"] = health.backlog
            stats["rejected"] = health.rejected
            stats["writer_restarts"] = health.deaths
        return stats

    def start(self) -> None:
        """Open the session in the store and start every thread (does not block)."""
        if self._started:
            return
        self._started = True
        self.recovered = lifecycle.recover_sessions(self.store)
        if self.products:
            add_missing_products(self.store, self.products)
        self.clock.start()
        started_at = self.clock.started_at
        assert started_at is not None
        info = self.info
        self.session_id = lifecycle.begin_session(
            self.store,
            title=info.title,
            platform=info.platform,
            host=info.host,
            mode=info.mode,
            started_at=started_at,
            show_id=info.show_id,
        )
        self._start_recording(started_at)
        self._start_processors()
        for source in self.sources:
            source.start(self.bus, self.clock)
        if not self._replay_sources():
            self.finished.set()

    def add_source(self, source: Source) -> None:
        """Take in one more source (Connections ▸ Connect): started now when the show is on
        air, else at :meth:`start`; stopped with the others at :meth:`stop`."""
        self.sources.append(source)
        self.source_names = self.source_names | {source.name}
        if self._started and not self._stopped:
            source.start(self.bus, self.clock)

    def switch_product(self, sku: str | None) -> None:
        """Operator action: put ``sku`` on air (None: nothing on air)."""
        if sku == self._on_air:
            return
        self.bus.publish(
            ProductSwitchEvent(
                self.clock.now_ms(), sku=sku, previous=self._on_air, reason="operator"
            )
        )

    def next_product(self) -> str | None:
        """Operator action: put the run-of-show's next product on air; returns its SKU."""
        sku = self.show.next_sku()
        if sku is not None:
            self.switch_product(sku)
        return sku

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the replay has finished; True if it did within ``timeout``."""
        return self.finished.wait(timeout)

    def stop(self, status: str = "ended") -> None:
        """Stop sources, write everything pending and close the session. Idempotent."""
        if self._stopped:
            return
        self._stopped = True
        if not self._started:
            return  # never went live: nothing was opened, nothing to close
        for source in self.sources:
            source.stop()
        for source in self.sources:
            if not source.join(timeout=5.0):
                log.warning("source %s did not stop in time", source.name)
        self._stop_processors()
        if self._recorder is not None:
            self._recorder.detach()
        self._close_in_store(status)

    # -- internals ------------------------------------------------------------------
    def _start_recording(self, started_at: datetime) -> None:
        assert self.session_id is not None
        settings = self.config.settings
        writer = StoreWriter(
            self.store, flush_ms=settings.store_flush_ms, batch_size=settings.store_batch_size
        )
        sid, clock = self.session_id, self.clock
        writer.heartbeat = lambda s: lifecycle.heartbeat(s, sid, clock.now_ms())
        writer.on_status = self._on_writer_status
        writer.call(self._create_queue)
        writer.start()
        pseudo = Pseudonymizer(
            load_or_create_salt(self.config.data_dir), enabled=settings.pseudonymize_viewers
        )
        self._recorder = Recorder(writer, sid, started_at, pseudo)
        self._recorder.attach(self.bus)
        self._writer = writer
        recording = Message(_RECORDING_TO, {"url": self.store.display_url})
        self.bus.publish(SourceStatusEvent(0, "store", "ok", str(recording), recording))

    def _create_queue(self, session: Session) -> None:
        for position, sku in enumerate(self.rundown):
            session.add(QueueItem(session_id=self.session_id, sku=sku, position=position))

    def _start_processors(self) -> None:
        for processor in self.pipeline.processors:
            if self.session_id is not None:
                processor.bind_session(self.session_id)  # e.g. the recording folder
            processor.attach(self.bus)
        for warning in self.pipeline.warnings:
            self._alert("system", "warning", warning)

    def _stop_processors(self) -> None:
        """Detach in reverse order so a stage hands on what it holds to live observers."""
        for processor in reversed(self.pipeline.processors):
            try:
                processor.detach()
            except Exception:
                log.exception("processor %r failed to stop cleanly", processor)

    def _close_in_store(self, status: str) -> None:
        writer = self._writer
        if writer is None or self.session_id is None:
            return
        sid, end_ms = self.session_id, self.clock.now_ms()
        if self.until_ms is not None:
            end_ms = min(end_ms, self.until_ms)

        def close(s: Session) -> None:
            # Runs after every row queued before it: the counts are final for the rows.
            losses = SessionOutcome.of(True, writer.health())
            note = "" if losses.complete else f"Not everything was saved: {losses.describe()}."
            lifecycle.close_session(s, sid, status, end_ms, note)

        done = writer.call(close)
        writer.heartbeat = None
        finished = writer.close(timeout=15.0)
        if not finished:
            log.error("the database writer did not finish in time; some events may be lost")
        closed = done.done() and done.exception() is None
        if done.done() and done.exception() is not None:
            log.error("could not close session %s: %s", sid, done.exception())
        self.outcome = SessionOutcome.of(closed, writer.health())
        if not self.outcome.complete:
            log.error("session %s: %s", sid, self.outcome.describe())

    def _alert(self, kind: str, severity: str, text: Message | str) -> None:
        self.bus.publish(AlertEvent.of(self.clock.now_ms(), kind, severity, text))

    def _on_writer_status(self, status: WriterStatus) -> None:
        self.bus.publish(
            SourceStatusEvent(self.clock.now_ms(), "store", status.state, status.message)
        )
        if status.state == "error":
            self._alert("system", "warning", status.message)

    def _on_status(self, event: SourceStatusEvent) -> None:
        with self._health_lock:
            self._health[event.source] = event
            done = all(
                s.name in self._health and self._health[s.name].state in ENDED_STATES
                for s in self._replay_sources()
            )
        if done:
            self.finished.set()

    def _on_switch(self, event: ProductSwitchEvent) -> None:
        self._on_air = event.sku

    def _replay_sources(self) -> list[Source]:
        """Sources that end by themselves; live ones (the ingest server) run until stop."""
        return [s for s in self.sources if not s.endless]
