"""A printer that records what it was asked to print: the fake at the true edge.

It keeps every ``PrintableTicket`` and the exact ESC/POS bytes a real printer would have
received. Tests and the demo can make it fail the next N prints with a given error, or
report a given status (paper out, cover open...), which then refuses printing exactly as
``EscposTicketPrinter`` does.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from app.domain.errors import PrinterError
from app.ports import PrintableTicket, PrinterState, PrinterStatus
from hardware.printer.escpos_printer import status_error
from hardware.printer.layout import ticket_bytes


@dataclass(frozen=True, slots=True)
class PrintedJob:
    ticket: PrintableTicket
    data: bytes


class RecordingPrinter:
    def __init__(self, paper_mm: int = 80, profile: str | None = None) -> None:
        self.paper_mm = paper_mm
        self.profile = profile
        self.jobs: list[PrintedJob] = []
        self.attempts = 0
        self._status = PrinterStatus(PrinterState.READY, "recording printer")
        self._failures: list[PrinterError] = []
        self._lock = threading.Lock()

    @property
    def tickets(self) -> list[PrintableTicket]:
        return [job.ticket for job in self.jobs]

    @property
    def last_bytes(self) -> bytes:
        if not self.jobs:
            raise LookupError("nothing has been printed")
        return self.jobs[-1].data

    def fail_next(self, count: int, error: PrinterError) -> None:
        """Raise ``error`` on each of the next ``count`` prints (nothing is recorded)."""
        with self._lock:
            self._failures.extend([error] * count)

    def set_status(self, status: PrinterStatus) -> None:
        with self._lock:
            self._status = status

    def status(self) -> PrinterStatus:
        with self._lock:
            return self._status

    def print_ticket(self, ticket: PrintableTicket) -> None:
        data = ticket_bytes(ticket, self.paper_mm, self.profile)
        with self._lock:
            self.attempts += 1
            if self._failures:
                raise self._failures.pop(0)
            refusal = status_error(self._status, "dummy:")
            if refusal is not None:
                raise refusal
            self.jobs.append(PrintedJob(ticket, data))
