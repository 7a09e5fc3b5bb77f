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

SETTINGS_VERSION = 2
APP_DIR_NAME = "AnchorDesk"


def _meta(title: str, group: str = "", **extra: Any) -> dict[str, Any]:
    """A field's UI description, read by the settings dialog (app/ui/dialogs/settings.py).

    Keys: ``title``; ``group`` (dialog page: general, devices, video, speech, show, server,
    data; none: "More"); optional ``choices`` (tuple), ``minimum``/``maximum`` (numbers),
    ``editor`` ("dir", "file", "camera", "microphone", "speech_model"), ``filter`` (file
    dialog filter), ``apply`` ("live" or, by default, "restart") and ``hidden``.
    """
    return {"title": title, **({"group": group} if group else {}), **extra}


@dataclass(slots=True)
class Settings:
    """User-editable settings. Each field's metadata carries its UI title."""

    language: str = field(
        default="auto",
        metadata=_meta(
            "Interface language (auto, zh_CN, en)", "general", choices=("auto", "zh_CN", "en")
        ),
    )
    first_run_done: bool = field(
        default=False, metadata=_meta("First-run setup finished", hidden=True)
    )
    db_url: str = field(
        default="", metadata=_meta("Database URL (empty: SQLite in data folder)", "data")
    )
    data_dir: str = field(
        default="", metadata=_meta("Data folder (empty: platform default)", "data", editor="dir")
    )
    demo_speed: float = field(
        default=1.0, metadata=_meta("Demo replay speed", "general", minimum=0.1, maximum=100.0)
    )
    store_flush_ms: int = field(
        default=250,
        metadata=_meta("Recorder flush interval (ms)", "data", minimum=10, maximum=10000),
    )
    store_batch_size: int = field(
        default=2000, metadata=_meta("Recorder batch size", "data", minimum=1, maximum=1000000)
    )
    pseudonymize_viewers: bool = field(default=True, metadata=_meta("Pseudonymise viewers", "data"))
    retention_days: int = field(
        default=0,
        metadata=_meta(
            "Remove comment texts after N days (0: keep forever)",
            "data",
            minimum=0,
            maximum=3650,
            apply="live",
        ),
    )
    camera_device: int = field(
        default=0,
        metadata=_meta("Camera device index", "devices", editor="camera", minimum=0, maximum=63),
    )
    camera_width: int = field(
        default=1280, metadata=_meta("Camera width (px)", "devices", minimum=160, maximum=7680)
    )
    camera_height: int = field(
        default=720, metadata=_meta("Camera height (px)", "devices", minimum=120, maximum=4320)
    )
    camera_fps: float = field(
        default=30.0, metadata=_meta("Camera frame rate", "devices", minimum=1.0, maximum=120.0)
    )
    vision_processing_width: int = field(
        default=640,
        metadata=_meta("Face/hand tracking width (px)", "video", minimum=160, maximum=1920),
    )
    output_width: int = field(
        default=1280,
        metadata=_meta("Program output width (px)", "video", minimum=160, maximum=7680),
    )
    output_height: int = field(
        default=720,
        metadata=_meta("Program output height (px)", "video", minimum=120, maximum=4320),
    )
    overlays_enabled: bool = field(default=True, metadata=_meta("AR overlays on", "video"))
    overlay_tryon: bool = field(
        default=True, metadata=_meta("Try-on overlays (lips, glasses...)", "video", apply="live")
    )
    overlay_card: str = field(
        default="bottom-left",
        metadata=_meta(
            "Product card (corner, hand, or off)",
            "video",
            choices=("top-left", "top-right", "bottom-left", "bottom-right", "hand", "off"),
        ),
    )
    overlay_background: str = field(
        default="off",
        metadata=_meta(
            "Background (off, blur, replace)",
            "video",
            choices=("off", "blur", "replace"),
            apply="live",
        ),
    )
    overlay_background_image: str = field(
        default="",
        metadata=_meta(
            "Background image file",
            "video",
            editor="file",
            filter="Images (*.png *.jpg *.jpeg *.webp *.bmp)",
        ),
    )
    overlay_captions: bool = field(
        default=True, metadata=_meta("Captions on the video", "video", apply="live")
    )
    overlay_comments: bool = field(
        default=True, metadata=_meta("Highlighted comment bubble", "video", apply="live")
    )
    record_video: bool = field(default=False, metadata=_meta("Record the program video", "video"))
    record_audio: bool = field(
        default=True, metadata=_meta("Record the audio (microphone or demo narration)", "speech")
    )
    record_segment_seconds: float = field(
        default=10.0,
        metadata=_meta("Video recording segment length (s)", "video", minimum=1.0, maximum=600.0),
    )
    virtual_camera: bool = field(
        default=False, metadata=_meta("Send video to a virtual camera", "video")
    )
    speech_model: str = field(
        default="",
        metadata=_meta(
            "Speech model (name or folder; empty: demo script)", "speech", editor="speech_model"
        ),
    )
    mic_device: str = field(
        default="",
        metadata=_meta("Microphone (empty: system default)", "devices", editor="microphone"),
    )
    auto_switch_on_mention: bool = field(
        default=False,
        metadata=_meta("Switch the on-air product when the host names one", "speech", apply="live"),
    )
    compliance_lexicon: str = field(
        default="",
        metadata=_meta(
            "Custom compliance lexicon file (empty: the bundled one only)",
            "speech",
            editor="file",
            filter="Lexicon (*.txt)",
        ),
    )
    compliance_lexicon_mode: str = field(
        default="extend",
        metadata=_meta(
            "Custom lexicon: extend or replace the bundled one",
            "speech",
            choices=("extend", "replace"),
        ),
    )
    compliance_alert_sound: bool = field(
        default=True, metadata=_meta("Beep and flash on a compliance alert", "speech", apply="live")
    )
    server_port: int = field(
        default=8765,
        metadata=_meta("Ingest/overlay server port", "server", minimum=1024, maximum=65535),
    )
    server_host: str = field(
        default="127.0.0.1",
        metadata=_meta("Ingest server address (loopback unless opted in)", "server"),
    )
    server_allow_remote: bool = field(
        default=False, metadata=_meta("Allow a non-loopback server_host (other machines)", "server")
    )
    low_stock_threshold: int = field(
        default=10,
        metadata=_meta(
            "Warn when a product's live stock falls to this",
            "show",
            minimum=0,
            maximum=1000000,
            apply="live",
        ),
    )
    recommend_interval_s: float = field(
        default=5.0,
        metadata=_meta(
            "Recompute 'pitch next' suggestions every (s)",
            "show",
            minimum=1.0,
            maximum=600.0,
            apply="live",
        ),
    )
    recommend_window_min: float = field(
        default=5.0,
        metadata=_meta(
            "Live demand window for suggestions (minutes)",
            "show",
            minimum=0.5,
            maximum=240.0,
            apply="live",
        ),
    )
    recommend_weight_demand: float = field(
        default=1.0,
        metadata=_meta(
            "Suggestion weight: live demand (mentions, questions)",
            "show",
            minimum=0.0,
            maximum=10.0,
            apply="live",
        ),
    )
    recommend_weight_past: float = field(
        default=0.5,
        metadata=_meta(
            "Suggestion weight: GPM in earlier sessions",
            "show",
            minimum=0.0,
            maximum=10.0,
            apply="live",
        ),
    )
    recommend_weight_affinity: float = field(
        default=0.3,
        metadata=_meta(
            "Suggestion weight: bought together with the on-air product",
            "show",
            minimum=0.0,
            maximum=10.0,
            apply="live",
        ),
    )
    recommend_weight_stock: float = field(
        default=0.2,
        metadata=_meta(
            "Suggestion weight: low stock (urgency)",
            "show",
            minimum=0.0,
            maximum=10.0,
            apply="live",
        ),
    )
    recommend_weight_recency: float = field(
        default=0.3,
        metadata=_meta(
            "Suggestion weight: time since last on air",
            "show",
            minimum=0.0,
            maximum=10.0,
            apply="live",
        ),
    )
    recommend_weight_queue: float = field(
        default=0.4,
        metadata=_meta(
            "Suggestion weight: next in the run-of-show plan",
            "show",
            minimum=0.0,
            maximum=10.0,
            apply="live",
        ),
    )

    @classmethod
    def titles(cls) -> dict[str, str]:
        return {f.name: f.metadata.get("title", f.name) for f in fields(cls)}


def _upgrade(raw: dict[str, Any]) -> dict[str, Any]:
    """Bring settings written by an older version up to :data:`SETTINGS_VERSION`."""
    version = int(raw.pop("version", SETTINGS_VERSION))
    if version < 2:  # v1 had no first-run flag: a v1 file means the app was already used
        raw.setdefault("first_run_done", True)
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
        from app.files import write_atomic

        payload = {"version": SETTINGS_VERSION, **asdict(self.settings)}
        text = json.dumps(payload, ensure_ascii=False, indent=2)
        write_atomic(self.settings_file, text.encode("utf-8"))


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
