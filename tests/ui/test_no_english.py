"""No English in the Chinese interface: every window and dialog, walked widget by widget.

With the interface language set to Chinese (``i18n.install_translators("zh_CN")``: the
app's catalogue and Qt's own), each window is built the way the app builds it — the live
window around a show built by ``build_live`` and started, the replay window after a
replay (statuses, "replay finished", the transcript banner), every dialog of
``app/ui/dialogs``, the review window on a recorded session, the host view when the app
has one, and Qt's own file dialog and message boxes — and every text a person reads is
collected: labels, buttons, menus and their actions, tooltips, window and dock titles,
tab texts, group boxes, combo box items, list items, table headers, placeholders, spin
box prefixes/suffixes and special values.

A text fails when it still has an English word of three letters or more after removing
what is not language: product and platform names, the show's title, units, numbers,
file patterns, paths and URLs, SKUs, colour codes, code in backticks, acronyms and the
brand words of :data:`ALLOWED`. A failure lists every English text with the widget that
shows it and the module that built it, so each owner can find theirs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDockWidget,
    QDoubleSpinBox,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QSpinBox,
    QTabBar,
    QTextEdit,
    QToolBox,
    QWidget,
    QWizard,
    QWizardPage,
)
from pytestqt.qtbot import QtBot

from app.commerce.catalog import ProductInfo
from app.commerce.plans import PLATFORMS, PlanItem, ShowPlan, save_plan
from app.commerce.repository import upsert_products
from app.config import Config
from app.live.builder import build_live, build_replay
from app.server.client import free_port
from app.session.bundle import load_bundle
from app.store.db import Store
from app.ui import i18n
from app.ui.program_output import WINDOW_TITLE as PROGRAM_WINDOW_TITLE

pytestmark = [
    pytest.mark.qt_log_ignore(
        "This plugin does not support propagateSizeHints",
        ".*(multimedia|audio|pulse|PulseAudio|pipewire|ALSA|FFmpeg).*",
    ),
    pytest.mark.slow,
]

# -- what is not language --------------------------------------------------------------
#: Brand, format and unit words a Chinese interface shows as they are (case-insensitive).
_ALLOWED_TEXT = """
    anchordesk obs sku skus gmv gpm kpi kpis uv pv csv xlsx xlsm tsv html srt vtt png jpg
    jpeg webp bmp mp4 avi mjpg wav zip json jsonl url urls http https rtsp irc websocket
    twitch tiktok douyin taobao kuaishou youtube vosk postgresql sqlite pyside qt opencv
    mediapipe ffmpeg pulseaudio pipewire alsa portaudio libpulse pyvirtualcam v4l2loopback
    fps db dbfs mb kb gb tb ms px hz khz kbps mbps usb rgb rrggbb bgr api cpu gpu ram
    ctrl shift alt esc del pgup pgdn wifi windows macos linux ubuntu debian pip python
    utf gbk big5 utc gmt id ip ipv4 ipv6 localhost hdmi ndi lavalier emoji
