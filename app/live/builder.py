"""The session builder: settings + a show plan (live) or a bundle (replay) -> an engine.

This is the composition root. Nothing else decides which sources and processors a
session runs: ``python -m app`` (the window), ``python -m app live`` (headless or not),
``python -m app demo`` and the tests all come through here, so the demo is a replay of
the live show through the same code, not a different program.

Live: the show plan's rundown is resolved against the catalog (a SKU the catalog lacks
is left out with an alert, the show goes on); with no plan the catalog's products make an
ad-hoc rundown, so a streamer with a catalog never starts with an empty queue. Sources
are the ingest server (comments, gifts, viewers and orders from the platforms), any
``--connect`` connectors, the microphone and the camera; missing hardware only leaves a
source out and says so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from app.chat.connectors import ConnectorError, source_from_spec
from app.chat.replay import JsonlScriptSource
from app.commerce.catalog import ProductInfo
from app.commerce.plans import ShowPlan, adhoc_plan, resolve_plan
from app.commerce.repository import load_products
from app.commerce.show import RunOfShow
from app.config import Config
from app.errors import UserError
from app.live.processors import build_commerce, build_processors, recognizer_for
from app.messages import QT_TRANSLATE_NOOP, Message
from app.session.bundle import SessionBundle
from app.session.clock import SessionClock
from app.session.disk import DiskGuard
from app.session.engine import SessionEngine, ShowInfo
from app.session.pipeline import Pipeline
from app.session.sources import Source
from app.store.db import Store

log = logging.getLogger("app.live.builder")

_SCRIPT_NARRATION = QT_TRANSLATE_NOOP("Messages", "Showing the demo script's narration. {speech}")
_MISSING_SKUS = QT_TRANSLATE_NOOP(
    "Messages",
    "Not in the catalog, left out of the queue: {skus}. Add them in Catalog ▸ New product… "
    "(or `python -m app products import`) — the show goes on without them.",
)
_EMPTY_CATALOG = QT_TRANSLATE_NOOP(
    "Messages",
    "The catalog is empty: the show runs on comments and orders. Add products in Catalog ▸ "
    "New product… or with `python -m app products import FILE`.",
)


class TakesPlans(Protocol):
    """What :func:`replan` needs of a show: the engine, or the window's view of it."""

    def set_plan(self, plan: ShowPlan, products: list[ProductInfo]) -> None: ...


def replan(store: Store, engine: TakesPlans, plan: ShowPlan) -> ShowPlan:
    """The show plan edited while on air: saved, resolved against the catalog as it is now,
    and handed to the running show. Raises ``PlanError`` when the plan cannot be saved."""
    from app.commerce.plans import save_plan

    saved = save_plan(store, plan)
    products, _missing = resolve_plan(saved, load_products(store))
    engine.set_plan(saved, products)
    return saved


def ingest_source(config: Config) -> Source:
    """The local ingest/overlay server configured by ``config`` (see app/server)."""
    from app.server.source import IngestServerSource

    return IngestServerSource.from_config(config)


def camera_source(spec: str | None, config: Config) -> Source | None:
    """The live video source for ``--camera`` (see :func:`app.vision.sources.camera_from_spec`)."""
    from app.vision.sources import camera_from_spec

    return camera_from_spec(spec, config.settings)


def connector_sources(specs: Sequence[str], data_dir: Path | None = None) -> list[Source]:
    """``--connect`` sources (douyin:ROOM, twitch:CHANNEL, csv:PATH, ...; see
    :mod:`app.chat.connectors`); a bad one is a UserError. ``data_dir`` holds the browser
    bridge's profiles and bad-frame reports."""
    try:
        return [source_from_spec(spec, data_dir) for spec in specs]
    except ConnectorError as exc:
        raise UserError(str(exc)) from exc


def plan_for_live(store: Store, plan: ShowPlan | None) -> tuple[ShowPlan, list[ProductInfo]]:
    """The plan to run and the catalog it is resolved against (no plan: an ad-hoc one)."""
    catalog = load_products(store)
    return (plan if plan is not None else adhoc_plan(catalog)), catalog


def build_live(
    config: Config,
    store: Store,
    plan: ShowPlan | None = None,
    *,
    camera: str | None = None,
    connect: Sequence[str] = (),
    microphone: bool = True,
) -> SessionEngine:
    """The live show: ``plan`` (None: every catalog product) with real sources.

    ``camera`` is the ``--camera`` spec (None: the camera setting; "off": no video).
    """
    plan, catalog = plan_for_live(store, plan)
    products, missing = resolve_plan(plan, catalog)
    extra = connector_sources(connect, config.data_dir)
    sources: list[Source] = [ingest_source(config), *extra]
    if microphone:
        from app.speech.mic import MicSource

        sources.append(MicSource(config.settings.mic_device))
    video = camera_source(camera, config)
    if video is not None:
        sources.append(video)
    recognizer, speech_note = recognizer_for(config)
    pipeline = build_processors(config, products, recognizer)
    if missing:
        pipeline.warnings.append(Message(_MISSING_SKUS, {"skus": ", ".join(missing)}))
    if not catalog:
        pipeline.warnings.append(Message(_EMPTY_CATALOG, {}))
    info = ShowInfo(
        title=plan.title, host=plan.host, platform=plan.platform, mode="live", show_id=plan.id
    )
    return _engine(
        config,
        store,
        sources,
        pipeline=pipeline,
        info=info,
        products=products,
        plan=plan,
        speech_note=speech_note,
    )


