"""UI test fixtures: a fake engine with the real bus, clock API and KPI aggregator.

The fake keeps the engine's public surface (see ``app.ui.engine_api``) but no threads, no
store and a clock the test sets by hand, so window tests are fast and deterministic.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.analytics.kpis import KPI_EVENTS, LiveKpis
from app.commerce.catalog import ProductInfo
from app.config import load_config
from app.session.bus import EventBus
from app.session.clock import SessionClock
from app.session.engine import ShowInfo
from app.session.events import (
    AlertEvent,
    AudioChunkEvent,
    CommentEvent,
    Event,
    FollowEvent,
    GiftEvent,
    LikeEvent,
    OrderEvent,
    ProductSwitchEvent,
    SourceStatusEvent,
    TranscriptEvent,
    ViewersEvent,
)
from app.ui.qt_compat import protect_singletons

# The suite's root conftest sets this too; kept so tests/ui also runs on its own.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The suite makes far more Qt calls than None has references on a leaky PySide6 build.
protect_singletons()

SPEECH_NOTE = "No speech model installed — showing the demo script's narration."


class ManualClock(SessionClock):
    """A session clock the test moves by setting ``ms``."""

    def __init__(self) -> None:
        super().__init__()
        self.ms = 0

    def now_ms(self) -> int:
        return self.ms


class FakeEngine:
    """The engine's UI-facing surface (``app.ui.engine_api``) over a real EventBus and
    LiveKpis; no store, no run-of-show, no vision unless a test sets them."""

    def __init__(
        self,
        products: list[ProductInfo],
        rundown: list[str],
        *,
        speech_note: str = SPEECH_NOTE,
        mode: str = "demo",
    ) -> None:
        self.bus = EventBus()
        self.clock = ManualClock()
        self.kpis = LiveKpis()
        self.config = load_config()
        self.store: Any = None
        self.plan: Any = None
        self.show: Any = None
        self.recommendations: Any = None
        self.vision: Any = None
        self.server: Any = None
        self.claims: Any = None
        self.giveaways: Any = None
        self.obs: Any = None
        self.prompter: Any = None
        self.source_names = frozenset({"video", "audio", "comments"})
        self.outcome: Any = None
        self.products = products
        self.rundown = rundown
        self.session_id: int | None = 7
        self.title = "周二夜场 Tuesday picks"
        self.info = ShowInfo(self.title, host="小鹿", platform="douyin", mode=mode)
        self.speech_note = speech_note
        self.finished = threading.Event()
        self.switch_calls: list[str | None] = []
        self.added_sources: list[Any] = []
        self.configured: list[Any] = []
        self.start_calls = 0
        self.stop_calls = 0
        self._on_air: str | None = None
        self._health: dict[str, SourceStatusEvent] = {}
        self._stats: dict[str, int | float] = {"comments": 0, "orders": 0, "gmv": 0.0, "dropped": 0}
        self.bus.subscribe(self.kpis.feed, KPI_EVENTS)
        self.bus.subscribe(self._on_event)

    def _on_event(self, event: Event) -> None:
        if isinstance(event, ProductSwitchEvent):
            self._on_air = event.sku
        elif isinstance(event, SourceStatusEvent):
            self._health[event.source] = event
        elif isinstance(event, CommentEvent):
            self._stats["comments"] += 1
        elif isinstance(event, OrderEvent):
            self._stats["orders"] += 1
            self._stats["gmv"] += event.amount

    def on_air(self) -> str | None:
        return self._on_air

    def health(self) -> dict[str, SourceStatusEvent]:
        return dict(self._health)

    def add_source(self, source: Any) -> None:
        self.added_sources.append(source)
        self.source_names = self.source_names | {source.name}

    def stats(self) -> dict[str, int | float]:
        return dict(self._stats)

    @property
    def started(self) -> bool:
        return self.start_calls > 0

    @property
    def stopped(self) -> bool:
        return self.stop_calls > 0

    def start(self) -> None:
        self.start_calls += 1

    def stop(self) -> None:
        self.stop_calls += 1

    def next_product(self) -> str | None:
        return None

    def configure(self, settings: Any) -> None:
        self.configured.append(settings)

    def set_plan(self, plan: Any, products: list[ProductInfo]) -> None:
        self.plan = plan
        self.update_products(products)

    def update_products(self, products: list[ProductInfo]) -> None:
        merged = {p.sku: p for p in self.products}
        merged.update({p.sku: p for p in products})
        self.products = list(merged.values())

    def switch_product(self, sku: str | None) -> None:
        self.switch_calls.append(sku)
        self.bus.publish(ProductSwitchEvent(self.clock.now_ms(), sku, self._on_air))

    def publish_all(self, events: Iterable[Event]) -> None:
        for event in events:
            self.bus.publish(event)


def make_products(image_dir: Path | None = None) -> list[ProductInfo]:
    """Three products; the first has an image file when ``image_dir`` is given."""
    image = None
    if image_dir is not None:
        from PySide6.QtGui import QColor, QImage

        img = QImage(64, 64, QImage.Format.Format_RGB32)
        img.fill(QColor("#b0243a"))
        image = image_dir / "LIP-001.png"
        assert img.save(str(image))
    return [
        ProductInfo("LIP-001", "丝绒哑光口红 #316", "Velvet Matte Lipstick #316", 129.0, 89.0,
                    stock=500, image=image),
        ProductInfo("SUN-002", "复古猫眼墨镜", "Retro Cat-Eye Sunglasses", 199.0, stock=6),
        ProductInfo("SNK-007", "每日坚果", "Daily Nuts", 59.9, 39.9, stock=0),
    ]  # fmt: skip


def sample_events() -> list[Event]:
    """A few seconds of a bilingual session, every kind of event the UI shows."""
    return [
        SourceStatusEvent(0, "video", "ok"),
        SourceStatusEvent(0, "audio", "ok"),
        SourceStatusEvent(0, "comments", "ok"),
        SourceStatusEvent(0, "store", "error", "disk full"),
        ViewersEvent(100, online=1_234, pv=5_678, uv=3_000),
        ProductSwitchEvent(500, "LIP-001"),
        CommentEvent(1_000, "c1", "douyin", "果冻今天也要开心", "这支口红颜色绝了"),
        CommentEvent(1_200, "c2", "tiktok", "amy", "link please?", intent="purchase"),
        CommentEvent(1_400, "c3", "kuaishou", "芒果不加班", "黄皮能用吗", intent="question"),
        CommentEvent(1_500, "c4", "douyin", "bot88", "加V看福利", spam=True),
        LikeEvent(1_600, count=42),
        FollowEvent(1_700, user="小鹿"),
        GiftEvent(1_800, user="bob", gift="小心心", count=3, value=0.1),
        TranscriptEvent(2_000, 4_000, "大家好，今天的口红是全网最低价"),
        TranscriptEvent(4_500, 6_000, "This shade suits every skin tone"),
        TranscriptEvent(6_100, 6_500, "现在下单", final=False),
        AudioChunkEvent(6_200, b"", 16_000, -18.0),
        AlertEvent(
            3_000, "compliance", "warning", "Banned claim: 全网最低价", terms=("全网最低价",)
        ),
        AlertEvent(3_500, "stock", "info", "SUN-002 stock is low (6 left)"),
        OrderEvent(5_000, "o1", "LIP-001", 2, 178.0, buyer="amy"),
        OrderEvent(5_500, "o2", "LIP-001", 1, 89.0, buyer="小鹿"),
    ]


@pytest.fixture(autouse=True)
def _gc_on_gui_thread() -> Iterator[None]:
    """Collect garbage only on the test (GUI) thread, as run_gui does in the app.

    Otherwise a collection that starts on a publishing or thumbnail thread can destroy
    Qt objects left over by earlier tests there, and PySide6 crashes. The collection at
    set-up also clears what the previous test left behind.
    """
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    yield
    if was_enabled:
        gc.enable()


@pytest.fixture
def products(tmp_path: Path, qapp: object) -> list[ProductInfo]:
    return make_products(tmp_path)


@pytest.fixture
def events() -> list[Event]:
    return sample_events()


@pytest.fixture
def engine(products: list[ProductInfo]) -> FakeEngine:
    return FakeEngine(products, ["SUN-002", "LIP-001"])


@pytest.fixture
def recorded(config, store, mini_bundle) -> int:
    """A demo session recorded from the mini bundle (the review-window tests open it)."""
    from review_support import record_demo

    return record_demo(config, store, mini_bundle)


@pytest.fixture
def zh_ui(qapp) -> Iterator[None]:
    """The Chinese interface for one test; the next test starts with English again."""
    from app.ui import i18n

    assert i18n.install_translators("zh_CN") == "zh_CN"
    yield
    i18n.install_translators("en")
