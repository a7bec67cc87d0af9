"""The kiosk's view model: issues tickets and reads the hall, always off the GUI thread.

The view calls ``touch``; the controller refuses a second touch while one is being issued
(so impatient tapping can never produce two tickets), runs the ticket desk in a serial
worker, and reports back with signals. Reads (waiting counts, estimates) run in a second
worker so a slow printer never freezes the numbers on screen.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from app.domain.errors import CoverOpen, KnownError, PaperOut, PrinterOffline
from app.domain.hall import HallConfig
from app.domain.model import PrintState, TicketView
from app.domain.roles import Actor
from app.i18n import N_
from app.ports import Clock, PrinterState, PrinterStatus
from app.services.access import AccessService, this_station
from app.services.hall import HallService
from app.services.offer import counter_gaps
from app.services.tickets import DeskResult, TicketDesk
from ui.common.workers import TaskRunner
from ui.kiosk.tiles import TileState, build_tiles

log = logging.getLogger(__name__)


# What the start screen says about the printer: "" (fine), or one of these.
PRINTER_PAPER = "paper"
PRINTER_COVER = "cover"
PRINTER_OFFLINE = "offline"
PRINTER_FAULT = "fault"


def printer_problem_of(error: BaseException | None) -> str:
    """The printer problem a failed print tells of ("" when it printed)."""
    if error is None:
        return ""
    if isinstance(error, PaperOut):
        return PRINTER_PAPER
    if isinstance(error, CoverOpen):
        return PRINTER_COVER
    if isinstance(error, PrinterOffline):
        return PRINTER_OFFLINE
    return PRINTER_FAULT


def printer_problem_from_status(status: PrinterStatus) -> str | None:
    """The printer problem a status read tells of; None when the printer cannot tell."""
    return {
        PrinterState.READY: "",
        PrinterState.PAPER_LOW: "",
        PrinterState.PAPER_OUT: PRINTER_PAPER,
        PrinterState.COVER_OPEN: PRINTER_COVER,
        PrinterState.OFFLINE: PRINTER_OFFLINE,
    }.get(status.state)


PIN_OK, PIN_WRONG, PIN_UNSET = "ok", "wrong", "unset"


@dataclass(frozen=True, slots=True)
class HallSnapshot:
    config: HallConfig
    tiles: list[TileState]


class KioskController(QObject):
    hall_changed = Signal(object)  # HallSnapshot
    busy_changed = Signal(bool)
    priority_changed = Signal(bool)
    lang_changed = Signal(str)
    issued = Signal(object)  # DeskResult
    refused = Signal(object)  # KnownError or an unexpected exception
    reprinted = Signal(object)  # DeskResult
    reprint_refused = Signal(object)
    failed_prints = Signal(object)  # list[TicketView]
    printer_status_read = Signal(object)  # PrinterStatus or an exception
    clock_status_read = Signal(object)  # ClockStatus or an exception
    printer_problem = Signal(str)  # "" when the printer is fine, else PRINTER_*
    _late_print_check = Signal(object)  # a KnownError or None, from the print-check thread
    pin_checked = Signal(str)  # PIN_OK, PIN_WRONG or PIN_UNSET
    pin_refused = Signal(object)  # SignInLocked (its wait), or an unexpected exception

    def __init__(
        self,
        desk: TicketDesk,
        hall: HallService,
        clock: Clock,
        *,
        lang: str = "id",
        parent: QObject | None = None,
        access: AccessService | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._hall = hall
        self._access = access if access is not None else hall.access_service()
        # Who the admin menu acts for once the kiosk PIN was right (reprints); None otherwise.
        self.admin_actor: Actor | None = None
        self._clock = clock
        self.default_lang = lang
        self.lang = lang
        self.priority = False
        self.busy = False
        self.snapshot: HallSnapshot | None = None
        self._desk_runner = TaskRunner(self, max_threads=1)
        self._read_runner = TaskRunner(self, max_threads=1)
        self._refreshing = False
        self._checking_printer = False
        self.printer_state = ""
        desk.lang = lang
        self._late_print_check.connect(self._print_checked)

    # --- reading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read hall settings, waiting counts and estimates (skipped if one is running)."""
        if self._refreshing:
            return
        self._refreshing = True
        self._read_runner.submit(
            self._read_hall, on_done=self._hall_read, on_error=self._hall_failed, name="refresh"
        )

    def load_now(self) -> None:
        """Read the hall on the calling thread and show it (screenshots, first paint)."""
        self._hall_read(self._read_hall(), finished=False)

    def _read_hall(self) -> HallSnapshot:
        config = self._hall.hall_config()
        local = self._clock.now().astimezone(config.zone()).time()
        statuses = self._hall.status()
        gaps = counter_gaps(self._hall, statuses)
        tiles = build_tiles(self._hall.services(), statuses, local, gaps)
        return HallSnapshot(config, tiles)

    def _hall_read(self, snapshot: HallSnapshot, *, finished: bool = True) -> None:
        if finished:
            self._refreshing = False
        self.snapshot = snapshot
        self.hall_changed.emit(snapshot)

    def _hall_failed(self, exc: BaseException) -> None:
        self._refreshing = False
        log.error("kiosk cannot read the hall status: %s", exc)

    def local_now(self) -> object:
        zone = self.snapshot.config.zone() if self.snapshot else None
        now = self._clock.now()
        return now.astimezone(zone) if zone else now.astimezone()

    # --- the citizen -----------------------------------------------------------------------
    def set_priority(self, on: bool) -> None:
        if on != self.priority:
            self.priority = on
            self.priority_changed.emit(on)

    def set_lang(self, lang: str) -> None:
        if self.busy or lang == self.lang:
            return
        self.lang = lang
        self._desk.lang = lang
        self.lang_changed.emit(lang)

    def touch(self, code: str) -> bool:
        """Issue a ticket for ``code``; False (and nothing issued) while one is in flight."""
        if self.busy:
            log.debug("touch on %s ignored: a ticket is being issued", code)
            return False
        self._set_busy(True)
        priority = self.priority
        self._desk_runner.submit(
            lambda: self._desk.issue(code, priority=priority),
            on_done=self._issued,
            on_error=self._refused,
            name=f"issue {code}",
        )
        return True

    def _issued(self, result: DeskResult) -> None:
        self.set_priority(False)
        self._set_busy(False)
        self._set_printer(printer_problem_of(result.error))
        if result.after_check is not None:
            result.after_check.add_done_callback(self._after_check_done)
        self.issued.emit(result)
        self.refresh()

    def _after_check_done(self, future: Future[KnownError | None]) -> None:
        """On the print-check thread: hand the outcome to the GUI thread (queued signal)."""
        try:
            self._late_print_check.emit(future.result())
        except RuntimeError:  # the kiosk closed meanwhile; the ticket's record has it
            log.info("print check finished after the kiosk closed")

    def _print_checked(self, error: object) -> None:
        if isinstance(error, KnownError):
            self._set_printer(printer_problem_of(error))

    # --- the printer -----------------------------------------------------------------------
    def check_printer(self) -> None:
        """Ask the printer how it is (between citizens, on the desk's worker)."""
        if self._checking_printer or self.busy:
            return
        self._checking_printer = True
        self._desk_runner.submit(
            self._read_printer_status,
            on_done=self._printer_checked,
            on_error=self._printer_check_failed,
            name="printer check",
        )

    def _printer_checked(self, status: PrinterStatus) -> None:
        self._checking_printer = False
        problem = printer_problem_from_status(status)
        if problem is not None:  # a printer that cannot tell keeps what the last print said
            self._set_printer(problem)

    def _printer_check_failed(self, exc: BaseException) -> None:
        self._checking_printer = False
        self._set_printer(printer_problem_of(exc))

    def _set_printer(self, problem: str) -> None:
        if problem != self.printer_state:
            log.info("kiosk printer: %s", problem or "fine")
            self.printer_state = problem
            self.printer_problem.emit(problem)

    def _refused(self, exc: BaseException) -> None:
        self.set_priority(False)
        self._set_busy(False)
        self.refused.emit(exc)
        self.refresh()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)

    def reset(self) -> None:
        """Back to the state a new citizen should find: no priority, the default language."""
        self.set_priority(False)
        self.set_lang(self.default_lang)

    # --- the administrator -----------------------------------------------------------------
    def check_pin(self, pin: str) -> None:
        """Check the kiosk PIN off the GUI thread (``AccessService.check_kiosk_pin``, with its
        lockout): ``pin_checked`` says PIN_OK, PIN_WRONG or PIN_UNSET, ``pin_refused`` carries
        ``SignInLocked``. A right PIN makes ``admin_actor`` the menu's actor."""
        access, station = self._access, this_station()

        opened: list[Actor] = []

        def check() -> str:
            if not access.kiosk_pin_set():
                return PIN_UNSET
            actor = access.open_kiosk_menu(pin, station=station)
            if actor is None:
                return PIN_WRONG
            opened.append(actor)
            return PIN_OK

        def done(result: str) -> None:
            if result == PIN_OK and opened:
                self.admin_actor = opened[0]  # the service's menu actor: reprint only
            self.pin_checked.emit(result)

        self._read_runner.submit(check, on_done=done, on_error=self.pin_refused.emit, name="pin")

    def close_admin(self) -> None:
        """The admin menu closed: the PIN's rights end with it."""
        self.admin_actor = None

    def reprint(self, display: str) -> None:
        actor = self.admin_actor
        if actor is None:
            from app.domain.errors import SignInRequired

            self.reprint_refused.emit(SignInRequired(N_("Masukkan PIN admin kios dulu.")))
            return
        self._desk_runner.submit(
            lambda: self._desk.reprint(display, actor=actor),
            on_done=self.reprinted.emit,
            on_error=self.reprint_refused.emit,
            name=f"reprint {display}",
        )

    def load_failed_prints(self) -> None:
        self._read_runner.submit(
            self._failed_today, on_done=self.failed_prints.emit, name="failed prints"
        )

    def _failed_today(self) -> list[TicketView]:
        return [t for t in self._hall.tickets() if t.print_state == PrintState.FAILED]

    def load_printer_status(self) -> None:
        self._desk_runner.submit(
            self._read_printer_status,
            on_done=self.printer_status_read.emit,
            on_error=self.printer_status_read.emit,
            name="printer status",
        )

    def load_clock_status(self) -> None:
        """Compare this PC's clock with the hall's reference, off the GUI thread."""
        self._read_runner.submit(
            self._hall.clock_status,
            on_done=self.clock_status_read.emit,
            on_error=self.clock_status_read.emit,
            name="clock status",
        )

    def _read_printer_status(self) -> PrinterStatus:
        return self._desk.printer.status()

    def settle(self, msecs: int = 10_000) -> None:
        """Wait for the workers to finish (their results still arrive as queued calls)."""
        self._desk_runner.wait(msecs)
        self._read_runner.wait(msecs)

    def shutdown(self, msecs: int = 10_000) -> None:
        """Start nothing new, wait for running work (a ticket being printed completes)."""
        self._desk_runner.shutdown(msecs)
        self._read_runner.shutdown(msecs)
