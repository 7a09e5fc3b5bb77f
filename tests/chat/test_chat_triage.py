"""The triage stage on a real bus: enrichment, order, drain at detach, overflow, no model."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from app.chat.classifier import CommentClassifier, Labels
from app.chat.triage import TriageStage
from app.config import Config
from app.live.processors import FACTORIES, build_processors
from app.session.bus import EventBus
from app.session.events import AlertEvent, CommentEvent, Event, SourceStatusEvent


def _comment(i: int, text: str = "多少钱") -> CommentEvent:
    return CommentEvent(i, event_id=f"c{i}", platform="douyin", user=f"u{i}", text=text)


def _collect(bus: EventBus) -> list[Event]:
    got: list[Event] = []
    bus.subscribe(got.append)
    return got


def test_comments_are_labelled_in_order_and_all_delivered_at_detach() -> None:
    bus = EventBus()
    got = _collect(bus)
    stage = TriageStage(max_batch=7, interval_ms=5)
    stage.attach(bus)
    texts = ["多少钱", "扣1", "發貨太慢了", "好看！", "加微信 abc12345 领福利"]
    for i in range(100):
        bus.publish(_comment(i, texts[i % len(texts)]))
    stage.detach()
    comments = [e for e in got if isinstance(e, CommentEvent)]
    assert [c.event_id for c in comments] == [f"c{i}" for i in range(100)]
    assert [c.intent for c in comments[:5]] == [
        "question",
        "purchase",
        "complaint",
        "praise",
        "spam",
    ]
    assert all(c.lang == "zh" and c.sentiment in ("pos", "neu", "neg") for c in comments)
    assert comments[4].spam
    stats = stage.stats()
    assert (stats.received, stats.classified, stats.overflow, stats.backlog) == (100, 100, 0, 0)
    status = [e for e in got if isinstance(e, SourceStatusEvent)]
    assert status[0].source == "triage" and status[0].state == "ok"


class _BlockingClassifier(CommentClassifier):
    """Holds the worker inside classify() until released, to fill the queue on purpose."""

    def __init__(self) -> None:
        super().__init__(None)
        self.entered = threading.Event()
        self.release = threading.Event()

    def classify(
        self,
        texts: Sequence[str],
        users: Sequence[str] | None = None,
        times_ms: Sequence[int] | None = None,
    ) -> list[Labels]:
        self.entered.set()
        self.release.wait(5)
        return super().classify(texts, users, times_ms)


def test_overflow_is_counted_and_delivered_unlabelled_never_lost() -> None:
    bus = EventBus()
    got = _collect(bus)
    classifier = _BlockingClassifier()
    stage = TriageStage(classifier, max_batch=1, capacity=3)
    stage.attach(bus)
    bus.publish(_comment(0))
    assert classifier.entered.wait(5)  # the worker holds c0
    for i in range(1, 9):
        bus.publish(_comment(i))
    stats = stage.stats()
    assert (stats.received, stats.backlog, stats.overflow) == (9, 3, 5)
    raw = [e for e in got if isinstance(e, CommentEvent)]
    assert [c.intent for c in raw] == [None] * 5  # passed through at once, unlabelled
    classifier.release.set()
    stage.detach()
    comments = [e for e in got if isinstance(e, CommentEvent)]
    assert sorted(int(c.event_id[1:]) for c in comments) == list(range(9))
    assert sum(c.intent == "question" for c in comments) == 4


def test_missing_model_keeps_rules_and_raises_an_alert(tmp_path: Path) -> None:
    bus = EventBus()
    got = _collect(bus)
    stage = TriageStage(CommentClassifier.load(tmp_path))
    stage.attach(bus)
    bus.publish(_comment(1, "上链接"))
    stage.detach()
    (comment,) = [e for e in got if isinstance(e, CommentEvent)]
    assert (comment.intent, comment.sentiment) == ("purchase", None)
    (alert,) = [e for e in got if isinstance(e, AlertEvent)]
    assert alert.severity == "warning" and "sentiment" in alert.text.lower()
    (status,) = [e for e in got if isinstance(e, SourceStatusEvent)]
    assert status.state == "error" and "rules only" in status.message


def test_flood_from_many_accounts_is_marked_spam() -> None:
    bus = EventBus()
    got = _collect(bus)
    stage = TriageStage()
    stage.attach(bus)
    for i in range(5):
        bus.publish(_comment(i, "今天也要开心哦宝宝们"))
    stage.detach()
    flags = [e.spam for e in got if isinstance(e, CommentEvent)]
    assert flags == [False, False, True, True, True]


def test_triage_is_the_first_processor(config: Config) -> None:
    assert FACTORIES[0][0] == "triage"
    pipeline = build_processors(config, [])
    assert isinstance(pipeline.processors[0], TriageStage)


def test_overflow_is_reported_on_the_bus() -> None:
    bus = EventBus()
    got = _collect(bus)
    classifier = _BlockingClassifier()
    stage = TriageStage(classifier, max_batch=1, capacity=1)
    stage.attach(bus)
    bus.publish(_comment(0))
    assert classifier.entered.wait(5)
    for i in range(1, 4):
        bus.publish(_comment(i))
    classifier.release.set()
    stage.detach()
    statuses = [e.message for e in got if isinstance(e, SourceStatusEvent)]
    assert any("overloaded: 2 comment(s)" in m for m in statuses)
    notes = [e.note for e in got if isinstance(e, SourceStatusEvent) and e.note is not None]
    overloaded = next(n for n in notes if "overloaded" in n.template)
    assert overloaded.values["n"] == 2
    assert overloaded.values["model"].template == "rules only — {error}"
