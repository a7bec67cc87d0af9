"""The kiosk's blue band: the hall's logo, its name and subtitle, clock and date, language.

Landscape: one row. Portrait (narrow): the logo and the names on top, the date, the clock
and the language button in a second row. Every text is a ``FitLabel``; the geometry is
computed here from the width, so nothing can push the band wider than the screen.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QLinearGradient, QPainter, QPaintEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

from ui.common.fit import FitLabel
from ui.common.resources import picture_pixmap, resource_path, svg_pixmap
from ui.common.theme import PALETTE
from ui.kiosk.fitted import FitButton
from ui.kiosk.sizes import KioskSizes, line_height

log = logging.getLogger(__name__)
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def logo_pixmap(logo: bytes | None, side: int) -> QPixmap:
    """The hall's logo (PNG, JPEG or SVG bytes) fitted in a ``side`` px square; the police
    emblem when there is none or it cannot be read."""
    if logo:
        pixmap = picture_pixmap(logo, side)
        if pixmap is not None:
            return pixmap
        log.warning("the hall logo cannot be read (%d bytes); showing the emblem", len(logo))
    return svg_pixmap(resource_path("images", "emblem.svg"), side)


class Header(QWidget):
    """The blue band: logo, hall name and subtitle, clock and date, language button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        self.sizes = KioskSizes()
        self.logo: bytes | None = None
        self._logo_side = 0
        white, gold = PALETTE.white, PALETTE.gold
        self.emblem = QLabel(self)
        self.emblem.setObjectName("emblem")
        self.emblem.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hall_name = FitLabel(bold=True, color=white, max_lines=2, role="header", parent=self)
        self.hall_name.setObjectName("hallName")
        self.subtitle = FitLabel(color=gold, role="header", parent=self)
        self.subtitle.setObjectName("hallSubtitle")
        self.clock = FitLabel(bold=True, color=white, align=_RIGHT, role="header", parent=self)
        self.clock.setObjectName("clock")
        self.date = FitLabel(color=white, align=_RIGHT, role="header", parent=self)
        self.date.setObjectName("date")
        self.lang_button = FitButton(style="ghost", parent=self)
        self.lang_button.setObjectName("langButton")

    def set_logo(self, logo: bytes | None) -> None:
        self.logo = logo
        self._logo_side = 0
        self._place()

    def set_names(self, name: str, subtitle: str) -> None:
        self.hall_name.setText(name)
        self.subtitle.setText(subtitle)
        self._place()

    def set_lang_text(self, text: str) -> None:
        """The language button's text (its width follows it)."""
        self.lang_button.setText(text)
        self._place()

    def set_sizes(self, sizes: KioskSizes) -> None:
        self.sizes = sizes
        s = sizes
        self.hall_name.set_sizes(s.text(48), s.floor)
        self.subtitle.set_sizes(s.text(28), s.floor)
        self.clock.set_sizes(s.text(52), s.floor)
        self.date.set_sizes(s.text(24), s.floor)
        self.lang_button.set_sizes(s, s.px(28))
        self._place()

    def wanted_height(self) -> int:
        s = self.sizes
        if s.portrait:
            top = max(s.px(120), self._names_height())
            return top + s.touch_px(80) + 3 * s.px(16) + s.px(6)
        return max(s.px(120), self._names_height(), s.touch_px(80)) + 2 * s.px(12) + s.px(6)

    def _names_height(self) -> int:
        s = self.sizes
        return round(line_height(s.floor, True) * 2 + line_height(s.floor)) + 2

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        s = self.sizes
        w, h = self.width(), self.height() - s.px(6)  # the gold band at the bottom
        pad, gap = s.px(28), s.px(22)
        button_h = s.touch_px(80)
        wanted = max(s.px(270), 2 * s.touch, self.lang_button.wanted_width(button_h))
        button_w = min(wanted, round(w * (0.45 if s.portrait else 0.3)))
        if s.portrait:
            top_h = max(s.px(120), self._names_height())
            row1 = QRect(pad, s.px(16), w - 2 * pad, top_h)
            row2 = QRect(pad, row1.bottom() + 1 + s.px(16), w - 2 * pad, button_h)
            self._place_logo_and_names(row1, gap)
            self.lang_button.setGeometry(
                row2.right() - button_w + 1, row2.top(), button_w, button_h
            )
            times = QRect(row2.left(), row2.top(), row2.width() - button_w - gap, row2.height())
            half = times.width() // 2
            self.date.set_alignment(_LEFT)
            self.clock.set_alignment(_RIGHT)
            self.date.setGeometry(times.left(), times.top(), half, times.height())
            self.clock.setGeometry(
                times.left() + half, times.top(), times.width() - half, times.height()
            )
            return
        row = QRect(pad, s.px(12), w - 2 * pad, h - 2 * s.px(12))
        self.lang_button.setGeometry(
            row.right() - button_w + 1, row.center().y() - button_h // 2, button_w, button_h
        )
        clock_w = min(s.px(380), round(w * 0.2))
        clock_x = row.right() - button_w - gap - clock_w + 1
        clock_h = round(row.height() * 0.58)
        self.clock.set_alignment(_RIGHT)
        self.date.set_alignment(_RIGHT)
        self.clock.setGeometry(clock_x, row.top(), clock_w, clock_h)
        self.date.setGeometry(clock_x, row.top() + clock_h, clock_w, row.height() - clock_h)
        names = QRect(row.left(), row.top(), clock_x - gap - row.left(), row.height())
        self._place_logo_and_names(names, gap)

    def _place_logo_and_names(self, area: QRect, gap: int) -> None:
        side = min(area.height(), self.sizes.px(124))
        if side < 8:
            return  # not laid out yet
        if side != self._logo_side:
            self._logo_side = side
            self.emblem.setPixmap(logo_pixmap(self.logo, side))
        self.emblem.setGeometry(area.left(), area.center().y() - side // 2, side, side)
        left = area.left() + side + gap
        width = max(1, area.right() + 1 - left)
        sub_h = round(min(line_height(self.sizes.text(28)), area.height() / 3)) + 1
        sub_h = max(sub_h, round(line_height(self.sizes.floor)) + 1)
        if not self.subtitle.text():
            sub_h = 0
        self.hall_name.setGeometry(left, area.top(), width, area.height() - sub_h)
        self.subtitle.setGeometry(left, area.top() + area.height() - sub_h, width, sub_h)
        self.subtitle.setVisible(sub_h > 0)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        grad = QLinearGradient(0, 0, self.width(), self.height())
        grad.setColorAt(0.0, PALETTE.q("blue_deep"))
        grad.setColorAt(0.55, PALETTE.q("blue"))
        grad.setColorAt(1.0, PALETTE.q("blue_dark"))
        painter.fillRect(self.rect(), grad)
        band = self.sizes.px(6)
        painter.fillRect(QRectF(0, self.height() - band, self.width(), band), PALETTE.q("gold"))
        painter.end()
