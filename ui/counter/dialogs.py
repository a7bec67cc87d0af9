"""Small choices a clerk makes: login, the outcome of a service, a no-show, a transfer.

Every dialog is opened with ``open()`` (window-modal, never a nested event loop) and reports
through its ``chosen`` signal; the window runs the service call.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import CounterView, Outcome, ServiceView
from ui.common.i18n import QT_TRANSLATE_NOOP
from ui.common.theme import PALETTE, font

P = PALETTE


def _button(text: str, role: str = "", *, height: int = 56) -> QPushButton:
    b = QPushButton(text)
    if role:
        b.setProperty("role", role)
    b.setMinimumHeight(height)
    b.setFont(font(22, bold=True))
    return b


def _title(text: str) -> QLabel:
    lab = QLabel(text)
    lab.setFont(font(26, bold=True))
    lab.setStyleSheet(f"color: {P.blue};")
    lab.setWordWrap(True)
    return lab


class LoginDialog(QDialog):
    """Username + password; ``submitted`` carries them, ``show_error`` shows a refusal."""

    submitted = Signal(str, str)

    def __init__(self, counter_number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Masuk — Loket {0}").format(counter_number))
        self.setMinimumWidth(460)
        self.username = QLineEdit()
        self.username.setPlaceholderText(self.tr("Nama pengguna"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Kata sandi"))
        for edit in (self.username, self.password):
            edit.setFont(font(24))
            edit.setMinimumHeight(52)
        self.error = QLabel("")
        self.error.setObjectName("loginError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {P.red}; font-weight: 600;")
        self.error.setFont(font(20, bold=True))
        self.note = QLabel("")  # why the login is back (a clerk logged out): calm, not red
        self.note.setObjectName("loginNote")
        self.note.setWordWrap(True)
        self.note.setFont(font(18))
        self.note.setStyleSheet(f"color: {P.blue_deep};")
        self.note.hide()
        self.login_button = _button(self.tr("Masuk"), "primary")
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        box = QVBoxLayout(self)
        box.setSpacing(12)
        box.addWidget(_title(self.tr("Loket {0} — masuk petugas").format(counter_number)))
        box.addWidget(self.note)
        box.addWidget(self.username)
        box.addWidget(self.password)
        box.addWidget(self.error)
        box.addWidget(self.login_button)

    @Slot()
    def _submit(self) -> None:
        if not self.username.text().strip() or not self.password.text():
            self.show_error(self.tr("Isi nama pengguna dan kata sandi."))
            return
        self.set_busy(True)
        self.error.setText("")
        self.submitted.emit(self.username.text().strip(), self.password.text())

    def set_busy(self, busy: bool) -> None:
        self.login_button.setEnabled(not busy)
        self.login_button.setText(self.tr("Memeriksa…") if busy else self.tr("Masuk"))

    def reset(self, note: str = "") -> None:
        """Empty and ready for the next clerk, with ``note`` saying why (none: hidden)."""
        self.set_busy(False)
        self.username.clear()
        self.password.clear()
        self.error.setText("")
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.username.setFocus()

    def show_error(self, message: str) -> None:
        self.set_busy(False)
        self.error.setText(message)
        self.password.clear()
        self.password.setFocus()


class FinishDialog(QDialog):
    """How did the service end? Keys 1–4 pick; Enter means "served"."""

    chosen = Signal(Outcome)

    CHOICES = (
        (Outcome.SERVED, QT_TRANSLATE_NOOP("FinishDialog", "Selesai dilayani")),
        (Outcome.INCOMPLETE, QT_TRANSLATE_NOOP("FinishDialog", "Berkas belum lengkap")),
        (Outcome.REFERRED, QT_TRANSLATE_NOOP("FinishDialog", "Dirujuk ke unit lain")),
        (Outcome.OTHER, QT_TRANSLATE_NOOP("FinishDialog", "Lainnya")),
    )

    def __init__(self, display: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Selesai — {0}").format(display))
        box = QVBoxLayout(self)
        box.addWidget(_title(self.tr("Hasil layanan untuk {0}").format(display)))
        self.buttons: dict[Outcome, QPushButton] = {}
        for i, (outcome, text) in enumerate(self.CHOICES, start=1):
            b = _button(f"{i}   {self.tr(text)}", "primary" if i == 1 else "")
            b.clicked.connect(lambda _=False, o=outcome: self._pick(o))
            box.addWidget(b)
            self.buttons[outcome] = b
        self.buttons[Outcome.SERVED].setDefault(True)
        cancel = _button(self.tr("Batal (Esc)"))
        cancel.clicked.connect(self.reject)
        box.addWidget(cancel)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt naming)
        index = event.key() - Qt.Key.Key_1.value
        if 0 <= index < len(self.CHOICES):
            self._pick(self.CHOICES[index][0])
            return
        super().keyPressEvent(event)

    def _pick(self, outcome: Outcome) -> None:
        self.chosen.emit(outcome)
        self.accept()


class NoShowDialog(QDialog):
    """Close the number, or put it back in the queue N places later."""

    chosen = Signal(object)  # int | None

    def __init__(self, display: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tidak hadir — {0}").format(display))
        box = QVBoxLayout(self)
        box.addWidget(_title(self.tr("{0} tidak datang ke loket").format(display)))
        self.close_button = _button(self.tr("1   Lewati (nomor ditutup)"), "danger")
        self.close_button.clicked.connect(lambda: self._pick(None))
        row = QHBoxLayout()
        self.places = QSpinBox()
        self.places.setRange(0, 50)
        self.places.setValue(3)
        self.places.setFont(font(24))
        self.places.setMinimumHeight(56)
        self.requeue_button = _button(self.tr("2   Kembalikan ke antrean setelah"), "primary")
        self.requeue_button.clicked.connect(lambda: self._pick(self.places.value()))
        row.addWidget(self.requeue_button, 1)
        row.addWidget(self.places)
        row.addWidget(QLabel(self.tr("nomor")))
        cancel = _button(self.tr("Batal (Esc)"))
        cancel.clicked.connect(self.reject)
        box.addWidget(self.close_button)
        box.addLayout(row)
        box.addWidget(cancel)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt naming)
        if event.key() == Qt.Key.Key_1:
            self._pick(None)
        elif event.key() == Qt.Key.Key_2:
            self._pick(self.places.value())
        else:
            super().keyPressEvent(event)

    def _pick(self, requeue_after: int | None) -> None:
        self.chosen.emit(requeue_after)
        self.accept()


class TransferDialog(QDialog):
    """Send the ticket (keeping its number) to another service and/or counter."""

    chosen = Signal(object, object, bool)  # to_service: str | None, to_counter: int | None

    def __init__(
        self,
        display: str,
        current_service: str,
        services: list[ServiceView],
        counters: list[CounterView],
        this_counter: int,
        parent: QWidget | None = None,
        *,
        lang: str = "id",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Alihkan — {0}").format(display))
        self.setMinimumWidth(560)
        self.service = QComboBox()
        self.service.addItem(self.tr("Layanan tetap ({0})").format(current_service), None)
        for s in services:
            if s.active and s.code != current_service:
                self.service.addItem(f"{s.code} · {s.name(lang)}", s.code)
        self.counter = QComboBox()
        self.counter.addItem(self.tr("Loket mana saja"), None)
        for c in counters:
            if c.number != this_counter and c.active:
                self.counter.addItem(self.tr("Loket {0}").format(c.number), c.number)
        self.front = QCheckBox(self.tr("Taruh di depan antrean (sesuai jam ambil nomor)"))
        self.front.setChecked(True)
        for w in (self.service, self.counter, self.front):
            w.setFont(font(22))
            w.setMinimumHeight(48)
        for combo in (self.service, self.counter):
            # 26 services with 40-character names must not make the dialog wider than the
            # screen: the box shows the start of the name, its list shows the whole of it.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(22)
            combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)
        self.error = QLabel("")
        self.error.setStyleSheet(f"color: {P.red}; font-weight: 600;")
        self.ok_button = _button(self.tr("Alihkan"), "primary")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self._submit)
        cancel = _button(self.tr("Batal"))
        cancel.clicked.connect(self.reject)
        form = QFormLayout()
        for text, field in (
            (self.tr("Ke layanan"), self.service),
            (self.tr("Ke loket"), self.counter),
        ):
            label = QLabel(text)
            label.setFont(font(20))
            form.addRow(label, field)
        box = QVBoxLayout(self)
        box.addWidget(_title(self.tr("Alihkan {0} (nomor tetap sama)").format(display)))
        box.addLayout(form)
        box.addWidget(self.front)
        box.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addWidget(self.ok_button)
        box.addLayout(buttons)
        self.setMinimumWidth(max(560, box.sizeHint().width()))

    def select(self, service: str | None = None, counter: int | None = None) -> None:
        if service is not None:
            self.service.setCurrentIndex(self.service.findData(service))
        if counter is not None:
            self.counter.setCurrentIndex(self.counter.findData(counter))

    @Slot()
    def _submit(self) -> None:
        service, counter = self.service.currentData(), self.counter.currentData()
        if service is None and counter is None:
            self.error.setText(self.tr("Pilih layanan atau loket tujuan."))
            return
        self.chosen.emit(service, counter, self.front.isChecked())
        self.accept()
