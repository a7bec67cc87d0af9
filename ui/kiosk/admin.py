"""The administrator's corner: a PIN pad and the admin panel, drawn over the kiosk.

Both are overlays inside the kiosk window (no new top-level window a citizen could reach
or that could slip behind the full-screen kiosk). The window checks the PIN and drives the
panel through the controller; these classes only lay out and report.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.common.theme import Metrics


class Overlay(QWidget):
    """A dimmed layer over the whole parent with a white panel in the middle."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.panel = QFrame(self)
        self.panel.setObjectName("overlayPanel")
        self.panel.setStyleSheet("QFrame#overlayPanel { background: white; border-radius: 28px; }")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(self.panel, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        parent.installEventFilter(self)
        self.hide()

    def open(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        parent = self.parentWidget()
        if parent is not None and watched is parent and event.type() == QEvent.Type.Resize:
            self.setGeometry(parent.rect())
        return False

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(4, 28, 69, 190))
        painter.end()

    def _button(self, text: str, role: str) -> QPushButton:
        button = QPushButton(text, self.panel)
        button.setProperty("role", role)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button


class PinPad(Overlay):
    """An on-screen numeric keypad; emits the PIN typed when OK is touched."""

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget, metrics: Metrics) -> None:
        super().__init__(parent)
        self.setObjectName("pinPad")
        self.pin = ""
        self.title = QLabel(self.panel)
        self.title.setObjectName("dialogTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots = QLabel(self.panel)
        self.dots.setObjectName("pinDots")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel(self.panel)
        self.message.setObjectName("pinMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        keys = QGridLayout()
        keys.setSpacing(metrics.px(14))
        self.keys: dict[str, QPushButton] = {}
        for index, key in enumerate("123456789C0<"):
            button = self._button(key if key not in "C<" else "", "key")
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            keys.addWidget(button, index // 3, index % 3)
            self.keys[key] = button
        self.keys["<"].setText("⌫")
        self.cancel_button = self._button("", "secondary")
        self.ok_button = self._button("", "primary")
        self.cancel_button.clicked.connect(self._cancel)
        self.ok_button.clicked.connect(self._submit)
        actions = QHBoxLayout()
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.ok_button)
        layout = QVBoxLayout(self.panel)
        layout.setContentsMargins(*(metrics.px(44),) * 4)
        layout.setSpacing(metrics.px(16))
        layout.addWidget(self.title)
        layout.addWidget(self.dots)
        layout.addWidget(self.message)
        layout.addLayout(keys)
        layout.addLayout(actions)
        self.retranslate()
        self._show_dots()

    def open(self) -> None:
        self.clear()
        self.message.setText(self.tr("Masukkan PIN administrator"))
        self.message.setProperty("role", "")
        super().open()

    def press(self, key: str) -> None:
        if key == "C":
            self.pin = ""
        elif key == "<":
            self.pin = self.pin[:-1]
        elif len(self.pin) < 12:
            self.pin += key
        self._show_dots()

    def clear(self) -> None:
        self.pin = ""
        self._show_dots()

    def refuse(self, text: str | None = None) -> None:
        """The PIN was wrong (or ``text``: locked, not set): say so and start over."""
        self.clear()
        self.message.setText(text or self.tr("PIN salah. Coba lagi."))
        self.message.setProperty("role", "error")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def set_busy(self, busy: bool) -> None:
        """While the PIN is being checked: no second submission."""
        self.ok_button.setEnabled(not busy)

    def _show_dots(self) -> None:
        self.dots.setText(" ".join("●" for _ in self.pin) or "—")

    def _submit(self) -> None:
        self.submitted.emit(self.pin)

    def _cancel(self) -> None:
        self.clear()
        self.hide()
        self.cancelled.emit()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Admin kios"))
        self.keys["C"].setText(self.tr("Hapus"))
        self.cancel_button.setText(self.tr("Batal"))
        self.ok_button.setText(self.tr("Masuk"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class AdminPanel(Overlay):
    """Reprint by number, printer status, today's failed prints, exit the kiosk."""

    reprint_requested = Signal(str)
    exit_requested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget, metrics: Metrics, codes: list[str]) -> None:
        super().__init__(parent)
        self.setObjectName("adminPanel")
        self.display = ""
        self.title = QLabel(self.panel)
        self.title.setObjectName("dialogTitle")
        self.printer_label = QLabel(self.panel)
        self.printer_label.setObjectName("adminLabel")
        self.clock_label = QLabel(self.panel)
        self.clock_label.setObjectName("adminLabel")
        self.clock_label.setWordWrap(True)
        self.failed_title = QLabel(self.panel)
        self.failed_title.setObjectName("adminLabel")
        self.failed = QListWidget(self.panel)
        self.failed.setMinimumHeight(metrics.px(120))
        self.failed.setMaximumHeight(metrics.px(160))
        self.failed.itemClicked.connect(
            lambda item: self.set_display(item.data(Qt.ItemDataRole.UserRole))
        )
        self.number = QLabel(self.panel)
        self.number.setObjectName("pinDots")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result = QLabel(self.panel)
        self.result.setObjectName("pinMessage")
        self.result.setWordWrap(True)
        keys = QGridLayout()
        keys.setSpacing(metrics.px(10))
        letters = [*codes, "<"]
        per_row = 7  # 26 services wrap into four rows instead of one row wider than a screen
        for index, key in enumerate(letters):
            self._key(keys, key, index // per_row, index % per_row)
        first = -(-len(letters) // per_row)
        for index, key in enumerate("1234567890"):
            self._key(keys, key, first + index // 5, index % 5)
        self.reprint_button = self._button("", "primary")
        self.reprint_button.clicked.connect(self._reprint)
        self.exit_button = self._button("", "danger")
        self.exit_button.clicked.connect(self.exit_requested.emit)
        self.close_button = self._button("", "secondary")
        self.close_button.clicked.connect(self._close)
        actions = QHBoxLayout()
        actions.addWidget(self.close_button)
        actions.addWidget(self.exit_button)
        info = QVBoxLayout()
        for widget in (
            self.title,
            self.printer_label,
            self.clock_label,
            self.failed_title,
            self.failed,
            self.number,
            self.result,
        ):
            info.addWidget(widget)
        info.addStretch(1)
        entry = QVBoxLayout()
        entry.addLayout(keys)
        entry.addWidget(self.reprint_button)
        # Side by side on a landscape screen, one above the other on a portrait one (see open).
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setSpacing(metrics.px(28))
        self.body.addLayout(info, 1)
        self.body.addLayout(entry)
        layout = QVBoxLayout(self.panel)
        layout.setContentsMargins(*(metrics.px(40),) * 4)
        layout.setSpacing(metrics.px(12))
        layout.addLayout(self.body)
        layout.addLayout(actions)
        self.panel.setMinimumWidth(metrics.px(900))
        self.retranslate()
        self.set_display("")

    def open(self) -> None:
        parent = self.parentWidget()
        portrait = parent is not None and parent.height() > parent.width()
        self.body.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        super().open()

    def _key(self, grid: QGridLayout, key: str, row: int, column: int) -> None:
        button = self._button("⌫" if key == "<" else key, "smallKey")
        button.clicked.connect(lambda _=False, k=key: self.press(k))
        grid.addWidget(button, row, column)

    def press(self, key: str) -> None:
        if key == "<":
            self.set_display(self.display[:-1])
        elif key.isalpha():
            self.set_display(key + "-")
        elif self.display and len(self.display) < 5:
            self.set_display(self.display + key)

    def set_display(self, text: str) -> None:
        self.display = text
        self.number.setText(text or "A-000")
        self.reprint_button.setEnabled(len(text) == 5)

    def set_printer_status(self, text: str) -> None:
        self.printer_label.setText(self.tr("Printer: {status}").format(status=text))

    def set_clock_status(self, text: str, *, warning: bool) -> None:
        """One line on this PC's clock; shown in the error colour when it is off."""
        self.clock_label.setText(self.tr("Jam: {status}").format(status=text))
        self.clock_label.setProperty("role", "error" if warning else "")
        self.clock_label.style().unpolish(self.clock_label)
        self.clock_label.style().polish(self.clock_label)

    def set_failed(self, rows: list[tuple[str, str]]) -> None:
        """``rows``: (display, label) for each ticket whose print failed today."""
        self.failed.clear()
        for display, label in rows:
            self.failed.addItem(label)
            self.failed.item(self.failed.count() - 1).setData(Qt.ItemDataRole.UserRole, display)
        if not rows:
            self.failed.addItem(self.tr("Tidak ada tiket gagal cetak hari ini"))

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.result.setText(text)
        self.result.setProperty("role", "error" if error else "")
        self.result.style().unpolish(self.result)
        self.result.style().polish(self.result)

    def _reprint(self) -> None:
        if len(self.display) == 5:
            self.reprint_requested.emit(self.display)

    def _close(self) -> None:
        self.hide()
        self.closed.emit()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Admin kios"))
        self.failed_title.setText(self.tr("Tiket gagal cetak hari ini (sentuh untuk memilih):"))
        self.reprint_button.setText(self.tr("Cetak ulang nomor ini"))
        self.exit_button.setText(self.tr("Keluar dari kios"))
        self.close_button.setText(self.tr("Tutup"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
