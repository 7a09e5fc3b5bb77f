"""Background blur: the cheap composite against the plain full-frame blend, mask reuse and
the helper thread, on real demo frames with real MediaPipe selfie segmentation."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import pytest

from app.vision.compositor import Compositor
from app.vision.cv import import_cv2
from app.vision.layers.background import BackgroundLayer, MaskReuse, classify, composite
from app.vision.layers.face import eye_centres
from app.vision.trackers import Trackers, segmentation_input


def _mask(trackers: Trackers, frame: Any) -> Any:
    return trackers.segment(segmentation_input(trackers.processing_image(frame)))


def _full_blend(frame: Any, back: Any, mask: Any) -> Any:
    cv2 = import_cv2()
    out = frame.copy()
    weights = cv2.resize(mask, frame.shape[1::-1], interpolation=cv2.INTER_LINEAR)
    cv2.blendLinear(out, back, weights, 1.0 - weights, dst=out)
    return out


@pytest.mark.parametrize("index", [0, 5, 9])
def test_composite_matches_the_full_frame_blend(
    trackers: Trackers, demo_frames: list[Any], index: int
) -> None:
    cv2 = import_cv2()
    frame = demo_frames[index]
    mask = _mask(trackers, frame)
    pure_back, edge = classify(mask)
    assert 0.3 < pure_back.mean() < 0.9 and 0 < edge.mean() < 0.15  # a person was segmented
    back = BackgroundLayer("blur")._background(frame, [])
    expected = _full_blend(frame, back, mask)
    source = frame.copy()
    out = back.copy()
    blended = composite(out, source, mask)
    assert 0 < blended < 0.25 * frame.shape[0] * frame.shape[1]  # only the edge band
    assert np.abs(out.astype(int) - expected.astype(int)).max() <= 6  # 2 % of 255, plus rounding
    assert np.array_equal(source, frame)  # the camera frame is only read
    person = cv2.resize(mask, frame.shape[1::-1]) >= 0.999
    assert np.array_equal(out[person], frame[person])  # the person is the camera's pixels


def test_composite_handles_odd_frame_sizes(trackers: Trackers, demo_frames: list[Any]) -> None:
    cv2 = import_cv2()
    frame = np.ascontiguousarray(cv2.resize(demo_frames[0], (1001, 563)))
    mask = _mask(trackers, frame)
    back = BackgroundLayer("blur")._background(frame, [])
    expected = _full_blend(frame, back, mask)
    out = back.copy()
    composite(out, frame, mask)
    assert np.abs(out.astype(int) - expected.astype(int)).max() <= 6


def test_mask_is_reused_only_for_a_still_edge_and_only_once(
    trackers: Trackers, demo_frames: list[Any]
) -> None:
    cv2 = import_cv2()
    small = segmentation_input(trackers.processing_image(demo_frames[0]))
    reuse = MaskReuse(max_age=1, threshold=2.5)
    mask, grey = reuse.lookup(small)
    assert mask is None  # nothing stored yet
    fresh = trackers.segment(small)
    reuse.store(grey, fresh)
    mask, _ = reuse.lookup(small.copy())
    assert mask is fresh and reuse.reused == 1  # same picture: the mask still holds
    mask, grey = reuse.lookup(small)
    assert mask is None  # max_age 1: the next frame is segmented again
    reuse.store(grey, fresh)
    moved = np.ascontiguousarray(np.roll(small, 6, axis=1))  # the host moved ~30 px at 720p
    assert reuse.lookup(moved)[0] is None
    still = cv2.add(small, np.full_like(small, 1))  # sensor noise level change
    assert reuse.lookup(still)[0] is fresh
    assert MaskReuse(max_age=0).lookup(small)[0] is None


def test_helper_thread_gives_the_same_picture(
    trackers: Trackers, demo_frames: list[Any], products: dict[str, Any], monkeypatch: Any
) -> None:
    threads: list[str] = []
    segment = trackers.segment

    def spy(small: Any) -> Any:
        threads.append(threading.current_thread().name)
        return segment(small)

    monkeypatch.setattr(trackers, "segment", spy)
    frame = demo_frames[7]
    images = []
    for parallel in (True, False):
        compositor = Compositor(trackers, background="blur", parallel=parallel)
        compositor.product = products["SUN-002"]  # glasses: face mesh runs beside segmentation
        compositor.captions.enabled = compositor.comment.enabled = False
        compositor.smoothing = False
        result = compositor.process(frame, 0)
        assert result.detections.has_face and result.detections.mask is not None
        assert {"segmentation", "background", "track"} <= set(result.timings_ms)
        images.append(result.image)
        right, left = eye_centres(result.detections.face)
        compositor.close_helper()
    assert threads[0].startswith("vision-helper") and not threads[1].startswith("vision-helper")
    # Face tracking moves between the two calls, so only the glasses may differ.
    differs = np.abs(images[0].astype(int) - images[1].astype(int)).sum(axis=2) > 0
    x0, x1 = int(right[0]) - 200, int(left[0]) + 200
    y0, y1 = int(min(right[1], left[1])) - 100, int(max(right[1], left[1])) + 100
    differs[y0:y1, x0:x1] = False
    assert not differs.any()
    changed = np.abs(images[0].astype(int) - frame.astype(int)).sum(axis=2) > 30
    assert changed[:, :200].mean() > 0.3  # the background at the left edge is blurred


def test_background_replacement_and_missing_image(
    tmp_path: Any, trackers: Trackers, demo_frames: list[Any]
) -> None:
    cv2 = import_cv2()
    green = tmp_path / "green.png"
    cv2.imwrite(str(green), np.full((90, 160, 3), (0, 200, 0), np.uint8))
    compositor = Compositor(trackers, background="replace", parallel=False)
    compositor.background.image_path = green
    compositor.card.enabled = False
    frame = demo_frames[2]
    out = compositor.process(frame, 0).image
    assert (out[20:80, 20:200] == (0, 200, 0)).all()  # top-left corner is background
    compositor.background.image_path = tmp_path / "gone.png"
    result = compositor.process(frame, 33)
    assert any("background image missing" in p for p in result.problems)
    assert np.array_equal(result.image, frame)  # the picture still flows, unchanged


def test_compositor_segments_at_least_every_third_frame(
    trackers: Trackers, demo_frames: list[Any]
) -> None:
    compositor = Compositor(trackers, background="blur", parallel=False)
    compositor.card.enabled = False
    frame = demo_frames[4]
    ran = []
    for i in range(7):  # a perfectly still picture: reuse as long as allowed
        compositor.process(frame, i * 33)
        ran.append(compositor.background.reuse.computed)
    assert compositor.background.reuse.computed == 3  # frames 0, 3, 6
    assert compositor.background.reuse.reused == 4
    assert ran == [1, 1, 1, 2, 2, 2, 3]
    compositor.background.mode = "off"
    compositor.process(frame, 300)  # background off: the stored mask is dropped
    compositor.background.mode = "blur"
    compositor.process(frame, 333)
    assert compositor.background.reuse.computed == 4
