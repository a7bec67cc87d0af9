"""Layout of the counter window (1366×768 and up): no logic, no service calls."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ui.common.i18n import QT_TRANSLATE_NOOP
from ui.common.theme import PALETTE, font

P = PALETTE

# (key, label, shortcut text, role) in keypad-like order: the busiest actions first.
# The labels are translated where the buttons are made (``self.tr`` in ``CounterLayout``).
ACTIONS = (
    ("next", QT_TRANSLATE_NOOP("CounterLayout", "Panggil berikutnya"), "F1 / +", "accent"),
    ("recall", QT_TRANSLATE_NOOP("CounterLayout", "Panggil ulang"), "F2 / *", "primary"),
    ("start", QT_TRANSLATE_NOOP("CounterLayout", "Mulai layani"), "F3", "primary"),
    ("finish", QT_TRANSLATE_NOOP("CounterLayout", "Selesai"), "F4", "primary"),
    ("no_show", QT_TRANSLATE_NOOP("CounterLayout", "Lewati / tidak hadir"), "F5", ""),
    ("transfer", QT_TRANSLATE_NOOP("CounterLayout", "Alihkan"), "F6", ""),
    ("hold", QT_TRANSLATE_NOOP("CounterLayout", "Tunda"), "F7", ""),
    ("pause", QT_TRANSLATE_NOOP("CounterLayout", "Istirahat"), "F8", ""),
)

QSS = f"""
#counterRoot {{ background: {P.blue_soft}; }}
#head {{ background: {P.blue_deep}; border-bottom: 4px solid {P.gold}; }}
#card, #side {{ background: {P.white}; border-radius: 16px; border: 2px solid {P.line}; }}
QPushButton {{
    border-radius: 12px; border: 2px solid {P.line}; background: {P.white}; color: {P.blue};
    padding: 4px 8px; text-align: center;
}}
QPushButton:disabled {{ color: {P.closed_ink}; background: {P.closed_bg}; }}
QPushButton[role="primary"]:enabled {{
    background: {P.blue}; color: {P.white}; border-color: {P.blue_dark};
}}
QPushButton[role="accent"]:enabled {{
    background: {P.gold}; color: {P.blue_deep}; border-color: {P.gold_dark};
}}
QTableWidget {{
    background: {P.white}; border: none; gridline-color: {P.line}; font-size: 19px;
}}
QHeaderView::section {{
    background: {P.blue_soft}; color: {P.blue}; font-weight: 700; border: none; padding: 4px;
    font-size: 17px;
}}
QListWidget {{ font-size: 18px; border: 1px solid {P.line}; border-radius: 8px; }}
"""


def _label(text: str, px: int, color: str, *, bold: bool = False, name: str = "") -> QLabel:
    lab = QLabel(text)
    lab.setFont(font(px, bold=bold))
    lab.setStyleSheet(f"color: {color}; background: transparent; border: none;")
    if name:
        lab.setObjectName(name)
    return lab


class CounterLayout(QWidget):
    """All widgets of the counter window, laid out; subclasses wire them."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("counterRoot")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(QSS)
        self.setMinimumSize(1200, 700)
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self._header())
        body = QHBoxLayout()
        body.setContentsMargins(14, 12, 14, 8)
        body.setSpacing(14)
        left = QVBoxLayout()
        left.setSpacing(12)
        left.addWidget(self._card(), 1)
        left.addLayout(self._buttons())
        body.addLayout(left, 60)
        body.addWidget(self._side(), 40)
        root.addLayout(body, 1)
        self.status_line = _label("", 20, P.ink, bold=True, name="statusLine")
        self.status_line.setMinimumHeight(44)
        self.status_line.setContentsMargins(16, 0, 16, 0)
        root.addWidget(self.status_line)
        # This PC's clock against the hall's reference; shown only when it is off.
        self.clock_warning = _label("", 18, P.ink, bold=True, name="clockWarning")
        self.clock_warning.setContentsMargins(16, 4, 16, 4)
        self.clock_warning.setStyleSheet(f"background: {P.amber}; color: {P.blue_deep};")
        self.clock_warning.hide()
        root.addWidget(self.clock_warning)

    def _header(self) -> QWidget:
        head = QFrame()
        head.setObjectName("head")
        row = QHBoxLayout(head)
        row.setContentsMargins(18, 8, 18, 10)
        self.counter_label = _label("", 34, P.gold, bold=True, name="counterLabel")
        self.clerk_label = _label("", 20, P.white, name="clerkLabel")
        self.services_label = _label("", 20, P.white, name="servicesLabel")
        self.state_label = _label("", 20, P.blue_deep, bold=True, name="stateLabel")
        self.state_label.setMinimumWidth(130)
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        info = QVBoxLayout()
        info.setSpacing(0)
        info.addWidget(self.clerk_label)
        info.addWidget(self.services_label)
        row.addWidget(self.counter_label)
        row.addSpacing(24)
        row.addLayout(info, 1)
        row.addWidget(self.state_label)
        return head

    def _card(self) -> QWidget:
        card = QFrame()
        card.setObjectName("card")
        box = QVBoxLayout(card)
        box.setContentsMargins(20, 10, 20, 12)
        box.setSpacing(0)
        self.ticket_caption = _label("", 22, P.ink_soft, bold=True, name="ticketCaption")
        self.ticket_number = _label("", 120, P.blue, bold=True, name="ticketNumber")
        self.ticket_service = _label("", 22, P.ink, name="ticketService")
        self.timer_label = _label("", 30, P.blue_deep, bold=True, name="timerLabel")
        for w in (self.ticket_caption, self.ticket_number, self.ticket_service, self.timer_label):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(w)
        return card

    def _buttons(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(10)
        self.buttons: dict[str, QPushButton] = {}
        for i, (key, text, keys, role) in enumerate(ACTIONS):
            b = QPushButton(f"{self.tr(text)}\n{keys}")
            b.setObjectName(f"btn_{key}")
            b.setFont(font(20, bold=True))
            b.setMinimumHeight(78)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            if role:
                b.setProperty("role", role)
            grid.addWidget(b, i // 4, i % 4)
            self.buttons[key] = b
        return grid

    def _side(self) -> QWidget:
        side = QFrame()
        side.setObjectName("side")
        box = QVBoxLayout(side)
        box.setContentsMargins(12, 10, 12, 12)
        box.setSpacing(8)
        self.waiting_title = _label("", 22, P.blue, bold=True, name="waitingTitle")
        box.addWidget(self.waiting_title)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Nomor"), self.tr("Layanan"), self.tr("Tunggu")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(34)
        box.addWidget(self.table, 1)
        self.call_selected = QPushButton(self.tr("Pilih nomor di daftar untuk dipanggil"))
        self.call_selected.setObjectName("callSelected")
        self.call_selected.setFont(font(18, bold=True))
        self.call_selected.setMinimumHeight(46)
        self.call_selected.setProperty("role", "primary")
        box.addWidget(self.call_selected)
        box.addWidget(_label(self.tr("Ditunda di loket ini"), 18, P.blue, bold=True))
        held_row = QHBoxLayout()
        self.held_list = QListWidget()
        self.held_list.setMaximumHeight(70)
        self.take_back = QPushButton(self.tr("Ambil kembali"))
        self.take_back.setObjectName("takeBack")
        self.take_back.setFont(font(18, bold=True))
        self.take_back.setMinimumHeight(46)
        held_row.addWidget(self.held_list, 1)
        held_row.addWidget(self.take_back)
        box.addLayout(held_row)
        self.stats_label = _label("", 19, P.ink, bold=True, name="statsLabel")
        self.stats_label.setStyleSheet(
            f"background: {P.blue_soft}; color: {P.blue_deep}; border-radius: 8px; padding: 8px;"
        )
        box.addWidget(self.stats_label)
        return side
