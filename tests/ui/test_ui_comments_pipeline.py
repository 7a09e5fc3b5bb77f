"""Comments end to end in the window: triage labels, model status, highlight on the bus;
and the ``bench chat`` harness accounting for every comment (counts, not timings)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot

from app.bench.chat import make_comments
from app.chat.triage import TriageStage
from app.session.events import CommentEvent, Event, HighlightCommentEvent
from app.ui.app import create_main_window
from app.ui.chat_bench import run_pipeline

if TYPE_CHECKING:
    from tests.ui.conftest import FakeEngine

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_window_shows_triaged_comments_and_highlights(qtbot: QtBot, engine: FakeEngine) -> None:
    stage = TriageStage()
    stage.attach(engine.bus)
    window = create_main_window(engine)
    qtbot.addWidget(window)
    window.show()
    seen: list[Event] = []
    engine.bus.subscribe(seen.append, (HighlightCommentEvent,))
    try:
        comments = [
            CommentEvent(i, event_id=f"c{i}", platform="douyin", user="u", text=t)
            for i, t in enumerate(["多少钱", "上链接", "发货太慢了"])
        ]
        worker = threading.Thread(target=lambda: [engine.bus.publish(c) for c in comments])
        worker.start()
        worker.join()
        stage.detach()
        panel = window.comments
        qtbot.waitUntil(lambda: panel.model.rowCount() == 3, timeout=2_000)
        rows = [panel.model.event_at(r) for r in range(3)]
        assert [r.intent for r in rows] == ["question", "purchase", "complaint"]  # type: ignore[attr-defined]
        panel.view.setCurrentIndex(panel.model.index(1, 0))
        panel.highlight.click()
        assert [e.text for e in seen] == ["上链接"]  # type: ignore[attr-defined]
    finally:
        stage.detach()
        window.close()


def test_bench_harness_accounts_for_every_comment(qapp: object, tmp_path: Path) -> None:
    result = run_pipeline(make_comments(600), rate=20_000, folder=tmp_path, timeout_s=60)
    assert result["completed"] is True
    assert result["stored"] == 600
    assert result["ui_model_received"] + result["bridge_dropped"] == 600
    assert result["triage_overflow"] == 0
    assert result["ingest"].startswith("WebSocket")  # through the real ingest server
    assert (result["ingest_accepted"], result["ingest_refused"]) == (600, 0)
