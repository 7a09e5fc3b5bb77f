"""Build the rehearsal session bundle in ``resources/demo/``.

The app replays this bundle in demo mode, in tests and in benchmarks, so it must be realistic
enough to exercise every processor (face tracking, mention and compliance detection, comment
triage, KPIs) and byte-for-byte reproducible so that regenerating it does not churn the repo.
Everything random is drawn from fixed seeds; the copy (products, host script, comment templates)
lives in ``demo_data.py`` next to this file.

Usage::

    python tools/make_demo.py [--out resources/demo] [--skip-video]

Needs numpy, opencv, scipy and scikit-image (for the public-domain astronaut portrait), plus the
``espeak-ng`` and ``ffmpeg`` executables.
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import random
import re
import subprocess
import sys
import tempfile
import wave
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import cv2
import demo_data as data  # tools/ is on sys.path when this file is run as a script
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "resources" / "demo"

SEED = 20240611
SAMPLE_RATE = 16_000
VIDEO_SIZE = (1280, 720)
VIDEO_FPS = 30
VIDEO_SECONDS = 20
SS = 4  # supersampling factor: shapes are drawn this much larger, then area-downsampled

Event = dict[str, Any]
BGR = tuple[float, float, float]
Point = tuple[float, float]


# =============================================================================================
# Drawing helpers (float32 images, 0..255, premultiplied colour when an alpha plane is used)
# =============================================================================================


def hex_bgr(code: str) -> BGR:
    """Convert ``#RRGGBB`` to an OpenCV BGR tuple."""
    code = code.lstrip("#")
    r, g, b = (int(code[i : i + 2], 16) for i in (0, 2, 4))
    return (float(b), float(g), float(r))


def scaled(color: BGR, factor: float) -> BGR:
    """Lighten (>1) or darken (<1) a colour, clipped to the valid range."""
    return tuple(float(min(255.0, c * factor)) for c in color)  # type: ignore[return-value]


def new_mask(shape: tuple[int, int]) -> np.ndarray:
    """An empty uint8 mask to draw anti-aliased shapes into."""
    return np.zeros(shape, np.uint8)


def as_weight(mask: np.ndarray) -> np.ndarray:
    """Turn a uint8 drawing mask into a float coverage plane in 0..1."""
    return mask.astype(np.float32) / 255.0


def poly_mask(shape: tuple[int, int], pts: np.ndarray) -> np.ndarray:
    """Coverage of a filled polygon (anti-aliased edges)."""
    mask = new_mask(shape)
    cv2.fillPoly(mask, [np.round(pts).astype(np.int32)], 255, cv2.LINE_AA)
    return as_weight(mask)


def ellipse_mask(
    shape: tuple[int, int], center: tuple[float, float], axes: tuple[float, float], angle: float = 0
) -> np.ndarray:
    """Coverage of a filled, optionally rotated ellipse."""
    mask = new_mask(shape)
    c = (round(float(center[0])), round(float(center[1])))
    a = (round(float(axes[0])), round(float(axes[1])))
    cv2.ellipse(mask, c, a, angle, 0, 360, 255, -1, cv2.LINE_AA)
    return as_weight(mask)


def rounded_rect_mask(
    shape: tuple[int, int], x0: float, y0: float, x1: float, y1: float, *, radius: float
) -> np.ndarray:
    """Coverage of a rectangle with rounded corners (built from rects and corner circles)."""
    mask = new_mask(shape)
    x0, y0, x1, y1, r = (round(float(v)) for v in (x0, y0, x1, y1, radius))
    cv2.rectangle(mask, (x0 + r, y0), (x1 - r, y1), 255, -1)
    cv2.rectangle(mask, (x0, y0 + r), (x1, y1 - r), 255, -1)
    for cx, cy in ((x0 + r, y0 + r), (x1 - r, y0 + r), (x0 + r, y1 - r), (x1 - r, y1 - r)):
        cv2.circle(mask, (cx, cy), r, 255, -1, cv2.LINE_AA)
    return as_weight(mask)


def rect_poly(x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    """Corners of an axis-aligned rectangle (for bands clipped to another shape)."""
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)


def parallelogram(origin: Point, u: Point, v: Point) -> np.ndarray:
    """Corners ``o, o+u, o+u+v, o+v``: box faces and ribbons in three-quarter view."""
    o, du, dv = np.asarray(origin), np.asarray(u), np.asarray(v)
    return np.array([o, o + du, o + du + dv, o + dv], np.float32)


def arc_mask(
    shape: tuple[int, int], center: Point, axes: Point, thickness: float, *, start: float = 180
) -> np.ndarray:
    """Coverage of an elliptical arc stroke from ``start`` to 360 degrees (handles, bridges)."""
    mask = new_mask(shape)
    c = (round(center[0]), round(center[1]))
    a = (round(axes[0]), round(axes[1]))
    cv2.ellipse(mask, c, a, 0, start, 360, 255, max(1, round(thickness)), cv2.LINE_AA)
    return as_weight(mask)


def outline_mask(shape: tuple[int, int], pts: np.ndarray, thickness: float) -> np.ndarray:
    """Coverage of a closed polygon's outline (spectacle rims)."""
    mask = new_mask(shape)
    ring = [np.round(pts).astype(np.int32)]
    cv2.polylines(mask, ring, True, 255, max(1, round(thickness)), cv2.LINE_AA)
    return as_weight(mask)


def dashes_mask(shape: tuple[int, int], pts: list[Point], thickness: float) -> np.ndarray:
    """Coverage of a dashed line through ``pts`` (every other segment): seams and stitching."""
    mask = new_mask(shape)
    for p, q in zip(pts[::2], pts[1::2], strict=False):
        a, b = (round(p[0]), round(p[1])), (round(q[0]), round(q[1]))
        cv2.line(mask, a, b, 255, max(1, round(thickness)), cv2.LINE_AA)
    return as_weight(mask)


def put_centered_text(img: np.ndarray, text: str, cx: float, baseline: float, scale: float) -> None:
    """Print a short bold label centred on ``cx`` (Hershey fonts are Latin-only)."""
    font, thickness = cv2.FONT_HERSHEY_DUPLEX, max(1, round(scale * 2.5))
    (tw, _), _ = cv2.getTextSize(text, font, scale, thickness)
    org = (round(cx - tw / 2), round(baseline))
    cv2.putText(img, text, org, font, scale, (70, 60, 50), thickness, cv2.LINE_AA)


def flat_layer(shape: tuple[int, int], color: BGR) -> np.ndarray:
    """A solid colour plane."""
    layer = np.empty((*shape, 3), np.float32)
    layer[:] = color
    return layer


def cylinder_layer(
    shape: tuple[int, int], x0: float, x1: float, color: BGR, spec: float = 0.45
) -> np.ndarray:
    """Horizontal shading of a vertical cylinder lit from the front-left, with a highlight band.

    A flat fill reads as a cut-out; this cheap profile is what makes a tube look round.
    """
    xs = np.arange(shape[1], dtype=np.float32)
    u = np.clip((xs - x0) / max(1.0, x1 - x0), 0.0, 1.0)
    body = 0.55 + 0.55 * np.clip(np.sin(np.pi * u), 0.0, 1.0) ** 0.7
    highlight = spec * np.exp(-(((u - 0.3) / 0.07) ** 2))
    profile = body[None, :, None] * np.asarray(color, np.float32) + 255.0 * highlight[None, :, None]
    return np.broadcast_to(np.clip(profile, 0, 255), (*shape, 3)).astype(np.float32)


def vertical_layer(
    shape: tuple[int, int], y0: float, y1: float, top: BGR, bottom: BGR
) -> np.ndarray:
    """A vertical gradient between two colours over rows ``y0..y1`` (clamped outside)."""
    ys = np.arange(shape[0], dtype=np.float32)
    t = np.clip((ys - y0) / max(1.0, y1 - y0), 0.0, 1.0)[:, None, None]
    grad = (1 - t) * np.asarray(top, np.float32) + t * np.asarray(bottom, np.float32)
    return np.broadcast_to(grad, (*shape, 3)).astype(np.float32)


def paint(
    img: np.ndarray, weight: np.ndarray, layer: np.ndarray, alpha: np.ndarray | None = None
) -> None:
    """Composite ``layer`` over ``img`` with per-pixel coverage ``weight`` (in place).

    With an ``alpha`` plane the canvas holds premultiplied colour, so this is the standard
    "over" operator and transparent drawings downsample without dark fringes.
    """
    w = weight[..., None]
    img *= 1.0 - w
    img += layer * w
    if alpha is not None:
        alpha *= 1.0 - weight
        alpha += weight


