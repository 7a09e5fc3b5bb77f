"""Start the GUI: application object, theme, engine, window, event loop.

``run_live_gui`` runs the live show (the *New show* dialog, the window, the next show
after *End show*); ``run_gui`` runs one session that starts at once (the demo replay);
``create_main_window`` builds the same window around any engine for tests and tools.
``run_safe_mode`` opens instead when the data folder or the database cannot be opened
(``app/ui/dialogs/safe_mode.py``), and the first window lists once the settings that
could not be read (``Config.problems``).

Every window (live, demo, review, first run, safe mode) starts through :func:`gui_session`,
the one start-up path: the application object, the interface language, the theme and
its bundled font, the error reporter, the GUI-thread garbage collector, and
(:meth:`GuiSession.show_window`) the offer to report the last run's crash, once.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app import APP_NAME, __version__
from app.commerce.plans import ShowPlan
from app.config import Config
from app.paths import RESOURCES
from app.store.db import Store
from app.ui.crash import ErrorReporter, offer_previous_crash
from app.ui.dialogs.safe_mode import SafeModeDialog, StoreOpener
from app.ui.engine_api import SessionEngineLike
from app.ui.gc_guard import GuiThreadGarbageCollector
from app.ui.i18n import install_translators
from app.ui.main_window import MainWindow
from app.ui.qt_compat import protect_singletons
from app.ui.theme import apply_theme

log = logging.getLogger("app.ui.app")

EngineFactory = Callable[[], SessionEngineLike]
#: Builds the live engine for a chosen show plan (the session builder, ``app.live``).
ShowBuilder = Callable[[ShowPlan | None], SessionEngineLike]


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
    icon = RESOURCES / "icons" / "anchordesk.png"  # from tools/make_icon.py
    if icon.is_file():
        qapp.setWindowIcon(QIcon(str(icon)))
    return qapp


@dataclass
class GuiSession:
    """What :func:`gui_session` set up: the application and its error reporter."""

    qapp: QApplication
    reporter: ErrorReporter
    language: str
    _crash_offered: bool = False
    _keep: list[Any] = field(default_factory=list)

    def show_window(self, window: QWidget, *, offer_crash: bool = True) -> None:
        """Show ``window`` as the one errors are reported over; the first such window
        offers to report the previous run's native crash (once per process)."""
        window.show()
        self.reporter.dialog_parent = window
        if offer_crash and not self._crash_offered:
            self._crash_offered = True
            self._keep.append(offer_previous_crash(window))

    def window_closed(self) -> None:
        self.reporter.dialog_parent = None
        self._keep.clear()


@contextlib.contextmanager
def gui_session(language: str | None = None, argv: list[str] | None = None) -> Iterator[GuiSession]:
    """The one start-up path of every window: QApplication, translators for ``language``
    (``Settings.language``; None reads settings.json), theme and font, the error reporter
    and the GUI-thread garbage collector; all undone on exit."""
    qapp = _application(argv)
    active = install_translators(language)  # before any widget reads its text
    apply_theme(qapp)
    collector = GuiThreadGarbageCollector(parent=qapp)
    reporter = ErrorReporter(parent=qapp)
    reporter.install()
    try:
        yield GuiSession(qapp, reporter, active)
    finally:
        reporter.uninstall()
        reporter.deleteLater()
        collector.close()


def _report_startup_error(what: str, exc: BaseException) -> None:
    log.exception("%s", what)
    QMessageBox.critical(
        None,
        APP_NAME,
        QApplication.translate(
            "run_gui", "{what}\n\n{error}\n\nThe log has the technical details."
        ).format(what=what, error=exc),
    )


def show_settings_problems(
    parent: QWidget, problems: Sequence[str], kept_as: Path | None = None
) -> QMessageBox | None:
    """List the settings that could not be read (``Config.problems``), without blocking.

    None when there were none. The lines are the English sentences the loader wrote.
    """
    if not problems:
        return None
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        APP_NAME,
        QApplication.translate(
            "run_gui", "Some settings could not be read; AnchorDesk uses their default values."
        ),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("settingsProblems")
    lines = [f"• {problem}" for problem in problems]
    if kept_as is not None:
        kept = QApplication.translate("run_gui", "The settings file as it was is kept as {path}.")
        lines += ["", kept.format(path=kept_as)]
    lines += [
        "",
        QApplication.translate(
            "run_gui", "Check them in Settings: saving there writes a correct settings file."
        ),
    ]
    box.setInformativeText("\n".join(lines))
    box.open()
    return box


