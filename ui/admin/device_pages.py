"""Printer, Suara and Sinkronisasi HQ: this PC's settings file (``app.settings``, through
``PcSettingsFile``) with a test for each device, and the HQ link's state."""

from __future__ import annotations

from typing import Any, get_args

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit

from app.domain.wording import Bilingual
from app.settings import PrinterSettings, Settings, SpeechSettings
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
        self.voice = QComboBox()
        self.reading = QComboBox()
        for combo, field in (
            (self.engine, "engine"),
            (self.voice, "lang"),
            (self.reading, "style"),
        ):
            for value in choices(SpeechSettings, field):
                combo.addItem(labels.get(value, value), value)
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
        form.addRow(self.tr("Bahasa suara"), self.voice)
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

    def title(self) -> str:
        return self.tr("Suara")

    def refresh(self) -> None:
        self.run(self.admin.pc_settings, self.show_settings, name="speech")

    def show_settings(self, settings: Settings) -> None:
        s = settings.speech
        for combo, value in (
            (self.engine, s.engine),
            (self.voice, s.lang),
            (self.reading, s.style),
        ):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        self.repeat.setText(str(s.repeat))
        self.chime.setChecked(s.chime)
        self.volume.setText(str(s.volume))
        self.clips_dir.setText(s.clips_dir)

    def values(self) -> dict[str, Any]:
        return {
            "engine": self.engine.currentData(),
            "lang": self.voice.currentData(),
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
    def __init__(self, actions: AdminActions, runner: TaskRunner, lang: str) -> None:
        super().__init__(actions, runner, lang)
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://pusat.example.go.id")
        self.hall_id = QLineEdit()
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.save = button(self.tr("Simpan"), "primary")
        self.sync_now = button(self.tr("Sinkron sekarang"))
        box = QGroupBox(self.tr("Kirim statistik ke server pusat (HQ)"))
        form = QFormLayout(box)
        form.addRow(self.tr("Alamat server pusat"), self.url)
        form.addRow(self.tr("ID aula"), self.hall_id)
        form.addRow(self.tr("Token"), self.token)
        form.addRow(hbox(self.save, self.sync_now))
        form.addRow(self.tr("Keadaan"), self.state)
        self.body.addWidget(box)
        self.body.addStretch(1)
        self.save.clicked.connect(self._save)
        self.sync_now.clicked.connect(self._sync)

    def title(self) -> str:
        return self.tr("Sinkronisasi HQ")

    def refresh(self) -> None:
        self.run(
            lambda: (self.admin.pc_settings(), self.admin.supervision()),
            self._show,
            name="sync",
        )

    def _show(self, data: tuple[Settings, Any]) -> None:
        settings, snap = data
        self.show_settings(settings)
        if not snap.sync:
            self.state.setText(self.tr("Belum pernah tersinkron dari aula ini."))
            return
        line = snap.sync[0]
        text = self.tr("{0} data belum terkirim; {1} tertahan.").format(line.pending, line.held)
        if line.last_success_at is not None:
            text += " " + self.tr("Terakhir berhasil: {0}.").format(
                snap.local(line.last_success_at).strftime("%d-%m-%Y %H:%M")
            )
        if line.last_error:
            text += " " + self.tr("Galat terakhir: {0}").format(line.last_error.text(self.lang))
        self.state.setText(text)

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
            self.show_settings,
            ok=self.tr("Pengaturan HQ disimpan untuk PC ini."),
        )

    def _sync(self) -> None:
        self.show_ok(self.tr("Mengirim…"))
        self.run(self.admin.sync_now, self._synced, name="sync-now")

    def _synced(self, summary: Bilingual) -> None:
        self.show_ok(summary.text(self.lang))
        self.refresh()
