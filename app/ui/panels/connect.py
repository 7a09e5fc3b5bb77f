"""Live ▸ Connections: where to send comments, the token, and the OBS overlay URL.

Shows what the running session's ingest server reports (address, state) with copy buttons,
so a host can paste the token into the browser bridge and the overlay URL into OBS without
reading docs. The token is masked on screen (hosts share their screen while streaming);
copying always copies the real value.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.server.source import IngestServerSource, ServerInfo
from app.session.events import SourceStatusEvent

MASK = "••••••"


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
    """Non-modal: the host keeps it open beside the browser while setting up."""

    def __init__(
        self,
        server: IngestServerSource | None,
        status: Callable[[], SourceStatusEvent | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Connections"))
        self.setObjectName("connections_dialog")
        self.server, self._status = server, status
        self.fields: dict[str, CopyField] = {}
        layout = QVBoxLayout(self)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setObjectName("server_state")
        layout.addWidget(self.state)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.show_token = QCheckBox(self.tr("Show token on screen"))
        self.show_token.toggled.connect(self._on_show_token)
        layout.addWidget(self.show_token)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(640, 420)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the server state (the port may have changed after a restart)."""
        status = self._status()
        info = self.server.info if self.server is not None else None
        self.state.setText(self._state_text(status, info))
        self._fill(info)

    def _state_text(self, status: SourceStatusEvent | None, info: ServerInfo | None) -> str:
        if self.server is None:
            return self.tr("This session has no ingest server.")
        if info is not None:
            return self.tr("● Listening: {url}").format(url=info.base_url)
        detail = status.message if status is not None else self.tr("starting…")
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
                "How to send comments:\n"
                "• Douyin/TikTok web console: install the userscript in resources/bridge "
                "(Tampermonkey), then paste the token via its menu.\n"
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
