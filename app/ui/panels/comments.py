"""Live comments feed with a triage banner, a "jump to latest" button and an activity line."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.session.events import CommentEvent, Event
from app.ui.formatting import InteractionSummary, is_classified, summarize_interactions
from app.ui.models.feeds import CommentsModel
from app.ui.panels.comment_delegate import CommentDelegate
from app.ui.widgets import Banner, FeedView


class CommentsPanel(QWidget):
    """Shows every comment as it arrives; coloured once a classifier labels them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CommentsModel(parent=self)
        self.banner = Banner(
            self.tr(
                "Comment triage (sentiment/intent/spam) is not installed yet — "
                "showing the raw stream."
            )
        )
        self.view = FeedView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(CommentDelegate(self.view))
        self.activity = QLabel()
        self.activity.setObjectName("activity")
        self._jump = QPushButton(self.tr("↓ Latest 最新"))
        self._jump.setVisible(False)
        self._build_layout()
        self.view.following_changed.connect(self._on_following_changed)
        self._jump.clicked.connect(self.view.jump_to_latest)

    def _build_layout(self) -> None:
        footer = QHBoxLayout()
        footer.addWidget(self.activity, 1)
        footer.addWidget(self._jump)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)
        layout.addLayout(footer)

    def _on_comments(self, events: list[CommentEvent]) -> None:
        self.view.append(events)
        if self.banner.text() and any(is_classified(e) for e in events):
            self.banner.set_message("")

    def _on_interactions(self, events: list[Event]) -> None:
        summary = summarize_interactions(events)
        if summary:
            self.activity.setText(self._describe(summary))

    def _describe(self, summary: InteractionSummary) -> str:
        parts = []
        if summary.likes:
            parts.append(self.tr("Likes 点赞 +{n}").format(n=f"{summary.likes:,}"))
        if summary.follows:
            parts.append(
                self.tr("Followed 关注: {who}").format(who=", ".join(summary.follows[-3:]))
            )
        if summary.gifts:
            parts.append(self.tr("Gifts 礼物: {what}").format(what=", ".join(summary.gifts[-2:])))
        return "   ·   ".join(parts)

    def _on_following_changed(self, following: bool) -> None:
        self._jump.setVisible(not following)
