"""Interface language: Qt translators for AnchorDesk's own strings and Qt's standard ones.

UI source strings are English, inside ``self.tr()`` / ``QCoreApplication.translate()``; the
Simplified Chinese text lives in ``resources/i18n/anchordesk_zh_CN.ts`` (compiled to ``.qm``
by ``tools/update_translations.py``). Qt's own ``qtbase_zh_CN.qm`` (shipped with PySide6)
translates the standard buttons and dialogs (OK/Cancel, file dialogs, context menus).

``Settings.language`` is ``auto`` (follow the system locale), ``zh_CN`` or ``en``. Widgets
read their text when they are built, so a change applies to windows created afterwards;
the View ▸ Language menu saves the choice and offers a restart (see :func:`language_menu`).
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QProcess, QTranslator
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from app.errors import user_message
from app.messages import CONTEXT as MESSAGES_CONTEXT
from app.messages import Message
from app.paths import RESOURCES
from app.session.events import SourceStatusEvent

log = logging.getLogger("app.ui.i18n")

I18N_DIR = RESOURCES / "i18n"
CATALOG = "anchordesk"
LANGUAGES = ("auto", "zh_CN", "en")
#: What each choice is called in the Language menu: in its own language, so a person who
#: cannot read the current interface can still find theirs.
LANGUAGE_NAMES = {"zh_CN": "简体中文", "en": "English"}

_installed: list[QTranslator] = []
_active = "en"


def resolve_language(setting: str, system: QLocale | None = None) -> str:
    """``zh_CN`` or ``en`` for a ``Settings.language`` value (``auto`` asks the system).

    Any Chinese system locale (zh_CN, zh_TW, zh_HK, zh_SG) gets the Simplified Chinese UI:
    it is the only Chinese translation, and closer for those readers than English.
    """
    if setting in ("zh_CN", "en"):
        return setting
    if setting != "auto":
        log.warning("unknown interface language %r; following the system", setting)
    locale = system if system is not None else QLocale.system()
    return "zh_CN" if locale.language() == QLocale.Language.Chinese else "en"


def configured_language() -> str:
    """The ``language`` setting from settings.json; ``auto`` when it cannot be read."""
    try:
        from app.config import load_config

        return load_config().settings.language
    except Exception:  # a broken settings file must not stop the window from opening
        log.exception("cannot read the language setting; following the system")
        return "auto"


def install_translators(setting: str | None = None) -> str:
    """Replace the application's translators for ``setting``; returns ``zh_CN`` or ``en``.

    Call after the QApplication exists and before any window is built. English needs no
    translator (the sources are English), so ``en`` just removes the installed ones.
    """
    global _active
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_translators() needs a QApplication")
    language = resolve_language(configured_language() if setting is None else setting)
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    if language == "zh_CN":
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        loaded: dict[str, QTranslator] = {}
        for name, folder in (("qtbase_zh_CN", qt_dir), (f"{CATALOG}_zh_CN", str(I18N_DIR))):
            translator = QTranslator(app)
            if translator.load(name, folder):
                loaded[name] = translator
            else:
                log.warning(
                    "translation %s not found in %s; those texts stay English", name, folder
                )
        qt_base = loaded.get("qtbase_zh_CN")
        # Searched last (installed first): only what both catalogues miss reaches it.
        order: list[QTranslator] = []
        if qt_base is not None:
            order.append(MnemonicFallback(qt_base, app))
        order += list(loaded.values())
        for translator in order:
            QCoreApplication.installTranslator(translator)
            _installed.append(translator)
    _active = language
    return language


_MNEMONIC = re.compile(r"&(?=[^&\s])")


class MnemonicFallback(QTranslator):
    """Qt's own texts whose English gained a keyboard mnemonic after the Chinese was made.

    Qt 6.11's file dialog labels are "&Look in:" and "Files of &type:", but the
    ``qtbase_zh_CN.qm`` shipped with PySide6 only knows "Look in:" and "Files of type:",
    so the non-native file dialog (every Linux desktop without a portal, and any dialog
    opened with ``DontUseNativeDialog``) showed them in English. This translator asks
    ``qtbase`` for the text without the ``&`` and puts the mnemonic back the Chinese
    way: "查找范围(&L)：". Installed before the others, it is asked only for texts they
    miss; it returns None (no translation) for everything else.
    """

    def __init__(self, qt_base: QTranslator, parent: QCoreApplication | None = None) -> None:
        super().__init__(parent)
        self._base = qt_base

    def isEmpty(self) -> bool:
        return False

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        return mnemonic_fallback(self._base, context, source, disambiguation, n)


def mnemonic_fallback(
    base: QTranslator, context: str, source: str, disambiguation: str | None = None, n: int = -1
) -> str | None:
    """``base``'s translation of ``source`` without its mnemonic, mnemonic re-added."""
    if not source or "&" not in source:
        return None
    match = _MNEMONIC.search(source)
    if match is None:
        return None
    plain = source[: match.start()] + source[match.end() :]
    text = base.translate(context, plain, disambiguation, n)
    if not text or "&" in text:
        return text or None
    key = plain[match.start()].upper()
    colon = text[-1] if text.endswith((":", "：")) else ""
    return f"{text[: len(text) - len(colon)]}(&{key}){colon}"


