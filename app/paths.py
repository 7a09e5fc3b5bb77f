"""Locations of files shipped with the app (works from a checkout and when frozen)."""

from __future__ import annotations

import sys
from pathlib import Path


def app_root() -> Path:
    """The folder that holds ``resources/`` and ``models/``."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


RESOURCES = app_root() / "resources"
MODELS = app_root() / "models"
DEMO_BUNDLE = RESOURCES / "demo"
FONTS = RESOURCES / "fonts"
THEME = RESOURCES / "theme"
LEXICONS = RESOURCES / "lexicons"
