"""Background workers give way to the window (app/priority.py)."""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest

from app.chat.triage import TriageStage
from app.priority import BACKGROUND_NICE, yield_to_window
from app.session.bus import EventBus
from app.session.sources import Source

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="per-thread nice values are Linux's"
)


def _nice(tid: int) -> int:
    return os.getpriority(os.PRIO_PROCESS, tid)


def _settled(tid: int, above: int, timeout: float = 5.0) -> int:
    """The thread's nice value once it has lowered itself (it does so as it starts)."""
    deadline = time.monotonic() + timeout
    while _nice(tid) <= above and time.monotonic() < deadline:
        time.sleep(0.01)
    return _nice(tid)


def test_a_background_thread_lowers_only_itself() -> None:
    main = _nice(threading.get_native_id())
    seen: list[tuple[bool, int]] = []

    def work() -> None:
        seen.append((yield_to_window(), _nice(threading.get_native_id())))

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert seen == [(True, min(19, main + BACKGROUND_NICE))]
    assert _nice(threading.get_native_id()) == main  # the window's thread keeps its share


def test_triage_runs_below_the_window() -> None:
    main = _nice(threading.get_native_id())
    stage = TriageStage()
    stage.attach(EventBus())
    try:
        assert stage._thread is not None and stage._thread.native_id is not None
        assert _settled(stage._thread.native_id, main) > main
    finally:
        stage.detach()


class _Feed(Source):
    name = "feed"

    def __init__(self, background: bool) -> None:
        super().__init__()
        self.background = background
        self.nice: int | None = None
        self.endless = True

    def run(self) -> None:
        self.nice = _nice(threading.get_native_id())


@pytest.mark.parametrize("background", [True, False])
def test_comment_sources_give_way_and_cameras_do_not(background: bool) -> None:
    main = _nice(threading.get_native_id())
    source = _Feed(background)
    source.start(EventBus(), None)  # type: ignore[arg-type]
    assert source.join(timeout=5)
    assert source.nice is not None
    assert (source.nice > main) is background


def test_which_sources_give_way() -> None:
    from app.bridge.source import BridgeSource
    from app.chat.csv_replay import CsvScriptSource
    from app.chat.twitch import TwitchIrcSource
    from app.server.source import IngestServerSource
    from app.speech.mic import MicSource
    from app.vision.sources import CameraSource

    for feed in (IngestServerSource, BridgeSource, TwitchIrcSource, CsvScriptSource):
        assert feed.background, feed
    for live in (CameraSource, MicSource):  # the broadcast's picture and sound
        assert not live.background, live