def build_replay(
    config: Config,
    store: Store,
    bundle: SessionBundle,
    *,
    speed: float = 1.0,
    seconds: float | None = None,
    mode: str = "demo",
    ingest: bool = True,
) -> SessionEngine:
    """A replay of ``bundle`` (the rehearsal demo), limited to ``seconds`` if given.

    ``ingest`` also starts the local ingest server, so a person can post comments into the
    rehearsal; a port in use only turns the "server" dot red.
    """
    from app.speech.script import ScriptTranscriptSource
    from app.speech.sources import WavReplaySource
    from app.vision.sources import VideoFileSource

    until = bundle.duration_ms or None
    if seconds is not None:
        limit = int(seconds * 1000)
        until = min(until, limit) if until else limit
    sources: list[Source] = [JsonlScriptSource(bundle.events, until_ms=until)]
    if bundle.video is not None:
        sources.append(VideoFileSource(bundle.video, until_ms=until))
    if bundle.audio is not None:
        sources.append(WavReplaySource(bundle.audio, until_ms=until))
    recognizer, speech_note = recognizer_for(config)
    note: Message | str = speech_note if recognizer is not None else ""
    if recognizer is None and bundle.narration is not None:
        sources.append(ScriptTranscriptSource(bundle.narration, until_ms=until))
        note = Message(_SCRIPT_NARRATION, {"speech": speech_note})
    if ingest:
        sources.append(ingest_source(config))
    info = ShowInfo(title=bundle.title, host=bundle.host, platform=bundle.platform, mode=mode)
    return _engine(
        config,
        store,
        sources,
        pipeline=build_processors(config, bundle.products, recognizer),
        info=info,
        products=bundle.products,
        rundown=bundle.rundown,
        speed=speed,
        until_ms=until,
        speech_note=note,
    )


def load_replay(
    config: Config,
    store: Store,
    bundle_dir: Path,
    *,
    speed: float = 1.0,
    seconds: float | None = None,
) -> SessionEngine:
    """:func:`build_replay` of the bundle folder ``bundle_dir`` (the demo's by default)."""
    from app.session.bundle import load_bundle

    return build_replay(config, store, load_bundle(bundle_dir), speed=speed, seconds=seconds)


def disk_guard(config: Config, pipeline: Pipeline, now_ms: Callable[[], int]) -> DiskGuard:
    """The free-space watch over the data folder, with the recorders it may stop."""
    from app.speech.audio_recorder import AudioRecorder
    from app.vision.recorder import VideoRecorder
    from app.vision.stage import VisionStage

    video = audio = None
    for processor in pipeline.processors:
        if isinstance(processor, VisionStage):
            video = next((o for o in processor.outputs if isinstance(o, VideoRecorder)), None)
        elif isinstance(processor, AudioRecorder) and processor.enabled:
            audio = processor
    return DiskGuard(config.data_dir, video=video, audio=audio, now_ms=now_ms)


def room_processors(config: Config, show: RunOfShow, now_ms: Callable[[], int]) -> list[Any]:
    """Running the room: claims counted from comments, the giveaway desk."""
    from app.show.claims import ClaimCounter
    from app.show.giveaway import GiveawayDesk, pseudonymizer_for

    return [ClaimCounter(show, now_ms=now_ms), GiveawayDesk(pseudonymizer_for(config), now_ms)]


def show_control(
    config: Config,
    store: Store,
    show: RunOfShow,
    now_ms: Callable[[], int],
    *,
    host: str,
    products: Sequence[ProductInfo],
) -> list[Any]:
    """OBS following the product (idle while off, so switching it on applies at once) and
    the prompter comparing the show with the host's own earlier shows."""
    from app.show.obs import ObsControl
    from app.show.prompter import Prompter, load_host_history

    def flash_running() -> str | None:
        flash = show.snapshot().flash
        return flash.sku if flash is not None else None

    prompter = Prompter(
        list(products),
        now_ms,
        load_history=lambda sid: load_host_history(store, host, exclude_session=sid),
        flash_running=flash_running,
    )
    return [ObsControl.from_config(config, list(products), now_ms), prompter]


def add_before_speech(pipeline: Pipeline, processors: Sequence[Any]) -> None:
    """Add observers while keeping the speech recognizer last (detached first)."""
    from app.speech.recognizer import RecognizerProcessor

    last = pipeline.processors[-1:] if pipeline.processors else []
    keep_last = bool(last) and isinstance(last[0], RecognizerProcessor)
    at = len(pipeline.processors) - 1 if keep_last else len(pipeline.processors)
    pipeline.processors[at:at] = list(processors)


def _engine(
    config: Config,
    store: Store,
    sources: list[Source],
    *,
    pipeline: Pipeline,
    info: ShowInfo,
    products: list[ProductInfo],
    rundown: list[str] | None = None,
    plan: ShowPlan | None = None,
    speed: float = 1.0,
    until_ms: int | None = None,
    speech_note: Message | str = "",
) -> SessionEngine:
    clock = SessionClock(speed)
    pipeline.processors.insert(0, disk_guard(config, pipeline, clock.now_ms))
    order = list(rundown) if rundown is not None else [p.sku for p in products]
    show, recommendations = build_commerce(config, store, products, order, clock.now_ms)
    add_before_speech(pipeline, room_processors(config, show, clock.now_ms))
    # After the disk guard: detached late, so OBS stops recording after everything else.
    pipeline.processors[1:1] = show_control(
        config, store, show, clock.now_ms, host=info.host, products=products
    )
    return SessionEngine(
        config,
        store,
        sources,
        info=info,
        clock=clock,
        show=show,
        recommendations=recommendations,
        pipeline=pipeline,
        products=products,
        rundown=order,
        plan=plan,
        until_ms=until_ms,
        speech_note=speech_note,
    )