"""
ALLOWED = frozenset(_ALLOWED_TEXT.split())
#: Whole texts that must stay as they are: OBS's Window Capture finds the program output
#: window by this title, and docs/vision.md tells people to pick it.
FIXED_TEXTS = frozenset({PROGRAM_WINDOW_TITLE})
_TAG = re.compile(r"<[A-Za-z/!][^>]*>")
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.I)
_PATH = re.compile(r"(?:[A-Za-z]:)?[\w.~-]*[/\\][^\s,;:()（）]*")
_PATTERN = re.compile(r"\(\*\.[^)]*\)|\*\.\w+")
_CODE = re.compile(r"`[^`]*`")
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}\b")
_SKU = re.compile(r"\b[A-Za-z]+[-_]\d+[\w-]*\b")
_EMAIL = re.compile(r"\S+@\S+")
_FILE = re.compile(r"\b[\w-]+\.(?:[A-Za-z]{2,4}\d?)\b(?!\.)")
_MODEL = re.compile(r"\bvosk-model[\w.-]*")
_EXCEPTION = re.compile(r"\b[A-Z]\w*(?:Error|Exception|Warning)\b")
#: Names that are several words: platforms, Office programs, a language in its own words.
_PHRASES = re.compile(r"TikTok Shop|Microsoft Excel|Excel|English|LibreOffice|WPS", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_ACRONYM = re.compile(r"^[A-Z0-9]{2,5}s?$")


def english_words(text: str, allowed: frozenset[str] = ALLOWED) -> list[str]:
    """The English words left in ``text`` once names, units, codes and paths are out."""
    if _TAG.search(text):
        text = QTextDocumentFragment.fromHtml(text).toPlainText()
    text = html.unescape(text).replace("&&", "＆").replace("&", "")
    for pattern in (_URL, _CODE, _PATTERN, _EMAIL, _PATH, _MODEL, _FILE, _COLOUR, _SKU,
                    _EXCEPTION, _PHRASES):  # fmt: skip
        text = pattern.sub(" ", text)
    words = []
    for word in _WORD.findall(text):
        bare = word.strip("'’")
        if len(bare) < 3 or _ACRONYM.match(bare) or bare.lower() in allowed:
            continue
        words.append(bare)
    return words


# -- collecting what a person reads ----------------------------------------------------
@dataclass(frozen=True)
class Finding:
    window: str
    module: str  # the app module whose widget shows the text (who owns the string)
    widget: str
    kind: str
    text: str
    words: tuple[str, ...]

    def __str__(self) -> str:
        shown = self.text if len(self.text) <= 140 else self.text[:137] + "…"
        return (
            f"[{self.window}] {self.module} · {self.widget} · {self.kind}: {shown!r}"
            f"  (English: {', '.join(self.words)})"
        )


def _owner(widget: object) -> str:
    """The nearest app (or Qt) module up the parent chain: who built this widget."""
    node = widget
    while node is not None:
        module = type(node).__module__
        if module.startswith("app."):
            return module
        parent = node.parent() if hasattr(node, "parent") else None
        node = parent if callable(getattr(node, "parent", None)) else None
    return type(widget).__module__


def _name(widget: object) -> str:
    object_name = widget.objectName() if hasattr(widget, "objectName") else ""
    return f"{type(widget).__name__}" + (f"#{object_name}" if object_name else "")


def _texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(kind, text) pairs a person can read on ``widget`` itself (not its children)."""
    yield "tooltip", widget.toolTip()
    yield "status tip", widget.statusTip()
    if widget.isWindow() or isinstance(widget, QDockWidget):
        yield "title", widget.windowTitle()
    yield from _own_texts(widget)
    yield from _item_texts(widget)
    for action in widget.actions():
        yield from _action_texts(action)


def _own_texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    if isinstance(widget, QLabel):
        yield "label", widget.text()
    elif isinstance(widget, QAbstractButton):
        yield "button", widget.text()
    elif isinstance(widget, QGroupBox):
        yield "group", widget.title()
    elif isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
        yield "placeholder", widget.placeholderText()
    elif isinstance(widget, QProgressBar) and widget.isTextVisible():
        yield "progress", widget.format()
    elif isinstance(widget, QMenu):
        yield "menu", widget.title()
    elif isinstance(widget, QWizardPage):
        yield "page title", widget.title()
        yield "page subtitle", widget.subTitle()
    if isinstance(widget, QAbstractSpinBox):
        yield "special value", widget.specialValueText()
    if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        yield "prefix", widget.prefix()
        yield "suffix", widget.suffix()


def _item_texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    """Items of combo boxes, tab bars, tool boxes, list widgets; item-view headers."""
    if isinstance(widget, QComboBox):
        yield from (("combo item", widget.itemText(i)) for i in range(widget.count()))
    elif isinstance(widget, QTabBar):
        for i in range(widget.count()):
            yield "tab", widget.tabText(i)
            yield "tab tooltip", widget.tabToolTip(i)
    elif isinstance(widget, QToolBox):
        yield from (("toolbox page", widget.itemText(i)) for i in range(widget.count()))
    if isinstance(widget, QListWidget):
        for i in range(widget.count()):
            yield "list item", widget.item(i).text()
            yield "list item tooltip", widget.item(i).toolTip()
    if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
        yield from _header_texts(widget)


