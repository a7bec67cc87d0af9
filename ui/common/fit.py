"""Text that fits its box: shrink to a legible floor, then elide with "…".

Every text a citizen reads is drawn through this module, so no screen depends on the font a
PC has or on how long a hall's service names are. ``fit_text`` is the rule (pure, measured
with Qt's font metrics); ``FitLabel`` is a widget that applies it on every resize and never
asks its layout for more room than it is given (its width hint is zero, its height hint one
line at the floor), so a long text cannot grow a window. Both report what they drew as
``TextItem``s, which the layout tests check for overlap, clipping and size floors.

Custom-painted widgets that draw text expose ``text_items() -> list[TextItem]`` too.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.common.fonts import ui_families, ui_family

ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class Fit:
    """How ``text`` is drawn: ``lines`` (elided where needed) at ``px`` pixels."""

    text: str
    lines: tuple[str, ...]
    px: int
    elided: bool
    line_height: float
    width: float  # the widest drawn line, px

    @property
    def shown(self) -> str:
        return " ".join(self.lines)

    @property
    def height(self) -> float:
        return self.line_height * len(self.lines)


@dataclass(frozen=True, slots=True)
class TextItem:
    """One text as drawn on a window, in window coordinates (for the layout tests)."""

    text: str  # the full text
    shown: str  # what is visible (ends with "…" when elided)
    rect: QRect  # the ink box of the drawn lines
    px: int  # font pixel size
    elided: bool
    color: QColor
    background: QColor | None  # what is behind the text, when it is one plain colour
    role: str = ""  # "tile-number", "label", "marquee"…: which floor applies
    fits: bool = True  # False when the text is clipped without an ellipsis


def make_font(px: int, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(ui_families())
    font.setPixelSize(max(1, px))
    if bold:
        font.setWeight(QFont.Weight.Bold)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return font


def _wrap(text: str, font: QFont, width: float) -> list[tuple[str, float]]:
    """Word-wrap ``text`` at ``width``; each line with its natural width (a word longer than
    the width stays whole on its line and shows up as a line wider than ``width``)."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines: list[tuple[str, float]] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        piece = text[line.textStart() : line.textStart() + line.textLength()]
        lines.append((piece.strip(), line.naturalTextWidth()))
    layout.endLayout()
    return lines or [("", 0.0)]


def _try(text: str, font: QFont, width: float, height: float, max_lines: int) -> Fit | None:
    metrics = QFontMetricsF(font)
    line_height = metrics.height()
    if max_lines <= 1 or "\n" not in text and metrics.horizontalAdvance(text) <= width:
        advance = metrics.horizontalAdvance(text)
        if advance <= width and line_height <= height + 0.5:
            return Fit(text, (text,), font.pixelSize(), False, line_height, advance)
        if max_lines <= 1:
            return None
    lines = _wrap(text, font, width)
    if len(lines) > max_lines or len(lines) * line_height > height + 0.5:
        return None
    if any(w > width for _, w in lines):
        return None
    return Fit(
        text,
        tuple(p for p, _ in lines),
        font.pixelSize(),
        False,
        line_height,
        max(w for _, w in lines),
    )


