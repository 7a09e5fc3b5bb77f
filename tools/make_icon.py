"""Write the app icon: resources/icons/anchordesk.png, .ico and .icns.

Drawn here with Pillow rather than taken from an icon set, so its origin and licence are plain
(it is ours) and it can be redrawn in one command when the theme colours change. The mark is a
coral anchor (the theme's "on air" accent) standing on a teal desk line, on the app's dark
background as a rounded square, the shape every desktop expects. It is drawn at 4x and scaled
down, which gives clean anti-aliased edges without a vector library.

The PNG (1024 px) is the Qt window icon and the source of the other two; the ICO (16-256 px)
is the Windows EXE icon; the ICNS (16-1024 px) is the macOS bundle icon.

Run: python tools/make_icon.py
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

OUT_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
NAME = "anchordesk"
SIZE = 1024
SCALE = 4  # supersampling factor

BACKGROUND_TOP = (52, 54, 60, 255)  # surface_alt #34363c
BACKGROUND_BOTTOM = (30, 31, 34, 255)  # background #1e1f22
ACCENT = (255, 77, 109, 255)  # accent #ff4d6d
DESK = (44, 196, 212, 255)  # focus #2cc4d4

ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def _rounded_background(size: int) -> Image.Image:
    """A vertical dark gradient clipped to a rounded square (macOS-like 22% corner radius)."""
    gradient = Image.new("RGBA", (size, size))
    draw = ImageDraw.Draw(gradient)
    for y in range(size):
        t = y / (size - 1)
        colour = tuple(
            round(a + (b - a) * t) for a, b in zip(BACKGROUND_TOP, BACKGROUND_BOTTOM, strict=True)
        )
        draw.line([(0, y), (size, y)], fill=colour)
    mask = Image.new("L", (size, size), 0)
    margin = round(size * 0.06)
    ImageDraw.Draw(mask).rounded_rectangle(
        [margin, margin, size - margin, size - margin], radius=round(size * 0.2), fill=255
    )
    out = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    out.paste(gradient, (0, 0), mask)
    return out


def _draw_anchor(draw: ImageDraw.ImageDraw, size: int) -> None:
    """The anchor: ring, stock (cross bar), shank, curved arms with flukes."""
    u = size / 100  # one unit = 1% of the icon
    cx = size / 2
    stroke = 7 * u
    # Ring at the top.
    ring_cy, ring_r = 24 * u, 7.5 * u
    draw.ellipse(
        [cx - ring_r, ring_cy - ring_r, cx + ring_r, ring_cy + ring_r],
        outline=ACCENT,
        width=round(5 * u),
    )
    # Shank from the ring down to the crown.
    top, crown = ring_cy + ring_r - u, 72 * u
    draw.rounded_rectangle(
        [cx - stroke / 2, top, cx + stroke / 2, crown], radius=stroke / 2, fill=ACCENT
    )
    # Stock: the cross bar under the ring.
    stock_y, stock_half = 40 * u, 17 * u
    draw.rounded_rectangle(
        [cx - stock_half, stock_y - stroke / 2, cx + stock_half, stock_y + stroke / 2],
        radius=stroke / 2,
        fill=ACCENT,
    )
    # Arms: the lower part of a circle centred above the crown.
    arm_r = 27 * u
    arm_cy = crown - arm_r + 2 * u
    box = [cx - arm_r, arm_cy - arm_r, cx + arm_r, arm_cy + arm_r]
    draw.arc(box, start=20, end=160, fill=ACCENT, width=round(stroke))
    # Flukes: arrow heads at both arm tips, pointing up and outwards.
    for angle_deg, side in ((20, 1), (160, -1)):
        a = math.radians(angle_deg)
        tip_x = cx + (arm_r - stroke / 2) * math.cos(a)
        tip_y = arm_cy + (arm_r - stroke / 2) * math.sin(a)
        head = 9 * u
        draw.polygon(
            [
                (tip_x + side * 1.5 * u, tip_y - head * 1.2),
                (tip_x - side * head * 0.9, tip_y + head * 0.35),
                (tip_x + side * head * 1.0, tip_y + head * 0.35),
            ],
            fill=ACCENT,
        )


def _draw_desk(draw: ImageDraw.ImageDraw, size: int) -> None:
    """The desk: a teal bar the anchor stands on."""
    u = size / 100
    y, half, thick = 81 * u, 28 * u, 4.5 * u
    draw.rounded_rectangle(
        [size / 2 - half, y - thick / 2, size / 2 + half, y + thick / 2],
        radius=thick / 2,
        fill=DESK,
    )


def render(size: int = SIZE) -> Image.Image:
    """The icon as an RGBA image of ``size`` px (drawn at 4x, then downsampled)."""
    big = size * SCALE
    image = _rounded_background(big)
    draw = ImageDraw.Draw(image)
    _draw_anchor(draw, big)
    _draw_desk(draw, big)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    image = render()
    png, ico, icns = (OUT_DIR / f"{NAME}.{ext}" for ext in ("png", "ico", "icns"))
    image.save(png, optimize=True)
    image.save(ico, sizes=ICO_SIZES)
    image.save(icns)
    for path in (png, ico, icns):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
