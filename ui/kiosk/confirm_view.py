"""The confirmation screen: the ticket number, huge, and what happens next.

Every text is a ``FitLabel`` (or a fitted notice/button) placed by ``_place`` from the
screen's size: the number takes what the other lines leave, so it is as large as the screen
allows and nothing is cut.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QPainterPath, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

from app.domain.wording import ahead_text, wait_text
from app.i18n import pick
from app.services.tickets import DeskResult
from ui.common.fit import FitLabel, fit_text
from ui.common.theme import PALETTE
from ui.kiosk.fitted import FitButton, Notice
from ui.kiosk.sizes import KioskSizes, line_height

_CENTER = Qt.AlignmentFlag.AlignCenter


class Card(QWidget):
    """The white ticket card with a gold edge at the bottom."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketCard")
        self.sizes = KioskSizes()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        radius = self.sizes.px(36)
        edge = self.sizes.px(10)
        gold = QPainterPath()
        gold.addRoundedRect(QRectF(self.rect()), radius, radius)
        painter.fillPath(gold, PALETTE.q("gold"))
        white = QPainterPath()
        white.addRoundedRect(QRectF(self.rect()).adjusted(0, 0, 0, -edge), radius, radius)
        painter.fillPath(white, PALETTE.q("white"))
        painter.end()


