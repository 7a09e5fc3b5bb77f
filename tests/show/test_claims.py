"""Claims: real live-room phrasings parsed, counted per queued product, the 上链接 cue once,
and the waitlist of sold-out products."""

from __future__ import annotations

import pytest

from app.commerce.catalog import ProductInfo
from app.commerce.show import RunOfShow
from app.session.bus import EventBus
from app.session.events import (
    AlertEvent,
    CommentEvent,
    Event,
    OrderEvent,
    ProductSwitchEvent,
)
from app.show.claims import ClaimCounter, ClaimIntent, cn_number, parse_claim

# (comment, (qty, number, size, colour)) — number None: the product on air.
CLAIMS = [
    ("3号 2件", (2, 3, None, None)),
    ("扣1", (1, None, None, None)),
    ("扣 1", (1, None, None, None)),
    ("111", (1, None, None, None)),
    ("要一个黑色M", (1, None, "M", "黑色")),
    ("2号要两件", (2, 2, None, None)),
    ("1号 L码 两个", (2, 1, "L", None)),
    ("三号来两件", (2, 3, None, None)),
    ("拍十件2号", (10, 2, None, None)),
    ("十二号一件", (1, 12, None, None)),
    ("二十号", (1, 20, None, None)),
    ("2号 黑色 38码", (1, 2, "38", "黑色")),
    ("4号 两件 红色", (2, 4, None, "红色")),
    ("我要5号 XL", (1, 5, "XL", None)),
    ("3号", (1, 3, None, None)),
    ("3号链接", (1, 3, None, None)),
    ("3号 2件！！", (2, 3, None, None)),
    ("＃３ ×２", (2, 3, None, None)),  # full width
    ("3號 兩件", (2, 3, None, None)),  # Traditional
    ("来三件豆沙色", (3, None, None, "豆沙色")),
    ("link 3 please, 2 pcs", (2, 3, None, None)),
    ("I'll take two of #3", (2, 3, None, None)),
    ("i’ll take one", (1, None, None, None)),
    ("I'll take it", (1, None, None, None)),
    ("Link #2, 3pcs", (3, 2, None, None)),
    ("need 2 of item 3", (2, 3, None, None)),
    ("want 2 of number four", (2, 4, None, None)),
    ("give me 3 pieces of #1", (3, 1, None, None)),
    ("I want two black M", (2, None, "M", "black")),
    ("2 pcs black please", (2, None, None, "black")),
]

NOT_CLAIMS = [
    "3号多少钱",
    "几号链接",
    "3号还有吗",
    "1号链接呢",
    "要不要3号",
    "不要了",
    "3号不要了",
    "拍了3号",
    "已下单",
    "这个口红显白吗？",
    "3号好看",
    "好看",
    "666",
    "来了来了",
    "求链接",
    "link please",
    "link?",
    "how much is #3",
    "which one is 2",
    "I bought two",
    "don't want 3",
    "I'm in",
    "x2",
    "",
]


@pytest.mark.parametrize(("text", "expected"), CLAIMS)
def test_real_phrasings_are_claims(text: str, expected: tuple) -> None:
    intent = parse_claim(text)
    assert intent is not None, text
    assert (intent.qty, intent.number, intent.size, intent.colour) == expected


@pytest.mark.parametrize("text", NOT_CLAIMS)
def test_questions_refusals_and_chatter_are_not_claims(text: str) -> None:
    assert parse_claim(text) is None


def test_chinese_numerals() -> None:
    cases = {"一": 1, "两": 2, "二": 2, "俩": 2, "三": 3, "十": 10, "十二": 12, "二十": 20,
             "二十三": 23, "一百": 100, "一百零五": 105, "7": 7}  # fmt: skip
    assert {text: cn_number(text) for text in cases} == cases
    assert cn_number("二三") is None and cn_number("") is None and cn_number("号") is None


def test_a_sku_may_be_named_but_short_numbers_are_never_skus() -> None:
    assert parse_claim("A-1 x2", ("A-1", "B-2")) == ClaimIntent(qty=2, sku="A-1")
    assert parse_claim("要 b-2", ("A-1", "B-2")) == ClaimIntent(qty=1, sku="B-2")
    # "1" is a SKU of this catalog, but "扣1" is still "I want the one on air".
    assert parse_claim("扣1", ("1", "2")) == ClaimIntent(qty=1)


def test_out_of_range_quantities_are_not_claims() -> None:
    assert parse_claim("3号 100件") is None
    assert parse_claim("0号") is None


# -- the counter --------------------------------------------------------------------------
PRODUCTS = [
    ProductInfo("LIP", "口红", "Lipstick", 99.0, stock=50),
    ProductInfo("SUN", "墨镜", "Sunglasses", 199.0, stock=0),  # sold out from the start
    ProductInfo("TEE", "T恤", "T-shirt", 59.0, stock=20),
]


