"""The giveaway desk: keyword entry, one entry per viewer, rules, the reproducible draw,
the countdown, what is published (overlay item, stored row, alert) and the names map."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

import pytest

from app.chat.pseudonym import Pseudonymizer
from app.session.bus import EventBus
from app.session.events import AlertEvent, CommentEvent, Event, FollowEvent, OrderEvent
from app.session.recorder import RowGuard
from app.show.giveaway import (
    CLOSED,
    DRAWN,
    OPEN,
    GiveawayDesk,
    GiveawayDrawEvent,
    GiveawayError,
    GiveawayEvent,
    Rules,
    draw_winners,
    giveaway_values,
    matches,
    normalise,
    overlay_item,
)
from app.store.db import Store
from app.store.models import Giveaway, LiveSession

PSEUDO = Pseudonymizer(b"giveaway-test-salt" * 2)


class Clock:
    def __init__(self) -> None:
        self.t = 0

    def __call__(self) -> int:
        return self.t


@pytest.fixture
def desk():
    """A desk on a bus (no ticker: tests call poll), its clock and everything published."""
    clock = Clock()
    desk = GiveawayDesk(PSEUDO, clock, ticker=False)
    bus = EventBus()
    seen: list[Event] = []
    bus.subscribe(seen.append)
    desk.attach(bus)
    yield desk, bus, clock, seen
    desk.detach()


def _comment(t: int, user: str, text: str, platform: str = "douyin") -> CommentEvent:
    return CommentEvent(t, f"{platform}-{t}-{user}", platform, user, text)


def test_keywords_match_whatever_the_case_width_and_spaces() -> None:
    assert normalise("ＬＵＣＫＹ 福袋") == "lucky福袋"
    assert (
        matches("福袋", "抢福袋!!") and matches("福袋", "福 袋") and matches("Lucky", "ＬＵＣＫＹ")
    )
    assert not matches("福袋", "福利") and not matches("", "anything")
    assert not matches("福袋", None)


def test_the_draw_is_reproducible_from_the_seed() -> None:
    entrants = [("douyin", f"v{i:02d}") for i in range(30)]
    first = draw_winners(entrants, 3, seed=12345)
    shuffled = entrants[::-1] + entrants[:5]  # any order, duplicates: the same entrants
    assert draw_winners(shuffled, 3, seed=12345) == first
    # What anyone can compute by hand: sort, then Random(seed).sample.
    assert first == random.Random(12345).sample(sorted(entrants), 3)
    assert len(set(first)) == 3
    assert draw_winners(entrants, 3, seed=54321) != first
    assert sorted(draw_winners(entrants[:2], 5, seed=1)) == entrants[:2]  # all win
    with pytest.raises(GiveawayError):
        draw_winners(entrants, 0, seed=1)
    with pytest.raises(GiveawayError):
        draw_winners(entrants, 1, seed=-1)


def test_entries_one_per_viewer_on_any_platform(desk) -> None:
    desk, bus, _, _ = desk
    desk.start("福袋", seconds=60)
    for event in [
        _comment(100, "amy", "福袋福袋"),
        _comment(200, "amy", "我要福袋"),  # again: refused
        _comment(300, "amy", "福袋", platform="tiktok"),  # another account
        _comment(400, "bob", "ＦＵ福 袋"),
        _comment(500, "cy", "福利"),  # not the keyword
        _comment(600, "", "福袋"),  # no name: cannot be drawn or told
    ]:
        bus.publish(event)
    state = desk.snapshot()
    assert (state.state, state.entries, state.eligible, state.refused) == (OPEN, 3, 3, 1)
    assert [(e.platform, e.pseudonym) for e in desk.entrants()] == sorted(
        [("douyin", PSEUDO("douyin", "amy")), ("tiktok", PSEUDO("tiktok", "amy")),
         ("douyin", PSEUDO("douyin", "bob"))]
    )  # fmt: skip
    assert desk.reveal(PSEUDO("douyin", "bob")) == "bob"


def test_entries_close_with_the_countdown(desk) -> None:
    desk, bus, clock, _ = desk
    clock.t = 1_000
    desk.start("lucky", seconds=10)
    bus.publish(_comment(500, "early", "lucky"))  # before it opened
    bus.publish(_comment(5_000, "amy", "Lucky me"))
    desk.poll(10_999)
    assert desk.snapshot().state == OPEN
    closed = desk.poll(11_000)
    assert closed is not None and closed.state == CLOSED and closed.entrants == 1
    bus.publish(_comment(10_900, "late", "lucky"))  # stamped in time, arrived late: in
    bus.publish(_comment(11_001, "bob", "lucky"))  # after the end: out
    assert desk.snapshot().entries == 2
    result = desk.draw(5, seed=9)
    assert result.entrants == 2 and result.short
    assert {w.pseudonym for w in result.winners} == {
        PSEUDO("douyin", "amy"),
        PSEUDO("douyin", "late"),
    }
    bus.publish(_comment(11_002, "cy", "lucky"))  # drawn: no more entries
    assert desk.snapshot().entries == 2


def test_overlay_updates_are_throttled_while_open(desk) -> None:
    desk, bus, _, _ = desk
    desk.start("福袋", seconds=60)
    assert desk.poll(100) is None  # nothing moved
    bus.publish(_comment(150, "amy", "福袋"))
    assert desk.poll(200) is None  # too soon after the opening item
    update = desk.poll(300)
    assert update is not None and (update.state, update.entrants) == (OPEN, 1)
    assert desk.poll(600) is None  # same count, less than a second
    assert desk.poll(1_300) is not None  # a heartbeat: a reloaded page gets the time left


def test_rules_followed_and_ordered_during_the_show(desk) -> None:
    desk, bus, _, _ = desk
    bus.publish(FollowEvent(1, user="amy"))
    bus.publish(FollowEvent(2, user="bob"))
    bus.publish(OrderEvent(3, "o1", "A", 1, 9.9, buyer="bob", platform="douyin"))
    bus.publish(OrderEvent(4, "o2", "A", 1, 9.9, buyer="cy", platform="tiktok"))
    desk.start("福袋", Rules(followed=True, ordered=True), seconds=60)
    for user in ("amy", "bob", "cy", "dee"):
        bus.publish(_comment(100, user, "福袋"))
    state = desk.snapshot()
    assert (state.entries, state.eligible) == (4, 1)
    result = desk.draw(3, seed=1)
    assert [w.pseudonym for w in result.winners] == [PSEUDO("douyin", "bob")]
    assert result.short and result.asked == 3


def test_an_order_without_a_platform_counts_on_every_platform(desk) -> None:
    desk, bus, _, _ = desk
    bus.publish(OrderEvent(1, "o1", "A", 1, 9.9, buyer="amy"))
    desk.start("福袋", Rules(ordered=True), seconds=60)
    bus.publish(_comment(100, "amy", "福袋", platform="kuaishou"))
    assert desk.snapshot().eligible == 1


def test_a_draw_publishes_the_row_the_state_and_an_alert(desk, store: Store) -> None:
    desk, bus, clock, seen = desk
    clock.t = 2_000
    desk.start("福袋", Rules(followed=True), seconds=30)
    bus.publish(FollowEvent(2_100, user="amy"))
    for i, user in enumerate(["amy", "bob"]):
        bus.publish(_comment(2_200 + i, user, "福袋"))
    clock.t = 10_000
    result = desk.draw(1, seed=77)  # before the countdown ends: entries close now
    draws = [e for e in seen if isinstance(e, GiveawayDrawEvent)]
    assert len(draws) == 1
    draw = draws[0]
    assert (draw.t_ms, draw.keyword, draw.seed, draw.entrants) == (10_000, "福袋", 77, 1)
    assert draw.winners == (PSEUDO("douyin", "amy"),) == tuple(w.pseudonym for w in result.winners)
    values = giveaway_values(draw)
    assert values["rules"] == {
        "one_per_viewer": True,
        "followed": True,
        "ordered": False,
        "from_ms": 2_000,
        "until_ms": 10_000,
    }
    # The row passes the recorder's checks and is stored as it is.
    started = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)
    with store.sessions.begin() as s:
        session = LiveSession(title="t", started_at=started)
        s.add(session)
        s.flush()
        sid = session.id
        base = {"session_id": sid, "t_ms": draw.t_ms, "ts": started + timedelta(seconds=10)}
        s.add(Giveaway(**RowGuard().check(Giveaway, {**base, **values})))
    with store.sessions() as s:
        row = s.query(Giveaway).one()
        assert (row.keyword, row.seed, row.entrants, row.winners) == (
            "福袋",
            77,
            1,
            [draw.winners[0]],
        )
    states = [e for e in seen if isinstance(e, GiveawayEvent)]
    assert [e.state for e in states] == [OPEN, DRAWN]
    alerts = [e for e in seen if isinstance(e, AlertEvent) and e.kind == "giveaway"]
    assert alerts[-1].text == "Giveaway “福袋”: 1 winner drawn from 1 entrants (seed 77)"
    assert "amy" not in repr(draws) + repr(states) + repr(alerts)  # names never leave


def test_the_same_entries_and_seed_draw_the_same_winners_again(desk) -> None:
    desk, bus, _, _ = desk
    desk.start("福袋", seconds=60)
    for i in range(40):
        bus.publish(_comment(100 + i, f"viewer{i}", "福袋"))
    first = desk.draw(5, seed=2024)
    again = desk.draw(5, seed=2024)  # a redraw is allowed (and recorded)
    assert first.winners == again.winners
    fresh = desk.draw(5)  # no seed: a fresh one, short enough to read out
    assert 0 <= fresh.seed < 10**9
    assert draw_winners([(e.platform, e.pseudonym) for e in desk.entrants()], 5, fresh.seed) == [
        (w.platform, w.pseudonym) for w in fresh.winners
    ]


def test_operator_mistakes_are_refused_with_a_reason(desk) -> None:
    desk, _, _, _ = desk
    with pytest.raises(GiveawayError, match="start one first"):
        desk.draw(1)
    with pytest.raises(GiveawayError, match="keyword is empty"):
        desk.start("  ")
    with pytest.raises(GiveawayError, match="10–3600 seconds"):
        desk.start("福袋", seconds=5)
    desk.start("福袋", seconds=60)
    with pytest.raises(GiveawayError, match="already running"):
        desk.start("抽奖", seconds=60)
    with pytest.raises(GiveawayError, match="1–1000 winners"):
        desk.draw(0)
    with pytest.raises(GiveawayError, match="nobody has entered"):
        desk.draw(1)
    assert desk.cancel() is not None
    assert desk.snapshot().state == "cancelled"
    assert desk.cancel() is None
    desk.start("抽奖", seconds=60)  # a new one after a cancel


def test_the_overlay_item(desk) -> None:
    from app.server.overlay import encode

    desk, bus, clock, seen = desk
    clock.t = 1_000
    opened = desk.start("福袋", seconds=120)
    item = encode(opened)
    assert item is not None
    assert abs(item.pop("sent_at") - time.time() * 1000) < 5_000
    assert item == {
        "kind": "giveaway",
        "state": "open",
        "keyword": "福袋",
        "entrants": 0,
        "duration_ms": 120_000,
        "remaining_ms": 120_000,
        "winners": [],
        "seed": None,
        "t_ms": 1_000,
    }
    bus.publish(_comment(1_500, "amy", "福袋"))
    clock.t = 2_000
    desk.draw(1, seed=5)
    drawn = [e for e in seen if isinstance(e, GiveawayEvent)][-1]
    item = overlay_item(drawn)
    assert item is not None
    assert (item["state"], item["entrants"], item["seed"], item["remaining_ms"]) == (
        "drawn", 1, 5, 0
    )  # fmt: skip
    assert item["winners"] == [PSEUDO("douyin", "amy")[-6:]]  # never a name
    assert overlay_item(_comment(1, "x", "y")) is None


def test_the_overlay_page_is_shipped_where_the_server_looks() -> None:
    from app.server.overlay import list_overlays, overlay_file

    assert "giveaway" in list_overlays()
    page = overlay_file("giveaway", "index.html")
    assert page is not None
    html = page.read_text(encoding="utf-8")
    assert "../_lib/anchordesk.js" in html and "giveaway.js" in html
    script = overlay_file("giveaway", "giveaway.js")
    assert script is not None and "textContent" in script.read_text(encoding="utf-8")
    assert "innerHTML" not in script.read_text(encoding="utf-8")  # viewer text never as HTML


def test_names_are_forgotten_with_the_session() -> None:
    desk = GiveawayDesk(PSEUDO, ticker=False)
    bus = EventBus()
    desk.attach(bus)
    desk.start("福袋", seconds=60)
    bus.publish(_comment(0, "amy", "福袋"))
    assert desk.reveal(PSEUDO("douyin", "amy")) == "amy"
    desk.detach()
    assert desk.reveal(PSEUDO("douyin", "amy")) is None


def test_the_ticker_closes_entries_by_itself() -> None:
    clock = Clock()
    desk = GiveawayDesk(PSEUDO, clock)
    bus = EventBus()
    closed: list[GiveawayEvent] = []
    bus.subscribe(lambda e: closed.append(e) if getattr(e, "state", "") == CLOSED else None)
    desk.attach(bus)
    try:
        desk.start("福袋", seconds=10)
        clock.t = 10_000
        deadline = time.monotonic() + 3.0
        while not closed and time.monotonic() < deadline:
            time.sleep(0.02)
        assert closed and desk.snapshot().state == CLOSED
    finally:
        desk.detach()


PAGE_HARNESS = r"""
// giveaway.js over a fake DOM, AnchorDesk stub and fake clock/timers.
function el() {
  const cls = new Set();
  return {
    textContent: "", style: {}, children: [],
    classList: {
      add: (c) => cls.add(c), remove: (c) => cls.delete(c), contains: (c) => cls.has(c),
      toggle: (c, on) => {
        if (on === undefined) on = !cls.has(c);
        on ? cls.add(c) : cls.delete(c);
      },
    },
    replaceChildren() { this.children = []; },
    appendChild(child) { this.children.push(child); },
  };
}
const parts = {};
const box = el();
box.classList.add("hidden");
box.querySelector = (sel) => parts[sel] || (parts[sel] = el());
global.document = { getElementById: (id) => (id === "giveaway" ? box : el()), createElement: el };
let onItems = null;
global.AnchorDesk = { connect: (f) => { onItems = f; }, param: (name, fallback) => fallback };
let now = 1700000000000;
Date.now = () => now;
const timeouts = [];
global.setInterval = () => 1; global.clearInterval = () => {};
global.setTimeout = (f, ms) => { timeouts.push(ms); return 2; }; global.clearTimeout = () => {};
require(process.argv[1]);
const shown = (sel) => !parts[sel].classList.contains("hidden");
const out = {};
const base = {
  kind: "giveaway", keyword: "福袋", entrants: 3, duration_ms: 60000, winners: [], seed: null,
};
onItems([{ ...base, state: "open", remaining_ms: 60000, sent_at: now - 15000 }]);  // a reload
out.open = [!box.classList.contains("hidden"), parts[".keyword"].textContent,
            parts[".entrants"].textContent, parts[".timer"].textContent, shown(".result")];
