"""MediaPipe trackers (solutions API of mediapipe 0.10.21, models bundled in the wheel).

Each tracker is created on first use (``import mediapipe`` alone costs ~1 s) and runs
on a frame downscaled to the processing width: the models work at <= 256 px internally,
so feeding them 720p only costs resize time. Results are returned in the coordinates of
the frame the caller passes in (landmarks are normalised), so the processing resolution
never leaks into the compositor.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from app.errors import UserError
from app.vision.cv import import_cv2

log = logging.getLogger("app.vision.trackers")

FACE, HANDS, SEGMENTATION = "face", "hands", "segmentation"
TRACKER_KINDS = (FACE, HANDS, SEGMENTATION)
#: The landscape selfie model takes 256x144: a bigger input only costs conversion time.
SEGMENTATION_WIDTH = 256


class VisionUnavailable(UserError):
    """MediaPipe is missing or broken; overlays stay off and video keeps flowing."""


_mp_lock = threading.Lock()
_mp: Any = None


def import_mediapipe() -> Any:
    """Import mediapipe once, turning any failure into :class:`VisionUnavailable`."""
    global _mp
    with _mp_lock:
        if _mp is None:
            try:
                import_cv2()  # mediapipe imports cv2 itself: keep the Qt plugin path clean
                import mediapipe

                _ = mediapipe.solutions.face_mesh.FaceMesh
            except Exception as exc:  # ImportError, missing .so, broken protobuf...
                raise VisionUnavailable(
                    f"MediaPipe is not usable ({type(exc).__name__}: {exc}); "
                    "AR overlays are off. Reinstall with `pip install mediapipe==0.10.21`."
                ) from exc
            _mp = mediapipe
    return _mp


@dataclass
class Detections:
    """What the trackers found in one frame, in that frame's pixel coordinates."""

    width: int
    height: int
    face: Any = None  # float32 (N, 2) landmarks, or None
    hands: list[Any] = field(default_factory=list)  # float32 (21, 2) per hand
    mask: Any = None  # float32 (h, w) person probability at processing size, or None

    @property
    def has_face(self) -> bool:
        return self.face is not None


#: A serialised NormalizedLandmark with x, y, z only: field 1 (the landmark, 15 bytes) of
#: the list, holding fixed32 fields 1, 2 and 3 (tags 0x0d, 0x15, 0x1d).
_LANDMARK_RECORD = [
    ("tag", "u1"), ("size", "u1"),
    ("x_tag", "u1"), ("x", "<f4"), ("y_tag", "u1"), ("y", "<f4"), ("z_tag", "u1"), ("z", "<f4"),
]  # fmt: skip
_RECORD_TAGS = {"tag": 0x0A, "size": 15, "x_tag": 0x0D, "y_tag": 0x15, "z_tag": 0x1D}


def _to_array(landmarks: Any, width: int, height: int) -> Any:
    """(N, 2) float32 pixel coordinates of a NormalizedLandmarkList.

    Reading 478 points attribute by attribute through protobuf costs ~0.2 ms per frame,
    on the critical path; the serialised list is a fixed 17-byte record per point when
    only x, y, z are set (as face mesh and hands set them), so numpy reads it in one go.
    Anything else (visibility set, a future layout) takes the attribute path.
    """
    import numpy as np

    data = landmarks.SerializeToString()
    count = len(landmarks.landmark)
    records = np.frombuffer(data, np.dtype(_LANDMARK_RECORD)) if len(data) == 17 * count else None
    if records is not None and all((records[k] == v).all() for k, v in _RECORD_TAGS.items()):
        points = np.empty((count, 2), np.float32)
        points[:, 0] = records["x"]
        points[:, 1] = records["y"]
    else:
        points = np.array([(p.x, p.y) for p in landmarks.landmark], dtype=np.float32)
    points[:, 0] *= width
    points[:, 1] *= height
    return points


#: What :func:`run_graph` uses of ``mediapipe.python.solution_base.SolutionBase`` (0.10.21).
_SOLUTION_PARTS = (
    "_graph", "_graph_outputs", "_input_stream_type_info", "_output_stream_type_info",
    "_simulated_timestamp", "_make_packet", "_get_packet_content",
)  # fmt: skip
#: The timestamp step SolutionBase.process uses (a 30 fps video, in microseconds).
_STEP_US = 33333


def run_graph(solution: Any, rgb: Any, output: str) -> Any:
    """``solution.process(rgb).<output>`` without building a result class per call.

    ``SolutionBase.process`` creates a fresh ``collections.namedtuple`` class on every
    call (~0.25 ms, a tenth of face mesh itself) and converts every output stream; this
    feeds the one RGB image the same way (same timestamps, same packet) and converts only
    ``output``. Any solution object that does not look like mediapipe 0.10.21's takes the
    public ``process``.
    """
    if not all(hasattr(solution, part) for part in _SOLUTION_PARTS):
        return getattr(solution.process(rgb), output)
    (stream, kind), *more = solution._input_stream_type_info.items()
    if more or rgb.ndim != 3 or rgb.shape[2] != 3:
        return getattr(solution.process(rgb), output)  # its own checks and messages
    solution._graph_outputs.clear()
    solution._simulated_timestamp += _STEP_US
    packet = solution._make_packet(kind, rgb).at(solution._simulated_timestamp)
    solution._graph.add_packet_to_input_stream(stream=stream, packet=packet)
    solution._graph.wait_until_idle()
    found = solution._graph_outputs.get(output)
    if found is None:
        return None
    return solution._get_packet_content(solution._output_stream_type_info[output], found)


