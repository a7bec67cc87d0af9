"""Device-file printers, the recording fake, the factory and escpos' import safety."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.domain.errors import ConfigError, CoverOpen, PaperOut, PrinterError, PrinterOffline
from app.domain.wording import Bilingual
from app.ports import PrinterState, PrinterStatus, TicketPrinter
from hardware.printer.decode import decode_escpos
from hardware.printer.factory import open_printer
from hardware.printer.preview import PreviewTicketPrinter
from hardware.printer.recording import RecordingPrinter
from hardware.printer.sample import sample_ticket

ROOT = Path(__file__).resolve().parents[2]


def test_file_printer_writes_the_job_to_the_device_file(tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    printer = open_printer(f"file://{device}?paper=58")
    assert printer.status().state is PrinterState.UNKNOWN

    printer.print_ticket(sample_ticket())
    printer.print_ticket(sample_ticket(display="A-006"))

    job = decode_escpos(device.read_bytes())  # each ticket reopens (and rewrites) the device
    assert job.find("A-006").style.width == 6
    assert job.cuts == ["full"]
    assert job.status_queries == []


@pytest.mark.expect_log("Ticket A-\\d+ not printed on")
def test_missing_device_file_is_offline(tmp_path: Path) -> None:
    printer = open_printer("file:///dev/usb/lp-antrean-missing")
    assert printer.status().state is PrinterState.OFFLINE
    with pytest.raises(PrinterOffline):
        printer.print_ticket(sample_ticket())
    unwritable = open_printer(f"file://{tmp_path}/no/such/dir/lp0")
    with pytest.raises(PrinterOffline):
        unwritable.print_ticket(sample_ticket())


def _libusb_present() -> bool:
    import usb.backend.libusb1

    return usb.backend.libusb1.get_backend() is not None


@pytest.mark.expect_log("Ticket A-\\d+ not printed on")
def test_usb_printer_that_is_not_plugged_in_is_offline() -> None:
    printer = open_printer("usb://04b8:7fff?timeout=0.5")
    assert printer.status().state is PrinterState.OFFLINE
    expected = PrinterOffline if _libusb_present() else PrinterError
    with pytest.raises(expected) as caught:
        printer.print_ticket(sample_ticket())
    if not _libusb_present():
        assert "libusb" in caught.value.message_en


@pytest.mark.skipif(sys.platform == "win32", reason="win32: printers exist there")
def test_win32_printer_elsewhere_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="only on Windows"):
        open_printer("win32:EPSON TM-T82")


def test_factory_builds_each_kind(tmp_path: Path) -> None:
    preview = open_printer("preview:", default_preview_dir=tmp_path)
    assert isinstance(preview, PreviewTicketPrinter) and preview.target == tmp_path
    assert isinstance(open_printer("dummy:?paper=58"), RecordingPrinter)
    for uri in ("tcp://127.0.0.1:9", "usb://04b8:0202", "serial:///dev/ttyS9", "file:///x"):
        assert isinstance(open_printer(uri), TicketPrinter)
    with pytest.raises(ConfigError):
        open_printer("printer-in-the-corner")


def test_recording_printer_records_tickets_and_bytes() -> None:
    printer = RecordingPrinter(paper_mm=58)
    printer.print_ticket(sample_ticket())
    assert printer.tickets == [sample_ticket()]
    assert decode_escpos(printer.last_bytes).find("A-005").style.width == 6


def test_recording_printer_fails_on_demand() -> None:
    printer = RecordingPrinter()
    printer.fail_next(2, PrinterOffline(Bilingual("Printer mati.", "Printer off.")))
    for _ in range(2):
        with pytest.raises(PrinterOffline):
            printer.print_ticket(sample_ticket())
    printer.print_ticket(sample_ticket())
    assert printer.attempts == 3 and len(printer.jobs) == 1


@pytest.mark.parametrize(
    ("state", "error"), [(PrinterState.PAPER_OUT, PaperOut), (PrinterState.COVER_OPEN, CoverOpen)]
)
def test_recording_printer_refuses_like_a_real_one(
    state: PrinterState, error: type[Exception]
) -> None:
    printer = RecordingPrinter()
    printer.set_status(PrinterStatus(state))
    assert printer.status().state is state
    with pytest.raises(error):
        printer.print_ticket(sample_ticket())
    assert printer.jobs == []


def _run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_escpos_imports_even_when_its_pickle_dir_is_missing(tmp_path: Path) -> None:
    code = (
        "import os; from hardware.printer.layout import ticket_bytes;"
        "from hardware.printer.sample import sample_ticket;"
        "assert b'A-005' in ticket_bytes(sample_ticket());"
        "print(os.environ['ESCPOS_CAPABILITIES_PICKLE_DIR'])"
    )
    env = dict(os.environ, HOME=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("ESCPOS_CAPABILITIES_PICKLE_DIR", None)
    result = _run(code, env)
    assert result.returncode == 0, result.stderr
    used = Path(result.stdout.strip())
    assert used.parts[-2:] == ("antrean", "escpos")
    if sys.platform == "linux":
        assert used == tmp_path / "cache" / "antrean" / "escpos"
    assert any(used.glob("*.capabilities.pickle"))

    env["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(tmp_path / "configured" / "not" / "yet")
    result = _run(code, env)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == tmp_path / "configured" / "not" / "yet"

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    env["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(blocker / "sub")
    result = _run(code, env)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == used
