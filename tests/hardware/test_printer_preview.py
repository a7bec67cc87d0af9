"""The PNG preview printer: a picture of the paper ticket."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops

from app.domain.errors import PrinterError
from app.ports import PrinterState, TicketPrinter
from hardware.printer.factory import open_printer
from hardware.printer.preview import PreviewTicketPrinter, render_preview
from hardware.printer.sample import sample_ticket, write_sample_tickets


def _ink_rows(picture: Image.Image) -> list[int]:
    """Rows (y) with dark pixels, ignoring the 1 px edge."""
    grey = picture.convert("L").crop((2, 2, picture.width - 2, picture.height - 2))
    rows = []
    for y in range(grey.height):
        band = grey.crop((0, y, grey.width, y + 1))
        darkest, _ = band.getextrema()
        if isinstance(darkest, int | float) and darkest < 100:
            rows.append(y)
    return rows


@pytest.mark.parametrize(("paper_mm", "width"), [(80, 576), (58, 384)])
def test_preview_writes_a_ticket_sized_png(tmp_path: Path, paper_mm: int, width: int) -> None:
    printer = open_printer(f"preview://{tmp_path}?paper={paper_mm}")
    assert isinstance(printer, PreviewTicketPrinter) and isinstance(printer, TicketPrinter)
    assert printer.status().state is PrinterState.READY

    printer.print_ticket(sample_ticket())

    assert printer.last_path == tmp_path / "ticket-A-005.png"
    with Image.open(printer.last_path) as picture:
        assert picture.format == "PNG"
        assert picture.width == width
        assert 1.1 * width < picture.height < 2.4 * width  # a ticket, not a banner
        rows = _ink_rows(picture)
        assert len(rows) > picture.height // 3  # plenty printed, not blank
        assert rows[0] < picture.height // 10 and rows[-1] > picture.height * 9 // 10


def test_preview_to_a_named_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "last.png"
    printer = open_printer(f"preview://{target}")
    printer.print_ticket(sample_ticket(display="B-012"))
    assert isinstance(printer, PreviewTicketPrinter)
    assert printer.last_path == target and target.is_file()


def test_number_is_the_biggest_thing_and_markers_change_the_picture() -> None:
    plain = render_preview(sample_ticket())
    marked = render_preview(sample_ticket(priority=True, reprint=True))
    assert marked.height > plain.height
    top = marked.crop((0, 0, *plain.size)).convert("L")
    assert ImageChops.difference(plain.convert("L"), top).getbbox() is not None
    # The tallest unbroken run of inked rows is the number (at least 1/8 of the width).
    rows = _ink_rows(plain)
    runs, start = [], rows[0]
    for previous, row in zip(rows, rows[1:], strict=False):
        if row != previous + 1:
            runs.append(previous - start + 1)
            start = row
    assert max(runs) > plain.width // 8


def test_preview_that_cannot_be_saved_is_a_printer_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    printer = PreviewTicketPrinter(blocker / "sub")
    assert printer.status().state is PrinterState.OFFLINE
    with pytest.raises(PrinterError, match="cannot be saved"):
        printer.print_ticket(sample_ticket())
    assert printer.last_path is None


def test_sample_tickets_for_the_documentation(tmp_path: Path) -> None:
    paths = write_sample_tickets(tmp_path)
    assert [path.name for path in paths] == ["ticket-80mm.png", "ticket-58mm.png"]
    with Image.open(paths[0]) as wide, Image.open(paths[1]) as narrow:
        assert (wide.width, narrow.width) == (576, 384)
