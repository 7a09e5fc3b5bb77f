"""The bus side of a crash-safe segment recording (video frames, audio chunks).

A recorder subscribes to one event type; the publisher only enqueues into a small
bounded queue (a full queue drops and counts, it never blocks the show) and a writer
thread hands each item to a segment writer, whose files are complete and playable as
soon as they carry their final name. A write error (disk full, permissions) stops the
recording with a status and the error text, and the session goes on. Files go to
``<recordings_dir>/<session_id>/<kind>/``.
"""

from __future__ import annotations

import logging
import queue
import threading
from pathlib import Path
from typing import Any, ClassVar

from app.session.bus import EventBus
from app.session.events import Event, SourceStatusEvent
from app.session.pipeline import ProcessorDefaults

log = logging.getLogger("app.session.segments")


class SegmentRecorder(ProcessorDefaults):
    """Base class: subclasses name their ``kind`` and event type and do the writing."""

    kind: ClassVar[str]  # folder name and the word used in messages: "video", "audio"
    status_source: ClassVar[str]
    event_type: ClassVar[type[Event]]

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
        self._halt: str | None = None

    # -- what a subclass provides ---------------------------------------------------
    def open_writer(self) -> Any:
        """The segment writer for :attr:`folder` (called in attach)."""
        raise NotImplementedError

    def item(self, event: Event) -> Any:
        """What to queue for ``event`` (on the publisher's thread: keep it cheap)."""
        return event

    def write(self, item: Any) -> None:
        """Write one queued item with :attr:`writer` (on the writer thread)."""
        raise NotImplementedError

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
        self._undo = bus.subscribe(self._on_event, (self.event_type,))
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

    def halt(self, reason: str) -> None:
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

    def _run(self) -> None:
        announced = False
        try:
            while True:
                item = self._queue.get()
                if item is None:
                    break
                if self._halt is not None and self.error is None:
                    self._stop_writing(self._halt)
                if self.error is None:
                    self._write(item)
                    if not announced and self.error is None:
                        announced = True
                        self._status("ok", f"recording {self.kind} to {self.folder}")
        finally:
            try:
                self.writer.close()
            except Exception as exc:
                log.exception("closing the last %s segment failed", self.kind)
                self._status("error", f"{self.kind} recording: last segment lost ({exc})")

    def _stop_writing(self, reason: str) -> None:
        """Close the segment in hand and write nothing more (writer thread)."""
        self.error = reason
        try:
            self.writer.close()
        except Exception:
            log.exception("closing the %s segment after a halt failed", self.kind)
        self._status("error", reason)

    def _write(self, item: Any) -> None:
        try:
            self.write(item)
        except Exception as exc:  # disk full, permissions: stop recording, keep the show
            self.error = f"{self.kind} recording stopped: {exc}"
            log.exception("%s recording failed", self.kind)
            self._status("error", self.error)

    def _status(self, state: str, message: str) -> None:
        if self._bus is not None:
            self._bus.publish(SourceStatusEvent(0, self.status_source, state, message))
