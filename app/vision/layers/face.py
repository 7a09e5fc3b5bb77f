"""Face try-on layers: lip colour and accessories (glasses, hat, earrings).

Landmark indices are MediaPipe face mesh's (468 points, 478 with irises). Geometry of
the accessory PNGs is documented in resources/demo/README.md: each image has two
reference points that are mapped onto two face points with a similarity transform, so
the overlay scales and rotates with the head.
"""

from __future__ import annotations

import logging
import math
import threading
from pathlib import Path
from typing import Any

from app.commerce.catalog import ProductInfo
from app.vision.cv import import_cv2
from app.vision.draw import blend, hex_to_bgr
from app.vision.layers import FrameContext, Layer
from app.vision.trackers import FACE

log = logging.getLogger("app.vision.layers.face")

LIPS_OUTER = (
    61,
    146,
    91,
    181,
    84,
    17,
    314,
    405,
    321,
    375,
    291,
    409,
    270,
    269,
    267,
    0,
    37,
    39,
    40,
    185,
)
LIPS_INNER = (
    78,
    95,
    88,
    178,
    87,
    14,
    317,
    402,
    318,
    324,
    308,
    415,
    310,
    311,
    312,
    13,
    82,
    81,
    80,
    191,
)
RIGHT_EYE_CORNERS, LEFT_EYE_CORNERS = (33, 133), (362, 263)  # subject's right = image left
RIGHT_IRIS, LEFT_IRIS = 468, 473
FOREHEAD_TOP, FOREHEAD, CHIN = 10, 151, 152
FACE_LEFT_EDGE, FACE_RIGHT_EDGE = 234, 454
EAR_LOBES = (177, 401)

ACCESSORY_KINDS = ("glasses", "hat", "earrings")


def tryon_kind(product: ProductInfo | None) -> str | None:
    if product is None or not isinstance(product.tryon, dict):
        return None
    kind = product.tryon.get("kind")
    return str(kind) if kind else None


def eye_centres(face: Any) -> tuple[Any, Any]:
    """Pupil positions (image-left eye first); iris points when refined, else corners."""
    if len(face) > LEFT_IRIS:
        return face[RIGHT_IRIS], face[LEFT_IRIS]
    return face[list(RIGHT_EYE_CORNERS)].mean(axis=0), face[list(LEFT_EYE_CORNERS)].mean(axis=0)


class LipstickLayer(Layer):
    """Colours the lips of the on-air lipstick with a shading-preserving blend.

    The lip ring (outer contour minus mouth opening) becomes a feathered mask; colour is
    applied as ``2 * pixel * colour / 255`` (a soft multiply that keeps highlights and
    creases), then mixed in with the profile's opacity. Only the lip box is touched.
    """

    name = "lipstick"

    def needs(self, product: ProductInfo | None) -> set[str]:
        return {FACE} if self.enabled and tryon_kind(product) == "lipstick" else set()

    def draw(self, frame: Any, ctx: FrameContext) -> None:
        face = ctx.detections.face
        if face is None or tryon_kind(ctx.product) != "lipstick":
            return
        assert ctx.product is not None and ctx.product.tryon is not None
        try:
            colour = hex_to_bgr(str(ctx.product.tryon.get("color", "#B0243A")))
            opacity = float(ctx.product.tryon.get("opacity", 0.5))
        except (TypeError, ValueError) as exc:
            ctx.problems.append(f"{ctx.product.sku}: bad lipstick profile ({exc})")
            return
        paint_lips(frame, face, colour, min(max(opacity, 0.0), 1.0))


