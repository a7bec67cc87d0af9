"""The confirmation screen: the ticket number, huge, and what happens next."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.wording import ahead_text, wait_text
from app.services.tickets import DeskResult
from ui.common.theme import Metrics


class ConfirmScreen(QWidget):
    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confirmScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.result: DeskResult | None = None
        self.lang = "id"
        self.seconds_left = 0
        self.card = QFrame(self)
        self.card.setObjectName("ticketCard")
        self.your_number = self._label("yourNumber")
        self.number = self._label("ticketNumber")
        self.service = self._label("serviceName")
        self.priority = self._label("priorityMark")
        self.facts = self._label("facts")
        self.take = self._label("takeTicket")
        self.print_failed = self._label("printFailed")
        self.print_failed.setProperty("role", "warning")
        self.countdown = QLabel(self)
        self.countdown.setObjectName("countdown")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_button = QPushButton(self)
        self.done_button.setObjectName("doneButton")
        self.done_button.setProperty("role", "accent")
        self.done_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.done_button.clicked.connect(self.done.emit)
        self.card_layout = QVBoxLayout(self.card)
        for widget in (self.your_number, self.number, self.service):
            self.card_layout.addWidget(widget)
        self.card_layout.addWidget(self.priority, 0, Qt.AlignmentFlag.AlignHCenter)
        for widget in (self.facts, self.take, self.print_failed):
            self.card_layout.addWidget(widget)
        self.outer = QVBoxLayout(self)
        self.outer.addStretch(1)
        self.outer.addWidget(self.card, 0, Qt.AlignmentFlag.AlignHCenter)
        self.outer.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.outer.addWidget(self.countdown)
        self.outer.addStretch(1)

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(name not in ("ticketNumber",))
        return label

    def set_metrics(self, m: Metrics) -> None:
        self.card_layout.setContentsMargins(m.px(70), m.px(40), m.px(70), m.px(44))
        self.card_layout.setSpacing(m.px(14))
        self.outer.setContentsMargins(m.px(40), m.px(30), m.px(40), m.px(30))
        self.outer.setSpacing(m.px(28))
        self.card.setMinimumWidth(min(m.px(1100), int(m.px(1920) * 0.9)))
        self.card.setMaximumWidth(m.px(1400))

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
        self.service.setText(
            issued.service_name_id if self.lang == "id" else issued.service_name_en
        )
        self.priority.setText(self.tr("PRIORITAS"))
        self.priority.setVisible(issued.ticket.priority)
        self.facts.setText(f"{self._ahead_text()}   ·   {self._wait_text()}")
        self.take.setText(self.tr("✓  Silakan ambil tiket Anda"))
        self.take.setVisible(result.printed)
        self.print_failed.setText(
            self.tr("⚠  Tiket tidak tercetak — catat/foto nomor Anda; petugas dapat mencetak ulang")
        )
        self.print_failed.setVisible(not result.printed)

    def _ahead_text(self) -> str:
        return ahead_text(self.result.issued.people_ahead if self.result else 0, self.lang)

    def _wait_text(self) -> str:
        return wait_text(self.result.issued.estimate.minutes if self.result else None, self.lang)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
