"""What the settings editor knows about each field, and which values cannot be saved.

Derived from the :class:`app.config.Settings` dataclass and its field metadata (page,
choices, range, editor, live or restart), so a new field gets an editor and the generic
checks without further code. Qt-free: the settings dialog and the first-run wizard build
their widgets from it, and anything else (a future CLI, tests) can validate the same way.

Problem texts are English templates with ``{placeholders}``; the UI translates the
template in the ``SettingsDialog`` context before filling it in, which is why each one is
marked with :func:`QT_TRANSLATE_NOOP` (tools/update_translations.py scans this file too).
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.config import Settings

#: Pages in the order shown; a field with another or no group goes to "More" ("").
GROUPS: tuple[str, ...] = (
    "general",
    "devices",
    "video",
    "speech",
    "show",
    "server",
    "data",
    "obs",
    "",
)
INT_RANGE = (0, 1_000_000)
FLOAT_RANGE = (0.0, 1_000_000.0)
#: The translation context of every problem text (spelled out in each marker: lupdate reads
#: literals only).
CONTEXT = "SettingsDialog"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for the UI's translation catalogue; returns it unchanged (no Qt here)."""
    return text


@dataclass(frozen=True)
class FieldSpec:
    """One Settings field as an editor sees it (from the dataclass field and metadata)."""

    name: str
    title: str
    group: str
    kind: type
    default: Any
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    editor: str = ""
    file_filter: str = ""
    live: bool = False
    hidden: bool = False

    @property
    def bounds(self) -> tuple[float, float]:
        low, high = FLOAT_RANGE if self.kind is float else INT_RANGE
        if self.minimum is None and isinstance(self.default, int | float) and self.default < 0:
            low = -high
        return (
            low if self.minimum is None else self.minimum,
            high if self.maximum is None else self.maximum,
        )


def field_specs() -> list[FieldSpec]:
    """Every Settings field in declaration order."""
    defaults = Settings()
    specs = []
    for f in dataclasses.fields(Settings):
        meta = f.metadata
        default = getattr(defaults, f.name)
        group = str(meta.get("group", ""))
        specs.append(
            FieldSpec(
                name=f.name,
                title=str(meta.get("title", f.name)),
                group=group if group in GROUPS else "",
                kind=type(default),
                default=default,
                choices=tuple(meta.get("choices", ())),
                minimum=meta.get("minimum"),
                maximum=meta.get("maximum"),
                editor=str(meta.get("editor", "")),
                file_filter=str(meta.get("filter", "")),
                live=meta.get("apply") == "live",
                hidden=bool(meta.get("hidden", False)),
            )
        )
    return specs


@dataclass(frozen=True)
class Problem:
    """A value that cannot be saved, and why (for the person, not the log)."""

    name: str
    template: str  # English; the UI translates it, then fills in ``params``
    params: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def message(self) -> str:
        return self.template.format(**self.params) if self.params else self.template


def folder_problem(text: str) -> Problem | None:
    """Why ``text`` cannot be the data folder (None: it exists and is writable, or can be made)."""
    try:
        path = Path(text).expanduser()
        path.exists()  # a NUL byte fails here
    except (RuntimeError, ValueError):  # "~nobody/...": no such user's home
        return Problem(
            "data_dir",
            QT_TRANSLATE_NOOP("SettingsDialog", "{path} cannot be used as a folder"),
            {"path": text},
        )
    if path.exists():
        if not path.is_dir():
            return Problem(
                "data_dir",
                QT_TRANSLATE_NOOP("SettingsDialog", "{path} is a file, not a folder"),
                {"path": path},
            )
        if not os.access(path, os.W_OK):
            return Problem(
                "data_dir",
                QT_TRANSLATE_NOOP("SettingsDialog", "{path} is not writable"),
                {"path": path},
            )
        return None
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir() or not os.access(parent, os.W_OK):
        return Problem(
            "data_dir",
            QT_TRANSLATE_NOOP(
                "SettingsDialog", "{path} cannot be created (no permission to write in {parent})"
            ),
            {"path": path, "parent": parent},
        )
    return None


def _check_specific(s: Settings) -> list[Problem]:
    """Checks that need more than a type and a range."""
    problems: list[Problem] = []
    add = problems.append
    if s.data_dir.strip():
        problem = folder_problem(s.data_dir.strip())
        if problem:
            add(problem)
    if s.db_url.strip():
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            make_url(s.db_url.strip())
        except ArgumentError:
            add(
                Problem(
                    "db_url",
                    QT_TRANSLATE_NOOP(
                        "SettingsDialog",
                        "not a database URL (examples: sqlite:////path/to/file.db, "
                        "postgresql+psycopg://user@host/db); leave it empty for the built-in "
                        "database",
                    ),
                )
            )
    if s.overlay_background == "replace" and not s.overlay_background_image.strip():
        add(
            Problem(
                "overlay_background_image",
                QT_TRANSLATE_NOOP(
                    "SettingsDialog",
                    "choose an image to replace the background with (or pick Blur)",
                ),
            )
        )
    if s.compliance_lexicon.strip():
        from app.speech.compliance import Lexicon, LexiconError

        try:
            Lexicon.load(Path(s.compliance_lexicon.strip()).expanduser())
        except LexiconError as exc:
            add(Problem("compliance_lexicon", str(exc)))
    host = s.server_host.strip()
    if not host:
        add(Problem("server_host", QT_TRANSLATE_NOOP("SettingsDialog", "enter an address")))
    else:
        from app.server.source import is_loopback

        if not s.server_allow_remote and not is_loopback(host):
            add(
                Problem(
                    "server_host",
                    QT_TRANSLATE_NOOP(
                        "SettingsDialog",
                        "{host} lets other machines connect: tick “Allow a non-loopback "
                        "server_host” first, or use 127.0.0.1",
                    ),
                    {"host": host},
                )
            )
    return problems


