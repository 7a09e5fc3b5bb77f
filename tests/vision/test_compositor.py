"""Compositor layers on a real demo frame with real MediaPipe face mesh."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from app.commerce.catalog import ProductInfo
from app.vision.compositor import Compositor, normalise_frame
from app.vision.layers.face import LIPS_OUTER, eye_centres, lip_mask
from app.vision.trackers import FACE, SEGMENTATION, Trackers


@pytest.fixture
def compositor(trackers: Trackers) -> Compositor:
    c = Compositor(trackers)
    c.captions.enabled = c.comment.enabled = False
    return c


def _face(trackers: Trackers, frame: Any) -> Any:
    found = trackers.detect(frame, {FACE})
    assert found.face is not None, "MediaPipe found no face in the demo frame"
    return found.face


def test_face_is_found_on_the_demo_frame(trackers: Trackers, demo_frames: list[Any]) -> None:
    face = _face(trackers, demo_frames[0])
    assert face.shape == (478, 2)
    right, left = eye_centres(face)
    assert 400 < right[0] < left[0] < 900  # the host is in the middle of the 1280 px frame
    assert 150 < right[1] < 400


def test_lipstick_colours_inside_the_lips_only(
    compositor: Compositor, trackers: Trackers, demo_frames: list[Any], products: dict[str, Any]
) -> None:
    frame = demo_frames[1]
    compositor.product = products["LIP-001"]
    compositor.card.enabled = False
    compositor.smoothing = False
    out = compositor.process(frame, 0).image
    face = _face(trackers, frame)
    mask = lip_mask(face, (0, 0), (frame.shape[1], frame.shape[0]))
    inside = mask == 255
    diff = np.abs(out.astype(int) - frame.astype(int)).sum(axis=2)
    assert inside.sum() > 300
    assert diff[inside].mean() > 20  # lips clearly recoloured
    # colour moved toward the lipstick's red: more red than green relative to before
    before = frame[inside].astype(int)
    after = out[inside].astype(int)
    assert (after[:, 2] - after[:, 1]).mean() > (before[:, 2] - before[:, 1]).mean() + 10
    far = np.ones_like(inside)
    pts = face[list(LIPS_OUTER)]
    x0, y0 = pts.min(axis=0).astype(int) - 30
    x1, y1 = pts.max(axis=0).astype(int) + 30
    far[y0:y1, x0:x1] = False
    assert diff[far].max() == 0  # nothing outside the lip box changed


def test_glasses_sit_between_the_eyes(
    compositor: Compositor, trackers: Trackers, demo_frames: list[Any], products: dict[str, Any]
) -> None:
    frame = demo_frames[2]
    compositor.product = products["SUN-002"]
    compositor.card.enabled = False
    out = compositor.process(frame, 0).image
    right, left = eye_centres(_face(trackers, frame))
    changed = np.abs(out.astype(int) - frame.astype(int)).sum(axis=2) > 30
    ys, xs = np.nonzero(changed)
    assert len(xs) > 2000
    centre_x, centre_y = xs.mean(), ys.mean()
    assert abs(centre_x - (right[0] + left[0]) / 2) < 25
    assert abs(centre_y - (right[1] + left[1]) / 2) < 30
    span = left[0] - right[0]
    assert xs.max() - xs.min() > 1.5 * span  # temples reach past the eyes


@pytest.mark.parametrize("corner", ["top-left", "top-right", "bottom-left", "bottom-right"])
def test_card_is_drawn_in_the_requested_corner(
    corner: str, trackers: Trackers, demo_frames: list[Any], products: dict[str, Any]
) -> None:
    compositor = Compositor(trackers, card_placement=corner)
    compositor.product = products["BAG-006"]  # no try-on: only the card changes pixels
    frame = demo_frames[0]
    out = compositor.process(frame, 0).image
    changed = np.abs(out.astype(int) - frame.astype(int)).sum(axis=2) > 10
    ys, xs = np.nonzero(changed)
    h, w = frame.shape[:2]
    assert len(xs) > 5000
    assert (xs.mean() < w / 2) == corner.endswith("left")
    assert (ys.mean() < h / 2) == corner.startswith("top")
    x, y, cw, ch = compositor.card.last_rect or (0, 0, 0, 0)
    assert changed[y : y + ch, x : x + cw].sum() == changed.sum()


def test_corrupt_tryon_png_reports_and_keeps_going(
    tmp_path: Path, compositor: Compositor, demo_frames: list[Any], products: dict[str, Any]
) -> None:
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\nthis is not really a png")
    product = dataclasses.replace(
        products["SUN-002"], tryon={"kind": "glasses", "image": str(bad), "anchor": "eyes"}
    )
    compositor.product = product
    result = compositor.process(demo_frames[0], 0)
    assert any("broken.png" in p and "unreadable" in p for p in result.problems)
    assert result.image.shape == demo_frames[0].shape  # the card is still drawn
    missing = dataclasses.replace(product, tryon={"kind": "hat", "image": str(tmp_path / "no.png")})
    compositor.product = missing
    assert any("missing" in p for p in compositor.process(demo_frames[0], 0).problems)


def test_missing_product_image_still_draws_the_card(
    compositor: Compositor, demo_frames: list[Any]
) -> None:
    compositor.product = ProductInfo("X-1", "无图商品", "No image", 10.0, image=Path("/nope.png"))
    result = compositor.process(demo_frames[0], 0)
    assert any("image" in p for p in result.problems)
    assert compositor.card.last_rect is not None


def test_grayscale_and_4k_frames_are_normalised(
    compositor: Compositor, demo_frames: list[Any], products: dict[str, Any]
) -> None:
    from app.vision.cv import import_cv2

    cv2 = import_cv2()
    grey = cv2.cvtColor(demo_frames[0], cv2.COLOR_BGR2GRAY)
    compositor.product = products["LIP-001"]
    result = compositor.process(grey, 0)
    assert result.image.shape == (720, 1280, 3)
    assert any("grayscale" in n for n in result.notes)
    big = cv2.resize(demo_frames[0], (3840, 2160))
    result = compositor.process(big, 33)
    assert result.image.shape == (1080, 1920, 3)
    assert any("3840x2160" in n for n in result.notes)
    assert result.detections.has_face
    with pytest.raises(ValueError):
        normalise_frame(np.zeros((10, 10, 3), np.float32))


def test_background_blur_keeps_the_person_sharp(
    trackers: Trackers, demo_frames: list[Any], products: dict[str, Any]
) -> None:
    compositor = Compositor(trackers, background="blur")
    compositor.card.enabled = False
    frame = demo_frames[3]
    result = compositor.process(frame, 0)
    assert SEGMENTATION in compositor.needs()
    diff = np.abs(result.image.astype(int) - frame.astype(int)).sum(axis=2)
    right, left = eye_centres(_face(trackers, frame))
    cx, cy = int((right[0] + left[0]) / 2), int(right[1])
    assert diff[cy - 20 : cy + 20, cx - 20 : cx + 20].mean() < 10  # the face is untouched
    assert diff[100:200, 50:250].mean() > diff[cy - 20 : cy + 20, cx - 20 : cx + 20].mean()


def test_only_needed_trackers_run(trackers: Trackers, products: dict[str, Any]) -> None:
    compositor = Compositor(trackers)
    compositor.product = products["BAG-006"]
    assert compositor.needs() == set()
    compositor.product = products["LIP-001"]
    assert compositor.needs() == {FACE}
    compositor.lipstick.enabled = False
    assert compositor.needs() == set()


def test_text_layers_draw_chinese(compositor: Compositor, demo_frames: list[Any]) -> None:
    compositor.captions.enabled = compositor.comment.enabled = True
    compositor.captions.set_text("今天到手价八十九元", 0)
    compositor.comment.set_comment("小美", "黄皮能用吗？", 0)
    frame = demo_frames[0]
    out = compositor.process(frame, 100).image
    changed = np.abs(out.astype(int) - frame.astype(int)).sum(axis=2) > 30
    assert changed[600:720, :].sum() > 1000  # lower third
    assert changed[0:150, 1000:].sum() > 1000  # bubble, top right
    expired = compositor.process(frame, 60_000).image
    assert np.array_equal(expired, frame)


def test_card_follows_the_hand_and_falls_back_to_a_corner(
    trackers: Trackers, demo_frames: list[Any], products: dict[str, Any]
) -> None:
    from app.vision.layers import FrameContext
    from app.vision.trackers import HANDS, Detections

    compositor = Compositor(trackers, card_placement="hand")
    compositor.product = products["BAG-006"]
    assert compositor.needs() == {HANDS}
    compositor.process(demo_frames[0], 0)  # real hand tracker: no hand in the demo clip
    x, y, _w, _h = compositor.card.last_rect or (0, 0, 0, 0)
    assert x > 640 and y > 360  # fallback corner: bottom right
    hand = np.tile(np.array([[300.0, 400.0]], np.float32), (21, 1))  # a palm at (300, 400)
    found = Detections(1280, 720, hands=[hand])
    frame = demo_frames[0].copy()
    compositor.card.draw(frame, FrameContext(0, found, products["BAG-006"]))
    x, y, _w, h = compositor.card.last_rect or (0, 0, 0, 0)
    assert x > 300 and abs((y + h / 2) - 400) <= 1  # beside the palm, vertically centred
