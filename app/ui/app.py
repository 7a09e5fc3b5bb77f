"""Start the GUI: application object, theme, engine, window, event loop.

``run_gui`` is what the CLI calls; ``create_main_window`` builds the same window around
any engine for tests and tools.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from app import APP_NAME, __version__
from app.ui.engine_api import SessionEngineLike
from app.ui.gc_guard import GuiThreadGarbageCollector
from app.ui.main_window import MainWindow
from app.ui.qt_compat import protect_singletons
from app.ui.theme import apply_theme

log = logging.getLogger("app.ui.app")

EngineFactory = Callable[[], SessionEngineLike]


def create_main_window(
    engine: SessionEngineLike, *, settings: QSettings | None = None
) -> MainWindow:
    """The live window around ``engine`` (not shown, engine not started).

    Without ``settings`` the dock layout is neither restored nor saved, which keeps tests
    away from the user's configuration.
    """
    return MainWindow(engine, settings=settings)


def _application(argv: list[str] | None) -> QApplication:
    """The process's QApplication, created on first use with the app's identity."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        qapp = existing
    else:
        # An earlier `import cv2` points Qt at cv2's bundled Qt5 plugins: drop that.
        if "cv2" in os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH", ""):
            del os.environ["QT_QPA_PLATFORM_PLUGIN_PATH"]
        qapp = QApplication(sys.argv if argv is None else argv)
    protect_singletons()  # before the first real Qt call of the session
    qapp.setApplicationName(APP_NAME)
    qapp.setOrganizationName(APP_NAME)
    qapp.setApplicationVersion(__version__)
    return qapp


def _report_startup_error(what: str, exc: BaseException) -> None:
    log.exception("%s", what)
    QMessageBox.critical(
        None,
        APP_NAME,
        QApplication.translate(
            "run_gui", "{what}\n\n{error}\n\nThe log has the technical details."
        ).format(what=what, error=exc),
    )


def run_gui(engine_factory: EngineFactory, *, argv: list[str] | None = None) -> int:
    """Run a live session window until it is closed; returns the process exit code.

    The engine is stopped when the window closes, whatever ends the event loop. Python's
    garbage collector runs on the GUI thread meanwhile (see :mod:`app.ui.gc_guard`).
    """
    qapp = _application(argv)
    apply_theme(qapp)
    collector = GuiThreadGarbageCollector(parent=qapp)
    try:
        return _run_session(qapp, engine_factory)
    finally:
        collector.close()


def _run_session(qapp: QApplication, engine_factory: EngineFactory) -> int:
    try:
        engine = engine_factory()
    except Exception as exc:
        what = QApplication.translate("run_gui", "AnchorDesk could not prepare the session.")
        _report_startup_error(what, exc)
        return 1
    window = create_main_window(engine, settings=QSettings())
    try:
        engine.start()
    except Exception as exc:
        window.shutdown()
        what = QApplication.translate("run_gui", "AnchorDesk could not start the session.")
        _report_startup_error(what, exc)
        return 1
    window.show()
    try:
        return qapp.exec()
    finally:
        window.shutdown()
