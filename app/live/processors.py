"""The processors a session runs, built from settings and the show's products.

Order matters: interceptors first (comment triage, the vision compositor), so observers
see enriched events; the run-of-show and suggestions are added first by the builder so
they detach last; the speech recognizer goes last so it detaches first and its final
sentence still reaches compliance and mentions. A processor that cannot be built (a
missing lexicon or model) is left out with a warning the UI shows; the show runs on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from app.commerce.catalog import ProductInfo
from app.commerce.recommend import (
    RecommendationService,
    Recommender,
    Weights,
    load_past_performance,
)
from app.commerce.show import RunOfShow
from app.config import Config
from app.messages import QT_TRANSLATE_NOOP, Message
from app.session.pipeline import Pipeline, Processor
from app.speech.models import ModelError, resolve_model
from app.speech.recognizer import RecognizerProcessor
from app.store.db import Store

log = logging.getLogger("app.live.processors")

SPEECH_SETUP_HINT = QT_TRANSLATE_NOOP(
    "Messages",
    "No speech model: captions, the transcript and ad-law alerts on speech are off. Install "
    "one in Tools ▸ Speech models… (or `python -m app models install "
    "vosk-model-small-cn-0.22`) and make it active.",
)
_MODEL_UNUSABLE = QT_TRANSLATE_NOOP(
    "Messages",
    "The speech model cannot be used ({error}). Choose another in Tools ▸ Speech models…",
)
_RECOGNIZING = QT_TRANSLATE_NOOP("Messages", "Recognizing with {model}")


# -- speech -------------------------------------------------------------------------------
def recognizer_for(config: Config) -> tuple[RecognizerProcessor | None, Message]:
    """The recognizer for the active model and the note the transcript panel shows.

    ``(None, note)`` when no model is chosen (note: how to install one) or the chosen one
    is unusable (note: why). Resolving is a cheap file check; loading the model (seconds)
    happens later on the recognizer's thread.
    """
    spec = config.settings.speech_model.strip()
    if not spec:
        return None, Message(SPEECH_SETUP_HINT, {})
    try:
        model = resolve_model(spec, config.models_dir)
    except ModelError as exc:
        log.warning("speech model unavailable: %s", exc)
        first = exc.args[0] if exc.args else None
        error = first if isinstance(first, Message) else str(exc)
        return None, Message(_MODEL_UNUSABLE, {"error": error})
    return RecognizerProcessor(model), Message(_RECOGNIZING, {"model": model.name})


# -- vision -------------------------------------------------------------------------------
def compositor_from_settings(config: Config) -> Any:
    """A compositor with the layers and placement the settings ask for."""
    from app.vision.compositor import Compositor
    from app.vision.trackers import Trackers

    s = config.settings
    card = s.overlay_card if s.overlay_card != "off" else "bottom-left"
    compositor = Compositor(
        Trackers(s.vision_processing_width), card_placement=card, background=s.overlay_background
    )
    if s.overlay_background_image:
        compositor.background.image_path = Path(s.overlay_background_image).expanduser()
    compositor.card.enabled = s.overlay_card != "off"
    compositor.lipstick.enabled = compositor.accessory.enabled = s.overlay_tryon
    compositor.captions.enabled = s.overlay_captions
    compositor.comment.enabled = s.overlay_comments
    compositor.enabled = s.overlays_enabled
    return compositor


def vision_stage(config: Config, products: Sequence[ProductInfo]) -> Processor:
    """The vision stage plus the outputs the settings ask for (recording, virtual camera)."""
    from app.vision.stage import VisionStage

    s = config.settings
    outputs: list[Any] = []
    if s.record_video:
        from app.vision.recorder import build_video_recorder

        outputs.append(build_video_recorder(config))  # H.264 + AAC, fragmented MP4
    if s.virtual_camera:
        from app.vision.vcam import VirtualCameraOutput

        outputs.append(VirtualCameraOutput(s.output_width, s.output_height, s.camera_fps))
    return VisionStage(
        list(products),
        compositor_factory=lambda: compositor_from_settings(config),
        outputs=outputs,
    )


# -- the other features -------------------------------------------------------------------
def _triage(config: Config, products: Sequence[ProductInfo]) -> Processor:
    from app.chat.triage import TriageStage

    return TriageStage()  # a missing model still runs the rules and raises an alert


def _compliance(config: Config, products: Sequence[ProductInfo]) -> Processor:
    from app.speech.compliance import monitor_for

    return monitor_for(config.settings, products)


def _mentions(config: Config, products: Sequence[ProductInfo]) -> Processor:
    from app.speech.mentions import MentionMonitor

    return MentionMonitor(products)


def _captions(config: Config, products: Sequence[ProductInfo]) -> Processor:
    from app.speech.captions import CaptionOverlay

    return CaptionOverlay()


def _audio_recording(config: Config, products: Sequence[ProductInfo]) -> Processor:
    from app.speech.audio_recorder import build_audio_recorder

    return build_audio_recorder(config)  # inert when record_audio is off


#: (name, factory) in attach order. Interceptors first, so observers see enriched events.
FACTORIES: list[tuple[str, Callable[[Config, Sequence[ProductInfo]], Processor]]] = [
    ("triage", _triage),
    ("compliance", _compliance),
    ("mentions", _mentions),
    ("captions", _captions),
    ("vision", vision_stage),
    ("audio recording", _audio_recording),
]


def build_processors(
    config: Config,
    products: Sequence[ProductInfo],
    recognizer: Processor | None = None,
) -> Pipeline:
    """The feature processors in attach order, each configured from the settings."""
    pipeline = Pipeline()
    for name, factory in FACTORIES:
        try:
            pipeline.processors.append(factory(config, products))
        except Exception as exc:
            log.warning("%s is off: %s", name, exc)
            pipeline.warnings.append(f"{name.capitalize()} is off: {exc}")
    if recognizer is not None:
        pipeline.processors.append(recognizer)
    for processor in pipeline.processors:
        processor.configure(config.settings)
    return pipeline


def build_commerce(
    config: Config,
    store: Store,
    products: Sequence[ProductInfo],
    rundown: Sequence[str],
    now_ms: Callable[[], int],
) -> tuple[RunOfShow, RecommendationService]:
    """The run-of-show and the "pitch next" service reading it, configured.

    Past performance is loaded on the service's worker thread (pandas, a database query),
    never on the caller's; the session being recorded is left out so it does not vote for
    itself (the service learns its id through ``bind_session``).
    """
    settings = config.settings
    show = RunOfShow(products, rundown, now_ms, low_stock=settings.low_stock_threshold)
    recommender = Recommender(products, rundown, weights=Weights.from_settings(settings))
    service = RecommendationService(
        recommender,
        now_ms,
        show=show,
        load_past=lambda session_id: load_past_performance(store, exclude_session=session_id),
    )
    for processor in (show, service):
        processor.configure(settings)
    return show, service
