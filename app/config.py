"""Typed settings: declared once with default and title, stored as versioned JSON.

Where things live (lowest to highest precedence):

1. defaults declared in :class:`Settings`;
2. ``settings.json`` in the platform's user config dir (platformdirs);
3. environment: ``ANCHORDESK_CONFIG_DIR``, ``ANCHORDESK_DATA_DIR``, ``ANCHORDESK_DB``;
4. command line: ``--data-dir`` and ``--db``.

Tests point the environment variables at temporary folders so they never touch a real
user's files.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

log = logging.getLogger("app.config")

SETTINGS_VERSION = 1
APP_DIR_NAME = "AnchorDesk"


def _meta(title: str) -> dict[str, str]:
    return {"title": title}


@dataclass(slots=True)
class Settings:
    """User-editable settings. Each field's metadata carries its UI title."""

    language: str = field(default="auto", metadata=_meta("Interface language (auto, zh_CN, en)"))
    db_url: str = field(default="", metadata=_meta("Database URL (empty: SQLite in data folder)"))
    data_dir: str = field(default="", metadata=_meta("Data folder (empty: platform default)"))
    demo_speed: float = field(default=1.0, metadata=_meta("Demo replay speed"))
    store_flush_ms: int = field(default=250, metadata=_meta("Recorder flush interval (ms)"))
    store_batch_size: int = field(default=2000, metadata=_meta("Recorder batch size"))
    pseudonymize_viewers: bool = field(default=True, metadata=_meta("Pseudonymise viewers"))
    camera_device: int = field(default=0, metadata=_meta("Camera device index"))
    camera_width: int = field(default=1280, metadata=_meta("Camera width (px)"))
    camera_height: int = field(default=720, metadata=_meta("Camera height (px)"))
    camera_fps: float = field(default=30.0, metadata=_meta("Camera frame rate"))
    vision_processing_width: int = field(
        default=640, metadata=_meta("Face/hand tracking width (px)")
    )
    output_width: int = field(default=1280, metadata=_meta("Program output width (px)"))
    output_height: int = field(default=720, metadata=_meta("Program output height (px)"))
    overlays_enabled: bool = field(default=True, metadata=_meta("AR overlays on"))
    overlay_tryon: bool = field(default=True, metadata=_meta("Try-on overlays (lips, glasses...)"))
    overlay_card: str = field(
        default="bottom-left", metadata=_meta("Product card (corner, hand, or off)")
    )
    overlay_background: str = field(
        default="off", metadata=_meta("Background (off, blur, replace)")
    )
    overlay_background_image: str = field(default="", metadata=_meta("Background image file"))
    overlay_captions: bool = field(default=True, metadata=_meta("Captions on the video"))
    overlay_comments: bool = field(default=True, metadata=_meta("Highlighted comment bubble"))
    record_video: bool = field(default=False, metadata=_meta("Record the program video"))
    record_segment_seconds: float = field(
        default=10.0, metadata=_meta("Video recording segment length (s)")
    )
    virtual_camera: bool = field(default=False, metadata=_meta("Send video to a virtual camera"))
    speech_model: str = field(
        default="", metadata=_meta("Speech model (name or folder; empty: demo script)")
    )
    mic_device: str = field(default="", metadata=_meta("Microphone (empty: system default)"))
    auto_switch_on_mention: bool = field(
        default=False, metadata=_meta("Switch the on-air product when the host names one")
    )
    compliance_alert_sound: bool = field(
        default=True, metadata=_meta("Beep and flash on a compliance alert")
    )
    server_port: int = field(default=8765, metadata=_meta("Ingest/overlay server port"))
    server_host: str = field(
        default="127.0.0.1", metadata=_meta("Ingest server address (loopback unless opted in)")
    )
    server_allow_remote: bool = field(
        default=False, metadata=_meta("Allow a non-loopback server_host (other machines)")
    )
    low_stock_threshold: int = field(
        default=10, metadata=_meta("Warn when a product's live stock falls to this")
    )
    recommend_interval_s: float = field(
        default=5.0, metadata=_meta("Recompute 'pitch next' suggestions every (s)")
    )
    recommend_window_min: float = field(
        default=5.0, metadata=_meta("Live demand window for suggestions (minutes)")
    )
    recommend_weight_demand: float = field(
        default=1.0, metadata=_meta("Suggestion weight: live demand (mentions, questions)")
    )
    recommend_weight_past: float = field(
        default=0.5, metadata=_meta("Suggestion weight: GPM in earlier sessions")
    )
    recommend_weight_affinity: float = field(
        default=0.3, metadata=_meta("Suggestion weight: bought together with the on-air product")
    )
    recommend_weight_stock: float = field(
        default=0.2, metadata=_meta("Suggestion weight: low stock (urgency)")
    )
    recommend_weight_recency: float = field(
        default=0.3, metadata=_meta("Suggestion weight: time since last on air")
    )
    recommend_weight_queue: float = field(
        default=0.4, metadata=_meta("Suggestion weight: next in the run-of-show plan")
    )

    @classmethod
    def titles(cls) -> dict[str, str]:
        return {f.name: f.metadata.get("title", f.name) for f in fields(cls)}


