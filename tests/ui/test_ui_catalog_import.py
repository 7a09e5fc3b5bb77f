"""Catalog import from the live window's Catalog menu: the prompts a person sees.

A file where no row can be imported says so (never "Import the 0 valid rows?"); a file
with some broken rows lists the problems (translated row by row) and asks. The window is
the live one ``python -m app`` builds; the message boxes are recorded instead of shown.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.commerce.plans import ShowPlan, save_plan
from app.config import Config
from app.live.builder import build_live
from app.server.client import free_port
from app.store.db import Store
from app.ui.app import create_main_window
from app.ui.dialogs.product_editor import CatalogTransfer

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_import_prompts(
    qtbot: QtBot, config: Config, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config.settings.server_port = free_port()
    config.settings.record_audio = config.settings.record_video = False
    engine = build_live(config, store, save_plan(store, ShowPlan(None, "试播")), camera="off",
                        microphone=False)  # fmt: skip
    window = create_main_window(engine)
    qtbot.addWidget(window)
    shown: list[tuple[str, str]] = []

    def record(kind: str, answer: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def box(_parent: object, _title: str, text: str, *_args: object) -> object:
            shown.append((kind, text))
            return answer

        return box

    monkeypatch.setattr(QMessageBox, "warning", record("warning", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.No))
    transfer = window.findChild(CatalogTransfer, "catalogTransfer")
    assert transfer is not None
    broken = tmp_path / "broken.csv"
    broken.write_text("sku,name_zh,price\nA-1,帽子,x\nB-2,,5\n", encoding="utf-8")
    transfer.parse(broken)
    qtbot.waitUntil(lambda: bool(shown), timeout=5_000)
    ((kind, text),) = shown
    assert kind == "warning" and "No row of this file can be imported" in text
    assert "row 2, column 'price': 'x' is not a number" in text and "valid rows" not in text

    shown.clear()
    mixed = tmp_path / "mixed.csv"
    mixed.write_text(
        "sku,name_zh,price,faq\nA-1,帽子,10,包邮吗::包邮\nB-2,包,x,\n", encoding="utf-8"
    )
    transfer.parse(mixed)
    qtbot.waitUntil(lambda: bool(shown), timeout=5_000)
    ((kind, text),) = shown
    assert kind == "question" and "Import the 1 valid rows?" in text and "row 3" in text
    assert transfer.wait()
    window.close()