#: Why a value read from a file does not have its field's type. Plain English: these
#: reach the person through ``Config.problems`` (the dialog's editors are always typed).
TYPE_TEXTS: dict[type, str] = {
    bool: "must be true or false",
    int: "must be a whole number",
    float: "must be a finite number",
    str: "must be text",
}
UNSTORABLE_TEXT = "holds characters that cannot be stored (NUL or a lone surrogate)"


def _type_problem(spec: FieldSpec, value: Any) -> str | None:
    """Whether ``value`` can be this field's value: only true/false for a bool (never
    "false" or 0), a whole number for an int (2.0 too), a finite number for a float."""
    if spec.kind is bool:
        ok = isinstance(value, bool)
    elif isinstance(value, bool):
        ok = False
    elif spec.kind is int:
        ok = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    elif spec.kind is float:
        ok = isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))
    elif spec.kind is str and isinstance(value, str):
        return None if _storable(value) else UNSTORABLE_TEXT
    else:
        ok = isinstance(value, spec.kind)
    return None if ok else TYPE_TEXTS.get(spec.kind, f"must be of type {spec.kind.__name__}")


def _storable(text: str) -> bool:
    """Text that a path, the JSON file (UTF-8) and Qt can all take."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _range_or_choice_problem(spec: FieldSpec, value: Any) -> Problem | None:
    if spec.kind in (int, float) and not isinstance(value, bool):
        low, high = spec.bounds
        if not low <= value <= high:
            template = QT_TRANSLATE_NOOP("SettingsDialog", "must be between {low} and {high}")
            return Problem(spec.name, template, {"low": low, "high": high})
    if spec.choices and value not in spec.choices:
        template = QT_TRANSLATE_NOOP("SettingsDialog", "must be one of: {choices}")
        return Problem(spec.name, template, {"choices": ", ".join(spec.choices)})
    return None


def value_problem(spec: FieldSpec, value: Any) -> Problem | None:
    """What is wrong with ``value`` read from a file for this field: its type, range or
    choices (None: ``spec.kind(value)`` is a valid value).

    Files named by the value are not looked at: a missing background image or lexicon is
    reported where it is used, and must not reset what the person chose.
    """
    reason = _type_problem(spec, value)
    if reason is not None:
        return Problem(spec.name, reason)
    return _range_or_choice_problem(spec, value)  # before any float(): 10**400 overflows


def _check_generic(spec: FieldSpec, value: Any) -> Problem | None:
    problem = _range_or_choice_problem(spec, value)
    if problem is not None:
        return problem
    if spec.editor == "file" and str(value).strip():
        path = Path(str(value).strip())
        try:
            found = path.expanduser().is_file()
        except (RuntimeError, ValueError):  # "~nobody/...", a NUL byte
            found = False
        if not found:
            template = QT_TRANSLATE_NOOP("SettingsDialog", "file not found: {path}")
            return Problem(spec.name, template, {"path": path})
    return None


def validate(settings: Settings, specs: Sequence[FieldSpec] | None = None) -> list[Problem]:
    """Everything wrong with ``settings``, at most one problem per field, in field order."""
    specs = list(specs) if specs is not None else field_specs()
    problems: dict[str, Problem] = {}
    for spec in specs:
        problem = _check_generic(spec, getattr(settings, spec.name))
        if problem:
            problems[spec.name] = problem
    for problem in _check_specific(settings):
        problems.setdefault(problem.name, problem)
    order = {spec.name: i for i, spec in enumerate(specs)}
    return sorted(problems.values(), key=lambda p: order.get(p.name, len(order)))


@dataclass(frozen=True)
class Estimate:
    """A line the settings editor shows under a field: an English template (translated in
    the ``SettingsDialog`` context) and its values."""

    template: str
    values: dict[str, Any]

    @property
    def message(self) -> str:
        return self.template.format(**self.values)


def recording_estimate(settings: Settings, free_bytes: int | None = None) -> Estimate:
    """What video recording takes an hour at the chosen size, and how many hours fit in
    ``free_bytes`` (the data folder's free space, when known) above the disk guard's
    1 GB margin. Shown beside *Record the program video* and *Recording size*."""
    from app.vision.recorder import profile

    per_hour = profile(settings.record_video_size).bytes_per_hour
    values: dict[str, Any] = {
        "size": settings.record_video_size,
        "per_hour": f"{per_hour / 1e9:.1f} GB",
    }
    if free_bytes is None:
        template = QT_TRANSLATE_NOOP(
            "SettingsDialog", "Video at {size} takes at most about {per_hour} per hour."
        )
        return Estimate(template, values)
    values["hours"] = f"{max(0.0, (free_bytes - (1 << 30)) / per_hour):.0f}"
    template = QT_TRANSLATE_NOOP(
        "SettingsDialog",
        "Video at {size} takes at most about {per_hour} per hour; the free space holds "
        "about {hours} hours.",
    )
    return Estimate(template, values)
