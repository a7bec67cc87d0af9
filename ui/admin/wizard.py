"""The first-run wizard: from an empty database to a working hall.

Shown by ``antrean admin`` while the hall has no admin. Steps: the hall (name, time zone),
its services (the police template — SIM, SKCK, izin keramaian, SPKT, informasi — and/or
custom ones), the counters, the first admin and the kiosk PIN; then the hall is created in
one go (``build_hall``, off the GUI thread, every value through the same validated services
as the CLI) and the admin is signed in; then this PC's printer (test print) and voice (test
announcement). It ends signed in, with a hall whose kiosk issues and counters call.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.config import ZONE_ALIASES
from app.domain.errors import ConfigError, KnownError
from app.domain.roles import NOBODY, Actor
from app.i18n import N_, pick
from app.services.setup import DEFAULT_COUNTERS, TYPICAL_SERVICES
from ui.admin.base import admin_qss, button, hbox
from ui.admin.device_pages import PrinterPage, SpeechPage
from ui.admin.services import AdminActions, AdminServices
from ui.common.workers import TaskRunner


@dataclass
class HallPlan:
    """What the wizard's first steps collected."""

    name: str = ""
    timezone: str = "Asia/Jakarta"
    template: list[str] = field(default_factory=lambda: [s.code for s in TYPICAL_SERVICES])
    custom: list[tuple[str, str, str]] = field(default_factory=list)  # code, name id, name en
    counters: int = DEFAULT_COUNTERS
    admin: str = "admin"
    password: str = ""
    pin: str = ""


def build_hall(services: AdminServices, plan: HallPlan) -> Actor:
    """Create the hall of ``plan`` and return its first admin, signed in (blocking)."""
    if not plan.template and not plan.custom:
        raise ConfigError(N_("Pilih minimal satu layanan."))
    if not services.users.has_admin():  # else a first attempt got this far: sign in again
        services.users.add_user(NOBODY, plan.admin, plan.password, "admin")
    actor = services.access.sign_in(plan.admin, plan.password, station=services.station)
    services.hall.update_hall_config(actor=actor, name=plan.name, timezone=plan.timezone)
    if services.setup.is_empty():
        services.setup.seed_typical(plan.counters)
    for seed in TYPICAL_SERVICES:
        if seed.code in plan.template:
            services.setup.configure_service(
                seed.code, actor=actor, name_id=seed.name_id, name_en=seed.name_en, active=True
            )
    for code, name_id, name_en in plan.custom:
        services.setup.configure_service(
            code, actor=actor, name_id=name_id, name_en=name_en or name_id, active=True
        )
    codes = [c for c in plan.template] + [c.upper() for c, _, _ in plan.custom]
    # A hall `antrean init` already seeded (a technician's init, an older installer) or a
    # first attempt left: it ends as the wizard showed it, every other service and counter
    # inactive.
    for service in services.hall.services():
        if service.active and service.code not in codes:
            services.setup.configure_service(service.code, actor=actor, active=False)
    for number in range(1, plan.counters + 1):
        services.setup.assign_services(number, codes, actor=actor)
    for counter in services.hall.counters():
        wanted = counter.number <= plan.counters
        if counter.active != wanted:
            services.setup.configure_counter(counter.number, actor=actor, active=wanted)
    if plan.pin:
        services.access.set_kiosk_pin(actor, plan.pin)
    return actor


