""" "Questions to answer": similar viewer questions grouped with counts, and replies.

The grouping lives in :mod:`app.chat.questions` and the suggestions in
:mod:`app.chat.replies` (both Qt-free); this widget only lists the open groups (most
asked first), marks a group answered and shows suggested answers for the selected one.
The list is rebuilt at most twice a second, however fast questions arrive (a single-shot
timer armed by the first new question, so an idle panel runs no timer).

Bound to the show (:meth:`QuestionsPanel.bind_show`), suggestions quote the run-of-show's
live stock and price (what the queue shows), use the show's current products (catalog
edits on air) and the shop's policy from any product's FAQ. A group without a suggestion
offers *Write reply…*: the answer is added to the product's FAQ and saved to the catalog
on a worker (the same save as the product editor), so the next such question has it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.chat.questions import QuestionBoard, QuestionGroup
from app.chat.replies import LiveFacts, Suggestion, suggest
from app.commerce.catalog import ProductInfo
from app.messages import QT_TRANSLATE_NOOP
from app.session.events import CommentEvent

if TYPE_CHECKING:
    from app.commerce.show import RunOfShow

log = logging.getLogger("app.ui.panels.questions")

#: Saves one product to the catalog (runs on a worker; raises on failure).
SaveProduct = Callable[[ProductInfo], object]
#: Hands saved products to the running show and the panels (GUI thread).
ProductsSaved = Callable[[list[ProductInfo]], None]

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

    #: A reply written here was saved to the product's FAQ (sku), or could not be (message).
    reply_saved = Signal(str)
    reply_failed = Signal(str)

    def __init__(self, products: Iterable[ProductInfo] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.products = {p.sku: p for p in products}
        self.board = QuestionBoard(self.products.values())
        self.on_air: str | None = None
        self.show_state: RunOfShow | None = None
        self._save_product: SaveProduct | None = None
        self._products_saved: ProductsSaved | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # saves land in the order they were written
        self._written: dict[str, ProductInfo] = {}
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
        self.write_reply = QPushButton(self.tr("Write reply…"))
        self.write_reply.setObjectName("writeReply")
        self.write_reply.setToolTip(
            self.tr("Answer this question once: the reply is saved to the product's FAQ")
        )
        self.write_reply.setEnabled(False)
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.status.hide()
        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.refresh_if_dirty)
        self._build_layout()
        self.list.currentItemChanged.connect(self._on_current_changed)
        self.answered.clicked.connect(self._on_answered)
        self.replies.itemDoubleClicked.connect(self._on_copy_reply)
        self.write_reply.clicked.connect(self._on_write_reply)

    def _build_layout(self) -> None:
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.answered)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        # room for about six groups: the most asked ones must not scroll out of sight
        self.list.setMinimumHeight(self.fontMetrics().height() * 7)
        layout.addWidget(self.list, 2)
        replies_head = QHBoxLayout()
        replies_head.addWidget(QLabel(self.tr("Suggested replies")))
        replies_head.addStretch(1)
        replies_head.addWidget(self.write_reply)
        layout.addLayout(replies_head)
        layout.addWidget(self.replies, 1)
        layout.addWidget(self.status)

    # -- the show ---------------------------------------------------------------------
    def bind_show(
        self,
        show: RunOfShow | None,
        save_product: SaveProduct | None = None,
        products_saved: ProductsSaved | None = None,
    ) -> None:
        """Use ``show``'s live stock, prices and products; ``save_product`` (a worker-side
        catalog save) enables *Write reply…*, and ``products_saved`` hands the saved
        product to the running show (the main window's ``update_products``)."""
        self.show_state = show
        self._save_product = save_product
        self._products_saved = products_saved
        if show is not None:
            self.set_products(show.products.values())
        self._show_replies(self.current_group())

    def set_products(self, products: Iterable[ProductInfo]) -> None:
        """Catalog edits while on air: names for grouping, FAQ for suggestions."""
        self.products = {**self.products, **{p.sku: p for p in products}}
        self.board.set_products(self.products.values())

    def product(self, sku: str | None) -> ProductInfo | None:
        """The product as the show has it now (catalog edits on air), else as built."""
        if sku is None:
            return None
        if sku in self._written:
            return self._written[sku]
        if self.show_state is not None:
            current = self.show_state.products.get(sku)
            if current is not None:
                return current
        return self.products.get(sku)

    def live_facts(self, sku: str) -> LiveFacts:
        """The run-of-show's stock and price for ``sku`` (what the queue shows)."""
        if self.show_state is None:
            return LiveFacts()
        state = self.show_state.snapshot()
        product = self.product(sku)
        flash = state.flash_for(sku)
        return LiveFacts(
            stock=state.stock.get(sku),
            price=product.sale_price if product is not None else None,
            flash_price=flash.price if flash is not None else None,
        )

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
        product = self.product(group.sku)
        name = product.display_name("zh") if product else (group.sku or "")
        kind = self.tr(KIND_LABELS.get(group.kind, group.kind))
        where = f"  [{kind}{' · ' + name if name else ''}]"
        return f"×{group.pending}  {group.text}{where}"

    def current_key(self) -> tuple[str, str, str] | None:
        item = self.list.currentItem()
        if item is None:
            return None
        product, kind, text = item.data(KEY_ROLE)
        return str(product), str(kind), str(text)

    def current_group(self) -> QuestionGroup | None:
        key = self.current_key()
        return self.board.get(key) if key is not None else None

    def group_product(self, group: QuestionGroup | None) -> ProductInfo | None:
        """The product a group asks about (the one on air when it names none)."""
        if group is None:
            return None
        return self.product(group.sku or self.on_air)

    def suggestions(self) -> list[Suggestion]:
        """Replies for the selected group: its product's FAQ, live data and the shop's
        policy (any product's FAQ on shipping, returns, invoices)."""
        group = self.current_group()
        product = self.group_product(group)
        if group is None or product is None:
            return []
        shop = (
            self.show_state.products.values()
            if self.show_state is not None
            else self.products.values()
        )
        return suggest(group.text, product, live=self.live_facts(product.sku), shop=shop)

    # -- slots ------------------------------------------------------------------------
    def _on_current_changed(self, *_args: object) -> None:
        group = self.current_group()
        self.answered.setEnabled(group is not None)
        self._show_replies(group)

    def _show_replies(self, group: QuestionGroup | None) -> None:
        self.replies.clear()
        product = self.group_product(group)
        self.write_reply.setEnabled(
            group is not None and product is not None and self._save_product is not None
        )
        if group is None:
            return
        found = self.suggestions()
        if not found:
            empty = QListWidgetItem(
                self.tr("No suggested reply yet: press “Write reply…” to answer it once")
                if self._save_product is not None and product is not None
                else self.tr("No suggested reply for this question")
            )
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.replies.addItem(empty)
        for s in found:
            item = QListWidgetItem(s.text)
            if s.source == "product":
                item.setToolTip(self.tr("from the show's live stock and price"))
            elif s.source == "shop":
                other = self.product(s.sku)
                item.setToolTip(
                    self.tr("shop policy, from the FAQ of {name}: {question}").format(
                        name=other.display_name("zh") if other else s.sku, question=s.question
                    )
                )
            else:
                item.setToolTip(s.question)
            self.replies.addItem(item)

    # -- Write reply… -----------------------------------------------------------------
    def _on_write_reply(self) -> None:
        group = self.current_group()
        product = self.group_product(group)
        if group is None or product is None:
            return
        answer, ok = QInputDialog.getMultiLineText(
            self,
            self.tr("Write reply"),
            self.tr("Reply to “{question}” ({product}). It is added to the product's FAQ:").format(
                question=group.text, product=product.display_name("zh")
            ),
        )
        if ok and answer.strip():
            self.save_reply(group, answer)

    def save_reply(self, group: QuestionGroup, answer: str) -> bool:
        """Add (question, answer) to the group's product FAQ and save it on a worker.

        False when there is nothing to save to (no product, no catalog) or no answer.
        The product is updated in the panel at once, so the reply shows while it saves.
        """
        product = self.group_product(group)
        answer = " ".join(answer.split())
        if product is None or self._save_product is None or not answer:
            return False
        question = group.text.strip()
        faq = (*((q, a) for q, a in product.faq if q != question), (question, answer))
        updated = replace(product, faq=faq)
        self._written[updated.sku] = updated  # shown at once, before the show has it
        self._show_replies(self.current_group())
        save = self._save_product

        def work() -> ProductInfo:
            save(updated)
            return updated

        from app.ui.dialogs.store_task import run_task

        run_task(work, self._on_reply_saved, self._on_reply_failed, parent=self, pool=self._pool,
                 name="save FAQ reply")  # fmt: skip
        self._say(self.tr("Saving the reply to the FAQ of {name}…").format(
            name=updated.display_name("zh")))  # fmt: skip
        return True

    def _on_reply_saved(self, product: ProductInfo) -> None:
        self.products[product.sku] = product
        if self._products_saved is not None:
            self._products_saved([product])  # the show (and its other panels) use it now
            if self._written.get(product.sku) == product:
                del self._written[product.sku]
        self._say(self.tr("Saved to the FAQ of {name}").format(name=product.display_name("zh")))
        self._show_replies(self.current_group())
        self.reply_saved.emit(product.sku)

    def _on_reply_failed(self, message: str) -> None:
        self._written.clear()  # what the catalog does not have is not offered as a reply
        self._show_replies(self.current_group())
        self._say(self.tr("The reply could not be saved: {error}").format(error=message))
        self.reply_failed.emit(message)

    def wait_saved(self, msecs: int = 10_000) -> bool:
        """Wait for the reply saves in hand (tests; closing the window)."""
        return self._pool.waitForDone(msecs)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _on_answered(self) -> None:
        key = self.current_key()
        if key is not None and self.board.mark_answered(key):
            self.refresh()

    def _on_copy_reply(self, item: QListWidgetItem) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(item.text())