def _upgrade(raw: dict[str, Any]) -> dict[str, Any]:
    """Bring settings written by an older version up to :data:`SETTINGS_VERSION`."""
    version = int(raw.pop("version", SETTINGS_VERSION))
    if version > SETTINGS_VERSION:
        log.warning(
            "settings were written by a newer AnchorDesk (v%s); unknown keys ignored", version
        )
    return raw


def _coerce(raw: dict[str, Any]) -> Settings:
    defaults = Settings()
    values: dict[str, Any] = {}
    for f in fields(Settings):
        if f.name not in raw:
            continue
        default = getattr(defaults, f.name)
        try:
            values[f.name] = type(default)(raw[f.name])
        except (TypeError, ValueError):
            log.warning(
                "setting %s has an invalid value %r; using the default", f.name, raw[f.name]
            )
    return Settings(**values)


@dataclass(slots=True)
class Config:
    """Resolved settings plus the folders and database URL the app actually uses."""

    settings: Settings
    config_dir: Path
    data_dir: Path
    db_url: str

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def recordings_dir(self) -> Path:
        return self.data_dir / "recordings"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    def ensure_dirs(self) -> None:
        for path in (self.data_dir, self.recordings_dir, self.log_dir):
            path.mkdir(parents=True, exist_ok=True)

    def save(self) -> None:
        """Write settings atomically (a crash mid-write leaves the old file intact)."""
        self.config_dir.mkdir(parents=True, exist_ok=True)
        payload = {"version": SETTINGS_VERSION, **asdict(self.settings)}
        tmp = self.settings_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, self.settings_file)


def default_config_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_DIR_NAME, appauthor=False)


def default_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_DIR_NAME, appauthor=False)


def load_settings(path: Path) -> Settings:
    """Read settings; a missing or unreadable file gives defaults (and a log line)."""
    if not path.exists():
        return Settings()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError) as exc:
        log.warning("cannot read settings %s (%s); using defaults", path, exc)
        return Settings()
    return _coerce(_upgrade(raw))


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.as_posix()}"


def load_config(
    data_dir: str | os.PathLike[str] | None = None, db_url: str | None = None
) -> Config:
    """Resolve settings, folders and the database URL (see module docstring)."""
    env_config = os.environ.get("ANCHORDESK_CONFIG_DIR")
    config_dir = Path(env_config) if env_config else default_config_dir()
    settings = load_settings(config_dir / "settings.json")
    data = (
        data_dir or os.environ.get("ANCHORDESK_DATA_DIR") or settings.data_dir or default_data_dir()
    )
    data_path = Path(data).expanduser().resolve()
    url = db_url or os.environ.get("ANCHORDESK_DB") or settings.db_url
    if not url:
        url = sqlite_url(data_path / "anchordesk.db")
    return Config(settings=settings, config_dir=config_dir, data_dir=data_path, db_url=url)
