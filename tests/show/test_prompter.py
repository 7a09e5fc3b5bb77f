"""Prompter alerts: each rule, what it tells the host to do, and that it never nags.

Time is an injected clock and the host's earlier shows are injected figures (or read from
a real store), so nothing here sleeps.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from app.commerce.catalog import ProductInfo
from app.messages import Message
from app.session.bus import EventBus
from app.session.events import (
    AlertEvent,
    CommentEvent,
    Event,
    HighlightCommentEvent,
    OrderEvent,
    ProductSwitchEvent,
    ViewersEvent,
)
from app.show.prompter import (
    HostHistory,
    MinuteFigures,
    Prompter,
    PrompterRules,
    load_host_history,
)
from app.store.db import Store
from app.store.models import Comment, LiveSession, MetricSample, Order

MIN = 60_000
PRODUCTS = [
    ProductInfo(sku="A-1", name_zh="口红", name_en="Lipstick", price=99.0),
    ProductInfo(sku="B-2", name_zh="墨镜", name_en="Sunglasses", price=199.0),
]


class Room:
    """A prompter on a bus with a hand-moved clock, and the alerts it published."""

    def __init__(self, history: HostHistory | None = None, **kw: object) -> None:
        self.now = 0
        self.bus = EventBus()
        self.alerts: list[AlertEvent] = []
        self.bus.subscribe(self.alerts.append, (AlertEvent,))  # type: ignore[arg-type]
        self.prompter = Prompter(
            PRODUCTS,
            lambda: self.now,
            history=history,
            ticker=False,
            **kw,  # type: ignore[arg-type]
        )
        self.prompter.attach(self.bus)

    def feed(self, *events: Event) -> None:
        for event in events:
            self.bus.publish(event)

    def minute(
        self,
        m: int,
        *,
        viewers: int | None = None,
        comments: int = 0,
        pv: int | None = None,
        orders: Iterable[tuple[str, float]] = (),
    ) -> None:
        t = m * MIN
        if viewers is not None:
            self.feed(ViewersEvent(t + 1_000, viewers, pv))
        for i in range(comments):
            self.feed(
                CommentEvent(t + 2_000 + i, f"c{m}-{i}", "douyin", "u", "好看", intent="praise")
            )
        for i, (sku, amount) in enumerate(orders):
            self.feed(OrderEvent(t + 3_000 + i, f"o{m}-{i}", sku, 1, amount))

    def poll(self, at_ms: int) -> list[AlertEvent]:
        self.now = at_ms
        return self.prompter.poll()


def show(minutes: int, *, viewers: float = 100, comments: int = 10, gmv: float = 0.0,
         pv_per_min: int | None = None) -> MinuteFigures:  # fmt: skip
    figures = MinuteFigures()
    for m in range(minutes):
        pv = None if pv_per_min is None else (m + 1) * pv_per_min
        figures.add_viewers(m, viewers, pv)
        figures.add_comments(m, comments)
        if gmv:
            figures.add_gmv(m, gmv)
    return figures


# -- each rule ----------------------------------------------------------------------------
def test_viewers_falling_says_what_to_do_and_waits_before_saying_it_again() -> None:
    room = Room()
    for m in range(11):
        room.minute(m, viewers=200)
    room.minute(11, viewers=130)
    assert room.poll(11 * MIN + 30_000) == []  # minute 11 is not over yet
    (alert,) = room.poll(12 * MIN)
    assert alert.kind == "prompter" and alert.source == "viewers" and alert.severity == "info"
    assert alert.text == (
        "Viewers fell 35% in the last 10 min (200 → 130): start a flash sale or put a "
        "bestseller on air to win them back."
    )
    assert isinstance(alert.message, Message) and str(alert.message) == alert.text
    room.minute(12, viewers=120)
    assert room.poll(13 * MIN) == []  # once per 5 minutes per rule
    for m in range(13, 18):
        room.minute(m, viewers=110)
    assert [a.source for a in room.poll(17 * MIN)] == ["viewers"]
    assert room.alerts == [alert, room.alerts[1]]  # published on the bus too


def test_small_audiences_and_small_dips_stay_quiet() -> None:
    room = Room()
    for m in range(11):
        room.minute(m, viewers=15)  # below viewers_min: a drop of 5 people is noise
    room.minute(11, viewers=5)
    assert room.poll(12 * MIN) == []
    room = Room()
    for m in range(11):
        room.minute(m, viewers=200)
    room.minute(11, viewers=150)  # -25 %
    assert room.poll(12 * MIN) == []


def test_questions_piling_up_quote_the_most_asked_one() -> None:
    room = Room()
    room.feed(ProductSwitchEvent(0, "A-1"), OrderEvent(5 * MIN, "o", "A-1", 1, 79.0))
    asks = ["多少钱？", "请问多少钱呀", "有黑色吗", "多少钱", "包邮吗"]
    for i, text in enumerate(asks[:4]):
        room.feed(CommentEvent(5 * MIN + i, f"q{i}", "douyin", f"u{i}", text, intent="question"))
    assert room.poll(6 * MIN) == []  # 4 waiting: not yet
    room.feed(CommentEvent(5 * MIN + 9, "q4", "douyin", "u4", asks[4]))  # no intent: the rules
    room.feed(
        CommentEvent(5 * MIN + 10, "s", "douyin", "x", "多少钱?", intent="question", spam=True)
    )
    (alert,) = room.poll(6 * MIN)
    assert alert.source == "questions"
    assert alert.text == "5 questions waiting, most asked: “多少钱？”. Answer the top question now."


def test_an_answer_or_a_switch_clears_the_questions() -> None:
    rules = PrompterRules(questions_waiting=2, cooldown_min=0, gap_s=0)
    room = Room(rules=rules)
    room.feed(ProductSwitchEvent(0, "A-1"), OrderEvent(5 * MIN, "o", "A-1", 1, 79.0))

    def ask(n: int, at: int) -> None:
        for i in range(n):
            room.feed(
                CommentEvent(
                    at + i, f"q{at}-{i}", "douyin", "u", "几号链接有货吗?", intent="question"
                )
            )

    ask(2, 5 * MIN)
    room.feed(HighlightCommentEvent(5 * MIN + 10, "几号链接有货吗?"))  # answered on screen
    assert room.poll(6 * MIN) == []
    ask(2, 6 * MIN)
    room.prompter.questions_answered()  # the questions panel's "answered"
    assert room.poll(6 * MIN + 1) == []
    ask(2, 6 * MIN + 100)
    room.feed(
        ProductSwitchEvent(6 * MIN + 200, "B-2", "A-1"),
        OrderEvent(6 * MIN + 300, "p", "B-2", 1, 9.0),
    )
    assert room.poll(6 * MIN + 1_000) == []
    ask(1, 6 * MIN + 2_000)
    assert room.poll(6 * MIN + 3_000) == []  # one question since the switch
    ask(1, 6 * MIN + 4_000)
    (alert,) = room.poll(6 * MIN + 5_000)
    assert alert.text.startswith("2 questions waiting")


def test_no_order_for_the_on_air_product() -> None:
    room = Room()
    room.feed(ProductSwitchEvent(MIN, "A-1"), OrderEvent(2 * MIN, "o1", "A-1", 1, 79.0))
    room.feed(OrderEvent(3 * MIN, "o2", "B-2", 1, 199.0))  # another product's order
    assert room.poll(6 * MIN + 59_000) == []  # 4:59 since its last order
    (alert,) = room.poll(7 * MIN)
    assert alert.source == "no_orders"
    assert alert.text == "No order for 口红 in 5 min: start the flash sale, or switch product."


def test_no_order_even_with_the_flash_sale_on_says_switch() -> None:
    room = Room(flash_running=lambda: "A-1")
    room.feed(ProductSwitchEvent(0, "A-1"))
    (alert,) = room.poll(8 * MIN)
    assert alert.text == (
        "No order for 口红 in 8 min, even with the flash sale on: switch product."
    )


def test_interaction_below_the_hosts_usual() -> None:
    history = HostHistory((show(30, viewers=100, comments=10), show(20, viewers=50, comments=6)))
    room = Room(history)
    usual = room.prompter.usual
    assert usual.interaction == 10.0 and usual.interaction_windows == 26 + 16
    assert usual.gpm is None  # those shows had no PV: no GPM reference
    for m in range(6):
        room.minute(m, viewers=100, comments=3)
    (alert,) = room.poll(6 * MIN)
    assert alert.source == "interaction"
    assert alert.text == (
        "Quiet room: 3.0 comments per 100 viewers a minute, your usual is 10.0. Ask viewers "
        "to type 1 if they want it, or answer a question."
    )


def test_gpm_below_the_hosts_usual_names_the_product_to_flash() -> None:
    history = HostHistory(tuple(show(30, gmv=500.0, pv_per_min=100) for _ in range(2)))
    room = Room(history)
    assert room.prompter.usual.gpm == 5000.0
    room.feed(ProductSwitchEvent(0, "A-1"))
    for m in range(6):
        room.minute(m, viewers=100, comments=10, pv=(m + 1) * 100, orders=[("A-1", 100.0)])
    (alert,) = room.poll(6 * MIN)
    assert alert.source == "gpm"
    assert alert.text == (
        "GPM over the last 5 min is ¥1,000, your usual is ¥5,000: start the flash sale on "
        "口红, or switch to a stronger product."
    )


def test_a_new_host_is_compared_with_the_start_of_this_show() -> None:
    room = Room()  # no earlier shows
    assert room.prompter.usual.interaction is None
    for m in range(20):
        room.minute(m, viewers=100, comments=10)
    assert room.poll(20 * MIN) == []
    for m in range(20, 25):
        room.minute(m, viewers=100, comments=2)
    (alert,) = room.poll(25 * MIN)
    assert alert.text.startswith(
        "Quiet room: 2.0 comments per 100 viewers a minute, earlier in this show 10.0."
    )


def test_one_alert_at_a_time_and_each_rule_rested() -> None:
    rules = PrompterRules(questions_waiting=1)
    room = Room(rules=rules)
    room.feed(ProductSwitchEvent(0, "A-1"))
    for m in range(11):
        room.minute(m, viewers=300)
    room.minute(11, viewers=100)
    room.feed(CommentEvent(11 * MIN, "q", "douyin", "u", "多少钱?", intent="question"))
    fired = [a.source for t in range(12 * MIN, 20 * MIN, 10_000) for a in room.poll(t)]
    # three rules hold the whole time: one alert a minute at most, each again after 5 min
    assert fired == ["viewers", "questions", "no_orders"] * 2
    times = [a.t_ms // MIN for a in room.alerts]
    assert times == [12, 13, 14, 17, 18, 19]


def test_nothing_in_the_first_minutes() -> None:
    room = Room(rules=PrompterRules(questions_waiting=1))
    room.feed(ProductSwitchEvent(0, "A-1"))
    room.feed(CommentEvent(10, "q", "douyin", "u", "多少钱?", intent="question"))
    assert room.poll(4 * MIN + 59_000) == []
    assert [a.source for a in room.poll(5 * MIN)] == ["questions"]


# -- history: loaded on the prompter's own thread, from the store ----------------------------
def test_history_is_loaded_on_the_prompters_thread_at_start() -> None:
    loaded = threading.Event()
    seen: dict[str, object] = {}

    def load(session_id: int | None) -> HostHistory:
        seen.update(thread=threading.current_thread().name, session=session_id)
        loaded.set()
        return HostHistory((show(30),), "Mia")

    prompter = Prompter(PRODUCTS, lambda: 0, load_history=load, tick_s=3600)
    prompter.bind_session(7)
    prompter.attach(EventBus())
    try:
        assert loaded.wait(5)
    finally:
        prompter.detach()
    assert seen == {"thread": "show-prompter", "session": 7}
    assert prompter.usual.interaction == 10.0


def test_a_broken_store_leaves_no_history_and_the_show_goes_on() -> None:
    def broken(session_id: int | None) -> HostHistory:
        raise RuntimeError("database is locked")

    room = Room(load_history=broken)
    assert room.prompter.usual.interaction is None


START = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _session(store: Store, host: str, *, mode: str = "live", status: str = "ended",
             days: int = 0) -> int:  # fmt: skip
    with store.sessions.begin() as s:
        row = LiveSession(title="t", platform="douyin", host=host, mode=mode, status=status,
                          started_at=START + timedelta(days=days))  # fmt: skip
        s.add(row)
        s.flush()
        return row.id


def _rows(store: Store, sid: int, minutes: int, comments: int, amount: float) -> None:
    ts = START
    comment_rows, order_rows, metric_rows = [], [], []
    for m in range(minutes):
        for i in range(comments):
            comment_rows.append(
                {"session_id": sid, "event_id": f"{sid}-{m}-{i}", "platform": "douyin",
                 "viewer": "v", "text": "好看", "spam": False, "t_ms": m * MIN + i, "ts": ts}
            )  # fmt: skip
        comment_rows.append(
            {"session_id": sid, "event_id": f"{sid}-{m}-spam", "platform": "douyin",
             "viewer": "s", "text": "加v", "spam": True, "t_ms": m * MIN + 500, "ts": ts}
        )  # fmt: skip
        order_rows.append(
            {"session_id": sid, "platform": "douyin", "order_id": f"{sid}-{m}", "sku": "A-1",
             "qty": 1, "amount": amount, "buyer": "b", "t_ms": m * MIN + 10, "ts": ts}
        )  # fmt: skip
        for k, online in enumerate((90, 110)):  # two reports a minute: mean 100
            metric_rows.append(
                {"session_id": sid, "viewers_online": online, "pv": (m + 1) * 100,
                 "uv": None, "t_ms": m * MIN + 20_000 * (k + 1), "ts": ts}
            )  # fmt: skip
    with store.engine.begin() as conn:
        conn.execute(insert(Comment.__table__), comment_rows)
        conn.execute(insert(Order.__table__), order_rows)
        conn.execute(insert(MetricSample.__table__), metric_rows)


def test_load_host_history_reads_only_the_hosts_finished_live_shows(store: Store) -> None:
    old = _session(store, "Mia", days=0)
    _rows(store, old, 12, comments=5, amount=200.0)
    new = _session(store, "Mia", days=1)
    _rows(store, new, 10, comments=8, amount=300.0)
    for kw in ({"mode": "demo"}, {"status": "live"}):
        _rows(store, _session(store, "Mia", days=2, **kw), 10, 50, 1.0)  # type: ignore[arg-type]
    _rows(store, _session(store, "Bob", days=3), 10, 50, 1.0)
    current = _session(store, "Mia", days=4, status="interrupted")
    _rows(store, current, 10, 50, 1.0)

    history = load_host_history(store, "Mia", exclude_session=current)
    assert history.host == "Mia" and len(history.shows) == 2
    newest, oldest = history.shows
    assert len(newest) == 10 and len(oldest) == 12
    assert newest.comments == [8] * 10  # spam left out
    assert newest.gmv == [300.0] * 10
    assert newest.viewers() == [100.0] * 10
    assert newest.pv() == [(m + 1) * 100 for m in range(10)]
    assert newest.interaction(5, 5, newest.viewers()) == 8.0
    assert newest.gpm(5, 5, newest.pv()) == 3000.0
    prompter = Prompter(PRODUCTS, load_history=lambda sid: history, ticker=False)
    prompter.attach(EventBus())
    prompter.detach()
    assert prompter.usual.interaction == 5.0  # median of 6 + 8 windows: 8 of 5.0, 6 of 8.0
    assert load_host_history(store, "Nobody").shows == ()
