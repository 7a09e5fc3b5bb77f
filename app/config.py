"""Typed settings: declared once with default and title, stored as versioned JSON.

Where things live (lowest to highest precedence):

1. defaults declared in :class:`Settings`;
2. ``settings.json`` in the platform's user config dir (platformdirs);
3. environment: ``ANCHORDESK_CONFIG_DIR``, ``ANCHORDESK_DATA_DIR``, ``ANCHORDESK_DB``;
4. command line: ``--data-dir`` and ``--db``.

Tests point the environment variables at temporary folders so they never touch a real
user's files.

Loading never fails: a file that cannot be read or parsed gives the defaults, and each field
whose value has the wrong type or lies outside its range or choices (the specs of
:mod:`app.settings_check`) gives that field's default, with one line in
:attr:`Config.problems` (and the log) naming it. A file that could not be used as it is
is first copied to ``settings.json.broken-<time>``, so the next save loses nothing.
"""

from __future__ import annotations

import json
import logging
import os
import reprlib
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from app.messages import QT_TRANSLATE_NOOP

log = logging.getLogger("app.config")

SETTINGS_VERSION = 2
APP_DIR_NAME = "AnchorDesk"
#: Where the data folder or database URL came from (``Config.data_dir_from``/``db_url_from``).
COMMAND_LINE, ENVIRONMENT, FROM_SETTINGS, DEFAULT, CHOSEN = (
    "command line",
    "environment",
    "settings",
    "default",
    "chosen",
)


