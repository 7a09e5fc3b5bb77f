""" "Questions to answer": similar viewer questions grouped with counts, and replies.

The grouping lives in :mod:`app.chat.questions` and the suggestions in
:mod:`app.chat.replies` (both Qt-free); this widget only lists the open groups (most
asked first), marks a group answered and shows suggested answers for the selected one.
The list is rebuilt at most twice a second, however fast questions arrive (a single-shot
timer armed by the first new question, so an idle panel runs no timer).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.chat.questions import QuestionBoard, QuestionGroup
from app.chat.replies import Suggestion, suggest
from app.commerce.catalog import ProductInfo
from app.session.events import CommentEvent

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
REFRESH_MS = 500
MAX_SHOWN = 50

KIND_LABELS = {
    "price": QT_TRANSLATE_NOOP("QuestionsPanel", "price"),
    "size": QT_TRANSLATE_NOOP("QuestionsPanel", "size"),
    "stock": QT_TRANSLATE_NOOP("QuestionsPanel", "stock"),
    "shipping": QT_TRANSLATE_NOOP("QuestionsPanel", "shipping"),
    "colour": QT_TRANSLATE_NOOP("QuestionsPanel", "colour"),
    "other": QT_TRANSLATE_NOOP("QuestionsPanel", "other"),
}


class QuestionsPanel(QWidget):
    """Open question groups; select one to see suggested answers, then mark it answered."""

    def __init__(self, products: Iterable[ProductInfo] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.products = {p.sku: p for p in products}
        self.board = QuestionBoard(self.products.values())
        self.on_air: str | None = None
        self.title = QLabel(self.tr("Questions to answer"))
        self.title.setObjectName("sectionTitle")
        self.list = QListWidget()
        self.list.setUniformItemSizes(True)
        self.answered = QPushButton(self.tr("✓ Answered"))
        self.answered.setEnabled(False)
        self.replies = QListWidget()
        self.replies.setWordWrap(True)
        self.replies.setMaximumHeight(96)  # a few suggestions; the feed needs the room
        self.replies.setToolTip(self.tr("Double-click to copy"))
        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.refresh_if_dirty)
        self._build_layout()
        self.list.currentItemChanged.connect(self._on_current_changed)
        self.answered.clicked.connect(self._on_answered)
        self.replies.itemDoubleClicked.connect(self._on_copy_reply)

    def _build_layout(self) -> None:
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.answered)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.list, 2)
        layout.addWidget(QLabel(self.tr("Suggested replies")))
        layout.addWidget(self.replies, 1)

    # -- input ------------------------------------------------------------------------
    def add_comments(self, events: Iterable[CommentEvent]) -> None:
        """File the questions of a batch (spam excluded); the list refreshes on the timer."""
        for e in events:
            if e.intent == "question" and not e.spam:
                self.board.add(e.text, e.t_ms, e.user, self.on_air)
                self._dirty = True
        if self._dirty and not self._timer.isActive():
            self._timer.start()

    def set_on_air(self, sku: str | None) -> None:
        self.on_air = sku
        self._show_replies(self.current_group())

    # -- view -------------------------------------------------------------------------
    def refresh_if_dirty(self) -> None:
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        """Rebuild the list, keeping the selected group selected."""
        self._dirty = False
        selected = self.current_key()
        self.list.blockSignals(True)
        self.list.clear()
        for group in self.board.open_groups()[:MAX_SHOWN]:
            item = QListWidgetItem(self._describe(group))
            item.setData(KEY_ROLE, group.key)
            item.setToolTip("\n".join(group.examples))
            self.list.addItem(item)
            if group.key == selected:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._on_current_changed()

    def _describe(self, group: QuestionGroup) -> str:
        product = self.products.get(group.sku or "")
        name = product.display_name("zh") if product else (group.sku or "")
        kind = self.tr(KIND_LABELS.get(group.kind, group.kind))
        where = f"  [{kind}{' · ' + name if name else ''}]"
        return f"×{group.pending}  {group.text}{where}"

    def current_key(self) -> tuple[str, str, str] | None:
        item = self.list.currentItem()
        return tuple(item.data(KEY_ROLE)) if item is not None else None  # type: ignore[return-value]

    def current_group(self) -> QuestionGroup | None:
        key = self.current_key()
        return self.board.get(key) if key is not None else None

    def suggestions(self) -> list[Suggestion]:
        """Replies for the selected group: its product's FAQ (or the on-air product's)."""
        group = self.current_group()
        if group is None:
            return []
        product = self.products.get(group.sku or self.on_air or "")
        return suggest(group.text, product)

    # -- slots ------------------------------------------------------------------------
    def _on_current_changed(self, *_args: object) -> None:
        group = self.current_group()
        self.answered.setEnabled(group is not None)
        self._show_replies(group)

    def _show_replies(self, group: QuestionGroup | None) -> None:
        self.replies.clear()
        if group is None:
            return
        found = self.suggestions()
        if not found:
            self.replies.addItem(self.tr("No FAQ answer for this product"))
        for s in found:
            item = QListWidgetItem(s.text)
            item.setToolTip(s.question or self.tr("from the product's live data"))
            self.replies.addItem(item)

    def _on_answered(self) -> None:
        key = self.current_key()
        if key is not None and self.board.mark_answered(key):
            self.refresh()

    def _on_copy_reply(self, item: QListWidgetItem) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(item.text())