@pytest.fixture
def room():
    """A run-of-show (queue LIP, SUN, TEE), a claim counter with threshold 3, and the alerts."""
    show = RunOfShow(PRODUCTS, ["LIP", "SUN", "TEE"], ticker=False)
    counter = ClaimCounter(show, threshold=3)
    bus = EventBus()
    alerts: list[AlertEvent] = []
    bus.subscribe(lambda e: alerts.append(e) if isinstance(e, AlertEvent) else None)
    show.attach(bus)
    counter.attach(bus)
    yield bus, counter, alerts
    counter.detach()
    show.detach()


def _comment(i: int, user: str, text: str, *, platform: str = "douyin", spam: bool = False):
    return CommentEvent(i, f"c{i}", platform, user, text, spam=spam)


def test_claims_count_per_product_number_and_on_air(room) -> None:
    bus, counter, _ = room
    bus.publish(ProductSwitchEvent(0, "TEE"))
    events: list[Event] = [
        _comment(1, "amy", "3号 2件"),  # TEE is 3rd in the queue
        _comment(2, "bob", "要一个黑色M"),  # on air: TEE
        _comment(3, "amy", "3号 2件"),  # the same viewer again: still one claim
        _comment(4, "cy", "1号 两个"),  # LIP
        _comment(5, "dee", "9号 一件"),  # no 9th product: ignored
        _comment(6, "eve", "3号 五件 加v123456", spam=True),  # a lure: not counted
        _comment(7, "bob", "3号多少钱"),  # a question
    ]
    for event in events:
        bus.publish(event)
    state = counter.snapshot()
    tee, lip = state.get("TEE"), state.get("LIP")
    assert (tee.claims, tee.units) == (2, 3)
    assert tee.variants == (("黑色 M", 1),)
    assert (lip.claims, lip.units) == (1, 2)
    assert state.get("SUN").claims == 0
    assert counter.version == state.version and counter.snapshot() is state  # cached


def test_a_flood_of_buyers_counts_but_a_lure_does_not(room) -> None:
    """Triage flags the 3rd account typing the same shape as a flood; they are buyers."""
    bus, counter, _ = room
    for i, user in enumerate(["a", "b", "c", "d"]):
        bus.publish(_comment(i, user, f"1号 {i + 1}件", spam=i >= 2))
    bus.publish(_comment(9, "spammer", "1号 来一件 加微信 abc12345", spam=True))
    lip = counter.snapshot().get("LIP")
    assert (lip.claims, lip.units) == (4, 10)


def test_a_viewer_changing_their_mind_keeps_one_claim() -> None:
    show = RunOfShow(PRODUCTS, ["LIP", "SUN", "TEE"], ticker=False)
    counter = ClaimCounter(show)
    counter.add(_comment(1, "amy", "1号 2件"))
    counter.add(_comment(2, "amy", "1号 5件"))
    counter.add(_comment(3, "amy", "1号 1件", platform="tiktok"))  # another account
    lip = counter.snapshot().get("LIP")
    assert (lip.claims, lip.units) == (2, 6)


def test_the_link_cue_is_raised_once_per_product(room) -> None:
    bus, counter, alerts = room
    for i, user in enumerate(["a", "b", "c", "d", "e"]):
        bus.publish(_comment(i, user, "1号 1件"))
    cues = [a for a in alerts if a.kind == "claims"]
    assert len(cues) == 1
    cue = cues[0]
    assert (cue.source, cue.severity, cue.t_ms) == ("LIP", "info", 2)  # the 3rd viewer
    assert cue.text == "3 viewers want 口红: put the link up"
    assert cue.message is not None and cue.message.values["n"] == 3
    assert counter.snapshot().get("LIP").cued
    assert not counter.snapshot().get("TEE").cued


def test_claims_for_a_sold_out_product_wait(room) -> None:
    bus, counter, alerts = room
    bus.publish(_comment(1, "amy", "2号 两件"))
    bus.publish(_comment(2, "bob", "2号"))
    bus.publish(_comment(3, "amy", "2号 三件"))  # amy's latest claim replaces hers
    sun = counter.snapshot().get("SUN")
    assert (sun.claims, sun.units) == (0, 0)
    assert [(c.user, c.qty) for c in sun.waitlist] == [("bob", 1), ("amy", 3)]
    assert not [a for a in alerts if a.kind == "claims"]  # no link for what cannot be sold


def test_selling_out_sends_the_next_claims_to_the_waitlist(room) -> None:
    bus, counter, _ = room
    bus.publish(_comment(1, "amy", "3号 1件"))
    bus.publish(OrderEvent(2, "o1", "TEE", 20, 1180.0))  # the last 20 sold
    bus.publish(_comment(3, "bob", "3号 1件"))
    tee = counter.snapshot().get("TEE")
    assert tee.claims == 1
    assert [c.user for c in tee.waitlist] == ["bob"]


def test_nothing_on_air_means_a_bare_claim_is_not_counted(room) -> None:
    _, counter, _ = room
    assert counter.add(_comment(1, "amy", "扣1")) is None
    assert counter.snapshot().products == {}


def test_threshold_can_change_while_on_air(room) -> None:
    bus, counter, alerts = room
    counter.set_threshold(1)
    bus.publish(_comment(1, "amy", "1号"))
    assert [a.source for a in alerts if a.kind == "claims"] == ["LIP"]
    assert counter.snapshot().threshold == 1
