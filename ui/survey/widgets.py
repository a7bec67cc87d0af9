"""The survey's touch buttons, painted: four faces with their words, and plain big buttons.

Colour is never the only signal: each face has its own mouth (a frown to a broad smile) and
its words ("Tidak baik" … "Sangat baik") under it, dark on white (contrast ≥ 4.5:1). Every
painted text is fitted (``ui.common.fit``) and reported by ``text_items()`` for the layout
tests.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from ui.common.fit import Fit, TextItem, draw_fitted, fit_text, text_item
from ui.common.theme import PALETTE

# Face colours from bad to good (fills behind no text; the words sit on white).
FACE_COLOURS = ("#D64545", "#F08C2E", "#8CC152", "#2E9E5B")
# The mouth's curve from the mouth line, as a fraction of the face radius (- frown, + smile).
MOUTH_CURVE = (-0.28, -0.06, 0.14, 0.32)
INK = PALETTE.ink
CHOSEN_BG = "#DCE6F7"  # the answer already given: a tint and a thick blue frame


class FaceButton(QAbstractButton):
    """One answer: a face for ``score`` 1–4 over its words; ``setChecked`` marks the answer
    already given (when the citizen came back to this element)."""

    def __init__(self, score: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.score = score
        self.setCheckable(True)
        self.setAutoExclusive(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.label_max_px, self.label_min_px = 32, 16
        self.setObjectName(f"face{score}")

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(120, 120)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(40, 40)

    def set_sizes(self, max_px: int, min_px: int) -> None:
        self.label_max_px, self.label_min_px = max_px, min(min_px, max_px)
        self.update()

    def _rects(self) -> tuple[QRectF, QRectF]:
        r = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        label_h = max(self.label_min_px * 2.6, r.height() * 0.3)
        label = QRectF(r.left() + 6, r.bottom() - label_h, r.width() - 12, label_h - 6)
        top = QRectF(r.left(), r.top(), r.width(), r.height() - label_h)
        side = max(10.0, min(top.width(), top.height()) * 0.86)
        face = QRectF(0, 0, side, side)
        face.moveCenter(top.center())
        return face, label

    def _fit(self, label: QRectF) -> Fit:
        return fit_text(
            self.text(),
            label.width(),
            label.height(),
            max_px=self.label_max_px,
            min_px=self.label_min_px,
            bold=True,
            max_lines=2,
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        del event
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        chosen = self.isChecked() or self.isDown()
        painter.setPen(QPen(QColor(PALETTE.blue if chosen else PALETTE.line), 6 if chosen else 2))
        painter.setBrush(QColor(CHOSEN_BG if chosen else PALETTE.white))
        painter.drawRoundedRect(box, 18, 18)
        face, label = self._rects()
        _draw_face(painter, face, self.score)
        painter.setPen(QColor(INK))
        draw_fitted(
            painter,
            label,
            self.text(),
            max_px=self.label_max_px,
            min_px=self.label_min_px,
            bold=True,
            max_lines=2,
        )
        painter.end()

    def text_items(self) -> list[TextItem]:
        _face, label = self._rects()
        fit = self._fit(label)
        align = Qt.AlignmentFlag.AlignCenter
        background = CHOSEN_BG if self.isChecked() else PALETTE.white
        return [text_item(self, fit, label, align, INK, background, "face")]


def _draw_face(painter: QPainter, face: QRectF, score: int) -> None:
    r = face.width() / 2
    c = face.center()
    painter.setPen(QPen(QColor(INK), max(2.0, r * 0.06)))
    painter.setBrush(QColor(FACE_COLOURS[score - 1]))
    painter.drawEllipse(face)
    painter.setBrush(QColor(INK))
    eye = r * 0.11
    for dx in (-0.36, 0.36):
        painter.drawEllipse(QPointF(c.x() + dx * r, c.y() - 0.22 * r), eye, eye * 1.2)
    pen = QPen(QColor(INK), max(3.0, r * 0.1))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    left = QPointF(c.x() - 0.45 * r, c.y() + 0.38 * r)
    right = QPointF(c.x() + 0.45 * r, c.y() + 0.38 * r)
    bend = MOUTH_CURVE[score - 1] * r * 2
    path = QPainterPath(left)
    path.quadTo(QPointF(c.x(), left.y() + bend), right)
    painter.drawPath(path)


class BigButton(QAbstractButton):
    """A plain touch button whose text is fitted; ``role`` "primary" is blue with white text,
    "plain" white with blue text."""

    def __init__(
        self, text: str = "", *, role: str = "plain", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setText(text)
        self.role = role
        self.max_px, self.min_px = 32, 16
        self.max_lines = 1
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(80, self.minimumHeight() or 60)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(40, self.minimumHeight() or 40)

    def set_sizes(self, max_px: int, min_px: int) -> None:
        self.max_px, self.min_px = max_px, min(min_px, max_px)
        self.update()

    def colours(self) -> tuple[str, str, str]:
        """(background, text, border)."""
        if self.role == "primary":
            return PALETTE.blue, PALETTE.white, PALETTE.blue_dark
        return PALETTE.white, PALETTE.blue, PALETTE.line

    def _label(self) -> QRectF:
        return QRectF(self.rect()).adjusted(16, 6, -16, -6)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        del event
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        background, ink, border = self.colours()
        fill = QColor(background)
        if self.isDown():
            fill = fill.darker(115)
        painter.setPen(QPen(QColor(border), 2))
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 14, 14)
        painter.setPen(QColor(ink))
        draw_fitted(
            painter,
            self._label(),
            self.text(),
            max_px=self.max_px,
            min_px=self.min_px,
            bold=True,
            max_lines=self.max_lines,
        )
        painter.end()

    def text_items(self) -> list[TextItem]:
        label = self._label()
        fit = fit_text(
            self.text(),
            label.width(),
            label.height(),
            max_px=self.max_px,
            min_px=self.min_px,
            bold=True,
            max_lines=self.max_lines,
        )
        background, ink, _ = self.colours()
        return [
            text_item(self, fit, label, Qt.AlignmentFlag.AlignCenter, ink, background, "button")
        ]