def active_language() -> str:
    """The language of the installed translators (``zh_CN`` or ``en``)."""
    return _active


def tr_message(message: Message | str) -> str:
    """An engine-made sentence (:class:`app.messages.Message`) in the interface language.

    The template and every nested one are looked up in the ``Messages`` context, then the
    values are filled in, so numbers, product names and quoted speech stay as they are. A
    plain ``str`` (text made before messages existed, or by code not yet converted) is
    shown unchanged.
    """
    if isinstance(message, str):
        return message
    return message.render(lambda template: QCoreApplication.translate(MESSAGES_CONTEXT, template))


def tr_status(status: SourceStatusEvent) -> str:
    """A source's status sentence in the interface language (its ``note`` when the source
    made one, else the English ``message``)."""
    return tr_message(status.note) if status.note is not None else status.message


def tr_error(exc: BaseException) -> str:
    """An exception's message for a person, in the interface language.

    Engine errors raised with a :class:`Message` (``ShowError(Message(...))``,
    ``ModelError``, catalog import errors) are translated; other known failures get
    :func:`app.errors.user_message` (English), anything else its own text.
    """
    first = exc.args[0] if exc.args else None
    if isinstance(first, Message):
        return tr_message(first)
    return user_message(exc) or str(exc) or type(exc).__name__


def language_menu(
    parent_menu: QMenu,
    window: QWidget,
    current: str,
    save: Callable[[str], None] | None,
    restart: Callable[[], None] | None = None,
) -> QMenu:
    """Add View ▸ Language (Auto / 简体中文 / English) to ``parent_menu``.

    ``current`` is the saved setting (checked in the menu). Choosing an entry saves the
    setting with ``save`` and asks whether to restart now:
    every panel reads its text when built, so retranslating live would need each of them
    to rebuild its strings; a restart is what makes the whole UI change at once. Without
    ``save`` (no config, e.g. a tool window) the menu is disabled.
    """
    menu = parent_menu.addMenu(QCoreApplication.translate("Language", "&Language"))
    menu.setObjectName("menu_language")
    group = QActionGroup(menu)
    group.setExclusive(True)
    for code in LANGUAGES:
        label = (
            QCoreApplication.translate("Language", "Auto (system)")
            if code == "auto"
            else LANGUAGE_NAMES[code]
        )
        action = QAction(label, menu, checkable=True)
        action.setData(code)
        action.setChecked(code == current)
        group.addAction(action)
        menu.addAction(action)
    menu.setEnabled(save is not None)

    def chosen(action: QAction) -> None:
        code = str(action.data())
        if save is None:
            return
        try:
            save(code)
        except OSError as exc:
            QMessageBox.warning(
                window,
                QCoreApplication.translate("Language", "Language"),
                QCoreApplication.translate(
                    "Language", "Could not save the setting: {error}"
                ).format(error=exc),
            )
            return
        if resolve_language(code) == active_language():
            return
        _offer_restart(window, restart or (lambda: restart_app(window)))

    group.triggered.connect(chosen)
    return menu


def _offer_restart(window: QWidget, restart: Callable[[], None]) -> None:
    """Non-blocking question: restart now, or use the new language from the next start."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("Language", "Language"),
        QCoreApplication.translate(
            "Language",
            "The new language applies when AnchorDesk starts again.\n"
            "Restart now? The running session is stopped and saved first.",
        ),
        QMessageBox.StandardButton.NoButton,
        window,
    )
    now = box.addButton(
        QCoreApplication.translate("Language", "Restart now"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(
        QCoreApplication.translate("Language", "Later"), QMessageBox.ButtonRole.RejectRole
    )
    box.setObjectName("language_restart")
    box.setModal(False)

    def done() -> None:
        if box.clickedButton() is now:
            restart()

    box.finished.connect(done)
    box.show()


def restart_command() -> tuple[str, list[str]]:
    """Program and arguments that start this app again (checkout or frozen bundle)."""
    if getattr(sys, "frozen", False):
        return sys.executable, sys.argv[1:]
    return sys.executable, ["-m", "app", *sys.argv[1:]]


def restart_app(window: QWidget) -> None:
    """Close ``window`` (which stops and saves the session), then start a new process."""
    program, args = restart_command()
    if window.close():
        ok = QProcess.startDetached(program, args, os.getcwd())[0]
        if not ok:
            log.error("could not restart %s %s", program, args)