def _meta(title: str, group: str = "", **extra: Any) -> dict[str, Any]:
    """A field's UI description, read by the settings dialog (app/ui/dialogs/settings.py).

    Keys: ``title``; ``group`` (dialog page: general, devices, video, speech, show, server,
    data, obs; none: "More"); optional ``choices`` (tuple), ``minimum``/``maximum`` (numbers),
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
            QT_TRANSLATE_NOOP("SettingsFields", "Interface language (auto, zh_CN, en)"),
            "general",
            choices=("auto", "zh_CN", "en"),
        ),
    )
    text_size: int = field(
        default=100,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Text size in the live window (%)"),
            "general",
            minimum=80,
            maximum=200,
            apply="live",
        ),
    )
    first_run_done: bool = field(
        default=False,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "First-run setup finished"), hidden=True
        ),
    )
    db_url: str = field(
        default="",
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Database URL (empty: SQLite in data folder)"),
            "data",
        ),
    )
    data_dir: str = field(
        default="",
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Data folder (empty: platform default)"),
            "data",
            editor="dir",
        ),
    )
    demo_speed: float = field(
        default=1.0,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Demo replay speed"),
            "general",
            minimum=0.1,
            maximum=100.0,
        ),
    )
    store_flush_ms: int = field(
        default=250,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Recorder flush interval (ms)"),
            "data",
            minimum=10,
            maximum=10000,
        ),
    )
    store_batch_size: int = field(
        default=2000,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Recorder batch size"),
            "data",
            minimum=1,
            maximum=1000000,
        ),
    )
    pseudonymize_viewers: bool = field(
        default=True,
        metadata=_meta(QT_TRANSLATE_NOOP("SettingsFields", "Pseudonymise viewers"), "data"),
    )
    retention_days: int = field(
        default=0,
        metadata=_meta(
            QT_TRANSLATE_NOOP(
                "SettingsFields", "Remove comment texts after N days (0: keep forever)"
            ),
            "data",
            minimum=0,
            maximum=3650,
            apply="live",
        ),
    )
    camera_device: int = field(
        default=0,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Camera device index"),
            "devices",
            editor="camera",
            minimum=0,
            maximum=63,
        ),
    )
    camera_width: int = field(
        default=1280,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Camera width (px)"),
            "devices",
            minimum=160,
            maximum=7680,
        ),
    )
    camera_height: int = field(
        default=720,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Camera height (px)"),
            "devices",
            minimum=120,
            maximum=4320,
        ),
    )
    camera_fps: float = field(
        default=30.0,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Camera frame rate"),
            "devices",
            minimum=1.0,
            maximum=120.0,
        ),
    )
    vision_processing_width: int = field(
        default=640,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Face/hand tracking width (px)"),
            "video",
            minimum=160,
            maximum=1920,
        ),
    )
    output_width: int = field(
        default=1280,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Program output width (px)"),
            "video",
            minimum=160,
            maximum=7680,
        ),
    )
    output_height: int = field(
        default=720,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Program output height (px)"),
            "video",
            minimum=120,
            maximum=4320,
        ),
    )
    overlays_enabled: bool = field(
        default=True, metadata=_meta(QT_TRANSLATE_NOOP("SettingsFields", "AR overlays on"), "video")
    )
    overlay_tryon: bool = field(
        default=True,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Try-on overlays (lips, glasses...)"),
            "video",
            apply="live",
        ),
    )
    overlay_card: str = field(
        default="bottom-left",
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Product card (corner, hand, or off)"),
            "video",
            choices=("top-left", "top-right", "bottom-left", "bottom-right", "hand", "off"),
        ),
    )
    overlay_background: str = field(
        default="off",
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Background (off, blur, replace)"),
            "video",
            choices=("off", "blur", "replace"),
            apply="live",
        ),
    )
    overlay_background_image: str = field(
        default="",
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Background image file"),
            "video",
            editor="file",
            filter="Images (*.png *.jpg *.jpeg *.webp *.bmp)",
        ),
    )
    overlay_captions: bool = field(
        default=True,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Captions on the video"), "video", apply="live"
        ),
    )
    overlay_comments: bool = field(
        default=True,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Highlighted comment bubble"), "video", apply="live"
        ),
    )
    record_video: bool = field(
        default=True,
        metadata=_meta(
            QT_TRANSLATE_NOOP(
                "SettingsFields", "Record the program video with sound (MP4, if the disk has room)"
            ),
            "video",
        ),
    )
    record_video_size: str = field(
        default="720p",
        metadata=_meta(
            QT_TRANSLATE_NOOP(
                "SettingsFields",
                "Recording size (per hour at most: 1080p 2.1 GB, 720p 1.1 GB, 540p 0.7 GB, "
                "480p 0.5 GB)",
            ),
            "video",
            choices=("1080p", "720p", "540p", "480p"),
        ),
    )
    record_audio: bool = field(
        default=True,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Record the audio (microphone or demo narration)"),
            "speech",
        ),
    )
    record_segment_seconds: float = field(
        default=10.0,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Audio recording segment length (s)"),
            "speech",
            minimum=1.0,
            maximum=600.0,
        ),
    )
    virtual_camera: bool = field(
        default=False,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Send video to a virtual camera"), "video"
        ),
    )
    speech_model: str = field(
        default="",
        metadata=_meta(
            QT_TRANSLATE_NOOP(
                "SettingsFields", "Speech model (name or folder; empty: demo script)"
            ),
            "speech",
            editor="speech_model",
        ),
    )
    mic_device: str = field(
        default="",
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Microphone (empty: system default)"),
            "devices",
            editor="microphone",
        ),
    )
    auto_switch_on_mention: bool = field(
        default=False,
        metadata=_meta(
            QT_TRANSLATE_NOOP(
                "SettingsFields", "Switch the on-air product when the host names one"
            ),
            "speech",
            apply="live",
        ),
    )
    compliance_lexicon: str = field(
        default="",
        metadata=_meta(
            QT_TRANSLATE_NOOP(
                "SettingsFields", "Custom compliance lexicon file (empty: the bundled one only)"
            ),
            "speech",
            editor="file",
            filter="Lexicon (*.txt)",
        ),
    )
    compliance_lexicon_mode: str = field(
        default="extend",
        metadata=_meta(
            QT_TRANSLATE_NOOP(
                "SettingsFields", "Custom lexicon: extend or replace the bundled one"
            ),
            "speech",
            choices=("extend", "replace"),
        ),
    )
    compliance_alert_sound: bool = field(
        default=True,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Beep and flash on a compliance alert"),
            "speech",
            apply="live",
        ),
    )
    server_port: int = field(
        default=8765,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Ingest/overlay server port"),
            "server",
            minimum=1024,
            maximum=65535,
        ),
    )
    server_host: str = field(
        default="127.0.0.1",
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Ingest server address (loopback unless opted in)"),
            "server",
        ),
    )
    server_allow_remote: bool = field(
        default=False,
        metadata=_meta(
            QT_TRANSLATE_NOOP(
                "SettingsFields", "Allow a non-loopback server_host (other machines)"
            ),
            "server",
        ),
    )
    low_stock_threshold: int = field(
        default=10,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Warn when a product's live stock falls to this"),
            "show",
            minimum=0,
            maximum=1000000,
            apply="live",
        ),
    )
    recommend_interval_s: float = field(
        default=5.0,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Recompute 'pitch next' suggestions every (s)"),
            "show",
            minimum=1.0,
            maximum=600.0,
            apply="live",
        ),
    )
    recommend_window_min: float = field(
        default=5.0,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Live demand window for suggestions (minutes)"),
            "show",
            minimum=0.5,
            maximum=240.0,
            apply="live",
        ),
    )
    recommend_weight_demand: float = field(
        default=1.0,
        metadata=_meta(
            QT_TRANSLATE_NOOP(
                "SettingsFields", "Suggestion weight: live demand (mentions, questions)"
            ),
            "show",
            minimum=0.0,
            maximum=10.0,
            apply="live",
        ),
    )
    recommend_weight_past: float = field(
        default=0.5,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Suggestion weight: GPM in earlier sessions"),
            "show",
            minimum=0.0,
            maximum=10.0,
            apply="live",
        ),
    )
    recommend_weight_affinity: float = field(
        default=0.3,
        metadata=_meta(
            QT_TRANSLATE_NOOP(
                "SettingsFields", "Suggestion weight: bought together with the on-air product"
            ),
            "show",
            minimum=0.0,
            maximum=10.0,
            apply="live",
        ),
    )
    recommend_weight_stock: float = field(
        default=0.2,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Suggestion weight: low stock (urgency)"),
            "show",
            minimum=0.0,
            maximum=10.0,
            apply="live",
        ),
    )
    recommend_weight_recency: float = field(
        default=0.3,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Suggestion weight: time since last on air"),
            "show",
            minimum=0.0,
            maximum=10.0,
            apply="live",
        ),
    )
    recommend_weight_queue: float = field(
        default=0.4,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Suggestion weight: next in the run-of-show plan"),
            "show",
            minimum=0.0,
            maximum=10.0,
            apply="live",
        ),
    )
    # OBS over obs-websocket 5 (app/show/obs.py, docs/show-control.md). The password is
    # not here: it is a secret, kept owner-only in the config dir (``obs_password``).
    obs_enabled: bool = field(
        default=False,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Control OBS (obs-websocket 5)"),
            "obs",
            apply="live",
        ),
    )
    obs_host: str = field(
        default="127.0.0.1",
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "OBS WebSocket address"), "obs", apply="live"
        ),
    )
    obs_port: int = field(
        default=4455,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "OBS WebSocket port"),
            "obs",
            minimum=1,
            maximum=65535,
            apply="live",
        ),
    )
    obs_scenes: str = field(
        default="",
        metadata=_meta(
            QT_TRANSLATE_NOOP(
                "SettingsFields",
                'OBS scene per product (JSON: {"SKU": "Scene"} or {"SKU": ["Scene", "Source"]})',
            ),
            "obs",
            apply="live",
        ),
    )
    obs_record_with_show: bool = field(
        default=False,
        metadata=_meta(
            QT_TRANSLATE_NOOP("SettingsFields", "Start and stop OBS recording with the show"),
            "obs",
            apply="live",
        ),
    )
    obs_record_chapters: bool = field(
        default=True,
        metadata=_meta(
            QT_TRANSLATE_NOOP(
                "SettingsFields", "A recording chapter per product (OBS 30.2 or newer)"
            ),
            "obs",
            apply="live",
        ),
    )

    @classmethod
    def titles(cls) -> dict[str, str]:
        return {f.name: f.metadata.get("title", f.name) for f in fields(cls)}


def _upgrade(raw: dict[str, Any], version: int) -> dict[str, Any]:
    """Bring settings written by an older version up to :data:`SETTINGS_VERSION`."""
    if version < 2:  # v1 had no first-run flag: a v1 file means the app was already used
        raw.setdefault("first_run_done", True)
    if version > SETTINGS_VERSION:
        log.warning(
            "settings were written by a newer AnchorDesk (v%s); unknown keys ignored", version
        )
    return raw


def _coerce(raw: dict[str, Any]) -> tuple[Settings, list[str]]:
    """The fields of ``raw`` that fit their spec; every other one keeps its default.

    Returns the settings and one line per field that was dropped. Unknown keys are
    ignored (a newer version may have written them).
    """
    from app.settings_check import field_specs, value_problem

    values: dict[str, Any] = {}
    problems: list[str] = []
    for spec in field_specs():
        if spec.name not in raw:
            continue
        value = raw[spec.name]
        problem = value_problem(spec, value)
        if problem is None:
            values[spec.name] = spec.kind(value)  # 2 -> 2.0 for a float field
        else:
            problems.append(
                f"setting {spec.name} = {_shown(value)}: {problem.message}; "
                f"using the default ({_shown(spec.default)})"
            )
    return Settings(**values), problems


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother = 2, 60, 60


def _shown(value: Any) -> str:
    """A short, printable rendering of a value from the file (JSON spelling for scalars)."""
    if isinstance(value, dict | list):
        text = _REPR.repr(value)  # depth- and length-limited: the file may nest deeply
    else:
        text = json.dumps(value, ensure_ascii=False)
        if len(text) > 60:
            text = text[:57] + "..."
    return _printable(text)


def _printable(text: str) -> str:
    """``text`` with what cannot be written as UTF-8 (lone surrogates) escaped."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


