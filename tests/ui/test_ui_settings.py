"""Tools ▸ Settings: typed editors from the Settings dataclass, validation, save, token."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QLabel,
    QMessageBox,
    QSpinBox,
)
from pytestqt.qtbot import QtBot

from app.config import Config, Settings, load_config
from app.server.token import load_or_create_token
from app.settings_check import validate
from app.ui.app import create_main_window
from app.ui.dialogs import settings as sd
from app.ui.dialogs.settings import SettingsDialog
from app.ui.settings.devices import CameraInfo
from app.ui.settings.editors import (
    BoolEditor,
    CameraEditor,
    ChoiceEditor,
    MicrophoneEditor,
    NumberEditor,
    PathEditor,
    SpeechModelEditor,
    TextEditor,
)
from app.ui.settings.live import apply_live

if TYPE_CHECKING:
    from tests.ui.conftest import FakeEngine

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    ".*(multimedia|audio|pulse|PulseAudio|pipewire|ALSA|FFmpeg).*",
)

CAMERAS = [
    CameraInfo(0, "Integrated Webcam", ((1280, 720, 30.0), (640, 480, 30.0))),
    CameraInfo(2, "USB Capture HDMI", ((1920, 1080, 60.0), (1280, 720, 60.0))),
]
MICS = [("1", "1: Built-in microphone"), ("3", "3: USB lavalier")]


@pytest.fixture
def dialog(qtbot: QtBot, config: Config) -> Iterator[SettingsDialog]:
    dlg = SettingsDialog(config, cameras=lambda: CAMERAS, microphones=lambda: MICS)
    qtbot.addWidget(dlg)
    dlg.show()
    yield dlg
    dlg.done(0)


def saved_json(config: Config) -> dict[str, Any]:
    return json.loads(config.settings_file.read_text(encoding="utf-8"))


def click(dlg: SettingsDialog, button: QDialogButtonBox.StandardButton) -> None:
    dlg.buttons.button(button).click()


def test_every_visible_field_has_a_typed_editor_on_its_page(dialog: SettingsDialog) -> None:
    hidden = {f.name for f in dataclasses.fields(Settings) if f.metadata.get("hidden")}
    assert "first_run_done" in hidden
    assert set(dialog.editors) == {f.name for f in dataclasses.fields(Settings)} - hidden
    kinds = {
        "record_video": BoolEditor,
        "overlay_background": ChoiceEditor,
        "language": ChoiceEditor,
        "server_port": NumberEditor,
        "data_dir": PathEditor,
        "compliance_lexicon": PathEditor,
        "server_host": TextEditor,
        "camera_device": CameraEditor,
        "mic_device": MicrophoneEditor,
        "speech_model": SpeechModelEditor,
    }
    for name, kind in kinds.items():
        assert type(dialog.editors[name]) is kind, name
    assert isinstance(dialog.editors["server_port"].spin, QSpinBox)
    assert dialog.editors["server_port"].spin.minimum() == 1024
    assert isinstance(dialog.editors["recommend_weight_past"].spin, QDoubleSpinBox)
    assert list(dialog.pages)[:7] == [
        "general",
        "devices",
        "video",
        "speech",
        "show",
        "server",
        "data",
    ]
    assert dialog.editors["data_dir"].isVisibleTo(dialog.stack.widget(dialog.pages["data"]))


def test_a_new_settings_field_appears_without_editing_the_dialog(
    qtbot: QtBot, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    @dataclasses.dataclass
    class Extended(Settings):
        purge_after_days: int = dataclasses.field(
            default=30, metadata={"title": "Purge after (days)", "group": "data", "maximum": 90}
        )
        motto: str = dataclasses.field(default="hi", metadata={"title": "Motto"})

    import app.settings_check

    monkeypatch.setattr(sd, "Settings", Extended)
    monkeypatch.setattr(app.settings_check, "Settings", Extended)  # where fields are read
    config.settings = Extended()
    dlg = SettingsDialog(config, cameras=list, microphones=list)
    qtbot.addWidget(dlg)
    assert isinstance(dlg.editors["purge_after_days"], NumberEditor)
    assert dlg.editors["purge_after_days"].spin.maximum() == 90
    assert "" in dlg.pages  # "More" collects fields without a group
    dlg.set_value("purge_after_days", 45)
    dlg.set_value("motto", "sell well")
    assert dlg.save()
    raw = saved_json(config)
    assert (raw["purge_after_days"], raw["motto"]) == (45, "sell well")
    dlg.done(0)


def test_edits_are_saved_to_the_versioned_file_and_read_back(
    dialog: SettingsDialog, config: Config, tmp_path: Path
) -> None:
    image = tmp_path / "studio.png"
    image.write_bytes(b"not checked until a session loads it")
    edits = {
        "record_video": True,
        "output_width": 1920,
        "output_height": 1080,
        "recommend_weight_past": 1.25,
        "overlay_background": "replace",
        "overlay_background_image": str(image),
        "language": "zh_CN",
        "server_port": 9100,
        "data_dir": str(tmp_path / "shows"),
        "mic_device": "",
    }
    for name, value in edits.items():
        dialog.set_value(name, value)
    click(dialog, QDialogButtonBox.StandardButton.Save)
    assert dialog.result() == QDialog.DialogCode.Accepted
    raw = saved_json(config)
    assert raw["version"] == 2
    for name, value in edits.items():
        assert raw[name] == value, name
    reread = load_config().settings
    assert all(getattr(reread, n) == v for n, v in edits.items())
    assert config.settings.output_width == 1920  # the running config follows
    assert "Program output width" in dialog.message.text()  # listed as "after a restart"


def test_apply_keeps_the_dialog_open_and_reports_live_changes(dialog: SettingsDialog) -> None:
    seen: list[list[str]] = []
    dialog.saved.connect(seen.append)
    dialog.set_value("overlay_captions", False)
    click(dialog, QDialogButtonBox.StandardButton.Apply)
    assert dialog.isVisible()
    assert seen == [["overlay_captions"]]
    assert dialog.message.text() == "Saved and applied."
    click(dialog, QDialogButtonBox.StandardButton.Apply)
    assert seen[-1] == []
    assert dialog.message.text() == "Saved. Nothing changed."


@pytest.mark.parametrize(
    "case",
    [
        ({"server_host": "0.0.0.0"}, "server_host", "Allow a non-loopback"),
        ({"overlay_background": "replace"}, "overlay_background_image", "choose an image"),
        ({"compliance_lexicon": "{tmp}/missing.txt"}, "compliance_lexicon", "file not found"),
        ({"compliance_lexicon": "{tmp}/bad.txt"}, "compliance_lexicon", "outside a [section]"),
        ({"data_dir": "{tmp}/bad.txt"}, "data_dir", "is a file, not a folder"),
        ({"db_url": "not a url"}, "db_url", "not a database URL"),
    ],
)
def test_invalid_values_are_refused_with_a_message_and_nothing_is_written(
    dialog: SettingsDialog,
    config: Config,
    tmp_path: Path,
    case: tuple[dict[str, str], str, str],
) -> None:
    edits, field, words = case
    (tmp_path / "bad.txt").write_text("全网最低价\n", encoding="utf-8")  # no [forbidden]
    for name, value in edits.items():
        dialog.set_value(name, value.format(tmp=tmp_path))
    click(dialog, QDialogButtonBox.StandardButton.Save)
    assert dialog.isVisible(), "the dialog stays open"
    assert not config.settings_file.exists()
    text = dialog.message.text()
    assert text.startswith("Not saved; please fix:")
    assert words in text
    spec = next(s for s in dialog.specs if s.name == field)
    assert dialog.stack.currentIndex() == dialog.pages[spec.group]  # the page to fix is shown
    assert getattr(config.settings, field) == getattr(Settings(), field)


def test_a_failed_write_changes_nothing(
    dialog: SettingsDialog, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(self: Config) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Config, "save", read_only)
    dialog.set_value("server_port", 9999)
    click(dialog, QDialogButtonBox.StandardButton.Save)
    assert dialog.isVisible()
    assert "Could not save the settings" in dialog.message.text()
    assert "Permission denied" in dialog.message.text()
    assert config.settings.server_port == 8765  # memory agrees with the (unchanged) file


def test_remote_access_needs_the_opt_in_and_shows_a_warning(
    dialog: SettingsDialog, config: Config
) -> None:
    assert dialog.remote_warning is not None
    assert dialog.remote_warning.isHidden()
    dialog.set_value("server_allow_remote", True)
    assert not dialog.remote_warning.isHidden()
    dialog.set_value("server_host", "0.0.0.0")
    assert dialog.save()
    assert saved_json(config)["server_host"] == "0.0.0.0"


def test_validate_checks_ranges_and_choices_of_any_field() -> None:
    bad = dataclasses.replace(Settings(), server_port=80, overlay_card="middle")
    problems = {p.name: p.message for p in validate(bad)}
    assert problems == {
        "overlay_card": (
            "must be one of: top-left, top-right, bottom-left, bottom-right, hand, off"
        ),
        "server_port": "must be between 1024 and 65535",
    }
    assert validate(Settings()) == []


def test_restore_defaults_resets_the_editors_until_saved(
    dialog: SettingsDialog, config: Config
) -> None:
    dialog.set_value("camera_fps", 60.0)
    dialog.set_value("low_stock_threshold", 3)
    assert dialog.save()
    click(dialog, QDialogButtonBox.StandardButton.RestoreDefaults)
    assert dialog.value("camera_fps") == 30.0
    assert dialog.value("low_stock_threshold") == 10
    assert saved_json(config)["low_stock_threshold"] == 3  # not saved yet
    assert dialog.save()
    assert saved_json(config)["low_stock_threshold"] == 10


def test_token_is_shown_masked_copied_and_regenerated(
    dialog: SettingsDialog, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QLineEdit

    old = load_or_create_token(config.config_dir)
    assert dialog.token.text() == old
    assert dialog.token.echoMode() == QLineEdit.EchoMode.Password
    dialog._copy_token()
    assert QGuiApplication.clipboard().text() == old
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    assert dialog.regenerate_token(confirm=True) is None
    assert load_or_create_token(config.config_dir) == old
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    new = dialog.regenerate_token(confirm=True)
    assert new is not None and new != old and len(new) >= 16
    assert load_or_create_token(config.config_dir) == new
    assert dialog.token.text() == new
    assert "New token saved" in dialog.message.text()


def test_camera_list_fills_size_and_rate(dialog: SettingsDialog) -> None:
    camera = dialog.editors["camera_device"]
    assert isinstance(camera, CameraEditor)
    assert [camera.combo.itemText(i) for i in range(camera.combo.count())] == [
        "0: Integrated Webcam",
        "2: USB Capture HDMI",
    ]
    camera.set_value(2)
    camera.choose_format(0)
    assert (dialog.value("camera_width"), dialog.value("camera_height")) == (1920, 1080)
    assert dialog.value("camera_fps") == 60.0
    assert dialog.value("camera_device") == 2


def test_no_camera_and_no_microphone_say_so(qtbot: QtBot, config: Config) -> None:
    config.settings.mic_device = "7"
    dlg = SettingsDialog(config, cameras=list, microphones=list)
    qtbot.addWidget(dlg)
    camera = dlg.editors["camera_device"]
    mic = dlg.editors["mic_device"]
    assert isinstance(camera, CameraEditor) and isinstance(mic, MicrophoneEditor)
    assert camera.note.text().startswith("No camera found")
    assert camera.combo.currentText() == "0: not connected now"
    qtbot.waitUntil(lambda: mic.note.text().startswith("No microphone found"), timeout=5_000)
    assert mic.combo.currentText() == "7 (not connected now)"  # the choice is kept
    assert dlg.value("mic_device") == "7"
    dlg.done(0)


def test_microphones_arrive_from_the_worker(qtbot: QtBot, dialog: SettingsDialog) -> None:
    mic = dialog.editors["mic_device"]
    assert isinstance(mic, MicrophoneEditor)
    qtbot.waitUntil(lambda: mic.combo.count() == 3, timeout=5_000)
    assert mic.combo.itemText(2) == "3: USB lavalier"
    mic.combo.setCurrentIndex(2)
    assert dialog.save()
    assert load_config().settings.mic_device == "3"


def test_speech_models_come_from_the_model_manager(dialog: SettingsDialog, config: Config) -> None:
    from app.speech.models import installed_models

    combo = dialog.editors["speech_model"].combo
    names = [combo.itemData(i) for i in range(combo.count())]
    assert names[0] == ""  # the demo script
    assert names[1:] == [m.name for m in installed_models(config.models_dir)]
    dialog.set_value("speech_model", "vosk-model-gone")
    assert combo.currentText() == "vosk-model-gone (not installed)"
    assert dialog.value("speech_model") == "vosk-model-gone"


def _vision_stage(products: list[Any]) -> Any:
    """A real vision stage, never attached: its switches are what the worker would apply."""
    from app.vision.stage import VisionStage

    return VisionStage(products)


def test_menu_action_opens_the_dialog_and_overlays_apply_live(
    qtbot: QtBot, engine: FakeEngine, config: Config
) -> None:
    stage = _vision_stage(engine.products)
    engine.config = config
    engine.vision = stage
    engine.configure = stage.configure  # type: ignore[method-assign]
    window = create_main_window(engine)
    qtbot.addWidget(window)
    action = next(a for a in window.findChildren(type(window.video.output_action))
                  if a.objectName() == "action_settings")  # fmt: skip
    assert action.shortcut() == QKeySequence("Ctrl+,")
    action.trigger()
    dlg = window.settings_dialog
    assert isinstance(dlg, SettingsDialog) and dlg.isVisible()
    assert dlg.config is config
    dlg.set_value("overlay_captions", False)
    dlg.set_value("overlay_background", "blur")
    dlg.set_value("camera_width", 640)
    click(dlg, QDialogButtonBox.StandardButton.Save)
    states = stage.layer_states()
    assert states["captions"] is False and states["background"] is True
    assert not window.video.layer_actions["captions"].isChecked()
    assert window.video.layer_actions["background"].isChecked()
    assert "Camera width" in window.status.currentMessage()
    window.shutdown()


def test_apply_live_reloads_the_alert_chime(qtbot: QtBot, engine: FakeEngine) -> None:
    window = create_main_window(engine)
    qtbot.addWidget(window)
    quiet = dataclasses.replace(Settings(), compliance_alert_sound=False)
    assert apply_live(window, Settings(), quiet) == ["compliance_alert_sound"]
    assert window.alerts._sound is None
    assert engine.configured == [quiet]  # the processors saw it too
    assert apply_live(window, quiet, quiet) == []  # nothing changed: nothing applied
    window.shutdown()


def test_every_field_title_can_be_translated() -> None:
    """Titles are declared once, with the field (QT_TRANSLATE_NOOP in app/config.py), and
    every one has its Chinese in the catalogue."""
    import xml.etree.ElementTree as ET

    from app.ui.i18n import I18N_DIR

    titles = {
        f.metadata["title"] for f in dataclasses.fields(Settings) if not f.metadata.get("hidden")
    }
    catalogue: dict[str, str] = {}
    for context in ET.parse(I18N_DIR / "anchordesk_zh_CN.ts").getroot().iter("context"):
        if context.findtext("name") == "SettingsFields":
            for message in context.iter("message"):
                catalogue[message.findtext("source") or ""] = message.findtext("translation") or ""
    assert not sorted(t for t in titles if not catalogue.get(t))


def test_show_settings_apply_to_the_running_session(
    qtbot: QtBot, config: Config, store: Any
) -> None:
    """The real engine, as the builder makes it: Save reaches every processor's configure."""
    from app.commerce.recommend import Weights
    from app.live.builder import build_live
    from app.speech.mentions import MentionMonitor

    engine = build_live(config, store, camera="off", microphone=False)
    window = create_main_window(engine)
    qtbot.addWidget(window)
    new = dataclasses.replace(
        config.settings,
        recommend_weight_past=2.0,
        recommend_window_min=10.0,
        recommend_interval_s=30.0,
        low_stock_threshold=3,
        auto_switch_on_mention=True,
    )
    applied = apply_live(window, config.settings, new)
    assert set(applied) == {
        "recommend_weight_past",
        "recommend_window_min",
        "recommend_interval_s",
        "low_stock_threshold",
        "auto_switch_on_mention",
    }
    service = engine.recommendations
    recommender = service.recommender
    assert recommender.weights == Weights.from_settings(new)
    assert recommender.weights.past == 2.0
    assert recommender.window_ms == 600_000
    assert service.interval_s == 30.0
    assert engine.show.low_stock == 3 and recommender.low_stock == 3
    mentions = [p for p in engine.pipeline.processors if isinstance(p, MentionMonitor)]
    assert mentions and mentions[0].auto_switch is True
    window.shutdown()


def test_the_recording_size_shows_what_an_hour_takes_and_what_the_disk_holds(
    dialog: SettingsDialog,
) -> None:
    note = dialog.findChild(QLabel, "recordingEstimate")
    assert note is not None
    size = dialog.editors["record_video_size"]
    size.set_value("480p")
    small = note.text()
    size.set_value("1080p")
    large = note.text()
    assert "480p" in small and "1080p" in large and small != large
    assert "hours" in large  # the data folder exists in tests: its free space is known
