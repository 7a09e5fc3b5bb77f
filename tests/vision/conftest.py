"""Vision fixtures: real demo frames and real MediaPipe graphs, loaded once per session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from app.commerce.catalog import ProductInfo, load_catalog_json
from app.paths import DEMO_BUNDLE
from app.vision.trackers import Trackers


@pytest.fixture(scope="session")
def demo_frames() -> list[Any]:
    """The first 10 frames of the demo host video (1280x720, a real face on each)."""
    from app.vision.cv import import_cv2

    cv2 = import_cv2()
    cap = cv2.VideoCapture(str(DEMO_BUNDLE / "host.mp4"))
    frames = []
    for _ in range(10):
        ok, image = cap.read()
        assert ok
        frames.append(image)
    cap.release()
    return frames


@pytest.fixture(scope="session")
def products() -> dict[str, ProductInfo]:
    return {p.sku: p for p in load_catalog_json(DEMO_BUNDLE / "products.json")}


@pytest.fixture(scope="session")
def trackers() -> Iterator[Trackers]:
    """One set of MediaPipe graphs for the whole run (creating them costs ~1 s)."""
    t = Trackers(640)
    yield t
    t.close()
