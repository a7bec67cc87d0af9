"""``TicketPrinter`` over python-escpos connections: USB, network, serial, device file, Windows.

The connection is opened for every ticket and closed after it, so a printer that was
unplugged and plugged in again (or rebooted) works on the next ticket. The job is rendered
on a ``Dummy`` first and sent in one write: a layout error never leaves half a ticket.

Status reads never hold the ticket up for long. Before the job the printer gets
``STATUS_CAP_S`` to answer (a working printer answers its real-time status in milliseconds);
one that stays silent is remembered and not asked again for ``SILENT_RETRY_S``, so its next
tickets go straight to paper. The check after the job (paper ran out, cover opened) runs on
the printer's own thread: ``print_ticket_then_check`` returns once the bytes are sent, with
a future for that check.
"""

from __future__ import annotations

import logging
import socket
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from app.domain.errors import ConfigError, CoverOpen, PaperOut, PrinterError, PrinterOffline
from app.i18n import N_
from app.ports import PrintableTicket, PrinterState, PrinterStatus
from hardware.printer.layout import ticket_bytes
from hardware.printer.status import ask_status, drain_input
from hardware.printer.uri import PrinterConfig, PrinterKind

log = logging.getLogger(__name__)

PRINT_TIMEOUT = 15.0  # seconds for sending a whole job over the network
STATUS_CAP_S = 0.2  # seconds a printer gets to answer each status query before a ticket
SILENT_RETRY_S = 300.0  # seconds a printer that did not answer is not asked again
READABLE_KINDS = (PrinterKind.TCP, PrinterKind.USB, PrinterKind.SERIAL)


def _done() -> Future[None]:
    future: Future[None] = Future()
    future.set_result(None)
    return future


