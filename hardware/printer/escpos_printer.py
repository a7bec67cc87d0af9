"""``TicketPrinter`` over python-escpos connections: USB, network, serial, device file, Windows.

The connection is opened for every ticket and closed after it, so a printer that was
unplugged and plugged in again (or rebooted) works on the next ticket. The job is rendered
on a ``Dummy`` first and sent in one write: a layout error never leaves half a ticket.
"""

from __future__ import annotations

import logging
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.domain.errors import ConfigError, CoverOpen, PaperOut, PrinterError, PrinterOffline
from app.ports import PrintableTicket, PrinterState, PrinterStatus
from hardware.printer.layout import ticket_bytes
from hardware.printer.status import drain_input, query_printer_status
from hardware.printer.uri import PrinterConfig, PrinterKind

log = logging.getLogger(__name__)

PRINT_TIMEOUT = 15.0  # seconds for sending a whole job over the network
READABLE_KINDS = (PrinterKind.TCP, PrinterKind.USB, PrinterKind.SERIAL)


class EscposTicketPrinter:
    """Prints tickets on a real ESC/POS printer described by a ``PrinterConfig``."""

    def __init__(self, config: PrinterConfig) -> None:
        if config.kind in (PrinterKind.PREVIEW, PrinterKind.DUMMY):
            raise ValueError(f"{config.kind} printers are not ESC/POS connections")
        if config.kind is PrinterKind.WIN32 and sys.platform != "win32":
            raise ConfigError(
                "Printer win32: hanya tersedia di Windows.",
                "win32: printers exist only on Windows.",
                uri=config.uri,
            )
        self.config = config
        self._lock = threading.Lock()

    @property
    def profile(self) -> str:
        from hardware.printer import DEFAULT_PROFILE

        return self.config.profile or DEFAULT_PROFILE

    def status(self) -> PrinterStatus:
        if self.config.kind not in READABLE_KINDS:
            return self._unreadable_status()
        with self._lock:
            try:
                with self._connection() as printer:
                    return query_printer_status(printer)
            except PrinterError as exc:
                cause = exc.details.get("cause", "")
                return PrinterStatus(PrinterState.OFFLINE, f"{exc.message_en} {cause}".strip())
            except OSError as exc:
                return PrinterStatus(PrinterState.OFFLINE, str(exc))

    def print_ticket(self, ticket: PrintableTicket) -> None:
        job = ticket_bytes(ticket, self.config.paper_mm, self.profile)
        try:
            with self._lock, self._connection() as printer:
                try:
                    self._check(self._read_status(printer), "before")
                    self._send(printer, job)
                    after = self._read_status(printer)
                except OSError as exc:
                    raise self._offline(exc) from exc
            self._check(after, "after")
        except PrinterError as exc:
            log.warning("Ticket %s not printed on %s: %s", ticket.display, self.config.uri, exc)
            raise
        log.info("Printed ticket %s on %s", ticket.display, self.config.uri)

    def _read_status(self, printer: Any) -> PrinterStatus:
        if self.config.kind not in READABLE_KINDS:
            return PrinterStatus(PrinterState.UNKNOWN, "connection cannot report status")
        return query_printer_status(printer)

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

    @contextmanager
    def _connection(self) -> Iterator[Any]:
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
        try:
            yield printer
        finally:
            _close_quietly(printer)

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
                "Driver USB (libusb) tidak ditemukan; printer USB tidak dapat dipakai.",
                "The USB driver (libusb) is missing; USB printers cannot be used.",
                uri=self.config.uri,
                cause=str(exc),
            )
        return None

    def _offline(self, exc: BaseException) -> PrinterOffline:
        return PrinterOffline(
            "Printer tidak terhubung atau mati. Periksa kabel dan daya printer.",
            "The printer is not connected or switched off. Check its cable and power.",
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
    after = " Tiket mungkin tidak tercetak utuh; cetak ulang." if when == "after" else ""
    after_en = " The ticket may be incomplete; reprint it." if when == "after" else ""
    if status.state is PrinterState.PAPER_OUT:
        return PaperOut(
            "Kertas printer habis. Pasang gulungan kertas baru." + after,
            "The printer is out of paper. Load a new paper roll." + after_en,
            **details,
        )
    if status.state is PrinterState.COVER_OPEN:
        return CoverOpen(
            "Tutup printer terbuka. Tutup rapat lalu coba lagi." + after,
            "The printer cover is open. Close it and try again." + after_en,
            **details,
        )
    if status.state is PrinterState.OFFLINE:
        return PrinterOffline(
            "Printer sedang tidak siap (offline)." + after,
            "The printer is offline." + after_en,
            **details,
        )
    return None


def _close_quietly(printer: Any) -> None:
    """Close the connection; a failure to close an already broken link changes nothing."""
    try:
        printer.close()
    except OSError as exc:
        log.debug("Closing printer connection failed: %s", exc)
