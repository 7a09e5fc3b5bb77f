"""The event bus: typed subscriptions, failing handlers, interception stages."""

from __future__ import annotations

import threading

import pytest

from app.session.bus import EventBus
from app.session.events import CommentEvent, Event, LikeEvent


def _comment(text: str = "hi", intent: str | None = None) -> CommentEvent:
    return CommentEvent(1, event_id="c", platform="douyin", user="u", text=text, intent=intent)


def test_handlers_get_only_their_types() -> None:
    bus, comments, everything = EventBus(), [], []
    bus.subscribe(comments.append, (CommentEvent,))
    bus.subscribe(everything.append)
    bus.publish(_comment())
    bus.publish(LikeEvent(2, count=3))
    assert [type(e) for e in comments] == [CommentEvent]
    assert len(everything) == 2 and bus.published == 2


def test_a_failing_handler_does_not_stop_the_others(caplog) -> None:
    bus, seen = EventBus(), []

    def broken(_e: Event) -> None:
        raise RuntimeError("boom")

    bus.subscribe(broken)
    bus.subscribe(seen.append)
    bus.publish(LikeEvent(1))
    assert len(seen) == 1
    assert "boom" in caplog.text


def test_unsubscribe_stops_delivery() -> None:
    bus, seen = EventBus(), []
    unsubscribe = bus.subscribe(seen.append)
    unsubscribe()
    bus.publish(LikeEvent(1))
    assert seen == []


def test_interceptor_sits_between_sources_and_subscribers() -> None:
    bus, seen = EventBus(), []
    bus.subscribe(seen.append)

    def triage(e: Event) -> None:
        assert isinstance(e, CommentEvent)
        bus.deliver(_comment(e.text, intent="question"))

    remove = bus.intercept(triage, (CommentEvent,))
    bus.publish(_comment("多少钱"))
    bus.publish(LikeEvent(2))
    assert [getattr(e, "intent", "-") for e in seen] == ["question", "-"]
    with pytest.raises(ValueError, match="already intercepted: CommentEvent"):
        bus.intercept(seen.append, (CommentEvent,))
    remove()
    bus.publish(_comment("again"))
    assert seen[-1].intent is None


def test_publish_from_many_threads_loses_nothing() -> None:
    bus, lock, seen = EventBus(), threading.Lock(), []

    def keep(e: Event) -> None:
        with lock:
            seen.append(e)

    bus.subscribe(keep)
    threads = [
        threading.Thread(target=lambda: [bus.publish(LikeEvent(i)) for i in range(2000)])
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 8000
