"""The vision stage: composites overlays onto video frames between the sources and the UI.

It intercepts :class:`FrameEvent` on the bus, keeps only the newest frame in a one-slot
mailbox (a slow frame drops older ones instead of queueing them: the picture is never
late), processes it on its own worker thread and hands the composited frame on with
``bus.deliver`` so the preview, program output and recorder all see the same picture.
It follows the on-air product (ProductSwitchEvent), captions (final TranscriptEvent) and
highlighted comments (HighlightCommentEvent, when that event type exists).

If MediaPipe is missing or broken, overlays are turned off with one warning and frames
pass through untouched: the video never stops because of the overlays.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

from app.commerce.catalog import ProductInfo
from app.config import Settings
from app.messages import QT_TRANSLATE_NOOP, Message
from app.session import events as ev
from app.session.bus import EventBus
from app.session.events import (
    AlertEvent,
    Event,
    FrameEvent,
    ProductSwitchEvent,
    SourceStatusEvent,
    TranscriptEvent,
)
from app.session.pipeline import ProcessorDefaults
from app.vision.compositor import Compositor, normalise_frame
from app.vision.layers.text import CAPTION_MS
from app.vision.trackers import VisionUnavailable

log = logging.getLogger("app.vision.stage")

STATUS_SOURCE = "vision"
_OVERLAYS_ON = QT_TRANSLATE_NOOP("Messages", "AR overlays on")
_OVERLAYS_FAILED = QT_TRANSLATE_NOOP("Messages", "AR overlays are off: {error}")
_FRAME_SKIPPED = QT_TRANSLATE_NOOP("Messages", "frame skipped: {error}")
_OVERLAY_ERROR = QT_TRANSLATE_NOOP("Messages", "overlay error, showing the plain picture: {error}")


def _said(exc: BaseException) -> Message | str:
    """An exception's sentence: its :class:`Message` when it was raised with one."""
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, Message) else str(exc)


#: A caption stays this long after the sentence ends (reading time).
CAPTION_TAIL_MS = 2500