class ConfirmScreen(QWidget):
    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confirmScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.result: DeskResult | None = None
        self.lang = "id"
        self.seconds_left = 0
        self.sizes = KioskSizes()
        self.card = Card(self)
        white = PALETTE.white
        self.your_number = self._label("yourNumber", PALETTE.ink_soft, bold=False)
        self.number = self._label("ticketNumber", PALETTE.blue, role="ticket-number")
        self.service = self._label("serviceName", PALETTE.ink, lines=2)
        self.priority = FitLabel(
            bold=True,
            color=PALETTE.blue_deep,
            background=PALETTE.gold,
            align=_CENTER,
            role="confirm",
            parent=self.card,
        )
        self.priority.setObjectName("priorityMark")
        self.facts = self._label("facts", PALETTE.ink, bold=False, lines=2)
        self.take = self._label("takeTicket", PALETTE.green, lines=2)
        self.print_failed = Notice(parent=self.card)
        self.print_failed.setObjectName("printFailed")
        self.countdown = FitLabel(color=white, background=PALETTE.blue, align=_CENTER, parent=self)
        self.countdown.setObjectName("countdown")
        self.done_button = FitButton(style="accent", parent=self)
        self.done_button.setObjectName("doneButton")
        self.done_button.clicked.connect(self.done.emit)

    def _label(
        self, name: str, color: str, *, bold: bool = True, lines: int = 1, role: str = "confirm"
    ) -> FitLabel:
        label = FitLabel(
            bold=bold,
            color=color,
            background=PALETTE.white,
            align=_CENTER,
            max_lines=lines,
            role=role,
            parent=self.card,
        )
        label.setObjectName(name)
        return label

    def set_sizes(self, s: KioskSizes) -> None:
        self.sizes = s
        self.card.sizes = s
        self.your_number.set_sizes(s.text(38), s.floor)
        self.number.set_sizes(max(s.floor, s.px(230)), s.floor)
        self.service.set_sizes(s.text(46), s.floor)
        self.priority.set_sizes(s.text(30), s.floor)
        self.facts.set_sizes(s.text(32), s.floor)
        self.take.set_sizes(s.text(44), s.floor)
        self.print_failed.set_sizes(s, s.px(32))
        self.countdown.set_sizes(s.text(26), s.floor)
        self.done_button.set_sizes(s, s.px(40))
        self._place()

    def show_result(self, result: DeskResult, lang: str) -> None:
        self.result = result
        self.lang = lang
        self.retranslate()

    def set_countdown(self, seconds: int) -> None:
        self.seconds_left = seconds
        self.countdown.setText(
            self.tr("Layar kembali ke awal dalam {n} detik").format(n=max(0, seconds))
        )

    def retranslate(self) -> None:
        self.done_button.setText(self.tr("Selesai"))
        self.your_number.setText(self.tr("Nomor antrean Anda"))
        self.set_countdown(self.seconds_left)
        result = self.result
        if result is None:
            return
        issued = result.issued
        self.number.setText(issued.ticket.display)
        self.service.setText(pick(self.lang, issued.service_name_id, issued.service_name_en))
        self.priority.setText(self.tr("PRIORITAS"))
        self.priority.setVisible(issued.ticket.priority)
        self.facts.setText(f"{self._ahead_text()}   ·   {self._wait_text()}")
        self.take.setText(self.tr("✓  Silakan ambil tiket Anda"))
        self.take.setVisible(result.printed)
        self.print_failed.setText(
            self.tr("⚠  Tiket tidak tercetak — catat/foto nomor Anda; petugas dapat mencetak ulang")
        )
        self.print_failed.setVisible(not result.printed)
        self._place()

    def _ahead_text(self) -> str:
        return ahead_text(self.result.issued.people_ahead if self.result else 0, self.lang)

    def _wait_text(self) -> str:
        return wait_text(self.result.issued.estimate.minutes if self.result else None, self.lang)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._place()

    # --- geometry --------------------------------------------------------------------------
    def _place(self) -> None:
        s = self.sizes
        w, h = self.width(), self.height()
        if w <= 0 or h <= 0:
            return
        margin, gap = s.px(40), s.px(14)
        button_h = s.touch_px(110)
        countdown_h = math.ceil(line_height(s.text(26))) + 1
        card_w = min(w - 2 * margin, s.px(1300))
        inner_w = card_w - 2 * s.px(60)
        rows = self._rows(inner_w)
        fixed = sum(height for _, height in rows) + gap * len(rows)
        pad_v = s.px(36)
        outside = button_h + countdown_h + 2 * s.px(24) + 2 * margin
        number_h = max(
            math.ceil(line_height(s.floor, True)) + 1,
            min(
                math.ceil(line_height(max(s.floor, s.px(230)), True)),
                h - outside - fixed - 2 * pad_v - s.px(10),
            ),
        )
        card_h = fixed + number_h + 2 * pad_v + s.px(10)
        top = max(margin, (h - card_h - outside + 2 * margin) // 2)
        self.card.setGeometry((w - card_w) // 2, top, card_w, card_h)
        y = pad_v
        left = (card_w - inner_w) // 2
        for widget, height in rows[:1]:
            widget.setGeometry(left, y, inner_w, height)
            y += height + gap
        self.number.setGeometry(left, y, inner_w, number_h)
        y += number_h + gap
        for widget, height in rows[1:]:
            if widget is self.priority:
                pill_w = self._pill_width(inner_w)
                widget.setGeometry((card_w - pill_w) // 2, y, pill_w, height)
            else:
                widget.setGeometry(left, y, inner_w, height)
            y += height + gap
        y = self.card.geometry().bottom() + 1 + s.px(24)
        button_w = min(w - 2 * margin, max(s.px(460), 4 * s.touch))
        self.done_button.setGeometry((w - button_w) // 2, y, button_w, button_h)
        y += button_h + s.px(24)
        self.countdown.setGeometry(margin, y, w - 2 * margin, countdown_h)

    def _rows(self, width: int) -> list[tuple[QWidget, int]]:
        """The card's lines other than the number, each as high as its text needs (one line
        when it fits one at its largest size, else two)."""
        s = self.sizes

        def height(label: FitLabel, px: int, *, bold: bool = True, most: int = 2) -> int:
            one = fit_text(label.text(), width, 10_000, max_px=px, min_px=px, bold=bold)
            count = 1 if most == 1 or not one.elided else 2
            return math.ceil(line_height(px, bold) * count) + 1

        rows: list[tuple[QWidget, int]] = [
            (self.your_number, height(self.your_number, s.text(38), bold=False, most=1)),
            (self.service, height(self.service, s.text(46))),
        ]
        if self.priority.isVisibleTo(self):
            rows.append((self.priority, height(self.priority, s.text(30), most=1) + s.px(10)))
        rows.append((self.facts, height(self.facts, s.text(32), bold=False)))
        if self.print_failed.isVisibleTo(self):
            rows.append((self.print_failed, self.print_failed.wanted_height(s.text(30))))
        else:
            rows.append((self.take, height(self.take, s.text(44))))
        return rows

    def _pill_width(self, width: int) -> int:
        s = self.sizes
        fit = fit_text(self.priority.text(), width, 10_000, max_px=s.text(30), min_px=s.floor)
        return min(width, math.ceil(fit.width) + 2 * s.px(30))
