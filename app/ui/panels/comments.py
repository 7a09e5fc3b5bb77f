"""Live comments: a feed coloured by triage, filters, grouped questions and highlights.

The feed shows every comment as the bridge delivers it (already labelled by the triage
stage). Filter buttons narrow it to questions, buyers or complaints and can hide spam;
the "Questions to answer" section groups similar questions with counts and suggests
replies from the on-air product's FAQ; "Highlight on stream" publishes the selected
comment as a :class:`HighlightCommentEvent` that the overlay draws as a bubble.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.commerce.catalog import ProductInfo
from app.messages import QT_TRANSLATE_NOOP
from app.session.events import (
    CommentEvent,
    Event,
    HighlightCommentEvent,
    ProductSwitchEvent,
    SourceStatusEvent,
)
from app.ui.flow_layout import FlowLayout, flow_row
from app.ui.formatting import InteractionSummary, is_classified, summarize_interactions
from app.ui.i18n import tr_status
from app.ui.models.event_list import EVENT_ROLE
from app.ui.models.feeds import CommentsModel
from app.ui.panels.comment_delegate import CommentDelegate
from app.ui.panels.questions import QuestionsPanel
from app.ui.widgets import Banner, FeedView

TRIAGE_SOURCE = "triage"
Publish = Callable[[Event], None]


class CommentsPanel(QWidget):
    """Shows every comment as it arrives, coloured and filtered by its triage labels.

    ``publish`` (the session bus) receives highlight events; ``now_ms`` stamps them on the
    session clock. Both are optional so the panel also works read-only (review, tests).
    """

    FILTERS = (
        ("all", QT_TRANSLATE_NOOP("CommentsPanel", "All")),
        ("question", QT_TRANSLATE_NOOP("CommentsPanel", "Questions")),
        ("purchase", QT_TRANSLATE_NOOP("CommentsPanel", "Buyers")),
        ("complaint", QT_TRANSLATE_NOOP("CommentsPanel", "Complaints")),
    )

    def __init__(
        self,
        products: Iterable[ProductInfo] = (),
        publish: Publish | None = None,
        now_ms: Callable[[], int] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._publish = publish
        self._now_ms = now_ms or (lambda: 0)
        self._triage_seen = False
        self.model = CommentsModel(parent=self)
        self.banner = Banner(
            self.tr(
                "Comment triage (sentiment/intent/spam) is not running — showing the raw stream."
            )
        )
        self.model_status = QLabel()
        self.model_status.setObjectName("muted")
        self.view = FeedView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(CommentDelegate(self.view))
        self.filters = QButtonGroup(self)
        self.filter_buttons: dict[str, QPushButton] = {}
        self.hide_spam = QCheckBox(self.tr("Hide spam"))
        self.highlight = QPushButton(self.tr("★ Highlight on stream"))
        self.highlight.setEnabled(False)
        self.questions = QuestionsPanel(products)
        self.activity = QLabel()
        self.activity.setObjectName("activity")
        self._jump = QPushButton(self.tr("↓ Latest"))
        self._jump.setVisible(False)
        self.highlighted: list[HighlightCommentEvent] = []
        self._build_layout()
        self._connect()

    def _build_filter_bar(self) -> FlowLayout:
        bar = FlowLayout()
        for name, label in self.FILTERS:
            button = QPushButton(self.tr(label))
            button.setCheckable(True)
            button.setChecked(name == "all")
            self.filters.addButton(button)
            self.filter_buttons[name] = button
            bar.addWidget(button)
        bar.addWidget(self.hide_spam)
        return bar

    def _build_layout(self) -> None:
        """The feed fills the panel; ``self.questions`` gets a dock of its own (main window).

        A narrow laptop column cannot hold the feed and the question groups together
        without shrinking the feed to a few lines, and the feed is what the host reads.
        """
        self.activity.setWordWrap(True)
        self.model_status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addWidget(self.model_status)
        layout.addLayout(self._build_filter_bar())
        layout.addWidget(self.view, 1)
        layout.addWidget(self.activity)
        self.activity.hide()  # an empty wrapped label would still take a line of the feed
        layout.addLayout(flow_row(self._jump, self.highlight))

    def _connect(self) -> None:
        self.view.following_changed.connect(self._on_following_changed)
        self._jump.clicked.connect(self.view.jump_to_latest)
        for name, button in self.filter_buttons.items():
            button.clicked.connect(lambda _=False, n=name: self.set_filter(n))
        self.hide_spam.toggled.connect(self._on_hide_spam)
        self.highlight.clicked.connect(self.highlight_selected)
        self.view.doubleClicked.connect(lambda _index: self.highlight_selected())
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)

    # -- bridge slots ---------------------------------------------------------------------
    def _on_comments(self, events: list[CommentEvent]) -> None:
        self.view.append(events)
        self.questions.add_comments(events)
        if self.banner.text() and not self._triage_seen and any(is_classified(e) for e in events):
            self.banner.set_message("")

    def _on_statuses(self, statuses: list[SourceStatusEvent]) -> None:
        """The triage stage reports which model runs (or why none does)."""
        for status in statuses:
            if status.source != TRIAGE_SOURCE:
                continue
            self._triage_seen = True
            self.model_status.setText(self.tr("✓ Triage on"))
            # the model's own description is for the log and the status bar's details
            self.model_status.setToolTip(
                self.tr(
                    "Comments are sorted into questions, buyers, complaints and spam "
                    "on this computer"
                )
            )
            if status.state == "error":
                self.banner.set_message(
                    self.tr(
                        "Sentiment model unavailable — intent and spam rules still run. "
                        "Reinstall AnchorDesk or run tools/train_sentiment.py. ({why})"
                    ).format(why=tr_status(status))
                )
            else:
                self.banner.set_message("")

    def _on_product_switched(self, event: ProductSwitchEvent) -> None:
        self.questions.set_on_air(event.sku)

    def _on_interactions(self, events: list[Event]) -> None:
        summary = summarize_interactions(events)
        if summary:
            self.activity.setText(self._describe(summary))
            self.activity.show()

    # -- actions --------------------------------------------------------------------------
    def set_filter(self, name: str) -> None:
        self.model.set_filter(name)
        self.filter_buttons[name].setChecked(True)
        self.view.jump_to_latest()

    def selected_comment(self) -> CommentEvent | None:
        indexes = self.view.selectionModel().selectedIndexes()
        if not indexes:
            return None
        event = indexes[0].data(EVENT_ROLE)
        return event if isinstance(event, CommentEvent) else None

    def highlight_selected(self) -> HighlightCommentEvent | None:
        """Publish the selected comment for the on-stream bubble."""
        comment = self.selected_comment()
        if comment is None or self._publish is None:
            return None
        event = HighlightCommentEvent(
            self._now_ms(), text=comment.text, user=comment.user, platform=comment.platform
        )
        self._publish(event)
        self.highlighted.append(event)
        self.activity.setText(self.tr("On stream: {text}").format(text=comment.text))
        self.activity.show()
        return event

    def _on_hide_spam(self, hide: bool) -> None:
        self.model.set_filter(hide_spam=hide)
        self.view.jump_to_latest()

    def _on_selection_changed(self, *_args: object) -> None:
        self.highlight.setEnabled(self._publish is not None and self.selected_comment() is not None)

    def _describe(self, summary: InteractionSummary) -> str:
        parts = []
        if summary.likes:
            parts.append(self.tr("Likes +{n}").format(n=f"{summary.likes:,}"))
        if summary.follows:
            parts.append(self.tr("Followed: {who}").format(who=", ".join(summary.follows[-3:])))
        if summary.gifts:
            parts.append(self.tr("Gifts: {what}").format(what=", ".join(summary.gifts[-2:])))
        return "   ·   ".join(parts)

    def _on_following_changed(self, following: bool) -> None:
        self._jump.setVisible(not following)
