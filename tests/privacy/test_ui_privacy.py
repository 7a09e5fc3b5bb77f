"""The "Privacy & data" dialog drives every control on a real store (pytest-qt)."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.config import Config, load_config
from app.privacy.retention import removed_texts
from app.store.db import Store
from app.store.models import LiveSession
from app.ui.dialogs.privacy import PrivacyDialog, server_privacy_line
from app.ui.qt_compat import protect_singletons
from tests.privacy.conftest import age_session, record

protect_singletons()  # as tests/ui/conftest.py: a leaky PySide6 build must not abort the run


@pytest.fixture(autouse=True)
def _gc_on_gui_thread() -> Iterator[None]:
    """As in tests/ui: collect only on the GUI thread (see tests/ui/conftest.py)."""
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    yield
    if was_enabled:
        gc.enable()


def _idle(qtbot: QtBot, dialog: PrivacyDialog, text: str = "") -> None:
    qtbot.waitUntil(lambda: not dialog.busy and text in dialog.status.text(), timeout=10_000)


def _click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _session_ids(store: Store) -> list[int]:
    with store.sessions() as s:
        return sorted(s.scalars(select(LiveSession.id)))


def test_dialog_drives_every_privacy_control(
    qtbot: QtBot, config: Config, store: Store, mini_bundle: Path, tmp_path: Path
) -> None:
    old = record(config, store, mini_bundle)
    current = record(config, store, mini_bundle)
    age_session(store, old, days=40)
    dialog = PrivacyDialog(config, store, current_session_id=lambda: current)
    qtbot.addWidget(dialog)
    questions: list[str] = []
    dialog.confirm = lambda _title, question: questions.append(question) is None
    _idle(qtbot, dialog)
    assert dialog.sessions.rowCount() == 2

    # the server line: loopback only, always with a token
    line = dialog.server_label.text()
    assert "127.0.0.1:8765" in line and "loopback" in line and "token" in line

    # pseudonymisation and retention days are saved settings
    assert dialog.pseudonymize.isChecked()
    dialog.pseudonymize.setChecked(False)
    assert load_config().settings.pseudonymize_viewers is False
    dialog.pseudonymize.setChecked(True)
    dialog.retention_days.setValue(30)
    assert load_config().settings.retention_days == 30

    # apply now: counts, asks, removes; the newer session is untouched
    _click(qtbot, dialog.apply_retention_button)
    _idle(qtbot, dialog, "Removed the texts of 3 comments in 1 sessions")
    assert "Remove the texts of 3 comments in 1 sessions" in questions[-1]
    assert (removed_texts(store, old), removed_texts(store, current)) == (3, 0)

    # the recording session cannot be deleted
    row_of = {int(dialog.sessions.item(r, 0).text()): r for r in range(2)}
    dialog.sessions.selectRow(row_of[current])
    assert dialog.sessions.item(row_of[current], 2).text() == "recording"
    _click(qtbot, dialog.delete_button)
    assert "is recording now" in dialog.status.text()
    assert _session_ids(store) == [old, current]

    # another one can, with its recordings folder
    folder = config.recordings_dir / str(old)
    folder.mkdir(parents=True, exist_ok=True)
    dialog.sessions.selectRow(row_of[old])
    _click(qtbot, dialog.delete_button)
    _idle(qtbot, dialog, f"Deleted session {old}")
    assert f"Delete session {old}" in questions[-1]
    assert _session_ids(store) == [current] and not folder.exists()
    assert dialog.sessions.rowCount() == 1

    # one viewer: find, export, erase
    assert not dialog.export_button.isEnabled()
    qtbot.keyClicks(dialog.viewer_query, "amy")
    _click(qtbot, dialog.find_button)
    qtbot.waitUntil(lambda: "amy: 1 comments, 1 orders" in dialog.viewer_label.text())
    _idle(qtbot, dialog)
    out = tmp_path / "amy.json"
    dialog.ask_save_path = lambda _suggested: str(out)
    _click(qtbot, dialog.export_button)
    _idle(qtbot, dialog, "Exported to")
    assert json.loads(out.read_text(encoding="utf-8"))["comments"][0]["text"] == "link please"
    _click(qtbot, dialog.erase_button)
    _idle(qtbot, dialog, "Erased amy: 1 comments anonymised, 1 orders")
    assert "Erase everything about amy?" in questions[-1]
    assert not dialog.erase_button.isEnabled()
    _click(qtbot, dialog.find_button)
    qtbot.waitUntil(lambda: "Nothing is recorded about amy" in dialog.viewer_label.text())
    _idle(qtbot, dialog)
    dialog.viewer_query.clear()
    dialog.viewer_query.setText("小鹿")  # QTest cannot type CJK (it aborts)
    _click(qtbot, dialog.find_button)
    qtbot.waitUntil(lambda: "小鹿: 2 comments" in dialog.viewer_label.text())
    _idle(qtbot, dialog)
    dialog.close()


def test_saying_no_changes_nothing(
    qtbot: QtBot, config: Config, store: Store, recorded: int
) -> None:
    age_session(store, recorded, days=40)
    dialog = PrivacyDialog(config, store)
    qtbot.addWidget(dialog)
    dialog.confirm = lambda _title, _question: False
    _idle(qtbot, dialog)
    dialog.retention_days.setValue(7)
    _click(qtbot, dialog.apply_retention_button)
    _idle(qtbot, dialog, "Cancelled")
    dialog.sessions.selectRow(0)
    dialog.status.clear()
    _click(qtbot, dialog.delete_button)
    _idle(qtbot, dialog, "Cancelled")
    assert removed_texts(store, recorded) == 0 and _session_ids(store) == [recorded]
    dialog.close()


def test_dialog_opens_its_own_store_without_an_engine_store(
    qtbot: QtBot, config: Config, store: Store, recorded: int
) -> None:
    dialog = PrivacyDialog(config)  # as from a window whose engine has no store
    qtbot.addWidget(dialog)
    _idle(qtbot, dialog)
    assert dialog.sessions.rowCount() == 1
    dialog.close()
    assert dialog._own_store is None


def test_server_line_when_remote_is_allowed(config: Config, qapp: object) -> None:
    config.settings.server_allow_remote = True
    config.settings.server_host = "0.0.0.0"
    line = server_privacy_line(config)
    assert "0.0.0.0:8765" in line and "accepts other machines" in line and "token" in line


def test_menu_entry_and_retention_at_start(
    qtbot: QtBot, config: Config, store: Store, recorded: int, qapp: object
) -> None:
    from app.ui.dialogs.privacy import RetentionAtStart
    from app.ui.main_window import MainWindow
    from tests.ui.conftest import FakeEngine, make_products

    age_session(store, recorded, days=40)
    config.settings.retention_days = 30
    config.settings.compliance_alert_sound = False  # no audio device here
    engine = FakeEngine(make_products(), [])
    engine.config, engine.store, engine.session_id = config, store, None  # type: ignore[attr-defined]
    window = MainWindow(engine)
    qtbot.addWidget(window)
    job = window.findChild(RetentionAtStart)
    assert job is not None
    qtbot.waitUntil(lambda: job.result is not None, timeout=10_000)
    assert job.result.comments == 3 and removed_texts(store, recorded) == 3
    assert "removed the texts of 3 comments" in window.statusBar().currentMessage()

    action = next(a for a in window.findChildren(type(window.menuBar().actions()[0]))
                  if a.objectName() == "action_privacy")  # fmt: skip
    action.trigger()
    dialog = window.findChild(PrivacyDialog)
    assert dialog is not None and dialog.isVisible()
    _idle(qtbot, dialog)
    assert dialog.retention_days.value() == 30
    dialog.close()
    window.shutdown()
    with store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(LiveSession)) == 1


def test_no_retention_job_when_keep_forever(qtbot: QtBot, config: Config, store: Store) -> None:
    from app.ui.dialogs.privacy import RetentionAtStart
    from app.ui.main_window import MainWindow
    from tests.ui.conftest import FakeEngine, make_products

    config.settings.compliance_alert_sound = False
    engine = FakeEngine(make_products(), [])
    engine.config, engine.store = config, store  # type: ignore[attr-defined]
    window = MainWindow(engine)
    qtbot.addWidget(window)
    assert window.findChild(RetentionAtStart) is None
    window.shutdown()


@pytest.mark.qt_log_ignore(
    "Couldn't load pipewire", "Couldn't resolve pipewire", "PulseAudioService"
)  # the review window loads the recorded narration audio into Qt Multimedia
def test_review_window_says_texts_were_removed(
    qtbot: QtBot, config: Config, store: Store, recorded: int
) -> None:
    from app.privacy.viewers import erase_viewer, find_viewer
    from app.ui.review.window import ReviewWindow

    erase_viewer(store, find_viewer(store, "小鹿", config.data_dir))
    window = ReviewWindow(store, recorded, config.recordings_dir)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: window.removed_text_count == 2, timeout=10_000)
        assert "2 comment texts were removed for privacy" in window.banner.text()
        assert window.data is not None and window.data.totals.comments == 3
    finally:
        window.shutdown()
