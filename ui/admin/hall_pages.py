"""Identitas aula and Teks berjalan: the hall-wide settings (``HallConfig``, in the database,
shared by every PC), validated by the same model as ``antrean hall set``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
)

from app.domain.config import QUEUE_ALERT, ZONE_ALIASES
from app.domain.hall import HallConfig
from ui.admin.base import Page, button, hbox
from ui.admin.services import AdminActions
from ui.common.workers import TaskRunner


class HallPage(Page):
    def __init__(self, actions: AdminActions, runner: TaskRunner, lang: str) -> None:
        super().__init__(actions, runner, lang)
        self.name = QLineEdit()
        self.subtitle = QLineEdit()
        self.subtitle_en = QLineEdit()
        self.address = QLineEdit()
        self.zone = QComboBox()
        self.zone.setEditable(True)
        for alias, zone in ZONE_ALIASES.items():
            self.zone.addItem(f"{alias} ({zone})", zone)
        self.day_start = QLineEdit()
        self.ratio = QLineEdit()
        self.threshold = QLineEdit()
        self.threshold.setPlaceholderText(f"{QUEUE_ALERT[0]}–{QUEUE_ALERT[1]}")
        self.footer = QPlainTextEdit()
        self.footer.setFixedHeight(96)
        self.logo = QLabel()
        self.pick_logo = button(self.tr("Pilih logo…"))
        self.save = button(self.tr("Simpan identitas"), "primary")
        box = QGroupBox(self.tr("Aula ini"))
        form = QFormLayout(box)
        form.addRow(self.tr("Nama aula"), self.name)
        form.addRow(self.tr("Subjudul"), self.subtitle)
        form.addRow(self.tr("Subjudul (Inggris)"), self.subtitle_en)
        form.addRow(self.tr("Alamat"), self.address)
        form.addRow(self.tr("Zona waktu"), self.zone)
        form.addRow(self.tr("Awal hari layanan (JJ:MM)"), self.day_start)
        form.addRow(self.tr("Rasio prioritas (P:R)"), self.ratio)
        form.addRow(self.tr("Peringatan bila menunggu lebih dari"), self.threshold)
        form.addRow(self.tr("Kaki tiket (satu baris per baris)"), self.footer)
        form.addRow(self.tr("Logo"), hbox(self.logo, self.pick_logo))
        form.addRow(hbox(self.save))
        self.body.addWidget(box)
        self.body.addStretch(1)
        self.save.clicked.connect(self._save)
        self.pick_logo.clicked.connect(self._pick_logo)

    def title(self) -> str:
        return self.tr("Identitas aula")

    def refresh(self) -> None:
        self.run(self.admin.hall, self.show_hall, name="hall")

    def show_hall(self, hall: HallConfig) -> None:
        self.name.setText(hall.name)
        self.subtitle.setText(hall.subtitle)
        self.subtitle_en.setText(hall.subtitle_en)
        self.address.setText(hall.address)
        index = self.zone.findData(hall.timezone)
        if index >= 0:
            self.zone.setCurrentIndex(index)
        else:
            self.zone.setEditText(hall.timezone)
        self.day_start.setText(hall.day_start)
        self.ratio.setText(hall.priority_ratio)
        self.threshold.setText(str(hall.queue_alert_threshold))
        self.footer.setPlainText("\n".join(hall.footer_lines))

    def zone_text(self) -> str:
        index = self.zone.currentIndex()
        if index >= 0 and self.zone.itemText(index) == self.zone.currentText():
            return str(self.zone.itemData(index))
        return self.zone.currentText().strip()

    def changes(self) -> dict[str, object]:
        return {
            "name": self.name.text(),
            "subtitle": self.subtitle.text(),
            "subtitle_en": self.subtitle_en.text(),
            "address": self.address.text(),
            "timezone": self.zone_text(),
            "day_start": self.day_start.text(),
            "priority_ratio": self.ratio.text(),
            "queue_alert_threshold": self.threshold.text().strip(),
            "footer_lines": [x for x in self.footer.toPlainText().splitlines() if x.strip()],
        }

    def _save(self) -> None:
        changes = self.changes()
        self.run(
            lambda: self.admin.update_hall(changes),
            self.show_hall,
            ok=self.tr("Identitas aula disimpan."),
        )

    def _pick_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Logo aula"), "", self.tr("Gambar (*.png *.jpg *.jpeg *.svg)")
        )
        if path:
            self.set_logo_file(Path(path))

    def set_logo_file(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.show_error(self.tr("Berkas tidak bisa dibaca: {0}").format(exc.strerror))
            return
        self.logo.setText(path.name)
        self.run(
            lambda: self.admin.set_logo(data, path.name),
            self.show_hall,
            ok=self.tr("Logo disimpan."),
        )


class RunningTextPage(Page):
    def __init__(self, actions: AdminActions, runner: TaskRunner, lang: str) -> None:
        super().__init__(actions, runner, lang)
        self.marquee = QPlainTextEdit()
        self.marquee_en = QPlainTextEdit()
        self.save = button(self.tr("Simpan teks berjalan"), "primary")
        box = QGroupBox(self.tr("Teks yang berjalan di layar ruang tunggu"))
        form = QFormLayout(box)
        form.addRow(self.tr("Dalam bahasa Indonesia"), self.marquee)
        form.addRow(self.tr("Bahasa Inggris (kosong: sama)"), self.marquee_en)
        form.addRow(hbox(self.save))
        self.body.addWidget(box)
        self.body.addStretch(1)
        self.save.clicked.connect(self._save)

    def title(self) -> str:
        return self.tr("Teks berjalan")

    def refresh(self) -> None:
        self.run(self.admin.hall, self.show_hall, name="running-text")

    def show_hall(self, hall: HallConfig) -> None:
        self.marquee.setPlainText(hall.marquee)
        self.marquee_en.setPlainText(hall.marquee_en)

    def _save(self) -> None:
        changes = {
            "marquee": self.marquee.toPlainText().strip(),
            "marquee_en": self.marquee_en.toPlainText().strip(),
        }
        self.run(
            lambda: self.admin.update_hall(changes),
            self.show_hall,
            ok=self.tr("Teks berjalan disimpan."),
        )