def _header_texts(view: QAbstractItemView) -> Iterator[tuple[str, str]]:
    model = view.model()
    if model is None:
        return
    horizontal = Qt.Orientation.Horizontal
    try:
        columns = model.columnCount(QModelIndex())
    except TypeError:  # QAbstractListModel keeps columnCount private in PySide6: one column
        columns = 1
    for column in range(columns):
        header = model.headerData(column, horizontal)
        yield "column header", str(header) if header is not None else ""
        tip = model.headerData(column, horizontal, Qt.ItemDataRole.ToolTipRole)
        yield "column header tooltip", str(tip) if tip else ""


def _action_texts(action: QAction) -> Iterator[tuple[str, str]]:
    if action.isSeparator():
        return
    yield "action", action.text()
    if action.toolTip() != action.text().replace("&", ""):
        yield "action tooltip", action.toolTip()
    yield "action status tip", action.statusTip()


def _menus(widget: QWidget) -> Iterator[QMenu]:
    """Menus reachable from ``widget``'s actions (menu bar, context menus), recursively."""
    seen: set[int] = set()
    stack = [a.menu() for a in widget.actions() if a.menu() is not None]
    while stack:
        menu = stack.pop()
        if not isinstance(menu, QMenu) or id(menu) in seen:
            continue
        seen.add(id(menu))
        yield menu
        stack.extend(a.menu() for a in menu.actions() if a.menu() is not None)


def walk(window: QWidget, label: str, allowed: frozenset[str] = ALLOWED) -> list[Finding]:
    """Every English text ``window`` and its children (and their menus) show."""
    widgets: list[QWidget] = [window, *window.findChildren(QWidget)]
    widgets += [m for w in list(widgets) for m in _menus(w) if m not in widgets]
    findings: list[Finding] = []
    seen: set[tuple[int, str, str]] = set()
    for widget in widgets:
        for kind, raw in _texts(widget):
            text = (raw or "").strip()
            if not text or text in FIXED_TEXTS or (id(widget), kind, text) in seen:
                continue
            seen.add((id(widget), kind, text))
            words = english_words(text, allowed)
            if words:
                findings.append(
                    Finding(label, _owner(widget), _name(widget), kind, text, tuple(words))
                )
    return findings


def _report(findings: Iterable[Finding]) -> str:
    lines = sorted(str(f) for f in findings)
    by_module: dict[str, int] = {}
    for f in findings:
        by_module[f.module] = by_module.get(f.module, 0) + 1
    head = ", ".join(f"{m} ×{n}" for m, n in sorted(by_module.items()))
    return f"{len(lines)} English text(s) in the Chinese UI ({head}):\n" + "\n".join(lines)


def assert_chinese(window: QWidget, label: str, allowed: frozenset[str] = ALLOWED) -> None:
    findings = walk(window, label, allowed)
    assert not findings, _report(findings)


# -- fixtures --------------------------------------------------------------------------
PRODUCTS = [
    ProductInfo(
        "LIP-001", "丝绒口红", "Velvet Lipstick", 129.0, 89.0, stock=50,
        faq=(("黄皮能用吗？", "黄皮白皮都显白。"),),
    ),
    ProductInfo("SUN-002", "猫眼墨镜", "Cat-Eye Sunglasses", 199.0, stock=8),
]  # fmt: skip
TITLE, HOST = "周二夜场", "小鹿"


def _names(*texts: str) -> frozenset[str]:
    return frozenset(w.lower() for t in texts for w in _WORD.findall(t))


