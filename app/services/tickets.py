"""The ticket desk: issue a ticket, then print it; the number is committed before the paper.

A failed print never loses or ghosts a number: the ticket stays in the queue, its print
state says what happened (visible to the supervisor), the caller shows the number on
screen, and the same number can be reprinted.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from app.domain.errors import KnownError, PrinterError
from app.domain.hall import HallConfig
from app.domain.model import IssuedTicket
from app.ports import PrintableTicket, TicketPrinter
from app.services.hall import HallService
from app.services.queue import QueueService

log = logging.getLogger(__name__)
HALL_CONFIG_TTL_S = 30.0


@dataclass(frozen=True, slots=True)
class DeskResult:
    issued: IssuedTicket
    printed: bool
    error: KnownError | None = None

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
        service_name=issued.service_name_id if lang == "id" else issued.service_name_en,
        priority=t.priority,
        issued_at_local=t.issued_at.astimezone(hall.zone()),
        people_ahead=issued.people_ahead,
        estimate_minutes=issued.estimate.minutes,
        hall_name=hall.name,
        hall_subtitle=hall.subtitle,
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

    def reprint(self, display: str) -> DeskResult:
        return self._print(self._queue.reprint(display), reprint=True)

    def _print(self, issued: IssuedTicket, *, reprint: bool) -> DeskResult:
        ticket = printable_ticket(issued, self.hall_config(), lang=self.lang, reprint=reprint)
        error: KnownError | None = None
        try:
            self.printer.print_ticket(ticket)
        except KnownError as exc:
            error = exc
            log.warning("ticket %s not printed: %s", issued.ticket.display, exc.message_en)
        except Exception as exc:  # a driver bug must not lose the committed number
            log.exception("printer failed unexpectedly for %s", issued.ticket.display)
            error = PrinterError(
                f"Printer bermasalah ({type(exc).__name__}). Nomor Anda tetap berlaku.",
                f"Printer failure ({type(exc).__name__}). Your number stays valid.",
            )
        self._queue.record_print(
            issued.ticket.id, ok=error is None, error=error.message_en if error else ""
        )
        return DeskResult(issued, printed=error is None, error=error)
