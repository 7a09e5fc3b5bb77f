"""Paints one comment row: time, platform badge, intent tag, user, text coloured by triage.

A delegate (not a widget per row) keeps a 5,000-row feed at one cheap paint per visible
row; all rows have the same height so the view never has to measure them.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.messages import QT_TRANSLATE_NOOP
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
#: Cached row prefixes (time · badge · tag) before the cache starts over: a few seconds'
#: worth at a busy show, so it never grows with the session.
PREFIX_CACHE = 256


class _Fonts:
    """The fonts and metrics one row uses, made once per view font (not per paint)."""

    __slots__ = ("badge", "badge_metrics", "bold", "bold_metrics", "key", "plain", "plain_metrics")

    def __init__(self, base: QFont) -> None:
        self.key = base.key()
        self.plain = QFont(base)
        self.bold = QFont(base)
        self.bold.setBold(True)
        self.badge = theme.scaled_font(base, 0.8, bold=True)
        self.plain_metrics = QFontMetrics(self.plain)
        self.bold_metrics = QFontMetrics(self.bold)
        self.badge_metrics = QFontMetrics(self.badge)


class CommentDelegate(QStyledItemDelegate):
    """Draws a :class:`CommentEvent` row on one line, eliding long text (full text in tooltip).

    A full feed repaints its visible rows every tick at a busy show, so the fonts and their
    metrics are built once per view font and reused (see :class:`_Fonts`).
    """

    _fonts: _Fonts | None = None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._prefixes: dict[tuple[object, ...], QPixmap] = {}

    def fonts(self, base: QFont) -> _Fonts:
        if self._fonts is None or self._fonts.key != base.key():
            self._fonts = _Fonts(base)
        return self._fonts

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(200, self.fonts(option.font).plain_metrics.height() + 8)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        event = index.data(EVENT_ROLE)
        if not isinstance(event, CommentEvent):
            super().paint(painter, option, index)
            return
        fonts = self.fonts(option.font)
        painter.save()  # no antialiasing here: the rounded badge is in the cached prefix
        rect = QRect(option.rect)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, option.palette.highlight())
        tone = comment_tone(event)
        if tone:
            painter.fillRect(
                QRect(rect.left(), rect.top(), _STRIP, rect.height()), self._color(tone)
            )
        x = rect.left() + _STRIP + _GAP
        tag = INTENT_TAGS["spam"] if event.spam else INTENT_TAGS.get(event.intent or "")
        prefix = self._prefix(
            option,
            fonts,
            fmt_clock(event.t_ms),
            event.platform,
            tag=tag if tone else None,
            tone=tone,
        )
        painter.drawPixmap(x, rect.top(), prefix)
        x += round(prefix.width() / prefix.devicePixelRatio())
        user_color = self._color("spam" if event.spam else "accent")
        x = self._text(painter, option, fonts, x, event.user, color=user_color, bold=True)
        color = self._color(tone) if tone and tone != "neu" else option.palette.text().color()
        self._text(painter, option, fonts, x, event.text, color=color, elide=True)
        painter.restore()

    def _prefix(
        self,
        option: QStyleOptionViewItem,
        fonts: _Fonts,
        clock: str,
        platform: str,
        *,
        tag: str | None,
        tone: str | None,
    ) -> QPixmap:
        """Time, platform badge and intent tag as one cached picture.

        They repeat from row to row (one second, a few platforms and tags), and every
        Qt call a row makes is a trip through the GIL the triage and server threads are
        holding at a busy show: one drawPixmap instead of a dozen calls per row.
        """
        dpr = option.widget.devicePixelRatioF() if option.widget is not None else 1.0
        key = (fonts.key, clock, platform, tag, tone, option.rect.height(), dpr)
        cached = self._prefixes.get(key)
        if cached is not None:
            return cached
        if len(self._prefixes) > PREFIX_CACHE:
            self._prefixes.clear()
        width = (
            fonts.plain_metrics.horizontalAdvance(clock)
            + fonts.badge_metrics.horizontalAdvance(platform_label(platform))
            + (fonts.bold_metrics.horizontalAdvance(self.tr(tag)) if tag else 0)
            + 2 * _BADGE_PAD
            + 3 * _GAP
        )
        pixmap = QPixmap(max(1, round(width * dpr)), max(1, round(option.rect.height() * dpr)))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        local = QStyleOptionViewItem(option)
        local.rect = QRect(0, 0, width, option.rect.height())
        x = self._text(painter, local, fonts, 0, clock, color=self._color("muted"))
        x = self._badge(painter, local, fonts, x, platform)
        if tag and tone:
            x = self._text(
                painter, local, fonts, x, self.tr(tag), color=self._color(tone), bold=True
            )
        painter.end()
        self._prefixes[key] = pixmap
        return pixmap

    @staticmethod
    def _color(key: str) -> QColor:
        return theme.colors()[key]

    @staticmethod
    def _text(
        painter: QPainter,
        option: QStyleOptionViewItem,
        fonts: _Fonts,
        x: int,
        text: str,
        *,
        color: QColor,
        bold: bool = False,
        elide: bool = False,
    ) -> int:
        """Draw ``text`` at ``x``; return where the next piece starts."""
        font, metrics = (
            (fonts.bold, fonts.bold_metrics) if bold else (fonts.plain, fonts.plain_metrics)
        )
        available = option.rect.right() - x - _GAP
        if elide:  # the last piece: it may take the rest of the row, no need to measure it
            width = max(0, available)
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        else:
            width = min(metrics.horizontalAdvance(text), max(0, available))
        box = QRect(x, option.rect.top(), width, option.rect.height())
        painter.setFont(font)
        painter.setPen(color)
        painter.drawText(box, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        return x + width + _GAP

    @staticmethod
    def _badge(
        painter: QPainter, option: QStyleOptionViewItem, fonts: _Fonts, x: int, platform: str
    ) -> int:
        """A rounded platform label in the platform's colour."""
        font, metrics = fonts.badge, fonts.badge_metrics
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