class EscposTicketPrinter:
    """Prints tickets on a real ESC/POS printer described by a ``PrinterConfig``.

    ``silent_retry_s``: seconds a printer that did not answer a status query is left
    unasked (its status reads as ``UNKNOWN``, "unknown: ...") before it is asked again.
    """

    def __init__(self, config: PrinterConfig, *, silent_retry_s: float = SILENT_RETRY_S) -> None:
        if config.kind in (PrinterKind.PREVIEW, PrinterKind.DUMMY):
            raise ValueError(f"{config.kind} printers are not ESC/POS connections")
        if config.kind is PrinterKind.WIN32 and sys.platform != "win32":
            raise ConfigError(
                N_("Printer win32: hanya tersedia di Windows."),
                uri=config.uri,
            )
        self.config = config
        # Held from opening a connection until it is closed, which for a ticket is at the end
        # of its after-print check on the checker thread (a Lock may be released by any thread).
        self._lock = threading.Lock()
        self._silent_retry_s = silent_retry_s
        self._silent_until = 0.0  # time.monotonic() until which status is not asked
        self._checker: ThreadPoolExecutor | None = None

    @property
    def profile(self) -> str:
        from hardware.printer import DEFAULT_PROFILE

        return self.config.profile or DEFAULT_PROFILE

    def status(self) -> PrinterStatus:
        """The printer's state now; connects (to tell ``OFFLINE``), asks at most briefly.

        A printer remembered as not answering status is not asked: its state is ``UNKNOWN``
        with a detail that starts with "unknown". Never raises for a missing printer.
        """
        if self.config.kind not in READABLE_KINDS:
            return self._unreadable_status()
        try:
            with self._lock:
                printer = self._open_connection()
                try:
                    return self._read_status(printer, STATUS_CAP_S)
                finally:
                    _close_quietly(printer)
        except PrinterError as exc:
            cause = exc.details.get("cause", "")
            return PrinterStatus(PrinterState.OFFLINE, f"{exc.message_en} {cause}".strip())
        except OSError as exc:
            return PrinterStatus(PrinterState.OFFLINE, str(exc))

    def print_ticket(self, ticket: PrintableTicket) -> None:
        """Print ``ticket`` and wait for the after-print check; raise ``PrinterError``."""
        self.print_ticket_then_check(ticket).result()

    def print_ticket_then_check(self, ticket: PrintableTicket) -> Future[None]:
        """Send ``ticket`` and return as soon as its bytes are written.

        Raises ``PrinterOffline`` (no connection, write failed), ``PaperOut`` or ``CoverOpen``
        (reported before the job: nothing was sent). The returned future completes once the
        printer's status after the job has been read (at most ``config.timeout`` seconds
        later, on the printer's own thread): ``None`` when fine or not readable, else it raises
        ``PaperOut``/``CoverOpen``/``PrinterOffline`` with ``details["when"] == "after"``.
        """
        job = ticket_bytes(ticket, self.config.paper_mm, self.profile)
        self._lock.acquire()
        printer: Any = None
        try:
            printer = self._open_connection()
            try:
                self._check(self._read_status(printer, STATUS_CAP_S), "before")
                self._send(printer, job)
            except OSError as exc:
                raise self._offline(exc) from exc
        except PrinterError as exc:
            log.warning("Ticket %s not printed on %s: %s", ticket.display, self.config.uri, exc)
            self._release(printer)
            raise
        except BaseException:
            self._release(printer)
            raise
        log.info("Sent ticket %s to %s", ticket.display, self.config.uri)
        if self.config.kind not in READABLE_KINDS or self._status_skipped():
            self._release(printer)
            return _done()
        try:
            return self._checker_pool().submit(self._after_check, printer, ticket)
        except BaseException:  # e.g. no thread could be started: never leave the lock held
            self._release(printer)
            raise

    def close(self, timeout_s: float = 5.0) -> None:
        """Wait (up to ``timeout_s`` seconds) for a running after-print check; stop its thread."""
        checker, self._checker = self._checker, None
        if checker is not None:
            checker.shutdown(wait=False)
            if self._lock.acquire(timeout=timeout_s):
                self._lock.release()

    def _after_check(self, printer: Any, ticket: PrintableTicket) -> None:
        try:
            try:
                after = self._read_status(printer, self.config.timeout)
            except OSError as exc:
                raise self._offline(exc) from exc
            self._check(after, "after")
        except PrinterError as exc:
            log.warning("Ticket %s on %s: after printing, %s", ticket.display, self.config.uri, exc)
            raise
        finally:
            self._release(printer)
        log.info("Printed ticket %s on %s", ticket.display, self.config.uri)

    def _checker_pool(self) -> ThreadPoolExecutor:
        if self._checker is None:
            self._checker = ThreadPoolExecutor(1, thread_name_prefix="printer-check")
        return self._checker

    def _release(self, printer: Any) -> None:
        if printer is not None:
            _close_quietly(printer)
        self._lock.release()

    def _read_status(self, printer: Any, cap_s: float) -> PrinterStatus:
        """Ask within ``cap_s`` seconds per query, unless this printer is remembered silent."""
        if self.config.kind not in READABLE_KINDS:
            return PrinterStatus(PrinterState.UNKNOWN, "connection cannot report status")
        if self._status_skipped():
            return self._silent_status()
        status = ask_status(printer, cap_s)
        if status is None:
            self._silent_until = time.monotonic() + self._silent_retry_s
            log.warning(
                "Printer %s does not answer status queries within %.0f ms; printing without "
                "status checks for the next %.0f s",
                self.config.uri,
                cap_s * 1000,
                self._silent_retry_s,
            )
            return self._silent_status()
        self._silent_until = 0.0
        return status

    def _status_skipped(self) -> bool:
        return time.monotonic() < self._silent_until

    def _silent_status(self) -> PrinterStatus:
        left = max(0.0, self._silent_until - time.monotonic())
        return PrinterStatus(
            PrinterState.UNKNOWN,
            f"unknown: the printer does not answer status queries (not asked for {left:.0f} s)",
        )

    def _send(self, printer: Any, job: bytes) -> None:
        device = getattr(printer, "_device", None)
        settimeout = getattr(device, "settimeout", None)
        if settimeout is not None:
            settimeout(max(PRINT_TIMEOUT, self.config.timeout))
        printer._raw(job)
        if settimeout is not None:
            settimeout(self.config.timeout)
            drain_input(printer)

    def _check(self, status: PrinterStatus, when: str) -> None:
        if status.state is PrinterState.PAPER_LOW:
            log.warning("Printer %s: paper near end", self.config.uri)
        error = status_error(status, self.config.uri, when)
        if error is not None:
            raise error

    def _unreadable_status(self) -> PrinterStatus:
        if self.config.kind is PrinterKind.FILE:
            device = Path(self.config.device)
            if self.config.device.startswith("/dev/") and not device.exists():
                return PrinterStatus(PrinterState.OFFLINE, f"{device} does not exist")
        return PrinterStatus(PrinterState.UNKNOWN, "connection cannot report status")

    def _open_connection(self) -> Any:
        """A connected python-escpos printer; ``PrinterOffline`` (or a driver error) if not."""
        printer = self._make()
        try:
            self._open(printer)
        except OSError as exc:
            raise self._offline(exc) from exc
        except Exception as exc:
            error = self._open_failure(exc)
            if error is None:
                raise
            raise error from exc
        return printer

    def _open(self, printer: Any) -> None:
        if self.config.kind is PrinterKind.TCP:
            # escpos' Network.open leaks its socket when the connection fails;
            # create_connection closes it and also tries every address of the host.
            address = (self.config.host, self.config.port)
            printer.device = socket.create_connection(address, timeout=self.config.timeout)
        else:
            printer.open()

    def _open_failure(self, exc: Exception) -> PrinterError | None:
        from escpos.exceptions import DeviceNotFoundError

        if isinstance(exc, DeviceNotFoundError):
            return self._offline(exc)
        if type(exc).__name__ == "NoBackendError":  # pyusb without libusb installed
            return PrinterError(
                N_("Driver USB (libusb) tidak ditemukan; printer USB tidak dapat dipakai."),
                uri=self.config.uri,
                cause=str(exc),
            )
        return None

    def _offline(self, exc: BaseException) -> PrinterOffline:
        return PrinterOffline(
            N_("Printer tidak terhubung atau mati. Periksa kabel dan daya printer."),
            uri=self.config.uri,
            cause=str(exc),
        )

    def _make(self) -> Any:
        """A fresh, unopened python-escpos printer for this configuration."""
        cfg = self.config
        profile = self.profile
        if cfg.kind is PrinterKind.TCP:
            from escpos.printer.network import Network

            return Network(cfg.host, cfg.port, timeout=cfg.timeout, profile=profile)
        if cfg.kind is PrinterKind.USB:
            from escpos.printer.usb import Usb

            endpoints = {"in_ep": cfg.in_ep, "out_ep": cfg.out_ep}
            chosen = {key: value for key, value in endpoints.items() if value is not None}
            timeout_ms = int(cfg.timeout * 1000)
            return Usb(cfg.vendor_id, cfg.product_id, timeout=timeout_ms, profile=profile, **chosen)
        if cfg.kind is PrinterKind.SERIAL:
            from escpos.printer.serial import Serial

            return Serial(cfg.device, baudrate=cfg.baudrate, timeout=cfg.timeout, profile=profile)
        if cfg.kind is PrinterKind.FILE:
            from escpos.printer.file import File

            return File(cfg.device, profile=profile)
        from escpos.printer.win32raw import Win32Raw

        return Win32Raw(cfg.printer_name, profile=profile)


