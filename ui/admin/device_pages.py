"""Printer, Suara and Sinkronisasi HQ: this PC's settings file (``app.settings``, through
``PcSettingsFile``) with a test for each device, and the HQ link's state."""

from __future__ import annotations

import datetime as dt
from datetime import tzinfo
from typing import Any, get_args

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit

from app.domain.hall import HallConfig
from app.domain.stored_text import read
from app.domain.wording import Bilingual
from app.ports import Voice
from app.settings import PrinterSettings, Settings, SpeechSettings
from app.sync.report import SyncStatus
from ui.admin.base import Page, button, hbox
from ui.admin.services import AdminActions
from ui.common.workers import TaskRunner


def choices(model: type[Any], field: str) -> tuple[Any, ...]:
    """The values a ``Literal`` field of a settings model allows (the model is the rule)."""
    return get_args(model.model_fields[field].annotation)


# How each connection is written as a URI (hardware/printer/uri.py); the address is the rest.
URI_KINDS = (
    ("usb", "usb://", "04b8:0202"),
    ("serial", "serial://", "/dev/ttyS0"),
    ("network", "tcp://", "192.168.1.50:9100"),
    ("file", "file://", "/dev/usb/lp0"),
    ("windows", "win32:", "EPSON TM-T82"),
    ("preview", "preview:", ""),
)


class PrinterPage(Page):
    def __init__(self, actions: AdminActions, runner: TaskRunner, lang: str) -> None:
        super().__init__(actions, runner, lang)
        names = {
            "usb": self.tr("USB"),
            "serial": self.tr("Serial (COM)"),
            "network": self.tr("Jaringan (LAN)"),
            "file": self.tr("Berkas perangkat"),
            "windows": self.tr("Printer Windows"),
            "preview": self.tr("Pratinjau (tanpa printer)"),
        }
        self.kind = QComboBox()
        for key, prefix, example in URI_KINDS:
            self.kind.addItem(names[key], (prefix, example))
        self.address = QLineEdit()
        self.ports = QComboBox()
        self.use = button(self.tr("Pakai"))
        self.uri = QLineEdit()
        self.paper = QComboBox()
        for width in choices(PrinterSettings, "paper_mm"):
            self.paper.addItem(self.tr("{0} mm").format(width), width)
        self.save = button(self.tr("Simpan printer"), "primary")
        self.test = button(self.tr("Cetak tiket uji"))
        box = QGroupBox(self.tr("Printer tiket di PC ini"))
        form = QFormLayout(box)
        form.addRow(self.tr("Sambungan"), self.kind)
        form.addRow(self.tr("Alamat"), hbox(self.address, self.use, stretch=False))
        form.addRow(self.tr("Port yang ditemukan"), self.ports)
        form.addRow(self.tr("URI printer"), self.uri)
        form.addRow(self.tr("Lebar kertas"), self.paper)
        form.addRow(hbox(self.save, self.test))
        self.body.addWidget(box)
        self.body.addStretch(1)
        self.kind.currentIndexChanged.connect(self._kind)
        self.ports.activated.connect(self._port)
        self.use.clicked.connect(self._compose)
        self.save.clicked.connect(self._save)
        self.test.clicked.connect(self._test)
        self._kind()

    def title(self) -> str:
        return self.tr("Printer")

    def refresh(self) -> None:
        self.run(
            lambda: (self.admin.pc_settings(), self.admin.s.devices.ports()),
            self._show,
            name="printer",
        )

    def _show(self, data: tuple[Settings, list[str]]) -> None:
        settings, ports = data
        self.ports.clear()
        self.ports.addItems(ports)
        self.show_settings(settings)

    def show_settings(self, settings: Settings) -> None:
        self.uri.setText(settings.printer.uri)
        self.paper.setCurrentIndex(max(0, self.paper.findData(settings.printer.paper_mm)))

    def _kind(self) -> None:
        _prefix, example = self.kind.currentData()
        self.address.setPlaceholderText(example)

    def _port(self) -> None:
        self.address.setText(self.ports.currentText())
        self._compose()

    def _compose(self) -> None:
        prefix, _example = self.kind.currentData()
        self.uri.setText(prefix + self.address.text().strip())

    def _save(self) -> None:
        values = {"uri": self.uri.text().strip(), "paper_mm": self.paper.currentData()}
        self.run(
            lambda: self.admin.save_pc("printer", values),
            self.show_settings,
            ok=self.tr("Printer disimpan untuk PC ini."),
        )

    def _test(self) -> None:
        uri, paper = self.uri.text().strip(), int(self.paper.currentData())
        self.show_ok(self.tr("Mencetak tiket uji…"))
        self.run(
            lambda: self.admin.test_print(uri, paper),
            ok=self.tr("Tiket uji terkirim ke printer."),
            name="test-print",
        )


