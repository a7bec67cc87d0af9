"""Layout of the counter window: no logic, no service calls.

The window fills whatever size it is given, from 1280×720 up to 3840×2160: every text is a
``FitText``/``FitButton`` (``ui/counter/widgets.py``) that shrinks to the staff floor and
then elides, and no widget asks for more width than it gets. Sizes are designed for
1366×768 and scaled with the window (``rescale``), so a 4K monitor is not a sea of tiny
text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QStackedWidget,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ui.common.i18n import QT_TRANSLATE_NOOP
from ui.common.theme import PALETTE, font
from ui.counter.widgets import CENTER, FitButton, FitText, WordElide, scaled

P = PALETTE
DESIGN = (1366, 768)  # the base sizes below are for this screen

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
}}
QPushButton:disabled {{ color: {P.ink_soft}; background: {P.closed_bg}; }}
QPushButton[role="primary"]:enabled {{
    background: {P.blue}; color: {P.white}; border-color: {P.blue_dark};
}}
QPushButton[role="accent"]:enabled {{
    background: {P.gold}; color: {P.blue_deep}; border-color: {P.gold_dark};
}}
QPushButton[role="ghost"]:enabled {{
    background: {P.blue_deep}; color: {P.white}; border: 2px solid {P.white};
}}
QTableWidget {{ background: {P.white}; border: none; gridline-color: {P.line}; }}
QHeaderView::section {{
    background: {P.blue_soft}; color: {P.blue}; border: none; padding: 4px;
}}
QListWidget {{ border: 1px solid {P.line}; border-radius: 8px; }}
"""


