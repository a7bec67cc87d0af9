"""Screenshots of every kiosk state for the docs (see ``docs/make_screenshots.py``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop
from PySide6.QtWidgets import QWidget

from app.bootstrap import Core
from app.domain.errors import PaperOut
from app.services.tickets import TicketDesk
from app.settings import KioskSettings
from hardware.printer.recording import RecordingPrinter
from ui.kiosk.window import KioskTimings, KioskWindow

LANDSCAPE = (1920, 1080)
PORTRAIT = (1080, 1920)
PANEL = (1280, 800)
# Long enough that no timer fires while a picture is being taken.
STILL = KioskTimings(idle_ms=3_600_000, confirm_ms=8_000, refresh_ms=3_600_000)
MARQUEE = (
    "Layanan SIM dan SKCK tanpa pungutan di luar tarif resmi  •  "
    "Siapkan KTP asli dan fotokopinya  •  Pengaduan: 110 / Dumas Presisi"
)


def _settle(window: KioskWindow) -> None:
    for _ in range(3):
        window.controller.settle()
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def _save(widget: QWidget, path: Path) -> Path:
    _settle(widget)  # type: ignore[arg-type]
    widget.grab().save(str(path))
    return path


def _morning(core: Core) -> None:
    """A busy morning: people waiting, two already served, so estimates come from history."""
    core.hall.update_hall_config(
        name="PTSP Polres Kota Contoh", subtitle="Pelayanan Terpadu Satu Pintu", marquee=MARQUEE
    )
    for code, count in (("A", 9), ("B", 6), ("C", 1), ("D", 2), ("E", 0)):
        for i in range(count):
            core.queue.issue_ticket(code, priority=i == 3, printed=False)


def _window(core: Core, printer: RecordingPrinter, size: tuple[int, int]) -> KioskWindow:
    desk = TicketDesk(core.queue, core.hall, printer)
    window = KioskWindow(desk, core.hall, KioskSettings(), core.clock, timings=STILL)
    window.resize(*size)
    window.show()
    _settle(window)
    window.controller.refresh()
    _settle(window)
    return window


def shots(out_dir: Path, core_factory: Callable[[], Core]) -> list[Path]:
    core = core_factory()
    written: list[Path] = []
    try:
        _morning(core)
        printer = RecordingPrinter()
        window = _window(core, printer, LANDSCAPE)
        written.append(_save(window, out_dir / "kiosk-start.png"))
        for size, name in ((PORTRAIT, "portrait"), (PANEL, "1280x800")):
            window.resize(*size)
            written.append(_save(window, out_dir / f"kiosk-start-{name}.png"))
        window.resize(*LANDSCAPE)
        window.start.priority_bar.click()
        written.append(_save(window, out_dir / "kiosk-priority.png"))
        window.start.priority_bar.click()
        window.start.tiles["B"].click()
        written.append(_save(window, out_dir / "kiosk-confirm.png"))
        window.confirm.done_button.click()
        printer.fail_next(1, PaperOut("Kertas printer habis.", "The printer is out of paper."))
        window.start.priority_bar.click()
        window.start.tiles["A"].click()
        written.append(_save(window, out_dir / "kiosk-confirm-print-failed.png"))
        window.resize(*PORTRAIT)
        written.append(_save(window, out_dir / "kiosk-confirm-portrait.png"))
        window.resize(*LANDSCAPE)
        window.confirm.done_button.click()
        written.extend(_closed_and_english(core, window, out_dir))
        written.extend(_admin(window, out_dir))
        window.exit_kiosk()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    finally:
        core.close()
    return written


def _closed_and_english(core: Core, window: KioskWindow, out_dir: Path) -> list[Path]:
    core.setup.configure_service("C", opens_at=dt.time(13, 0))
    core.setup.configure_service("D", daily_quota=2)
    window.controller.refresh()
    written = [_save(window, out_dir / "kiosk-closed-full.png")]
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
    for key in "34":
        window.pin_pad.press(key)
    window.pin_pad.ok_button.click()
    written.append(_save(window, out_dir / "kiosk-admin-panel.png"))
    return written
