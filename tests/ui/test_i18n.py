"""Translations: the .ts is complete and current, the app loads it, the menus follow it."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.config import Config
from app.paths import app_root
from app.ui import i18n
from app.ui.app import create_main_window

if TYPE_CHECKING:
    from tests.ui.conftest import FakeEngine

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

ZH_MENUS = ["文件(&F)", "直播(&S)", "商品库(&C)", "视图(&V)", "工具(&T)", "帮助(&H)"]
EN_MENUS = ["&File", "&Show", "&Catalog", "&View", "&Tools", "&Help"]


def _tool() -> ModuleType:
    path = app_root() / "tools" / "update_translations.py"
    spec = importlib.util.spec_from_file_location("update_translations", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def language(qapp: QApplication) -> Iterator[None]:
    """Whatever a test installs, the next test starts with the English sources again."""
    yield
    i18n.install_translators("en")


def test_every_ui_text_is_in_the_ts_and_translated() -> None:
    """Fails when UI text changed without `python tools/update_translations.py` + Chinese."""
    tool = _tool()
    report = tool.check()
    assert report.missing == [], "new UI texts: run tools/update_translations.py"
    assert report.stale == [], "removed UI texts: run tools/update_translations.py"
    assert report.unfinished == [], "give these Chinese (tools/update_translations.py --set)"
    assert report.bad_contexts == [], "x.tr() on another object never translates"
    assert not report.qm_stale, "the .qm is older than the .ts: run the tool"


def test_ts_file_has_no_empty_translations() -> None:
    messages = _tool().messages(i18n.I18N_DIR / "anchordesk_zh_CN.ts")
    assert len(messages) > 150
    empty = [key for key, text in messages.items() if not text or not text.strip()]
    assert empty == []


def test_tool_finds_an_untranslated_text_and_a_foreign_context(tmp_path: Path) -> None:
    """The check can fail: a .ts missing a translation, and `window.tr(...)`."""
    tool = _tool()
    ts = tmp_path / "x.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="zh_CN">'
        "<context><name>A</name><message><source>Hi</source>"
        '<translation type="unfinished"></translation></message>'
        "<message><source>Bye</source><translation>再见</translation></message></context></TS>",
        encoding="utf-8",
    )
    assert tool.messages(ts) == {("A", "Hi"): None, ("A", "Bye"): "再见"}
    contexts = tool.known_contexts()
    assert "MainWindow" in contexts and "run_gui" in contexts
    assert "window" not in contexts


@pytest.mark.parametrize(
    ("setting", "system", "expected"),
    [
        ("auto", QLocale(QLocale.Language.Chinese, QLocale.Country.China), "zh_CN"),
        ("auto", QLocale(QLocale.Language.Chinese, QLocale.Country.Taiwan), "zh_CN"),
        ("auto", QLocale(QLocale.Language.English, QLocale.Country.UnitedStates), "en"),
        ("auto", QLocale(QLocale.Language.German, QLocale.Country.Germany), "en"),
        ("en", QLocale(QLocale.Language.Chinese, QLocale.Country.China), "en"),
        ("zh_CN", QLocale(QLocale.Language.English), "zh_CN"),
        ("klingon", QLocale(QLocale.Language.Chinese, QLocale.Country.China), "zh_CN"),
    ],
)
def test_resolve_language(setting: str, system: QLocale, expected: str) -> None:
    assert i18n.resolve_language(setting, system) == expected


def test_configured_language_reads_settings(config: Config) -> None:
    assert i18n.configured_language() == "auto"
    config.settings.language = "zh_CN"
    config.save()
    assert i18n.configured_language() == "zh_CN"


def test_main_window_menus_follow_the_language(
    qtbot: QtBot, engine: FakeEngine, language: None
) -> None:
    assert i18n.install_translators("zh_CN") == "zh_CN"
    assert i18n.active_language() == "zh_CN"
    # Qt's own strings come from PySide6's qtbase_zh_CN.qm
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    zh = create_main_window(engine)
    qtbot.addWidget(zh)
    assert [a.text() for a in zh.menuBar().actions()][: len(ZH_MENUS)] == ZH_MENUS
    assert zh.docks["queue"].windowTitle() == "商品队列"
    assert zh.queue.badge.text() == "未讲解"
    zh.close()

    assert i18n.install_translators("en") == "en"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    en = create_main_window(engine)
    qtbot.addWidget(en)
    assert [a.text() for a in en.menuBar().actions()][: len(EN_MENUS)] == EN_MENUS
    assert en.docks["queue"].windowTitle() == "Product queue"
    en.close()


def test_language_menu_saves_and_offers_a_restart(
    qtbot: QtBot,
    engine: FakeEngine,
    config: Config,
    language: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    i18n.install_translators("en")
    config.settings.compliance_alert_sound = False  # no audio device in the test
    engine.config = config  # type: ignore[attr-defined]
    restarts: list[bool] = []
    monkeypatch.setattr(i18n, "restart_app", lambda window: restarts.append(True))
    window = create_main_window(engine)
    qtbot.addWidget(window)
    menu = window.language_menu
    actions = {a.data(): a for a in menu.actions()}
    assert list(actions) == ["auto", "zh_CN", "en"]
    assert actions["auto"].isChecked()
    assert actions["zh_CN"].text() == "简体中文"

    actions["zh_CN"].trigger()

    saved = json.loads(config.settings_file.read_text(encoding="utf-8"))
    assert saved["language"] == "zh_CN"
    assert actions["zh_CN"].isChecked() and not actions["auto"].isChecked()
    box = window.findChild(QMessageBox, "language_restart")
    assert box is not None and box.isVisible() and not box.isModal()
    later = next(b for b in box.buttons() if b.text() == "Later")
    later.click()
    assert not box.isVisible()
    assert restarts == []

    actions["en"].trigger()  # back to the running language: saved, nothing to restart
    assert json.loads(config.settings_file.read_text(encoding="utf-8"))["language"] == "en"
    actions["zh_CN"].trigger()
    box = [b for b in window.findChildren(QMessageBox, "language_restart") if b.isVisible()][-1]
    next(b for b in box.buttons() if b.text() == "Restart now").click()
    assert restarts == [True]
    window.close()


def test_restart_command_reruns_the_app() -> None:
    program, args = i18n.restart_command()
    assert program == sys.executable
    assert args[:2] == ["-m", "app"]


def test_sources_are_english() -> None:
    """Chinese belongs in the .ts, not in the code: a bilingual source shows Chinese in English."""
    messages = _tool().messages(i18n.I18N_DIR / "anchordesk_zh_CN.ts")
    cjk = re.compile(r"[\u3400-\u9fff]")
    assert [source for _, source in messages if cjk.search(source)] == []
