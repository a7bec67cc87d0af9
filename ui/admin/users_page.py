"""Pengguna: accounts and roles, passwords, and the kiosk PIN (``UserService``,
``AccessService``; each change is in the audit trail)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLineEdit

from app.services.users import ROLES, UserView
from ui.admin.base import Page, button, hbox, row_text, set_rows, table
from ui.admin.services import AdminActions
from ui.common.workers import TaskRunner


class UsersPage(Page):
    def __init__(self, actions: AdminActions, runner: TaskRunner, lang: str) -> None:
        super().__init__(actions, runner, lang)
        self.role_names = {
            "admin": self.tr("admin"),
            "supervisor": self.tr("supervisor"),
            "clerk": self.tr("petugas loket"),
        }
        self.table = table([self.tr("Nama pengguna"), self.tr("Peran"), self.tr("Aktif")])
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(self.role_names.get(role, role), role)
        self.add = button(self.tr("Tambah pengguna"), "primary")
        self.change_role = button(self.tr("Ubah peran"))
        self.toggle = button(self.tr("Aktifkan / nonaktifkan"))
        self.change_password = button(self.tr("Ganti kata sandi"))
        box = QGroupBox(self.tr("Akun"))
        form = QFormLayout(box)
        form.addRow(self.tr("Nama pengguna"), self.username)
        form.addRow(self.tr("Kata sandi"), self.password)
        form.addRow(self.tr("Peran"), self.role)
        form.addRow(hbox(self.add))
        form.addRow(hbox(self.change_role, self.change_password))
        form.addRow(hbox(self.toggle))
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.save_pin = button(self.tr("Simpan PIN kios"))
        pin_box = QGroupBox(self.tr("PIN menu admin di kios"))
        pin_form = QFormLayout(pin_box)
        pin_form.addRow(self.tr("PIN baru (4–8 angka)"), self.pin)
        pin_form.addRow(hbox(self.save_pin))
        form.addRow(pin_box)
        row = QHBoxLayout()
        row.addWidget(self.table, 3)
        row.addWidget(box, 2)
        self.body.addLayout(row, 1)
        self.users: list[UserView] = []
        self.table.itemSelectionChanged.connect(self._selected)
        self.add.clicked.connect(self._add)
        self.change_role.clicked.connect(self._role)
        self.toggle.clicked.connect(self._toggle)
        self.change_password.clicked.connect(self._password)
        self.save_pin.clicked.connect(self._pin)

    def title(self) -> str:
        return self.tr("Pengguna")

    def refresh(self) -> None:
        self.run(self.admin.users, self.show_users, name="users")

    def show_users(self, users: list[UserView]) -> None:
        self.users = users
        self.password.clear()
        set_rows(
            self.table,
            [
                [
                    u.username,
                    self.role_names.get(u.role, u.role),
                    self.tr("ya") if u.active else self.tr("tidak"),
                ]
                for u in users
            ],
        )

    def _selected(self) -> None:
        name = row_text(self.table)
        user = next((u for u in self.users if u.username == name), None)
        if user is not None:
            self.username.setText(user.username)
            self.role.setCurrentIndex(max(0, self.role.findData(user.role)))

    def _add(self) -> None:
        name, password, role = (
            self.username.text().strip(),
            self.password.text(),
            self.role.currentData(),
        )
        self.run(
            lambda: self.admin.add_user(name, password, role),
            self.show_users,
            ok=self.tr("Pengguna {0} ditambahkan.").format(name),
        )

    def _role(self) -> None:
        name, role = self.username.text().strip(), self.role.currentData()
        self.run(
            lambda: self.admin.set_role(name, role),
            self.show_users,
            ok=self.tr("Peran {0} diubah.").format(name),
        )

    def _toggle(self) -> None:
        name = self.username.text().strip()
        user = next((u for u in self.users if u.username == name), None)
        active = not user.active if user is not None else True
        self.run(
            lambda: self.admin.set_active(name, active),
            self.show_users,
            ok=(self.tr("{0} diaktifkan.") if active else self.tr("{0} dinonaktifkan.")).format(
                name
            ),
        )

    def _password(self) -> None:
        name, password = self.username.text().strip(), self.password.text()
        self.run(
            lambda: self.admin.set_password(name, password),
            self.show_users,
            ok=self.tr("Kata sandi {0} diganti.").format(name),
        )

    def _pin(self) -> None:
        pin = self.pin.text()
        self.pin.clear()
        self.run(lambda: self.admin.set_kiosk_pin(pin), ok=self.tr("PIN kios disimpan."))
