"""Safe start: a database or data folder that cannot be opened still opens a window.

The safe-mode dialog is driven as a person would (its buttons, the Settings dialog inside
it); the final window runners are replaced by recorders, so reaching them proves the app
carried on into the normal flow with a working store.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget

from app.cli import main
from app.config import Config, default_data_dir, load_config
from app.ui import app as ui_app
from app.ui import theme
from app.ui.dialogs import safe_mode
from app.ui.dialogs.safe_mode import SafeModeDialog
from app.ui.dialogs.settings import SettingsDialog
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

BAD_PG = "postgresql+psycopg://x:secret@127.0.0.1:1/none"


@pytest.fixture(autouse=True)
def restore_look(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    """The safe start applies the theme app-wide and may open windows: undo both."""
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    look = (qapp.style().name(), qapp.styleSheet(), qapp.font(), qapp.palette())
    yield
    qapp.setStyleSheet(look[1])
    qapp.setStyle(look[0])
    qapp.setPalette(look[3])
    qapp.setFont(look[2])
    theme._colors = None


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The live and demo window runners, replaced: what they were given."""
    calls: list[dict[str, Any]] = []

    def live(config: Config, store: Any, build: Any, **kwargs: Any) -> int:
        calls.append({"runner": "live", "db_url": store.url, "config": config, **kwargs})
        return 0

    def demo(factory: Any, **kwargs: Any) -> int:
        calls.append({"runner": "demo", **kwargs})
        return 0

    monkeypatch.setattr(ui_app, "run_live_gui", live)
    monkeypatch.setattr(ui_app, "run_gui", demo)
    return calls


def save_settings(**values: Any) -> Config:
    cfg = load_config()
    for name, value in values.items():
        setattr(cfg.settings, name, value)
    cfg.save()
    return cfg


def when_shown(kind: type[QWidget], then: Callable[[Any], None], seen: list[str]) -> None:
    """Once a visible ``kind`` window exists (a modal exec runs), call ``then`` on it."""

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible():
                if isinstance(widget, SafeModeDialog):
                    seen.append(widget.message.text())
                then(widget)
                return
        QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)


def test_bad_database_in_settings_opens_safe_mode_then_the_show_picker(
    recorded: list[dict[str, Any]],
) -> None:
    cfg = save_settings(db_url="nope://", first_run_done=True)
    seen: list[str] = []
    notes: list[tuple[str, bool, str]] = []

    def use_local(dialog: SafeModeDialog) -> None:
        notes.append(
            (dialog.heading.text(), dialog.origin.isVisible(), dialog.fallback_button.text())
        )
        dialog.fallback_button.click()

    when_shown(SafeModeDialog, use_local, seen)
    assert main(["live"]) == 0
    assert seen and seen[0].startswith("unsupported database URL nope://")
    assert notes == [("AnchorDesk cannot open its database.", False, "Use the local database")]
    assert [c["runner"] for c in recorded] == ["live"]
    assert recorded[0]["db_url"] == cfg.local_db_url
    saved = json.loads(cfg.settings_file.read_text(encoding="utf-8"))
    assert saved["db_url"] == ""  # the next start opens normally


def test_demo_window_after_the_local_database(recorded: list[dict[str, Any]]) -> None:
    save_settings(db_url=BAD_PG)
    seen: list[str] = []
    when_shown(SafeModeDialog, lambda d: d.fallback_button.click(), seen)
    assert main(["demo"]) == 0
    assert "Connection refused" in seen[0] and "\n" not in seen[0] and "secret" not in seen[0]
    assert [c["runner"] for c in recorded] == ["demo"]


def test_open_settings_fixes_the_url_and_carries_on(
    recorded: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = save_settings(db_url="nope://", first_run_done=True)
    good = f"sqlite:///{(cfg.data_dir / 'team.db').as_posix()}"

    def fake_devices_dialog(config: Config, parent: QWidget) -> SettingsDialog:
        dialog = SettingsDialog(config, parent, cameras=list, microphones=list)
        dialog.show_page("data")
        return dialog

    def fix(dialog: SettingsDialog) -> None:
        dialog.set_value("db_url", good)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    def open_settings(dialog: SafeModeDialog) -> None:
        when_shown(SettingsDialog, fix, [])
        dialog.settings_button.click()

    monkeypatch.setattr(safe_mode, "settings_dialog", fake_devices_dialog)
    when_shown(SafeModeDialog, open_settings, [])
    assert main(["live"]) == 0
    assert recorded[0]["db_url"] == good
    assert load_config().settings.db_url == good


def test_quit_opens_nothing(recorded: list[dict[str, Any]]) -> None:
    save_settings(db_url="nope://", first_run_done=True)
    when_shown(SafeModeDialog, lambda d: d.quit_button.click(), [])
    assert main(["live"]) == 1
    assert recorded == []


def test_try_again_shows_the_new_reason(qtbot, config: Config) -> None:
    attempts: list[str] = []

    def opener(cfg: Config) -> Any:
        attempts.append(cfg.db_url)
        raise OSError(f"still down (attempt {len(attempts)})")

    config.db_url, config.db_url_from = BAD_PG, "command line"
    dialog = SafeModeDialog(config, OSError("down"), opener)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "--db" in dialog.origin.text() and dialog.origin.isVisible()
    dialog.retry_button.click()
    assert dialog.message.text() == "still down (attempt 1)" and dialog.isVisible()
    dialog.fallback_button.click()  # the local database, even over --db
    assert attempts == [BAD_PG, config.local_db_url]
    assert not dialog.fallback_button.isEnabled()  # already the local one
    dialog.reject()


def test_data_folder_that_cannot_be_made_offers_the_default(
    recorded: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("ANCHORDESK_DATA_DIR", str(blocker / "data"))
    save_settings(first_run_done=True)
    seen: list[str] = []
    texts: list[tuple[str, str, bool]] = []

    def use_default(dialog: SafeModeDialog) -> None:
        texts.append(
            (dialog.heading.text(), dialog.fallback_button.text(), dialog.origin.isVisible())
        )
        dialog.fallback_button.click()

    when_shown(SafeModeDialog, use_default, seen)
    assert main(["live"]) == 0
    assert seen[0].startswith(f"cannot use the data folder {blocker / 'data'}")
    assert texts == [
        ("AnchorDesk cannot use its data folder.", "Use the default data folder", True)
    ]
    default = default_data_dir().resolve()
    assert recorded[0]["config"].data_dir == default
    assert recorded[0]["db_url"] == f"sqlite:///{(default / 'anchordesk.db').as_posix()}"


def test_broken_settings_are_listed_once_with_the_window(engine, monkeypatch) -> None:
    boxes: list[tuple[str, str]] = []

    def check_then_close() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.objectName() == "settingsProblems":
                boxes.append((widget.text(), widget.informativeText()))
                widget.close()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                widget.close()

    QTimer.singleShot(100, check_then_close)
    problems = ['setting record_video = "false": must be true or false; using the default']
    kept = Path("/cfg/settings.json.broken-20250101-120000")
    assert ui_app.run_gui(lambda: engine, problems=problems, kept_as=kept) == 0
    assert len(boxes) == 1
    assert boxes[0][0] == "Some settings could not be read; AnchorDesk uses their default values."
    assert problems[0] in boxes[0][1] and str(kept) in boxes[0][1]
