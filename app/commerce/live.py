"""Builds the run-of-show and the recommendation service for one session engine."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from app.commerce.catalog import ProductInfo
from app.commerce.recommend import (
    RecommendationService,
    Recommender,
    Weights,
    load_past_performance,
)
from app.commerce.show import RunOfShow
from app.config import Config


def build_commerce(
    config: Config,
    store: Any,
    products: Sequence[ProductInfo],
    rundown: Sequence[str],
    now_ms: Callable[[], int],
    *,
    session_id: Callable[[], int | None] = lambda: None,
) -> tuple[RunOfShow, RecommendationService]:
    """A :class:`RunOfShow` and a :class:`RecommendationService` reading it.

    Past performance is loaded on the service's worker thread (pandas, a database query),
    never on the caller's; the current session is excluded so it does not vote for itself.
    """
    settings = config.settings
    show = RunOfShow(products, rundown, now_ms, low_stock=settings.low_stock_threshold)
    recommender = Recommender(
        products,
        rundown,
        weights=Weights.from_settings(settings),
        window_ms=int(max(0.5, settings.recommend_window_min) * 60_000),
        low_stock=settings.low_stock_threshold,
    )
    service = RecommendationService(
        recommender,
        now_ms,
        show=show,
        interval_s=settings.recommend_interval_s,
        load_past=lambda: load_past_performance(store, exclude_session=session_id()),
    )
    return show, service
