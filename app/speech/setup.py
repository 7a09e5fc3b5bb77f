"""How a session gets its speech: the chosen Vosk model, or the scripted narration.

Kept apart from the engine so the engine only asks one question. Resolving a model is a
cheap filesystem check; loading it (seconds) happens later on the recognizer's thread.
"""

from __future__ import annotations

import logging
from typing import Any

from app.config import Config
from app.speech.models import ModelError, resolve_model
from app.speech.recognizer import RecognizerProcessor

log = logging.getLogger("app.speech.setup")

SETUP_HINT = (
    "To recognize live speech, install a model in Tools → Speech models 语音模型 "
    "(or `python -m app models install vosk-model-small-cn-0.22`) and make it active."
)


def recognizer_for(config: Config) -> tuple[RecognizerProcessor | None, str]:
    """The recognizer for the active model and the note the transcript panel shows.

    Returns ``(None, note)`` when no model is chosen (note: how to install one) or the
    chosen one is unusable (note: why) — the session then keeps the scripted narration.
    """
    spec = config.settings.speech_model.strip()
    if not spec:
        return None, SETUP_HINT
    try:
        model = resolve_model(spec, config.models_dir)
    except ModelError as exc:
        log.warning("speech model unavailable: %s", exc)
        return None, f"{exc}."
    return RecognizerProcessor(model), f"Recognizing with {model.name}"


def live_speech(config: Config) -> tuple[list[Any], Any, str]:
    """Mic source, processors (compliance, mentions, recognizer) and note for a live session.

    Without an active model the mic still drives the level meter and the note says how
    to install one; compliance and mentions then wait for a recognizer.
    """
    from app.session.pipeline import build_processors
    from app.speech.mic import MicSource

    recognizer, note = recognizer_for(config)
    pipeline = build_processors(config, [], recognizer)
    return [MicSource(config.settings.mic_device)], pipeline, note
