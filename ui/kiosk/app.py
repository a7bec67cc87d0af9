"""``run_kiosk``: the kiosk full screen on a ticket desk; ``render_kiosk``: its start screen at
a given size, for screenshots and the layout tests."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QWidget

from app.ports import Clock
from app.services.hall import HallService
from app.services.tickets import TicketDesk
from app.settings import KioskSettings
from ui.common.application import application
from ui.common.screens import show_full_screen
from ui.kiosk.window import KioskTimings, KioskWindow, SideScreenFactory

log = logging.getLogger(__name__)
# Long enough that no timer fires while a picture is taken.
_STILL_MS = 3_600_000


def run_kiosk(
    desk: TicketDesk,
    hall: HallService,
    settings: KioskSettings,
    clock: Clock,
    *,
    logo: bytes | None = None,
    survey: SideScreenFactory | None = None,
) -> int:
    """Show the kiosk full screen and run the event loop until the administrator exits.

    ``survey``: builds the IKM survey's screen (``ui.survey.kiosk.kiosk_survey``), used when
    ``settings.survey`` is on."""
    app = application()
    window = KioskWindow(desk, hall, settings, clock, logo=logo, survey=survey)
    window.exit_requested.connect(app.quit)
    show_full_screen(window)
    log.info("kiosk started")
    return int(app.exec())


def render_kiosk(
    desk: TicketDesk,
    hall: HallService,
    settings: KioskSettings,
    clock: Clock,
    *,
    width: int,
    height: int,
    lang: str = "id",
    logo: bytes | None = None,
) -> QWidget:
    """The kiosk's start screen shown (not full screen) at exactly ``width``×``height``, with
    the hall's current data read synchronously, in ``lang``; ready for ``grab()``.

    The caller closes it (``close()``); its timers are still, so nothing moves meanwhile.
    """
    application()
    still = KioskTimings(
        idle_ms=_STILL_MS,
        confirm_ms=_STILL_MS,
        refresh_ms=_STILL_MS,
        clock_ms=_STILL_MS,
        printer_ms=_STILL_MS,
    )
    chosen = settings.model_copy(update={"lang": lang})
    window = KioskWindow(desk, hall, chosen, clock, timings=still, logo=logo)
    window.allow_close = True  # the caller closes it, as a screenshot is taken
    window.setFixedSize(width, height)
    window.show()
    window.controller.load_now()
    for _ in range(3):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    return window
