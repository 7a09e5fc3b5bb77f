"""The bridge's health status without a browser: frames fed as the page would send them."""

from __future__ import annotations

import base64
import json
from functools import partial
from pathlib import Path

from app.bridge import webcast
from app.bridge.source import BROKEN_AFTER, BridgeSource
from app.paths import RESOURCES
from app.session.bus import EventBus
from app.session.clock import SessionClock
from app.session.events import AlertEvent, Event, SourceStatusEvent

BROKEN = b"\x0a\xff\xff not a frame"


def _good_frame() -> bytes:
    """A stored Douyin frame that carries events."""
    path = RESOURCES / "bridge" / "fixtures" / "douyin_webcast.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["expect"]:
            return base64.b64decode(record["frame_b64"])
    raise AssertionError("no douyin fixture frame with events")


def test_the_error_after_unreadable_frames_clears_once_frames_decode(tmp_path: Path) -> None:
    source = BridgeSource(webcast.DOUYIN, "1", data_dir=tmp_path)
    bus, clock = EventBus(), SessionClock()
    clock.start()
    seen: list[Event] = []
    bus.subscribe(seen.append, (SourceStatusEvent, AlertEvent))
    source.bind(bus, clock)

    def feed(frame: bytes) -> int:
        return source.feed_items(partial(webcast.decode_frame, frame), frame)

    for _ in range(BROKEN_AFTER):
        assert feed(BROKEN) == 0
    assert source.health.state == "error"
    (broken,) = [e for e in seen if isinstance(e, SourceStatusEvent)]
    assert broken.note is not None and "frames could not be read" in broken.note.template
    assert broken.note.values["errors"] == BROKEN_AFTER

    assert feed(_good_frame()) > 0
    assert source.health.state == "ok"
    back = [e for e in seen if isinstance(e, SourceStatusEvent)][-1]
    assert back.state == "ok" and back.note is not None
    assert back.note.template.startswith("{frames} frames, {answers} answers, {events} events")
    assert back.note.values["errors"] == BROKEN_AFTER and back.note.values["events"] > 0
    assert back.message == source.health.summary()

    # more bad frames now and then (a message type the decoder does not know) are counted
    # but do not turn a page that reads into an error again, nor alert twice
    assert feed(BROKEN) == 0
    assert source.health.state == "ok" and source.health.decode_errors == BROKEN_AFTER + 1
    assert len([e for e in seen if isinstance(e, AlertEvent)]) == 1


def test_a_page_that_reads_from_the_start_never_reports_an_error(tmp_path: Path) -> None:
    source = BridgeSource(webcast.DOUYIN, "1", data_dir=tmp_path)
    bus, clock = EventBus(), SessionClock()
    clock.start()
    statuses: list[SourceStatusEvent] = []
    bus.subscribe(statuses.append, (SourceStatusEvent,))
    source.bind(bus, clock)
    frame = _good_frame()
    assert source.feed_items(partial(webcast.decode_frame, frame), frame) > 0
    assert statuses == []  # only a recovery says "ok" from here; the page loop reports counts