def shade(img: np.ndarray, weight: np.ndarray, factor: float) -> None:
    """Darken (factor < 1) or lighten the canvas where ``weight`` is set (shadows, creases)."""
    img *= 1.0 - weight[..., None] * (1.0 - factor)


def drop_shadow(
    img: np.ndarray, weight: np.ndarray, *, dx: int, dy: int, blur: int, strength: float
) -> None:
    """Soft contact shadow of a shape, so objects sit on the surface instead of floating."""
    shifted = np.roll(np.roll(weight, dy, axis=0), dx, axis=1)
    k = blur | 1
    soft = cv2.GaussianBlur(shifted, (k, k), 0)
    shade(img, soft, 1.0 - strength)


def studio_backdrop(size: int, tint: BGR) -> np.ndarray:
    """Product-shot backdrop: a pale radial glow on a tinted wall above a soft table edge."""
    ys, xs = np.mgrid[0:size, 0:size].astype(np.float32) / size
    glow = np.exp(-(((xs - 0.5) ** 2) / 0.18 + ((ys - 0.42) ** 2) / 0.12))
    base = np.asarray(tint, np.float32)
    img = base * (0.86 + 0.16 * glow[..., None])
    table = 1.0 / (1.0 + np.exp(-(ys - 0.74) * 40.0))
    img = img * (1.0 - 0.08 * table[..., None]) + 255.0 * 0.04 * table[..., None]
    return np.clip(img, 0, 255).astype(np.float32)


def downsample_opaque(img: np.ndarray, size: int) -> np.ndarray:
    """Area-downsample a supersampled canvas to the final uint8 BGR image."""
    small = cv2.resize(img, (size, size), interpolation=cv2.INTER_AREA)
    return np.clip(np.round(small), 0, 255).astype(np.uint8)


def downsample_rgba(img: np.ndarray, alpha: np.ndarray, width: int, height: int) -> np.ndarray:
    """Area-downsample premultiplied colour + alpha and return straight-alpha BGRA uint8."""
    color = cv2.resize(img, (width, height), interpolation=cv2.INTER_AREA)
    a = cv2.resize(alpha, (width, height), interpolation=cv2.INTER_AREA)
    straight = np.where(a[..., None] > 1e-4, color / np.maximum(a[..., None], 1e-4), 0.0)
    bgra = np.dstack([np.clip(straight, 0, 255), np.clip(a * 255.0, 0, 255)])
    return np.round(bgra).astype(np.uint8)


def write_png(path: Path, image: np.ndarray) -> None:
    """Write a PNG with maximum compression (the bundle has a size budget)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(str(path), image, [cv2.IMWRITE_PNG_COMPRESSION, 9]):
        raise OSError(f"could not write {path}")


# =============================================================================================
# Product drawings, shared by product shots and try-on images where the product is worn
# =============================================================================================

GOLD = hex_bgr("#D4A73C")
LIPSTICK_RED = hex_bgr("#B0243A")
HAT_BEIGE = hex_bgr("#D8C3A0")


def draw_lipstick(img: np.ndarray, x0: float, base_y: float, width: float) -> np.ndarray:
    """An open lipstick standing upright: case, gold collar and a slanted bullet.

    Returns the coverage of the whole object (used for its shadow).
    """
    shape = img.shape[:2]
    x1 = x0 + width
    band_y = base_y - 1.4 * width
    case = rounded_rect_mask(shape, x0, band_y, x1, base_y, radius=width * 0.08)
    paint(img, case, cylinder_layer(shape, x0, x1, hex_bgr("#5A1020"), spec=0.3))
    inset, top = 0.06 * width, band_y - 0.32 * width
    collar = rounded_rect_mask(shape, x0 + inset, top, x1 - inset, band_y, radius=width * 0.03)
    paint(img, collar, cylinder_layer(shape, x0, x1, GOLD, spec=0.6))
    bx0, bx1 = x0 + 0.16 * width, x1 - 0.16 * width
    low, high = top - 0.9 * width, top - 1.35 * width  # the bullet is cut on a slant
    bullet = np.array([[bx0, top], [bx0, low], [bx1, high], [bx1, top]])
    paint(img, poly_mask(shape, bullet), cylinder_layer(shape, bx0, bx1, LIPSTICK_RED, spec=0.35))
    bevel = np.array(
        [[bx0, low], [bx1, high], [bx1, high + 0.1 * width], [bx0, low + 0.08 * width]]
    )
    shade(img, poly_mask(shape, bevel), 1.18)
    return np.maximum(case, np.maximum(collar, poly_mask(shape, bullet)))


def draw_lipstick_cap(img: np.ndarray, x0: float, base_y: float, width: float) -> np.ndarray:
    """The lipstick's cap standing next to it, with a gold ring near the bottom."""
    shape = img.shape[:2]
    x1 = x0 + width
    cap = rounded_rect_mask(shape, x0, base_y - 1.9 * width, x1, base_y, radius=width * 0.1)
    paint(img, cap, cylinder_layer(shape, x0, x1, hex_bgr("#5A1020"), spec=0.3))
    ring = poly_mask(shape, rect_poly(x0, base_y - 0.32 * width, x1, base_y - 0.2 * width))
    paint(img, ring * cap, cylinder_layer(shape, x0, x1, GOLD, spec=0.6))
    return cap


def cat_eye_lens(cx: float, cy: float, rx: float, ry: float, outward: int) -> np.ndarray:
    """Polygon of a cat-eye lens: an ellipse whose upper outer corner is pulled up and out."""
    t = np.linspace(0, 2 * np.pi, 120, endpoint=False)
    x = np.cos(t) * rx
    y = np.sin(t) * ry
    lift = np.clip(outward * x / rx, 0, None) ** 2
    y = y - lift * ry * 0.45 * (y < 0) - lift * ry * 0.1
    x = x + outward * lift * rx * 0.08 * (y < 0)
    return np.stack([cx + x, cy + y], axis=1)


def draw_sunglasses(
    img: np.ndarray, alpha: np.ndarray | None, cx: float, cy: float, width: float
) -> np.ndarray:
    """Front view of cat-eye sunglasses; lens centres sit at ``cx ± 0.22 * width``.

    Lenses are tinted and partly transparent in the try-on image, so the eyes show through.
    """
    shape = img.shape[:2]
    rx, ry = 0.19 * width, 0.14 * width
    frame = flat_layer(shape, hex_bgr("#1E1A1A"))
    lens_layer = vertical_layer(shape, cy - ry, cy + ry, hex_bgr("#3A2418"), hex_bgr("#8A5A3A"))
    white = flat_layer(shape, (255.0, 255.0, 255.0))
    coverage = np.zeros(shape, np.float32)
    for side in (-1, 1):
        lx = cx + side * 0.22 * width
        lens = cat_eye_lens(lx, cy, rx, ry, side)
        lens_w = poly_mask(shape, lens)
        paint(img, lens_w * 0.82, lens_layer, alpha)
        glare = ellipse_mask(shape, (lx - rx * 0.35, cy - ry * 0.35), (rx * 0.28, ry * 0.12), -25)
        paint(img, glare * lens_w * 0.35, white, alpha)
        paint(img, outline_mask(shape, lens, max(2.0, width * 0.035)), frame, alpha)
        hinge_x, outer_x = lx + side * rx * 0.9, cx + side * 0.5 * width
        top_edge = [[hinge_x, cy - ry * 0.95], [outer_x, cy - ry]]
        arm = np.array([*top_edge, [outer_x, cy - ry * 0.55], [hinge_x, cy - ry * 0.55]])
        paint(img, poly_mask(shape, arm), frame, alpha)
        coverage = np.maximum(coverage, np.maximum(lens_w, poly_mask(shape, arm)))
    bridge_axes = (0.05 * width, 0.035 * width)
    bridge = arc_mask(shape, (cx, cy - ry * 0.35), bridge_axes, max(2.0, width * 0.03))
    paint(img, bridge, frame, alpha)
    return np.maximum(coverage, bridge)


