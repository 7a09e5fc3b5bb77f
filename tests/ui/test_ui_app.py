"""Start-up: run_gui's happy and failure paths, theme and font loading with fallbacks."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from app.paths import FONTS, THEME
from app.ui import theme
from app.ui.app import run_gui
from app.ui.gc_guard import GuiThreadGarbageCollector
from app.ui.main_window import MainWindow

if TYPE_CHECKING:
    from tests.ui.conftest import FakeEngine

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def restore_look(qapp: QApplication) -> Iterator[QApplication]:
    """apply_theme changes app-wide state: put it back so other tests see the defaults."""
    style, sheet, font, palette = (
        qapp.style().name(),
        qapp.styleSheet(),
        qapp.font(),
        qapp.palette(),
    )
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setFont(font)
    theme._colors = None


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a: shown.append(text))
    return shown


@pytest.fixture
def user_settings(tmp_path: Path) -> None:
    """run_gui uses the default QSettings: keep them in tmp."""
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))


def close_windows_soon() -> None:
    """Close the window once the loop runs; closing the last window ends exec().

    No extra QApplication.quit(): its Quit event would outlive this exec() and make every
    later QEventLoop (qtbot.wait*) return at once.
    """

    def close() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                widget.close()

    QTimer.singleShot(50, close)


def test_run_gui_starts_and_stops_the_engine(
    restore_look: QApplication, user_settings: None, engine: FakeEngine
) -> None:
    close_windows_soon()
    assert run_gui(lambda: engine, argv=["anchordesk"]) == 0
    assert (engine.start_calls, engine.stop_calls) == (1, 1)
    assert restore_look.applicationName() == "AnchorDesk"
    assert restore_look.organizationName() == "AnchorDesk"


def test_run_gui_explains_a_failing_engine(restore_look: QApplication, messages: list[str]) -> None:
    def broken() -> FakeEngine:
        raise OSError("demo bundle not found: /nowhere")

    assert run_gui(broken) == 1
    assert len(messages) == 1
    assert "could not prepare the session" in messages[0]
    assert "demo bundle not found" in messages[0]


def test_run_gui_stops_an_engine_that_fails_to_start(
    restore_look: QApplication, messages: list[str], engine: FakeEngine
) -> None:
    def fail() -> None:
        raise RuntimeError("camera busy")

    engine.start = fail  # type: ignore[method-assign]
    assert run_gui(lambda: engine) == 1
    assert engine.stop_calls == 1
    assert "camera busy" in messages[0]


def test_palette_falls_back_per_entry(tmp_path: Path) -> None:
    path = tmp_path / "palette.json"
    assert theme.load_palette(path) == {}
    path.write_text("{not json", encoding="utf-8")
    assert theme.load_palette(path) == {}
    path.write_text(json.dumps({"accent": "#123456", "ok": "green-ish", "warn": 3}), "utf-8")
    assert theme.load_palette(path) == {"accent": "#123456"}
    colors = theme.ThemeColors(theme.load_palette(path))
    assert colors.hex("accent") == "#123456"
    assert colors.hex("ok") == theme.DEFAULT_COLORS["ok"]
    assert colors["no-such-key"] == colors["text"]


def test_theme_without_resources_uses_defaults(restore_look: QApplication, tmp_path: Path) -> None:
    colors = theme.apply_theme(restore_look, fonts_dir=tmp_path / "none", theme_dir=tmp_path)
    assert colors.hex("accent") == theme.DEFAULT_COLORS["accent"]
    assert "QFrame#card" in restore_look.styleSheet()
    window_color = restore_look.palette().color(QPalette.ColorRole.Window)
    assert window_color.name() == theme.DEFAULT_COLORS["background"]
    assert theme.colors() is colors


@pytest.mark.skipif(not (THEME / "dark.qss").is_file(), reason="theme not built yet")
def test_bundled_theme_and_font(restore_look: QApplication) -> None:
    theme.apply_theme(restore_look)
    assert restore_look.styleSheet() == (THEME / "dark.qss").read_text(encoding="utf-8")
    if any(FONTS.glob("*.otf")):
        assert restore_look.font().family() == theme.UI_FONT_FAMILY


def test_gc_guard_collects_on_the_gui_thread_and_restores() -> None:
    was_enabled = gc.isenabled()
    gc.enable()
    guard = GuiThreadGarbageCollector(interval_ms=60_000)
    try:
        assert not gc.isenabled()
        for _ in range(2_000):
            cycle: list[object] = []
            cycle.append(cycle)
        del cycle
        assert guard.check() >= 2_000
    finally:
        guard.close()
    assert gc.isenabled()
    if not was_enabled:
        gc.disable()