@dataclass(slots=True)
class SettingsFile:
    """What :func:`read_settings` made of settings.json.

    Attributes:
        settings: the usable settings (defaults where the file had nothing usable).
        problems: one English line per thing that was dropped (the file, or a field).
        kept_as: the copy of a file that could not be used as it is (None: no copy).
    """

    settings: Settings
    problems: list[str] = field(default_factory=list)
    kept_as: Path | None = None


def _file_version(raw: dict[str, Any]) -> int | None:
    """The file's ``version`` (missing: the current one); None when it is not a version."""
    version = raw.pop("version", SETTINGS_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        return None
    return version


def read_settings(path: Path) -> SettingsFile:
    """Read ``path``; never raises (see the module docstring for what is dropped)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return SettingsFile(Settings())
    except OSError as exc:
        return _unusable(path, None, f"cannot read it ({exc.strerror or exc})")
    raw = _parse(data)
    if isinstance(raw, str):
        return _unusable(path, data, raw)
    version = _file_version(raw)
    if version is None:
        return _unusable(path, data, "it has no valid version number")
    settings, problems = _coerce(_upgrade(raw, version))
    kept_as = _keep_aside(path, data) if problems else None
    return SettingsFile(settings, problems, kept_as)


def _parse(data: bytes) -> dict[str, Any] | str:
    """The JSON object in ``data``, or why there is none."""
    try:
        raw = json.loads(data.decode("utf-8-sig"))  # a BOM (Windows Notepad) is fine
    except RecursionError:
        return "it is nested too deeply to be settings"
    except ValueError as exc:  # also UnicodeDecodeError
        return f"it is not valid JSON ({_printable(str(exc))})"
    if not isinstance(raw, dict):
        return "it does not hold a JSON object"
    return raw


def _unusable(path: Path, data: bytes | None, reason: str) -> SettingsFile:
    problem = (
        f"the settings file {_printable(str(path))} cannot be used: {reason}; using the defaults"
    )
    kept_as = _keep_aside(path, data) if data is not None else None
    return SettingsFile(Settings(), [problem], kept_as)


def _keep_aside(path: Path, data: bytes) -> Path | None:
    """Copy a settings file that could not be used as it is to ``<name>.broken-<time>``.

    The same content is kept once: a later start with the file still broken reuses the
    copy. None when the copy cannot be written (logged).
    """
    try:
        for old in sorted(path.parent.glob(f"{path.name}.broken-*")):
            if old.is_file() and old.read_bytes() == data:
                return old
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for n in range(100):
            target = path.with_name(f"{path.name}.broken-{stamp}" + (f"-{n}" if n else ""))
            try:
                with target.open("xb") as out:
                    out.write(data)
                return target
            except FileExistsError:
                continue
    except OSError as exc:
        log.warning("cannot keep a copy of the broken settings file %s: %s", path, exc)
    return None


def log_problems(problems: list[str]) -> None:
    """Log each settings problem once (``load_config`` does it; the CLI after set-up)."""
    for problem in problems:
        log.warning("%s", problem)


class DataFolderError(OSError):
    """The data folder cannot be created or written; the message says which and why."""


@dataclass(slots=True)
class Config:
    """Resolved settings plus the folders and database URL the app actually uses."""

    settings: Settings
    config_dir: Path
    data_dir: Path
    db_url: str
    #: What loading settings.json dropped, one English line each (shown once at start).
    problems: list[str] = field(default_factory=list)
    #: The copy of a settings file that could not be used as it is.
    settings_kept_as: Path | None = None
    #: Where ``data_dir`` and ``db_url`` came from: :data:`COMMAND_LINE`,
    #: :data:`ENVIRONMENT`, :data:`FROM_SETTINGS`, :data:`DEFAULT` or :data:`CHOSEN` (in
    #: the safe-mode window), so that window can say what Settings can change.
    data_dir_from: str = DEFAULT
    db_url_from: str = DEFAULT

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def local_db_url(self) -> str:
        """The built-in SQLite database in the data folder."""
        return sqlite_url(self.data_dir / "anchordesk.db")

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
        """Create the data folders; :class:`DataFolderError` (one line) when that fails."""
        for path in (self.data_dir, self.recordings_dir, self.log_dir):
            try:
                path.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DataFolderError(
                    f"cannot use the data folder {self.data_dir}: {exc.strerror or exc}"
                ) from exc
        if not os.access(self.data_dir, os.W_OK):
            raise DataFolderError(f"cannot use the data folder {self.data_dir}: not writable")

    def use_local_database(self) -> None:
        """Use the built-in SQLite database from now on (the safe-mode window's way out).

        A database URL in the settings is cleared and saved; one from ``--db`` or
        ``ANCHORDESK_DB`` is ignored for this run. A failed save is logged: this run still
        uses the local database.
        """
        self.db_url, self.db_url_from = self.local_db_url, CHOSEN
        if self.settings.db_url:
            self.settings.db_url = ""
            self._save_logged()

    def use_default_data_folder(self) -> None:
        """Use the platform's data folder from now on (like :meth:`use_local_database`)."""
        local = self.db_url == self.local_db_url
        self.data_dir, self.data_dir_from = default_data_dir().expanduser().resolve(), CHOSEN
        if local:
            self.db_url = self.local_db_url
        if self.settings.data_dir:
            self.settings.data_dir = ""
            self._save_logged()

    def reload(self) -> None:
        """Read settings.json and the environment again, into this very object (code
        holding it sees the new values): after Settings were saved.

        The command line's folder and database stay, and so do the choices made with
        :meth:`use_local_database` / :meth:`use_default_data_folder`; the problems found
        at start stay listed.
        """
        keep_data = self.data_dir_from in (COMMAND_LINE, CHOSEN)
        fresh = load_config(
            data_dir=self.data_dir if keep_data else None,
            db_url=self.db_url if self.db_url_from == COMMAND_LINE else None,
        )
        if keep_data:
            fresh.data_dir_from = self.data_dir_from
        if self.db_url_from == CHOSEN:
            fresh.db_url, fresh.db_url_from = fresh.local_db_url, CHOSEN
        fresh.problems[:0] = [p for p in self.problems if p not in fresh.problems]
        fresh.settings_kept_as = fresh.settings_kept_as or self.settings_kept_as
        for f in fields(self):
            setattr(self, f.name, getattr(fresh, f.name))

    def _save_logged(self) -> None:
        try:
            self.save()
        except OSError as exc:
            log.warning("cannot save the settings in %s: %s", self.settings_file, exc)

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
    """Read settings; never raises (problems are logged; see :func:`read_settings`)."""
    loaded = read_settings(path)
    log_problems(loaded.problems)
    return loaded.settings


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.as_posix()}"


def _first(*candidates: tuple[str | None, str]) -> tuple[str, str]:
    """The first non-empty value and where it came from; ("", DEFAULT) when none."""
    for value, origin in candidates:
        if value:
            return value, origin
    return "", DEFAULT


def _folder(text: str) -> Path:
    """``text`` as an absolute folder; ValueError when it cannot be one."""
    try:
        return Path(text).expanduser().resolve()
    except (RuntimeError, ValueError, OSError) as exc:  # "~nobody/x", a NUL byte, a loop
        raise ValueError(str(exc).rstrip(".") or type(exc).__name__) from exc


def load_config(
    data_dir: str | os.PathLike[str] | None = None,
    db_url: str | None = None,
    *,
    log_settings_problems: bool = True,
) -> Config:
    """Resolve settings, folders and the database URL (see module docstring); never
    raises for what the settings file holds. ``log_settings_problems=False`` leaves the
    logging of :attr:`Config.problems` to the caller (the CLI, once logging is set up)."""
    env_config = os.environ.get("ANCHORDESK_CONFIG_DIR")
    config_dir = Path(env_config) if env_config else default_config_dir()
    loaded = read_settings(config_dir / "settings.json")
    settings, problems = loaded.settings, list(loaded.problems)
    data, data_from = _first(
        (os.fspath(data_dir) if data_dir else None, COMMAND_LINE),
        (os.environ.get("ANCHORDESK_DATA_DIR"), ENVIRONMENT),
        (settings.data_dir.strip(), FROM_SETTINGS),
    )
    try:
        data_path = _folder(data) if data else default_data_dir().expanduser().resolve()
    except ValueError as exc:
        problems.append(
            f"the data folder {_shown(data)} ({data_from}) cannot be used: {exc}; "
            "using the default folder"
        )
        data_path, data_from = default_data_dir().expanduser().resolve(), DEFAULT
    url, url_from = _first(
        (db_url, COMMAND_LINE),
        (os.environ.get("ANCHORDESK_DB"), ENVIRONMENT),
        (settings.db_url.strip(), FROM_SETTINGS),
    )
    config = Config(
        settings=settings,
        config_dir=config_dir,
        data_dir=data_path,
        db_url=url,
        problems=problems,
        settings_kept_as=loaded.kept_as,
        data_dir_from=data_from,
        db_url_from=url_from,
    )
    if not url:
        config.db_url = config.local_db_url
    if log_settings_problems:
        log_problems(problems)
    return config