def draw_hoop(
    img: np.ndarray, alpha: np.ndarray | None, cx: float, top_y: float, radius: float
) -> np.ndarray:
    """A gold hoop earring hanging from a small stud at ``(cx, top_y)``.

    The metal is shaded by angle so it reads as polished gold rather than a flat yellow ring.
    """
    shape = img.shape[:2]
    thick = radius * 0.16
    cy = top_y + radius + thick
    ys, xs = np.mgrid[0 : shape[0], 0 : shape[1]].astype(np.float32)
    ang = np.arctan2(ys - cy, xs - cx)
    across = np.clip((np.hypot(xs - cx, ys - cy) - (radius - thick)) / (2 * thick), 0, 1)
    light = 0.75 + 0.35 * np.cos(ang + 2.3) + 0.35 * np.exp(-(((across - 0.35) / 0.18) ** 2))
    layer = np.clip(np.asarray(GOLD, np.float32) * light[..., None], 0, 255).astype(np.float32)
    ring = ellipse_mask(shape, (cx, cy), (radius + thick, radius + thick))
    ring = ring * (1.0 - ellipse_mask(shape, (cx, cy), (radius - thick, radius - thick)))
    paint(img, ring, layer, alpha)
    stud = ellipse_mask(shape, (cx, top_y + thick * 0.2), (thick * 1.3, thick * 1.3))
    paint(img, stud, cylinder_layer(shape, cx - thick, cx + thick, GOLD, spec=0.7), alpha)
    return np.maximum(ring, stud)


def draw_bucket_hat(
    img: np.ndarray,
    alpha: np.ndarray | None,
    cx: float,
    bottom_y: float,
    width: float,
    *,
    color: BGR,
) -> np.ndarray:
    """Front view of a bucket hat: rounded crown, band, and a brim sloping down and out.

    The head opening (where the hat sits on the forehead) is at ``bottom_y - 0.13 * width``.
    """
    shape = img.shape[:2]
    half, brim_top = 0.31 * width, bottom_y - 0.13 * width
    crown_top = brim_top - 0.36 * width
    shoulder = crown_top + 0.06 * width
    left = [(cx - half, brim_top), (cx - 0.84 * half, shoulder), (cx - 0.6 * half, crown_top)]
    crown = np.array([*left, *[(2 * cx - x, y) for x, y in reversed(left)]])
    crown_w = poly_mask(shape, crown)
    paint(img, crown_w, cylinder_layer(shape, cx - half, cx + half, color, 0.15), alpha)
    band = poly_mask(shape, rect_poly(cx - half, brim_top - 0.05 * width, cx + half, brim_top))
    paint(img, band, flat_layer(shape, scaled(color, 0.55)), alpha)
    sweep = np.linspace(0, np.pi, 40)
    rim = [(cx + np.cos(a) * width / 2, bottom_y - 0.05 * width * (1 - np.sin(a))) for a in sweep]
    brim = poly_mask(shape, np.array([(cx - half, brim_top), (cx + half, brim_top), *rim]))
    underside = vertical_layer(shape, brim_top, bottom_y, scaled(color, 1.05), scaled(color, 0.7))
    paint(img, brim, underside, alpha)
    for k in (0.35, 0.7):  # two rows of top-stitching around the brim
        reach, drop = half + k * (width / 2 - half), brim_top + k * (bottom_y - brim_top) * 0.8
        arc = np.linspace(0.08, np.pi - 0.08, 30)
        seam = [(cx + np.cos(a) * reach, drop + np.sin(a) * 0.02 * width) for a in arc]
        shade(img, dashes_mask(shape, seam, width * 0.006) * brim, 0.75)
    return np.maximum(np.maximum(crown_w, brim), band)


def draw_serum(img: np.ndarray, cx: float, base_y: float, width: float) -> np.ndarray:
    """An amber glass dropper bottle with a black bulb and a cream label."""
    shape = img.shape[:2]
    x0, x1 = cx - width / 2, cx + width / 2
    shoulder = base_y - 1.5 * width
    body = rounded_rect_mask(shape, x0, shoulder, x1, base_y, radius=width * 0.14)
    paint(img, body, cylinder_layer(shape, x0, x1, hex_bgr("#A8621E"), spec=0.5))
    inset = 0.08 * width
    label = rounded_rect_mask(
        shape, x0 + inset, base_y - 1.15 * width, x1 - inset, base_y - 0.3 * width, radius=6
    )
    paint(img, label, cylinder_layer(shape, x0, x1, hex_bgr("#EFE6D6"), spec=0.2))
    for text, rise, scale in (
        ("HYALURONIC", 0.82, 1.0),
        ("SERUM", 0.62, 1.25),
        ("30 ml", 0.45, 1.0),
    ):
        put_centered_text(img, text, cx, base_y - rise * width, scale * width / 260)
    nx0, nx1 = cx - 0.26 * width, cx + 0.26 * width
    neck_top = shoulder - 0.42 * width
    collar = rounded_rect_mask(shape, nx0, neck_top, nx1, shoulder + 0.05 * width, radius=5)
    paint(img, collar, cylinder_layer(shape, nx0, nx1, hex_bgr("#2A2A2E"), spec=0.35))
    bx0, bx1 = cx - 0.17 * width, cx + 0.17 * width
    bulb = rounded_rect_mask(
        shape, bx0, neck_top - 0.55 * width, bx1, neck_top + 4, radius=bx1 - cx
    )
    paint(img, bulb, cylinder_layer(shape, bx0, bx1, hex_bgr("#1A1A1C"), spec=0.3))
    return np.maximum(np.maximum(body, collar), bulb)


def draw_tote(img: np.ndarray, cx: float, base_y: float, width: float) -> np.ndarray:
    """A canvas tote bag with a navy trim band, a printed logo and two shoulder straps."""
    shape = img.shape[:2]
    height = 0.95 * width
    top_y = base_y - height
    straps = np.zeros(shape, np.float32)
    for dx in (-0.2, 0.2):
        strap = arc_mask(shape, (cx + dx * width, top_y), (0.16 * width, 0.48 * width), width / 18)
        straps = np.maximum(straps, strap)
    paint(img, straps, flat_layer(shape, hex_bgr("#C9B791")))
    top_half, bottom_half = 0.47 * width, 0.5 * width
    top_edge = [(cx - top_half, top_y), (cx + top_half, top_y)]
    bag = np.array([*top_edge, (cx + bottom_half, base_y), (cx - bottom_half, base_y)])
    bag_w = poly_mask(shape, bag)
    paint(img, bag_w, vertical_layer(shape, top_y, base_y, hex_bgr("#EFE4CC"), hex_bgr("#D9CBAA")))
    trim = bag_w * poly_mask(shape, rect_poly(0, top_y, shape[1], top_y + 0.12 * width))
    paint(img, trim, flat_layer(shape, hex_bgr("#27375E")))
    fold = ellipse_mask(
        shape, (cx + 0.28 * width, base_y - 0.45 * height), (0.02 * width, 0.3 * height)
    )
    shade(img, cv2.GaussianBlur(fold, (31, 31), 0) * bag_w, 0.9)
    logo_c = (cx, base_y - 0.45 * height)
    ring = arc_mask(shape, logo_c, (0.12 * width, 0.12 * width), 0.02 * width, start=0)
    leaf = ellipse_mask(shape, logo_c, (0.05 * width, 0.08 * width), 30)
    paint(img, np.maximum(ring, leaf) * bag_w, flat_layer(shape, hex_bgr("#C0504D")))
    return np.maximum(bag_w, straps)


def draw_gift_box(img: np.ndarray, cx: float, base_y: float, width: float) -> np.ndarray:
    """A red snack gift box in three-quarter view with a gold ribbon, bow and a few almonds."""
    shape = img.shape[:2]
    w, h, d = 0.8 * width, 0.55 * width, 0.3 * width
    origin = (cx - width / 2 - 0.3 * d, base_y - h)
    depth, across, down = (d, -0.6 * d), (w, 0.0), (0.0, h)
    red = hex_bgr("#C62A2F")
    faces = [
        (parallelogram(origin, across, down), red),
        (parallelogram((origin[0] + w, origin[1]), depth, down), scaled(red, 0.7)),
        (parallelogram(origin, across, depth), scaled(red, 1.25)),
    ]
    cover = np.zeros(shape, np.float32)
    for pts, color in faces:
        face = poly_mask(shape, pts)
        paint(img, face, flat_layer(shape, color))
        cover = np.maximum(cover, face)
    ribbon_x = origin[0] + 0.5 * w
    ribbon_w = (0.12 * width, 0.0)
    lid_middle = (origin[0] + 0.5 * d, origin[1] - 0.3 * d)
    ribbons = [
        parallelogram((ribbon_x - 0.06 * width, origin[1]), ribbon_w, down),
        parallelogram((ribbon_x - 0.06 * width, origin[1]), ribbon_w, depth),
        parallelogram((lid_middle[0], lid_middle[1] - 0.03 * width), across, (0.0, 0.06 * width)),
    ]
    for pts in ribbons:
        paint(img, poly_mask(shape, pts) * cover, flat_layer(shape, GOLD))
    knot = (ribbon_x + 0.5 * d, lid_middle[1])
    for ang in (-35, 215):
        rad = math.radians(ang)
        centre = (knot[0] + 0.09 * width * math.cos(rad), knot[1] + 0.09 * width * math.sin(rad))
        loop = ellipse_mask(
            shape, (centre[0], centre[1] - 0.04 * width), (0.1 * width, 0.05 * width), ang
        )
        paint(img, loop, flat_layer(shape, scaled(GOLD, 1.1)))
        cover = np.maximum(cover, loop)
    paint(
        img,
        ellipse_mask(shape, knot, (0.035 * width, 0.03 * width)),
        flat_layer(shape, scaled(GOLD, 0.8)),
    )
    return np.maximum(cover, draw_almonds(img, cx, base_y, width))


