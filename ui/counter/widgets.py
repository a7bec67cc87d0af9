"""The counter window's text widgets: labels and buttons whose text always fits.

Both are Qt's own ``QLabel``/``QPushButton`` (``text()`` returns the whole text, tests and
accessibility read it as usual) drawn through ``ui.common.fit``: the text takes the largest
size up to ``max_px`` that fits the widget, down to the staff floor
(``STAFF_TEXT_MIN_PX``), then ends in "…" after a whole word. Neither asks its layout for
more width than it is given, so no clerk name, service list or translation can grow the
window. Both report what they drew with ``text_items()`` for the layout tests.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QStylePainter,
)

from ui.common.fit import Fit, TextItem, draw_fitted, fit_text, make_font, text_item
from ui.common.legibility import STAFF_TEXT_MIN_PX
from ui.common.theme import PALETTE

P = PALETTE
Align = Qt.AlignmentFlag
LEFT = Align.AlignLeft | Align.AlignVCenter
CENTER = Align.AlignCenter


def _line(px: int, bold: bool) -> float:
    return QFontMetricsF(make_font(px, bold=bold)).height()


class FitText(QLabel):
    """A label drawn at the largest size that fits, never below the staff floor.

    ``set_choices`` gives several wordings, longest first: the first that fits without
    eliding is drawn (a long service list falls back to its codes).
    """

    def __init__(
        self,
        text: str = "",
        *,
        max_px: int = 20,
        bold: bool = False,
        color: str = P.ink,
        background: str | None = None,
        align: Qt.AlignmentFlag = LEFT,
        max_lines: int = 1,
        radius: int = 0,
        role: str = "label",
        name: str = "",
    ) -> None:
        super().__init__(text)
        self._max_px, self._min_px = max_px, STAFF_TEXT_MIN_PX
        self._bold, self._max_lines, self._radius = bold, max_lines, radius
        self._color = QColor(color)
        self._background = QColor(background) if background else None
        self._choices: tuple[str, ...] = ()
        self._fit: Fit | None = None
        self.role = role
        self.setAlignment(align)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        if name:
            self.setObjectName(name)

    # --- configuration -------------------------------------------------------------------
    def setText(self, text: str) -> None:  # noqa: N802 (QLabel's own name)
        self._choices = ()
        self._set(text)

    def set_choices(self, texts: list[str]) -> None:
        """Show the first of ``texts`` that fits unelided (else the last one, elided)."""
        self._choices = tuple(texts)
        self._set(self._choose())

    def _set(self, text: str) -> None:
        if text != self.text():
            super().setText(text)
        self._fit = None
        self.update()

    def set_sizes(self, max_px: int) -> None:
        self._max_px = max(self._min_px, max_px)
        self._refit()

    def set_color(self, color: str, background: str | None = None) -> None:
        self._color = QColor(color)
        self._background = QColor(background) if background else None
        self.update()

    def background(self) -> QColor | None:
        return self._background

    def _refit(self) -> None:
        self._fit = None
        self.updateGeometry()
        if self._choices:
            self._set(self._choose())
        self.update()

    def _choose(self) -> str:
        for text in self._choices:
            if not self._fit_of(text).elided:
                return text
        return self._choices[-1] if self._choices else ""

    # --- what it draws -------------------------------------------------------------------
    def _box(self) -> QRectF:
        return QRectF(self.contentsRect())

    def _fit_of(self, text: str) -> Fit:
        box = self._box()
        return fit_text(
            text,
            max(1.0, box.width()),
            max(1.0, box.height()),
            max_px=self._max_px,
            min_px=self._min_px,
            bold=self._bold,
            max_lines=self._max_lines,
        )

    def fitted(self) -> Fit:
        if self._fit is None:
            self._fit = self._fit_of(self.text())
        return self._fit

    def text_items(self) -> list[TextItem]:
        if not self.text() or not self.isVisible():
            return []
        return [
            text_item(
                self,
                self.fitted(),
                self._box(),
                self.alignment(),
                self._color,
                self._background,
                self.role,
            )
        ]

    # --- Qt ------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:  # noqa: N802
        m = self.contentsMargins()
        lines = _line(self._max_px, self._bold) * self._max_lines
        return QSize(0, round(lines) + m.top() + m.bottom())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        m = self.contentsMargins()
        return QSize(0, round(_line(self._min_px, self._bold)) + m.top() + m.bottom())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self._fit = None
        super().resizeEvent(event)
        if self._choices:
            self._set(self._choose())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        del event
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._background is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._background)
            painter.drawRoundedRect(QRectF(self.rect()), self._radius, self._radius)
        if self.text():
            fit = self.fitted()
            painter.setPen(self._color)
            draw_fitted(
                painter,
                self._box(),
                self.text(),
                max_px=fit.px,
                min_px=fit.px,
                bold=self._bold,
                max_lines=self._max_lines,
                align=self.alignment(),
            )
        painter.end()


# A button's text colour and background by its role (enabled) and when disabled: the style
# sheet paints the same backgrounds; the text is drawn here, fitted.
BUTTON_COLORS = {
    "accent": (P.blue_deep, P.gold),
    "primary": (P.white, P.blue),
    "": (P.blue, P.white),
    "ghost": (P.white, P.blue_deep),
    "disabled": (P.ink_soft, P.closed_bg),
}


class FitButton(QPushButton):
    """A push button whose text fits: ``"Label\\nF1"`` draws the label (up to two lines)
    over a smaller key hint."""

    def __init__(self, text: str = "", *, role: str = "", max_px: int = 20) -> None:
        super().__init__(text)
        self._max_px = max_px
        self.role = role
        if role:
            self.setProperty("role", role)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_sizes(self, max_px: int) -> None:
        self._max_px = max(STAFF_TEXT_MIN_PX, max_px)
        self.updateGeometry()
        self.update()

    def colors(self) -> tuple[str, str]:
        return BUTTON_COLORS["disabled" if not self.isEnabled() else self.role]

    def _parts(self) -> list[tuple[str, QRectF, int, int]]:
        """(text, box, max px, max lines) of the label and of the key hint under it."""
        label, _, keys = self.text().replace("&", "").partition("\n")
        pad = max(4, round(self._max_px * 0.35))
        inner = QRectF(self.rect()).adjusted(pad, pad * 0.6, -pad, -pad * 0.6)
        if not keys:
            return [(label, inner, self._max_px, 2)]
        key_px = max(STAFF_TEXT_MIN_PX, round(self._max_px * 0.75))
        key_h = min(inner.height() / 2, _line(STAFF_TEXT_MIN_PX, False) * key_px / 13)
        top = QRectF(inner.left(), inner.top(), inner.width(), inner.height() - key_h)
        bottom = QRectF(inner.left(), top.bottom(), inner.width(), key_h)
        return [(label, top, self._max_px, 2), (keys, bottom, key_px, 1)]

    def _fits(self) -> list[tuple[Fit, QRectF, int]]:
        found = []
        for text, box, px, lines in self._parts():
            fit = fit_text(
                text,
                max(1.0, box.width()),
                max(1.0, box.height()),
                max_px=px,
                min_px=STAFF_TEXT_MIN_PX,
                bold=True,
                max_lines=lines,
            )
            found.append((fit, box, lines))
        return found

    def text_items(self) -> list[TextItem]:
        if not self.text() or not self.isVisible():
            return []
        ink, back = self.colors()
        return [
            text_item(self, fit, box, CENTER, ink, back, "button")
            for fit, box, _ in self._fits()
            if fit.text
        ]

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(0, round(_line(self._max_px, True) * 2.6))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(0, round(_line(STAFF_TEXT_MIN_PX, True) * 1.6))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        del event
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        painter = QStylePainter(self)
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)
        painter.setPen(QColor(self.colors()[0]))
        for fit, box, lines in self._fits():
            draw_fitted(
                painter, box, fit.text, max_px=fit.px, min_px=fit.px, bold=True, max_lines=lines
            )
        painter.end()


class WordElide(QStyledItemDelegate):
    """Table cells end in "…" after a whole word instead of mid-word."""

    def initStyleOption(  # noqa: N802 (Qt naming)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        width = option.rect.width() - 12
        px = option.font.pixelSize()
        text = option.text
        if width > 0 and px > 0 and text:
            bold = option.font.bold()
            fit = fit_text(text, width, 10_000, max_px=px, min_px=px, bold=bold)
            option.text = fit.shown


def scaled(base: float, scale: float) -> int:
    """``base`` px (designed for 1366×768) at ``scale``, never below the staff floor."""
    return max(STAFF_TEXT_MIN_PX, round(base * scale))
