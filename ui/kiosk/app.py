"""``run_kiosk``: the QApplication and the full-screen kiosk window on a ticket desk."""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QApplication

from app.ports import Clock
from app.services.hall import HallService
from app.services.tickets import TicketDesk
from app.settings import KioskSettings
from ui.common.theme import app_font
from ui.kiosk.window import KioskWindow

log = logging.getLogger(__name__)


def run_kiosk(desk: TicketDesk, hall: HallService, settings: KioskSettings, clock: Clock) -> int:
    """Show the kiosk full screen and run the event loop until the administrator exits."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Antrean")
    app.setFont(app_font())
    window = KioskWindow(desk, hall, settings, clock)
    window.exit_requested.connect(app.quit)
    window.showFullScreen()
    log.info("kiosk started")
    return int(app.exec())