class VisionStage(ProcessorDefaults):
    """A bus processor (attach/detach) that owns a :class:`Compositor` and a worker."""

    def __init__(
        self,
        products: list[ProductInfo] | None = None,
        compositor: Compositor | None = None,
        *,
        compositor_factory: Callable[[], Compositor] | None = None,
        outputs: list[Any] | None = None,
    ) -> None:
        self.products = {p.sku: p for p in products or []}
        self._compositor = compositor
        self._factory = compositor_factory or Compositor
        self.outputs = list(outputs or [])  # recorder, virtual camera: processors too
        self._bus: EventBus | None = None
        self._undo: list[Callable[[], None]] = []
        self._cond = threading.Condition()
        self._slot: FrameEvent | None = None
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._product: ProductInfo | None = None
        self._reported: set[Message | str] = set()
        self.overlays_on = True
        self.received = 0
        self.processed = 0
        self.dropped = 0
        self.last_result: Any = None
        self._t_ms = 0
        self._switches: dict[str, bool] = {}
        self._states: dict[str, bool] = {}
        #: Set once the trackers are loaded (~1 s for MediaPipe); frames pass through until then.
        self._ready = threading.Event()

    @property
    def compositor(self) -> Compositor:
        if self._compositor is None:
            self._compositor = self._factory()
        return self._compositor

    # -- processor protocol -------------------------------------------------------------
    def bind_session(self, session_id: int) -> None:
        for output in self.outputs:
            bind = getattr(output, "bind_session", None)
            if bind is not None:
                bind(session_id)

    def attach(self, bus: EventBus) -> None:
        self._bus = bus
        self._stopping = False
        self._ready.clear()
        self._undo = [
            bus.intercept(self._on_frame, (FrameEvent,)),
            bus.subscribe(self._on_switch, (ProductSwitchEvent,)),
            bus.subscribe(self._on_transcript, (TranscriptEvent,)),
        ]
        highlight = getattr(ev, "HighlightCommentEvent", None)
        if highlight is not None:
            self._undo.append(bus.subscribe(self._on_highlight, (highlight,)))
        self._thread = threading.Thread(target=self._run, name="vision-stage", daemon=True)
        self._thread.start()
        for output in self.outputs:
            output.attach(bus)

    def detach(self) -> None:
        """Stop taking frames, finish (or pass on) the one held, join the worker."""
        for undo in self._undo:
            undo()
        self._undo = []
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=10.0)
            self._thread = None
        with self._cond:
            held, self._slot = self._slot, None
        if held is not None and self._bus is not None:
            self._bus.deliver(held)  # the worker is gone: hand the raw frame on
        if self._compositor is not None:
            self._compositor.close()
        for output in reversed(self.outputs):
            try:
                output.detach()
            except Exception:
                log.exception("video output %r failed to stop cleanly", output)

    def configure(self, settings: Settings) -> None:
        """The overlay layers the settings switch on; the worker applies them to the next
        frame (card placement, background image and sizes are read when the compositor is
        made, at the start of the show)."""
        self.set_layer_enabled("tryon", settings.overlay_tryon)
        self.set_layer_enabled("captions", settings.overlay_captions)
        self.set_layer_enabled("comment", settings.overlay_comments)
        self.set_layer_enabled("card", settings.overlay_card != "off")
        self.set_background(settings.overlay_background)
        self.set_layer_enabled("all", settings.overlays_enabled)

    # -- live controls (any thread) ----------------------------------------------------------
    def set_products(self, products: Sequence[ProductInfo]) -> None:
        """Replace the catalog the on-air SKU is looked up in (live catalog edits); the
        on-air product's card and try-on follow its edit at once."""
        self.products = {p.sku: p for p in products}
        current = self._product
        if current is not None and current.sku in self.products:
            self._product = self.products[current.sku]

    def set_product(self, product: ProductInfo | None) -> None:
        """Select the try-on profile and card; the next processed frame uses it."""
        self._product = product

    def set_layer_enabled(self, name: str, enabled: bool) -> None:
        """Switch a layer on/off live (any thread); the worker applies it to the next frame.

        ``name`` is a layer name ("lipstick", "accessory", "card", "background",
        "captions", "comment"), "tryon" for both try-on layers, or "all".
        """
        with self._cond:
            self._switches[name] = enabled

    def set_background(self, mode: str) -> None:
        """ "off", "blur" or "replace" (live, any thread)."""
        with self._cond:
            self._switches[f"background:{mode}"] = True

    def layer_states(self) -> dict[str, bool]:
        """What the overlay menu shows: name -> on (pending switches included)."""
        with self._cond:
            pending = dict(self._switches)
        states = dict(self._states)
        for key, value in pending.items():
            if key.startswith("background:"):
                states["background"] = key != "background:off"
            else:
                states[key] = value
        return states

    def _apply_switches(self, compositor: Compositor) -> None:
        with self._cond:
            switches, self._switches = self._switches, {}
        for key, value in switches.items():
            if key.startswith("background:"):
                compositor.background.mode = key.split(":", 1)[1]
            elif key == "all":
                compositor.enabled = value
            elif key == "tryon":
                compositor.lipstick.enabled = compositor.accessory.enabled = value
            else:
                compositor.layer(key).enabled = value
        self._states = {
            "all": compositor.enabled,
            "tryon": compositor.lipstick.enabled,
            "card": compositor.card.enabled,
            "background": compositor.background.mode != "off",
            "captions": compositor.captions.enabled,
            "comment": compositor.comment.enabled,
        }

    # -- bus handlers (publisher's thread: cheap) -------------------------------------------
    def _on_frame(self, event: Event) -> None:
        assert isinstance(event, FrameEvent)
        if not self._ready.is_set() and self._bus is not None:
            self._bus.deliver(event)  # trackers still loading: show the plain picture now
            return
        with self._cond:
            self.received += 1
            if self._slot is not None:
                self.dropped += 1  # latest-frame-wins
            self._slot = event
            self._t_ms = event.t_ms
            self._cond.notify()

    def _on_switch(self, event: Event) -> None:
        assert isinstance(event, ProductSwitchEvent)
        self._product = self.products.get(event.sku) if event.sku else None

    def _on_transcript(self, event: Event) -> None:
        assert isinstance(event, TranscriptEvent)
        if event.final and event.text.strip() and self._compositor is not None:
            shown_ms = max(CAPTION_MS, event.end_ms - event.t_ms + CAPTION_TAIL_MS)
            self._compositor.captions.set_text(event.text, event.t_ms, shown_ms)

    def _on_highlight(self, event: Event) -> None:
        user = str(getattr(event, "user", "") or "")
        text = str(getattr(event, "text", "") or "")
        if text and self._compositor is not None:
            self._compositor.comment.set_comment(user, text, event.t_ms)

    # -- worker ----------------------------------------------------------------------------
    def _run(self) -> None:
        self._prepare()
        self._ready.set()
        while True:
            with self._cond:
                while self._slot is None and not self._stopping:
                    self._cond.wait()
                if self._stopping:
                    return
                event, self._slot = self._slot, None
            assert event is not None and self._bus is not None
            out = self._process(event)
            if out is not None:
                self._bus.deliver(out)

    def _prepare(self) -> None:
        """Build the compositor (and so the tracker graphs) on the worker, not the GUI."""
        try:
            compositor = self.compositor
            compositor.product = self._product
            self._apply_switches(compositor)
            compositor.trackers.warm_up(compositor.needs())
        except VisionUnavailable as exc:
            self._overlays_off(_said(exc))
            return
        except Exception as exc:
            log.exception("vision stage could not start")
            self._overlays_off(Message(_OVERLAYS_FAILED, {"error": str(exc)}))
            return
        self._status("ok", Message(_OVERLAYS_ON))

    def _process(self, event: FrameEvent) -> FrameEvent | None:
        """The composited frame; None for a frame nobody can show (reported once)."""
        if not self.overlays_on:
            return self._passthrough(event)
        compositor = self.compositor
        compositor.product = self._product
        try:
            self._apply_switches(compositor)
            result = compositor.process(event.image, event.t_ms)
        except VisionUnavailable as exc:
            self._overlays_off(_said(exc))
            return self._passthrough(event)
        except ValueError as exc:  # unusable frame
            self._report_once(Message(_FRAME_SKIPPED, {"error": str(exc)}))
            return None
        except Exception as exc:
            log.exception("vision stage failed on frame %s", event.index)
            self._report_once(Message(_OVERLAY_ERROR, {"error": str(exc)}))
            return event
        self.processed += 1
        self.last_result = result
        for note in result.notes:
            self._report_once(note, severity="info")
        for problem in result.problems:
            self._report_once(problem)
        return FrameEvent(event.t_ms, index=event.index, image=result.image)

    def _passthrough(self, event: FrameEvent) -> FrameEvent | None:
        try:
            image, _ = normalise_frame(event.image)
        except ValueError:
            return None
        return FrameEvent(event.t_ms, index=event.index, image=image)

    def _overlays_off(self, message: Message | str) -> None:
        self.overlays_on = False
        log.warning("%s", message)
        self._status("error", message)
        self._alert(message)

    def _report_once(self, message: Message | str, severity: str = "warning") -> None:
        if message in self._reported:
            return
        self._reported.add(message)
        log.warning("vision: %s", message)
        self._status("ok", message)
        if severity == "warning":
            self._alert(message)

    def _status(self, state: str, message: Message | str) -> None:
        if self._bus is not None:
            note = message if isinstance(message, Message) else None
            status = SourceStatusEvent(self._t_ms, STATUS_SOURCE, state, str(message), note)
            self._bus.publish(status)

    def _alert(self, message: Message | str) -> None:
        if self._bus is not None:
            alert = AlertEvent.of(self._t_ms, "system", "warning", message, source="vision")
            self._bus.publish(alert)
