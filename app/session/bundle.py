"""A session bundle: the files a replayed session is made of.

The demo in ``resources/demo`` is one; a recorded session exported for rehearsal is
another. ``session.json`` names the parts::

    {"format": 1, "title": "...", "platform": "douyin", "host": "...",
     "duration_ms": 180000, "video": "host.mp4", "audio": "narration.wav",
     "events": "events.jsonl", "narration": "narration.jsonl",
     "products": "products.json", "rundown": ["LIP-001", ...]}

Every part but ``events`` and ``products`` is optional.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.commerce.catalog import CatalogError, ProductInfo, load_catalog_json
from app.errors import UserError

BUNDLE_FORMAT = 1


class BundleError(UserError, ValueError):
    """A bundle is missing a file or has an invalid manifest."""


@dataclass(frozen=True)
class SessionBundle:
    root: Path
    title: str
    platform: str
    host: str
    duration_ms: int
    events: Path
    products: list[ProductInfo]
    rundown: list[str]
    video: Path | None = None
    audio: Path | None = None
    narration: Path | None = None
    title_zh: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _part(root: Path, manifest: dict[str, Any], key: str, required: bool = False) -> Path | None:
    name = manifest.get(key)
    if not name:
        if required:
            raise BundleError(f"{root / 'session.json'}: missing '{key}'")
        return None
    path = root / str(name)
    if not path.is_file():
        raise BundleError(f"bundle file not found: {path}")
    return path


def load_bundle(root: Path) -> SessionBundle:
    """Read and check a bundle folder; raise :class:`BundleError` with the reason."""
    manifest_path = root / "session.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BundleError(f"not a session bundle (no session.json): {root}") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BundleError(f"cannot read {manifest_path}: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != BUNDLE_FORMAT:
        raise BundleError(f"{manifest_path}: unsupported bundle format (expected {BUNDLE_FORMAT})")
    products_path = _part(root, manifest, "products", required=True)
    assert products_path is not None
    try:
        products = load_catalog_json(products_path)
    except CatalogError as exc:
        raise BundleError(str(exc)) from exc
    known = {p.sku for p in products}
    rundown = [str(s) for s in manifest.get("rundown", [p.sku for p in products])]
    unknown = [s for s in rundown if s not in known]
    if unknown:
        raise BundleError(f"{manifest_path}: rundown names unknown SKU(s): {', '.join(unknown)}")
    events = _part(root, manifest, "events", required=True)
    assert events is not None
    return SessionBundle(
        root=root,
        title=str(manifest.get("title", root.name)),
        title_zh=str(manifest.get("title_zh", "")),
        platform=str(manifest.get("platform", "")),
        host=str(manifest.get("host", "")),
        duration_ms=int(manifest.get("duration_ms", 0)),
        events=events,
        products=products,
        rundown=rundown,
        video=_part(root, manifest, "video"),
        audio=_part(root, manifest, "audio"),
        narration=_part(root, manifest, "narration"),
        extra={k: v for k, v in manifest.items() if k not in SessionBundle.__dataclass_fields__},
    )
