"""What every admin page shares: a heading, a message line, work off the GUI thread, tables.

A page calls one ``AdminActions`` method per action through ``run`` (on the window's
``TaskRunner``); the result comes back on the GUI thread, a ``KnownError`` is shown in the
page's message line in the window's language, anything else once as "see the log".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KnownError
from ui.admin.services import AdminActions
from ui.common.fonts import ui_families
from ui.common.legibility import STAFF_TEXT_MIN_PX
from ui.common.theme import PALETTE
from ui.common.workers import TaskRunner

T = TypeVar("T")
P = PALETTE
BODY_PX = max(STAFF_TEXT_MIN_PX, 15)
SMALL_PX = max(STAFF_TEXT_MIN_PX, 14)
HEADING_PX = 22


def admin_qss() -> str:
    families = ", ".join(f'"{name}"' for name in ui_families())
    return f"""
QWidget {{ font-family: {families}; font-size: {BODY_PX}px; color: {P.ink}; }}
QMainWindow, QWidget#adminRoot, QDialog {{ background: {P.blue_soft}; }}
QLabel#pageHeading {{ font-size: {HEADING_PX}px; font-weight: 700; color: {P.blue}; }}
QLabel#pageMessage[tone="error"] {{ color: {P.red}; font-weight: 600; }}
QLabel#pageMessage[tone="ok"] {{ color: {P.green}; font-weight: 600; }}
QLabel#fieldHint {{ color: {P.ink_soft}; font-size: {SMALL_PX}px; font-weight: 400; }}
QLabel[role="alert"] {{
    background: {P.amber_bg}; color: {P.amber_ink}; border: 2px solid {P.amber};
    border-radius: 6px; padding: 4px 8px; font-weight: 600;
}}
QListWidget#pageList {{
    background: {P.blue_deep}; color: {P.white}; border: none; font-size: 16px;
    outline: none;
}}
QListWidget#pageList::item {{ padding: 9px 14px; }}
QListWidget#pageList::item:selected {{ background: {P.gold}; color: {P.blue_deep}; }}
QWidget#topBar {{ background: {P.blue}; }}
QWidget#topBar QLabel {{ color: {P.white}; font-size: 16px; }}
QPushButton {{
    background: {P.white}; color: {P.blue}; border: 1px solid {P.line};
    border-radius: 6px; padding: 6px 14px; min-height: 24px; font-weight: 600;
}}
QPushButton:disabled {{ color: {P.closed_ink}; background: {P.closed_bg}; }}
QPushButton[role="primary"] {{
    background: {P.blue}; color: {P.white}; border-color: {P.blue_dark};
}}
QPushButton[role="danger"] {{ background: {P.red}; color: {P.white}; border-color: {P.red}; }}
QLineEdit, QSpinBox, QDoubleSpinBox, QComboBox, QTimeEdit, QDateEdit, QPlainTextEdit {{
    background: {P.white}; border: 1px solid {P.line}; border-radius: 4px; padding: 3px 6px;
    min-height: 22px;
}}
QTableWidget {{ background: {P.white}; gridline-color: {P.line}; font-size: {SMALL_PX}px; }}
QHeaderView::section {{
    background: {P.blue_soft}; color: {P.blue_deep}; font-weight: 700; padding: 4px;
    border: none; border-bottom: 1px solid {P.line}; font-size: {SMALL_PX}px;
}}
QGroupBox {{ font-weight: 700; color: {P.blue_deep}; border: 1px solid {P.line};
    border-radius: 6px; margin-top: 12px; padding-top: 8px; background: {P.white}; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; }}
"""


def button(text: str, role: str = "") -> QPushButton:
    b = QPushButton(text)
    if role:
        b.setProperty("role", role)
    return b


def table(headers: Sequence[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(list(headers))
    t.verticalHeader().setVisible(False)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setAlternatingRowColors(True)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def set_rows(t: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    selected = t.currentRow()
    t.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            t.setItem(r, c, item)
    if 0 <= selected < len(rows):
        t.selectRow(selected)


def row_text(t: QTableWidget, column: int = 0) -> str | None:
    row = t.currentRow()
    item = t.item(row, column) if row >= 0 else None
    return item.text() if item is not None else None


def hbox(*widgets: QWidget, stretch: bool = True) -> QHBoxLayout:
    box = QHBoxLayout()
    for w in widgets:
        box.addWidget(w)
    if stretch:
        box.addStretch(1)
    return box


class Page(QWidget):
    """One page of the window. Subclasses fill ``self.body`` and override ``title`` and
    ``refresh`` (called each time the page is shown)."""

    def __init__(self, actions: AdminActions, runner: TaskRunner, lang: str) -> None:
        super().__init__()
        self.admin = actions
        self.runner = runner
        self.lang = lang
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.message = QLabel("")
        self.message.setObjectName("pageMessage")
        self.message.setWordWrap(True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 12, 18, 12)
        outer.setSpacing(8)
        outer.addWidget(self.heading)
        self.body = QVBoxLayout()
        self.body.setSpacing(8)
        outer.addLayout(self.body, 1)
        outer.addWidget(self.message)

    def title(self) -> str:
        raise NotImplementedError

    def retitle(self) -> None:
        self.heading.setText(self.title())

    def refresh(self) -> None:
        """Read what the page shows (off the GUI thread)."""

    def run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        *,
        ok: str | None = None,
        name: str = "",
        on_error: Callable[[BaseException], None] | None = None,
    ) -> int:
        def done(result: T) -> None:
            if ok is not None:
                self.show_ok(ok)
            if on_done is not None:
                on_done(result)

        return self.runner.submit(
            fn, on_done=done, on_error=on_error or self.fail, name=name or self.title()
        )

    def fail(self, exc: BaseException) -> None:
        if isinstance(exc, KnownError):
            self.show_error(exc.message(self.lang))
        else:
            self.show_error(self.tr("Terjadi kesalahan tak terduga; rinciannya ada di log."))

    def show_error(self, text: str) -> None:
        self._tone(text, "error")

    def show_ok(self, text: str) -> None:
        self._tone(text, "ok")

    def _tone(self, text: str, tone: str) -> None:
        self.message.setText(text)
        self.message.setProperty("tone", tone)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
