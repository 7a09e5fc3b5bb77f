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
