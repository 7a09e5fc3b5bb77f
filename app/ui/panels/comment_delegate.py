"""Paints one comment row: time, platform badge, intent tag, user, text coloured by triage.

A delegate (not a widget per row) keeps a 5,000-row feed at one cheap paint per visible
row; all rows have the same height so the view never has to measure them.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.session.events import CommentEvent
from app.ui import theme
from app.ui.formatting import comment_tone, fmt_clock, platform_label
from app.ui.models.event_list import EVENT_ROLE, Index

#: Badge colours close to each platform's brand, so hosts spot the source instantly.
PLATFORM_COLORS: dict[str, str] = {
    "douyin": "#fe2c55",
    "tiktok": "#25c2c9",
    "taobao": "#ff5000",
    "kuaishou": "#ff4906",
    "wechat": "#07c160",
    "channels": "#07c160",
    "youtube": "#e62117",
    "twitch": "#9146ff",
}
#: One-character intent tags hosts read at a glance (colour says the same in the palette).
INTENT_TAGS: dict[str, str] = {
    "question": QT_TRANSLATE_NOOP("CommentDelegate", "Q"),
    "purchase": QT_TRANSLATE_NOOP("CommentDelegate", "Buy"),
    "complaint": QT_TRANSLATE_NOOP("CommentDelegate", "Issue"),
    "praise": QT_TRANSLATE_NOOP("CommentDelegate", "Praise"),
    "spam": QT_TRANSLATE_NOOP("CommentDelegate", "Spam"),
}
_GAP = 8
_STRIP = 3
_BADGE_PAD = 5


class CommentDelegate(QStyledItemDelegate):
    """Draws a :class:`CommentEvent` row on one line, eliding long text (full text in tooltip)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(200, QFontMetrics(option.font).height() + 8)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        event = index.data(EVENT_ROLE)
        if not isinstance(event, CommentEvent):
            super().paint(painter, option, index)
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRect(option.rect)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, option.palette.highlight())
        tone = comment_tone(event)
        if tone:
            painter.fillRect(
                QRect(rect.left(), rect.top(), _STRIP, rect.height()), self._color(tone)
            )
        x = rect.left() + _STRIP + _GAP
        x = self._text(painter, option, x, fmt_clock(event.t_ms), self._color("muted"))
        x = self._badge(painter, option, x, event.platform)
        tag = INTENT_TAGS["spam"] if event.spam else INTENT_TAGS.get(event.intent or "")
        if tag and tone:
            x = self._text(painter, option, x, self.tr(tag), self._color(tone), bold=True)
        user_color = self._color("spam" if event.spam else "accent")
        x = self._text(painter, option, x, event.user, user_color, bold=True)
        color = self._color(tone) if tone and tone != "neu" else option.palette.text().color()
        self._text(painter, option, x, event.text, color, elide=True)
        painter.restore()

    @staticmethod
    def _color(key: str) -> QColor:
        return theme.colors()[key]

    @staticmethod
    def _text(
        painter: QPainter,
        option: QStyleOptionViewItem,
        x: int,
        text: str,
        color: QColor,
        *,
        bold: bool = False,
        elide: bool = False,
    ) -> int:
        """Draw ``text`` at ``x``; return where the next piece starts."""
        font = QFont(option.font)
        font.setBold(bold)
        metrics = QFontMetrics(font)
        available = option.rect.right() - x - _GAP
        if elide:
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, available))
        width = min(metrics.horizontalAdvance(text), max(0, available))
        box = QRect(x, option.rect.top(), width, option.rect.height())
        painter.setFont(font)
        painter.setPen(color)
        painter.drawText(box, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        return x + width + _GAP

    @staticmethod
    def _badge(painter: QPainter, option: QStyleOptionViewItem, x: int, platform: str) -> int:
        """A rounded platform label in the platform's colour."""
        font = theme.scaled_font(option.font, 0.8, bold=True)
        metrics = QFontMetrics(font)
        label = platform_label(platform)
        height = metrics.height() + 2
        top = option.rect.top() + (option.rect.height() - height) / 2
        box = QRectF(x, top, metrics.horizontalAdvance(label) + 2 * _BADGE_PAD, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(PLATFORM_COLORS.get(platform.lower(), "#5c626b")))
        painter.drawRoundedRect(box, 4, 4)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        return int(box.right()) + _GAP
