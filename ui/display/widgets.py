"""The pieces of the lobby display, drawn for a TV read from across a hall.

Each piece is placed by the window on the virtual canvas (``place(canvas, rect)``, ``rect``
in design units) and lays out its own texts inside: ``FitLabel``s sized between a design
size and the screen's legibility floor, each with the colour behind it (so the layout tests
check its contrast). No piece has a Qt layout, so no text can make the window grow.
"""

from __future__ import annotations

import math

from PySide6.QtCore import (
    Property,
    QByteArray,
    QEasingCurve,
    QPoint,
    QPointF,
    QPropertyAnimation,
    QRect,
    QRectF,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QWidget

from app.domain.model import CounterState, CounterView, ServiceStatus
from app.domain.wording import wait_text
from app.i18n import pick
from app.services.snapshots import CallEntry
from ui.common.fit import FitLabel, TextItem, make_font
from ui.common.theme import PALETTE
from ui.display.canvas import LINE, Canvas

P = PALETTE
CLOSED_INK = "#4B5563"  # on P.closed_bg: 6:1 (the theme's closed ink is too light for a TV)
CENTER = Qt.AlignmentFlag.AlignCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def text(
    role: str, color: str, background: str, *, bold: bool = True, align: Qt.AlignmentFlag = CENTER
) -> FitLabel:
    return FitLabel(role=role, color=color, background=background, bold=bold, align=align)


def fit_px(height: float) -> int:
    """The largest font pixel size whose line fits ``height`` screen pixels."""
    return max(1, int(height / LINE))


def _rounded(painter: QPainter, rect: QRectF, radius: float, fill: str, border: str = "") -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(fill))
    if border:
        painter.setPen(QPen(QColor(border), max(1.0, radius / 6)))
    else:
        painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(rect, radius, radius)


class CallPanel(QWidget):
    """The call on the big panel, very large; a new call pulses its border gold."""

    PULSES = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._glow = 0.0
        self._radius = 24.0
        self.heading = text("label", P.white, P.blue)
        self.number = text("tile-number", P.gold, P.blue)
        self.counter = text("label", P.white, P.blue)
        for label in (self.heading, self.number, self.counter):
            label.setParent(self)
        self.number.setObjectName("callNumber")
        self.counter.setObjectName("callCounter")
        self.animation = QPropertyAnimation(self, b"glow", self)
        self.animation.setDuration(700)
        self.animation.setKeyValueAt(0.0, 0.0)
        self.animation.setKeyValueAt(0.5, 1.0)
        self.animation.setKeyValueAt(1.0, 0.0)
        self.animation.setEasingCurve(QEasingCurve.Type.InOutSine)
        self.animation.setLoopCount(self.PULSES)
        self.show_call(None, animate=False)

    def place(self, canvas: Canvas, rect: QRectF) -> None:
        self.setGeometry(canvas.rect(rect))
        self._radius = canvas.px(26)
        pad = canvas.px(26)
        inner = self.rect().adjusted(pad, canvas.px(12), -pad, -canvas.px(16))
        h = inner.height()
        parts = (0.19, 0.53, 0.28)
        y = inner.top()
        for label, part in zip((self.heading, self.number, self.counter), parts, strict=True):
            label.setGeometry(inner.left(), y, inner.width(), round(h * part))
            y += round(h * part)
        self.heading.set_sizes(max(fit_px(h * parts[0]), canvas.label_floor), canvas.label_floor)
        self.number.set_sizes(max(fit_px(h * parts[1]), canvas.tile_floor), canvas.tile_floor)
        self.counter.set_sizes(max(fit_px(h * parts[2]), canvas.label_floor), canvas.label_floor)

    def show_call(self, call: CallEntry | None, *, animate: bool) -> None:
        if call is None:
            self.number.setText("—")
            self.heading.setText(self.tr("NOMOR ANTREAN"))
            self.counter.setText(self.tr("Silakan ambil nomor antrean"))
            return
        self.number.setText(call.display)
        recall = call.recall_pending
        self.heading.setText(self.tr("PANGGILAN ULANG") if recall else self.tr("NOMOR ANTREAN"))
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
        width = max(2.0, self._radius / 6 * (1 + 2 * self._glow))
        rect = QRectF(self.rect()).adjusted(width / 2, width / 2, -width / 2, -width / 2)
        painter.setBrush(QColor(P.blue))
        border = QColor(P.gold_dark if self._glow < 0.5 else P.gold)
        painter.setPen(QPen(border, width))
        painter.drawRoundedRect(rect, self._radius, self._radius)


