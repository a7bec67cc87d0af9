"""What a printer's status says to a person: the catalog's words, never python-escpos' or the
operating system's English (``doctor``'s printer line; the JSON keeps the raw detail)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from app.ports import PrinterState, PrinterStatus
from hardware.printer import open_printer
from hardware.printer.status import STATE_TEXTS, describe_status, interpret_status


def test_every_state_has_a_text() -> None:
    assert set(STATE_TEXTS) == set(PrinterState)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (interpret_status(0x12, 0x12, None), "siap"),
        (interpret_status(0x12, 0x1E, None), "Kertas printer hampir habis. Siapkan gulungan baru."),
        (interpret_status(0x1A, 0x72, 0x32), "Kertas printer habis. Pasang gulungan kertas baru."),
        (interpret_status(0x1A, 0x12, 0x16), "Tutup printer terbuka. Tutup rapat lalu coba lagi."),
        (interpret_status(None, None, None), "Printer tidak menjawab pertanyaan status."),
        (
            PrinterStatus(PrinterState.OFFLINE, "USB driver (libusb) not found. No backend"),
            "Driver USB (libusb) tidak ditemukan; printer USB tidak dapat dipakai.",
        ),
        (interpret_status(0x1A, 0x12, 0x12), "Printer sedang tidak siap (offline)."),
        (
            PrinterStatus(PrinterState.OFFLINE, "[Errno 113] No route to host"),
            "Printer tidak terhubung atau mati. Periksa kabel dan daya printer.",
        ),
    ],
)
def test_states_and_library_messages_in_indonesian(status: PrinterStatus, expected: str) -> None:
    assert describe_status(status, "id") == expected


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_real_adapters_say_it_in_the_catalogs_words(tmp_path: Path) -> None:
    refused = open_printer(f"tcp://127.0.0.1:{_closed_port()}?timeout=0.5").status()
    assert refused.state is PrinterState.OFFLINE
    assert "refused" in refused.detail.lower()  # the OS's English, kept for the log
    text = describe_status(refused, "id")
    assert text == "Printer tidak terhubung atau mati. Periksa kabel dan daya printer."
    missing = open_printer("file:///dev/antrean-no-such-printer").status()
    assert describe_status(missing, "id") == "/dev/antrean-no-such-printer tidak ada."
    preview = open_printer(f"preview:{tmp_path / 'tickets'}").status()
    assert describe_status(preview, "id") == f"siap: pratinjau gambar ke {tmp_path / 'tickets'}"
    silent = PrinterStatus(PrinterState.UNKNOWN, "connection cannot report status")
    assert "tidak diketahui" in describe_status(silent, "id")


def test_known_texts_read_in_english() -> None:
    """The states a kiosk meets most come in English from the catalog (``--lang en``)."""
    offline = describe_status(PrinterStatus(PrinterState.OFFLINE, "[Errno 111] refused"), "en")
    assert offline.startswith("The printer is not connected") and "cable" in offline
    paper = describe_status(interpret_status(0x1A, 0x72, 0x32), "en")
    assert paper == "The printer is out of paper. Load a new paper roll."
