"""The optional virtual camera says clearly why it is not sending video."""

from __future__ import annotations

import importlib.util
import threading

import numpy as np
import pytest

from app.session.bus import EventBus
from app.session.events import Event, FrameEvent, SourceStatusEvent
from app.vision.vcam import VirtualCameraOutput


@pytest.mark.skipif(
    importlib.util.find_spec("pyvirtualcam") is not None, reason="the vcam extra is installed"
)
def test_missing_extra_gives_a_clear_status() -> None:
    bus = EventBus()
    statuses: list[SourceStatusEvent] = []
    seen = threading.Event()

    def on(event: Event) -> None:
        assert isinstance(event, SourceStatusEvent)
        statuses.append(event)
        seen.set()

    bus.subscribe(on, (SourceStatusEvent,))
    output = VirtualCameraOutput(64, 36, 30)
    output.attach(bus)
    bus.deliver(FrameEvent(0, index=0, image=np.zeros((36, 64, 3), np.uint8)))
    assert seen.wait(10)
    output.detach()
    assert statuses[0].state == "error"
    assert "pip install 'anchordesk[vcam]'" in statuses[0].message
    assert "Program output" in statuses[0].message
