"""Small kiosk widgets: the priority bar, the running text, the long-press detector.

Each one that draws text reports it with ``text_items()``. Fitted buttons and notices are in
``ui.kiosk.fitted``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from ui.common.fit import Fit, TextItem, draw_fitted, fit_text, make_font, text_item
from ui.common.resources import resource_path, svg_pixmap
from ui.common.theme import PALETTE
from ui.kiosk.sizes import KioskSizes, line_height

PRIORITY_ICONS = ("elderly", "wheelchair", "pregnant", "child")
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter


class PriorityBar(QAbstractButton):
    """A wide, checkable bar: on means the next tile touch issues a priority ticket."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("priorityBar")
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.sizes = KioskSizes()
        self._icons: dict[int, list[QPixmap]] = {}
        self.toggled.connect(self._retext)
        self._retext()

    def set_sizes(self, sizes: KioskSizes) -> None:
        self.sizes = sizes
        self.update()

    def wanted_height(self) -> int:
        return self.sizes.touch_px(100)

    @property
    def compact(self) -> bool:
        """Narrow: the title may take two lines and the hint is left out."""
        return self.width() < self.sizes.px(1500)

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
        return QSize(0, self.wanted_height())

    def _icon_row(self, size: int) -> list[QPixmap]:
        if size not in self._icons:
            self._icons[size] = [
                svg_pixmap(resource_path("images", "priority", f"{name}.svg"), size, size)
                for name in PRIORITY_ICONS
            ]
        return self._icons[size]

    # --- geometry --------------------------------------------------------------------------
    def _frame(self) -> QRectF:
        inset = self.sizes.px(4)
        return QRectF(self.rect()).adjusted(inset, inset, -inset, -inset)

    def _icon_layout(self) -> tuple[int, int, int]:
        """(icon side, gap, how many icons) so that the texts keep at least half the bar."""
        s, frame = self.sizes, self._frame()
        icon = int(min(s.px(64), frame.height() * 0.56))
        gap = s.px(22)
        room = frame.width() * 0.32
        count = max(0, min(len(PRIORITY_ICONS), int(room // (icon + gap))))
        return icon, gap, count

    def _switch_rect(self) -> QRectF:
        s, frame = self.sizes, self._frame()
        height = min(s.px(60), frame.height() * 0.6)
        width = height * 2
        return QRectF(
            frame.right() - width - s.px(24), frame.center().y() - height / 2, width, height
        )

    def _text_areas(self) -> list[tuple[str, QRectF, int, bool, int]]:
        """(text, box, max px, bold, lines) of the title and, when there is room, the hint."""
        s, frame = self.sizes, self._frame()
        icon, gap, count = self._icon_layout()
        left = frame.left() + s.px(24) + count * (icon + gap) + (s.px(8) if count else 0)
        right = self._switch_rect().left() - s.px(24)
        pad = s.px(8)
        box = QRectF(left, frame.top() + pad, max(1.0, right - left), frame.height() - 2 * pad)
        title_line = line_height(s.text(34), True)
        hint_line = line_height(s.text(24))
        if not self.compact and box.height() >= title_line + hint_line:
            title = QRectF(box.left(), box.top(), box.width(), box.height() - hint_line)
            hint = QRectF(box.left(), title.bottom(), box.width(), hint_line)
            return [
                (self.title(), title, s.px(34), True, 1),
                (self.hint(), hint, s.px(24), False, 1),
            ]
        lines = 2 if box.height() >= 2 * line_height(s.floor, True) else 1
        return [(self.title(), box, s.px(30), True, lines)]

    def _colours(self) -> tuple[QColor, QColor, QColor]:
        on = self.isChecked()
        bg = PALETTE.q("gold") if on else PALETTE.q("white")
        return bg, PALETTE.q("blue_deep"), PALETTE.q("ink") if on else PALETTE.q("ink_soft")

    def _fits(self) -> list[tuple[Fit, QRectF, QColor, bool]]:
        _, title_ink, hint_ink = self._colours()
        out = []
        for index, (text, box, max_px, bold, lines) in enumerate(self._text_areas()):
            fit = fit_text(
                text,
                box.width(),
                box.height(),
                max_px=max(self.sizes.floor, max_px),
                min_px=self.sizes.floor,
                bold=bold,
                max_lines=lines,
            )
            out.append((fit, box, title_ink if index == 0 else hint_ink, bold))
        return out

    def text_items(self) -> list[TextItem]:
        if not self.isVisible():
            return []
        bg = self._colours()[0]
        return [
            text_item(self, fit, box, _LEFT, ink, bg, "priority")
            for fit, box, ink, _ in self._fits()
        ]

    # --- painting --------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        s, p, on = self.sizes, PALETTE, self.isChecked()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self._frame()
        path = QPainterPath()
        path.addRoundedRect(rect, s.px(24), s.px(24))
        painter.fillPath(path, self._colours()[0])
        painter.setPen(QPen(p.q("gold_dark") if on else p.q("gold"), max(2, s.px(5))))
        painter.drawPath(path)
        icon, gap, count = self._icon_layout()
        x = rect.left() + s.px(24)
        y = rect.center().y() - icon / 2
        ring = s.px(6)
        disc = p.q("white") if on else p.q("amber_bg")
        for pixmap in self._icon_row(icon)[:count]:
            circle = QPainterPath()
            circle.addEllipse(QRectF(x - ring, y - ring, icon + 2 * ring, icon + 2 * ring))
            painter.fillPath(circle, disc)
            painter.drawPixmap(int(x), int(y), pixmap)
            x += icon + gap
        for fit, box, ink, bold in self._fits():
            painter.setPen(ink)
            lines = len(fit.lines)
            draw_fitted(
                painter,
                box,
                fit.text,
                max_px=fit.px,
                min_px=fit.px,
                bold=bold,
                max_lines=lines,
                align=_LEFT,
            )
        self._paint_switch(painter, on)
        painter.end()

    def _paint_switch(self, painter: QPainter, on: bool) -> None:
        p = PALETTE
        track = self._switch_rect()
        height = track.height()
        path = QPainterPath()
        path.addRoundedRect(track, height / 2, height / 2)
        painter.fillPath(path, p.q("blue") if on else p.q("closed_bg"))
        inset = height * 0.09
        knob = height - 2 * inset
        kx = track.right() - knob - inset if on else track.left() + inset
        circle = QPainterPath()
        circle.addEllipse(QRectF(kx, track.top() + inset, knob, knob))
        painter.fillPath(circle, p.q("white"))


class Marquee(QWidget):
    """Running text (the hall's notices) scrolling right to left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("marquee")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.sizes = KioskSizes()
        self._text = ""
        self._offset = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(33)
        self._timer.timeout.connect(self._step)

    def set_sizes(self, sizes: KioskSizes) -> None:
        self.sizes = sizes
        self.update()

    def px(self) -> int:
        return self.sizes.text(28)

    def wanted_height(self) -> int:
        return round(line_height(self.px(), True) * 1.5) + self.sizes.px(4)

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self._offset = 0.0
            self.update()

    def text(self) -> str:
        return self._text

    def hold(self) -> None:
        """Stop the text at its start until shown again (pictures that must come out the
        same every time: the docs' screenshots)."""
        self._timer.stop()
        self._offset = 0.0
        self.update()

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt API
        self._timer.start()

    def hideEvent(self, event: object) -> None:  # noqa: N802 - Qt API
        self._timer.stop()

    def _step(self) -> None:
        self._offset += 2.0 * self.sizes.unit
        metrics = QFontMetricsF(make_font(self.px(), bold=True))
        width = metrics.horizontalAdvance(self._text + _GAP) if self._text else 0.0
        if width and self._offset > width:
            self._offset -= width
        self.update()

    def _band(self) -> QRectF:
        top = self.sizes.px(4)
        return QRectF(0, top, self.width(), self.height() - top)

    def text_items(self) -> list[TextItem]:
        """The running text as one item over the band (it moves; it is never elided)."""
        if not self._text or not self.isVisible():
            return []
        band = self._band()
        h = line_height(self.px(), True)
        rect = QRectF(0, band.center().y() - h / 2, self.width(), h).toAlignedRect()
        origin = self.mapTo(self.window(), QPoint(0, 0))
        return [
            TextItem(
                text=self._text,
                shown=self._text,
                rect=rect.translated(origin),
                px=self.px(),
                elided=False,
                color=PALETTE.q("white"),
                background=PALETTE.q("blue_deep"),
                role="marquee",
            )
        ]

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        p = PALETTE
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), p.q("blue_deep"))
        painter.fillRect(QRectF(0, 0, self.width(), self.sizes.px(4)), p.q("gold"))
        if self._text:
            painter.setFont(make_font(self.px(), bold=True))
            painter.setPen(p.q("white"))
            unit = self._text + _GAP
            step = painter.fontMetrics().horizontalAdvance(unit)
            x = self.sizes.px(32) - self._offset
            band = self._band()
            while x < self.width():
                painter.drawText(QRectF(x, band.top(), step, band.height()), _LEFT, unit)
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
