"""Screenshots of every kiosk state for the docs (see ``docs/make_screenshots.py``).

Besides the demo hall (five services), a nine-service hall with 40-character names in
landscape, portrait and English, a 26-service hall paged at 1366×768, services no counter
serves, and a printer out of paper as the next citizen sees it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop
from PySide6.QtWidgets import QWidget

from app.bootstrap import Core
from app.domain.errors import PaperOut
from app.domain.roles import STAND_IN_ADMIN
from app.i18n import N_
from app.ports import PrinterState, PrinterStatus
from app.services.tickets import TicketDesk
from app.settings import KioskSettings
from hardware.printer.recording import RecordingPrinter
from ui.kiosk.widgets import Marquee
from ui.kiosk.window import KioskTimings, KioskWindow

LANDSCAPE = (1920, 1080)
PORTRAIT = (1080, 1920)
PANEL = (1280, 800)
SMALL = (1366, 768)
# Long enough that no timer fires while a picture is being taken.
STILL = KioskTimings(
    idle_ms=3_600_000, confirm_ms=8_000, refresh_ms=3_600_000, printer_ms=3_600_000
)
MARQUEE = (
    "Layanan SIM dan SKCK tanpa pungutan di luar tarif resmi  •  "
    "Siapkan KTP asli dan fotokopinya  •  Pengaduan: 110 / Dumas Presisi"
)
# A hall of nine services as a large Polres has them, names up to 40 characters.
NINE = (
    ("A", "Surat Izin Mengemudi Baru dan Perpanjang", "New and renewed driving licences (SIM)"),
    ("B", "Surat Keterangan Catatan Kepolisian Baru", "Police clearance certificate (SKCK)"),
    ("C", "Izin Keramaian dan Kegiatan Masyarakat", "Permits for public events and gatherings"),
    ("D", "Laporan Polisi dan Pengaduan Masyarakat", "Police reports and public complaints"),
    ("E", "Informasi", "Information"),
    ("F", "Laporan Kehilangan Barang dan Dokumen", "Reports of lost items and documents"),
    ("G", "Pengambilan Barang Bukti", "Collecting evidence items"),
    ("H", "Rekomendasi Izin Senjata Api Olahraga", "Sport firearm permit recommendations"),
    ("I", "Konsultasi Hukum", "Legal advice"),
)


def _settle(window: KioskWindow) -> None:
    for _ in range(3):
        window.controller.settle()
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def _save(widget: QWidget, path: Path) -> Path:
    _settle(widget)  # type: ignore[arg-type]
    for marquee in widget.findChildren(Marquee):
        marquee.hold()  # the running text at its start: the same picture every run
    widget.grab().save(str(path))
    return path


def _size(window: KioskWindow, size: tuple[int, int]) -> None:
    window.setFixedSize(*size)
    _settle(window)


def _morning(core: Core) -> None:
    """A busy morning: people waiting, two already served, so estimates come from history."""
    core.hall.update_hall_config(
        name="PTSP Polres Kota Contoh",
        subtitle="Pelayanan Terpadu Satu Pintu",
        marquee=MARQUEE,
        actor=STAND_IN_ADMIN,
    )
    for code, count in (("A", 9), ("B", 6), ("C", 1), ("D", 2), ("E", 0)):
        for i in range(count):
            core.queue.issue_ticket(code, priority=i == 3, printed=False)


def _window(core: Core, printer: RecordingPrinter, size: tuple[int, int]) -> KioskWindow:
    desk = TicketDesk(core.queue, core.hall, printer)
    window = KioskWindow(desk, core.hall, KioskSettings(), core.clock, timings=STILL)
    window.setFixedSize(*size)
    window.show()
    _settle(window)
    window.controller.refresh()
    _settle(window)
    return window


def _close(window: KioskWindow) -> None:
    window.exit_kiosk()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def shots(out_dir: Path, core_factory: Callable[[], Core]) -> list[Path]:
    written = _demo_hall(out_dir, core_factory)
    written += _nine_services(out_dir, core_factory)
    written += _many_services(out_dir, core_factory)
    written += _survey(out_dir, core_factory)
    return written


def _survey(out_dir: Path, core_factory: Callable[[], Core]) -> list[Path]:
    """The start screen with the IKM survey's button (``KioskSettings.survey``); the survey's
    own kiosk screens are in ``ui/survey/screenshots.py`` (``survey-kiosk-*``)."""
    core = core_factory()
    try:
        _morning(core)
        window = _window(core, RecordingPrinter(), LANDSCAPE)
        window.start.set_survey(True)
        written = [_save(window, out_dir / "kiosk-survey-start.png")]
        _size(window, PORTRAIT)
        written.append(_save(window, out_dir / "kiosk-survey-start-portrait.png"))
        _close(window)
    finally:
        core.close()
    return written


def _demo_hall(out_dir: Path, core_factory: Callable[[], Core]) -> list[Path]:
    core = core_factory()
    written: list[Path] = []
    try:
        _morning(core)
        printer = RecordingPrinter()
        window = _window(core, printer, LANDSCAPE)
        written.append(_save(window, out_dir / "kiosk-start.png"))
        for size, name in ((PORTRAIT, "portrait"), (PANEL, "1280x800")):
            _size(window, size)
            written.append(_save(window, out_dir / f"kiosk-start-{name}.png"))
        _size(window, LANDSCAPE)
        window.start.priority_bar.click()
        written.append(_save(window, out_dir / "kiosk-priority.png"))
        window.start.priority_bar.click()
        window.start.tiles["B"].click()
        written.append(_save(window, out_dir / "kiosk-confirm.png"))
        window.confirm.done_button.click()
        printer.fail_next(1, PaperOut(N_("Kertas printer habis.")))
        printer.set_status(PrinterStatus(PrinterState.PAPER_OUT))
        window.start.priority_bar.click()
        window.start.tiles["A"].click()
        written.append(_save(window, out_dir / "kiosk-confirm-print-failed.png"))
        _size(window, PORTRAIT)
        written.append(_save(window, out_dir / "kiosk-confirm-portrait.png"))
        _size(window, LANDSCAPE)
        window.confirm.done_button.click()
        written.append(_save(window, out_dir / "kiosk-printer-problem.png"))
        printer.set_status(PrinterStatus(PrinterState.READY))
        window.controller.check_printer()
        written.extend(_closed_and_english(core, window, out_dir))
        written.extend(_admin(window, out_dir))
        _close(window)
    finally:
        core.close()
    return written


def _closed_and_english(core: Core, window: KioskWindow, out_dir: Path) -> list[Path]:
    core.setup.configure_service("C", opens_at=dt.time(13, 0), actor=STAND_IN_ADMIN)
    core.setup.configure_service("D", daily_quota=2, actor=STAND_IN_ADMIN)
    core.setup.assign_services(5, ["E"], actor=STAND_IN_ADMIN)
    for number in range(1, 5):
        core.setup.assign_services(number, ["A", "B", "C", "D"], actor=STAND_IN_ADMIN)
    core.hall.pause_counter(5, actor=STAND_IN_ADMIN)  # the only counter for E is on a break
    window.controller.refresh()
    written = [_save(window, out_dir / "kiosk-closed-full.png")]
    core.hall.resume_counter(5, actor=STAND_IN_ADMIN)
    window.controller.refresh()
    window.start.header.lang_button.click()
    written.append(_save(window, out_dir / "kiosk-english.png"))
    window.start.tiles["E"].click()
    written.append(_save(window, out_dir / "kiosk-confirm-english.png"))
    window.confirm.done_button.click()
    return written


def _admin(window: KioskWindow, out_dir: Path) -> list[Path]:
    window.pin_pad.open()
    for key in "12":
        window.pin_pad.press(key)
    written = [_save(window, out_dir / "kiosk-admin-pin.png")]
    window.pin_pad.hide()  # the PIN is checked off the GUI thread: open the panel directly
    window.open_admin()
    written.append(_save(window, out_dir / "kiosk-admin-panel.png"))
    return written


def _hall(core: Core, services: list[tuple[str, str, str]]) -> None:
    """``services`` (code, Indonesian name, English name), served by every counter."""
    _morning(core)
    for code, name_id, name_en in services:
        core.setup.configure_service(
            code, name_id=name_id, name_en=name_en, active=True, actor=STAND_IN_ADMIN
        )
    codes = [code for code, _, _ in services]
    for counter in core.hall.counters():
        core.setup.assign_services(counter.number, codes, actor=STAND_IN_ADMIN)
    for code in codes[5:8]:
        core.queue.issue_ticket(code, printed=False)


def _nine_services(out_dir: Path, core_factory: Callable[[], Core]) -> list[Path]:
    core = core_factory()
    written: list[Path] = []
    try:
        _hall(core, list(NINE))
        window = _window(core, RecordingPrinter(), LANDSCAPE)
        written.append(_save(window, out_dir / "kiosk-9-services.png"))
        _size(window, PORTRAIT)
        written.append(_save(window, out_dir / "kiosk-9-services-portrait.png"))
        _size(window, SMALL)
        written.append(_save(window, out_dir / "kiosk-9-services-1366x768.png"))
        _size(window, LANDSCAPE)
        window.start.header.lang_button.click()
        written.append(_save(window, out_dir / "kiosk-9-services-english.png"))
        _size(window, PORTRAIT)
        written.append(_save(window, out_dir / "kiosk-9-services-english-portrait.png"))
        _close(window)
    finally:
        core.close()
    return written


def _many_services(out_dir: Path, core_factory: Callable[[], Core]) -> list[Path]:
    """26 services at 1366×768: the tiles are paged, "Halaman 1 dari 3"."""
    core = core_factory()
    written: list[Path] = []
    try:
        letters = [chr(ord("A") + i) for i in range(26)]
        extra = [(c, f"Layanan {c}", f"Service {c}") for c in letters[len(NINE) :]]
        _hall(core, [*NINE, *extra])
        window = _window(core, RecordingPrinter(), SMALL)
        written.append(_save(window, out_dir / "kiosk-26-services-page-1.png"))
        window.start.pager.next.click()
        written.append(_save(window, out_dir / "kiosk-26-services-page-2.png"))
        _close(window)
    finally:
        core.close()
    return written
