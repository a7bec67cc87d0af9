"""``run_kiosk``: the QApplication, the ticket desk and the full-screen kiosk window."""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QApplication

from app.bootstrap import Core
from app.ports import TicketPrinter
from app.services.tickets import TicketDesk
from app.settings import Settings
from ui.common.theme import app_font
from ui.kiosk.window import KioskWindow

log = logging.getLogger(__name__)


def create_kiosk_window(settings: Settings, core: Core, printer: TicketPrinter) -> KioskWindow:
    """The kiosk window wired to ``core`` (a QApplication must exist)."""
    desk = TicketDesk(core.queue, core.hall, printer, settings.kiosk.lang)
    return KioskWindow(desk, core.hall, settings.kiosk, core.clock)


def run_kiosk(settings: Settings, core: Core, printer: TicketPrinter) -> int:
    """Show the kiosk full screen and run the event loop until the administrator exits."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Antrean")
    app.setFont(app_font())
    window = create_kiosk_window(settings, core, printer)
    window.exit_requested.connect(app.quit)
    window.showFullScreen()
    log.info("kiosk started")
    return int(app.exec())
