"""Which processors a session runs, in order.

A processor attaches to the bus when the session starts and detaches (after handing on
anything it still holds) when it stops. Stages that enrich events before anyone else
sees them (comment triage) use :meth:`EventBus.intercept`; observers that derive new
events (compliance alerts, product mentions) subscribe and publish.

Each feature adds its processor in :func:`build_processors`; a processor that cannot be
built (missing lexicon, missing model) is left out with a warning the UI shows, and the
rest of the session runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from app.commerce.catalog import ProductInfo
from app.config import Config
from app.session.bus import EventBus

log = logging.getLogger("app.session.pipeline")


class Processor(Protocol):
    """Something that listens to (and may publish on) the session bus."""

    def attach(self, bus: EventBus) -> None: ...

    def detach(self) -> None: ...


@dataclass
class Pipeline:
    processors: list[Processor] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _triage(config: Config, products: list[ProductInfo]) -> Processor:
    from app.chat.triage import TriageStage

    return TriageStage()  # a missing model still runs the rules and raises an alert


def _compliance(config: Config, products: list[ProductInfo]) -> Processor:
    from app.speech.compliance import monitor_for

    return monitor_for(config.settings, products)


def _mentions(config: Config, products: list[ProductInfo]) -> Processor:
    from app.speech.mentions import MentionMonitor

    return MentionMonitor(products, auto_switch=config.settings.auto_switch_on_mention)


def _captions(config: Config, products: list[ProductInfo]) -> Processor:
    from app.speech.captions import CaptionOverlay

    return CaptionOverlay()


def _vision(config: Config, products: list[ProductInfo]) -> Processor:
    from app.vision.setup import build_vision_stage

    return build_vision_stage(config, products)


def _audio_recording(config: Config, products: list[ProductInfo]) -> Processor:
    from app.speech.audio_recorder import build_audio_recorder

    return build_audio_recorder(config)  # inert when record_audio is off


#: (name, factory) in attach order. Interceptors first, so observers see enriched events.
FACTORIES: list[tuple[str, Callable[[Config, list[ProductInfo]], Processor]]] = [
    ("triage", _triage),
    ("compliance", _compliance),
    ("mentions", _mentions),
    ("captions", _captions),
    ("vision", _vision),
    ("audio recording", _audio_recording),
]


def build_processors(
    config: Config, products: list[ProductInfo], recognizer: Processor | None = None
) -> Pipeline:
    """The session's processors; ``recognizer`` (speech) goes last so that it is detached
    first at stop and its final segment still reaches compliance and mentions."""
    pipeline = Pipeline()
    for name, factory in FACTORIES:
        try:
            pipeline.processors.append(factory(config, products))
        except Exception as exc:
            log.warning("%s is off: %s", name, exc)
            pipeline.warnings.append(f"{name.capitalize()} is off: {exc}")
    if recognizer is not None:
        pipeline.processors.append(recognizer)
    return pipeline