class CounterTile(QWidget):
    """One counter: its number and what it is doing (current ticket, break, closed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bg = P.white
        self._radius = 16.0
        self.title = text("label", P.blue, P.white)
        self.value = text("tile-number", P.blue_deep, P.white)
        self.value.setObjectName("tileValue")
        for label in (self.title, self.value):
            label.setParent(self)
        self._floors = (14, 14)

    def place(self, canvas: Canvas, rect: QRectF) -> None:
        self.setGeometry(canvas.rect(rect))
        self._radius = canvas.px(16)
        self._floors = (canvas.label_floor, canvas.tile_floor)
        pad = canvas.px(12)
        inner = self.rect().adjusted(pad, canvas.px(5), -pad, -canvas.px(5))
        title_h = round(inner.height() * 0.36)
        self.title.setGeometry(inner.left(), inner.top(), inner.width(), title_h)
        self.value.setGeometry(
            inner.left(), inner.top() + title_h, inner.width(), inner.height() - title_h
        )
        self.title.set_sizes(max(fit_px(title_h), canvas.label_floor), canvas.label_floor)
        self._size_value()

    def _size_value(self) -> None:
        label_floor, tile_floor = self._floors
        floor = tile_floor if self.value.role == "tile-number" else label_floor
        top = fit_px(self.value.height()) if self.value.role == "tile-number" else tile_floor
        self.value.set_sizes(max(top, floor), floor)

    def show_counter(self, counter: CounterView, *, highlight: bool) -> None:
        self.title.setText(self.tr("LOKET {0}").format(counter.number))
        role = "label"
        if counter.state == CounterState.CLOSED:
            value, bg, ink, title = self.tr("Tutup"), P.closed_bg, CLOSED_INK, CLOSED_INK
        elif counter.state == CounterState.PAUSED:
            value, bg, ink, title = self.tr("Istirahat"), P.amber_bg, P.amber_ink, P.amber_ink
        elif counter.current_ticket:
            value, bg, ink, title = counter.current_ticket, P.white, P.blue_deep, P.blue
            role = "tile-number"
        else:
            value, bg, ink, title = "—", P.white, P.ink_soft, P.blue
            role = "tile-number"
        if highlight and counter.current_ticket:
            bg, ink, title = P.gold, P.blue_deep, P.blue_deep
        # A feed batch re-shows every counter: the labels repaint only what changed, and
        # the tile itself only for a new background.
        repaint = bg != self._bg
        self._bg = bg
        self.value.role = role
        self.value.setText(value)
        self.value.set_color(ink, bg)
        self.title.set_color(title, bg)
        self._size_value()
        if repaint:
            self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt naming)
        painter = QPainter(self)
        box = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        _rounded(painter, box, self._radius, self._bg, P.line)


class RecentList(QWidget):
    """The other calls of today, newest first: number → counter (a recall marked as one)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recent")
        self._radius = 22.0
        self.heading = text("label", P.gold, P.blue_deep, align=LEFT)
        self.heading.setParent(self)
        self.heading.setText(self.tr("PANGGILAN TERAKHIR"))
        self.rows: list[tuple[FitLabel, FitLabel]] = []
        self._calls: tuple[CallEntry, ...] = ()

    def place(self, canvas: Canvas, rect: QRectF, rows: int) -> None:
        self.setGeometry(canvas.rect(rect))
        self._radius = canvas.px(22)
        pad = canvas.px(24)
        inner = self.rect().adjusted(pad, canvas.px(12), -pad, -canvas.px(12))
        head_h = round(canvas.px(canvas.line(canvas.label_floor) + 8))
        self.heading.setGeometry(inner.left(), inner.top(), inner.width(), head_h)
        self.heading.set_sizes(max(canvas.px(38), canvas.label_floor), canvas.label_floor)
        while len(self.rows) < rows:
            number = text("tile-number", P.white, P.blue_deep, align=LEFT)
            where = text("label", P.white, P.blue_deep, bold=False, align=RIGHT)
            number.setParent(self)
            where.setParent(self)
            self.rows.append((number, where))
        for number, where in self.rows[rows:]:
            number.hide()
            where.hide()
        del self.rows[rows:]
        if rows:
            row_h = min((inner.height() - head_h) // rows, canvas.px(96))
            for i, (number, where) in enumerate(self.rows):
                y = inner.top() + head_h + i * row_h
                half = inner.width() * 11 // 20
                number.setGeometry(inner.left(), y, half, row_h)
                where.setGeometry(inner.left() + half, y, inner.width() - half, row_h)
                number.set_sizes(max(fit_px(row_h), canvas.tile_floor), canvas.tile_floor)
                where.set_sizes(
                    max(min(fit_px(row_h), canvas.px(46)), canvas.label_floor), canvas.label_floor
                )
                number.show()
                where.show()
        self.show_calls(self._calls)

    def show_calls(self, calls: tuple[CallEntry, ...]) -> None:
        self._calls = calls
        for i, (number, where) in enumerate(self.rows):
            if i < len(calls):
                call = calls[i]
                number.setText(call.display)
                where.setText(
                    self.tr("Loket {0} · ulang").format(call.counter_number)
                    if call.recall
                    else self.tr("Loket {0}").format(call.counter_number)
                )
            else:
                number.setText("")
                where.setText("")

    def texts(self) -> list[str]:
        return [n.text() for n, _ in self.rows if n.text()]

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt naming)
        _rounded(QPainter(self), QRectF(self.rect()), self._radius, P.blue_deep)


