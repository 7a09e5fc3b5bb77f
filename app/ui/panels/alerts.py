"""Alerts (compliance terms, stock, source failures), newest first, coloured by severity."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QListView, QVBoxLayout, QWidget

from app.session.events import AlertEvent
from app.ui.models.feeds import AlertsModel


class AlertsPanel(QWidget):
    """A short list the operator glances at; new alerts appear at the top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AlertsModel(parent=self)
        self.view = QListView()
        self.view.setModel(self.model)
        # Wrap long alerts at the view's width instead of scrolling sideways.
        self.view.setWordWrap(True)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view)

    def _on_alerts(self, events: list[AlertEvent]) -> None:
        """Newest alerts enter at the top: bring them into view, they must be seen now."""
        self.model.append(events)
        self.view.scrollToTop()