def draw_almonds(img: np.ndarray, cx: float, base_y: float, width: float) -> np.ndarray:
    """A few almonds scattered in front of the gift box, so it reads as food, not a present."""
    shape = img.shape[:2]
    cover = np.zeros(shape, np.float32)
    for ox, oy, ang in ((-0.42, 0.06, 20), (0.3, 0.08, -30), (0.42, 0.05, 60)):
        c = (cx + ox * width, base_y + oy * width)
        nut = ellipse_mask(shape, c, (0.07 * width, 0.04 * width), ang)
        shading = cylinder_layer(
            shape, c[0] - 0.07 * width, c[0] + 0.07 * width, hex_bgr("#9A6234"), 0.2
        )
        paint(img, nut, shading)
        cover = np.maximum(cover, nut)
    return cover


def draw_thermos(img: np.ndarray, cx: float, base_y: float, width: float) -> np.ndarray:
    """A tall mint-green insulated bottle with a brushed-steel lid, band and carry loop."""
    shape = img.shape[:2]
    x0, x1 = cx - width / 2, cx + width / 2
    body_top = base_y - 3.0 * width
    body = rounded_rect_mask(shape, x0, body_top, x1, base_y, radius=width * 0.18)
    paint(img, body, cylinder_layer(shape, x0, x1, hex_bgr("#8FCFB9"), spec=0.35))
    steel = hex_bgr("#B8BCC2")
    band = poly_mask(shape, rect_poly(x0, body_top, x1, body_top + 0.12 * width))
    paint(img, band * body, cylinder_layer(shape, x0, x1, steel, spec=0.7))
    lx0, lx1, lid_top = x0 + 0.06 * width, x1 - 0.06 * width, body_top - 0.55 * width
    lid = rounded_rect_mask(shape, lx0, lid_top, lx1, body_top + 2, radius=width * 0.12)
    paint(img, lid, cylinder_layer(shape, lx0, lx1, steel, spec=0.7))
    loop = arc_mask(shape, (cx, lid_top), (0.2 * width, 0.16 * width), 0.05 * width)
    paint(img, loop, flat_layer(shape, scaled(steel, 0.8)))
    return np.maximum(np.maximum(body, lid), loop)


# =============================================================================================
# Product images and try-on assets
# =============================================================================================

ShotPainter = Callable[[np.ndarray], np.ndarray]


def _shot_lipstick(img: np.ndarray) -> np.ndarray:
    s = img.shape[0]
    a = draw_lipstick(img, 0.28 * s, 0.84 * s, 0.18 * s)
    return np.maximum(a, draw_lipstick_cap(img, 0.56 * s, 0.84 * s, 0.17 * s))


def _shot_sunglasses(img: np.ndarray) -> np.ndarray:
    s = img.shape[0]
    return draw_sunglasses(img, None, 0.5 * s, 0.52 * s, 0.86 * s)


def _shot_earrings(img: np.ndarray) -> np.ndarray:
    s = img.shape[0]
    a = draw_hoop(img, None, 0.36 * s, 0.22 * s, 0.2 * s)
    return np.maximum(a, draw_hoop(img, None, 0.64 * s, 0.3 * s, 0.2 * s))


def _shot_hat(img: np.ndarray) -> np.ndarray:
    s = img.shape[0]
    return draw_bucket_hat(img, None, 0.5 * s, 0.78 * s, 0.84 * s, color=HAT_BEIGE)


def _shot_serum(img: np.ndarray) -> np.ndarray:
    s = img.shape[0]
    return draw_serum(img, 0.5 * s, 0.86 * s, 0.3 * s)


def _shot_tote(img: np.ndarray) -> np.ndarray:
    s = img.shape[0]
    return draw_tote(img, 0.5 * s, 0.88 * s, 0.6 * s)


def _shot_gift_box(img: np.ndarray) -> np.ndarray:
    s = img.shape[0]
    return draw_gift_box(img, 0.47 * s, 0.8 * s, 0.68 * s)


def _shot_thermos(img: np.ndarray) -> np.ndarray:
    s = img.shape[0]
    return draw_thermos(img, 0.5 * s, 0.9 * s, 0.2 * s)


PRODUCT_SHOTS: dict[str, tuple[ShotPainter, str]] = {  # sku -> (painter, backdrop tint)
    "LIP-001": (_shot_lipstick, "#F4E1E1"),
    "SUN-002": (_shot_sunglasses, "#E3ECF2"),
    "EAR-003": (_shot_earrings, "#EFE7DD"),
    "HAT-004": (_shot_hat, "#E4EEE4"),
    "SER-005": (_shot_serum, "#F3EBDF"),
    "BAG-006": (_shot_tote, "#E6E6EE"),
    "SNK-007": (_shot_gift_box, "#F6EDD9"),
    "THM-008": (_shot_thermos, "#EAE6F0"),
}


