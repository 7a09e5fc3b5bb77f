"""The product card follows a hand that real MediaPipe Hands finds in a drawn picture.

The picture is drawn by :mod:`tests.vision.hand_photo` (a raised open hand in front of a
backdrop, 1280x720), so the project owns it and nothing is downloaded or skipped.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from app.vision.compositor import Compositor, FrameResult
from app.vision.trackers import HANDS, Trackers
from tests.vision.hand_photo import HandPhoto, hand_photo


@pytest.fixture(scope="module")
def photo() -> HandPhoto:
    return hand_photo()


@pytest.fixture(scope="module")
def hand_frame(photo: HandPhoto) -> Any:
    assert photo.image.shape == (720, 1280, 3)
    return photo.image


def _palm(result: FrameResult) -> Any:
    hands = result.detections.hands
    assert hands, "MediaPipe found no hand in the photo"
    return hands[0][[0, 5, 9, 13, 17]].mean(axis=0)


def test_the_drawn_hand_is_detected_where_it_is(trackers: Trackers, photo: HandPhoto) -> None:
    found = trackers.detect(photo.image, {HANDS})
    assert len(found.hands) >= 1
    points = found.hands[0]
    x0, y0, x1, y1 = photo.box
    assert points.shape == (21, 2)
    inside = (points[:, 0] > x0) & (points[:, 0] < x1) & (points[:, 1] > y0) & (points[:, 1] < y1)
    assert inside.mean() > 0.9  # the landmarks lie on the drawn hand


def test_card_follows_the_hand_and_falls_back_to_a_corner(
    trackers: Trackers,
    photo: HandPhoto,
    hand_frame: Any,
    demo_frames: list[Any],
    products: dict[str, Any],
) -> None:
    x0, y0, x1, y1 = photo.box
    compositor = Compositor(trackers, card_placement="hand")
    compositor.product = products["BAG-006"]
    compositor.captions.enabled = compositor.comment.enabled = False
    assert compositor.needs() == {HANDS}

    # The hand is on the right: the card sits to its left, centred on the palm.
    for i in range(3):
        result = compositor.process(hand_frame, i * 33)
    out, palm = result.image, _palm(result)
    x, y, w, h = compositor.card.last_rect or (0, 0, 0, 0)
    assert x0 < palm[0] < x1 and y0 < palm[1] < y1
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
    assert 1280 - x1 < palm[0] < 1280 - x0
    x, y, w, h = compositor.card.last_rect or (0, 0, 0, 0)
    assert x >= palm[0] and x - palm[0] < 40
    assert abs((y + h / 2) - palm[1]) < 25 or y + h == 720
