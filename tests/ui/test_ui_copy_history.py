"""Tools ▸ Copy history to another database…: the dialog copies on its worker (pytest-qt)."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.config import Config
from app.store.db import Store, open_store
from app.ui.dialogs.copy_history import STEPS, CopyHistoryDialog
from tests.store.transfer_support import START, add_session, session_dump, session_ids


def _idle(qtbot: QtBot, dialog: CopyHistoryDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)


def _click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_dialog_copies_two_sessions_and_refuses_the_recording_one(
    qtbot: QtBot, config: Config, store: Store, tmp_path: Path
) -> None:
    one = add_session(store)
    two = add_session(store, title="two", comments=80, start=START + timedelta(days=1))
    now = datetime.now(UTC)
    live = add_session(store, title="now", status="live", owner_pid=os.getpid(), start=now,
                       heartbeat=now)  # fmt: skip
    dialog = CopyHistoryDialog(config, store, current_session_id=lambda: live)
    qtbot.addWidget(dialog)
    _idle(qtbot, dialog)
    assert dialog.sessions.count() == 3
    assert dialog.checked_session_ids() == [one, two]  # the recording one cannot be ticked
    assert "(recording: cannot be copied)" in dialog.sessions.item(0).text()

    _click(qtbot, dialog.copy_button)
    assert dialog.status.text() == "Type the target database URL first."
    target = f"sqlite:///{tmp_path / 'team.db'}"
    dialog.target_url.setText(target)
    _click(qtbot, dialog.test_button)
    _idle(qtbot, dialog)
    assert "the tables will be created" in dialog.target_label.text()
    assert not (tmp_path / "team.db").exists()

    values: list[int] = []
    dialog.progress.valueChanged.connect(values.append)
    _click(qtbot, dialog.copy_button)
    assert dialog.busy and not dialog.copy_button.isEnabled() and dialog.cancel_button.isEnabled()
    _idle(qtbot, dialog)
    assert dialog.report is not None
    assert [(r.session_id, r.outcome) for r in dialog.report.sessions] == [
        (one, "copied"),
        (two, "copied"),
    ]
    assert dialog.status.text().startswith("2 sessions copied, 0 already there, 0 refused")
    assert "Recordings (video and audio) were not copied" in dialog.status.text()
    assert dialog.progress.value() == STEPS and len(values) >= 2
    assert not dialog.cancel_button.isEnabled() and dialog.copy_button.isEnabled()
    copied = open_store(target)
    assert session_ids(copied) == [one, two]
    assert session_dump(copied, two) == session_dump(store, two)
    copied.close()

    _click(qtbot, dialog.test_button)
    _idle(qtbot, dialog)
    assert "2 sessions" in dialog.target_label.text()
    dialog.all_sessions.setChecked(False)
    assert dialog.checked_session_ids() == []
    _click(qtbot, dialog.copy_button)
    assert dialog.status.text() == "Tick at least one session to copy."
    dialog.close()


def test_bad_url_is_said_in_the_dialog(qtbot: QtBot, config: Config, store: Store) -> None:
    dialog = CopyHistoryDialog(config, store)
    qtbot.addWidget(dialog)
    _idle(qtbot, dialog)
    dialog.target_url.setText(store.url)
    _click(qtbot, dialog.test_button)
    _idle(qtbot, dialog)
    assert dialog.target_label.text().startswith("Cannot use it: the source and the target")
    dialog.close()


def test_menu_entry_opens_the_dialog(qtbot: QtBot, config: Config, store: Store) -> None:
    from app.ui.main_window import MainWindow
    from tests.ui.conftest import FakeEngine, make_products

    config.settings.compliance_alert_sound = False  # no audio device here
    engine = FakeEngine(make_products(), [])
    engine.config, engine.store, engine.session_id = config, store, None  # type: ignore[attr-defined]
    window = MainWindow(engine)
    qtbot.addWidget(window)
    action = next(a for a in window.findChildren(type(window.menuBar().actions()[0]))
                  if a.objectName() == "action_copy_history")  # fmt: skip
    action.trigger()
    dialog = window.findChild(CopyHistoryDialog)
    assert dialog is not None and dialog.isVisible()
    _idle(qtbot, dialog)
    dialog.close()
    window.shutdown()