class SetupWizard(QWidget):
    """Six steps with Back / Next; ``finished`` carries the signed-in admin's actions."""

    finished = Signal(object)  # AdminActions

    def __init__(self, services: AdminServices, lang: str = "id") -> None:
        super().__init__()
        self.services = services
        self.lang = lang
        self.runner = TaskRunner(self, max_threads=1)
        self.admin: AdminActions | None = None
        self.setObjectName("adminRoot")
        self.setStyleSheet(admin_qss())
        self.setWindowTitle(self.tr("Antrean — penyiapan aula baru"))
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.step_label = QLabel()
        self.message = QLabel()
        self.message.setObjectName("pageMessage")
        self.message.setWordWrap(True)
        self.stack = QStackedWidget()
        self.back = button(self.tr("Kembali"))
        self.next = button(self.tr("Lanjut"), "primary")
        self._hall_step()
        self._services_step()
        self._counters_step()
        self._admin_step()
        self.printer: PrinterPage | None = None
        self.speech: SpeechPage | None = None
        self.device_holder = [QWidget(), QWidget()]
        for holder in self.device_holder:
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.stack.addWidget(holder)
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 16, 24, 16)
        box.addWidget(self.step_label)
        box.addWidget(self.heading)
        box.addWidget(self.stack, 1)
        box.addWidget(self.message)
        box.addLayout(hbox(self.back, self.next))
        self.back.clicked.connect(self.go_back)
        self.next.clicked.connect(self.go_next)
        self.show_step(0)

    # --- the steps -----------------------------------------------------------------------
    def titles(self) -> list[str]:
        return [
            self.tr("Aula"),
            self.tr("Layanan"),
            self.tr("Loket"),
            self.tr("Admin pertama dan PIN kios"),
            self.tr("Printer tiket"),
            self.tr("Suara panggilan"),
        ]

    def _step(self) -> QFormLayout:
        page = QGroupBox()
        form = QFormLayout(page)
        self.stack.addWidget(page)
        return form

    def _hall_step(self) -> None:
        form = self._step()
        self.hall_name = QLineEdit()
        self.hall_name.setPlaceholderText(self.tr("mis. PTSP Polres Metro Contoh"))
        self.zone = QComboBox()
        for alias, zone in ZONE_ALIASES.items():
            self.zone.addItem(f"{alias} ({zone})", zone)
        form.addRow(QLabel(self.tr("Nama aula seperti tercetak di tiket dan tampil di layar.")))
        form.addRow(self.tr("Nama aula"), self.hall_name)
        form.addRow(self.tr("Zona waktu"), self.zone)

    def _services_step(self) -> None:
        form = self._step()
        self.template = QListWidget()
        for seed in TYPICAL_SERVICES:
            name = pick(self.lang, seed.name_id, seed.name_en)
            self.template.addItem(f"{seed.code}  {name}")
            item = self.template.item(self.template.count() - 1)
            item.setData(Qt.ItemDataRole.UserRole, seed.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        self.custom_code = QLineEdit()
        self.custom_code.setMaxLength(1)
        self.custom_code.setFixedWidth(48)
        self.custom_id = QLineEdit()
        self.custom_id.setPlaceholderText(self.tr("nama (Indonesia)"))
        self.custom_en = QLineEdit()
        self.custom_en.setPlaceholderText(self.tr("nama (Inggris)"))
        self.add_custom = button(self.tr("Tambah"))
        self.custom_list = QListWidget()
        self.custom: list[tuple[str, str, str]] = []
        form.addRow(
            QLabel(self.tr("Layanan dari templat kepolisian (hapus centang yang tidak ada):"))
        )
        form.addRow(self.template)
        row = QHBoxLayout()
        for w in (self.custom_code, self.custom_id, self.custom_en, self.add_custom):
            row.addWidget(w)
        form.addRow(self.tr("Layanan lain"), row)
        form.addRow(self.custom_list)
        self.add_custom.clicked.connect(self._add_custom)

    def _counters_step(self) -> None:
        form = self._step()
        self.counter_count = QLineEdit(str(DEFAULT_COUNTERS))
        form.addRow(
            QLabel(self.tr("Setiap loket melayani semua layanan di atas; ubah nanti di Loket."))
        )
        form.addRow(self.tr("Jumlah loket"), self.counter_count)

    def _admin_step(self) -> None:
        form = self._step()
        self.admin_name = QLineEdit("admin")
        self.admin_password = QLineEdit()
        self.admin_again = QLineEdit()
        self.pin = QLineEdit()
        for edit in (self.admin_password, self.admin_again, self.pin):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_secrets = QCheckBox(self.tr("Tampilkan"))
        form.addRow(self.tr("Nama pengguna admin"), self.admin_name)
        form.addRow(self.tr("Kata sandi"), self.admin_password)
        form.addRow(self.tr("Ulangi kata sandi"), self.admin_again)
        form.addRow(self.tr("PIN menu admin kios (4–8 angka)"), self.pin)
        form.addRow("", self.show_secrets)
        form.addRow(QLabel(self.tr("Setelah langkah ini aula dibuat dan admin masuk.")))
        self.show_secrets.toggled.connect(self._secrets)

    def _secrets(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        for edit in (self.admin_password, self.admin_again, self.pin):
            edit.setEchoMode(mode)

    def _add_custom(self) -> None:
        entry = (
            self.custom_code.text().strip().upper(),
            self.custom_id.text().strip(),
            self.custom_en.text().strip(),
        )
        if not entry[0] or not entry[1]:
            self.show_error(self.tr("Isi kode dan nama layanan."))
            return
        self.custom.append(entry)
        self.custom_list.addItem(f"{entry[0]}  {entry[1]}")
        for edit in (self.custom_code, self.custom_id, self.custom_en):
            edit.clear()

    # --- moving between steps ------------------------------------------------------------
    def show_step(self, index: int) -> None:
        titles = self.titles()
        self.stack.setCurrentIndex(index)
        self.heading.setText(titles[index])
        self.step_label.setText(self.tr("Langkah {0} dari {1}").format(index + 1, len(titles)))
        self.back.setEnabled(0 < index < 4 or index == 5)
        last = index == len(titles) - 1
        self.next.setText(
            self.tr("Buat aula")
            if index == 3
            else self.tr("Selesai")
            if last
            else self.tr("Lanjut")
        )
        self.message.setText("")

    @property
    def step(self) -> int:
        return self.stack.currentIndex()

    def go_back(self) -> None:
        if self.step > 0:
            self.show_step(self.step - 1)

    def go_next(self) -> None:
        if self.step == 3:
            self._create()
        elif self.step == 5:
            assert self.admin is not None
            self.finished.emit(self.admin)
        else:
            self.show_step(self.step + 1)

    def plan(self) -> HallPlan:
        checked = [
            self.template.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.template.count())
            if self.template.item(i).checkState() == Qt.CheckState.Checked
        ]
        count = self.counter_count.text().strip()
        return HallPlan(
            name=self.hall_name.text().strip(),
            timezone=str(self.zone.currentData()),
            template=checked,
            custom=list(self.custom),
            counters=int(count) if count.isdigit() else -1,
            admin=self.admin_name.text().strip(),
            password=self.admin_password.text(),
            pin=self.pin.text().strip(),
        )

    def _create(self) -> None:
        if self.admin_password.text() != self.admin_again.text():
            self.show_error(self.tr("Kedua kata sandi tidak sama."))
            return
        plan = self.plan()
        self.next.setEnabled(False)
        self.message.setText(self.tr("Membuat aula…"))
        self.runner.submit(
            lambda: build_hall(self.services, plan),
            on_done=self._created,
            on_error=self._failed,
            name="build-hall",
        )

    def _created(self, actor: Actor) -> None:
        self.next.setEnabled(True)
        self.admin = AdminActions(self.services, actor)
        self.printer = PrinterPage(self.admin, self.runner, self.lang)
        self.speech = SpeechPage(self.admin, self.runner, self.lang)
        for holder, page in zip(self.device_holder, (self.printer, self.speech), strict=True):
            page.heading.hide()
            layout = holder.layout()
            assert layout is not None
            layout.addWidget(page)
            page.refresh()
        self.show_step(4)
        self.message.setText(self.tr("Aula dibuat. Atur printer dan suara PC ini, lalu uji."))

    def _failed(self, exc: BaseException) -> None:
        self.next.setEnabled(True)
        if isinstance(exc, KnownError):
            self.show_error(exc.message(self.lang))
        else:
            self.show_error(self.tr("Terjadi kesalahan tak terduga; rinciannya ada di log."))

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.setProperty("tone", "error")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def shutdown(self) -> None:
        self.runner.shutdown(10_000)