def _elide_words(text: str, metrics: QFontMetricsF, width: float) -> str:
    """``text`` cut after the last whole word that fits with "…" (mid-word only when not
    even the first word fits)."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    words = text.split()
    kept = ""
    for word in words:
        trial = f"{kept} {word}".strip()
        if metrics.horizontalAdvance(trial.rstrip(",;:-–") + ELLIPSIS) > width:
            break
        kept = trial
    if kept:
        return kept.rstrip(",;:-–") + ELLIPSIS
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


def _elide(text: str, font: QFont, width: float, height: float, max_lines: int) -> Fit:
    metrics = QFontMetricsF(font)
    line_height = metrics.height()
    room = max(1, min(max_lines, int((height + 0.5) // line_height) if line_height else 1))
    wrapped = _wrap(text, font, width) if room > 1 else [(text, 0.0)]
    kept = [p for p, w in wrapped[: room - 1] if w <= width]
    rest = text[len(" ".join(kept)) :].strip() if kept else text
    last = _elide_words(rest, metrics, width)
    lines = (*kept, last)
    widest = max(metrics.horizontalAdvance(p) for p in lines)
    return Fit(text, lines, font.pixelSize(), True, line_height, widest)


def fit_text(
    text: str,
    width: float,
    height: float,
    *,
    max_px: int,
    min_px: int,
    bold: bool = False,
    max_lines: int = 1,
) -> Fit:
    """The largest size in ``[min_px, max_px]`` at which ``text`` fits ``width``×``height``
    (px) in at most ``max_lines`` word-wrapped lines, words never broken; if it does not fit
    even at ``min_px``, the text at ``min_px`` with its last line elided with "…".

    Raises ``ValueError`` when ``min_px`` > ``max_px`` or ``min_px`` < 1.
    """
    if min_px < 1 or min_px > max_px:
        raise ValueError(f"font size range {min_px}..{max_px} px is empty")
    return _fit_text(text, width, height, max_px, min_px, bold, max_lines, ui_family())


@functools.lru_cache(maxsize=4096)
def _fit_text(
    text: str,
    width: float,
    height: float,
    max_px: int,
    min_px: int,
    bold: bool,
    max_lines: int,
    family: str,
) -> Fit:
    """``fit_text``, kept per text, box, sizes and family (a ``Fit`` is immutable): a
    screen repainted with the same texts measures none of them again."""
    del family  # part of the key only: ``make_font`` draws with it
    best: Fit | None = None
    low, high = min_px, max_px
    while low <= high:  # binary search: fitting is monotone in the size
        mid = (low + high) // 2
        found = _try(text, make_font(mid, bold=bold), width, height, max_lines)
        if found is None:
            high = mid - 1
        else:
            best, low = found, mid + 1
    if best is not None:
        return best
    return _elide(text, make_font(min_px, bold=bold), width, height, max_lines)


class FitLabel(QWidget):
    """A label whose text always fits: ``max_px`` when there is room, down to ``min_px``,
    then elided. It never widens its layout; its minimum height is its lines at ``min_px``.

    Sizes may be given later with ``set_sizes`` (windows rescale on resize).
    """

    def __init__(
        self,
        text: str = "",
        *,
        max_px: int = 32,
        min_px: int = 14,
        bold: bool = False,
        color: str | QColor = "#0F1B2D",
        background: str | QColor | None = None,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        max_lines: int = 1,
        role: str = "label",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._text = text
        self._max_px, self._min_px = max_px, min_px
        self._bold = bold
        self._color = QColor(color)
        self._background = QColor(background) if background is not None else None
        self._align = align
        self._max_lines = max_lines
        self.role = role
        self._fit: Fit | None = None
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground, background is None)

    # --- configuration -----------------------------------------------------------------
    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:  # noqa: N802 (QLabel's name, so callers read alike)
        if text != self._text:
            self._text = text
            self._refit()

    def set_sizes(self, max_px: int, min_px: int) -> None:
        sizes = (max_px, min(min_px, max_px))
        if sizes != (self._max_px, self._min_px):
            self._max_px, self._min_px = sizes
            self._refit(geometry=True)

    def set_color(self, color: str | QColor, background: str | QColor | None = None) -> None:
        colours = (QColor(color), QColor(background) if background is not None else None)
        if colours != (self._color, self._background):
            self._color, self._background = colours
            self.update()

    def set_bold(self, bold: bool) -> None:
        self._bold = bold
        self._refit()

    def set_alignment(self, align: Qt.AlignmentFlag) -> None:
        self._align = align
        self.update()

    def _refit(self, *, geometry: bool = False) -> None:
        self._fit = None
        if geometry:
            self.updateGeometry()
        self.update()

    # --- what it draws -----------------------------------------------------------------
    def fitted(self) -> Fit:
        """The text as drawn at the current size (computed on demand, cached)."""
        if self._fit is None:
            self._fit = fit_text(
                self._text,
                max(1, self.width()),
                max(1, self.height()),
                max_px=self._max_px,
                min_px=self._min_px,
                bold=self._bold,
                max_lines=self._max_lines,
            )
        return self._fit

    def _placed(self) -> Qt.AlignmentFlag:
        """The alignment, with the label's defaults (left, top) on an axis it leaves open."""
        align = self._align
        if not align & (Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignRight):
            align |= Qt.AlignmentFlag.AlignLeft
        if not align & (Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignBottom):
            align |= Qt.AlignmentFlag.AlignTop
        return align

    def _ink_rect(self, fit: Fit) -> QRectF:
        return _ink_rectf(fit, QRectF(self.rect()), self._placed())

    def text_items(self) -> list[TextItem]:
        if not self._text or not self.isVisible():
            return []
        box = QRectF(self.rect())
        return [
            text_item(
                self, self.fitted(), box, self._placed(), self._color, self._background, self.role
            )
        ]

    # --- Qt -----------------------------------------------------------------------------
    def sizeHint(self) -> QSize:  # noqa: N802
        line = QFontMetricsF(make_font(self._max_px, bold=self._bold)).height()
        return QSize(0, round(line * self._max_lines))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(0, round(QFontMetricsF(make_font(self._min_px, bold=self._bold)).height()))

    def resizeEvent(self, event: object) -> None:  # noqa: N802
        self._fit = None
        super().resizeEvent(event)  # type: ignore[arg-type]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        del event
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        if self._background is not None:
            painter.fillRect(self.rect(), self._background)
        if not self._text:
            return
        fit = self.fitted()
        painter.setFont(make_font(fit.px, bold=self._bold))
        painter.setPen(self._color)
        ink = self._ink_rect(fit)
        h_align = self._align & (
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignRight
        )
        for index, line in enumerate(fit.lines):
            row = QRectF(
                QRectF(self.rect()).left(),
                ink.top() + index * fit.line_height,
                self.width(),
                fit.line_height,
            )
            painter.drawText(row, int(h_align | Qt.AlignmentFlag.AlignVCenter), line)
        painter.end()


