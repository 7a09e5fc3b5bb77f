"""Status sentences carry a Message (``SourceStatusEvent.note``) so the window shows them in
its language, while ``message`` stays the English of the same sentence (logs, exports)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from app.messages import Message
from app.session.bus import EventBus
from app.session.disk import GIB, DiskGuard
from app.session.events import SourceStatusEvent
from app.speech.models import InstalledModel
from app.speech.recognizer import RecognizerProcessor


def test_the_disk_status_is_a_message_with_the_free_space(tmp_path: Path) -> None:
    bus = EventBus()
    statuses: list[SourceStatusEvent] = []
    bus.subscribe(statuses.append, (SourceStatusEvent,))
    free = SimpleNamespace(free=5 * GIB)
    guard = DiskGuard(tmp_path, usage=lambda _p: free, interval_s=3600)
    guard.check()  # not attached yet: nothing published
    guard._bus = bus
    free.free = int(1.5 * GIB)
    guard.check()
    (status,) = statuses
    assert status.state == "warning" and status.message == "1.5 GB free on the data folder's disk"
    assert status.note == Message("{free} free on the data folder's disk", {"free": "1.5 GB"})


def test_the_recognizer_line_is_built_from_translatable_parts(tmp_path: Path) -> None:
    model = InstalledModel("vosk-model-small-cn-0.22", tmp_path, "zh", "path")
    processor = RecognizerProcessor(model)
    line = processor.summary_message()
    assert line == Message("Recognizing with {model}", {"model": "vosk-model-small-cn-0.22"})
    processor.dropped = 3
    line = processor.summary_message()
    english = "Recognizing with vosk-model-small-cn-0.22 · dropped 3 chunks (CPU too slow)"
    assert str(line) == english
    assert line.template == "{a} · {b}"
    assert line.values["b"] == Message("dropped {n} chunks (CPU too slow)", {"n": 3})
    assert processor.summary() == str(line)
    # a translation of every part is used (here a stand-in catalogue)
    chinese = {
        "Recognizing with {model}": "正在用 {model} 识别",
        "dropped {n} chunks (CPU too slow)": "丢弃了 {n} 段音频（CPU 太慢）",
    }
    rendered = line.render(lambda t: chinese.get(t, t))
    assert rendered == "正在用 vosk-model-small-cn-0.22 识别 · 丢弃了 3 段音频（CPU 太慢）"
