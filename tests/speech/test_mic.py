"""Microphone source with a stand-in sounddevice module (CI has no audio device)."""

from __future__ import annotations

import sys
import threading
import types
from typing import Any

import pytest

from app.session.bus import EventBus
from app.session.clock import SessionClock
from app.session.events import AudioChunkEvent, Event, SourceStatusEvent
from app.speech.mic import MicSource


class FakeStream:
    def __init__(self, callback: Any, blocksize: int, device: Any, **_: Any) -> None:
        if device == "gone":
            raise ValueError("No input device matching 'gone'")
        self.callback, self.blocksize = callback, blocksize
        self.closed = threading.Event()

    def start(self) -> None:
        for _ in range(3):  # three blocks, then the device goes quiet (unplugged)
            self.callback(b"\x10\x00" * self.blocksize, self.blocksize, None, None)

    def stop(self) -> None:
        pass

    def close(self) -> None:
        self.closed.set()


def run_source(source: MicSource, until: Any) -> list[Event]:
    bus, clock = EventBus(), SessionClock()
    seen: list[Event] = []
    done = threading.Event()

    def on_event(event: Event) -> None:
        seen.append(event)
        if until(seen):
            done.set()

    bus.subscribe(on_event, (AudioChunkEvent, SourceStatusEvent))
    clock.start()
    source.start(bus, clock)
    done.wait(5.0)
    source.stop()
    assert source.join(5.0)
    return seen


def test_blocks_become_chunks_and_a_stall_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.SimpleNamespace(RawInputStream=FakeStream)
    monkeypatch.setitem(sys.modules, "sounddevice", fake)
    source = MicSource("1", stall_s=0.2, retry_s=0.05)
    seen = run_source(
        source,
        lambda s: any(isinstance(e, SourceStatusEvent) and "unplugged" in e.message for e in s),
    )
    chunks = [e for e in seen if isinstance(e, AudioChunkEvent)]
    assert len(chunks) >= 3 and chunks[0].sample_rate == 16000
    assert len(chunks[0].pcm) == 3200 and chunks[0].level_db > -120
    starts = [c.t_ms for c in chunks]
    assert starts == sorted(starts) and starts[1] - starts[0] >= 100  # never overlapping
    states = [e.state for e in seen if isinstance(e, SourceStatusEvent)]
    assert "ok" in states
    notes = [e.note for e in seen if isinstance(e, SourceStatusEvent) and e.note is not None]
    opened = next(n for n in notes if n.template == "{device}: {rate} Hz mono")
    assert opened.values == {"device": "1", "rate": 16000}
    stalled = notes[-1]
    assert stalled.template == "{device} stopped sending audio (unplugged?); retrying"
    assert stalled.values == {"device": "1"}


def test_missing_device_is_retried_with_a_clear_status(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        sys.modules, "sounddevice", types.SimpleNamespace(RawInputStream=FakeStream)
    )
    seen = run_source(
        MicSource("gone", retry_s=0.05),
        lambda s: sum(isinstance(e, SourceStatusEvent) and "retrying" in e.message for e in s) >= 2,
    )
    messages = [e.message for e in seen if isinstance(e, SourceStatusEvent)]
    assert any("gone unavailable" in m and "No input device" in m for m in messages)


def test_missing_portaudio_is_a_permanent_error_with_the_fix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.speech import mic

    def broken() -> Any:
        raise RuntimeError(mic.portaudio_missing(OSError("library not found")))

    monkeypatch.setattr(mic, "import_sounddevice", broken)
    seen = run_source(
        MicSource(),
        lambda s: any(isinstance(e, SourceStatusEvent) and e.state == "error" for e in s),
    )
    error = next(e for e in seen if isinstance(e, SourceStatusEvent) and e.state == "error")
    assert "libportaudio2" in error.message
    assert error.note is not None and "PortAudio is not installed" in error.note.template
    assert error.note.values["error"] == "library not found"
