"""The hall's logo (from its database) is printed at the top of every ticket."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from escpos.printer import Dummy
from PIL import Image

from app.bootstrap import Core, build_printer
from app.services.tickets import TicketDesk
from hardware.printer.decode import decode_escpos
from hardware.printer.layout import logo_raster, render_ticket
from hardware.printer.logo import CheckingLogoPrinter, LogoPrinter, with_hall_logo
from hardware.printer.recording import RecordingPrinter
from hardware.printer.sample import sample_ticket
from tests.support.actors import ADMIN

RASTER = b"\x1dv0"  # GS v 0: a raster bit image


def png(size: tuple[int, int] = (300, 100), color: str = "navy") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_hall_logo_set_in_the_database_is_on_the_kiosk_ticket(core: Core) -> None:
    core.hall.set_logo(png(), actor=ADMIN)
    printer = build_printer(core.settings, "dummy:", logo=core.hall.logo_for_print)
    desk = TicketDesk(core.queue, core.hall, printer)
    result = desk.issue("A")
    assert result.printed
    recording = printer.inner  # type: ignore[attr-defined]
    assert isinstance(recording, RecordingPrinter)
    data = recording.last_bytes
    assert RASTER in data
    job = decode_escpos(data)
    assert [(i.width_dots, i.height_dots) for i in job.images] == [(576, 160)]
    assert data.index(RASTER) < data.index(b"A-001")  # at the top, above the number


def test_without_a_logo_the_ticket_has_no_image(core: Core) -> None:
    printer = build_printer(core.settings, "dummy:", logo=core.hall.logo_for_print)
    TicketDesk(core.queue, core.hall, printer).issue("A")
    assert RASTER not in printer.inner.last_bytes  # type: ignore[attr-defined]


def test_the_logo_is_scaled_to_the_paper_and_dithered(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    gradient = Image.linear_gradient("L").resize((40, 20))  # small and grey: scaled up
    gradient.save(path)
    image = logo_raster(path, 384, 160)
    assert image.mode == "1" and image.size == (384, 160)
    grey_band = image.crop((32, 60, 352, 100))
    colours = {v: n for n, v in grey_band.getcolors() or []}
    assert colours.get(0, 0) > 1000 and colours.get(255, 0) > 1000  # dithered, not a threshold


def test_a_wide_logo_takes_the_paper_width() -> None:
    dummy = Dummy(profile="TM-T20II")
    printer = LogoPrinter(RecordingPrinter(), lambda: png((1200, 100)))
    render_ticket(dummy, printer.with_logo(sample_ticket()), 80)
    job = decode_escpos(dummy.output)
    assert [(i.width_dots, i.height_dots) for i in job.images] == [(576, 48)]


@pytest.mark.expect_log("hall logo unavailable, tickets print without it")
def test_a_logo_that_cannot_be_had_never_stops_a_ticket() -> None:
    calls = 0

    def broken() -> bytes:
        nonlocal calls
        calls += 1
        raise OSError("database away")

    inner = RecordingPrinter()
    printer = LogoPrinter(inner, broken, refresh_s=0)
    printer.print_ticket(sample_ticket())
    printer.print_ticket(sample_ticket())
    assert len(inner.jobs) == 2 and calls == 2
    assert RASTER not in inner.last_bytes


@pytest.mark.expect_log("Ticket logo .* cannot be read, printing without it")
def test_a_logo_that_cannot_be_drawn_is_logged_once_and_left_out(
    caplog: pytest.LogCaptureFixture,
) -> None:
    inner = RecordingPrinter()
    printer = LogoPrinter(inner, lambda: b"\x89PNG\r\n\x1a\nnot really", refresh_s=3600)
    for _ in range(3):
        printer.print_ticket(sample_ticket())
    assert len(inner.jobs) == 3
    assert RASTER not in inner.last_bytes
    assert caplog.text.count("cannot be read") == 1


def test_the_logo_is_read_again_only_after_a_while() -> None:
    reads = 0

    def source() -> bytes:
        nonlocal reads
        reads += 1
        return png()

    printer = LogoPrinter(RecordingPrinter(), source, refresh_s=3600)
    for _ in range(5):
        printer.print_ticket(sample_ticket())
    assert reads == 1


def test_a_printer_that_checks_after_the_job_keeps_its_check() -> None:
    class Checking(RecordingPrinter):
        def print_ticket_then_check(self, ticket):  # type: ignore[no-untyped-def]
            from concurrent.futures import Future

            self.print_ticket(ticket)
            done: Future[None] = Future()
            done.set_result(None)
            return done

    inner = Checking()
    printer = with_hall_logo(inner, png)
    assert isinstance(printer, CheckingLogoPrinter)
    printer.print_ticket_then_check(sample_ticket()).result()
    assert RASTER in inner.last_bytes
    assert not isinstance(with_hall_logo(RecordingPrinter(), png), CheckingLogoPrinter)
