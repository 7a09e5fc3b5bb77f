"""A picture of a raised open hand, drawn here, that real MediaPipe Hands finds.

Drawn, not photographed, so the project owns it outright (no licence to track, no file
to download): a palm, four fingers and a thumb as soft skin-coloured shapes with edge
shading and a little sensor noise, in front of a gradient backdrop, with the forearm
leaving the frame at the bottom as in a webcam shot. Deterministic (seeded noise).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from app.vision.cv import import_cv2

#: (x, y) offsets of the finger bases from the palm centre (index to little finger),
#: their lengths, tilts (degrees from vertical) and half-widths, at scale 1.
FINGERS = (
    ((-34, -55), 95, -16, 12.0),
    ((-11, -60), 105, -4, 12.5),
    ((12, -57), 98, 8, 12.0),
    ((34, -48), 78, 24, 10.0),
)
SKIN_BGR = (120.0, 150.0, 205.0)


@dataclass(frozen=True)
class HandPhoto:
    """The picture (BGR, uint8) and the box around the hand above the wrist."""

    image: Any
    box: tuple[int, int, int, int]  # x0, y0, x1, y1


def _capsule(mask: Any, p0: tuple[float, float], p1: tuple[float, float], r: float) -> None:
    cv2 = import_cv2()
    a, b = (round(p0[0]), round(p0[1])), (round(p1[0]), round(p1[1]))
    cv2.line(mask, a, b, 255, round(2 * r), cv2.LINE_AA)
    for point in (a, b):
        cv2.circle(mask, point, round(r), 255, -1, cv2.LINE_AA)


def _hand_mask(size: tuple[int, int], centre: tuple[float, float], s: float) -> tuple[Any, Any]:
    """The hand (palm, fingers, thumb) and the forearm below it, as two uint8 masks."""
    cv2 = import_cv2()
    width, height = size
    cx, cy = centre
    hand = np.zeros((height, width), np.uint8)
    half_w, half_h = 47.5 * s, 55 * s
    palm = np.array(
        [
            [cx - half_w, cy - half_h],
            [cx + half_w, cy - half_h],
            [cx + half_w * 0.9, cy + half_h],
            [cx - half_w * 0.85, cy + half_h],
        ],
        np.int32,
    )
    cv2.fillPoly(hand, [palm], 255, cv2.LINE_AA)
    axes = (round(half_w + 6 * s), round(half_h))
    cv2.ellipse(hand, (round(cx), round(cy)), axes, 0, 0, 360, 255, -1, cv2.LINE_AA)
    for (bx, by), length, tilt, radius in FINGERS:
        angle = math.radians(tilt)
        base = (cx + bx * s, cy + by * s)
        tip = (base[0] + math.sin(angle) * length * s, base[1] - math.cos(angle) * length * s)
        _capsule(hand, base, tip, radius * s)
    knuckle = (cx - 95 * s, cy - 20 * s)
    _capsule(hand, (cx - 45 * s, cy + 20 * s), knuckle, 17 * s)
    _capsule(hand, knuckle, (cx - 120 * s, cy - 60 * s), 13 * s)
    arm = np.zeros_like(hand)
    _capsule(arm, (cx, cy + half_h), (cx + 10 * s, cy + half_h + 200 * s), 40 * s)
    return hand, arm


def hand_photo(
    size: tuple[int, int] = (1280, 720),
    centre: tuple[float, float] = (1000, 450),
    scale: float = 1.3,
) -> HandPhoto:
    """Draw the hand with its palm centre at ``centre`` (pixels)."""
    cv2 = import_cv2()
    width, height = size
    hand, arm = _hand_mask(size, centre, scale)
    mask = np.maximum(hand, arm)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    backdrop = np.stack(
        [120 + 40 * yy / height, 110 + 30 * yy / height, 100 + 20 * xx / width], axis=-1
    )
    inside = cv2.distanceTransform((mask > 127).astype(np.uint8), cv2.DIST_L2, 5)
    light = 0.72 + 0.28 * np.clip(inside / (14 * scale), 0, 1) ** 0.6  # rounder at the edges
    skin = np.array(SKIN_BGR, np.float32)[None, None, :] * light[..., None]
    alpha = (cv2.GaussianBlur(mask, (0, 0), 1.2).astype(np.float32) / 255)[..., None]
    noise = np.random.default_rng(7).normal(0, 3, backdrop.shape).astype(np.float32)
    image = np.clip(backdrop * (1 - alpha) + skin * alpha + noise, 0, 255).astype(np.uint8)
    ys, xs = np.nonzero(hand > 127)
    box = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
    return HandPhoto(image, box)