class SpeechPage(Page):
    def __init__(self, actions: AdminActions, runner: TaskRunner, lang: str) -> None:
        super().__init__(actions, runner, lang)
        labels = {
            "espeak": self.tr("espeak-ng"),
            "pyttsx3": self.tr("Suara sistem (SAPI5/pyttsx3)"),
            "clips": self.tr("Rekaman suara"),
            "none": self.tr("Tanpa suara"),
            "digits": self.tr("per angka (A nol nol lima)"),
            "words": self.tr("bilangan (A lima)"),
            "id": self.tr("Indonesia"),
            "en": self.tr("Inggris"),
        }
        self.engine = QComboBox()
        self.language = QComboBox()
        self.reading = QComboBox()
        for combo, field in (
            (self.engine, "engine"),
            (self.language, "lang"),
            (self.reading, "style"),
        ):
            for value in choices(SpeechSettings, field):
                combo.addItem(labels.get(value, value), value)
        # The chosen engine's own voices for the language, read off the GUI thread.
        self.voice = QComboBox()
        self.voice.addItem(self.tr("Bawaan mesin untuk bahasa ini"), "")
        self.saved: tuple[str, str] = ("", "")  # the engine and voice in the file
        self.repeat = QLineEdit()
        self.chime = QCheckBox(self.tr("Bunyi bel sebelum panggilan"))
        self.volume = QLineEdit()
        self.volume.setPlaceholderText(self.tr("0–100 (%)"))
        self.clips_dir = QLineEdit()
        self.save = button(self.tr("Simpan suara"), "primary")
        self.test = button(self.tr("Uji panggilan"))
        self.spoken = QLabel()
        self.spoken.setWordWrap(True)
        box = QGroupBox(self.tr("Suara panggilan di PC ini"))
        form = QFormLayout(box)
        form.addRow(self.tr("Mesin suara"), self.engine)
        form.addRow(self.tr("Bahasa suara"), self.language)
        form.addRow(self.tr("Suara"), self.voice)
        form.addRow(self.tr("Cara membaca nomor"), self.reading)
        form.addRow(self.tr("Ulangi panggilan (kali)"), self.repeat)
        form.addRow("", self.chime)
        form.addRow(self.tr("Volume pengeras suara (%)"), self.volume)
        form.addRow(self.tr("Folder rekaman (mesin rekaman)"), self.clips_dir)
        form.addRow(hbox(self.save, self.test))
        form.addRow(self.spoken)
        self.body.addWidget(box)
        self.body.addStretch(1)
        self.save.clicked.connect(self._save)
        self.test.clicked.connect(self._test)
        self.engine.activated.connect(self._load_voices)
        self.language.activated.connect(self._load_voices)

    def title(self) -> str:
        return self.tr("Suara")

    def refresh(self) -> None:
        self.run(self.admin.pc_settings, self.show_settings, name="speech")

    def show_settings(self, settings: Settings) -> None:
        s = settings.speech
        for combo, value in (
            (self.engine, s.engine),
            (self.language, s.lang),
            (self.reading, s.style),
        ):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        self.saved = (s.engine, s.voice)
        self._load_voices()
        self.repeat.setText(str(s.repeat))
        self.chime.setChecked(s.chime)
        self.volume.setText(str(s.volume))
        self.clips_dir.setText(s.clips_dir)

    def _load_voices(self) -> None:
        engine, lang = self.engine.currentData(), self.language.currentData()

        def show(voices: list[Voice]) -> None:
            if (engine, lang) == (self.engine.currentData(), self.language.currentData()):
                self.show_voices(voices)

        self.run(lambda: self.admin.voices(engine, lang), show, name="voices")

    def show_voices(self, voices: list[Voice]) -> None:
        """The engine's voices; the saved one stays chosen (marked when this PC lacks it)."""
        saved_engine, saved_voice = self.saved
        wanted = saved_voice if self.engine.currentData() == saved_engine else ""
        self.voice.clear()
        self.voice.addItem(self.tr("Bawaan mesin untuk bahasa ini"), "")
        for voice in voices:
            self.voice.addItem(voice.label, voice.id)
        if wanted and self.voice.findData(wanted) < 0:
            self.voice.addItem(self.tr("{0} (tidak ada di PC ini)").format(wanted), wanted)
        self.voice.setCurrentIndex(max(0, self.voice.findData(wanted)))
        self.voice.setEnabled(bool(voices) or bool(wanted))

    def values(self) -> dict[str, Any]:
        return {
            "engine": self.engine.currentData(),
            "lang": self.language.currentData(),
            "voice": self.voice.currentData() or "",
            "style": self.reading.currentData(),
            "repeat": self.repeat.text().strip(),
            "chime": self.chime.isChecked(),
            "volume": self.volume.text().strip(),
            "clips_dir": self.clips_dir.text().strip(),
        }

    def _save(self) -> None:
        values = self.values()
        for key in ("repeat", "volume"):
            if str(values[key]).isdigit():
                values[key] = int(values[key])
        self.run(
            lambda: self.admin.save_pc("speech", values),
            self.show_settings,
            ok=self.tr("Suara disimpan untuk PC ini."),
        )

    def _test(self) -> None:
        values = self.values()
        self.show_ok(self.tr("Memutar panggilan uji…"))
        self.run(
            lambda: self.admin.test_voice(SpeechSettings.model_validate(values)),
            self._spoken,
            name="test-voice",
        )

    def _spoken(self, sentence: str) -> None:
        self.show_ok(self.tr("Panggilan uji diputar."))
        self.spoken.setText(sentence)