def _bundle_words(folder: Path) -> frozenset[str]:
    """Every word of a replay bundle's own data (titles, host, viewers, gifts, comments,
    what the host says): a replayed show shows its data as it is."""
    import json

    texts: list[str] = []

    def strings(value: object) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                strings(item)
        elif isinstance(value, list):
            for item in value:
                strings(item)

    for path in folder.iterdir():
        if path.suffix == ".json":
            strings(json.loads(path.read_text(encoding="utf-8")))
        elif path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    strings(json.loads(line))
    return _names(*texts)


#: Data, not interface: the products' English names and the platforms are shown as they are.
DATA_WORDS = ALLOWED | _names(*(p.name_en for p in PRODUCTS), *PLATFORMS)


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    """The interface in Chinese for one test (the app's and Qt's translators)."""
    assert i18n.install_translators("zh_CN") == "zh_CN"
    try:
        yield
    finally:
        i18n.install_translators("en")


@pytest.fixture
def plan(config: Config, store: Store) -> ShowPlan:
    config.settings.server_port = free_port()
    config.settings.record_audio = config.settings.record_video = False
    upsert_products(store, PRODUCTS)
    return save_plan(
        store,
        ShowPlan(
            None, TITLE, host=HOST, platforms=("douyin",),
            items=(PlanItem("SUN-002", flash_seconds=30), PlanItem("LIP-001", live_price=79.0)),
        ),
    )  # fmt: skip


def _settle(qtbot: QtBot, ms: int = 600) -> None:
    qtbot.wait(ms)


# -- the detector itself ---------------------------------------------------------------
def test_the_detector_finds_english_and_passes_chinese(qtbot: QtBot) -> None:
    assert english_words("Replay finished") == ["Replay", "finished"]
    assert english_words("[Errno -2] Name or service not known") != []
    assert english_words("&Look in:") == ["Look"]
    assert english_words("e.g. the price") == ["the", "price"]
    assert english_words("ValueError: 数据有误；语言 English；用 Excel 打开") == []
    assert english_words("查找范围(&L)：") == []
    assert (
        english_words("导入 catalog.csv（*.csv *.xlsx）到 /tmp/x，SKU LIP-001，¥89，30 fps") == []
    )
    assert english_words("用 `python -m app models install vosk-model-small-cn-0.22` 安装") == []
    assert english_words("<b>OBS</b> 已连接 https://example.com/a") == []
    label = QLabel("Questions to answer")
    qtbot.addWidget(label)
    (finding,) = walk(label, "probe")
    assert finding.widget == "QLabel" and finding.words == ("Questions", "answer")


# -- the windows -------------------------------------------------------------------------
def test_live_window_is_chinese(
    qtbot: QtBot, chinese: None, config: Config, store: Store, plan: ShowPlan
) -> None:
    from app.ui.app import create_main_window

    engine = build_live(config, store, plan, camera="off", microphone=False)
    window = create_main_window(engine)
    qtbot.addWidget(window)
    window.show()
    try:
        findings = walk(window, "live window (ready)", DATA_WORDS)
        window.go_live_button.click()
        qtbot.waitUntil(lambda: engine.started, timeout=5_000)
        engine.switch_product("SUN-002")
        engine.show.start_flash_sale("SUN-002", 30)
        _settle(qtbot, 1_200)
        window.refresh()
        findings += walk(window, "live window (on air)", DATA_WORDS)
    finally:
        window.end_show(confirm=False)  # stops and saves the show, closes the window
    assert not findings, _report(findings)


def test_replay_window_is_chinese(
    qtbot: QtBot, chinese: None, config: Config, store: Store, mini_bundle: Path
) -> None:
    from app.ui.app import create_main_window

    bundle = load_bundle(mini_bundle)
    engine = build_replay(config, store, bundle, speed=8.0)
    window = create_main_window(engine)
    qtbot.addWidget(window)
    window.show()
    engine.start()
    try:
        qtbot.waitUntil(engine.finished.is_set, timeout=10_000)
        _settle(qtbot)
        window.refresh()
        findings = walk(window, "replay window (finished)", DATA_WORDS | _bundle_words(mini_bundle))
    finally:
        window.close()
    assert not findings, _report(findings)


