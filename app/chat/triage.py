"""The triage stage: labels every comment before the recorder and the UI see it.

It intercepts :class:`CommentEvent` on the bus (sources need not know it exists), queues
them, and a worker thread classifies them in batches (up to ``max_batch`` comments or
every ``interval_ms``), then hands each enriched copy on with ``bus.deliver``. Batching
amortises the model's numpy work; the bus handler only appends to a deque.

The queue is bounded. When it is full the comment is delivered at once *unlabelled*
and counted in ``overflow``: a host would rather see a raw comment than none, and the
count (``stats()``) says how many went past triage. :meth:`detach` classifies and
delivers everything still queued before it returns.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from app.chat.classifier import CommentClassifier
from app.messages import QT_TRANSLATE_NOOP, Message
from app.priority import yield_to_window
from app.session.bus import EventBus
from app.session.events import AlertEvent, CommentEvent, Event, SourceStatusEvent
from app.session.pipeline import ProcessorDefaults

log = logging.getLogger("app.chat.triage")

# Said once at start when the sentiment model is missing (see app/messages.py).
_SENTIMENT_OFF = QT_TRANSLATE_NOOP(
    "Messages", "Comment sentiment is off ({error}); intent and spam rules still run."
)

_RULES_ONLY = QT_TRANSLATE_NOOP("Messages", "rules only — {error}")
_NO_MODEL = QT_TRANSLATE_NOOP("Messages", "no sentiment model")
_MODEL = QT_TRANSLATE_NOOP("Messages", "comment model trained {trained}")
_OVERLOADED = QT_TRANSLATE_NOOP(
    "Messages", "{model}; overloaded: {n:,} comment(s) shown unlabelled"
)


def model_note(classifier: CommentClassifier) -> Message:
    """Which model runs, or why none does: ``classifier.status`` in the UI's language."""
    if classifier.model is None:
        error = classifier.model_error or Message(_NO_MODEL)
        return Message(_RULES_ONLY, {"error": error})
    trained = str(classifier.model.meta.get("trained_at", "?"))[:10]
    return Message(_MODEL, {"trained": trained})  # the model's kind is jargon: see its README


DEFAULT_MAX_BATCH = 256
DEFAULT_INTERVAL_MS = 20
DEFAULT_CAPACITY = 50_000
STATUS_SOURCE = "triage"


@dataclass(frozen=True, slots=True)
class TriageStats:
    """Counters of the stage (thread-safe snapshot)."""

    received: int
    classified: int
    overflow: int
    backlog: int
    batches: int
    errors: int
    model: str


class TriageStage(ProcessorDefaults):
    """Bus interceptor + worker thread that labels comments in batches."""

    def __init__(
        self,
        classifier: CommentClassifier | None = None,
        *,
        max_batch: int = DEFAULT_MAX_BATCH,
        interval_ms: int = DEFAULT_INTERVAL_MS,
        capacity: int = DEFAULT_CAPACITY,
    ) -> None:
        self.classifier = classifier or CommentClassifier.load()
        self.max_batch = max_batch
        self.interval_s = interval_ms / 1000
        self.capacity = capacity
        self._queue: deque[CommentEvent] = deque()
        self._cond = threading.Condition()
        self._stopping = False
        self._bus: EventBus | None = None
        self._remove: Callable[[], None] | None = None
        self._thread: threading.Thread | None = None
        self._received = self._classified = self._overflow = self._batches = self._errors = 0
        self._overflow_reported = 0

    # -- lifecycle ----------------------------------------------------------------------
    def attach(self, bus: EventBus) -> None:
        """Start intercepting comments; say on the bus which model runs (or why none)."""
        self._bus = bus
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="triage", daemon=True)
        self._thread.start()
        self._remove = bus.intercept(self._on_comment, (CommentEvent,))
        clf = self.classifier
        state = "ok" if clf.model is not None else "error"
        note = model_note(clf)
        bus.publish(SourceStatusEvent(0, STATUS_SOURCE, state, str(note), note))
        if clf.model is None:
            message = Message(_SENTIMENT_OFF, {"error": clf.model_error})
            bus.publish(AlertEvent.of(0, "system", "warning", message, source=STATUS_SOURCE))

    def detach(self) -> None:
        """Stop intercepting, classify and deliver everything queued, join the worker."""
        if self._remove is not None:
            self._remove()
            self._remove = None
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    # -- publisher threads --------------------------------------------------------------
    def _on_comment(self, event: Event) -> None:
        """Bus handler: enqueue (cheap); on overflow hand the comment on unlabelled."""
        assert isinstance(event, CommentEvent)
        with self._cond:
            self._received += 1
            if len(self._queue) < self.capacity and not self._stopping:
                self._queue.append(event)
                if len(self._queue) >= self.max_batch:
                    self._cond.notify()
                return
            self._overflow += 1
        if self._bus is not None:
            self._bus.deliver(event)

    # -- worker thread ------------------------------------------------------------------
    def _run(self) -> None:
        yield_to_window()  # the window first (app/priority.py)
        while True:
            with self._cond:
                if not self._queue and not self._stopping:
                    self._cond.wait(self.interval_s)
                if len(self._queue) < self.max_batch and not self._stopping:
                    self._cond.wait_for(
                        lambda: len(self._queue) >= self.max_batch or self._stopping,
                        self.interval_s,
                    )
                count = min(self.max_batch, len(self._queue))
                batch = [self._queue.popleft() for _ in range(count)]
                done = self._stopping and not self._queue
            if batch:
                self._process(batch)
            if done:
                return

    def _process(self, batch: list[CommentEvent]) -> None:
        """Classify a batch and deliver it in order; a failure delivers it unlabelled."""
        try:
            labels = self.classifier.classify(
                [e.text for e in batch], [e.user for e in batch], [e.t_ms for e in batch]
            )
            out = [
                dataclasses.replace(
                    e, lang=lab.lang, sentiment=lab.sentiment, intent=lab.intent, spam=lab.spam
                )
                for e, lab in zip(batch, labels, strict=True)
            ]
        except Exception:
            log.exception("classifying %d comments failed; delivering them unlabelled", len(batch))
            out = batch
            with self._cond:
                self._errors += 1
        with self._cond:
            self._batches += 1
            self._classified += len(out) if out is not batch else 0
        bus = self._bus
        if bus is not None:
            for event in out:
                bus.deliver(event)
            self._report_overflow(bus)

    def _report_overflow(self, bus: EventBus) -> None:
        """Say on the bus (panel status line) when comments went past triage unlabelled."""
        overflow = self._overflow
        if overflow == self._overflow_reported:
            return
        self._overflow_reported = overflow
        message = Message(_OVERLOADED, {"model": model_note(self.classifier), "n": overflow})
        bus.publish(SourceStatusEvent(0, STATUS_SOURCE, "ok", str(message), message))

    def stats(self) -> TriageStats:
        with self._cond:
            return TriageStats(
                received=self._received,
                classified=self._classified,
                overflow=self._overflow,
                backlog=len(self._queue),
                batches=self._batches,
                errors=self._errors,
                model=self.classifier.status,
            )
