"""Recommendations: live demand, past performance, affinity, stock and the reasons shown."""

from __future__ import annotations

from pathlib import Path

from app.commerce.catalog import ProductInfo
from app.commerce.recommend import (
    PastPerformance,
    ProductMatcher,
    RecommendationService,
    Recommender,
    Weights,
    load_past_performance,
)
from app.commerce.show import RunOfShow
from app.config import Config
from app.live.headless import run_headless
from app.session.bus import EventBus
from app.session.events import (
    CommentEvent,
    OrderEvent,
    ProductSwitchEvent,
    TranscriptEvent,
)
from app.store.db import Store

PRODUCTS = [
    ProductInfo("LIP", "丝绒口红", "Velvet lipstick", 99.0, stock=100, aliases=("口红",)),
    ProductInfo("SUN", "猫眼墨镜", "Cat-eye sunglasses", 199.0, stock=100, aliases=("墨镜",)),
    ProductInfo("HAT", "渔夫帽", "Bucket hat", 59.0, stock=8, aliases=("帽子",)),
    ProductInfo("BAG", "托特包", "Tote bag", 129.0, stock=100, aliases=("托特包",)),
]
RUNDOWN = ["LIP", "SUN", "HAT", "BAG"]
MIN = 60_000


def comment(t: int, text: str, intent: str | None = None, n: int = 0) -> CommentEvent:
    return CommentEvent(t, f"c{t}-{n}", "douyin", f"u{n}", text, intent=intent)


def test_matcher_uses_aliases_and_link_numbers() -> None:
    matcher = ProductMatcher(PRODUCTS, RUNDOWN)
    assert matcher.match("墨镜多少钱") == "SUN"
    assert matcher.match("3号链接还有吗") == "HAT"
    assert matcher.match("link 4 please") == "BAG"
    assert matcher.match("9号链接") is None
    assert matcher.match("主播好") is None


def test_many_recent_questions_outrank_an_idle_product() -> None:
    rec = Recommender(PRODUCTS, RUNDOWN, window_ms=5 * MIN)
    rec.feed(ProductSwitchEvent(0, "LIP"))
    for n in range(12):
        rec.feed(comment(60_000 + n * 1000, "墨镜防紫外线吗？", intent="question", n=n))
    for n in range(3):
        rec.feed(comment(70_000 + n, "墨镜怎么买", intent="purchase", n=100 + n))
    ranked = rec.rank(2 * MIN)
    assert [r.sku for r in ranked][:1] == ["SUN"]
    top = ranked[0]
    assert str(top.reasons[0]) == "12 questions about it, 3 viewers want to buy in the last 5 min"
    bag = next(r for r in ranked if r.sku == "BAG")
    assert bag.score < top.score and bag.parts["demand"] == 0.0
    assert "LIP" not in [r.sku for r in ranked]  # on air: not a "next"


def test_demand_expires_with_the_window_and_when_put_on_air() -> None:
    rec = Recommender(PRODUCTS, RUNDOWN, window_ms=MIN)
    rec.feed(ProductSwitchEvent(0, "LIP"))
    rec.feed(comment(1_000, "帽子有黑色吗", intent="question"))
    assert next(r for r in rec.rank(30_000) if r.sku == "HAT").parts["demand"] == 1.0
    assert next(r for r in rec.rank(62_000) if r.sku == "HAT").parts["demand"] == 0.0
    rec.feed(comment(63_000, "帽子有黑色吗", intent="question"))
    rec.feed(ProductSwitchEvent(64_000, "HAT", previous="LIP"))
    rec.feed(ProductSwitchEvent(65_000, "LIP", previous="HAT"))
    assert next(r for r in rec.rank(66_000) if r.sku == "HAT").parts["demand"] == 0.0


def test_transcript_mentions_and_spam_comments() -> None:
    rec = Recommender(PRODUCTS, RUNDOWN)
    rec.feed(ProductSwitchEvent(0, "LIP"))
    rec.feed(TranscriptEvent(1_000, 2_000, "等下给大家看托特包"))
    rec.feed(CommentEvent(1_500, "s1", "douyin", "x", "托特包免费领，加v", spam=True))
    bag = next(r for r in rec.rank(3_000) if r.sku == "BAG")
    assert str(bag.reasons[0]) == "mentioned 1 time in the last 5 min"


def test_reasons_for_past_affinity_stock_and_recency() -> None:
    past = PastPerformance(
        gpm={"SUN": 1_800.0, "BAG": 600.0},
        last_sold={"SUN": 30},
        pairs={("LIP", "SUN"): 6},
        sessions=2,
    )
    rec = Recommender(PRODUCTS, RUNDOWN, past=past)
    rec.feed(ProductSwitchEvent(0, "BAG"))
    rec.feed(ProductSwitchEvent(60_000, "LIP", previous="BAG"))
    ranked = {r.sku: [str(m) for m in r.reasons] for r in rec.rank(26 * MIN)}
    assert "sold 30 last session at GPM ¥1,800" in ranked["SUN"]
    assert "often bought with 丝绒口红 (6 buyers)" in ranked["SUN"]
    assert "only 8 left" in ranked["HAT"]
    assert "not on air for 25 min" in ranked["BAG"]
    assert "not pitched yet (26 min into the show)" in ranked["HAT"]
    assert "next in the run-of-show" in ranked["SUN"]


def test_sold_out_is_never_suggested_and_weights_apply() -> None:
    rec = Recommender(PRODUCTS, RUNDOWN, weights=Weights(demand=0, queue=1, stock=0, recency=0))
    rec.feed(ProductSwitchEvent(0, "LIP"))
    rec.feed(OrderEvent(10, "o1", "HAT", 8, 472.0))
    ranked = rec.rank(1_000)
    assert "HAT" not in [r.sku for r in ranked]
    assert [r.sku for r in ranked] == ["SUN", "BAG"]  # the plan, HAT being sold out


def test_weights_from_settings(config: Config) -> None:
    config.settings.recommend_weight_demand = 2.5
    config.settings.recommend_weight_queue = -1.0
    weights = Weights.from_settings(config.settings)
    assert weights.demand == 2.5 and weights.queue == 0.0 and weights.past == 0.5


def test_service_ranks_on_update(config: Config) -> None:
    bus = EventBus()
    now = [0]
    show = RunOfShow(PRODUCTS, RUNDOWN, lambda: now[0], ticker=False)
    show.attach(bus)
    service = RecommendationService(Recommender(PRODUCTS, RUNDOWN), lambda: now[0], show=show)
    service._bus = bus  # no worker thread: update() is driven by the test
    bus.subscribe(service._on_event, service.EVENTS)
    bus.publish(ProductSwitchEvent(0, "LIP"))
    for n in range(4):
        bus.publish(comment(1_000 + n, "3号链接多少钱", intent="question", n=n))
    now[0] = 5_000
    ranked = service.update()
    assert ranked[0].sku == "HAT" and service.latest() == ranked
    assert service.updated_ms == 5_000
    show.detach()


def test_past_performance_from_recorded_sessions(
    config: Config, store: Store, mini_bundle: Path
) -> None:
    assert load_past_performance(store) == PastPerformance()
    run_headless(config, store, bundle_dir=mini_bundle, speed=8.0)
    past = load_past_performance(store)
    # ¥158 while on air (0-900 ms); PV 0 -> 300 in that segment -> GPM 526.67
    assert round(past.gpm["A-1"], 2) == 526.67
    assert past.last_sold == {"A-1": 2, "B-2": 1}
    assert past.sessions == 1
