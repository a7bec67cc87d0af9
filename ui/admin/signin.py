"""The admin window's sign-in: user name and password, checked by ``AccessService`` (with its
lockout) off the GUI thread. A clerk's account is refused with a plain sentence: the admin
window is for supervisors and admins."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.admin.base import admin_qss, button


class SignInDialog(QDialog):
    submitted = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(admin_qss())
        self.setWindowTitle(self.tr("Antrean — masuk administrasi"))
        self.setMinimumWidth(440)
        self.heading = QLabel(self.tr("Masuk sebagai supervisor atau admin"))
        self.heading.setObjectName("pageHeading")
        self.heading.setWordWrap(True)
        self.username = QLineEdit()
        self.username.setPlaceholderText(self.tr("Nama pengguna"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Kata sandi"))
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.error = QLabel("")
        self.error.setObjectName("pageMessage")
        self.error.setProperty("tone", "error")
        self.error.setWordWrap(True)
        self.sign_in = button(self.tr("Masuk"), "primary")
        self.sign_in.setDefault(True)
        box = QVBoxLayout(self)
        box.setSpacing(10)
        for w in (self.heading, self.note, self.username, self.password, self.error):
            box.addWidget(w)
        box.addWidget(self.sign_in)
        self.note.hide()
        self.sign_in.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)

    @Slot()
    def _submit(self) -> None:
        if not self.username.text().strip() or not self.password.text():
            self.show_error(self.tr("Isi nama pengguna dan kata sandi."))
            return
        self.set_busy(True)
        self.error.setText("")
        self.submitted.emit(self.username.text().strip(), self.password.text())

    def set_busy(self, busy: bool) -> None:
        self.sign_in.setEnabled(not busy)
        self.sign_in.setText(self.tr("Memeriksa…") if busy else self.tr("Masuk"))

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.error.setText(text)
        self.password.clear()
        self.password.setFocus()

    def reset(self, note: str = "", username: str = "") -> None:
        self.set_busy(False)
        self.username.setText(username)
        self.password.clear()
        self.error.setText("")
        self.note.setText(note)
        self.note.setVisible(bool(note))
        (self.password if username else self.username).setFocus()

    def refuse_clerk(self) -> None:
        self.show_error(
            self.tr(
                "Akun petugas loket tidak bisa membuka jendela administrasi. "
                "Masuk sebagai supervisor atau admin."
            )
        )