def draw_fitted(
    painter: QPainter,
    rect: QRectF,
    text: str,
    *,
    max_px: int,
    min_px: int,
    bold: bool = False,
    max_lines: int = 1,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter,
) -> Fit:
    """Draw ``text`` fitted into ``rect`` with the painter's pen; returns what was drawn."""
    fit = fit_text(
        text,
        rect.width(),
        rect.height(),
        max_px=max_px,
        min_px=min_px,
        bold=bold,
        max_lines=max_lines,
    )
    painter.setFont(make_font(fit.px, bold=bold))
    top = rect.top() + (rect.height() - fit.height) / 2
    if align & Qt.AlignmentFlag.AlignTop:
        top = rect.top()
    elif align & Qt.AlignmentFlag.AlignBottom:
        top = rect.bottom() - fit.height
    h_align = align & (
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignRight
    )
    for index, line in enumerate(fit.lines):
        row = QRectF(rect.left(), top + index * fit.line_height, rect.width(), fit.line_height)
        painter.drawText(row, int(h_align | Qt.AlignmentFlag.AlignVCenter), line)
    return fit


def ink_rect(
    fit: Fit, rect: QRectF, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter
) -> QRect:
    """Where ``draw_fitted`` put the text of ``fit`` inside ``rect`` (for ``text_items``)."""
    return _ink_rectf(fit, rect, align).toAlignedRect()


def _ink_rectf(fit: Fit, rect: QRectF, align: Qt.AlignmentFlag) -> QRectF:
    """The box the lines of ``fit`` take in ``rect``, placed by ``align`` (centred on an
    axis without a flag)."""
    w, h = min(fit.width, rect.width()), min(fit.height, rect.height())
    x = rect.left() + (rect.width() - w) / 2
    if align & Qt.AlignmentFlag.AlignLeft:
        x = rect.left()
    elif align & Qt.AlignmentFlag.AlignRight:
        x = rect.right() - w
    y = rect.top() + (rect.height() - h) / 2
    if align & Qt.AlignmentFlag.AlignTop:
        y = rect.top()
    elif align & Qt.AlignmentFlag.AlignBottom:
        y = rect.bottom() - h
    return QRectF(x, y, w, h)


def text_item(
    widget: QWidget,
    fit: Fit,
    rect: QRectF,
    align: Qt.AlignmentFlag,
    color: QColor | str,
    background: QColor | str | None,
    role: str,
) -> TextItem:
    """The ``TextItem`` of ``fit`` drawn by ``widget`` in ``rect`` (widget coordinates)."""
    origin = widget.mapTo(widget.window(), QPoint(0, 0))
    return TextItem(
        text=fit.text,
        shown="\n".join(fit.lines),
        rect=ink_rect(fit, rect, align).translated(origin),
        px=fit.px,
        elided=fit.elided,
        color=QColor(color),
        background=QColor(background) if background is not None else None,
        role=role,
        fits=fit.width <= rect.width() + 0.5 and fit.height <= rect.height() + 0.5,
    )
