"""The bus side of a crash-safe recording (video frames with audio, audio chunks).

A recorder subscribes to its event types; the publisher only enqueues into a small
bounded queue (a full queue drops and counts, it never blocks the show) and a writer
thread hands each item to a writer, whose files are playable as soon as they are on the
disk (fragmented MP4) or carry their final name (WAV segments). A write error (disk
full, permissions) stops the recording with a status and the error text, and the
session goes on. Files go to ``<recordings_dir>/<session_id>/<kind>/``.
"""

from __future__ import annotations

import errno
import logging
import queue
import threading
from pathlib import Path
from typing import Any, ClassVar

from app.messages import QT_TRANSLATE_NOOP, Message
from app.session.bus import EventBus
from app.session.events import AlertEvent, Event, SourceStatusEvent
from app.session.pipeline import ProcessorDefaults

log = logging.getLogger("app.session.segments")

#: Said once, as an alert, when a write fails because the disk is full.
DISK_FULL = {
    "video": QT_TRANSLATE_NOOP(
        "Messages",
        "The disk is full: video recording stopped. What was recorded so far plays; comments "
        "and orders are still saved. Free some space.",
    ),
    "audio": QT_TRANSLATE_NOOP(
        "Messages",
        "The disk is full: audio recording stopped. What was recorded so far plays; comments "
        "and orders are still saved. Free some space.",
    ),
}

#: The recorder's status sentences, per kind (the kind is a word the translator must see).
TEXTS: dict[str, dict[str, str]] = {
    "video": {
        "recording": QT_TRANSLATE_NOOP("Messages", "recording video to {folder}"),
        "last_lost": QT_TRANSLATE_NOOP("Messages", "video recording: last segment lost ({error})"),
        "full": QT_TRANSLATE_NOOP(
            "Messages",
            "video recording stopped: the disk is full. What was recorded so far is kept; "
            "comments and orders are still saved",
        ),
        "stopped": QT_TRANSLATE_NOOP("Messages", "video recording stopped: {error}"),
    },
    "audio": {
        "recording": QT_TRANSLATE_NOOP("Messages", "recording audio to {folder}"),
        "last_lost": QT_TRANSLATE_NOOP("Messages", "audio recording: last segment lost ({error})"),
        "full": QT_TRANSLATE_NOOP(
            "Messages",
            "audio recording stopped: the disk is full. What was recorded so far is kept; "
            "comments and orders are still saved",
        ),
        "stopped": QT_TRANSLATE_NOOP("Messages", "audio recording stopped: {error}"),
    },
}


