"""The hall's logo on every ticket: a printer that adds it before passing the ticket on.

The logo lives in the hall's database (``antrean hall set logo=FILE``) so every PC prints the
same one. ``PrintableTicket`` names its logo by path (the ESC/POS and preview layouts read it
from there), so this wrapper keeps the current picture in a file named by its SHA-256 and
re-reads the database at most every ``refresh_s`` seconds. Any failure to get the logo
prints the ticket without it (logged once): the number matters more than the decoration.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

from app.ports import PrintableTicket, PrinterStatus, TicketPrinter

log = logging.getLogger(__name__)
LogoSource = Callable[[], bytes | None]  # PNG or JPEG bytes, or None when the hall has none


class LogoPrinter:
    """A ``TicketPrinter`` that puts the hall's logo (from ``logo()``) on every ticket."""

    def __init__(
        self,
        printer: TicketPrinter,
        logo: LogoSource,
        *,
        refresh_s: float = 30.0,
        folder: Path | None = None,
    ) -> None:
        self.inner = printer
        self._source = logo
        self._refresh_s = refresh_s
        self._folder = folder
        self._lock = threading.Lock()
        self._path: Path | None = None
        self._read_at: float | None = None
        self._failing = False

    def status(self) -> PrinterStatus:
        return self.inner.status()

    def print_ticket(self, ticket: PrintableTicket) -> None:
        self.inner.print_ticket(self.with_logo(ticket))

    def with_logo(self, ticket: PrintableTicket) -> PrintableTicket:
        """``ticket`` naming the hall's current logo (unchanged when it names one already)."""
        if ticket.logo_path:
            return ticket
        path = self.logo_path()
        return dataclasses.replace(ticket, logo_path=str(path)) if path else ticket

    def logo_path(self) -> Path | None:
        """The file holding the current logo, or None (no logo, or it cannot be had now)."""
        with self._lock:
            now = time.monotonic()
            if self._read_at is not None and now - self._read_at < self._refresh_s:
                return self._path
            self._read_at = now
            try:
                data = self._source()
                self._path = self._store(data) if data else None
                self._failing = False
            except Exception as exc:  # the database or the disk: print without the logo
                if not self._failing:
                    log.warning("hall logo unavailable, tickets print without it: %s", exc)
                self._failing = True
                self._path = None
            return self._path

    def _store(self, data: bytes) -> Path:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="antrean-logo-"))
            weakref.finalize(self, shutil.rmtree, self._folder, True)  # gone with the printer
        path = self._folder / f"logo-{hashlib.sha256(data).hexdigest()[:16]}"
        if not path.exists():
            partial = path.with_suffix(".part")
            partial.write_bytes(data)
            partial.replace(path)
        return path


class CheckingLogoPrinter(LogoPrinter):
    """``LogoPrinter`` around a printer that checks its paper after the job."""

    def print_ticket_then_check(self, ticket: PrintableTicket) -> Future[None]:
        check: Callable[[PrintableTicket], Future[None]] = self.inner.print_ticket_then_check  # type: ignore[attr-defined]
        return check(self.with_logo(ticket))


def with_hall_logo(
    printer: TicketPrinter, logo: LogoSource, *, refresh_s: float = 30.0
) -> LogoPrinter:
    """``printer`` wrapped so each ticket carries the hall's logo; keeps its after-print
    check (``print_ticket_then_check``) when it has one."""
    if callable(getattr(printer, "print_ticket_then_check", None)):
        return CheckingLogoPrinter(printer, logo, refresh_s=refresh_s)
    return LogoPrinter(printer, logo, refresh_s=refresh_s)