def test_review_window_is_chinese(  # noqa: PLR0917 (pytest fixtures)
    qtbot: QtBot, chinese: None, config: Config, store: Store, recorded: int, mini_bundle: Path
) -> None:
    from review_support import open_review

    window = open_review(qtbot, store, recorded, config)
    try:
        findings = walk(window, "review window", DATA_WORDS | _bundle_words(mini_bundle))
    finally:
        window.close()
    assert not findings, _report(findings)


def _dialogs(config: Config, store: Store) -> dict[str, Callable[[], QWidget]]:
    """Every dialog of app/ui/dialogs (and the crash dialogs), as the app opens them."""
    from app.speech.audit import audit
    from app.ui.crash import CrashTraceDialog, ErrorDialog
    from app.ui.dialogs.compliance_audit import ComplianceAuditDialog
    from app.ui.dialogs.copy_history import CopyHistoryDialog
    from app.ui.dialogs.first_run import FirstRunWizard
    from app.ui.dialogs.log_view import LogViewDialog
    from app.ui.dialogs.privacy import PrivacyDialog
    from app.ui.dialogs.product_editor import ProductEditorDialog
    from app.ui.dialogs.safe_mode import SafeModeDialog
    from app.ui.dialogs.settings import SettingsDialog
    from app.ui.dialogs.show_plans import PlanEditorDialog, ProductPickerDialog, ShowPickerDialog
    from app.ui.dialogs.speech_models import SpeechModelsDialog

    trace = config.data_dir / "crash-pending.log"
    trace.write_text("Fatal Python error: Segmentation fault\n", encoding="utf-8")

    def error_dialog() -> QWidget:
        dialog = ErrorDialog()
        dialog.add("ValueError: 数据有误", "Traceback (most recent call last):\n  ...")
        return dialog

    def plan_editor() -> QWidget:
        plan = ShowPlan(None, TITLE, host=HOST, items=(PlanItem("LIP-001", live_price=79.0),))
        return PlanEditorDialog(plan, PRODUCTS)

    def product_editor() -> QWidget:
        dialog = ProductEditorDialog(None, PRODUCTS[0])
        dialog.sku.setText("bad sku")
        dialog.submit()  # the checks, shown under the form
        return dialog

    def speech_models() -> QWidget:
        import socket
        import urllib.error

        from app.speech.models import download_failure
        from app.ui.dialogs.store_task import error_line

        dialog = SpeechModelsDialog(config)
        offline = urllib.error.URLError(socket.gaierror(-2, "Name or service not known"))
        # what a download offline shows (the install task hands its error line over)
        dialog._on_failed(error_line(download_failure(offline)))
        return dialog

    return {
        "compliance audit": lambda: ComplianceAuditDialog(audit(PRODUCTS)),
        "copy history": lambda: CopyHistoryDialog(config, store),
        "first run": lambda: FirstRunWizard(
            config, cameras=list, microphones=lambda: [("3", "3: USB lavalier")]
        ),
        "log": LogViewDialog,
        "privacy": lambda: PrivacyDialog(config, store),
        "product editor": product_editor,
        "safe mode": lambda: SafeModeDialog(config, OSError("磁盘已拔出"), lambda _config: store),
        "settings": lambda: SettingsDialog(config, cameras=list, microphones=lambda: [("", "")]),
        "new show": lambda: ShowPickerDialog(config, store),
        "plan editor": plan_editor,
        "add products": lambda: ProductPickerDialog(PRODUCTS),
        "speech models": speech_models,
        "errors": error_dialog,
        "crash trace": lambda: CrashTraceDialog(trace),
    }


DIALOGS = (
    "compliance audit", "copy history", "first run", "log", "privacy", "product editor",
    "safe mode", "settings", "new show", "plan editor", "add products", "speech models",
    "errors", "crash trace",
)  # fmt: skip