def disk_full(exc: BaseException) -> bool:
    """True when ``exc`` (or what caused it) says the disk or the quota is full."""
    seen: BaseException | None = exc
    while seen is not None:
        if getattr(seen, "errno", None) in {errno.ENOSPC, errno.EDQUOT}:
            return True
        if "No space left on device" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class SegmentRecorder(ProcessorDefaults):
    """Base class: subclasses name their ``kind`` and event types and do the writing."""

    kind: ClassVar[str]  # folder name and the word used in messages: "video", "audio"
    status_source: ClassVar[str]
    event_type: ClassVar[type[Event]]
    #: Every event type the recorder takes (default: ``(event_type,)``).
    event_types: ClassVar[tuple[type[Event], ...]] = ()

    def __init__(self, recordings_dir: Path, *, max_pending: int, enabled: bool = True) -> None:
        self.recordings_dir = recordings_dir
        self.enabled = enabled
        self.session_id: int | str = "unsaved"
        self._queue: queue.Queue[Any] = queue.Queue(max_pending)
        self._thread: threading.Thread | None = None
        self._undo: Any = None
        self._bus: EventBus | None = None
        self.writer: Any = None
        self.dropped = 0
        self.error: str | None = None
        self._halt: Message | str | None = None

    # -- what a subclass provides ---------------------------------------------------
    def open_writer(self) -> Any:
        """The writer for :attr:`folder` (called in attach)."""
        raise NotImplementedError

    def item(self, event: Event) -> Any:
        """What to queue for ``event`` (on the publisher's thread: keep it cheap)."""
        return event

    def write(self, item: Any) -> None:
        """Write one queued item with :attr:`writer` (on the writer thread)."""
        raise NotImplementedError

    def stopped_message(self, exc: BaseException) -> Message:
        """The status sentence when a write error stops the recording."""
        if disk_full(exc):
            return self._text("full")
        return self._text("stopped", error=str(exc))

    def _text(self, key: str, **values: object) -> Message:
        """This kind's status sentence ``key`` (see :data:`TEXTS`)."""
        return Message(TEXTS[self.kind][key], values)

    # -- processor protocol ---------------------------------------------------------
    def bind_session(self, session_id: int) -> None:
        """Called by the engine before attach: recordings go under the session's id."""
        self.session_id = session_id

    @property
    def folder(self) -> Path:
        return self.recordings_dir / str(self.session_id) / self.kind

    def attach(self, bus: EventBus) -> None:
        if not self.enabled:
            return
        self._bus = bus
        self.writer = self.open_writer()
        types = self.event_types or (self.event_type,)
        self._undo = bus.subscribe(self._on_event, types)
        self._thread = threading.Thread(target=self._run, name=f"{self.kind}-recorder", daemon=True)
        self._thread.start()

    def detach(self) -> None:
        """Stop listening, write what is queued, close the last segment."""
        if self._undo is not None:
            self._undo()
            self._undo = None
        if self._thread is not None:
            self._queue.put(None)  # waits only while the queue is full
            self._thread.join(timeout=15.0)
            self._thread = None

    def halt(self, reason: Message | str) -> None:
        """Stop recording for the rest of the show (the disk is nearly full): the writer
        thread closes the segment in hand, so what was recorded stays playable."""
        self._halt = reason

    # -- internals ------------------------------------------------------------------
    def _on_event(self, event: Event) -> None:
        if self._halt is not None and self.error is not None:
            return  # halted: nothing more is queued
        try:
            self._queue.put_nowait(self.item(event))
        except queue.Full:
            self.dropped += 1

    def taken(self, item: Any) -> None:
        """Called on the writer thread for each item taken from the queue."""

    def _run(self) -> None:
        announced = False
        try:
            while True:
                item = self._queue.get()
                if item is None:
                    break
                self.taken(item)
                if self._halt is not None and self.error is None:
                    self._stop_writing(self._halt)
                if self.error is None:
                    self._write(item)
                    if not announced and self.error is None:
                        announced = True
                        self._status("ok", self._text("recording", folder=str(self.folder)))
        finally:
            try:
                self.writer.close()
            except Exception as exc:
                log.exception("closing the last %s segment failed", self.kind)
                self._status("error", self._text("last_lost", error=str(exc)))

    def _stop_writing(self, reason: Message | str) -> None:
        """Close the segment in hand and write nothing more (writer thread)."""
        self.error = str(reason)
        try:
            self.writer.close()
        except Exception:
            log.exception("closing the %s segment after a halt failed", self.kind)
        self._status("error", reason)

    def _write(self, item: Any) -> None:
        try:
            self.write(item)
        except Exception as exc:  # disk full, permissions: stop recording, keep the show
            stopped = self.stopped_message(exc)
            self.error = str(stopped)
            log.exception("%s recording failed", self.kind)
            self._status("error", stopped)
            template = DISK_FULL.get(self.kind)
            if template is not None and disk_full(exc) and self._bus is not None:
                t_ms = int(getattr(item, "t_ms", 0) or 0)
                message = Message(template, {})
                self._bus.publish(AlertEvent.of(t_ms, "system", "critical", message, source="disk"))

    def _status(self, state: str, message: Message | str) -> None:
        if self._bus is not None:
            note = message if isinstance(message, Message) else None
            event = SourceStatusEvent(0, self.status_source, state, str(message), note)
            self._bus.publish(event)