class ServiceChip(QWidget):
    """Waiting count and typical wait for one service."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._radius = 14.0
        self._accent = 10
        self._colour = QColor(P.gold)  # the service's own colour (its kiosk tile's) when set
        self.name = text("label", P.blue, P.white, align=LEFT)
        self.detail = text("label", P.ink, P.white, bold=False, align=LEFT)
        for label in (self.name, self.detail):
            label.setParent(self)

    def place(self, canvas: Canvas, rect: QRectF) -> None:
        self.setGeometry(canvas.rect(rect))
        self._radius = canvas.px(14)
        self._accent = canvas.px(10)
        left = self._accent + canvas.px(14)
        inner = self.rect().adjusted(left, canvas.px(5), -canvas.px(12), -canvas.px(5))
        half = inner.height() // 2
        self.name.setGeometry(inner.left(), inner.top(), inner.width(), half)
        self.detail.setGeometry(inner.left(), inner.top() + half, inner.width(), half)
        for label in (self.name, self.detail):
            label.set_sizes(max(canvas.px(32), canvas.label_floor), canvas.label_floor)

    def show_status(self, status: ServiceStatus, lang: str = "id") -> None:
        name = pick(lang, status.name_id, status.name_en)
        self.name.setText(f"{status.code} · {name}")
        reason = status.closed_reason.text(lang) if status.closed_reason else ""
        if not status.is_open_now and reason:
            wait = reason  # outside its hours or its quota used: say why
        elif status.waiting or status.people_ahead or status.estimate_minutes is None:
            # a ticket taken now waits behind others that share its counters, or: no counter
            wait = wait_text(status.estimate_minutes, lang, "short")
        else:
            wait = ""
        parts = [self.tr("{0} menunggu").format(status.waiting)] + ([wait] if wait else [])
        self.detail.setText("  ·  ".join(parts))
        own = QColor(status.colour) if status.colour else QColor()
        colour = own if own.isValid() else QColor(P.gold)
        if colour != self._colour:
            self._colour = colour
            self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt naming)
        painter = QPainter(self)
        _rounded(painter, QRectF(self.rect()), self._radius, P.white)
        painter.fillRect(QRect(0, 0, self._accent, self.height()), self._colour)

    def accent(self) -> QColor:
        """The colour of the bar at the chip's left edge (the service's, or the palette's)."""
        return QColor(self._colour)


