"""The product card follows a real hand found by real MediaPipe Hands in a real photo.

The photo is ``zidane.jpg`` (1280x720, a man pointing with his right hand), shipped in
the ``ultralytics`` wheel's assets. Only the file is read: ultralytics is never imported,
so it is installed without its dependencies (``pip install --no-deps ultralytics==8.4.190``).
"""

from __future__ import annotations

import importlib.metadata
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from app.vision.compositor import Compositor, FrameResult
from app.vision.cv import import_cv2
from app.vision.trackers import HANDS, Trackers

#: Where the pointing hand is in zidane.jpg (checked by eye: fingers 1000-1150, 400-500).
HAND_BOX = (980, 380, 1160, 520)


def _photo() -> Path:
    try:
        path = Path(str(importlib.metadata.distribution("ultralytics").locate_file("")))
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("the hand photo comes from `pip install --no-deps ultralytics==8.4.190`")
    photo = path / "ultralytics" / "assets" / "zidane.jpg"
    if not photo.is_file():
        pytest.skip(f"no hand photo at {photo}")
    return photo


@pytest.fixture(scope="module")
def hand_frame() -> Any:
    image = import_cv2().imread(str(_photo()))
    assert image is not None and image.shape == (720, 1280, 3)
    return image


def _palm(result: FrameResult) -> Any:
    hands = result.detections.hands
    assert hands, "MediaPipe found no hand in the photo"
    return hands[0][[0, 5, 9, 13, 17]].mean(axis=0)


def test_real_hand_is_detected_where_it_is(trackers: Trackers, hand_frame: Any) -> None:
    found = trackers.detect(hand_frame, {HANDS})
    assert len(found.hands) >= 1
    points = found.hands[0]
    x0, y0, x1, y1 = HAND_BOX
    assert points.shape == (21, 2)
    inside = (points[:, 0] > x0) & (points[:, 0] < x1) & (points[:, 1] > y0) & (points[:, 1] < y1)
    assert inside.mean() > 0.9  # the landmarks lie on the real hand


def test_card_follows_the_real_hand_and_falls_back_to_a_corner(
    trackers: Trackers, hand_frame: Any, demo_frames: list[Any], products: dict[str, Any]
) -> None:
    compositor = Compositor(trackers, card_placement="hand")
    compositor.product = products["BAG-006"]
    compositor.captions.enabled = compositor.comment.enabled = False
    assert compositor.needs() == {HANDS}

    # The hand is on the right: the card sits to its left, centred on the palm.
    for i in range(3):
        result = compositor.process(hand_frame, i * 33)
    out, palm = result.image, _palm(result)
    x, y, w, h = compositor.card.last_rect or (0, 0, 0, 0)
    assert HAND_BOX[0] < palm[0] < HAND_BOX[2] and HAND_BOX[1] < palm[1] < HAND_BOX[3]
    assert x + w <= palm[0] and palm[0] - (x + w) < 40  # beside the hand, not in a corner
    assert abs((y + h / 2) - palm[1]) < 25 or y + h == 720  # centred on it (or clipped)
    changed = np.abs(out.astype(int) - hand_frame.astype(int)).sum(axis=2) > 10
    assert (
        changed[y : y + h, x : x + w].mean() > 0.3
        and changed.sum() == changed[y : y + h, x : x + w].sum()
    )

    # The hand leaves (a frame without any hand): the card goes to its corner.
    assert not compositor.process(demo_frames[0], 100).detections.hands
    x, y, w, h = compositor.card.last_rect or (0, 0, 0, 0)
    assert x + w > 1200 and y + h > 680  # bottom-right fallback corner

    # The hand comes back on the other side (mirrored photo): the card is to its right.
    mirrored = np.ascontiguousarray(hand_frame[:, ::-1])
    palm = _palm(compositor.process(mirrored, 133))
    assert 1280 - HAND_BOX[2] < palm[0] < 1280 - HAND_BOX[0]
    x, y, w, h = compositor.card.last_rect or (0, 0, 0, 0)
    assert x >= palm[0] and x - palm[0] < 40
    assert abs((y + h / 2) - palm[1]) < 25 or y + h == 720
