"""Live ▸ Connections: connect a platform page in plain words; the ingest server under
"Advanced: other tools".

Main path: pick the platform, *Open login window* (the account's own browser profile, so
the login stays), *Test* (reads the page for a few seconds on a private bus and says what
came in), *Connect* (adds the platform's browser-bridge source to the running show). A live
preview lists the last events that reached the show. The ingest server's address, token
(masked on screen: hosts share their screen while streaming; copying copies the real
value), the OBS overlay URL and the userscript stay under *Advanced: other tools*.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.bridge.platforms import ADAPTERS
from app.messages import QT_TRANSLATE_NOOP
from app.server.source import IngestServerSource, ServerInfo
from app.session.events import (
    CommentEvent,
    Event,
    FollowEvent,
    GiftEvent,
    LikeEvent,
    OrderEvent,
    SourceStatusEvent,
    ViewersEvent,
)
from app.ui.dialogs.store_task import Task, run_task
from app.ui.engine_api import SessionEngineLike
from app.ui.i18n import tr_status

MASK = "••••••"
PREVIEW_ROWS = 30
PREVIEW_EVENTS = (CommentEvent, GiftEvent, LikeEvent, FollowEvent, ViewersEvent, OrderEvent)
#: What to type in "Live room", per platform (shown as the placeholder).
ROOM_HINTS = {
    "douyin": QT_TRANSLATE_NOOP(
        "ConnectionsDialog", "room address or number, e.g. 123456789; console = seller console"
    ),
    "tiktok": QT_TRANSLATE_NOOP("ConnectionsDialog", "@your_name or the LIVE address"),
    "kuaishou": QT_TRANSLATE_NOOP("ConnectionsDialog", "your Kuaishou id or the room address"),
    "bilibili": QT_TRANSLATE_NOOP("ConnectionsDialog", "room number or address"),
    "youtube": QT_TRANSLATE_NOOP("ConnectionsDialog", "video id or the live address"),
}
#: A bridge source's state in plain words.
BRIDGE_STATES = {
    "starting": QT_TRANSLATE_NOOP("ConnectionsDialog", "Starting…"),
    "ok": QT_TRANSLATE_NOOP("ConnectionsDialog", "Connected"),
    "stalled": QT_TRANSLATE_NOOP("ConnectionsDialog", "No traffic — reloading the page"),
    "logged_out": QT_TRANSLATE_NOOP("ConnectionsDialog", "Logged out — open the login window"),
    "error": QT_TRANSLATE_NOOP("ConnectionsDialog", "Not connected"),
    "ended": QT_TRANSLATE_NOOP("ConnectionsDialog", "Disconnected"),
}


def masked(text: str, token: str) -> str:
    return text.replace(token, MASK) if token else text


class CopyField(QWidget):
    """A read-only line with a Copy button; ``display`` may hide secrets shown on screen."""

    def __init__(self, value: str, display: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.value = value
        self.edit = QLineEdit(display if display is not None else value)
        self.edit.setReadOnly(True)
        self.button = QPushButton(self.tr("Copy"))
        self.button.clicked.connect(self._on_copy)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)

    def set_display(self, display: str) -> None:
        self.edit.setText(display)

    def _on_copy(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.value)
        self.button.setText(self.tr("Copied ✓"))


class ConnectionsDialog(QDialog):
    """Non-modal: the host keeps it open beside the browser while setting up.

    ``engine`` (the running show) is what *Connect* adds a platform to and what the live
    preview listens to; without it the platform part only tests.
    """

    def __init__(
        self,
        server: IngestServerSource | None,
        status: Callable[[], SourceStatusEvent | None],
        parent: QWidget | None = None,
        *,
        engine: SessionEngineLike | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Connections"))
        self.setObjectName("connections_dialog")
        self.server, self._status, self.engine = server, status, engine
        self.fields: dict[str, CopyField] = {}
        self._preview_queue: deque[Event] = deque(maxlen=PREVIEW_ROWS)
        self._unsubscribe: Callable[[], None] | None = None
        self._task: Task[Any] | None = None
        self._login_task: Task[Any] | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self._platform_box())
        self.advanced_toggle = QPushButton(self.tr("Advanced: other tools ▸"))
        self.advanced_toggle.setObjectName("advanced_toggle")
        self.advanced_toggle.setCheckable(True)
        self.advanced_toggle.setFlat(True)
        self.advanced_toggle.toggled.connect(self._on_advanced)
        layout.addWidget(self.advanced_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        self.advanced = QWidget()
        self.advanced.setObjectName("advanced_tools")
        layout.addWidget(self.advanced)
        adv = QVBoxLayout(self.advanced)
        adv.setContentsMargins(0, 0, 0, 0)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setObjectName("server_state")
        adv.addWidget(self.state)
        self.form = QFormLayout()
        adv.addLayout(self.form)
        self.show_token = QCheckBox(self.tr("Show token on screen"))
        self.show_token.toggled.connect(self._on_show_token)
        adv.addWidget(self.show_token)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        adv.addWidget(self.hint)
        self.advanced.setVisible(False)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._drain_preview)
        self._timer.start()
        self.resize(680, 560)
        self.refresh()

    # -- the platform part (main path) ------------------------------------------------------
    def _platform_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Read comments, gifts and orders from your live page"))
        form = QFormLayout(box)
        self.platform = QComboBox()
        self.platform.setObjectName("bridge_platform")
        for key, adapter in ADAPTERS.items():
            self.platform.addItem(adapter.title, key)
        self.platform.currentIndexChanged.connect(self._on_platform)
        form.addRow(self.tr("Platform"), self.platform)
        self.room = QLineEdit()
        self.room.setObjectName("bridge_room")
        form.addRow(self.tr("Live room"), self.room)
        self.account = QLineEdit("default")
        self.account.setObjectName("bridge_account")
        self.account.setToolTip(
            self.tr("A name for the platform account; each has its own saved login.")
        )
        form.addRow(self.tr("Account"), self.account)
        row = QHBoxLayout()
        self.login_button = QPushButton(self.tr("Open login window"))
        self.login_button.setObjectName("bridge_login")
        self.login_button.clicked.connect(self._on_login)
        self.test_button = QPushButton(self.tr("Test"))
        self.test_button.setObjectName("bridge_test")
        self.test_button.clicked.connect(self._on_test)
        self.connect_button = QPushButton(self.tr("Connect"))
        self.connect_button.setObjectName("bridge_connect")
        self.connect_button.clicked.connect(self._on_connect)
        for button in (self.login_button, self.test_button, self.connect_button):
            row.addWidget(button)
        row.addStretch(1)
        form.addRow(row)
        self.bridge_state = QLabel()
        self.bridge_state.setObjectName("bridge_state")
        self.bridge_state.setWordWrap(True)
        self.bridge_state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.bridge_state)
        self.preview = QListWidget()
        self.preview.setObjectName("bridge_preview")
        self.preview.setMinimumHeight(140)
        form.addRow(self.tr("Last events"), self.preview)
        self._on_platform()
        return box

    def _selected(self) -> tuple[str, str, str]:
        """(platform, room, account) as typed."""
        return (
            str(self.platform.currentData()),
            self.room.text().strip(),
            self.account.text().strip() or "default",
        )

    def _on_platform(self) -> None:
        platform = str(self.platform.currentData())
        self.room.setPlaceholderText(self.tr(ROOM_HINTS.get(platform, "")))
        self._show_bridge_state()

    def _say(self, text: str) -> None:
        self.bridge_state.setText(text)

    def _data_dir(self) -> Path | None:
        return self.engine.config.data_dir if self.engine is not None else None

    def _on_login(self) -> None:
        platform, _room, account = self._selected()
        from app.bridge.browser import open_login_window, profile_dir
        from app.bridge.platforms import adapter_for

        adapter = adapter_for(platform)
        base = self._data_dir()
        if base is None:
            from app.config import load_config

            base = load_config().data_dir
        profile = profile_dir(base, platform, account)
        self.login_button.setEnabled(False)
        self._say(
            self.tr("Log in to {platform} in the window that opened, then close it.").format(
                platform=adapter.title
            )
        )
        self._login_task = run_task(
            lambda: open_login_window(adapter.login_url, profile),
            lambda _none: self._login_done(True, ""),
            lambda message: self._login_done(False, message),
            parent=self,
            name="bridge login window",
        )

    def _login_done(self, ok: bool, message: str) -> None:
        self.login_button.setEnabled(True)
        if ok:
            self._say(self.tr("Login window closed. Now click Test or Connect."))
        else:
            self._say(self.tr("The login window could not open: {why}").format(why=message))

    def _on_test(self) -> None:
        platform, room, account = self._selected()
        if not room:
            self._say(self.tr("Type the live room first (its address or number)."))
            return
        from app.bridge.probe import probe

        self.test_button.setEnabled(False)
        self._say(self.tr("Testing: reading the page for up to 20 seconds…"))
        queue = self._preview_queue
        data_dir = self._data_dir()
        holder: list[Task[Any]] = []

        def work() -> Any:
            cancelled = holder[0].is_cancelled if holder else (lambda: False)
            return probe(
                platform,
                room,
                account=account,
                data_dir=data_dir,
                cancelled=cancelled,
                on_event=lambda e: queue.append(e) if isinstance(e, PREVIEW_EVENTS) else None,
            )

        self._task = run_task(
            work, self._test_done, self._test_failed, parent=self, name="bridge test"
        )
        holder.append(self._task)

    def _test_done(self, result: Any) -> None:
        self.test_button.setEnabled(True)
        if result.events:
            text = self.tr("Test passed: {n} events in {s} s. Click Connect.").format(
                n=result.events, s=result.seconds
            )
        elif result.state == "logged_out":
            text = self.tr("Test: the page asks you to log in. Click Open login window first.")
        elif result.decode_errors:
            text = self.tr(
                "Test: the page sent {n} messages AnchorDesk could not read. Use the userscript "
                "under Advanced until AnchorDesk is updated."
            ).format(n=result.decode_errors)
        elif result.frames:
            text = self.tr(
                "Test: the page is connected but nothing happened in the room yet. Are you live?"
            )
        else:
            text = self.tr("Test: nothing came in. {detail}").format(detail=result.message)
        self._say(text)

    def _test_failed(self, message: str) -> None:
        self.test_button.setEnabled(True)
        self._say(self.tr("Test failed: {why}").format(why=message))

    def _on_connect(self) -> None:
        platform, room, account = self._selected()
        if not room:
            self._say(self.tr("Type the live room first (its address or number)."))
            return
        if self.engine is None:
            self._say(self.tr("Start a show first: Connect adds the page to the running show."))
            return
        from app.chat.connectors import ConnectorError, source_from_spec

        try:
            source = source_from_spec(f"{platform}@{account}:{room}", data_dir=self._data_dir())
        except ConnectorError as exc:
            self._say(str(exc))
            return
        self.engine.add_source(source)
        self._say(
            self.tr("Connecting… the status bar shows a dot for {platform}.").format(
                platform=self.platform.currentText()
            )
        )

    def _show_bridge_state(self) -> None:
        if self.engine is None:
            return
        platform = str(self.platform.currentData())
        status = self.engine.health().get(platform)
        if status is not None:
            self._say(
                f"{self.tr(BRIDGE_STATES.get(status.state, status.state))} — {tr_status(status)}"
            )

    # -- live preview -----------------------------------------------------------------------
    def _drain_preview(self) -> None:
        if not self._preview_queue:
            return
        events = list(self._preview_queue)
        self._preview_queue.clear()
        for event in events:
            self.preview.addItem(self._line(event))
        while self.preview.count() > PREVIEW_ROWS:
            self.preview.takeItem(0)
        self.preview.scrollToBottom()
        self._show_bridge_state()

    def _line(self, event: Event) -> str:
        if isinstance(event, CommentEvent):
            return f"💬 [{event.platform}] {event.user}: {event.text}"
        if isinstance(event, GiftEvent):
            return self.tr("🎁 {user} sent {gift} ×{n}").format(
                user=event.user, gift=event.gift, n=event.count
            )
        if isinstance(event, OrderEvent):
            return self.tr("🛒 order {sku} ×{n}: {amount}").format(
                sku=event.sku, n=event.qty, amount=f"{event.amount:.2f}"
            )
        return self._count_line(event)

    def _count_line(self, event: Event) -> str:
        if isinstance(event, LikeEvent):
            return self.tr("❤ {n} likes").format(n=event.count)
        if isinstance(event, FollowEvent):
            return self.tr("➕ {user} followed").format(user=event.user)
        if isinstance(event, ViewersEvent):
            return self.tr("👀 {n} watching").format(n=event.online)
        return type(event).__name__

    def _detach_from_bus(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _attach_to_bus(self) -> None:
        """Preview the show's events while the dialog is shown (a bounded queue, no Qt on
        the publishing thread; the timer drains it)."""
        if self.engine is not None and self._unsubscribe is None:
            self._unsubscribe = self.engine.bus.subscribe(
                self._preview_queue.append, PREVIEW_EVENTS
            )

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._task is not None:
            self._task.cancel()
        self._detach_from_bus()
        super().closeEvent(event)

    def _on_advanced(self, shown: bool) -> None:
        if shown:
            self.refresh()  # the server may have started listening since the dialog opened
        self.advanced.setVisible(shown)
        self.advanced_toggle.setText(
            self.tr("Advanced: other tools ▾") if shown else self.tr("Advanced: other tools ▸")
        )

    # -- advanced: the ingest server ---------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the server state (the port may have changed after a restart)."""
        status = self._status()
        info = self.server.info if self.server is not None else None
        self.state.setText(self._state_text(status, info))
        self._fill(info)
        self._show_bridge_state()

    def _state_text(self, status: SourceStatusEvent | None, info: ServerInfo | None) -> str:
        if self.server is None:
            return self.tr("This session has no ingest server.")
        if info is not None:
            return self.tr("● Listening: {url}").format(url=info.base_url)
        detail = tr_status(status) if status is not None else self.tr("starting…")
        return self.tr(
            "● Not listening: {detail}\n"
            "Change server_port in settings.json and restart the session."
        ).format(detail=detail)

    def _fill(self, info: ServerInfo | None) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields.clear()
        if info is None:
            self.hint.setText("")
            return
        token = info.token
        rows = {
            "events": (self.tr("Send events to"), info.events_url, None),
            "token": (self.tr("Token"), token, MASK),
            "ws": (self.tr("WebSocket"), info.ws_url, masked(info.ws_url, token)),
            "overlay": (
                self.tr("OBS overlay"),
                info.overlay_url("ticker"),
                masked(info.overlay_url("ticker"), token),
            ),
        }
        for key, (label, value, display) in rows.items():
            self.fields[key] = field = CopyField(value, display)
            self.form.addRow(label, field)
        self.hint.setText(
            self.tr(
                "Other ways to send comments:\n"
                "• Browser userscript (Tampermonkey) in resources/bridge: a fallback when a "
                "platform page changed; paste the token via its menu.\n"
                "• Any tool: POST JSON events to the address above with the header "
                "'Authorization: Bearer <token>' — see docs/ingest.md.\n"
                "• OBS: add a Browser source with the overlay URL (transparent background)."
            )
        )
        self._on_show_token(self.show_token.isChecked())

    def _on_show_token(self, shown: bool) -> None:
        for key, field in self.fields.items():
            if key == "events":
                continue
            token = self.server.token if self.server is not None else ""
            field.set_display(field.value if shown else masked(field.value, token))

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        self._attach_to_bus()
        super().showEvent(event)


class ClickOpener(QObject):
    """Makes any widget (the status bar's "server" dot) open something when clicked."""

    def __init__(self, target: QWidget, on_click: Callable[[], None]) -> None:
        super().__init__(target)
        self._on_click = on_click
        target.installEventFilter(self)
        target.setCursor(Qt.CursorShape.PointingHandCursor)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease:
            self._on_click()
            return True
        return False