def run_safe_mode(
    config: Config,
    error: BaseException,
    open_store: StoreOpener,
    *,
    language: str | None = None,
    argv: list[str] | None = None,
) -> Store | None:
    """The safe-mode window, when the data cannot be opened at start (``error`` says why).

    Returns the store once Settings, the local database (or default data folder) or a
    retry opened it — ``config`` then names what is in use — or None when the user quit.
    """
    with gui_session(language, argv):
        dialog = SafeModeDialog(config, error, open_store)
        dialog.exec()
        store = dialog.store
        dialog.deleteLater()
        return store


def run_gui(
    engine_factory: EngineFactory,
    *,
    language: str | None = None,
    argv: list[str] | None = None,
    problems: Sequence[str] = (),
    kept_as: Path | None = None,
) -> int:
    """Run a live session window until it is closed; returns the process exit code.

    ``language`` is the caller's ``Settings.language`` (None: read from settings.json).
    ``problems`` (``Config.problems``, with ``kept_as`` the copy of the file) are listed
    once the window shows. The engine is stopped when the window closes, whatever ends
    the event loop. Python's garbage collector runs on the GUI thread meanwhile (see
    :mod:`app.ui.gc_guard`).
    """
    with gui_session(language, argv) as gui:
        return _run_session(gui, engine_factory, problems, kept_as)


def run_live_gui(
    config: Config,
    store: Store,
    build: ShowBuilder,
    *,
    plan: ShowPlan | None = None,
    language: str | None = None,
    argv: list[str] | None = None,
    choose: Callable[[Config, Store], ShowPlan | None] | None = None,
) -> int:
    """The live show, one after another, until the user quits.

    ``plan`` (``--show N``) opens that show; otherwise, and after every *End show*, the
    *New show* dialog (``choose``, by default :func:`choose_show`) picks the next one.
    Each show opens ready, and records from *Go live* on. The first window lists the
    settings that could not be read (``config.problems``).
    """
    if choose is None:
        from app.ui.dialogs.show_plans import choose_show

        choose = choose_show
    with gui_session(language, argv) as gui:
        first = True
        while True:
            chosen = plan if plan is not None else choose(config, store)
            plan = None
            if chosen is None:
                return 0
            try:
                engine = build(chosen)
            except Exception as exc:
                what = QApplication.translate("run_gui", "AnchorDesk could not prepare the show.")
                _report_startup_error(what, exc)
                continue  # back to the plan list
            window = create_main_window(engine, settings=QSettings())
            gui.show_window(window)
            notice = (
                show_settings_problems(window, config.problems, config.settings_kept_as)
                if first
                else None
            )
            first = False
            try:
                gui.qapp.exec()
            finally:
                del notice
                window.shutdown()
                gui.window_closed()
            _report_losses(engine)
            if not window.next_show_requested:
                return 0
            window.deleteLater()


def _report_losses(engine: SessionEngineLike) -> None:
    """After a show: say so when not every event reached the database (never silent)."""
    outcome = engine.outcome
    if outcome is None or outcome.complete:
        return
    QMessageBox.warning(
        None,
        APP_NAME,
        QApplication.translate(
            "run_gui",
            "The show “{title}” was not completely saved: {problem}. The log has the details.",
        ).format(title=engine.title, problem=outcome.describe()),
    )


def run_first_run(config: Config, *, argv: list[str] | None = None) -> str | None:
    """Show the first-run wizard (before any session or database is opened).

    Returns "live" or "demo" once finished (the choices are saved), None when closed
    without finishing (nothing saved). Runs before the store is opened so that the data
    folder chosen here is the one this very session records into.
    """
    from PySide6.QtWidgets import QDialog

    from app.ui.dialogs.first_run import FirstRunWizard

    with gui_session(config.settings.language, argv):
        wizard = FirstRunWizard(config)
        finished = wizard.exec() == QDialog.DialogCode.Accepted
        mode = wizard.mode if finished else None
        wizard.deleteLater()
        return mode


def _run_session(
    gui: GuiSession,
    engine_factory: EngineFactory,
    problems: Sequence[str] = (),
    kept_as: Path | None = None,
) -> int:
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
    gui.show_window(window)  # offers the last run's native crash, once
    notice = show_settings_problems(window, problems, kept_as)
    try:
        return gui.qapp.exec()
    finally:
        del notice
        window.shutdown()
        gui.window_closed()