class Marquee(QWidget):
    """Running text, scrolled right to left by a timer, at least the marquee floor high."""

    SPEED = 0.075  # of the screen height per second

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._offset = 0.0
        self._px = 40
        self._pad = 24
        self._timer = QTimer(self)
        self._timer.setInterval(30)
        self._timer.timeout.connect(self._step)

    @property
    def text(self) -> str:
        return self._text

    def place(self, canvas: Canvas, rect: QRectF) -> None:
        self.setGeometry(canvas.rect(rect))
        self._px = max(canvas.marquee_floor, min(canvas.px(52), fit_px(self.height())))
        self._pad = canvas.px(28)
        self.update()

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

    def stop(self) -> None:
        self._timer.stop()

    def _span(self) -> float:
        advance = QFontMetricsF(make_font(self._px, bold=True)).horizontalAdvance(self._text)
        return advance + self.width() / 3

    @Slot()
    def _step(self) -> None:
        step = self.SPEED * self.window().height() * self._timer.interval() / 1000
        self._offset = (self._offset + step) % max(1.0, self._span())
        self.update()

    def _band(self) -> QRectF:
        line = QFontMetricsF(make_font(self._px, bold=True)).height()
        return QRectF(self._pad, (self.height() - line) / 2, self.width() - 2 * self._pad, line)

    def text_items(self) -> list[TextItem]:
        """The running text's band: it scrolls through it, so it is whole by design."""
        if not self._text or not self.isVisible():
            return []
        band = self._band().toAlignedRect().translated(self.mapTo(self.window(), QPoint(0, 0)))
        return [
            TextItem(
                text=self._text,
                shown=self._text,
                rect=band,
                px=self._px,
                elided=False,
                color=QColor(P.blue_deep),
                background=QColor(P.gold),
                role="marquee",
            )
        ]

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt naming)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(P.gold))
        if not self._text:
            return
        band = self._band()
        painter.setClipRect(band.adjusted(-self._pad / 2, 0, self._pad / 2, 0))
        painter.setPen(QColor(P.blue_deep))
        painter.setFont(make_font(self._px, bold=True))
        span = self._span()
        x = band.left() - self._offset
        while x < self.width():
            painter.drawText(QRectF(x, band.top(), span, band.height()), int(LEFT), self._text)
            x += span


class Logo(QWidget):
    """The hall's logo (PNG or SVG bytes), else a plain gold shield with a star."""

    def __init__(self, logo: bytes | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._svg: QSvgRenderer | None = None
        self._pixmap: QPixmap | None = None
        self.set_logo(logo)

    def set_logo(self, logo: bytes | None) -> None:
        self._svg, self._pixmap = None, None
        if logo:
            pixmap = QPixmap()
            if pixmap.loadFromData(logo):
                self._pixmap = pixmap
            else:
                svg = QSvgRenderer(QByteArray(logo))
                self._svg = svg if svg.isValid() else None
        self.update()

    @property
    def has_logo(self) -> bool:
        return self._svg is not None or self._pixmap is not None

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt naming)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        box = QRectF(self.rect())
        if self._pixmap is not None:
            size = self._pixmap.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(0, 0, size.width(), size.height())
            target.moveCenter(box.center())
            p.drawPixmap(target.toRect(), self._pixmap)
        elif self._svg is not None:
            size = self._svg.defaultSize().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(0, 0, size.width(), size.height())
            target.moveCenter(box.center())
            self._svg.render(p, target)
        else:
            _emblem(p, box)


def _emblem(p: QPainter, box: QRectF) -> None:
    w = h = min(box.width(), box.height())
    x0, y0 = box.center().x() - w / 2, box.center().y() - h / 2

    def at(fx: float, fy: float) -> QPointF:
        return QPointF(x0 + w * fx, y0 + h * fy)

    shield = QPainterPath()
    shield.moveTo(at(0.5, 0.04))
    shield.lineTo(at(0.92, 0.18))
    shield.cubicTo(at(0.92, 0.62), at(0.72, 0.84), at(0.5, 0.97))
    shield.cubicTo(at(0.28, 0.84), at(0.08, 0.62), at(0.08, 0.18))
    shield.closeSubpath()
    p.setBrush(QColor(P.gold))
    p.setPen(QPen(QColor(P.white), max(2.0, w * 0.04)))
    p.drawPath(shield)
    star = QPolygonF()
    for i in range(10):
        r = 0.24 if i % 2 == 0 else 0.1
        a = -math.pi / 2 + i * math.pi / 5
        star.append(at(0.5 + r * math.cos(a), 0.47 + r * math.sin(a)))
    p.setBrush(QColor(P.blue_deep))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawPolygon(star)
