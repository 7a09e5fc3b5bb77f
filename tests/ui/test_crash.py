"""Uncaught exceptions -> log + one non-modal dialog; crash traces offered once; the log view."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app import logs
from app.logs import RingBufferHandler
from app.ui import crash
from app.ui.crash import CrashTraceDialog, ErrorReporter, offer_previous_crash
from app.ui.dialogs.log_view import LogViewDialog

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    """Folders the app asked the file manager to open (nothing is launched)."""
    calls: list[Path] = []
    monkeypatch.setattr(crash, "open_folder", lambda path: calls.append(path) or True)
    monkeypatch.setattr(logs, "_log_dir", tmp_path)
    return calls


@pytest.fixture
def reporter(qtbot: QtBot, opened: list[Path]) -> Iterator[ErrorReporter]:
    rep = ErrorReporter()
    rep.install()
    yield rep
    rep.uninstall()
    if rep.dialog is not None:
        rep.dialog.close()
        rep.dialog.deleteLater()
    rep.deleteLater()


def _raise_in_thread(exc: BaseException, name: str = "source-test") -> None:
    def run() -> None:
        raise exc

    worker = threading.Thread(target=run, name=name)
    worker.start()
    worker.join()


def test_worker_thread_errors_reach_the_log_and_one_dialog(
    qtbot: QtBot, reporter: ErrorReporter, caplog: pytest.LogCaptureFixture
) -> None:
    for _ in range(30):  # a storm of the same error
        _raise_in_thread(RuntimeError("camera went away"))
    _raise_in_thread(ValueError("bad frame"), name="vision-worker")
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.total == 31)
    dialog = reporter.dialog
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    assert [(e.summary, e.count) for e in dialog.entries] == [
        ("RuntimeError: camera went away", 30),
        ("ValueError: bad frame", 1),
    ]
    assert "31 errors so far" in dialog.message.text()
    assert "ValueError: bad frame" in dialog.message.text()
    assert "thread vision-worker" in dialog.details_text()
    assert len(QApplication.topLevelWidgets()) == len(set(QApplication.topLevelWidgets()))
    logged = [r for r in caplog.records if r.name == "app.crash"]
    assert len(logged) == 31 and "source-test" in logged[0].getMessage()


def test_dialog_copy_details_and_open_log_folder(
    qtbot: QtBot, reporter: ErrorReporter, opened: list[Path], tmp_path: Path
) -> None:
    try:
        raise KeyError("sku")
    except KeyError as exc:
        reporter._sys_hook(KeyError, exc, exc.__traceback__)
    dialog = reporter.dialog
    assert dialog is not None  # emitted on the GUI thread: shown at once
    dialog.copy_button.click()
    copied = QApplication.clipboard().text()
    assert copied.startswith("KeyError: 'sku'") and "Traceback" in copied
    dialog.details_button.click()
    assert dialog.details.isVisibleTo(dialog)
    dialog.folder_button.click()
    assert opened == [tmp_path]


def test_a_slot_that_raises_is_reported(qtbot: QtBot, reporter: ErrorReporter) -> None:
    def broken_slot() -> None:
        raise ZeroDivisionError("kpi")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.total == 1)
    assert reporter.dialog is not None
    assert reporter.dialog.entries[0].summary == "ZeroDivisionError: kpi"


def test_uninstall_restores_the_previous_hooks(qtbot: QtBot) -> None:
    import sys

    before = sys.excepthook, threading.excepthook
    rep = ErrorReporter()
    rep.install()
    assert sys.excepthook == rep._sys_hook
    rep.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


def _pending(log_dir: Path, text: str = "Fatal Python error: Segmentation fault\n") -> Path:
    (log_dir / "crash.log").write_text(text, encoding="utf-8")
    trace = logs.set_aside_crash_trace(log_dir)
    assert trace is not None
    return trace


def test_previous_crash_is_offered_once(qtbot: QtBot, tmp_path: Path, opened: list[Path]) -> None:
    trace = _pending(tmp_path)
    dialog = offer_previous_crash(None, tmp_path)
    assert isinstance(dialog, CrashTraceDialog)
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and not dialog.isModal()
    assert "Segmentation fault" in dialog.view.toPlainText()
    dialog.view_button.click()
    assert dialog.view.isVisibleTo(dialog)
    copy = tmp_path / "sent-to-support.log"
    dialog.save_copy(copy)
    assert copy.read_text(encoding="utf-8") == trace.read_text(encoding="utf-8")
    dialog.folder_button.click()
    assert opened == [tmp_path]

    dialog.findChild(type(dialog.view_button), "dismiss").click()

    assert not trace.exists()
    assert (tmp_path / "crashes" / trace.name.replace("crash-pending-", "crash-")).exists()
    assert offer_previous_crash(None, tmp_path) is None


def test_no_crash_no_dialog(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "crash.log").write_text("", encoding="utf-8")
    assert logs.set_aside_crash_trace(tmp_path) is None
    assert offer_previous_crash(None, tmp_path) is None


# -- the log view --------------------------------------------------------------------------
@pytest.fixture
def ring() -> Iterator[tuple[RingBufferHandler, logging.Logger]]:
    ring = RingBufferHandler(capacity=100)
    ring.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("test.log_view")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    logger.addHandler(ring)
    yield ring, logger
    logger.removeHandler(ring)


def test_log_view_appends_filters_and_searches(
    qtbot: QtBot, ring: tuple[RingBufferHandler, logging.Logger], opened: list[Path]
) -> None:
    handler, logger = ring
    logger.info("session started")
    logger.debug("frame 1")
    view = LogViewDialog(handler)
    qtbot.addWidget(view)
    assert view.text.toPlainText() == "INFO session started"  # debug hidden by default

    logger.warning("camera slow")
    logger.error("store locked")
    view.poll()
    assert view.text.toPlainText().splitlines() == [
        "INFO session started",
        "WARNING camera slow",
        "ERROR store locked",
    ]
    view.poll()  # nothing new: nothing appended twice
    assert view.text.blockCount() == 3

    view.level.setCurrentIndex(1)  # warnings and errors
    assert view.text.toPlainText().splitlines() == ["WARNING camera slow", "ERROR store locked"]
    view.search.setText("STORE")
    assert view.text.toPlainText() == "ERROR store locked"
    logger.error("store locked again")
    logger.error("decoder failed")
    view.poll()
    assert view.text.toPlainText().splitlines() == [
        "ERROR store locked",
        "ERROR store locked again",
    ]
    view.search.clear()
    view.level.setCurrentIndex(3)  # everything
    assert "DEBUG frame 1" in view.text.toPlainText()

    view.copy()
    assert QApplication.clipboard().text() == view.text.toPlainText()
    view.folder_button.click()
    assert len(opened) == 1


def test_log_view_updates_live_while_shown(
    qtbot: QtBot, ring: tuple[RingBufferHandler, logging.Logger]
) -> None:
    handler, logger = ring
    view = LogViewDialog(handler)
    qtbot.addWidget(view)
    view.show()
    assert view.timer.isActive()
    logger.info("live line")
    qtbot.waitUntil(lambda: "live line" in view.text.toPlainText())
    view.hide()
    assert not view.timer.isActive()


def test_help_menu_opens_one_log_view(qtbot: QtBot, engine: object) -> None:
    from app.ui.app import create_main_window

    window = create_main_window(engine)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    action = next(
        a
        for m in window.menuBar().actions()
        for a in m.menu().actions()
        if a.objectName() == "action_log"
    )
    action.trigger()
    first = window._log_view
    action.trigger()
    assert window._log_view is first and first.isVisible()
    first.close()
    window.close()


def test_run_gui_offers_the_last_crash_and_reports_errors(
    qtbot: QtBot, engine: object, tmp_path: Path, opened: list[Path]
) -> None:
    """The whole path in the app: crash offered after start, a slot error in the dialog."""
    import sys

    from PySide6.QtCore import QSettings

    from app.ui import theme
    from app.ui.app import run_gui
    from app.ui.main_window import MainWindow

    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    look = qapp.style().name(), qapp.styleSheet(), qapp.font(), qapp.palette()
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    trace = _pending(tmp_path)
    hooks = sys.excepthook, threading.excepthook
    seen: dict[str, object] = {}

    def raise_in_slot() -> None:
        raise LookupError("no such product")

    def check() -> None:
        crash_dialog = next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, CrashTraceDialog)
        )
        seen["crash_visible"] = crash_dialog.isVisible()
        crash_dialog.findChild(type(crash_dialog.view_button), "dismiss").click()
        QTimer.singleShot(0, raise_in_slot)
        QTimer.singleShot(30, close)

    def close() -> None:
        errors = [w for w in QApplication.topLevelWidgets() if w.objectName() == "error_dialog"]
        seen["errors"] = [e.entries[0].summary for e in errors if e.isVisible()]
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                widget.close()

    QTimer.singleShot(50, check)
    try:
        assert run_gui(lambda: engine, argv=["anchordesk"]) == 0  # type: ignore[arg-type,return-value]
    finally:
        qapp.setStyleSheet(look[1])
        qapp.setStyle(look[0])
        qapp.setPalette(look[3])
        qapp.setFont(look[2])
        theme._colors = None
    assert seen["crash_visible"] is True
    assert not trace.exists() and logs.pending_crash_traces(tmp_path) == []
    assert seen["errors"] == ["LookupError: no such product"]
    assert (sys.excepthook, threading.excepthook) == hooks


def test_a_closed_dialog_stays_closed_for_repeats(qtbot: QtBot, reporter: ErrorReporter) -> None:
    def report(exc: BaseException) -> None:
        try:
            raise exc
        except BaseException as caught:
            reporter._sys_hook(type(caught), caught, caught.__traceback__)

    report(OSError("disk full"))
    dialog = reporter.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.close()
    for _ in range(5):
        report(OSError("disk full"))
    assert not dialog.isVisible() and dialog.total == 6
    report(MemoryError("out of memory"))
    assert dialog.isVisible() and len(dialog.entries) == 2
