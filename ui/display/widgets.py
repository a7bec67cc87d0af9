"""The pieces of the lobby display, drawn for a TV read from across a hall."""

from __future__ import annotations

import math

from PySide6.QtCore import (
    Property,
    QEasingCurve,
    QPointF,
    QPropertyAnimation,
    QRectF,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.domain.model import CounterState, CounterView, ServiceStatus
from app.domain.wording import wait_text
from app.services.snapshots import CallEntry
from ui.common.theme import PALETTE, Metrics, font

P = PALETTE


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    t = max(0.0, min(1.0, t))
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def label(text: str, px: int, color: str, *, bold: bool = False, name: str = "") -> QLabel:
    lab = QLabel(text)
    lab.setFont(font(px, bold=bold))
    lab.setStyleSheet(f"color: {color}; background: transparent;")
    if name:
        lab.setObjectName(name)
    return lab


class CallPanel(QWidget):
    """The newest call, very large; ``flash()`` pulses it gold for a few seconds."""

    PULSES = 4

    def __init__(self, m: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._m = m
        self._glow = 0.0
        self.heading = label(self.tr("NOMOR ANTREAN"), m.px(40), P.white, bold=True)
        self.number = label("—", m.px(232), P.gold, bold=True, name="callNumber")
        self.counter = label("", m.px(100), P.white, bold=True, name="callCounter")
        box = QVBoxLayout(self)
        box.setContentsMargins(m.px(30), m.px(16), m.px(30), m.px(20))
        box.setSpacing(0)
        for w in (self.heading, self.number, self.counter):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(w)
        self.animation = QPropertyAnimation(self, b"glow", self)
        self.animation.setDuration(700)
        self.animation.setKeyValueAt(0.0, 0.0)
        self.animation.setKeyValueAt(0.5, 1.0)
        self.animation.setKeyValueAt(1.0, 0.0)
        self.animation.setEasingCurve(QEasingCurve.Type.InOutSine)
        self.animation.setLoopCount(self.PULSES)

    def show_call(self, call: CallEntry | None, *, animate: bool) -> None:
        if call is None:
            self.number.setText("—")
            self.heading.setText(self.tr("NOMOR ANTREAN"))
            self.counter.setText(self.tr("Silakan ambil nomor antrean"))
            self.counter.setFont(font(self._m.px(56), bold=True))
            return
        self.number.setText(call.display)
        self.heading.setText(
            self.tr("PANGGILAN ULANG") if call.recall else self.tr("NOMOR ANTREAN")
        )
        self.counter.setFont(font(self._m.px(100), bold=True))
        self.counter.setText(self.tr("LOKET {0}").format(call.counter_number))
        if animate:
            self.animation.stop()
            self.animation.start()

    @property
    def flashing(self) -> bool:
        return self.animation.state() == QPropertyAnimation.State.Running

    def _get_glow(self) -> float:
        return self._glow

    def _set_glow(self, value: float) -> None:
        self._glow = value
        self.update()

    glow = Property(float, _get_glow, _set_glow)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt naming)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        radius = self._m.px(28)
        painter.setBrush(_mix(P.q("blue"), QColor("#1F5FD1"), self._glow))
        border = _mix(P.q("gold_dark"), P.q("gold"), self._glow)
        painter.setPen(QPen(border, self._m.px(4 + 6 * self._glow)))
        painter.drawRoundedRect(rect, radius, radius)


class CounterTile(QFrame):
    """One counter: its number and what it is doing (current ticket, break, closed)."""

    def __init__(self, m: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._m = m
        self.title = label("", m.px(30), P.blue, bold=True)
        self.value = label("", m.px(56), P.ink, bold=True, name="tileValue")
        box = QVBoxLayout(self)
        box.setContentsMargins(m.px(10), m.px(6), m.px(10), m.px(8))
        box.setSpacing(0)
        for w in (self.title, self.value):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(w)

    def show_counter(self, counter: CounterView, *, highlight: bool) -> None:
        m = self._m
        self.title.setText(self.tr("LOKET {0}").format(counter.number))
        if counter.state == CounterState.CLOSED:
            text, bg, ink, title = self.tr("Tutup"), P.closed_bg, P.closed_ink, P.closed_ink
        elif counter.state == CounterState.PAUSED:
            text, bg, ink, title = self.tr("Istirahat"), P.amber_bg, P.amber_ink, P.amber_ink
        elif counter.current_ticket:
            text, bg, ink, title = counter.current_ticket, P.white, P.blue_deep, P.blue
        else:
            text, bg, ink, title = "—", P.white, P.ink_soft, P.blue
        if highlight and counter.current_ticket:
            bg, ink, title = P.gold, P.blue_deep, P.blue_deep
        small = counter.state != CounterState.OPEN
        self.value.setFont(font(m.px(40 if small else 56), bold=True))
        self.value.setText(text)
        self.value.setStyleSheet(f"color: {ink}; background: transparent;")
        self.title.setStyleSheet(f"color: {title}; background: transparent;")
        self.setStyleSheet(
            f"CounterTile {{ background: {bg}; border-radius: {m.px(18)}px;"
            f" border: {m.px(3)}px solid {P.line}; }}"
        )


class RecentList(QFrame):
    """The last calls before the newest one: number → counter."""

    def __init__(self, m: Metrics, rows: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._m = m
        self.setObjectName("recent")
        self.setStyleSheet(f"#recent {{ background: {P.blue_deep}; border-radius: {m.px(24)}px; }}")
        box = QVBoxLayout(self)
        box.setContentsMargins(m.px(26), m.px(16), m.px(26), m.px(16))
        box.setSpacing(m.px(2))
        box.addWidget(label(self.tr("PANGGILAN TERAKHIR"), m.px(32), P.gold, bold=True))
        self.rows: list[tuple[QLabel, QLabel]] = []
        for _ in range(rows):
            line = QHBoxLayout()
            number = label("", m.px(60), P.white, bold=True)
            where = label("", m.px(46), P.white)
            where.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            line.addWidget(number, 1)
            line.addWidget(where, 1)
            box.addLayout(line)
            self.rows.append((number, where))
        box.addStretch(1)

    def show_calls(self, calls: tuple[CallEntry, ...]) -> None:
        for i, (number, where) in enumerate(self.rows):
            if i < len(calls):
                number.setText(calls[i].display)
                where.setText(self.tr("Loket {0}").format(calls[i].counter_number))
            else:
                number.setText("")
                where.setText("")

    def texts(self) -> list[str]:
        return [n.text() for n, _ in self.rows if n.text()]


class ServiceChip(QFrame):
    """Waiting count and typical wait for one service."""

    def __init__(self, m: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(
            f"ServiceChip {{ background: {P.white}; border-radius: {m.px(16)}px;"
            f" border-left: {m.px(10)}px solid {P.gold}; }}"
        )
        self.name = label("", m.px(30), P.blue, bold=True)
        self.detail = label("", m.px(26), P.ink)
        box = QVBoxLayout(self)
        box.setContentsMargins(m.px(18), m.px(6), m.px(12), m.px(8))
        box.setSpacing(0)
        box.addWidget(self.name)
        box.addWidget(self.detail)

    def show_status(self, status: ServiceStatus, lang: str = "id") -> None:
        name = status.name_id if lang == "id" else status.name_en
        self.name.setText(f"{status.code} · {name}")
        wait = wait_text(status.estimate_minutes, lang, "short") if status.waiting else ""
        parts = [self.tr("{0} menunggu").format(status.waiting)] + ([wait] if wait else [])
        self.detail.setText("  ·  ".join(parts))


class Marquee(QWidget):
    """Running text, scrolled right to left by a timer."""

    SPEED_PX_PER_S = 140

    def __init__(self, m: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._m = m
        self._text = ""
        self._offset = 0.0
        self.setFont(font(m.px(40), bold=True))
        self.setFixedHeight(m.px(72))
        self._timer = QTimer(self)
        self._timer.setInterval(30)
        self._timer.timeout.connect(self._step)

    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        text = " ".join(text.split())
        if text == self._text:
            return
        self._text = text
        self._offset = 0.0
        if text:
            self._timer.start()
        else:
            self._timer.stop()
        self.update()

    @Slot()
    def _step(self) -> None:
        width = self.fontMetrics().horizontalAdvance(self._text) + self.width() // 3
        self._offset = (self._offset + self.SPEED_PX_PER_S * 0.03) % max(1, width)
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt naming)
        painter = QPainter(self)
        painter.fillRect(self.rect(), P.q("gold"))
        if not self._text:
            return
        painter.setPen(P.q("blue_deep"))
        painter.setFont(self.font())
        gap = self.width() // 3
        span = self.fontMetrics().horizontalAdvance(self._text) + gap
        x = self._m.px(24) - self._offset
        while x < self.width():
            painter.drawText(
                QRectF(x, 0, span, self.height()),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                self._text,
            )
            x += span


class Emblem(QWidget):
    """A plain gold shield with a star, drawn (no bitmap needed)."""

    def __init__(self, size: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(size, size)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt naming)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = float(self.width()), float(self.height())
        shield = QPainterPath()
        shield.moveTo(w * 0.5, h * 0.04)
        shield.lineTo(w * 0.92, h * 0.18)
        shield.cubicTo(w * 0.92, h * 0.62, w * 0.72, h * 0.84, w * 0.5, h * 0.97)
        shield.cubicTo(w * 0.28, h * 0.84, w * 0.08, h * 0.62, w * 0.08, h * 0.18)
        shield.closeSubpath()
        p.setBrush(P.q("gold"))
        p.setPen(QPen(P.q("white"), max(2.0, w * 0.04)))
        p.drawPath(shield)
        star = QPolygonF()
        for i in range(10):
            r = w * (0.24 if i % 2 == 0 else 0.1)
            a = -math.pi / 2 + i * math.pi / 5
            star.append(QPointF(w * 0.5 + r * math.cos(a), h * 0.47 + r * math.sin(a)))
        p.setBrush(P.q("blue_deep"))
        p.setPen(Qt.PenStyle.NoPen)
        p.drawPolygon(star)