onItems([{ ...base, state: "closed", remaining_ms: 0, sent_at: now }]);
out.closed = [shown(".drawing"), shown(".timer")];
const winners = ["a1b2c3", "<b>x</b>"];
onItems([{ ...base, state: "drawn", winners, seed: 5, sent_at: now - 1000 }]);
out.drawn = [shown(".result"), parts[".winners"].children.map((c) => c.textContent),
             parts[".seed"].textContent, timeouts[timeouts.length - 1]];
onItems([{ ...base, state: "drawn", winners: ["a1b2c3"], seed: 5, sent_at: now - 600000 }]);
out.stale = box.classList.contains("hidden");
onItems([{ ...base, state: "open", remaining_ms: 60000, sent_at: now }]);
onItems([{ ...base, state: "cancelled" }]);
out.cancelled = box.classList.contains("hidden");
process.stdout.write(JSON.stringify(out));
"""


def test_the_overlay_page_counts_down_then_shows_the_winners() -> None:
    """giveaway.js under node with a fake DOM (skipped without node)."""
    import json
    import shutil
    import subprocess

    from app.server.overlay import overlay_file

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    script = overlay_file("giveaway", "giveaway.js")
    assert script is not None
    result = subprocess.run(
        [node, "-e", PAGE_HARNESS, str(script)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    out = json.loads(result.stdout)
    assert out["open"] == [True, "福袋", "3", "0:45", False]  # sent 15 s ago: 45 s left
    assert out["closed"] == [True, False]
    assert out["drawn"] == [True, ["🎉 a1b2c3", "🎉 <b>x</b>"], "seed 5", 29_000]
    assert out["stale"] is True  # a draw from 10 minutes ago is not shown again
    assert out["cancelled"] is True
