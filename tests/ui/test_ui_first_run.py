"""First-run wizard: demo and live paths write the expected settings; when it is shown."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app import cli
from app.config import Config, load_config
from app.ui.dialogs.first_run import FirstRunWizard
from app.ui.settings.devices import CameraInfo

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    ".*(multimedia|audio|pulse|PulseAudio|pipewire|ALSA|FFmpeg).*",
)

CAMERAS = [CameraInfo(2, "USB Capture HDMI", ((1920, 1080, 60.0), (1280, 720, 60.0)))]


def make_wizard(qtbot: QtBot, config: Config, cameras: list[CameraInfo]) -> FirstRunWizard:
    wizard = FirstRunWizard(
        config, cameras=lambda: cameras, microphones=lambda: [("3", "3: USB lavalier")]
    )
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


@pytest.fixture
def no_camera_wizard(qtbot: QtBot, config: Config) -> Iterator[FirstRunWizard]:
    wizard = make_wizard(qtbot, config, [])
    yield wizard
    wizard.done(0)


def test_demo_path_writes_the_expected_settings(
    no_camera_wizard: FirstRunWizard, config: Config, tmp_path: Path
) -> None:
    wizard = no_camera_wizard
    assert wizard.devices.demo.isChecked(), "no camera found: the demo is offered first"
    assert not wizard.devices.devices.isEnabled()
    wizard.welcome.language.set_value("en")
    wizard.next()
    wizard.next()
    wizard.next()
    assert wizard.currentPage() is wizard.data
    wizard.data.folder.set_value(str(tmp_path / "shows"))
    wizard.accept()
    assert wizard.mode == "demo"
    raw = json.loads(config.settings_file.read_text(encoding="utf-8"))
    assert raw["version"] == 2
    assert raw["first_run_done"] is True
    assert (raw["language"], raw["data_dir"], raw["speech_model"]) == (
        "en",
        str(tmp_path / "shows"),
        "",
    )
    assert (raw["camera_device"], raw["mic_device"]) == (0, "")  # devices untouched
    reread = load_config()
    assert reread.settings.first_run_done
    assert reread.settings.language == "en"


def test_live_path_stores_camera_size_and_microphone(qtbot: QtBot, config: Config) -> None:
    wizard = make_wizard(qtbot, config, CAMERAS)
    assert wizard.devices.live.isChecked()
    wizard.next()
    wizard.devices.camera.set_value(2)
    wizard.devices.camera.choose_format(0)
    mic = wizard.devices.microphone
    qtbot.waitUntil(lambda: mic.combo.count() == 2, timeout=5_000)
    mic.combo.setCurrentIndex(1)
    wizard.accept()
    assert wizard.mode == "live"
    s = load_config().settings
    assert (s.camera_device, s.camera_width, s.camera_height, s.camera_fps) == (
        2,
        1920,
        1080,
        60.0,
    )
    assert s.mic_device == "3"
    assert s.first_run_done
    wizard.done(0)


def test_data_page_refuses_an_unusable_folder(
    no_camera_wizard: FirstRunWizard, config: Config, tmp_path: Path
) -> None:
    wizard = no_camera_wizard
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    wizard.data.folder.set_value(str(tmp_path / "a-file"))
    assert not wizard.data.validatePage()
    assert "is a file, not a folder" in wizard.data.error.text()
    wizard.accept()
    assert wizard.isVisible()
    assert not config.settings_file.exists()
    wizard.data.folder.set_value("")
    assert wizard.data.validatePage()
    assert wizard.data.error.text() == ""


def test_a_failed_save_keeps_the_wizard_open_and_the_old_settings(
    no_camera_wizard: FirstRunWizard, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))

    def disk_full(self: Config) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Config, "save", disk_full)
    no_camera_wizard.welcome.language.set_value("zh_CN")
    no_camera_wizard.accept()
    assert no_camera_wizard.isVisible()
    assert "No space left on device" in shown[0]
    assert config.settings.language == "auto"
    assert not config.settings.first_run_done


def test_cancel_writes_nothing(no_camera_wizard: FirstRunWizard, config: Config) -> None:
    no_camera_wizard.welcome.language.set_value("zh_CN")
    no_camera_wizard.reject()
    assert not config.settings_file.exists()
    assert cli.wants_first_run(load_config())  # asked again next time


def test_when_the_wizard_is_wanted(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli.wants_first_run(config), "isolated dirs look like a first run"
    monkeypatch.setenv(cli.NO_FIRST_RUN_ENV, "1")
    assert not cli.wants_first_run(config)
    assert cli.wants_first_run(config, force=True)
    monkeypatch.delenv(cli.NO_FIRST_RUN_ENV)
    config.settings.first_run_done = True
    config.save()
    assert not cli.wants_first_run(load_config())


def test_a_settings_file_from_version_1_means_setup_was_done(config: Config) -> None:
    config.config_dir.mkdir(parents=True, exist_ok=True)
    config.settings_file.write_text(json.dumps({"version": 1, "demo_speed": 2.0}), "utf-8")
    settings = load_config().settings
    assert settings.first_run_done
    assert settings.demo_speed == 2.0


def test_run_first_run_shows_the_wizard_and_returns_the_choice(
    qapp: Any, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.ui import app as ui_app
    from app.ui import theme

    monkeypatch.setattr(ui_app, "apply_theme", lambda _qapp: None)  # keep the suite's look
    monkeypatch.setattr(theme, "_colors", None)
    config.settings.language = "en"
    seen: list[str] = []

    def finish() -> None:
        wizard = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, FirstRunWizard) and w.isVisible()
        )
        seen.append(wizard.windowTitle())
        wizard.devices.demo.setChecked(True)
        wizard.accept()

    QTimer.singleShot(0, finish)
    assert ui_app.run_first_run(config) == "demo"
    assert seen == ["AnchorDesk setup"]
    assert load_config().settings.first_run_done


def _record(calls: list[Any], name: str, result: Any) -> Any:
    def fake(*args: Any, **kwargs: Any) -> Any:
        calls.append((name, args[0] if args else None))
        return result

    return fake


def test_first_gui_start_runs_the_wizard_then_the_demo(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[Any] = []
    monkeypatch.setattr("app.ui.app.run_first_run", _record(calls, "wizard", "demo"))
    monkeypatch.setattr(cli, "cmd_demo", _record(calls, "demo", 0))
    monkeypatch.setattr("app.ui.app.run_live_gui", _record(calls, "live", 0))
    assert cli.main([]) == 0
    assert [name for name, _ in calls] == ["wizard", "demo"]
    assert calls[1][1].headless is False


def test_gui_start_after_setup_opens_the_live_window_directly(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    config.settings.first_run_done = True
    config.save()
    calls: list[Any] = []
    monkeypatch.setattr("app.ui.app.run_first_run", _record(calls, "wizard", "live"))
    monkeypatch.setattr("app.ui.app.run_live_gui", _record(calls, "live", 0))
    assert cli.main([]) == 0
    assert [name for name, _ in calls] == ["live"]
    calls.clear()
    assert cli.main(["--first-run"]) == 0  # asked for again
    assert [name for name, _ in calls] == ["wizard", "live"]


def test_demo_command_never_shows_the_wizard(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    monkeypatch.setattr("app.ui.app.run_first_run", _record(calls, "wizard", "live"))
    monkeypatch.setattr(cli, "_run_window", _record(calls, "window", 0))
    assert cli.main(["demo"]) == 0
    assert [name for name, _ in calls] == ["window"]