def render_product_image(sku: str, size: int = 256) -> np.ndarray:
    """A 256x256 product shot: backdrop, contact shadow, then the product on top."""
    painter, tint = PRODUCT_SHOTS[sku]
    big = size * SS
    backdrop = studio_backdrop(big, hex_bgr(tint))
    product = backdrop.copy()
    cover = painter(product)
    drop_shadow(backdrop, cover, dx=big // 40, dy=big // 50, blur=big // 18, strength=0.3)
    w = cover[..., None]
    return downsample_opaque(backdrop * (1 - w) + product * w, size)


TryonPainter = Callable[[np.ndarray, np.ndarray], np.ndarray]


def _tryon_glasses(img: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    return draw_sunglasses(img, alpha, 300 * SS, 100 * SS, 600 * SS)


def _tryon_earring(img: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    return draw_hoop(img, alpha, 60 * SS, 12 * SS, 48 * SS)


def _tryon_hat(img: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    return draw_bucket_hat(img, alpha, 300 * SS, 340 * SS, 590 * SS, color=HAT_BEIGE)


TRYON_ASSETS: dict[str, tuple[tuple[int, int], TryonPainter]] = {  # name -> ((w, h), painter)
    "glasses": ((600, 200), _tryon_glasses),
    "earring": ((120, 240), _tryon_earring),
    "hat": ((600, 360), _tryon_hat),
}


def render_tryon_asset(name: str) -> np.ndarray:
    """A transparent (BGRA) try-on overlay, drawn front-on at the size the compositor expects.

    Geometry the compositor relies on is documented in resources/demo/README.md.
    """
    (w, h), painter = TRYON_ASSETS[name]
    img = np.zeros((h * SS, w * SS, 3), np.float32)
    alpha = np.zeros((h * SS, w * SS), np.float32)
    painter(img, alpha)
    return downsample_rgba(img, alpha, w, h)


def write_images(out: Path) -> None:
    """Write ``images/<SKU>.png`` and ``tryon/*.png``."""
    for sku in PRODUCT_SHOTS:
        write_png(out / "images" / f"{sku}.png", render_product_image(sku))
    for name in TRYON_ASSETS:
        write_png(out / "tryon" / f"{name}.png", render_tryon_asset(name))


def product_records() -> list[dict[str, Any]]:
    """The catalogue as written to products.json (image paths filled in, keys in a fixed order)."""
    keys = [
        "sku",
        "name_zh",
        "name_en",
        "category",
        "aliases",
        "keywords",
        "price",
        "promo_price",
        "stock",
        "image",
        "faq",
        "tryon",
    ]
    records = []
    for product in data.PRODUCTS:
        rec = dict(product, image=f"images/{product['sku']}.png")
        records.append({k: rec[k] for k in keys})
    return records


# =============================================================================================
# Narration: espeak-ng lines placed on the session timeline
# =============================================================================================


@dataclass(frozen=True)
class SpokenLine:
    """One narration line as placed on the timeline."""

    start_ms: int
    end_ms: int
    lang: str
    text: str
    sku: str
    tags: tuple[str, ...]


ESPEAK_VOICES = {"zh": ("cmn-latn-pinyin", 190), "en": ("en-us", 165)}  # (voice, words/min)


def tts_text(text: str, lang: str) -> str:
    """What espeak should say for a display line (symbols it would read in the wrong language).

    The plain ``cmn`` voice on stock espeak-ng builds spells dictionary pinyin with English
    letters, so Mandarin uses ``cmn-latn-pinyin``, which reads the same dictionary as Mandarin.
    """
    if lang != "zh":
        return text
    for src, dst in data.TTS_OVERRIDES.items():
        text = text.replace(src, dst)
    return re.sub(r"(\d)\.(\d)", r"\1点\2", text)


def synthesize(text: str, lang: str, workdir: Path) -> np.ndarray:
    """Speak one line with espeak-ng; return trimmed 16 kHz mono int16 samples."""
    from scipy.signal import resample_poly

    voice, speed = ESPEAK_VOICES[lang]
    wav_path = workdir / "line.wav"
    cmd = ["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(wav_path), tts_text(text, lang)]
    subprocess.run(cmd, check=True, capture_output=True)
    with wave.open(str(wav_path)) as wf:
        rate = wf.getframerate()
        raw = np.frombuffer(wf.readframes(wf.getnframes()), np.int16).astype(np.float32)
    g = math.gcd(SAMPLE_RATE, rate)
    audio = resample_poly(raw, SAMPLE_RATE // g, rate // g)
    return trim_silence(np.clip(np.round(audio), -32768, 32767).astype(np.int16))


def trim_silence(audio: np.ndarray, threshold: int = 200, pad: int = 320) -> np.ndarray:
    """Drop espeak's leading/trailing silence so ``end_ms`` marks the end of actual speech."""
    loud = np.flatnonzero(np.abs(audio.astype(np.int32)) > threshold)
    if loud.size == 0:
        return audio
    return audio[max(0, loud[0] - pad) : loud[-1] + pad]


def schedule_narration(clips: dict[str, list[np.ndarray]]) -> list[SpokenLine]:
    """Place each product's lines inside its on-air slot, spreading the spare time as pauses.

    Raises if a product's script is longer than its slot: shorten the copy rather than let the
    host talk about a product that is no longer on air.
    """
    lines: list[SpokenLine] = []
    slot_ends = [*data.ON_AIR_MS[1:], data.DURATION_MS]
    for sku, on_air, slot_end in zip(data.RUNDOWN, data.ON_AIR_MS, slot_ends, strict=True):
        script = data.NARRATION[sku]
        lengths = [math.ceil(len(c) * 1000 / SAMPLE_RATE) for c in clips[sku]]
        start = on_air + 1000
        free = (slot_end - 800) - start - sum(lengths)
        if free < 300 * len(script):
            raise ValueError(f"narration for {sku} does not fit its slot ({free} ms spare)")
        gap = min(2500, free // len(script))
        for (lang, text, tags), length in zip(script, lengths, strict=True):
            lines.append(SpokenLine(start, start + length, lang, text, sku, tags))
            start += length + gap
    return lines


def build_narration(out: Path) -> list[SpokenLine]:
    """Synthesize every line, write narration.wav (exactly the session length) and .jsonl."""
    clips: dict[str, list[np.ndarray]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for sku in data.RUNDOWN:
            script = data.NARRATION[sku]
            clips[sku] = [synthesize(text, lang, Path(tmp)) for lang, text, _ in script]
    lines = schedule_narration(clips)
    track = np.zeros(data.DURATION_MS * SAMPLE_RATE // 1000, np.int16)
    flat_clips = [clip for sku in data.RUNDOWN for clip in clips[sku]]
    for line, clip in zip(lines, flat_clips, strict=True):
        first = line.start_ms * SAMPLE_RATE // 1000
        track[first : first + len(clip)] = clip
    with wave.open(str(out / "narration.wav"), "wb") as wf:
        wf.setnchannels(1)
        wf.setsampwidth(2)
        wf.setframerate(SAMPLE_RATE)
        wf.writeframes(track.tobytes())
    rows = [
        {"start_ms": ln.start_ms, "end_ms": ln.end_ms, "lang": ln.lang, "text": ln.text}
        for ln in lines
    ]
    write_jsonl(out / "narration.jsonl", rows)
    return lines


# =============================================================================================
# Live-room events
# =============================================================================================


@dataclass(frozen=True)
class Viewer:
    """A commenter/buyer; ``lang`` decides comment language and platform (multistream)."""

    name: str
    lang: str

    @property
    def platform(self) -> str:
        return "douyin" if self.lang == "zh" else "tiktok"


@dataclass
class Room:
    """Everything event generators need to know about the session timeline."""

    rng: random.Random
    viewers: list[Viewer]
    weights: list[float]
    prices: dict[str, float]  # sale price (promo price if any) per SKU
    price_windows: list[tuple[int, int]]  # (start, end) ms of price talk and calls to action

    def on_air_index(self, t_ms: int) -> int:
        """Index in the rundown of the product on air at ``t_ms`` (first product before 1 s)."""
        return max(0, bisect.bisect_right(data.ON_AIR_MS, t_ms) - 1)

    def on_air_sku(self, t_ms: int) -> str:
        return data.RUNDOWN[self.on_air_index(t_ms)]

    def since_on_air(self, t_ms: int) -> int:
        """Time since the current product went on air (0 before the first one)."""
        return max(0, t_ms - data.ON_AIR_MS[self.on_air_index(t_ms)])

    def in_price_talk(self, t_ms: int) -> bool:
        return any(a <= t_ms < b for a, b in self.price_windows)

    def pick_viewer(self, lang: str | None = None) -> Viewer:
        """A viewer drawn with Zipf-like weights, so regulars comment many times."""
        while True:
            v = self.rng.choices(self.viewers, self.weights)[0]
            if lang is None or v.lang == lang:
                return v


def make_viewers(rng: random.Random) -> tuple[list[Viewer], list[float]]:
    """A few hundred distinct nicknames (zh) and handles (en) with a long-tailed activity."""
    zh = [f"{h}{t}" for h in data.ZH_NAME_HEADS for t in data.ZH_NAME_TAILS]
    en = [f"{h}{t}" for h in data.EN_NAME_HEADS for t in data.EN_NAME_TAILS]
    rng.shuffle(zh)
    rng.shuffle(en)
    viewers = [Viewer(n, "zh") for n in zh[:280]] + [Viewer(n, "en") for n in en[:130]]
    rng.shuffle(viewers)
    weights = [1.0 / (rank + 8) for rank in range(len(viewers))]
    return viewers, weights


def comment_rate(room: Room, t_ms: int) -> float:
    """Comments per second: a base that grows with the audience, a burst after each product
    goes on air, and extra chatter while the host talks price."""
    base = 1.7 + 1.2 * t_ms / data.DURATION_MS
    burst = 4.5 * math.exp(-room.since_on_air(t_ms) / 7000) if t_ms >= data.ON_AIR_MS[0] else 0.0
    price = 1.5 if room.in_price_talk(t_ms) else 0.0
    return base + burst + price


WARMUP_MS = 6000  # before the first product pitch viewers mostly say hello
INTENT_WEIGHTS = {  # question, purchase, complaint, praise, spam, other
    "warmup": (0.08, 0.0, 0.0, 0.2, 0.0, 0.72),
    "opening": (0.40, 0.12, 0.05, 0.16, 0.04, 0.23),
    "price": (0.26, 0.32, 0.05, 0.16, 0.04, 0.17),
    "normal": (0.27, 0.15, 0.08, 0.20, 0.05, 0.25),
}
INTENTS = ("question", "purchase", "complaint", "praise", "spam", "other")


def pick_intent(room: Room, t_ms: int) -> str:
    """Viewers ask right after a product appears and buy while the price is on screen."""
    if t_ms < WARMUP_MS:
        mood = "warmup"
    elif room.in_price_talk(t_ms):
        mood = "price"
    elif room.since_on_air(t_ms) < 8000:
        mood = "opening"
    else:
        mood = "normal"
    return room.rng.choices(INTENTS, INTENT_WEIGHTS[mood])[0]


def fill_template(room: Room, template: str, lang: str, sku: str) -> str:
    """Fill a comment template with the on-air product's words, colours, sizes and price."""
    talk = data.PRODUCT_TALK[sku]
    rng = room.rng
    values = {
        "p": rng.choice(talk[lang]),
        "n": str(data.RUNDOWN.index(sku) + 1),
        "price": f"{room.prices[sku]:g}",
        "color": rng.choice(talk[f"colors_{lang}"]),
        "size": rng.choice(talk.get(f"sizes_{lang}", talk["sizes"])),
        "h": rng.choice(data.SPAM_HANDLES),
        "d": str(rng.randint(10_000_000, 999_999_999)),
    }
    return template.format(**values)


PRODUCT_SPECIFIC = {  # intent -> (PRODUCT_TALK list prefix, gold sentiment)
    "question": ("ask", "neu"),
    "praise": ("like", "pos"),
    "complaint": ("gripe", "neg"),
}


def comment_text(room: Room, intent: str, lang: str, sku: str) -> tuple[str, str, bool]:
    """Text, gold sentiment and whether it is a past-tense purchase ("已拍") for one comment."""
    rng = room.rng
    talk = data.PRODUCT_TALK[sku]
    if intent == "spam":
        pool = data.SPAM_ZH if lang == "zh" else data.SPAM_EN
        return fill_template(room, rng.choice(pool), lang, sku), "neu", False
    specific = PRODUCT_SPECIFIC.get(intent)
    if specific and f"{specific[0]}_{lang}" in talk and rng.random() < 0.55:
        template, sentiment = rng.choice(talk[f"{specific[0]}_{lang}"]), specific[1]
    else:
        table = data.COMMENTS_ZH if lang == "zh" else data.COMMENTS_EN
        template, sentiment = rng.choice(table[intent])
    already = template.startswith("!")
    return fill_template(room, template.lstrip("!"), lang, sku), sentiment, already


def make_comment(t_ms: int, viewer: Viewer, text: str, *, intent: str, sentiment: str) -> Event:
    """A comment event in the bundle's exact shape (the id is assigned after sorting)."""
    return {
        "t_ms": t_ms,
        "type": "comment",
        "id": "",
        "platform": viewer.platform,
        "user": viewer.name,
        "text": text,
        "gold": {"intent": intent, "sentiment": sentiment},
    }


def poisson_times(rng: random.Random, rate: Callable[[int], float], peak: float) -> Iterator[int]:
    """Event times (ms) of an inhomogeneous Poisson process with ``rate`` per second.

    Uses thinning: candidates at the constant ``peak`` rate are kept with probability
    ``rate / peak``, so ``peak`` must bound the rate everywhere.
    """
    t = 0.0
    while True:
        t += rng.expovariate(peak) * 1000
        if t >= data.DURATION_MS:
            return
        r = rate(int(t))
        if r > peak:
            raise ValueError(f"rate {r:.2f}/s exceeds the thinning bound {peak}/s")
        if rng.random() * peak < r:
            yield int(t)


@dataclass
class PurchaseSignal:
    """A purchase-intent comment that may turn into an order by the same viewer."""

    t_ms: int
    viewer: Viewer
    sku: str
    already: bool
    text: str


def generate_comments(room: Room) -> tuple[list[Event], list[PurchaseSignal]]:
    """Organic comments (~70% zh on douyin, ~30% en on tiktok) plus the purchase signals."""
    comments: list[Event] = []
    signals: list[PurchaseSignal] = []
    for t in poisson_times(room.rng, lambda t: comment_rate(room, t), peak=10.0):
        lang = "zh" if room.rng.random() < 0.7 else "en"
        sku = room.on_air_sku(t)
        intent = pick_intent(room, t)
        text, sentiment, already = comment_text(room, intent, lang, sku)
        if intent == "spam":
            viewer = Viewer(spam_account(room.rng, lang), lang)
        else:
            viewer = room.pick_viewer(lang)
        comments.append(make_comment(t, viewer, text, intent=intent, sentiment=sentiment))
        if intent == "purchase":
            signals.append(PurchaseSignal(t, viewer, sku, already, text))
    return comments, signals


ASK_AHEAD_SEED = SEED + 1  # own stream, so adding these comments leaves every other event as is
ASK_AHEAD_MS = 60_000  # how long before a product's slot viewers start asking for it
ECHO_MS = 60_000  # talk about a product this soon after its slot is the echo of its pitch


def ask_ahead_comment(
    room: Room, t_ms: int, sku: str, pools: dict[str, list[data.LabelledTemplate]]
) -> Event:
    """One comment naming ``sku`` (by an alias from products.json or its link number)."""
    rng = room.rng
    lang = "zh" if rng.random() < 0.7 else "en"
    template, intent, sentiment = rng.choice(pools[lang])
    name = rng.choice(data.ASK_AHEAD_NAMES[sku][lang])
    text = template.format(p=name, n=data.RUNDOWN.index(sku) + 1)
    return make_comment(t_ms, room.pick_viewer(lang), text, intent=intent, sentiment=sentiment)


def generate_ask_ahead(room: Room) -> list[Event]:
    """Viewers asking for the next products before they are on air, and for earlier ones.

    Viewers see the whole product list (numbered links) and ask ahead: "什么时候上墨镜",
    "蹲5号链接", "when is the tote?". That off-screen demand is what "pitch next" ranks by;
    without it the demo's recommendations could only follow the plan. 3-6 comments in the
    minute before each product's slot (bunched towards its start, none in the show's first
    3 s), and now and then a request for a product whose slot ended over a minute ago.
    Uses its own seeded stream (``room`` is a copy) so the rest of the bundle is unchanged.
    """
    rng = room.rng
    ahead = {"zh": data.ASK_AHEAD_ZH, "en": data.ASK_AHEAD_EN}
    again = {"zh": data.ASK_AGAIN_ZH, "en": data.ASK_AGAIN_EN}
    comments: list[Event] = []
    for k in range(1, len(data.RUNDOWN)):
        on_air, sku = data.ON_AIR_MS[k], data.RUNDOWN[k]
        earliest = max(WARMUP_MS // 2, on_air - ASK_AHEAD_MS)
        for _ in range(rng.randint(3, 6)):
            lead = rng.triangular(1500, on_air - earliest, 8000)
            comments.append(ask_ahead_comment(room, int(on_air - lead), sku, ahead))
        if k >= 3 and rng.random() < 0.75:
            t = rng.randint(on_air - 15_000, on_air - 2000)
            gone = [
                s
                for j, s in enumerate(data.RUNDOWN[: k - 1])
                if data.ON_AIR_MS[j + 1] + ECHO_MS <= t
            ]
            if gone:
                comments.append(ask_ahead_comment(room, t, rng.choice(gone), again))
    return comments


def spam_account(rng: random.Random, lang: str) -> str:
    """Throwaway account names of the kind spam bots use (a stem plus random digits)."""
    stems = ("用户", "福利号", "小仙女") if lang == "zh" else ("user", "promo_", "deals")
    return rng.choice(stems) + str(rng.randint(1_000_000, 99_999_999))


def generate_bot_floods(room: Room, count: int = 5) -> list[Event]:
    """Bursts of one spam text posted by several accounts within a few seconds."""
    rng = room.rng
    floods: list[Event] = []
    starts = sorted(rng.sample(range(15_000, data.DURATION_MS - 10_000, 1000), count))
    for i, start in enumerate(starts):
        lang = "en" if i == 2 else "zh"
        pool = data.SPAM_ZH if lang == "zh" else data.SPAM_EN
        text = fill_template(room, rng.choice(pool), lang, room.on_air_sku(start))
        for _ in range(rng.randint(4, 7)):
            t = start + rng.randint(0, 4000)
            bot = Viewer(spam_account(rng, lang), lang)
            floods.append(make_comment(t, bot, text, intent="spam", sentiment="neu"))
    return floods


def order_qty(rng: random.Random, text: str) -> int:
    """How many items: what the comment says ("来两个", "bought 2"), else mostly one."""
    if any(k in text for k in ("两个", "两件", "bought 2")):
        return 2
    return rng.choices((1, 2, 3), (0.82, 0.14, 0.04))[0]


def generate_orders(room: Room, signals: list[PurchaseSignal]) -> list[Event]:
    """Orders that follow (or, for "已拍", precede) purchase comments, plus silent buyers.

    Mostly for the on-air product, some for earlier ones; never more than the stock.
    """
    rng = room.rng
    stock = {p["sku"]: p["stock"] for p in data.PRODUCTS}
    candidates: list[tuple[int, str, str, int]] = []  # (t, sku, user, qty)
    for sig in signals:
        if rng.random() < (0.65 if sig.already else 0.2):
            delay = -rng.randint(2000, 12_000) if sig.already else rng.randint(3000, 20_000)
            listed = data.ON_AIR_MS[data.RUNDOWN.index(sig.sku)] + 500  # the link exists from here
            t = min(max(listed, sig.t_ms + delay), data.DURATION_MS)
            candidates.append((t, sig.sku, sig.viewer.name, order_qty(rng, sig.text)))

    def rate(t: int) -> float:
        return 0.06 + (0.12 if room.in_price_talk(t) else 0.0)

    for t in poisson_times(rng, rate, peak=0.2):
        idx = room.on_air_index(t)
        sku = data.RUNDOWN[idx if idx == 0 or rng.random() < 0.82 else rng.randrange(idx)]
        candidates.append((t, sku, room.pick_viewer().name, order_qty(rng, "")))
    orders: list[Event] = []
    for t, sku, user, qty in sorted(candidates):
        if stock[sku] < qty:
            continue
        stock[sku] -= qty
        amount = round(qty * room.prices[sku], 2)
        orders.append(
            {
                "t_ms": t,
                "type": "order",
                "id": "",
                "sku": sku,
                "qty": qty,
                "amount": amount,
                "user": user,
            }
        )
    return orders


def generate_viewer_stats(rng: random.Random) -> list[Event]:
    """Online count every 5 s ramping ~300 -> ~2500 with noise; cumulative PV/UV.

    UV grows by everyone who joins (at least the rise in online plus churn), PV by UV's growth
    plus returning visits, so ``pv >= uv >= online`` holds at every sample.
    """
    stats: list[Event] = []
    online_prev, uv, pv = 300, 380, 450
    for t in range(0, data.DURATION_MS + 1, 5000):
        ramp = 300 + 2200 * (t / data.DURATION_MS) ** 0.85
        bump = 1.0 + 0.06 * sum(math.exp(-(t - a) / 15_000) for a in data.ON_AIR_MS if a <= t)
        online = max(50, int(ramp * bump * rng.uniform(0.96, 1.04)))
        churn = int(online * 0.05 * rng.uniform(0.6, 1.4))
        joined = max(0, online - online_prev) + churn
        uv += joined
        pv += joined + int(online * 0.03 * rng.uniform(0.5, 1.5))
        stats.append({"t_ms": t, "type": "viewers", "online": online, "pv": pv, "uv": uv})
        online_prev = online
    return stats


def generate_engagement(room: Room, stats: list[Event]) -> list[Event]:
    """Like batches every 1-3 s (scaled by audience), occasional follows and gifts."""
    rng = room.rng
    events: list[Event] = []

    def online_at(t: int) -> int:
        return stats[min(len(stats) - 1, t // 5000)]["online"]

    t = rng.randint(300, 1500)
    while t < data.DURATION_MS:
        count = max(1, int(online_at(t) / 45 * rng.uniform(0.4, 1.6)))
        events.append({"t_ms": t, "type": "like", "count": count})
        t += rng.randint(1000, 3000)
    for t in poisson_times(rng, lambda _t: 0.14, peak=0.14):
        events.append({"t_ms": t, "type": "follow", "user": room.pick_viewer().name})
    for t in poisson_times(rng, lambda _t: 0.1, peak=0.1):
        gift, unit = rng.choices(data.GIFTS, (40, 20, 15, 12, 6, 1))[0]
        count = rng.choice((1, 1, 1, 5, 10, 66)) if unit < 1 else 1
        events.append(
            {
                "t_ms": t,
                "type": "gift",
                "user": room.pick_viewer().name,
                "gift": gift,
                "count": count,
                "value": round(unit * count, 2),
            }
        )
    return events


TYPE_ORDER = {
    "on_air": 0,
    "viewers": 1,
    "comment": 2,
    "like": 3,
    "follow": 4,
    "gift": 5,
    "order": 6,
}


def finalize(events: list[Event]) -> list[Event]:
    """Sort by time (stable tie-break by type) and number comments and orders in time order."""
    events.sort(key=lambda e: (e["t_ms"], TYPE_ORDER[e["type"]]))
    counters = {"comment": 0, "order": 0}
    for ev in events:
        kind = ev["type"]
        if kind in counters:
            counters[kind] += 1
            ev["id"] = f"c{counters[kind]:06d}" if kind == "comment" else f"o{counters[kind]:05d}"
    return events


def price_windows(lines: list[SpokenLine]) -> list[tuple[int, int]]:
    """Spans where the host talks price or calls to action, plus the reaction time after them."""
    return [(ln.start_ms, ln.end_ms + 5000) for ln in lines if {"price", "cta"} & set(ln.tags)]


def build_events(out: Path, lines: list[SpokenLine]) -> list[Event]:
    """Generate and write events.jsonl; returns the events for the summary."""
    rng = random.Random(SEED)
    viewers, weights = make_viewers(rng)
    prices = {p["sku"]: p["promo_price"] or p["price"] for p in data.PRODUCTS}
    room = Room(rng, viewers, weights, prices, price_windows(lines))
    on_air = [
        {"t_ms": t, "type": "on_air", "sku": sku}
        for t, sku in zip(data.ON_AIR_MS, data.RUNDOWN, strict=True)
    ]
    comments, signals = generate_comments(room)
    comments += generate_bot_floods(room)
    comments += generate_ask_ahead(replace(room, rng=random.Random(ASK_AHEAD_SEED)))
    stats = generate_viewer_stats(rng)
    events = on_air + comments + stats + generate_engagement(room, stats)
    events += generate_orders(room, signals)
    events = finalize([e for e in events if 0 <= e["t_ms"] <= data.DURATION_MS])
    write_jsonl(out / "events.jsonl", events)
    return events


# =============================================================================================
# Host video: the astronaut portrait (NASA, public domain) in a studio, gently moving
# =============================================================================================

FACE_CENTER_SRC = (224.0, 124.0)  # between the eyes and mouth in skimage's astronaut (512x512)
NECK_SRC = (220.0, 205.0)  # rotation pivot for the head sway
FACE_CENTER_FRAME = (640.0, 330.0)
BASE_SCALE = 2.7  # face mesh height ~106 px in the source -> ~290-305 px on screen


def cut_out_portrait() -> tuple[np.ndarray, np.ndarray]:
    """Separate the astronaut from her photo backdrop (flag, shuttle) with seeded GrabCut.

    Returns premultiplied BGR float32 and a feathered alpha at the source resolution.
    """
    from skimage import data as skdata

    img = cv2.cvtColor(skdata.astronaut(), cv2.COLOR_RGB2BGR)
    mask = np.full(img.shape[:2], cv2.GC_BGD, np.uint8)
    person = np.array(
        [
            [150, 40],
            [190, 12],
            [260, 12],
            [305, 60],
            [300, 140],
            [305, 180],
            [330, 260],
            [360, 300],
            [365, 512],
            [20, 512],
            [25, 300],
            [60, 260],
            [115, 200],
            [160, 150],
        ],
        np.int32,
    )
    cv2.fillPoly(mask, [person], cv2.GC_PR_FGD)
    cv2.ellipse(mask, (225, 110), (45, 65), 0, 0, 360, cv2.GC_FGD, -1)  # face
    cv2.ellipse(mask, (225, 150), (38, 45), 0, 0, 360, cv2.GC_FGD, -1)  # chin and neck
    cv2.ellipse(mask, (210, 222), (92, 68), 0, 0, 360, cv2.GC_FGD, -1)  # suit neck ring
    cv2.rectangle(mask, (120, 300), (300, 512), cv2.GC_FGD, -1)  # chest
    gap = np.array(
        [
            [259, 136],
            [300, 120],
            [345, 120],
            [345, 212],
            [312, 218],
            [299, 214],
            [290, 204],
            [279, 193],
            [267, 183],
            [259, 175],
        ],
        np.int32,
    )
    cv2.fillPoly(mask, [gap], cv2.GC_BGD)  # backdrop between neck and right shoulder
    cv2.setRNGSeed(SEED)
    bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    cv2.grabCut(img, mask, None, bgd, fgd, 8, cv2.GC_INIT_WITH_MASK)
    fg = np.isin(mask, (cv2.GC_FGD, cv2.GC_PR_FGD)).astype(np.uint8) * 255
    fg = keep_largest_component(fg)
    alpha = cv2.GaussianBlur(cv2.erode(fg, np.ones((3, 3), np.uint8)), (5, 5), 0)
    a = alpha.astype(np.float32) / 255.0
    return img.astype(np.float32) * a[..., None], a


def keep_largest_component(mask: np.ndarray) -> np.ndarray:
    """Drop GrabCut's stray specks so no floating bits of the old backdrop move with her."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask)
    if n <= 1:
        return mask
    largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    return np.where(labels == largest, 255, 0).astype(np.uint8)


def live_room_backdrop(seed: int = SEED) -> np.ndarray:
    """A soft, out-of-focus live-room set: warm wall, ring-light bloom, shelves of products.

    Everything is heavily blurred (shallow depth of field), which is also what keeps it cheap
    for the encoder.
    """
    w, h = VIDEO_SIZE
    rng = np.random.default_rng(seed)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    wall = vertical_layer((h, w), 0, h, hex_bgr("#EBD9CF"), hex_bgr("#B99C91"))
    glow = np.exp(-(((xs - 0.22 * w) / 260.0) ** 2 + ((ys - 0.25 * h) / 200.0) ** 2) / 2)
    img = wall + 45.0 * glow[..., None]
    for x0 in (70, 1010):  # shelves left and right of the host
        for y in (250, 470):
            shelf = rounded_rect_mask((h, w), x0, y, x0 + 230, y + 14, radius=4)
            paint(img, shelf, flat_layer((h, w), hex_bgr("#F6EEE8")))
            for k in range(4):
                bx = x0 + 20 + k * 55 + int(rng.integers(-8, 8))
                bh = int(rng.integers(50, 110))
                color = tuple(float(c) for c in rng.integers(90, 230, 3))
                box = rounded_rect_mask((h, w), bx, y - bh, bx + 40, y, radius=6)
                paint(img, box, flat_layer((h, w), color))  # type: ignore[arg-type]
    for _ in range(14):  # bokeh highlights
        c = (float(rng.uniform(0, w)), float(rng.uniform(0, h * 0.7)))
        r = float(rng.uniform(12, 38))
        paint(img, ellipse_mask((h, w), c, (r, r)) * 0.35, flat_layer((h, w), (235, 245, 255)))
    img = cv2.GaussianBlur(img, (0, 0), 9)
    vignette = 1.0 - 0.22 * (((xs - w / 2) / (w / 2)) ** 2 + ((ys - h / 2) / (h / 2)) ** 2) / 2
    return np.clip(img * vignette[..., None], 0, 255).astype(np.float32)


def pose_matrix(t: float) -> np.ndarray:
    """Source->frame affine transform at time ``t`` (s): sway, drift, zoom and breathing.

    Every component's period divides the clip length, so the clip loops seamlessly.
    """
    tau = 2 * math.pi / VIDEO_SECONDS
    zoom = 1.0 + 0.03 * (1 - math.cos(tau * t))
    angle = 1.6 * math.sin(4 * tau * t) + 0.6 * math.sin(2 * tau * t + 0.7)
    tx, ty = 10.0 * math.sin(2 * tau * t), 4.0 * math.sin(4 * tau * t + 1.3)
    breath = 0.006 * math.sin(5 * tau * t)
    s = BASE_SCALE * zoom
    rot = cv2.getRotationMatrix2D(NECK_SRC, angle, 1.0)  # rotation about the neck, in source
    place = np.array(
        [
            [s, 0, FACE_CENTER_FRAME[0] + tx - s * FACE_CENTER_SRC[0]],
            [0, s, FACE_CENTER_FRAME[1] + ty - s * FACE_CENTER_SRC[1]],
        ]
    )
    chest = (VIDEO_SIZE[0] / 2, float(VIDEO_SIZE[1]))  # breathing lifts the body from below
    lift = np.array([[1 + breath, 0, -breath * chest[0]], [0, 1 + breath, -breath * chest[1]]])
    return compose(lift, compose(place, rot))


def compose(outer: np.ndarray, inner: np.ndarray) -> np.ndarray:
    """Compose two 2x3 affine matrices (``outer`` applied after ``inner``)."""
    full = np.vstack([outer, [0, 0, 1]]) @ np.vstack([inner, [0, 0, 1]])
    return full[:2]


def render_frames() -> Iterator[np.ndarray]:
    """Yield uint8 BGR frames of the host clip."""
    person, alpha = cut_out_portrait()
    backdrop = live_room_backdrop()
    shadow_src = cv2.GaussianBlur(alpha, (0, 0), 6)
    w, h = VIDEO_SIZE
    for i in range(VIDEO_FPS * VIDEO_SECONDS):
        m = pose_matrix(i / VIDEO_FPS)
        rgba = cv2.warpAffine(np.dstack([person, alpha]), m, (w, h), flags=cv2.INTER_CUBIC)
        shadow_m = m.copy()
        shadow_m[:, 2] += (28, 14)
        shadow = cv2.warpAffine(shadow_src, shadow_m, (w, h), flags=cv2.INTER_LINEAR)
        a = np.clip(rgba[..., 3:], 0, 1)
        frame = backdrop * (1 - 0.25 * shadow[..., None]) * (1 - a) + np.clip(rgba[..., :3], 0, 255)
        yield np.clip(frame, 0, 255).astype(np.uint8)


def encode_video(frames: Iterator[np.ndarray], path: Path) -> None:
    """Pipe raw frames into ffmpeg/libx264 with settings that make output reproducible."""
    w, h = VIDEO_SIZE
    cmd = [
        "ffmpeg",
        "-y",
        "-loglevel",
        "error",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "bgr24",
        "-s",
        f"{w}x{h}",
        "-r",
        str(VIDEO_FPS),
        "-i",
        "-",
        "-an",
        "-c:v",
        "libx264",
        "-preset",
        "slow",
        "-crf",
        "28",
        "-pix_fmt",
        "yuv420p",
        "-g",
        str(VIDEO_FPS * 5),
        "-threads",
        "4",
        "-movflags",
        "+faststart",
        "-map_metadata",
        "-1",
        "-fflags",
        "+bitexact",
        "-flags:v",
        "+bitexact",
        str(path),
    ]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    assert proc.stdin is not None
    try:
        for frame in frames:
            proc.stdin.write(frame.tobytes())
    finally:
        proc.stdin.close()
    if proc.wait() != 0:
        raise RuntimeError(f"ffmpeg failed with exit code {proc.returncode}")


def verify_video(path: Path) -> int:
    """Re-open the clip with OpenCV (what the app's file source uses); return its frame count."""
    cap = cv2.VideoCapture(str(path))
    try:
        size = (int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT)))
        frames = int(cap.get(cv2.CAP_PROP_FRAME_COUNT))
        if not cap.isOpened() or size != VIDEO_SIZE or frames != VIDEO_FPS * VIDEO_SECONDS:
            raise RuntimeError(f"{path} opened={cap.isOpened()} size={size} frames={frames}")
    finally:
        cap.release()
    return frames


# =============================================================================================
# Bundle files and entry point
# =============================================================================================


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    """One compact JSON object per line, UTF-8, no ASCII escaping (readable Chinese)."""
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")


def write_json(path: Path, obj: Any) -> None:
    """Pretty JSON for the small hand-readable files."""
    text = json.dumps(obj, ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8", newline="\n")


def session_manifest() -> dict[str, Any]:
    """session.json: what the replay loader reads first."""
    return {
        "format": 1,
        "title": data.SESSION_TITLE,
        "title_zh": data.SESSION_TITLE_ZH,
        "platform": data.PLATFORM,
        "host": data.HOST,
        "duration_ms": data.DURATION_MS,
        "video": "host.mp4",
        "audio": "narration.wav",
        "events": "events.jsonl",
        "narration": "narration.jsonl",
        "products": "products.json",
        "rundown": list(data.RUNDOWN),
    }


def summarize(out: Path, events: list[Event], lines: list[SpokenLine]) -> None:
    """Print what was written, so a regeneration can be sanity-checked at a glance."""
    comments = [e for e in events if e["type"] == "comment"]
    orders = [e for e in events if e["type"] == "order"]
    by_intent: dict[str, int] = {}
    for c in comments:
        by_intent[c["gold"]["intent"]] = by_intent.get(c["gold"]["intent"], 0) + 1
    print(f"comments: {len(comments)} {dict(sorted(by_intent.items()))}")
    print(f"orders: {len(orders)}  GMV: {sum(o['amount'] for o in orders):.2f}")
    print(f"narration lines: {len(lines)}")
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"bundle size: {total / 1e6:.2f} MB")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="bundle folder")
    parser.add_argument("--skip-video", action="store_true", help="keep the existing host.mp4")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    write_images(out)
    write_json(out / "products.json", product_records())
    lines = build_narration(out)
    events = build_events(out, lines)
    write_json(out / "session.json", session_manifest())
    if not args.skip_video:
        encode_video(render_frames(), out / "host.mp4")
        print(f"host.mp4: {verify_video(out / 'host.mp4')} frames")
    summarize(out, events, lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
