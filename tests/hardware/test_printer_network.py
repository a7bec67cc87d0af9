"""EscposTicketPrinter against a real TCP printer listening on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from app.domain.errors import CoverOpen, PaperOut, PrinterOffline
from app.ports import PrinterState, TicketPrinter
from hardware.printer.decode import decode_escpos
from hardware.printer.escpos_printer import EscposTicketPrinter
from hardware.printer.factory import open_printer
from hardware.printer.sample import sample_ticket

if TYPE_CHECKING:
    from tests.hardware.conftest import FakeNetworkPrinter

MakePrinter = Callable[[int], "FakeNetworkPrinter"]


def test_prints_the_ticket_over_the_network(fake_printer: FakeNetworkPrinter) -> None:
    printer = open_printer(fake_printer.uri())
    assert isinstance(printer, EscposTicketPrinter)
    assert isinstance(printer, TicketPrinter)

    printer.print_ticket(sample_ticket())

    job = decode_escpos(fake_printer.job_bytes)
    assert job.find("A-005").style.width == 8
    assert job.qr_codes == ["ANTREAN:1205:A-005"]
    assert job.cuts == ["full"]
    # Status asked before (1, 4) and after (1, 4) the job, on one connection.
    assert fake_printer.queries == [1, 4, 1, 4]
    assert fake_printer.connections == 1


@pytest.mark.expect_log("paper near end")
def test_status_ready_and_paper_low(fake_printer: FakeNetworkPrinter) -> None:
    printer = open_printer(fake_printer.uri())
    assert printer.status().state is PrinterState.READY
    fake_printer.status = fake_printer.PAPER_LOW
    status = printer.status()
    assert status.state is PrinterState.PAPER_LOW and status.can_print
    printer.print_ticket(sample_ticket())  # paper near end still prints
    assert b"A-005" in fake_printer.job_bytes


@pytest.mark.expect_log("not printed on .*out of paper")
def test_paper_out_refuses_and_prints_nothing(fake_printer: FakeNetworkPrinter) -> None:
    fake_printer.status = fake_printer.PAPER_OUT
    printer = open_printer(fake_printer.uri())

    with pytest.raises(PaperOut) as caught:
        printer.print_ticket(sample_ticket())

    assert "Kertas printer habis" in caught.value.message_id
    assert caught.value.details["when"] == "before"
    assert fake_printer.job_bytes == b""
    assert fake_printer.queries == [1, 4, 2]
    assert printer.status().state is PrinterState.PAPER_OUT


@pytest.mark.expect_log("not printed on .*cover is open")
def test_cover_open_refuses(fake_printer: FakeNetworkPrinter) -> None:
    fake_printer.status = fake_printer.COVER_OPEN
    printer = open_printer(fake_printer.uri())
    with pytest.raises(CoverOpen):
        printer.print_ticket(sample_ticket())
    assert fake_printer.job_bytes == b""
    assert printer.status().state is PrinterState.COVER_OPEN


@pytest.mark.expect_log("after printing, The printer is out of paper")
def test_paper_running_out_during_the_ticket_is_reported(fake_printer: FakeNetworkPrinter) -> None:
    fake_printer.status_after_cut = fake_printer.PAPER_OUT
    printer = open_printer(fake_printer.uri())
    with pytest.raises(PaperOut) as caught:
        printer.print_ticket(sample_ticket())
    assert caught.value.details["when"] == "after"
    assert "cetak ulang" in caught.value.message_id
    assert b"A-005" in fake_printer.job_bytes


@pytest.mark.expect_log("does not answer status queries")
def test_silent_printer_prints_without_status(fake_printer: FakeNetworkPrinter) -> None:
    fake_printer.silent = True
    printer = open_printer(fake_printer.uri("timeout=0.2"))
    status = printer.status()
    assert status.state is PrinterState.UNKNOWN and status.can_print
    assert status.detail.startswith("unknown")
    printer.print_ticket(sample_ticket())
    assert decode_escpos(fake_printer.wait_for_cut()).find("A-005")
    assert fake_printer.queries == [1]  # asked once (by status()), then remembered as silent


@pytest.mark.expect_log("Ticket A-\\d+ not printed on")
def test_closed_port_is_offline(closed_port: int) -> None:
    printer = open_printer(f"tcp://127.0.0.1:{closed_port}?timeout=1")
    status = printer.status()
    assert status.state is PrinterState.OFFLINE and not status.can_print
    with pytest.raises(PrinterOffline) as caught:
        printer.print_ticket(sample_ticket())
    assert "Printer tidak terhubung" in caught.value.message_id
    assert str(caught.value.details["uri"]).endswith("?timeout=1")


@pytest.mark.expect_log("Ticket A-\\d+ not printed on")
def test_printer_switched_off_and_on_again_prints_the_next_ticket(
    make_fake_printer: MakePrinter,
) -> None:
    first = make_fake_printer(0)
    port = first.port
    printer = open_printer(first.uri())
    printer.print_ticket(sample_ticket(display="A-001"))
    first.close()

    with pytest.raises(PrinterOffline):
        printer.print_ticket(sample_ticket(display="A-002"))

    again = make_fake_printer(port)
    printer.print_ticket(sample_ticket(display="A-003"))
    assert b"A-001" in first.job_bytes
    assert b"A-003" in again.job_bytes and b"A-002" not in again.job_bytes


def test_paper_width_and_profile_come_from_the_uri(fake_printer: FakeNetworkPrinter) -> None:
    printer = open_printer(fake_printer.uri("paper=58&profile=TM-T88V&timeout=0.5"))
    printer.print_ticket(sample_ticket())
    job = decode_escpos(fake_printer.job_bytes)
    assert job.find("A-005").style.width == 6
    assert job.find("-" * 32).text == "-" * 32
