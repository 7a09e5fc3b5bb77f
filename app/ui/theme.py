"""Fonts, colours and the stylesheet, loaded once at start-up.

The theme files are produced separately (``resources/theme``, ``resources/fonts``); every
loader here falls back to built-in defaults with one log line, because a missing or
broken theme file must never stop a host from going live.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QDir
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from app.paths import FONTS, THEME

log = logging.getLogger("app.ui.theme")

#: Family name of the bundled CJK font (resources/fonts/*.otf).
UI_FONT_FAMILY = "AnchorDesk Sans SC"
UI_FONT_POINT_SIZE = 10
#: Emoji fonts tried, in order, for what the UI font lacks: Windows, macOS, most Linux
#: desktops, then the small colour subset shipped in resources/fonts (a Linux without
#: emoji fonts). Qt falls back through a font's families list glyph by glyph.
EMOJI_FAMILIES = ("Segoe UI Emoji", "Apple Color Emoji", "Noto Color Emoji", "AnchorDesk Emoji")
FONT_SUFFIXES = frozenset({".otf", ".ttf", ".ttc"})

#: Colours used until resources/theme/palette.json exists (same keys).
DEFAULT_COLORS: dict[str, str] = {
    "background": "#1e1f22",
    "surface": "#2b2d31",
    "surface_alt": "#34363c",
    "border": "#3d4046",
    "text": "#e6e6e6",
    "muted": "#9a9ca3",
    "accent": "#ff4d6d",
    "accent_text": "#ffffff",
    "selection": "#1d6f7a",
    "focus": "#2cc4d4",
    "info": "#4dabf7",
    "ok": "#3ecf8e",
    "warn": "#f5b942",
    "error": "#f2555a",
    "pos": "#3ecf8e",
    "neu": "#8f96a3",
    "neg": "#f2555a",
    "question": "#4dabf7",
    "purchase": "#ff922b",
    "complaint": "#ff6b6b",
    "praise": "#b197fc",
    "spam": "#6b6f78",
}


class ThemeColors:
    """The palette as QColors, looked up by key (unknown keys read as ``text``)."""

    def __init__(self, hex_by_key: Mapping[str, str] | None = None) -> None:
        self._hex = {**DEFAULT_COLORS, **(hex_by_key or {})}
        self._qcolors = {key: QColor(value) for key, value in self._hex.items()}

    def __getitem__(self, key: str) -> QColor:
        return self._qcolors.get(key) or self._qcolors["text"]

    def hex(self, key: str) -> str:
        """The colour as written in the palette, for rich text and stylesheets."""
        return self._hex.get(key, self._hex["text"])


_colors: ThemeColors | None = None


def colors() -> ThemeColors:
    """The active palette; the defaults until :func:`apply_theme` ran."""
    global _colors
    if _colors is None:
        _colors = ThemeColors()
    return _colors


def load_palette(path: Path) -> dict[str, str]:
    """Read ``palette.json``; keep only valid colours so one typo costs one colour."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        log.info("no palette at %s; using the built-in colours", path)
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        log.warning("cannot read palette %s (%s); using the built-in colours", path, exc)
        return {}
    if not isinstance(raw, dict):
        log.warning("palette %s is not a JSON object; using the built-in colours", path)
        return {}
    valid = {k: v for k, v in raw.items() if isinstance(v, str) and QColor.isValidColorName(v)}
    if len(valid) != len(raw):
        log.warning("palette %s: ignored invalid entries %s", path, sorted(set(raw) - set(valid)))
    return valid


def load_fonts(folder: Path) -> list[str]:
    """Register every bundled font file; return the families they provide."""
    if not folder.is_dir():
        log.info("no font folder at %s; using system fonts", folder)
        return []
    families: list[str] = []
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("cannot load font %s", path)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families


def ui_font(families: list[str]) -> QFont | None:
    """The bundled CJK UI font when it was loaded, so 中文 never falls back to boxes,
    followed by the emoji fonts (:data:`EMOJI_FAMILIES`), so 😍 in a comment is no box."""
    if UI_FONT_FAMILY not in families:
        log.info("font family %r not bundled; using the system font", UI_FONT_FAMILY)
        return None
    font = QFont(UI_FONT_FAMILY, UI_FONT_POINT_SIZE)
    font.setFamilies([UI_FONT_FAMILY, *EMOJI_FAMILIES])
    return font


def dark_palette(theme: ThemeColors) -> QPalette:
    """A Fusion palette in the theme's colours, so unstyled widgets match the QSS."""
    pal = QPalette()
    role = QPalette.ColorRole
    for r, key in (
        (role.Window, "background"),
        (role.Base, "surface"),
        (role.AlternateBase, "surface_alt"),
        (role.Button, "surface"),
        (role.ToolTipBase, "surface"),
        (role.WindowText, "text"),
        (role.Text, "text"),
        (role.ButtonText, "text"),
        (role.ToolTipText, "text"),
        (role.PlaceholderText, "muted"),
        (role.Highlight, "selection"),
        (role.Link, "accent"),
        (role.BrightText, "error"),
    ):
        pal.setColor(r, theme[key])
    pal.setColor(role.HighlightedText, QColor("#ffffff"))
    for r in (role.WindowText, role.Text, role.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, r, theme["muted"])
    return pal