def _shrink(rgb: Any, width: int) -> Any:
    height, current = rgb.shape[:2]
    if current <= width:
        return rgb
    size = (width, max(1, round(height * width / current)))
    return import_cv2().resize(rgb, size, interpolation=import_cv2().INTER_AREA)


def segmentation_input(rgb: Any) -> Any:
    """The processing image shrunk to the selfie model's own input width.

    INTER_AREA at a fractional ratio (640 -> 256 is 2.5) takes OpenCV's generic path
    (~0.6 ms); a bilinear step to exactly twice the target and a 2:1 area step cost half
    and differ by less than one grey level on average.
    """
    height, width = rgb.shape[:2]
    target = SEGMENTATION_WIDTH
    if width > 2 * target and width % target:
        cv2 = import_cv2()
        size = (2 * target, 2 * max(1, round(height * target / width)))
        rgb = cv2.resize(rgb, size, interpolation=cv2.INTER_LINEAR)
    return _shrink(rgb, target)


class Trackers:
    """Lazily created MediaPipe graphs, used from one worker thread at a time."""

    def __init__(self, processing_width: int = 640) -> None:
        self.processing_width = max(64, int(processing_width))
        self._graphs: dict[str, Any] = {}
        self._create_lock = threading.Lock()
        self.last_timings_ms: dict[str, float] = {}

    def _graph(self, kind: str) -> Any:
        graph = self._graphs.get(kind)
        if graph is not None:
            return graph
        with self._create_lock:  # the compositor's helper thread may ask at the same time
            return self._graphs.get(kind) or self._create(kind)

    def _create(self, kind: str) -> Any:
        mp = import_mediapipe()
        graph: Any
        if kind == FACE:
            graph = mp.solutions.face_mesh.FaceMesh(
                static_image_mode=False,
                max_num_faces=1,
                refine_landmarks=True,
                min_detection_confidence=0.5,
                min_tracking_confidence=0.5,
            )
        elif kind == HANDS:
            graph = mp.solutions.hands.Hands(
                static_image_mode=False, max_num_hands=2, model_complexity=0
            )
        elif kind == SEGMENTATION:
            graph = mp.solutions.selfie_segmentation.SelfieSegmentation(model_selection=1)
        else:
            raise ValueError(f"unknown tracker {kind!r}")
        self._graphs[kind] = graph
        return graph

    def warm_up(self, kinds: set[str]) -> None:
        """Create the graphs now (off the hot path) so the first frame is not slow."""
        for kind in kinds:
            self._graph(kind)

    def processing_image(self, image: Any) -> Any:
        """The frame as RGB at the processing width (aspect ratio kept)."""
        cv2 = import_cv2()
        height, width = image.shape[:2]
        if width > self.processing_width:
            size = (self.processing_width, max(1, round(height * self.processing_width / width)))
            image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
        return cv2.cvtColor(image, cv2.COLOR_BGR2RGB)

    def detect(self, image: Any, kinds: set[str], *, rgb: Any = None) -> Detections:
        """Run the trackers in ``kinds`` on a BGR frame.

        ``rgb`` is the frame's :meth:`processing_image` when the caller already made it.
        """
        height, width = image.shape[:2]
        found = Detections(width, height)
        self.last_timings_ms = {}
        if not kinds:
            return found
        clock = time.perf_counter
        timings: dict[str, float] = {}
        if rgb is None:
            t0 = clock()
            rgb = self.processing_image(image)
            timings["resize"] = (clock() - t0) * 1000
        if FACE in kinds:
            t0 = clock()
            faces = run_graph(self._graph(FACE), rgb, "multi_face_landmarks")
            if faces:
                found.face = _to_array(faces[0], width, height)
            timings[FACE] = (clock() - t0) * 1000
        if HANDS in kinds:
            t0 = clock()
            for hand in run_graph(self._graph(HANDS), rgb, "multi_hand_landmarks") or ():
                found.hands.append(_to_array(hand, width, height))
            timings[HANDS] = (clock() - t0) * 1000
        if SEGMENTATION in kinds:
            t0 = clock()
            found.mask = self.segment(segmentation_input(rgb))
            timings[SEGMENTATION] = (clock() - t0) * 1000
        self.last_timings_ms = timings
        return found

    def segment(self, small_rgb: Any) -> Any:
        """Person probability (float32, input size) for a :func:`segmentation_input` image.

        Thread-safe against :meth:`detect` for other kinds: each graph has its own thread
        in MediaPipe, so the compositor runs this beside face mesh on a second core.
        """
        return run_graph(self._graph(SEGMENTATION), small_rgb, "segmentation_mask")

    def close(self) -> None:
        for graph in self._graphs.values():
            try:
                graph.close()
            except Exception:  # closing a half-built graph must not break shutdown
                log.debug("closing a MediaPipe graph failed", exc_info=True)
        self._graphs.clear()
