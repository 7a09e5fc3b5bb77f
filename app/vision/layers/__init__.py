"""Compositor layers. Each draws in place on a uint8 BGR frame and can be toggled live.

A layer declares which trackers it needs (:attr:`Layer.needs`) only while it has
something to draw, so the stage runs face mesh only when a face overlay is on air.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.commerce.catalog import ProductInfo
from app.vision.trackers import Detections


@dataclass
class FrameContext:
    """Everything a layer may use for one frame besides the pixels."""

    t_ms: int
    detections: Detections
    product: ProductInfo | None = None
    problems: list[str] = field(default_factory=list)


class Layer:
    """Base class: a named, switchable drawing step."""

    name = "layer"

    def __init__(self) -> None:
        self.enabled = True

    def needs(self, product: ProductInfo | None) -> set[str]:
        """Trackers this layer needs for ``product`` (empty: none, or nothing to draw)."""
        return set()

    def draw(self, frame: Any, ctx: FrameContext) -> None:
        raise NotImplementedError
