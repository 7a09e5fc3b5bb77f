"""The trackers' fast paths give exactly what MediaPipe's public API gives, on real frames."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from app.vision.trackers import (
    Trackers,
    _to_array,
    import_mediapipe,
    run_graph,
    segmentation_input,
)


def _two_face_meshes() -> tuple[Any, Any]:
    mp = import_mediapipe()
    make = mp.solutions.face_mesh.FaceMesh
    options = {"static_image_mode": False, "max_num_faces": 1, "refine_landmarks": True}
    return make(**options), make(**options)


def test_run_graph_matches_process_frame_by_frame(
    trackers: Trackers, demo_frames: list[Any]
) -> None:
    public, lean = _two_face_meshes()
    try:
        for frame in demo_frames[:4]:  # detection, then tracking from the previous frame
            rgb = trackers.processing_image(frame)
            expected = public.process(rgb).multi_face_landmarks
            got = run_graph(lean, rgb, "multi_face_landmarks")
            assert expected and got and len(got) == len(expected) == 1
            assert got[0] == expected[0]  # protobuf equality: every landmark, every field
    finally:
        public.close()
        lean.close()


def test_run_graph_segmentation_mask_is_the_same(
    trackers: Trackers, demo_frames: list[Any]
) -> None:
    mp = import_mediapipe()
    public = mp.solutions.selfie_segmentation.SelfieSegmentation(model_selection=1)
    try:
        small = segmentation_input(trackers.processing_image(demo_frames[3]))
        expected = public.process(small).segmentation_mask
        assert np.array_equal(trackers.segment(small), expected)
    finally:
        public.close()


def test_run_graph_falls_back_to_process_for_other_objects() -> None:
    class Solution:  # anything that only has the public API
        def process(self, rgb: Any) -> Any:
            return type("Outputs", (), {"mask": rgb.shape})()

    assert run_graph(Solution(), np.zeros((4, 6, 3), np.uint8), "mask") == (4, 6, 3)


def _attribute_path(landmarks: Any, width: int, height: int) -> Any:
    return np.array([(p.x * width, p.y * height) for p in landmarks.landmark], np.float32)


def test_landmark_conversion_matches_the_protobuf_fields(
    trackers: Trackers, demo_frames: list[Any]
) -> None:
    public, _ = _two_face_meshes()
    try:
        found = public.process(trackers.processing_image(demo_frames[0])).multi_face_landmarks
    finally:
        public.close()
    landmarks = found[0]
    assert len(landmarks.landmark) == 478
    assert len(landmarks.SerializeToString()) == 17 * 478  # the layout the fast path reads
    fast = _to_array(landmarks, 1280, 720)
    assert fast.dtype == np.float32 and fast.shape == (478, 2)
    assert np.allclose(fast, _attribute_path(landmarks, 1280, 720), atol=1e-3)


@pytest.mark.parametrize("field", ["visibility", "z_zero"])
def test_landmark_conversion_handles_other_layouts(field: str) -> None:
    from mediapipe.framework.formats import landmark_pb2

    landmarks = landmark_pb2.NormalizedLandmarkList()
    for i in range(5):
        point = landmarks.landmark.add(x=0.1 * i, y=0.2 + 0.1 * i, z=0.01 * i)
        if field == "visibility":
            point.visibility = 0.9  # one more field: the records are longer than 17 bytes
        else:
            point.ClearField("z")  # one field fewer: shorter records
    assert np.allclose(_to_array(landmarks, 100, 50), _attribute_path(landmarks, 100, 50))