def fallback_stylesheet(theme: ThemeColors) -> str:
    """Styles for the object-name hooks, used only while dark.qss is missing.

    The on-air badge is disabled while nothing is on air, as dark.qss expects.
    """
    warn = theme["warn"]
    return f"""
QFrame#card {{
    background: {theme.hex("surface")}; border: 1px solid {theme.hex("border")};
    border-radius: 8px;
}}
QLabel#kpiTitle {{ color: {theme.hex("muted")}; }}
QLabel#kpiValue {{ color: {theme.hex("text")}; font-size: 18pt; font-weight: 600; }}
QLabel#banner {{
    background: rgba({warn.red()}, {warn.green()}, {warn.blue()}, 40);
    border-left: 3px solid {theme.hex("warn")}; padding: 4px 8px;
}}
QLabel#onAirBadge {{
    background: {theme.hex("accent")}; color: #ffffff; border-radius: 4px;
    padding: 3px 8px; font-weight: 600;
}}
QLabel#onAirBadge:disabled {{
    background: {theme.hex("surface")}; color: {theme.hex("muted")};
}}
QLabel#clock {{ font-weight: 600; padding: 0 8px; }}
"""


def load_stylesheet(path: Path, theme: ThemeColors) -> str:
    """The shipped QSS, or the built-in fallback when it is missing or unreadable."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        log.info("no stylesheet at %s; using the built-in one", path)
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("cannot read stylesheet %s (%s); using the built-in one", path, exc)
    return fallback_stylesheet(theme)


def apply_theme(
    app: QApplication, *, fonts_dir: Path = FONTS, theme_dir: Path = THEME
) -> ThemeColors:
    """Fusion + dark palette + QSS + bundled font on ``app``; returns the active colours."""
    global _colors, _stylesheet, _base_font
    QDir.addSearchPath("theme", str(theme_dir))  # dark.qss refers to url(theme:icons/...)
    _colors = ThemeColors(load_palette(theme_dir / "palette.json"))
    font = ui_font(load_fonts(fonts_dir))
    if font is not None:
        app.setFont(font)
    _base_font = QFont(app.font())
    app.setStyle("Fusion")
    app.setPalette(dark_palette(_colors))
    _stylesheet = load_stylesheet(theme_dir / "dark.qss", _colors)
    app.setStyleSheet(_stylesheet)
    _text_percent[0] = 100
    return _colors


_stylesheet: str | None = None
_base_font: QFont | None = None
_text_percent = [100]
_FONT_SIZE = re.compile(r"(font-size\s*:\s*)(\d+(?:\.\d+)?)(px|pt)")


def scaled_stylesheet(qss: str, factor: float) -> str:
    """``qss`` with every ``font-size`` multiplied by ``factor`` (px stay whole pixels)."""

    def scale(match: re.Match[str]) -> str:
        size = float(match.group(2)) * factor
        text = str(round(size)) if match.group(3) == "px" else f"{size:.1f}"
        return f"{match.group(1)}{text}{match.group(3)}"

    return _FONT_SIZE.sub(scale, qss)


def text_percent() -> int:
    """The text size in use, in percent of the theme's (see :func:`set_text_size`)."""
    return _text_percent[0]


def set_text_size(app: QApplication, percent: int) -> bool:
    """Scale the UI font and the stylesheet's font sizes to ``percent`` of the theme's.

    The host reads the live window from a distance (Settings ▸ text size). Widgets take
    the new font at once; a window lays itself out again. Returns whether it changed.
    """
    global _stylesheet, _base_font
    percent = max(50, min(300, int(percent)))
    if percent == _text_percent[0]:
        return False
    if _base_font is None or _stylesheet is None:  # no apply_theme: scale what there is
        _base_font, _stylesheet = QFont(app.font()), app.styleSheet()
    _text_percent[0] = percent
    factor = percent / 100
    font = QFont(_base_font)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    else:
        font.setPixelSize(max(8, round(font.pixelSize() * factor)))
    app.setFont(font)
    app.setStyleSheet(scaled_stylesheet(_stylesheet, factor))
    return True


def scaled_font(base: QFont, factor: float, *, bold: bool = False) -> QFont:
    """``base`` scaled by ``factor``, whether its size was set in points or pixels."""
    font = QFont(base)
    if font.pointSizeF() > 0:
        font.setPointSizeF(max(6.0, font.pointSizeF() * factor))
    else:
        font.setPixelSize(max(8, round(font.pixelSize() * factor)))
    font.setBold(bold)
    return font
