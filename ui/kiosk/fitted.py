"""Buttons and notices whose text shrinks to the kiosk's floor, then elides; each reports
what it drew with ``text_items()`` for the layout tests."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from ui.common.fit import Fit, TextItem, draw_fitted, fit_text, make_font, text_item
from ui.common.theme import PALETTE
from ui.kiosk.sizes import KioskSizes, line_height

_CENTER = Qt.AlignmentFlag.AlignCenter


class FitButton(QAbstractButton):
    """A rounded button whose text shrinks to the floor, then elides; never widens a layout.

    ``style``: "primary" (blue), "accent" (gold), "ghost" (white outline on the blue header)
    or "plain" (white).
    """

    _COLOURS = {
        "primary": ("blue", "white", "blue_dark"),
        "accent": ("gold", "blue_deep", "gold_dark"),
        "ghost": ("blue", "white", "white"),
        "plain": ("white", "blue", "line"),
    }

    def __init__(
        self, text: str = "", *, style: str = "plain", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setText(text)
        self.style_name = style
        self.sizes = KioskSizes()
        self.max_px = 30
        self.bold = True
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def set_sizes(self, sizes: KioskSizes, max_px: int) -> None:
        self.sizes = sizes
        self.max_px = max(sizes.floor, max_px)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(0, self.sizes.touch)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(0, self.sizes.touch)

    def _colours(self) -> tuple[QColor, QColor, QColor]:
        if not self.isEnabled():
            return PALETTE.q("closed_bg"), PALETTE.q("ink_soft"), PALETTE.q("line")
        bg, ink, line = (PALETTE.q(n) for n in self._COLOURS[self.style_name])
        if self.isDown():
            bg = (
                PALETTE.q("blue_dark")
                if self.style_name in ("primary", "ghost")
                else PALETTE.q("blue_soft")
            )
        return bg, ink, line

    def _pad(self, height: float) -> float:
        return max(self.sizes.px(16), height * 0.18)

    def _text_rect(self) -> QRectF:
        pad = self._pad(self.height())
        return QRectF(self.rect()).adjusted(pad, 0, -pad, 0)

    def wanted_width(self, height: int) -> int:
        """The width that shows the text whole at its largest size on a ``height`` px button."""
        advance = QFontMetricsF(make_font(self.max_px, bold=self.bold)).horizontalAdvance(
            self.text()
        )
        return round(advance + 2 * self._pad(height)) + 2

    def _fit(self) -> Fit:
        box = self._text_rect()
        return fit_text(
            self.text(),
            box.width(),
            box.height(),
            max_px=self.max_px,
            min_px=self.sizes.floor,
            bold=self.bold,
        )

    def text_items(self) -> list[TextItem]:
        if not self.text() or not self.isVisible():
            return []
        bg, ink, _ = self._colours()
        return [text_item(self, self._fit(), self._text_rect(), _CENTER, ink, bg, "button")]

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        bg, ink, line = self._colours()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        border = max(1, self.sizes.px(3))
        rect = QRectF(self.rect()).adjusted(border / 2, border / 2, -border / 2, -border / 2)
        path = QPainterPath()
        path.addRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        if self.style_name != "ghost" or self.isDown():
            painter.fillPath(path, bg)
        painter.setPen(QPen(line, border))
        painter.drawPath(path)
        painter.setPen(ink)
        fit = self._fit()
        draw_fitted(
            painter, self._text_rect(), self.text(), max_px=fit.px, min_px=fit.px, bold=self.bold
        )
        painter.end()


class Notice(QWidget):
    """A rounded notice with up to two fitted lines (the refusal and the printer problem)."""

    def __init__(self, *, tone: str = "warning", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self.sizes = KioskSizes()
        self.max_px = 30
        self.tone = tone
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def _colours(self) -> tuple[QColor, QColor, QColor]:
        if self.tone == "problem":
            return QColor("#FDECEA"), PALETTE.q("red"), PALETTE.q("red")
        return PALETTE.q("amber_bg"), PALETTE.q("amber_ink"), PALETTE.q("amber")

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:  # noqa: N802 - like QLabel
        self._text = text
        self.update()

    def set_sizes(self, sizes: KioskSizes, max_px: int) -> None:
        self.sizes = sizes
        self.max_px = max(sizes.floor, max_px)
        self.update()

    def wanted_height(self, px: int | None = None, width: int | None = None) -> int:
        """Room for the text at ``px`` (the floor by default) with padding: one line when
        it fits one line of ``width`` px at that size, else two."""
        px = max(self.sizes.floor, px or 0)
        pad = self.sizes.px(10)
        lines = 2
        if width is not None:
            one = fit_text(self._text, width - 6 * pad, 10_000, max_px=px, min_px=px, bold=True)
            lines = 1 if not one.elided else 2
        return round(lines * line_height(px, True)) + 2 * pad + 2

    def _text_rect(self) -> QRectF:
        pad = self.sizes.px(10)
        return QRectF(self.rect()).adjusted(3 * pad, pad, -3 * pad, -pad)

    def _fit(self) -> Fit:
        box = self._text_rect()
        return fit_text(
            self._text,
            box.width(),
            box.height(),
            max_px=self.max_px,
            min_px=self.sizes.floor,
            bold=True,
            max_lines=2,
        )

    def text_items(self) -> list[TextItem]:
        if not self._text or not self.isVisible():
            return []
        bg, ink, _ = self._colours()
        return [text_item(self, self._fit(), self._text_rect(), _CENTER, ink, bg, "notice")]

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        bg, ink, line = self._colours()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        border = max(2, self.sizes.px(3))
        rect = QRectF(self.rect()).adjusted(border / 2, border / 2, -border / 2, -border / 2)
        path = QPainterPath()
        path.addRoundedRect(rect, self.sizes.px(18), self.sizes.px(18))
        painter.fillPath(path, bg)
        painter.setPen(QPen(line, border))
        painter.drawPath(path)
        painter.setPen(ink)
        fit = self._fit()
        draw_fitted(
            painter,
            self._text_rect(),
            self._text,
            max_px=fit.px,
            min_px=fit.px,
            bold=True,
            max_lines=2,
        )
        painter.end()