def test_every_dialog_module_is_walked() -> None:
    """A new dialog in app/ui/dialogs must join the walk (store_task is their base)."""
    folder = Path(__file__).resolve().parents[2] / "app" / "ui" / "dialogs"
    modules = {p.stem for p in folder.glob("*.py")} - {"__init__", "store_task"}
    walked = {
        "compliance_audit", "copy_history", "first_run", "log_view", "privacy",
        "product_editor", "safe_mode", "settings", "show_plans", "speech_models",
    }  # fmt: skip
    assert modules <= walked, f"dialogs not walked by test_no_english: {modules - walked}"


@pytest.mark.parametrize("name", DIALOGS)
def test_dialog_is_chinese(  # noqa: PLR0917 (pytest fixtures)
    qtbot: QtBot, chinese: None, config: Config, store: Store, plan: ShowPlan, name: str
) -> None:
    dialog = _dialogs(config, store)[name]()
    qtbot.addWidget(dialog)
    dialog.show()
    _settle(qtbot, 400)  # workers (plan lists, device lists) report back
    if isinstance(dialog, QWizard):
        findings = []
        for page_id in dialog.pageIds():
            findings += walk(dialog.page(page_id), f"{name} (page {page_id})", DATA_WORDS)
        findings += walk(dialog, name, DATA_WORDS)
    else:
        findings = walk(dialog, name, DATA_WORDS)
    if isinstance(dialog, QDialog):
        dialog.done(0)
    dialog.close()
    assert not findings, _report(findings)


def test_host_view_is_chinese(qtbot: QtBot, chinese: None, config: Config, store: Store,
                              plan: ShowPlan) -> None:  # fmt: skip
    """The host's teleprompter window, opened from the live window as a person opens it."""
    from app.ui.app import create_main_window

    engine = build_live(config, store, plan, camera="off", microphone=False)
    window = create_main_window(engine)
    qtbot.addWidget(window)
    open_view = getattr(window, "open_host_view", None)
    if open_view is None:
        window.close()
        pytest.skip("the app has no host view yet")
    try:
        view = open_view()
        engine.switch_product("SUN-002")
        _settle(qtbot, 600)
        findings = walk(view, "host view", DATA_WORDS | _names(TITLE, HOST))
        view.close()
    finally:
        window.close()
    assert not findings, _report(findings)


# -- Qt's own dialogs ---------------------------------------------------------------------
def test_qt_file_dialog_is_chinese(qtbot: QtBot, chinese: None, tmp_path: Path) -> None:
    """Qt's own (non-native) file dialog: "Look in", "Files of type", the buttons, the
    headers; Qt 6.11 changed some of its English after PySide6's Chinese was made."""
    dialog = QFileDialog(None, "导入商品库", str(tmp_path), "商品库 (*.csv *.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    dialog.show()
    _settle(qtbot, 300)
    findings = walk(dialog, "Qt file dialog")
    dialog.reject()
    assert not findings, _report(findings)


def test_qt_message_and_input_boxes_are_chinese(qtbot: QtBot, chinese: None) -> None:
    buttons = QMessageBox.StandardButton
    box = QMessageBox(
        QMessageBox.Icon.Question, "结束直播", "现在结束？",
        buttons.Yes | buttons.No | buttons.Save | buttons.Cancel | buttons.Ok | buttons.Close,
    )  # fmt: skip
    qtbot.addWidget(box)
    box.show()
    findings = walk(box, "Qt message box")
    box.done(0)
    ask = QInputDialog()
    ask.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput, True)
    ask.setLabelText("回复")
    qtbot.addWidget(ask)
    ask.show()
    findings += walk(ask, "Qt input dialog")
    ask.done(0)
    assert not findings, _report(findings)


def test_mnemonic_fallback_translates_qt_texts_with_a_new_shortcut(
    qtbot: QtBot, chinese: None
) -> None:
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "查找范围(&L)："
    assert QCoreApplication.translate("QFileDialog", "Files of &type:") == "文件类型(&T)："
    # not a Qt text: no translation is made up
    assert QCoreApplication.translate("QFileDialog", "&Nothing here:") == "&Nothing here:"
