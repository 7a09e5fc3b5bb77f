"""Camera preview: the newest frame, scaled to fit, with the on-air product on top.

The bridge hands over at most one frame per tick and this widget wraps it in a QImage
only when Qt actually paints (no copy, no conversion for frames nobody sees). The numpy
buffer is kept alive next to the QImage that points into it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.commerce.catalog import ProductInfo
from app.session.events import FrameEvent, ProductSwitchEvent, SourceStatusEvent
from app.ui import theme
from app.ui.formatting import fmt_money

log = logging.getLogger("app.ui.panels.camera")

VIDEO_SOURCE = "video"
VISION_SOURCE = "vision"
_DOWN_STATES = frozenset({"ended", "error"})
_MARGIN = 12
_PAD = 10


def frame_to_qimage(image: Any) -> tuple[QImage, Any] | None:
    """Wrap a BGR (HxWx3) or grey (HxW) uint8 array in a QImage without copying.

    Returns the QImage with the array it points into (the caller must keep both), or
    None for anything that is not an 8-bit image.
    """
    shape: tuple[int, ...] = tuple(getattr(image, "shape", ()))
    if getattr(image, "dtype", None) != "uint8" or len(shape) not in (2, 3):
        return None
    if len(shape) == 3 and shape[2] != 3:
        return None
    if not image.flags["C_CONTIGUOUS"]:
        image = image.copy()
    fmt = QImage.Format.Format_BGR888 if len(shape) == 3 else QImage.Format.Format_Grayscale8
    height, width = shape[:2]
    return QImage(image.data, width, height, image.strides[0], fmt), image


def fit_rect(image: QSize, area: QRect) -> QRect:
    """The largest rectangle of the image's aspect ratio centred in ``area``."""
    size = image.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
    rect = QRect(0, 0, size.width(), size.height())
    rect.moveCenter(area.center())
    return rect


class CameraPanel(QWidget):
    """Paints the newest camera frame and the on-air product card."""

    def __init__(self, products: Mapping[str, ProductInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._products = products
        self._pending: FrameEvent | None = None
        self._image: QImage | None = None
        self._buffer: Any = None
        self._on_air: ProductInfo | None = None
        self._video: SourceStatusEvent | None = None
        self._composited = False
        self.no_camera_note = ""  # set when the show runs without a camera: what to do
        self.conversions = 0
        self.setMinimumSize(320, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def set_products(self, products: Mapping[str, ProductInfo]) -> None:
        """The show's products after a catalog edit; the on-air card follows it."""
        self._products = products
        if self._on_air is not None:
            self._on_air = products.get(self._on_air.sku, self._on_air)
        self.update()

    def show_no_camera(self) -> None:
        """This show has no camera: say so, and how to get one, where the picture would be."""
        self.no_camera_note = self.tr(
            "No camera in this show. Choose one in Tools ▸ Settings… (Devices) and start the "
            "next show, or run `python -m app live --camera 0`. Comments, orders and speech "
            "are recorded anyway."
        )
        self.update()

    # -- slots ----------------------------------------------------------------------------
    def _on_frame(self, event: FrameEvent) -> None:
        self._pending = event
        self.update()

    def _on_product_switched(self, event: ProductSwitchEvent) -> None:
        self._on_air = self._products.get(event.sku) if event.sku else None
        self.update()

    def _on_statuses(self, statuses: list[SourceStatusEvent]) -> None:
        for status in statuses:
            if status.source == VIDEO_SOURCE:
                self._video = status
                self.update()
            elif status.source == VISION_SOURCE:
                # the vision stage burns the card into the frame: do not paint a second one
                self._composited = status.state == "ok"
                self.update()

    # -- state ----------------------------------------------------------------------------
    @property
    def on_air(self) -> ProductInfo | None:
        return self._on_air

    @property
    def has_video(self) -> bool:
        """False before the first frame and after the video source ended or failed."""
        down = self._video is not None and self._video.state in _DOWN_STATES
        return not down and (self._image is not None or self._pending is not None)

    def current_image(self) -> QImage | None:
        """The frame to show, converted now if a new one arrived since the last paint."""
        if self._pending is not None:
            converted = frame_to_qimage(self._pending.image)
            self._pending = None
            if converted is None:
                log.warning("ignoring a frame that is not an 8-bit BGR image")
            else:
                self._image, self._buffer = converted
                self.conversions += 1
        return self._image

    # -- painting -------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#000000"))
        image = self.current_image()
        if image is not None and self.has_video:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(fit_rect(image.size(), self.rect()), image)
        else:
            self._paint_no_video(painter)
        if self._on_air is not None and not self._composited:
            self._paint_on_air(painter, self._on_air)
        painter.end()

    def _paint_no_video(self, painter: QPainter) -> None:
        lines = [self.tr("No video")]
        if self._video is not None and self._video.message:
            lines.append(self._video.message)
        elif self.no_camera_note:
            lines.append(self.no_camera_note)
        painter.setPen(theme.colors()["muted"])
        painter.setFont(self._scaled_font(1.1 if len(lines) > 1 else 1.4))
        box = self.rect().adjusted(24, 24, -24, -24)
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(box, flags, "\n".join(lines))

    def _paint_on_air(self, painter: QPainter, product: ProductInfo) -> None:
        """A card in the lower-left corner: badge, names, price (the promo one in colour)."""
        colors = theme.colors()
        rows = [
            (self.tr("ON AIR"), self._scaled_font(0.85, bold=True), colors["accent"]),
            (product.display_name("zh"), self._scaled_font(1.3, bold=True), colors["text"]),
        ]
        if product.name_en and product.name_en != product.display_name("zh"):
            rows.append((product.name_en, self._scaled_font(0.95), colors["muted"]))
        rows.append(
            (self._price_text(product), self._scaled_font(1.3, bold=True), colors["purchase"])
        )
        width = max(QFontMetrics(f).horizontalAdvance(t) for t, f, _ in rows) + 2 * _PAD
        height = sum(QFontMetrics(f).height() for _, f, _ in rows) + 2 * _PAD
        card = QRectF(_MARGIN, self.height() - height - _MARGIN, width, height)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 170))
        painter.drawRoundedRect(card, 8, 8)
        y = card.top() + _PAD
        for text, font, color in rows:
            metrics = QFontMetrics(font)
            painter.setFont(font)
            painter.setPen(color)
            painter.drawText(QPointF(card.left() + _PAD, y + metrics.ascent()), text)
            y += metrics.height()

    def _price_text(self, product: ProductInfo) -> str:
        if product.promo_price is None:
            return fmt_money(product.price)
        was = self.tr("was {price}").format(price=fmt_money(product.price))
        return f"{fmt_money(product.sale_price)}  ({was})"

    def _scaled_font(self, factor: float, *, bold: bool = False) -> QFont:
        return theme.scaled_font(self.font(), factor, bold=bold)
