"""Real-time status of an ESC/POS printer (``DLE EOT n``, bytes 0x10 0x04 n).

Each query answers one byte whose bits 1 and 4 are always set and bits 0 and 7 clear:

* n=1 printer status: bit 3 = offline.
* n=2 offline cause: bit 2 = cover open, bit 5 = printing stopped by paper end.
* n=4 roll paper sensor: bits 2-3 = paper near end, bits 5-6 = paper end.

``interpret_status`` is the pure part; ``ask_status`` asks a connected python-escpos printer
(Network, Usb, Serial) within a time cap and returns ``None`` when it stays silent;
the printer adapter reports that silence as ``UNKNOWN``.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from app.i18n import N_, gettext
from app.ports import PrinterState, PrinterStatus

log = logging.getLogger(__name__)

DLE_EOT = b"\x10\x04"
FIXED_MASK = 0x93  # bits 0, 1, 4, 7
FIXED_VALUE = 0x12  # bits 1 and 4 set
OFFLINE_BIT = 0x08
COVER_OPEN_BIT = 0x04
PAPER_END_STOP_BIT = 0x20
PAPER_NEAR_END_BITS = 0x0C
PAPER_END_BITS = 0x60


def _valid(byte: int | None) -> bool:
    return byte is not None and byte & FIXED_MASK == FIXED_VALUE


def interpret_status(printer: int | None, paper: int | None, cause: int | None) -> PrinterStatus:
    """Turn the answers to DLE EOT 1, 4 and 2 (``None`` = no answer) into a status."""
    if not _valid(printer):
        detail = "no status answer" if printer is None else f"unexpected status 0x{printer:02x}"
        return PrinterStatus(PrinterState.UNKNOWN, detail)
    paper_byte = paper if _valid(paper) else None
    cause_byte = cause if _valid(cause) else None
    assert printer is not None
    if printer & OFFLINE_BIT:
        if cause_byte is not None and cause_byte & COVER_OPEN_BIT:
            return PrinterStatus(PrinterState.COVER_OPEN, "cover open")
        if _paper_out(paper_byte) or (cause_byte is not None and cause_byte & PAPER_END_STOP_BIT):
            return PrinterStatus(PrinterState.PAPER_OUT, "paper end")
        return PrinterStatus(PrinterState.OFFLINE, "printer reports offline")
    if _paper_out(paper_byte):
        return PrinterStatus(PrinterState.PAPER_OUT, "paper end")
    if paper_byte is not None and paper_byte & PAPER_NEAR_END_BITS:
        return PrinterStatus(PrinterState.PAPER_LOW, "paper near end")
    return PrinterStatus(PrinterState.READY)


def _paper_out(paper: int | None) -> bool:
    return paper is not None and paper & PAPER_END_BITS == PAPER_END_BITS


def _ask(printer: Any, n: int) -> int | None:
    """One DLE EOT query; ``None`` when the printer stays silent within the timeout."""
    try:
        answer = printer.query_status(DLE_EOT + bytes([n]))
    except TimeoutError:
        return None
    except OSError as exc:
        if _is_usb_timeout(exc):
            return None
        raise
    data = bytes(answer)
    return data[-1] if data else None


def _is_usb_timeout(exc: OSError) -> bool:
    try:
        import usb.core
    except ImportError:
        return False
    return isinstance(exc, usb.core.USBTimeoutError)


def ask_status(printer: Any, timeout_s: float | None = None) -> PrinterStatus | None:
    """Ask an open printer for its status; ``None`` when it does not answer.

    ``timeout_s`` (seconds) caps the wait for each answer (up to three queries: 1, 4 and,
    when offline, 2); ``None`` keeps the connection's own read timeout. Connection errors
    (``OSError``) propagate to the caller.
    """
    with read_timeout(printer, timeout_s):
        drain_input(printer)
        first = _ask(printer, 1)
        if first is None:
            return None
        paper = _ask(printer, 4)
        cause = _ask(printer, 2) if first & OFFLINE_BIT else None
    status = interpret_status(first, paper, cause)
    log.debug("Printer status bytes 1=%s 4=%s 2=%s -> %s", first, paper, cause, status.state)
    return status


@contextmanager
def read_timeout(printer: Any, timeout_s: float | None) -> Iterator[None]:
    """Cap every read from ``printer``'s open connection at ``timeout_s`` seconds, then restore.

    Knows python-escpos' three readable connections: a network socket, a pyserial port
    (``timeout`` in seconds) and a pyusb device (``default_timeout`` in milliseconds, used by
    ``Usb._read``). Anything else, or ``timeout_s=None``, is left alone.
    """
    device = getattr(printer, "_device", None)
    if timeout_s is None or not device:
        yield
        return
    if isinstance(device, socket.socket):
        previous_s = device.gettimeout()
        device.settimeout(timeout_s)
        try:
            yield
        finally:
            device.settimeout(previous_s)
        return
    name, value = (
        ("default_timeout", max(1, round(timeout_s * 1000)))
        if hasattr(device, "default_timeout")
        else ("timeout", timeout_s)
    )
    if not hasattr(device, name):
        yield
        return
    previous = getattr(device, name)
    setattr(device, name, value)
    try:
        yield
    finally:
        setattr(device, name, previous)


def drain_input(printer: Any) -> None:
    """Drop stale bytes a network printer sent unasked (e.g. answers to DLE EOT that
    happened to occur inside image data), so the next answer is the one asked for."""
    sock = getattr(printer, "_device", None)
    if not isinstance(sock, socket.socket):
        return
    previous = sock.gettimeout()
    sock.setblocking(False)
    try:
        while sock.recv(64):
            pass
    except (BlockingIOError, InterruptedError):
        pass
    finally:
        sock.settimeout(previous)


# What a status says to a person, in the catalog's words. python-escpos, pyusb and the OS
# describe a printer in English (``PrinterStatus.detail``: logs and ``doctor --json`` keep it);
# the doctor line and any other text for people use these instead.
STATE_TEXTS: dict[PrinterState, str] = {
    PrinterState.READY: N_("siap"),
    PrinterState.PAPER_LOW: N_("Kertas printer hampir habis. Siapkan gulungan baru."),
    PrinterState.PAPER_OUT: N_("Kertas printer habis. Pasang gulungan kertas baru."),
    PrinterState.COVER_OPEN: N_("Tutup printer terbuka. Tutup rapat lalu coba lagi."),
    PrinterState.OFFLINE: N_("Printer tidak terhubung atau mati. Periksa kabel dan daya printer."),
    PrinterState.UNKNOWN: N_("Status kertas tidak diketahui: sambungan ini tidak melaporkannya."),
}
_NOT_READY_TEXT = N_("Printer sedang tidak siap (offline).")
_SILENT_TEXT = N_("Printer tidak menjawab pertanyaan status; mencetak tanpa pemeriksaan kertas.")
_NO_ANSWER_TEXT = N_("Printer tidak menjawab pertanyaan status.")
_LIBUSB_TEXT = N_("Driver USB (libusb) tidak ditemukan; printer USB tidak dapat dipakai.")
_PREVIEW_TEXT = N_("siap: pratinjau gambar ke {path}")
_MISSING_TEXT = N_("{path} tidak ada.")
_NOT_FOLDER_TEXT = N_("{path} bukan folder.")


def describe_status(status: PrinterStatus, lang: str) -> str:
    """``status`` as one phrase in ``lang`` (Indonesian or English, from the catalog).

    The adapters' known details (a preview folder, a missing device file, a printer that does
    not answer status queries, no libusb) get their own phrase; any other library or system
    message falls back to the phrase of the state.
    """
    detail = status.detail
    state = status.state
    text = STATE_TEXTS[state]
    fields: dict[str, str] = {}
    if state is PrinterState.READY and detail.startswith("preview to "):
        text, fields = _PREVIEW_TEXT, {"path": detail.removeprefix("preview to ")}
    elif state is PrinterState.UNKNOWN and detail.startswith("unknown: the printer does not"):
        text = _SILENT_TEXT
    elif state is PrinterState.UNKNOWN and (
        detail == "no status answer" or detail.startswith("unexpected status")
    ):
        text = _NO_ANSWER_TEXT
    elif state is PrinterState.OFFLINE and detail == "printer reports offline":
        text = _NOT_READY_TEXT
    elif state is PrinterState.OFFLINE and "libusb" in detail.lower():
        text = _LIBUSB_TEXT
    elif state is PrinterState.OFFLINE and detail.endswith(" does not exist"):
        text, fields = _MISSING_TEXT, {"path": detail.removesuffix(" does not exist")}
    elif state is PrinterState.OFFLINE and detail.endswith(" is not a directory"):
        text, fields = _NOT_FOLDER_TEXT, {"path": detail.removesuffix(" is not a directory")}
    return gettext(text, lang).format(**fields)
