"""Small kiosk widgets: the priority toggle bar, the running text, the long-press detector."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from ui.common.resources import resource_path, svg_pixmap
from ui.common.theme import PALETTE, Metrics, font

PRIORITY_ICONS = ("elderly", "wheelchair", "pregnant", "child")


class PriorityBar(QAbstractButton):
    """A wide, checkable bar: on means the next tile touch issues a priority ticket."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("priorityBar")
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.metrics = Metrics()
        self.compact = False  # narrow screens: smaller icons, the title may wrap, no hint
        self._icons: dict[int, list[QPixmap]] = {}
        self.toggled.connect(self._retext)
        self._retext()

    def set_metrics(self, metrics: Metrics, *, compact: bool = False) -> None:
        self.metrics = metrics
        self.compact = compact
        self.setFixedHeight(metrics.px(150 if compact else 128))
        self.update()

    def title(self) -> str:
        if self.isChecked():
            return self.tr("PRIORITAS AKTIF — sekarang pilih layanan")
        return self.tr("Prioritas: lansia, disabilitas, ibu hamil, anak")

    def hint(self) -> str:
        if self.isChecked():
            return self.tr("Sentuh lagi untuk membatalkan")
        return self.tr("Sentuh di sini, lalu pilih layanan")

    def _retext(self, *_args: object) -> None:
        self.setAccessibleName(self.title())
        self.update()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self._retext()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(self.metrics.px(1200), self.metrics.px(128))

    def _icon_row(self, size: int) -> list[QPixmap]:
        if size not in self._icons:
            self._icons[size] = [
                svg_pixmap(resource_path("images", "priority", f"{name}.svg"), size, size)
                for name in PRIORITY_ICONS
            ]
        return self._icons[size]

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        m, p, on = self.metrics, PALETTE, self.isChecked()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(m.px(4), m.px(4), -m.px(4), -m.px(4))
        path = QPainterPath()
        path.addRoundedRect(rect, m.px(24), m.px(24))
        painter.fillPath(path, p.q("gold") if on else p.q("white"))
        painter.setPen(QPen(p.q("gold_dark") if on else p.q("gold"), m.px(5)))
        painter.drawPath(path)
        icon = m.px(56 if self.compact else 72)
        x = rect.left() + m.px(24)
        y = rect.center().y() - icon / 2
        disc = p.q("white") if on else p.q("amber_bg")
        for pixmap in self._icon_row(icon):
            circle = QPainterPath()
            circle.addEllipse(QRectF(x - m.px(6), y - m.px(6), icon + m.px(12), icon + m.px(12)))
            painter.fillPath(circle, disc)
            painter.drawPixmap(int(x), int(y), pixmap)
            x += icon + m.px(18 if self.compact else 22)
        switch_w = m.px(120)
        left = x + m.px(14)
        width = rect.right() - left - switch_w - m.px(40)
        painter.setPen(p.q("blue_deep"))
        if self.compact:
            painter.setFont(font(m.px(30), bold=True))
            box = QRectF(left, rect.top(), width, rect.height())
            painter.drawText(box, _LEFT | Qt.TextFlag.TextWordWrap, self.title())
        else:
            painter.setFont(font(m.px(36), bold=True))
            painter.drawText(
                QRectF(left, rect.top() + m.px(14), width, m.px(50)), _LEFT, self.title()
            )
            painter.setFont(font(m.px(24)))
            painter.setPen(p.q("ink") if on else p.q("ink_soft"))
            painter.drawText(
                QRectF(left, rect.top() + m.px(68), width, m.px(36)), _LEFT, self.hint()
            )
        self._paint_switch(painter, rect, switch_w, on)
        painter.end()

    def _paint_switch(self, painter: QPainter, rect: QRectF, width: int, on: bool) -> None:
        m, p = self.metrics, PALETTE
        height = m.px(60)
        track = QRectF(
            rect.right() - width - m.px(28), rect.center().y() - height / 2, width, height
        )
        path = QPainterPath()
        path.addRoundedRect(track, height / 2, height / 2)
        painter.fillPath(path, p.q("blue") if on else p.q("closed_bg"))
        knob = height - m.px(10)
        kx = track.right() - knob - m.px(5) if on else track.left() + m.px(5)
        circle = QPainterPath()
        circle.addEllipse(QRectF(kx, track.top() + m.px(5), knob, knob))
        painter.fillPath(circle, p.q("white"))


_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class Marquee(QWidget):
    """Running text (the hall's notices) scrolling right to left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("marquee")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.metrics = Metrics()
        self._text = ""
        self._offset = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(33)
        self._timer.timeout.connect(self._step)

    def set_metrics(self, metrics: Metrics) -> None:
        self.metrics = metrics
        self.setFixedHeight(metrics.px(64))

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self._offset = 0.0
            self.update()

    def text(self) -> str:
        return self._text

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt API
        self._timer.start()

    def hideEvent(self, event: object) -> None:  # noqa: N802 - Qt API
        self._timer.stop()

    def _step(self) -> None:
        self._offset += 2.0 * self.metrics.scale
        metrics = QFontMetricsF(font(self.metrics.px(28), bold=True))
        width = metrics.horizontalAdvance(self._text + _GAP) if self._text else 0.0
        if width and self._offset > width:
            self._offset -= width
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        m, p = self.metrics, PALETTE
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), p.q("blue_deep"))
        painter.fillRect(0, 0, self.width(), m.px(4), p.q("gold"))
        if self._text:
            painter.setFont(font(m.px(28), bold=True))
            painter.setPen(p.q("white"))
            unit = self._text + _GAP
            step = painter.fontMetrics().horizontalAdvance(unit)
            x = m.px(32) - self._offset
            while x < self.width():
                rect = QRectF(x, 0, step, self.height())
                painter.drawText(rect, _LEFT, unit)
                x += step
        painter.end()


_GAP = "     •     "


class HoldDetector(QObject):
    """Emits ``held`` when a watched widget is pressed and held for ``msecs``."""

    held = Signal()

    def __init__(self, msecs: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(msecs)
        self._timer.timeout.connect(self.held.emit)

    def watch(self, widget: QWidget) -> None:
        widget.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            self._timer.start()
        elif kind in (
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.TouchEnd,
            QEvent.Type.TouchCancel,
            QEvent.Type.Leave,
        ):
            self._timer.stop()
        return False
