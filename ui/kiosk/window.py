"""The kiosk window: a locked-down, full-screen stack of the start and confirmation screens.

Signal wiring lives in ``_connect``; slots are short and only move between screens or hand
a touch to the controller. Nothing here touches the database or the printer directly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QLayout, QStackedWidget, QVBoxLayout, QWidget

from app.domain.calendar_names import clock_time, long_date
from app.domain.clock import ClockStatus
from app.domain.errors import KnownError, QuotaReached, ServiceClosed
from app.i18n import other
from app.ports import Clock, PrinterStatus
from app.services.access import AccessService
from app.services.hall import HallService
from app.services.tickets import DeskResult, TicketDesk
from app.settings import KioskSettings
from ui.common.i18n import Translations
from ui.common.theme import Metrics
from ui.kiosk.admin import AdminPanel, PinPad
from ui.kiosk.confirm_view import ConfirmScreen
from ui.kiosk.controller import (
    PIN_OK,
    PIN_UNSET,
    PRINTER_COVER,
    PRINTER_OFFLINE,
    PRINTER_PAPER,
    HallSnapshot,
    KioskController,
)
from ui.kiosk.sizes import KioskSizes
from ui.kiosk.start_view import StartScreen
from ui.kiosk.style import kiosk_qss
from ui.kiosk.widgets import HoldDetector

log = logging.getLogger(__name__)
_INPUT_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
}
_BLOCKED_KEYS = {Qt.Key.Key_Escape, Qt.Key.Key_F4, Qt.Key.Key_Close}


@dataclass(frozen=True, slots=True)
class KioskTimings:
    idle_ms: int
    confirm_ms: int
    hold_ms: int = 3000
    refresh_ms: int = 4000
    clock_ms: int = 1000
    printer_ms: int = 15_000  # how often the printer is asked how it is, between citizens
    failed_confirm_ms: int | None = None  # None: twice confirm_ms, at least 12 s more

    @property
    def confirm_after_failed_print_ms(self) -> int:
        """Time on the confirmation when the ticket did not print: to note the number."""
        if self.failed_confirm_ms is not None:
            return self.failed_confirm_ms
        return max(2 * self.confirm_ms, self.confirm_ms + 12_000)

    @classmethod
    def from_settings(cls, settings: KioskSettings) -> KioskTimings:
        return cls(idle_ms=settings.idle_seconds * 1000, confirm_ms=settings.confirm_seconds * 1000)


class SideScreen(Protocol):
    """A screen the kiosk shows beside issuing (the IKM survey, ``ui.survey.kiosk``), built
    by the entry point and handed in as a ``SideScreenFactory``: window areas do not import
    each other. A ``QWidget`` with a ``left`` signal (it is over: back to issuing)."""

    def open(self, lang: str, codes: Sequence[str]) -> None: ...

    def abandon(self) -> None: ...

    def shutdown(self) -> None: ...


# (parent, minutes back the citizen may pick a ticket from, idle ms, language) → the screen
SideScreenFactory = Callable[[QWidget, int, int, str], QWidget]


# Refusals whose own message is written for the citizen; anything else gets plain words.
_CITIZEN_REFUSALS = (ServiceClosed, QuotaReached)


class KioskWindow(QWidget):
    exit_requested = Signal()

    def __init__(
        self,
        desk: TicketDesk,
        hall: HallService,
        settings: KioskSettings,
        clock: Clock,
        *,
        timings: KioskTimings | None = None,
        translations: Translations | None = None,
        parent: QWidget | None = None,
        logo: bytes | None = None,
        access: AccessService | None = None,
        survey: SideScreenFactory | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk")
        if settings.admin_pin:
            log.warning(
                "kiosk: admin_pin in the settings file is ignored; the PIN is set with "
                "`antrean kiosk-pin` and stored hashed in the hall database"
            )
        self.setWindowTitle("Antrean")
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.settings = settings
        self.timings = timings or KioskTimings.from_settings(settings)
        self.sizes = KioskSizes()
        self._qss_metrics: Metrics | None = None
        self.allow_close = False
        self._confirm_left_ms = 0
        app = QCoreApplication.instance()
        assert app is not None, "create the QApplication before the kiosk window"
        self.translations = translations or Translations(app, self, domains=("kiosk", "common"))
        self.controller = KioskController(
            desk, hall, clock, lang=settings.lang, parent=self, access=access
        )
        self.start = StartScreen(self)
        self.start.attract_text = settings.attract_text
        self.start.set_logo(logo)
        self.confirm = ConfirmScreen(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.start)
        self.stack.addWidget(self.confirm)
        # The IKM survey, a side path: only when the hall switched it on for this kiosk.
        self.survey: QWidget | None = None
        if settings.survey and survey is not None:
            self.survey = survey(self, settings.survey_minutes, self.timings.idle_ms, settings.lang)
            self.stack.addWidget(self.survey)
        self.start.set_survey(self.survey is not None)
        layout = QVBoxLayout(self)
        # The window's size is the screen's; the layout must never push a minimum size onto
        # it (a portrait screen is narrower than the landscape layout's minimum).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.pin_pad = PinPad(self, self.sizes.metrics)
        self.admin: AdminPanel | None = None
        self.hold = HoldDetector(self.timings.hold_ms, self)
        self.hold.watch(self.start.header.hall_name)
        self.hold.watch(self.start.header.emblem)
        self.idle_timer = self._timer(self.timings.idle_ms, single=True)
        self.confirm_timer = self._timer(250)
        self.clock_timer = self._timer(self.timings.clock_ms)
        self.refresh_timer = self._timer(self.timings.refresh_ms)
        self.printer_timer = self._timer(self.timings.printer_ms)
        self._connect()
        self._apply_sizes(KioskSizes())
        self.translations.switch(settings.lang)
        self.start.set_lang(settings.lang)
        self._tick_clock()
        self.controller.refresh()
        self.controller.check_printer()
        self.clock_timer.start()
        self.refresh_timer.start()
        self.printer_timer.start()
        self.idle_timer.start()
        app.installEventFilter(self)

    def _timer(self, msecs: int, *, single: bool = False) -> QTimer:
        timer = QTimer(self)
        timer.setInterval(msecs)
        timer.setSingleShot(single)
        return timer

    def _connect(self) -> None:
        c = self.controller
        c.hall_changed.connect(self._show_hall)
        c.busy_changed.connect(self.start.set_busy)
        c.priority_changed.connect(self.start.set_priority)
        c.lang_changed.connect(self._switch_lang)
        c.issued.connect(self._show_ticket)
        c.refused.connect(self._show_refusal)
        c.reprinted.connect(self._reprinted)
        c.reprint_refused.connect(self._reprint_refused)
        c.failed_prints.connect(self._show_failed)
        c.printer_status_read.connect(self._show_printer_status)
        c.clock_status_read.connect(self._show_clock_status)
        c.printer_problem.connect(self._show_printer_problem)
        self.start.tile_touched.connect(self._touch)
        self.start.priority_toggled.connect(c.set_priority)
        self.start.lang_requested.connect(self._toggle_lang)
        self.start.survey_requested.connect(self.open_survey)
        if self.survey is not None:
            self.survey.left.connect(self.back_to_start)  # type: ignore[attr-defined]
        self.confirm.done.connect(self.back_to_start)
        self.hold.held.connect(self.pin_pad.open)
        self.pin_pad.submitted.connect(self._check_pin)
        c.pin_checked.connect(self._pin_checked)
        c.pin_refused.connect(self._pin_refused)
        self.idle_timer.timeout.connect(self._on_idle)
        self.confirm_timer.timeout.connect(self._tick_confirm)
        self.clock_timer.timeout.connect(self._tick_clock)
        self.refresh_timer.timeout.connect(c.refresh)
        self.printer_timer.timeout.connect(self._check_printer)

    # --- the citizen -----------------------------------------------------------------------
    def _touch(self, code: str) -> None:
        self.start.hide_banner()
        self.controller.touch(code)

    def _show_hall(self, snapshot: HallSnapshot) -> None:
        self.start.set_hall(snapshot.config, snapshot.tiles)
        self._tick_clock()

    def _show_ticket(self, result: DeskResult) -> None:
        self.confirm.show_result(result, self.controller.lang)
        t = self.timings
        self._confirm_left_ms = t.confirm_ms if result.printed else t.confirm_after_failed_print_ms
        self.confirm.set_countdown(self._seconds_left())
        self.stack.setCurrentWidget(self.confirm)
        self.confirm_timer.start()

    def _show_refusal(self, exc: BaseException) -> None:
        lang = self.controller.lang
        if isinstance(exc, _CITIZEN_REFUSALS):
            self.start.show_banner(exc.message(lang))
            return
        if isinstance(exc, KnownError):  # the database, the clock…: for staff, not on screen
            log.warning("kiosk could not issue a ticket: %s", exc.message_en)
        self.start.show_banner(
            self.tr(
                "Maaf, nomor antrean belum dapat diberikan saat ini. "
                "Silakan coba lagi sebentar lagi atau hubungi petugas."
            )
        )

    def _check_printer(self) -> None:
        if self.stack.currentWidget() is self.start:
            self.controller.check_printer()

    def _show_printer_problem(self, problem: str) -> None:
        if not problem:
            self.start.hide_printer_problem()
            return
        texts = {
            PRINTER_PAPER: self.tr(
                "Kertas tiket sedang habis — nomor Anda tetap muncul di layar; "
                "catat atau foto nomornya."
            ),
            PRINTER_COVER: self.tr(
                "Printer tiket sedang terbuka — nomor Anda tetap muncul di layar; "
                "catat atau foto nomornya."
            ),
            PRINTER_OFFLINE: self.tr(
                "Printer tiket sedang tidak menyala — nomor Anda tetap muncul di layar; "
                "catat atau foto nomornya."
            ),
        }
        self.start.show_printer_problem(
            texts.get(
                problem,
                self.tr(
                    "Printer tiket sedang bermasalah — nomor Anda tetap muncul di layar; "
                    "catat atau foto nomornya."
                ),
            )
        )

    def _tick_confirm(self) -> None:
        self._confirm_left_ms -= self.confirm_timer.interval()
        if self._confirm_left_ms <= 0:
            self.back_to_start()
        else:
            self.confirm.set_countdown(self._seconds_left())

    def _seconds_left(self) -> int:
        return -(-self._confirm_left_ms // 1000)

    def open_survey(self) -> None:
        """ "Nilai layanan kami" touched: the survey, until it is over or nobody touches it."""
        if self.survey is None:
            return
        self.start.hide_banner()
        self._side().open(self.controller.lang, list(self.start.tiles))
        self.stack.setCurrentWidget(self.survey)

    def _side(self) -> SideScreen:
        assert self.survey is not None
        return self.survey  # type: ignore[return-value]

    def back_to_start(self) -> None:
        if self.survey is not None and self.stack.currentWidget() is self.survey:
            self._side().abandon()  # the kiosk's idle timeout: half answers are forgotten
        self.confirm_timer.stop()
        self.stack.setCurrentWidget(self.start)
        self.start.show_page(0)
        self.controller.reset()
        self.controller.check_printer()  # the next citizen sees a printer problem first

    def _toggle_lang(self) -> None:
        self.controller.set_lang(other(self.controller.lang))

    def _switch_lang(self, lang: str) -> None:
        self.translations.switch(lang)
        self.start.set_lang(lang)
        self._tick_clock()
        self._show_printer_problem(self.controller.printer_state)

    def _tick_clock(self) -> None:
        now = self.controller.local_now()
        lang = self.controller.lang
        self.start.set_clock(clock_time(now, lang), long_date(now, lang))  # type: ignore[arg-type]

    # --- idle and lock-down ----------------------------------------------------------------
    def _on_idle(self) -> None:
        self.pin_pad.hide()
        if self.admin is not None:
            self.admin.hide()
        self.controller.close_admin()
        self.start.hide_banner()
        self.back_to_start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in _INPUT_EVENTS and self._is_mine(watched):
            self.idle_timer.start()
            if isinstance(event, QKeyEvent) and event.key() in _BLOCKED_KEYS:
                return True
        return False

    def _is_mine(self, obj: QObject) -> bool:
        return isinstance(obj, QWidget) and (obj is self or self.isAncestorOf(obj))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        event.accept()  # no key leaves the kiosk (Escape, Alt+F4 are swallowed)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if not self.allow_close:
            event.ignore()
            return
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        timers = (self.idle_timer, self.confirm_timer, self.clock_timer, self.refresh_timer)
        for timer in (*timers, self.printer_timer):
            timer.stop()
        self.controller.shutdown()
        if self.survey is not None:
            self._side().shutdown()
        self.translations.switch("id")  # leave no kiosk translator installed behind us
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        sizes = KioskSizes(event.size().width(), event.size().height())
        if sizes != self.sizes:
            self._apply_sizes(sizes)

    def _apply_sizes(self, sizes: KioskSizes) -> None:
        self.sizes = sizes
        if sizes.metrics != self._qss_metrics:
            self.setStyleSheet(kiosk_qss(sizes.metrics))
            self._qss_metrics = sizes.metrics
        self.start.set_sizes(sizes)
        self.confirm.set_sizes(sizes)

    # --- the administrator -----------------------------------------------------------------
    def _check_pin(self, pin: str) -> None:
        """Checked off the GUI thread, with the lockout (``KioskController.check_pin``)."""
        self.pin_pad.set_busy(True)
        self.controller.check_pin(pin)

    def _pin_checked(self, result: str) -> None:
        self.pin_pad.set_busy(False)
        if result == PIN_OK:
            self.pin_pad.hide()
            self.open_admin()
        elif result == PIN_UNSET:
            self.pin_pad.refuse(
                self.tr(
                    "PIN kios belum diatur. Admin mengaturnya di jendela admin atau dengan "
                    "perintah: antrean kiosk-pin --user NAMA"
                )
            )
        else:
            log.info("kiosk admin: wrong PIN")
            self.pin_pad.refuse()

    def _pin_refused(self, exc: BaseException) -> None:
        self.pin_pad.set_busy(False)
        if isinstance(exc, KnownError):  # SignInLocked: how long to wait
            self.pin_pad.refuse(exc.message(self.controller.lang))
        else:
            log.error("kiosk admin: the PIN could not be checked: %r", exc)
            self.pin_pad.refuse(self.tr("PIN tidak dapat diperiksa; lihat log."))

    def open_admin(self) -> None:
        if self.admin is None:
            codes = list(self.start.tiles) or ["A", "B", "C", "D", "E"]
            self.admin = AdminPanel(self, self.sizes.metrics, codes)
            self.admin.reprint_requested.connect(self.controller.reprint)
            self.admin.exit_requested.connect(self.exit_kiosk)
            self.admin.closed.connect(self.controller.close_admin)
        self.admin.set_printer_status("…")
        self.admin.show_message("")
        self.admin.open()
        self.controller.load_printer_status()
        self.controller.load_clock_status()
        self.controller.load_failed_prints()

    def exit_kiosk(self) -> None:
        log.info("kiosk closed by the administrator")
        self.allow_close = True
        self.close()
        self.exit_requested.emit()

    def _reprinted(self, result: DeskResult) -> None:
        if self.admin is None:
            return
        display = result.issued.ticket.display
        if result.printed:
            self.admin.show_message(self.tr("Nomor {n} sudah dicetak ulang.").format(n=display))
        else:
            self.admin.show_message(result.error_message(self.controller.lang), error=True)
        self.controller.load_failed_prints()

    def _reprint_refused(self, exc: BaseException) -> None:
        if self.admin is not None:
            text = exc.message(self.controller.lang) if isinstance(exc, KnownError) else str(exc)
            self.admin.show_message(text, error=True)

    def _show_failed(self, tickets: list[object]) -> None:
        if self.admin is None:
            return
        rows = []
        for t in tickets:
            local = t.issued_at.astimezone(self.controller.local_now().tzinfo)  # type: ignore[attr-defined]
            rows.append((t.display, f"{t.display}  ·  {clock_time(local, self.controller.lang)}"))  # type: ignore[attr-defined]
        self.admin.set_failed(rows)

    def _show_clock_status(self, status: object) -> None:
        if self.admin is None:
            return
        lang = self.controller.lang
        if isinstance(status, ClockStatus):
            text = status.message(lang) or self.tr("cocok")
            self.admin.set_clock_status(text, warning=status.warning)
        elif isinstance(status, KnownError):
            self.admin.set_clock_status(status.message(lang), warning=True)
        else:
            self.admin.set_clock_status(str(status), warning=True)

    def _show_printer_status(self, status: object) -> None:
        if self.admin is None:
            return
        if isinstance(status, PrinterStatus):
            text = status.state.value + (f" ({status.detail})" if status.detail else "")
        elif isinstance(status, KnownError):
            text = status.message(self.controller.lang)
        else:
            text = str(status)
        self.admin.set_printer_status(text)