class SyncPage(Page):
    """The HQ link: address, hall id, token, and where it stands (as ``antrean sync status``
    reads it: last success, records pending, held back, the last error)."""

    def __init__(self, actions: AdminActions, runner: TaskRunner, lang: str) -> None:
        super().__init__(actions, runner, lang)
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://pusat.example.go.id")
        self.hall_id = QLineEdit()
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.last_success = QLabel()
        self.pending = QLabel()
        self.held = QLabel()
        self.held.setWordWrap(True)
        self.last_error = QLabel()
        self.last_error.setWordWrap(True)
        self.save = button(self.tr("Simpan"), "primary")
        self.sync_now = button(self.tr("Sinkron sekarang"))
        box = QGroupBox(self.tr("Kirim statistik ke server pusat (HQ)"))
        form = QFormLayout(box)
        form.addRow(self.tr("Alamat server pusat"), self.url)
        form.addRow(self.tr("ID aula"), self.hall_id)
        form.addRow(self.tr("Token"), self.token)
        form.addRow(hbox(self.save, self.sync_now))
        status = QGroupBox(self.tr("Keadaan sinkronisasi"))
        rows = QFormLayout(status)
        rows.addRow(self.state)
        rows.addRow(self.tr("Terakhir berhasil"), self.last_success)
        rows.addRow(self.tr("Belum terkirim"), self.pending)
        rows.addRow(self.tr("Tertahan"), self.held)
        rows.addRow(self.tr("Galat terakhir"), self.last_error)
        self.body.addWidget(box)
        self.body.addWidget(status)
        self.body.addStretch(1)
        self.save.clicked.connect(self._save)
        self.sync_now.clicked.connect(self._sync)

    def title(self) -> str:
        return self.tr("Sinkronisasi HQ")

    def refresh(self) -> None:
        self.run(
            lambda: (self.admin.pc_settings(), self.admin.sync_status(), self.admin.hall()),
            self._show,
            name="sync",
        )

    def _show(self, data: tuple[Settings, SyncStatus | None, HallConfig]) -> None:
        settings, status, hall = data
        self.show_settings(settings)
        self.show_status(status, hall.zone())

    def show_status(self, status: SyncStatus | None, zone: tzinfo) -> None:
        def when(at: dt.datetime | None) -> str:
            if at is None:
                return ""
            at = at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)
            return at.astimezone(zone).strftime("%d-%m-%Y %H:%M")

        for label in (self.last_success, self.pending, self.held, self.last_error):
            label.setText("—")
        if status is None:
            self.state.setText(self.tr("Isi alamat server pusat dan ID aula, lalu simpan."))
            return
        state = status.state
        held = len(state.dead_letters)
        if held:
            self.state.setText(self.tr("Ada data yang tertahan: server pusat belum menerimanya."))
        elif state.last_success_at is None:
            self.state.setText(self.tr("Belum pernah tersinkron dari PC ini."))
        elif status.pending or status.pending_feedback:
            self.state.setText(self.tr("Tersambung; sebagian data belum terkirim."))
        else:
            self.state.setText(self.tr("Server pusat sudah menerima semua data."))
        self.last_success.setText(when(state.last_success_at) or self.tr("belum pernah"))
        self.pending.setText(
            self.tr("{0} catatan antrean, {1} jawaban survei").format(
                status.pending, status.pending_feedback
            )
        )
        self.held.setText(
            self.tr(
                "{0} catatan ditolak server pusat (setelah diperbaiki: antrean sync resend)"
            ).format(held)
            if held
            else self.tr("tidak ada")
        )
        error = read(state.last_error)
        if error is None:
            self.last_error.setText(self.tr("tidak ada"))
        else:
            self.last_error.setText(f"{error.text(self.lang)} ({when(state.last_error_at)})")

    def show_settings(self, settings: Settings) -> None:
        self.url.setText(settings.hq.url)
        self.hall_id.setText(settings.hq.hall_id)
        self.token.setText(settings.hq.token)

    def _save(self) -> None:
        values = {
            "url": self.url.text().strip(),
            "hall_id": self.hall_id.text().strip(),
            "token": self.token.text().strip(),
        }
        self.run(
            lambda: self.admin.save_pc("hq", values),
            self._saved,
            ok=self.tr("Pengaturan HQ disimpan untuk PC ini."),
        )

    def _saved(self, settings: Settings) -> None:
        self.show_settings(settings)
        self.refresh()

    def _sync(self) -> None:
        self.show_ok(self.tr("Mengirim…"))
        self.run(self.admin.sync_now, self._synced, on_error=self._sync_failed, name="sync-now")

    def _synced(self, summary: Bilingual) -> None:
        self.show_ok(summary.text(self.lang))
        self.refresh()

    def _sync_failed(self, exc: BaseException) -> None:
        self.fail(exc)
        self.refresh()  # the error the worker stored shows in the state