def lip_mask(face: Any, origin: tuple[int, int], size: tuple[int, int]) -> Any:
    """uint8 mask (h, w) of the lips in a box at ``origin`` (x, y) of ``size`` (w, h)."""
    import numpy as np

    cv2 = import_cv2()
    offset = np.array(origin, np.float32)
    mask = np.zeros((size[1], size[0]), np.uint8)
    outer = np.round((face[list(LIPS_OUTER)] - offset) * 4).astype(np.int32)
    inner = np.round((face[list(LIPS_INNER)] - offset) * 4).astype(np.int32)
    cv2.fillPoly(mask, [outer], 255, lineType=cv2.LINE_AA, shift=2)
    cv2.fillPoly(mask, [inner], 0, lineType=cv2.LINE_AA, shift=2)
    return mask


def paint_lips(frame: Any, face: Any, colour: tuple[int, int, int], opacity: float) -> None:
    cv2 = import_cv2()
    h, w = frame.shape[:2]
    pts = face[list(LIPS_OUTER)]
    pad = max(4, int((pts[:, 0].max() - pts[:, 0].min()) * 0.1))
    x0, y0 = max(0, int(pts[:, 0].min()) - pad), max(0, int(pts[:, 1].min()) - pad)
    x1, y1 = min(w, int(pts[:, 0].max()) + pad + 1), min(h, int(pts[:, 1].max()) + pad + 1)
    if x1 - x0 < 3 or y1 - y0 < 3:
        return
    mask = lip_mask(face, (x0, y0), (x1 - x0, y1 - y0))
    k = max(3, (pad // 2) | 1)
    mask = cv2.GaussianBlur(mask, (k, k), 0)
    tinted = cv2.multiply(frame[y0:y1, x0:x1], (*colour, 0), scale=2.0 / 255.0)
    blend(frame, tinted, mask, x0, y0, opacity=opacity)


class _Images:
    """Try-on PNG cache; an unreadable file is remembered with its error message."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: dict[Path, Any] = {}

    def get(self, path: Path) -> Any:
        """BGRA uint8 array; raises ValueError with a user-facing message if unusable."""
        with self._lock:
            if path not in self._cache:
                self._cache[path] = self._load(path)
        value = self._cache[path]
        if isinstance(value, str):
            raise ValueError(value)
        return value

    @staticmethod
    def _load(path: Path) -> Any:
        import numpy as np

        cv2 = import_cv2()
        if not path.is_file():
            return f"try-on image missing: {path}"
        image = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
        if image is None or image.size == 0:
            return f"try-on image unreadable (corrupt or not an image): {path.name}"
        if image.ndim == 2:
            image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGRA)
        elif image.shape[2] == 3:
            image = np.dstack([image, np.full(image.shape[:2], 255, np.uint8)])
        if image.dtype != np.uint8:
            image = cv2.convertScaleAbs(image, alpha=255.0 / max(1, int(image.max())))
        return image


def warp_onto(frame: Any, image: Any, src: Any, dst: Any) -> None:
    """Map the two points ``src`` of BGRA ``image`` onto ``dst`` in ``frame`` and blend.

    The similarity transform is applied only into the destination bounding box.
    """
    import numpy as np

    cv2 = import_cv2()
    (sx0, sy0), (sx1, sy1) = src
    (dx0, dy0), (dx1, dy1) = dst
    s_len = math.hypot(sx1 - sx0, sy1 - sy0)
    d_len = math.hypot(dx1 - dx0, dy1 - dy0)
    if s_len < 1e-6 or d_len < 1:
        return
    scale = d_len / s_len
    angle = math.atan2(dy1 - dy0, dx1 - dx0) - math.atan2(sy1 - sy0, sx1 - sx0)
    c, s = scale * math.cos(angle), scale * math.sin(angle)
    tx, ty = dx0 - (c * sx0 - s * sy0), dy0 - (s * sx0 + c * sy0)
    m = np.array([[c, -s, tx], [s, c, ty]], np.float64)
    ih, iw = image.shape[:2]
    corners = np.array([[0, 0, 1], [iw, 0, 1], [0, ih, 1], [iw, ih, 1]], np.float64) @ m.T
    fh, fw = frame.shape[:2]
    bx0, by0 = max(0, int(corners[:, 0].min())), max(0, int(corners[:, 1].min()))
    bx1, by1 = min(fw, int(corners[:, 0].max()) + 1), min(fh, int(corners[:, 1].max()) + 1)
    if bx0 >= bx1 or by0 >= by1 or (bx1 - bx0) * (by1 - by0) > fw * fh:
        return
    m[0, 2] -= bx0
    m[1, 2] -= by0
    warped = cv2.warpAffine(
        image, m, (bx1 - bx0, by1 - by0), flags=cv2.INTER_LINEAR, borderValue=(0, 0, 0, 0)
    )
    blend(frame, warped[:, :, :3], warped[:, :, 3], bx0, by0)


class AccessoryLayer(Layer):
    """Glasses on the pupils, a hat on the forehead, earrings on the ear lobes."""

    name = "accessory"

    def __init__(self) -> None:
        super().__init__()
        self._images = _Images()

    def needs(self, product: ProductInfo | None) -> set[str]:
        return {FACE} if self.enabled and tryon_kind(product) in ACCESSORY_KINDS else set()

    def draw(self, frame: Any, ctx: FrameContext) -> None:
        face = ctx.detections.face
        kind = tryon_kind(ctx.product)
        if face is None or kind not in ACCESSORY_KINDS:
            return
        assert ctx.product is not None and ctx.product.tryon is not None
        path = self._image_path(ctx.product)
        if path is None:
            ctx.problems.append(f"{ctx.product.sku}: try-on profile has no image")
            return
        try:
            image = self._images.get(path)
        except ValueError as exc:
            ctx.problems.append(f"{ctx.product.sku}: {exc}")
            return
        {"glasses": _glasses, "hat": _hat, "earrings": _earrings}[kind](frame, image, face)

    @staticmethod
    def _image_path(product: ProductInfo) -> Path | None:
        """Resolve the profile's image next to the product image (the catalog's folder)."""
        assert product.tryon is not None
        name = product.tryon.get("image")
        if not name:
            return None
        path = Path(str(name))
        if path.is_absolute():
            return path
        base = product.image.parent.parent if product.image is not None else None
        if base is None:
            from app.paths import DEMO_BUNDLE

            base = DEMO_BUNDLE
        return base / path


def _glasses(frame: Any, image: Any, face: Any) -> None:
    ih, iw = image.shape[:2]
    right, left = eye_centres(face)
    warp_onto(frame, image, ((0.28 * iw, 0.5 * ih), (0.72 * iw, 0.5 * ih)), (right, left))


def _face_axis(face: Any) -> tuple[Any, float]:
    """Unit vector along the eye line (image left to right) and the face width."""
    import numpy as np

    right, left = eye_centres(face)
    axis = left - right
    axis = axis / max(1e-6, float(np.hypot(*axis)))
    width = float(np.hypot(*(face[FACE_RIGHT_EDGE] - face[FACE_LEFT_EDGE])))
    return axis, width


def _hat(frame: Any, image: Any, face: Any) -> None:
    ih, iw = image.shape[:2]
    axis, width = _face_axis(face)
    centre = face[FOREHEAD]
    half = axis * (1.1 * width / 2)
    warp_onto(
        frame,
        image,
        ((0.19 * iw, 0.73 * ih), (0.81 * iw, 0.73 * ih)),
        (centre - half, centre + half),
    )


def _earrings(frame: Any, image: Any, face: Any) -> None:
    import numpy as np

    ih, iw = image.shape[:2]
    axis, width = _face_axis(face)
    down = np.array([-axis[1], axis[0]], np.float32)
    drop = down * (0.45 * width)  # earring length relative to the face
    stud = (0.5 * iw, 12.0)
    for index, outward in ((EAR_LOBES[0], -1.0), (EAR_LOBES[1], 1.0)):
        lobe = face[index] + axis * outward * 0.06 * width
        warp_onto(frame, image, (stud, (0.5 * iw, float(ih))), (lobe, lobe + drop))
