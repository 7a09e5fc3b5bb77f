"""Comments panel: filters, hidden spam, grouped questions, replies, highlight, model status."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.commerce.catalog import ProductInfo
from app.session.events import (
    CommentEvent,
    Event,
    HighlightCommentEvent,
    ProductSwitchEvent,
    SourceStatusEvent,
)
from app.ui.models.feeds import CommentsModel
from app.ui.panels.comments import CommentsPanel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

LIPSTICK = ProductInfo(
    "LIP-001",
    "丝绒口红",
    "Velvet lipstick",
    129.0,
    89.0,
    stock=50,
    aliases=("口红",),
    faq=(("黄皮能用吗？", "黄皮白皮都显白。"),),
)


def _c(i: int, text: str, intent: str, sentiment: str = "neu", spam: bool = False) -> CommentEvent:
    return CommentEvent(
        i * 100,
        event_id=f"c{i}",
        platform="douyin",
        user=f"u{i}",
        text=text,
        lang="zh",
        sentiment=sentiment,
        intent=intent,
        spam=spam,
    )


COMMENTS = [
    _c(1, "多少钱", "question"),
    _c(2, "扣1", "purchase", "pos"),
    _c(3, "发货太慢了", "complaint", "neg"),
    _c(4, "加vx abc123", "spam", spam=True),
    _c(5, "请问多少钱呀", "question"),
    _c(6, "黄皮能用吗", "question"),
    _c(7, "好看", "praise", "pos"),
]


@pytest.fixture
def published() -> list[Event]:
    return []


@pytest.fixture
def panel(qtbot: QtBot, published: list[Event]) -> Iterator[CommentsPanel]:
    widget = CommentsPanel([LIPSTICK], published.append, lambda: 4_242)
    qtbot.addWidget(widget)
    widget.resize(500, 700)
    widget.show()
    widget._on_product_switched(ProductSwitchEvent(0, "LIP-001"))
    yield widget
    widget.close()


def _ids(model: CommentsModel) -> list[str]:
    return [model.event_at(r).event_id for r in range(model.rowCount())]  # type: ignore[attr-defined]


def test_filter_buttons_and_hide_spam(panel: CommentsPanel, qtmodeltester: ModelTester) -> None:
    panel._on_comments(COMMENTS)
    model = panel.model
    assert _ids(model) == [f"c{i}" for i in range(1, 8)]
    panel.filter_buttons["question"].click()
    assert _ids(model) == ["c1", "c5", "c6"]
    panel.filter_buttons["purchase"].click()
    assert _ids(model) == ["c2"]
    panel.filter_buttons["complaint"].click()
    assert _ids(model) == ["c3"]
    panel._on_comments([_c(8, "上链接", "purchase", "pos"), _c(9, "太差了", "complaint", "neg")])
    assert _ids(model) == ["c3", "c9"]  # new comments obey the active filter
    panel.filter_buttons["all"].click()
    panel.hide_spam.setChecked(True)
    assert "c4" not in _ids(model) and len(_ids(model)) == 8
    panel.hide_spam.setChecked(False)
    assert "c4" in _ids(model)
    qtmodeltester.check(model)


def test_questions_are_grouped_with_counts_and_can_be_answered(panel: CommentsPanel) -> None:
    panel._on_comments(COMMENTS)
    questions = panel.questions
    questions.refresh()
    rows = [questions.list.item(r).text() for r in range(questions.list.count())]
    assert rows[0].startswith("×2  多少钱") and "[price · " in rows[0] and "丝绒口红" in rows[0]
    assert rows[1].startswith("×1  黄皮能用吗")
    questions.list.setCurrentRow(0)
    replies = [questions.replies.item(r).text() for r in range(questions.replies.count())]
    assert replies == ["丝绒口红 直播间价 ¥89（原价 ¥129）"]
    questions.list.setCurrentRow(1)
    assert questions.replies.item(0).text() == "黄皮白皮都显白。"
    questions.answered.click()
    remaining = [questions.list.item(r).text() for r in range(questions.list.count())]
    assert len(remaining) == 1 and remaining[0].startswith("×2  多少钱")


def test_questions_list_refreshes_on_its_own(qtbot: QtBot, panel: CommentsPanel) -> None:
    panel._on_comments(COMMENTS[:1])
    qtbot.waitUntil(lambda: panel.questions.list.count() == 1, timeout=2_000)


def test_highlight_publishes_the_selected_comment(
    panel: CommentsPanel, published: list[Event]
) -> None:
    panel._on_comments(COMMENTS)
    assert not panel.highlight.isEnabled()
    panel.view.setCurrentIndex(panel.model.index(6, 0))
    assert panel.highlight.isEnabled()
    panel.highlight.click()
    assert published == [HighlightCommentEvent(4_242, text="好看", user="u7", platform="douyin")]
    assert "好看" in panel.activity.text()


def test_model_status_replaces_the_not_installed_banner(panel: CommentsPanel) -> None:
    assert panel.banner.isVisible()  # nothing has said triage runs yet
    panel._on_statuses([SourceStatusEvent(0, "triage", "ok", "sentiment model x (2026-11-23)")])
    assert not panel.banner.isVisible()
    assert "Triage on" in panel.model_status.text()
    assert "sorted into questions" in panel.model_status.toolTip()  # not the model's jargon
    panel._on_statuses([SourceStatusEvent(0, "triage", "error", "rules only — model not found")])
    assert panel.banner.isVisible()
    assert "rules still run" in panel.banner.text()
