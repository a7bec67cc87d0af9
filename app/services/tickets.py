"""The ticket desk: issue a ticket, then print it; the number is committed before the paper.

A failed print never loses or ghosts a number: the ticket stays in the queue, its print
state says what happened (visible to the supervisor), the caller shows the number on
screen, and the same number can be reprinted.

The caller gets its result as soon as the printer has the ticket's bytes. A printer that
checks its paper and cover after the job (``CheckingPrinter``) reports later; a problem it
finds then is recorded on the ticket off the caller's path, through the same
``record_print``.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from app.domain.errors import KnownError, PrinterError
from app.domain.hall import HallConfig
from app.domain.model import IssuedTicket, TicketView
from app.domain.roles import Actor
from app.i18n import N_, pick
from app.ports import PrintableTicket, TicketPrinter
from app.services.hall import HallService
from app.services.queue import QueueService

log = logging.getLogger(__name__)
HALL_CONFIG_TTL_S = 30.0
AFTER_CHECK_WAIT_S = 120.0  # far beyond any printer's status timeout


@runtime_checkable
class CheckingPrinter(Protocol):
    """A ``TicketPrinter`` that can hand back the ticket before its after-print check."""

    def print_ticket_then_check(self, ticket: PrintableTicket) -> Future[None]:
        """Send the ticket and return once it is sent; raise ``PrinterError`` if it was not.

        The future raises a ``PrinterError`` when the check after the job finds a problem.
        """
        ...


@dataclass(frozen=True, slots=True)
class DeskResult:
    """What the kiosk shows: the issued number and whether its paper was sent.

    ``after_check`` (when the printer checks after the job) resolves once that check has
    been recorded on the ticket: ``None`` when the paper came out, else the error, which is
    then also the ticket's print state (failed). It never raises.
    """

    issued: IssuedTicket
    printed: bool
    error: KnownError | None = None
    after_check: Future[KnownError | None] | None = None

    def error_message(self, lang: str = "id") -> str:
        return self.error.message(lang) if self.error else ""


def printable_ticket(
    issued: IssuedTicket, hall: HallConfig, *, lang: str = "id", reprint: bool = False
) -> PrintableTicket:
    t = issued.ticket
    return PrintableTicket(
        ticket_id=t.id,
        display=t.display,
        service_code=t.service_code,
        service_name=pick(lang, issued.service_name_id, issued.service_name_en),
        priority=t.priority,
        issued_at_local=t.issued_at.astimezone(hall.zone()),
        people_ahead=issued.people_ahead,
        estimate_minutes=issued.estimate.minutes,
        hall_name=hall.name,
        hall_subtitle=hall.subtitle,
        hall_address=hall.address,
        footer_lines=hall.footer_lines,
        lang=lang,
        reprint=reprint,
    )


class TicketDesk:
    def __init__(
        self, queue: QueueService, hall: HallService, printer: TicketPrinter, lang: str = "id"
    ) -> None:
        self._queue = queue
        self._hall = hall
        self.printer = printer
        self.lang = lang
        self._hall_cfg: HallConfig | None = None
        self._hall_cfg_at = -HALL_CONFIG_TTL_S
        self._recorder: ThreadPoolExecutor | None = None

    def hall_config(self) -> HallConfig:
        """The hall's name and footer for the paper, re-read at most every 30 s."""
        now = time.monotonic()
        if self._hall_cfg is None or now - self._hall_cfg_at >= HALL_CONFIG_TTL_S:
            self._hall_cfg = self._hall.hall_config()
            self._hall_cfg_at = now
        return self._hall_cfg

    def issue(self, service_code: str, *, priority: bool = False) -> DeskResult:
        """Commit a ticket, then print it. Queue refusals (closed, full) raise."""
        issued = self._queue.issue_ticket(service_code, priority=priority, printed=True)
        return self._print(issued, reprint=False)

    def reprint(self, display: str, *, actor: Actor) -> DeskResult:
        """Print today's ticket again (``actor`` needs ``REPRINT``)."""
        return self._print(self._queue.reprint(display, actor=actor), reprint=True)

    def close(self, timeout_s: float = 10.0) -> None:
        """Let after-print checks still running be recorded (up to ``timeout_s`` seconds)."""
        recorder, self._recorder = self._recorder, None
        if recorder is not None:
            pending = recorder.submit(lambda: None)
            recorder.shutdown(wait=False)
            pending.exception(timeout=timeout_s)

    def _print(self, issued: IssuedTicket, *, reprint: bool) -> DeskResult:
        ticket = printable_ticket(issued, self.hall_config(), lang=self.lang, reprint=reprint)
        error: KnownError | None = None
        check: Future[None] | None = None
        try:
            if isinstance(self.printer, CheckingPrinter):
                check = self.printer.print_ticket_then_check(ticket)
            else:
                self.printer.print_ticket(ticket)
        except KnownError as exc:
            error = exc
            log.warning("ticket %s not printed: %s", issued.ticket.display, exc.message_en)
        except Exception as exc:  # a driver bug must not lose the committed number
            log.exception("printer failed unexpectedly for %s", issued.ticket.display)
            error = PrinterError(
                N_("Printer bermasalah ({name}). Nomor Anda tetap berlaku."),
                name=type(exc).__name__,
            )
        self._queue.record_print(
            issued.ticket.id, ok=error is None, error=error.message_en if error else ""
        )
        # Submitted only now, so a late failure is always recorded after the "printed" above.
        after = (
            self._recorder_pool().submit(self._record_check, issued.ticket, check)
            if check
            else None
        )
        return DeskResult(issued, printed=error is None, error=error, after_check=after)

    def _recorder_pool(self) -> ThreadPoolExecutor:
        if self._recorder is None:
            self._recorder = ThreadPoolExecutor(1, thread_name_prefix="print-check-record")
        return self._recorder

    def _record_check(self, ticket: TicketView, check: Future[None]) -> KnownError | None:
        """Wait for the printer's after-print check; record a problem on the ticket."""
        try:
            check.result(timeout=AFTER_CHECK_WAIT_S)
            return None
        except TimeoutError:
            log.error("printer never finished checking ticket %s; left as printed", ticket.display)
            return None
        except KnownError as exc:
            error: KnownError = exc
        except Exception as exc:  # a driver bug: the paper may not have come out
            log.error("printer check failed unexpectedly for %s", ticket.display, exc_info=exc)
            error = PrinterError(
                N_("Printer bermasalah ({name}). Nomor Anda tetap berlaku."),
                name=type(exc).__name__,
            )
        log.warning("ticket %s not printed after all: %s", ticket.display, error.message_en)
        try:
            self._queue.record_print(ticket.id, ok=False, error=error.message_en)
        except KnownError as exc:  # e.g. the database is away: the log is all that is left
            log.error("print failure of %s not recorded: %s", ticket.display, exc.message_en)
        return error