def status_error(status: PrinterStatus, uri: str, when: str = "before") -> PrinterError | None:
    """The typed error for a status that forbids printing, or ``None``."""
    details = {"uri": uri, "when": when, "detail": status.detail}
    later = when == "after"
    if status.state is PrinterState.PAPER_OUT:
        return PaperOut(
            N_(
                "Kertas printer habis. Pasang gulungan kertas baru. "
                "Tiket mungkin tidak tercetak utuh; cetak ulang."
            )
            if later
            else N_("Kertas printer habis. Pasang gulungan kertas baru."),
            **details,
        )
    if status.state is PrinterState.COVER_OPEN:
        return CoverOpen(
            N_(
                "Tutup printer terbuka. Tutup rapat lalu coba lagi. "
                "Tiket mungkin tidak tercetak utuh; cetak ulang."
            )
            if later
            else N_("Tutup printer terbuka. Tutup rapat lalu coba lagi."),
            **details,
        )
    if status.state is PrinterState.OFFLINE:
        return PrinterOffline(
            N_(
                "Printer sedang tidak siap (offline). "
                "Tiket mungkin tidak tercetak utuh; cetak ulang."
            )
            if later
            else N_("Printer sedang tidak siap (offline)."),
            **details,
        )
    return None


def _close_quietly(printer: Any) -> None:
    """Close the connection; a failure to close an already broken link changes nothing."""
    try:
        printer.close()
    except OSError as exc:
        log.debug("Closing printer connection failed: %s", exc)