class CounterLayout(QWidget):
    """All widgets of the counter window, laid out; subclasses wire them."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("counterRoot")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(QSS)
        self.scale = 0.0
        self._sized: list[tuple[FitText | FitButton, float]] = []
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self._header())
        self.body = body = QHBoxLayout()
        self.left = left = QVBoxLayout()
        left.addWidget(self._card(), 1)
        left.addLayout(self._buttons())
        body.addLayout(left, 60)
        body.addWidget(self._side(), 40)
        root.addLayout(body, 1)
        # Two lines: a refusal that names its remedy (a command to run) is read whole.
        self.status_line = self._text(20, bold=True, max_lines=2, name="statusLine", role="status")
        self.status_line.setContentsMargins(16, 6, 16, 6)
        root.addWidget(self.status_line)
        # This PC's clock against the hall's reference; shown only when it is off.
        self.clock_warning = self._text(
            18, bold=True, color=P.blue_deep, background=P.amber, name="clockWarning"
        )
        self.clock_warning.setContentsMargins(16, 4, 16, 4)
        self.clock_warning.hide()
        root.addWidget(self.clock_warning)
        self.rescale(*DESIGN)

    # --- building blocks -----------------------------------------------------------------
    def _text(self, base_px: float, **options: object) -> FitText:
        label = FitText(**options)  # type: ignore[arg-type]
        self._sized.append((label, base_px))
        return label

    def _button(self, text: str, base_px: float, role: str = "", name: str = "") -> FitButton:
        button = FitButton(text, role=role)
        if name:
            button.setObjectName(name)
        self._sized.append((button, base_px))
        return button

    def _header(self) -> QWidget:
        head = QFrame()
        head.setObjectName("head")
        self.head_row = row = QHBoxLayout(head)
        self.counter_label = self._text(
            34, bold=True, color=P.gold, background=P.blue_deep, name="counterLabel"
        )
        self.clerk_label = self._text(20, color=P.white, background=P.blue_deep, name="clerkLabel")
        self.services_label = self._text(
            18, color=P.white, background=P.blue_deep, name="servicesLabel"
        )
        self.state_label = self._text(
            20, bold=True, color=P.blue_deep, align=CENTER, radius=10, name="stateLabel"
        )
        self.logout_button = self._button(self.tr("Ganti petugas"), 17, "ghost", "logout")
        info = QVBoxLayout()
        info.setSpacing(0)
        info.addWidget(self.clerk_label)
        info.addWidget(self.services_label)
        row.addWidget(self.counter_label, 20)
        row.addLayout(info, 52)
        row.addWidget(self.state_label, 12)
        row.addWidget(self.logout_button, 14)
        return head

    def _card(self) -> QWidget:
        card = QFrame()
        card.setObjectName("card")
        box = QVBoxLayout(card)
        box.setContentsMargins(20, 10, 20, 12)
        box.setSpacing(0)
        white = {"background": P.white, "align": CENTER}
        self.ticket_caption = self._text(
            22, bold=True, color=P.ink_soft, name="ticketCaption", **white
        )
        self.ticket_number = self._text(
            120, bold=True, color=P.blue, name="ticketNumber", role="ticket", **white
        )
        self.ticket_service = self._text(
            22, color=P.ink, max_lines=2, name="ticketService", **white
        )
        self.timer_label = self._text(30, bold=True, color=P.blue_deep, name="timerLabel", **white)
        box.addWidget(self.ticket_caption)
        box.addWidget(self.ticket_number, 1)
        box.addWidget(self.ticket_service)
        box.addWidget(self.timer_label)
        return card

    def _buttons(self) -> QGridLayout:
        self.grid = grid = QGridLayout()
        self.buttons: dict[str, FitButton] = {}
        for i, (key, text, keys, role) in enumerate(ACTIONS):
            b = self._button(f"{self.tr(text)}\n{keys}", 20, role, f"btn_{key}")
            grid.addWidget(b, i // 4, i % 4)
            self.buttons[key] = b
        return grid

    def _side(self) -> QWidget:
        side = QFrame()
        side.setObjectName("side")
        box = QVBoxLayout(side)
        box.setContentsMargins(12, 10, 12, 12)
        box.setSpacing(8)
        white = {"background": P.white}
        self.waiting_title = self._text(22, bold=True, color=P.blue, name="waitingTitle", **white)
        box.addWidget(self.waiting_title)
        # Priority tickets, always in view above the list however long the list is.
        self.priority_banner = self._text(
            18, bold=True, color=P.blue_deep, radius=8, name="priorityBanner", max_lines=2
        )
        self.priority_banner.setContentsMargins(10, 4, 10, 4)
        box.addWidget(self.priority_banner)
        self.waiting_stack = QStackedWidget()
        self.waiting_stack.addWidget(self._table())
        self.empty_note = self._text(
            20, color=P.blue_deep, align=CENTER, max_lines=3, name="emptyNote", **white
        )
        self.waiting_stack.addWidget(self.empty_note)
        box.addWidget(self.waiting_stack, 1)
        self.call_selected = self._button(
            self.tr("Pilih nomor di daftar untuk dipanggil"), 18, "primary", "callSelected"
        )
        box.addWidget(self.call_selected)
        self.held_caption = self._text(18, bold=True, color=P.blue, name="heldCaption", **white)
        self.held_caption.setText(self.tr("Ditunda di loket ini"))
        box.addWidget(self.held_caption)
        held_row = QHBoxLayout()
        self.held_list = QListWidget()
        self.take_back = self._button(self.tr("Ambil kembali"), 18, "", "takeBack")
        held_row.addWidget(self.held_list, 3)
        held_row.addWidget(self.take_back, 2)
        box.addLayout(held_row)
        self.stats_label = self._text(
            18,
            bold=True,
            color=P.blue_deep,
            background=P.blue_soft,
            radius=8,
            max_lines=2,
            name="statsLabel",
        )
        self.stats_label.setContentsMargins(8, 4, 8, 4)
        box.addWidget(self.stats_label)
        return side

    def _table(self) -> QTableWidget:
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("waitingTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Nomor"), self.tr("Layanan"), self.tr("Tunggu")]
        )
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setItemDelegateForColumn(1, WordElide(self.table))
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        return self.table

    # --- sizes -----------------------------------------------------------------------------
    def rescale(self, width: int, height: int) -> None:
        """Size every text and row for a ``width``×``height`` window."""
        scale = round(min(width / DESIGN[0], height / DESIGN[1]), 2)
        if scale == self.scale:
            return
        self.scale = scale
        for widget, base in self._sized:
            widget.set_sizes(scaled(base, scale))
        for key in self.buttons:
            self.buttons[key].setMinimumHeight(scaled(70, scale))
        for button in (self.call_selected, self.take_back):
            button.setMinimumHeight(scaled(44, scale))
        self.status_line.setMinimumHeight(scaled(40, scale))
        self.ticket_number.setMinimumHeight(scaled(60, scale))
        self.table.setFont(font(scaled(18, scale)))
        self.table.horizontalHeader().setStyleSheet(
            f"QHeaderView::section {{ font-size: {scaled(16, scale)}px; font-weight: 700; }}"
        )
        self.table.verticalHeader().setDefaultSectionSize(scaled(32, scale))
        gap = round(12 * scale)
        self.body.setContentsMargins(gap, gap, gap, round(8 * scale))
        self.body.setSpacing(gap)
        self.left.setSpacing(round(10 * scale))
        self.grid.setSpacing(round(10 * scale))
        self.head_row.setContentsMargins(
            round(18 * scale), round(8 * scale), gap, round(10 * scale)
        )
        self.head_row.setSpacing(round(16 * scale))
        self.held_list.setFont(font(scaled(18, scale), bold=True))
        self.held_list.setMaximumHeight(scaled(64, scale))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt naming)
        self.rescale(event.size().width(), event.size().height())
        super().resizeEvent(event)
