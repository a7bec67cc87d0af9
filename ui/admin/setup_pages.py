"""Layanan and Loket: the hall's services and which counter serves which.

Every value goes as typed to ``SetupService`` (through ``AdminActions``), which validates it
with ``app.domain.config`` — the same model as ``antrean service set`` and ``counter assign``;
a refused value is shown in the page and nothing changes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from app.domain.config import COLOUR
from app.domain.model import CounterState, CounterView, ServiceView
from ui.admin.base import Page, button, hbox, set_rows, table
from ui.admin.services import AdminActions
from ui.common.workers import TaskRunner


def _hhmm(value: object) -> str:
    return value.strftime("%H:%M") if value is not None else ""  # type: ignore[attr-defined]


class ServicesPage(Page):
    def __init__(self, actions: AdminActions, runner: TaskRunner, lang: str) -> None:
        super().__init__(actions, runner, lang)
        self.services: list[ServiceView] = []
        self.table = table(
            [
                self.tr("Kode"),
                self.tr("Nama"),
                self.tr("Aktif"),
                self.tr("Jam ambil nomor"),
                self.tr("Kuota"),
                self.tr("Target"),
                self.tr("Warna"),
            ]
        )
        self.code = QLineEdit()
        self.code.setMaxLength(3)
        self.name_id = QLineEdit()
        self.name_en = QLineEdit()
        self.description_id = QLineEdit()
        self.description_en = QLineEdit()
        self.colour = QLineEdit()
        self.colour.setPlaceholderText(self.tr("#RRGGBB, kosong: bawaan"))
        self.swatch = QLabel()
        self.swatch.setFixedSize(28, 28)
        self.colour.textChanged.connect(self._swatch)
        self.active = QCheckBox(self.tr("Aktif (kios memberi nomor)"))
        self.opens = QLineEdit()
        self.opens.setPlaceholderText(self.tr("JJ:MM, kosong: sepanjang hari"))
        self.closes = QLineEdit()
        self.closes.setPlaceholderText(self.tr("JJ:MM, kosong: tanpa batas"))
        self.cutoff_hint = QLabel(
            self.tr(
                "Setelah jam ini kios tidak memberi nomor lagi; loket tetap melayani "
                "yang sudah memegang nomor sampai hari ditutup."
            )
        )
        self.cutoff_hint.setWordWrap(True)
        self.cutoff_hint.setObjectName("fieldHint")
        self.quota = QLineEdit()
        self.quota.setPlaceholderText(self.tr("kosong: tanpa kuota"))
        self.target = QLineEdit()
        self.minutes = QLineEdit()
        form_box = QGroupBox(self.tr("Layanan terpilih"))
        form = QFormLayout(form_box)
        form.addRow(self.tr("Kode (A–Z)"), self.code)
        form.addRow(self.tr("Nama (Indonesia)"), self.name_id)
        form.addRow(self.tr("Nama (Inggris)"), self.name_en)
        form.addRow(self.tr("Keterangan (Indonesia)"), self.description_id)
        form.addRow(self.tr("Keterangan (Inggris)"), self.description_en)
        form.addRow(self.tr("Warna tombol kios"), hbox(self.colour, self.swatch, stretch=False))
        form.addRow("", self.active)
        form.addRow(self.tr("Mulai ambil nomor"), self.opens)
        form.addRow(self.tr("Batas ambil nomor"), self.closes)
        form.addRow("", self.cutoff_hint)
        form.addRow(self.tr("Kuota harian"), self.quota)
        form.addRow(self.tr("Target tunggu (menit)"), self.target)
        form.addRow(self.tr("Lama layanan (menit)"), self.minutes)
        self.new = button(self.tr("Layanan baru"))
        self.save = button(self.tr("Simpan layanan"), "primary")
        form.addRow(hbox(self.new, self.save))
        row = QHBoxLayout()
        row.addWidget(self.table, 3)
        row.addWidget(form_box, 2)
        self.body.addLayout(row, 1)
        self.table.itemSelectionChanged.connect(self._selected)
        self.new.clicked.connect(self._new)
        self.save.clicked.connect(self._save)

    def title(self) -> str:
        return self.tr("Layanan")

    def refresh(self) -> None:
        self.run(self.admin.services, self.show_services, name="services")

    def show_services(self, services: list[ServiceView]) -> None:
        self.services = services
        set_rows(
            self.table,
            [
                [
                    s.code,
                    s.name(self.lang),
                    self.tr("ya") if s.active else self.tr("tidak"),
                    self._hours(s),
                    str(s.daily_quota) if s.daily_quota else "—",
                    self.tr("{0} mnt").format(s.target_minutes),
                    s.colour or "—",
                ]
                for s in services
            ],
        )
        for row, s in enumerate(services):
            item = self.table.item(row, 6)
            if item is not None and s.colour:
                item.setBackground(QColor(s.colour))
                light = QColor(s.colour).lightnessF() > 0.6
                item.setForeground(QColor("#0F1B2D" if light else "#FFFFFF"))
        if self.table.currentRow() < 0 and services:
            self.table.selectRow(0)

    def _hours(self, s: ServiceView) -> str:
        if s.opens_at is None and s.closes_at is None:
            return self.tr("sepanjang hari")
        return f"{_hhmm(s.opens_at) or '00:00'}–{_hhmm(s.closes_at) or '24:00'}"

    def _selected(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.services):
            return
        s = self.services[row]
        self.code.setText(s.code)
        self.code.setReadOnly(True)
        self.name_id.setText(s.name_id)
        self.name_en.setText(s.name_en)
        self.description_id.setText(s.description_id)
        self.description_en.setText(s.description_en)
        self.colour.setText(s.colour)
        for edit in (self.name_id, self.name_en, self.description_id, self.description_en):
            edit.setCursorPosition(0)  # the start of a long text, not its end
        self.active.setChecked(s.active)
        self.opens.setText(_hhmm(s.opens_at))
        self.closes.setText(_hhmm(s.closes_at))
        self.quota.setText(str(s.daily_quota) if s.daily_quota else "")
        self.target.setText(str(s.target_minutes))
        self.minutes.setText(f"{s.default_service_minutes:g}")

    def _new(self) -> None:
        self.table.clearSelection()
        self.code.setReadOnly(False)
        for edit in (
            self.code,
            self.name_id,
            self.name_en,
            self.description_id,
            self.description_en,
            self.colour,
            self.opens,
            self.closes,
            self.quota,
        ):
            edit.clear()
        self.target.setText("30")
        self.minutes.setText("10")
        self.active.setChecked(True)
        self.code.setFocus()

    def fields(self) -> dict[str, Any]:
        """The form as typed; the settings model decides what is valid."""
        return {
            "name_id": self.name_id.text(),
            "name_en": self.name_en.text() or self.name_id.text(),
            "description_id": self.description_id.text(),
            "description_en": self.description_en.text(),
            "colour": self.colour.text(),
            "active": self.active.isChecked(),
            "opens_at": self.opens.text().strip() or None,
            "closes_at": self.closes.text().strip() or None,
            "daily_quota": self.quota.text().strip() or None,
            "target_minutes": self.target.text().strip(),
            "default_service_minutes": self.minutes.text().strip(),
        }

    def _swatch(self, text: str) -> None:
        """A square of the typed colour (nothing while it is not #RRGGBB)."""
        valid = QColor(text.strip()) if COLOUR.match(text.strip()) else None
        self.swatch.setStyleSheet(
            f"background: {valid.name()}; border: 1px solid #666;" if valid else ""
        )

    def _save(self) -> None:
        code, fields = self.code.text(), self.fields()
        self.run(
            lambda: self.admin.configure_service(code, fields),
            self.show_services,
            ok=self.tr("Layanan {0} disimpan.").format(code.strip().upper()),
            name="configure-service",
        )


class CountersPage(Page):
    def __init__(self, actions: AdminActions, runner: TaskRunner, lang: str) -> None:
        super().__init__(actions, runner, lang)
        self.counters: list[CounterView] = []
        self.table = table(
            [
                self.tr("Loket"),
                self.tr("Nama"),
                self.tr("Keadaan"),
                self.tr("Layanan"),
                self.tr("Rasio"),
            ]
        )
        self.number = QLineEdit()
        self.counter_name = QLineEdit()
        self.ratio = QLineEdit()
        self.ratio.setPlaceholderText(self.tr("kosong: rasio aula"))
        self.served = QListWidget()
        self.save = button(self.tr("Simpan loket"), "primary")
        self.new = button(self.tr("Loket baru"))
        form_box = QGroupBox(self.tr("Loket terpilih"))
        form = QFormLayout(form_box)
        self.button_box = QCheckBox(self.tr("Tombol tanpa petugas boleh melayani loket ini"))
        self.counter_active = QCheckBox(self.tr("Aktif (loket dipakai di aula)"))
        self.counter_active.setChecked(True)
        form.addRow(self.tr("Nomor loket"), self.number)
        form.addRow(self.tr("Nama loket"), self.counter_name)
        form.addRow("", self.counter_active)
        form.addRow(self.tr("Rasio prioritas sendiri (P:R)"), self.ratio)
        form.addRow(QLabel(self.tr("Layanan yang dilayani (urut panggil)")))
        form.addRow(self.served)
        form.addRow(self.button_box)
        form.addRow(hbox(self.new, self.save))
        row = QHBoxLayout()
        row.addWidget(self.table, 3)
        box = QVBoxLayout()
        box.addWidget(form_box)
        row.addLayout(box, 2)
        self.body.addLayout(row, 1)
        self.table.itemSelectionChanged.connect(self._selected)
        self.save.clicked.connect(self._save)
        self.new.clicked.connect(self._new)

    def title(self) -> str:
        return self.tr("Loket")

    def refresh(self) -> None:
        self.run(
            lambda: (self.admin.services(), self.admin.counters(), self.admin.button_boxes()),
            self._show,
            name="counters",
        )

    def _show(self, data: tuple[list[ServiceView], list[CounterView], dict[int, bool]]) -> None:
        services, counters, self.boxes = data
        if [
            self.served.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.served.count())
        ] != [s.code for s in services]:
            self.served.clear()
            for s in services:
                item = QListWidgetItem(f"{s.code}  {s.name(self.lang)}")
                item.setData(Qt.ItemDataRole.UserRole, s.code)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.served.addItem(item)
        self.show_counters(counters)

    def show_counters(self, counters: list[CounterView]) -> None:
        self.counters = counters
        states = {
            CounterState.OPEN: self.tr("buka"),
            CounterState.PAUSED: self.tr("istirahat"),
            CounterState.CLOSED: self.tr("tutup"),
        }
        set_rows(
            self.table,
            [
                [
                    str(c.number),
                    c.name,
                    states[c.state] if c.active else self.tr("nonaktif"),
                    ", ".join(c.service_codes),
                    c.priority_ratio or self.tr("ikut aula"),
                ]
                for c in counters
            ],
        )
        if self.table.currentRow() < 0 and counters:
            self.table.selectRow(0)

    def _selected(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.counters):
            return
        c = self.counters[row]
        self.number.setText(str(c.number))
        self.counter_name.setText(c.name)
        self.ratio.setText(c.priority_ratio or "")
        self.check(c.service_codes)
        self.button_box.setChecked(self.boxes.get(c.number, False))
        self.counter_active.setChecked(c.active)

    def check(self, codes: tuple[str, ...] | list[str]) -> None:
        for i in range(self.served.count()):
            item = self.served.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in codes
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def checked(self) -> list[str]:
        return [
            self.served.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.served.count())
            if self.served.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _new(self) -> None:
        self.table.clearSelection()
        taken = {c.number for c in self.counters}
        number = next(n for n in range(1, 200) if n not in taken)
        self.number.setText(str(number))
        self.counter_name.setText(self.tr("Loket {0}").format(number))
        self.ratio.clear()
        self.counter_active.setChecked(True)
        self.check([])

    def _save(self) -> None:
        text, codes = self.number.text().strip(), self.checked()
        if not text.isdigit():
            self.show_error(self.tr("Nomor loket harus angka."))
            return
        number, box = int(text), self.button_box.isChecked()
        details = {
            "name": self.counter_name.text(),
            "priority_ratio": self.ratio.text().strip(),
            "active": self.counter_active.isChecked(),
        }
        self.run(
            lambda: self.admin.assign_services(number, codes, box, details),
            self.show_counters,
            ok=self.tr("Loket {0} disimpan.").format(number),
            name="assign-services",
        )
