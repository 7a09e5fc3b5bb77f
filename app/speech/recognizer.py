"""Live speech recognition with Vosk, as a session processor.

:class:`StreamingRecognizer` is the synchronous core (feed PCM, get transcript events on
the session clock); the benchmark drives it directly. :class:`RecognizerProcessor` runs
it on a worker thread: the bus handler only enqueues audio chunks (bounded queue, drops
counted), so the audio source never waits for the decoder.

Timing: Vosk reports word times relative to the audio it has been fed. We anchor that
stream at the session time of the first chunk and re-anchor after a gap (dropped chunks
or a paused source), so word times stay on the session clock over hours of audio.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.messages import QT_TRANSLATE_NOOP, Message
from app.priority import yield_to_window
from app.session.bus import EventBus
from app.session.events import AudioChunkEvent, SourceStatusEvent, TranscriptEvent
from app.session.pipeline import ProcessorDefaults
from app.speech.models import InstalledModel, ModelError

log = logging.getLogger("app.speech.recognizer")

#: A jump in chunk timestamps larger than this (ms) starts a new recognition stream.
GAP_MS = 400

_NO_VOSK = QT_TRANSLATE_NOOP("Messages", "the vosk package is not installed (pip install vosk)")
_CANNOT_LOAD = QT_TRANSLATE_NOOP("Messages", "cannot load speech model {model}: {error}")
_LOAD_FAILED = QT_TRANSLATE_NOOP("Messages", "{error} — the rest of the session keeps running")
_LOADED = QT_TRANSLATE_NOOP("Messages", "Recognizing with {model} ({seconds:.1f} s to load)")
_FAILED = QT_TRANSLATE_NOOP("Messages", "recognizer failed: {error}")
_RECOGNIZING = QT_TRANSLATE_NOOP("Messages", "Recognizing with {model}")
_LATENCY = QT_TRANSLATE_NOOP("Messages", "latency {seconds:.1f} s")
_RTF = QT_TRANSLATE_NOOP("Messages", "RTF {rtf:.2f}")
_DROPPED = QT_TRANSLATE_NOOP("Messages", "dropped {n} chunks (CPU too slow)")
_AND = QT_TRANSLATE_NOOP("Messages", "{a} · {b}")


def load_vosk_model(model: InstalledModel) -> Any:
    """Load a model folder with Vosk (never by language: that downloads).

    Raises:
        ModelError: vosk missing or the model cannot be loaded.
    """
    try:
        import vosk
    except ImportError as exc:
        raise ModelError(Message(_NO_VOSK)) from exc
    vosk.SetLogLevel(-1)
    try:
        return vosk.Model(str(model.path))
    except Exception as exc:  # vosk raises a bare Exception on a broken model
        raise ModelError(Message(_CANNOT_LOAD, {"model": model.name, "error": str(exc)})) from exc


def resample(pcm: bytes, rate: int, target: int) -> bytes:
    """Linear-interpolation resampling of 16-bit mono PCM (cheap; ASR tolerates it)."""
    if rate == target or not pcm:
        return pcm
    import numpy as np

    src = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2").astype(np.float32)
    n_out = max(1, round(len(src) * target / rate))
    x_out = np.linspace(0, len(src) - 1, n_out, dtype=np.float64)
    out = np.interp(x_out, np.arange(len(src)), src)
    return np.clip(out, -32768, 32767).astype("<i2").tobytes()


@dataclass
class _Pending:
    end_ms: int
    arrived: float


class StreamingRecognizer:
    """Feeds PCM to a KaldiRecognizer and turns its JSON into :class:`TranscriptEvent`."""

    def __init__(self, vosk_model: Any, model: InstalledModel) -> None:
        import vosk

        self.model = model
        self.lang = model.lang
        self.rate = model.sample_rate
        self._vosk = vosk
        self._vmodel = vosk_model
        self._rec = self._new()
        self._base_ms: int | None = None  # session time of the stream's first sample
        self._fed_samples = 0
        #: (stream sample index, session ms) at each chunk start: word times are mapped
        #: through the chunk that holds them, so sources' timestamps win over sample counts
        #: (no drift when a source's clock and its sample count disagree slightly).
        self._anchors: deque[tuple[int, int]] = deque()
        self._last_partial = ""
        self._arrivals: deque[_Pending] = deque(maxlen=2000)
        self.audio_ms = 0.0
        self.busy_s = 0.0
        self.finals = 0
        self.partials = 0
        self.latencies_ms: deque[float] = deque(maxlen=500)
        #: Audio time between a segment's last word and the audio position that finalised it
        #: (the endpointer's trailing-silence wait): the latency floor in a real-time run.
        self.endpoint_waits_ms: list[int] = []

    def _new(self) -> Any:
        rec = self._vosk.KaldiRecognizer(self._vmodel, float(self.rate))
        rec.SetWords(True)
        return rec

    @property
    def position_ms(self) -> int:
        """Session time just after the last sample fed."""
        if not self._anchors:
            return (self._base_ms or 0) + self._fed_samples * 1000 // self.rate
        sample, t_ms = self._anchors[-1]
        return t_ms + (self._fed_samples - sample) * 1000 // self.rate

    def feed(
        self, pcm: bytes, t_ms: int, sample_rate: int, arrived: float | None = None
    ) -> list[TranscriptEvent]:
        """Decode one chunk starting at session time ``t_ms``; return new events."""
        started = time.perf_counter()
        events: list[TranscriptEvent] = []
        if self._base_ms is not None and abs(t_ms - self.position_ms) > GAP_MS:
            events.extend(self.flush())
        if self._base_ms is None:
            self._base_ms, self._fed_samples = t_ms, 0
        self._anchors.append((self._fed_samples, t_ms))
        data = resample(pcm, sample_rate, self.rate)
        self._fed_samples += len(data) // 2
        self.audio_ms += len(pcm) / 2 * 1000 / sample_rate
        self._arrivals.append(
            _Pending(self.position_ms, arrived if arrived is not None else time.monotonic())
        )
        if self._rec.AcceptWaveform(data):
            event = self._final(self._rec.Result())
            if event is not None:
                events.append(event)
        else:
            event = self._partial(self._rec.PartialResult())
            if event is not None:
                events.append(event)
        self.busy_s += time.perf_counter() - started
        return events

    def flush(self) -> list[TranscriptEvent]:
        """End the current stream (gap or stop): emit what Vosk still holds."""
        if self._base_ms is None:
            return []
        event = self._final(self._rec.FinalResult())
        self._rec = self._new()
        self._base_ms, self._fed_samples, self._last_partial = None, 0, ""
        self._anchors.clear()
        self._arrivals.clear()
        return [event] if event is not None else []

    def _session_ms(self, seconds: float) -> int:
        """Map a stream time (s, as Vosk reports it) to the session clock."""
        sample = round(seconds * self.rate)
        anchor_sample, anchor_ms = self._anchors[0] if self._anchors else (0, self._base_ms or 0)
        for chunk_sample, chunk_ms in self._anchors:
            if chunk_sample > sample:
                break
            anchor_sample, anchor_ms = chunk_sample, chunk_ms
        return anchor_ms + (sample - anchor_sample) * 1000 // self.rate

    def _prune_anchors(self, seconds: float) -> None:
        """Forget anchors wholly before ``seconds``: Vosk never reports earlier words again."""
        sample = int(seconds * self.rate)
        while len(self._anchors) > 1 and self._anchors[1][0] <= sample:
            self._anchors.popleft()

    def _partial(self, raw: str) -> TranscriptEvent | None:
        text = json.loads(raw).get("partial", "").strip()
        if not text or text == self._last_partial:
            return None
        self._last_partial = text
        self.partials += 1
        now = self.position_ms
        return TranscriptEvent(
            now, end_ms=now, text=text, final=False, lang=self.lang, source="vosk"
        )

    def _final(self, raw: str) -> TranscriptEvent | None:
        self._last_partial = ""
        result = json.loads(raw)
        text = result.get("text", "").strip()
        if not text:
            return None
        words = tuple(
            (str(w["word"]), self._session_ms(w["start"]), self._session_ms(w["end"]))
            for w in result.get("result", ())
        )
        raw_words = result.get("result", ())
        if raw_words:
            self._prune_anchors(float(raw_words[-1]["end"]))
        start = words[0][1] if words else self.position_ms
        end = words[-1][2] if words else self.position_ms
        self._record_latency(end)
        self.endpoint_waits_ms.append(self.position_ms - end)
        self.finals += 1
        return TranscriptEvent(
            start, end_ms=end, text=text, final=True, lang=self.lang, words=words, source="vosk"
        )

    def _record_latency(self, end_ms: int) -> None:
        """Wall time from the arrival of the audio holding the last word to now."""
        for pending in self._arrivals:
            if pending.end_ms >= end_ms:
                self.latencies_ms.append((time.monotonic() - pending.arrived) * 1000)
                return

    def rtf(self) -> float:
        return self.busy_s * 1000 / self.audio_ms if self.audio_ms else 0.0


class RecognizerProcessor(ProcessorDefaults):
    """Session processor: AudioChunkEvent in, partial and final TranscriptEvent out."""

    name = "speech"

    def __init__(
        self,
        model: InstalledModel,
        *,
        queue_size: int = 300,
        vosk_model: Any | None = None,
    ) -> None:
        self.model = model
        self._vosk_model = vosk_model
        self._queue: queue.Queue[tuple[AudioChunkEvent, float] | None] = queue.Queue(queue_size)
        self._bus: EventBus | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._thread: threading.Thread | None = None
        self._core: StreamingRecognizer | None = None
        self._lock = threading.Lock()
        self.dropped = 0
        self.error: str | None = None
        self.load_s: float | None = None
        self._last_t = 0

    def attach(self, bus: EventBus) -> None:
        self._bus = bus
        self._unsubscribe = bus.subscribe(self._on_audio, (AudioChunkEvent,))
        self._thread = threading.Thread(target=self._run, name="speech-recognizer", daemon=True)
        self._thread.start()

    def wait_drained(self, timeout: float | None = None, poll_s: float = 0.05) -> bool:
        """Block until the worker has taken every queued chunk (benchmarks, tests).

        A live session never needs this: audio arrives in real time and the queue stays
        short. ``detach`` alone bounds its wait, so stopping a session cannot hang.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._queue.qsize() and self._thread is not None and self._thread.is_alive():
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(poll_s)
        return True

    def detach(self) -> None:
        """Stop taking audio, decode what is queued, emit the last final, join the thread."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=30.0)
            self._thread = None

    def _on_audio(self, event: AudioChunkEvent) -> None:
        try:
            self._queue.put_nowait((event, time.monotonic()))
        except queue.Full:
            with self._lock:
                self.dropped += 1

    def stats(self) -> dict[str, Any]:
        """Figures for the status bar and benchmarks (thread-safe snapshot)."""
        core = self._core
        lat = sorted(core.latencies_ms) if core else []
        return {
            "model": self.model.name,
            "lang": self.model.lang,
            "load_s": None if self.load_s is None else round(self.load_s, 3),
            "rtf": round(core.rtf(), 4) if core else None,
            "latency_ms": round(lat[len(lat) // 2], 1) if lat else None,
            "latency_p95_ms": round(lat[int(len(lat) * 0.95) - 1 or 0], 1) if lat else None,
            "finals": core.finals if core else 0,
            "partials": core.partials if core else 0,
            "backlog": self._queue.qsize(),
            "dropped": self.dropped,
            "error": self.error,
        }

    def summary(self) -> str:
        """One line for the log and benchmarks (English; see :meth:`summary_message`)."""
        return str(self.summary_message())

    def summary_message(self) -> Message:
        """One line for the status bar and transcript panel, in the UI's language."""
        stats = self.stats()
        line = Message(_RECOGNIZING, {"model": self.model.name})
        if stats["latency_ms"] is not None:
            latency = Message(_LATENCY, {"seconds": stats["latency_ms"] / 1000})
            line = Message(_AND, {"a": line, "b": latency})
        if stats["rtf"] is not None:
            line = Message(_AND, {"a": line, "b": Message(_RTF, {"rtf": stats["rtf"]})})
        if stats["dropped"]:
            dropped = Message(_DROPPED, {"n": stats["dropped"]})
            line = Message(_AND, {"a": line, "b": dropped})
        return line

    def _publish(self, event: Any) -> None:
        if self._bus is not None:
            self._bus.publish(event)

    def _status(self, state: str, message: Message) -> None:
        self._publish(SourceStatusEvent(self._last_t, self.name, state, str(message), message))

    def _load(self) -> StreamingRecognizer:
        started = time.perf_counter()
        vmodel = self._vosk_model or load_vosk_model(self.model)
        self.load_s = time.perf_counter() - started
        return StreamingRecognizer(vmodel, self.model)

    def _run(self) -> None:
        yield_to_window()  # the window first (app/priority.py)
        try:
            self._core = self._load()
        except ModelError as exc:
            self.error = str(exc)
            first = exc.args[0] if exc.args else None
            error = first if isinstance(first, Message) else str(exc)
            self._status("error", Message(_LOAD_FAILED, {"error": error}))
            self._drain()
            return
        self._status("ok", Message(_LOADED, {"model": self.model.name, "seconds": self.load_s}))
        core = self._core
        while True:
            item = self._queue.get()
            if item is None:
                break
            event, arrived = item
            self._last_t = event.t_ms
            try:
                produced = core.feed(event.pcm, event.t_ms, event.sample_rate, arrived)
            except Exception as exc:  # a decoder failure must not kill the session
                log.exception("speech recognizer failed")
                self.error = str(exc)
                self._status("error", Message(_FAILED, {"error": str(exc)}))
                self._drain()
                return
            for out in produced:
                self._publish(out)
                if out.final:
                    self._status("ok", self.summary_message())
        for out in core.flush():
            self._publish(out)

    def _drain(self) -> None:
        """After a failure keep consuming so detach() never blocks on a full queue."""
        while self._queue.get() is not None:
            pass
