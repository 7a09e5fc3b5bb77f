"""``python -m app review`` opens the same review window as the live window does.

Started through the real CLI entry point (``app.cli.main``): the window must come up in
the language of the settings, with the app's theme and the error reporter installed
(the one start-up path, ``app.ui.app.gui_session``), and its reports in that language.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from review_support import MEDIA_LOG_NOISE, record_demo

from app import cli
from app.config import Config
from app.store.db import Store
from app.ui.review.window import ReviewWindow

# The picture is converted on the CPU offscreen (no GPU): Qt Multimedia says so once.
pytestmark = [MEDIA_LOG_NOISE, pytest.mark.qt_log_ignore("No RHI backend", extend=True)]


@pytest.fixture
def recorded(config: Config, store: Store, mini_bundle: Path) -> int:
    config.settings.record_video = False
    return record_demo(config, store, mini_bundle)


@pytest.fixture
def english_after() -> Iterator[None]:
    from app.ui import i18n

    yield
    i18n.install_translators("en")


def _inspect(qapp: QApplication, tmp_path: Path, seen: dict[str, Any]) -> None:
    """Runs inside the CLI's event loop: read the window, export a report, close it."""
    windows = [w for w in qapp.topLevelWidgets() if isinstance(w, ReviewWindow) and w.isVisible()]
    window = windows[0] if windows else None
    if window is None or window.loading or not window.score_rows:
        QTimer.singleShot(50, lambda: _inspect(qapp, tmp_path, seen))
        return
    if "export" not in seen:
        seen["export"] = tmp_path / "report.html"
        seen["tabs"] = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        seen["play"] = window.play_button.text()
        seen["hook"] = type(getattr(sys.excepthook, "__self__", None)).__name__
        seen["window_colour"] = qapp.palette().window().color().name()
        window.export_report("html", seen["export"])
    if not window.exported:
        QTimer.singleShot(50, lambda: _inspect(qapp, tmp_path, seen))
        return
    seen["page"] = Path(window.exported[0]).read_text(encoding="utf-8")
    window.close()


CASES = {
    # language: (Products tab, Play button, report heading, HTML lang)
    "zh_CN": ("商品", "播放", "核心数据", 'lang="zh-CN"'),
    "en": ("Products", "Play", "Key figures", 'lang="en"'),
}


@pytest.mark.usefixtures("english_after")
@pytest.mark.parametrize("language", list(CASES))
def test_review_from_the_cli_starts_like_every_window(
    qapp: QApplication, config: Config, recorded: int, tmp_path: Path, language: str
) -> None:
    from app.ui.theme import colors

    products, play, heading, lang = CASES[language]
    config.settings.language = language
    config.save()
    seen: dict[str, Any] = {}
    QTimer.singleShot(0, lambda: _inspect(qapp, tmp_path, seen))
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(qapp.quit)  # a hang fails below instead of blocking the suite
    watchdog.start(30_000)
    assert cli.main(["review", str(recorded)]) == 0
    watchdog.stop()
    assert "page" in seen, seen
    assert seen["tabs"][0] == products and seen["play"] == play
    assert seen["hook"] == "ErrorReporter"  # the crash reporter is installed
    assert seen["window_colour"] == colors().hex("background")  # the app's dark theme
    page = seen["page"]
    assert lang in page and heading in page
    assert "on_air_s" not in page and "pv_on_air" not in page  # no raw column names
