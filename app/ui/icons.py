"""Small generated icons (status dots, letter tiles), cached so views paint cheaply."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap


@lru_cache(maxsize=64)
def dot_icon(color_name: str, size: int = 10) -> QIcon:
    """A filled circle in ``color_name`` (severity and health dots)."""
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color_name))
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    painter.end()
    return QIcon(pixmap)


@lru_cache(maxsize=256)
def letter_tile(text: str, color_name: str, size: int = 48) -> QPixmap:
    """A rounded tile with the first character of ``text``: the stand-in product image."""
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = QColor(color_name)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color.darker(250))
    rect = QRectF(0, 0, size, size)
    painter.drawRoundedRect(rect, 8, 8)
    font = QFont()
    font.setPixelSize(size // 2)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(color)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text[:1] or "?")
    painter.end()
    return pixmap
