"""ESC/POS ticket layout: a pure function of a ``PrintableTicket``.

The words come from ``ticket_text`` already in printable ASCII (the preview draws the same).
``render_ticket`` writes to any python-escpos printer object (a ``Dummy`` in tests and in
the adapters, which render first and then send the finished job in one write).
"""

from __future__ import annotations

import logging
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.ports import PrintableTicket
from hardware.printer.text import TicketText, ticket_text

log = logging.getLogger(__name__)

FONT_A_DOTS = 12  # width of one Font A character in dots (12x24)
PAPER_DOTS = {58: 384, 80: 576}  # printable width at 203 dpi
MAX_LOGO_HEIGHT = 160

# python-escpos ships no type information; its printer objects are typed as Any here.
Printer = Any


@dataclass(frozen=True, slots=True)
class PaperGeometry:
    paper_mm: int
    dots: int
    columns: int


def geometry(paper_mm: int, profile: Any | None = None) -> PaperGeometry:
    """Printable width for ``paper_mm`` paper, narrowed by the profile's own media width."""
    if paper_mm not in PAPER_DOTS:
        raise ValueError(f"paper_mm must be one of {sorted(PAPER_DOTS)}, not {paper_mm}")
    dots = PAPER_DOTS[paper_mm]
    profile_dots = _profile_pixels(profile)
    if profile_dots is not None:
        dots = min(dots, profile_dots)
    return PaperGeometry(paper_mm=paper_mm, dots=dots, columns=dots // FONT_A_DOTS)


def _profile_pixels(profile: Any | None) -> int | None:
    if profile is None:
        return None
    try:
        value = profile.profile_data["media"]["width"]["pixels"]
    except (KeyError, TypeError, AttributeError):
        return None
    return value if isinstance(value, int) and value > 0 else None


def number_scale(geo: PaperGeometry, display: str) -> int:
    """Largest character magnification (1-8) at which ``display`` fits on one line."""
    chars = max(len(display), 1)
    return max(1, min(8, geo.dots // (chars * FONT_A_DOTS)))


def qr_module_dots(geo: PaperGeometry) -> int:
    return 8 if geo.paper_mm >= 80 else 6


def render_ticket(printer: Printer, ticket: PrintableTicket, paper_mm: int = 80) -> None:
    """Write the whole ticket, ending with a paper cut, to ``printer``."""
    geo = geometry(paper_mm, getattr(printer, "profile", None))
    words = ticket_text(ticket)
    printer.hw("INIT")
    _header(printer, words, geo, ticket.logo_path)
    _number(printer, words, geo)
    _details(printer, words, geo)
    _qr(printer, words.qr_payload, geo)
    _footer(printer, words, geo)
    printer.set_with_default(align="center")
    printer.cut()


def ticket_bytes(ticket: PrintableTicket, paper_mm: int = 80, profile: str | None = None) -> bytes:
    """The complete ESC/POS job for ``ticket`` as bytes (rendered on a ``Dummy``)."""
    from escpos.printer import Dummy

    from hardware.printer import DEFAULT_PROFILE

    dummy = Dummy(profile=profile or DEFAULT_PROFILE)
    render_ticket(dummy, ticket, paper_mm)
    return bytes(dummy.output)


def wrap_text(text: str, width: int) -> list[str]:
    """Wrap to ``width`` columns; a too-long "label: value" line breaks after its colon."""
    width = max(width, 1)
    if len(text) > width and ": " in text:
        label, value = text.split(": ", 1)
        return textwrap.wrap(label + ":", width) + textwrap.wrap(value, width)
    return textwrap.wrap(text, width) or [""]


def _lines(printer: Printer, text: str, width: int) -> None:
    for line in wrap_text(text, width):
        printer.textln(line)


def _rule(printer: Printer, geo: PaperGeometry) -> None:
    printer.set_with_default(align="center")
    printer.textln("-" * geo.columns)


def _header(printer: Printer, words: TicketText, geo: PaperGeometry, logo: str | None) -> None:
    if logo:
        _logo(printer, Path(logo), geo)
    printer.set_with_default(align="center", bold=True, double_width=True, double_height=True)
    _lines(printer, words.hall_name, geo.columns // 2)
    if words.hall_subtitle:
        printer.set_with_default(align="center")
        _lines(printer, words.hall_subtitle, geo.columns)
    if words.hall_address:
        printer.set_with_default(align="center")
        _lines(printer, words.hall_address, geo.columns)
    _rule(printer, geo)


def _number(printer: Printer, words: TicketText, geo: PaperGeometry) -> None:
    printer.set_with_default(align="center", bold=True, double_height=True)
    _lines(printer, words.service_name, geo.columns)
    printer.set_with_default(align="center")
    printer.textln(words.number_caption)
    scale = number_scale(geo, words.display)
    printer.set_with_default(align="center", bold=True, smooth=True)
    printer.set(custom_size=True, width=scale, height=scale)
    printer.textln(words.display)
    if words.priority_label:
        printer.set_with_default(
            align="center", bold=True, invert=True, double_width=True, double_height=True
        )
        printer.textln(f" {words.priority_label} ")
    printer.set_with_default(align="center")
    printer.ln()


def _details(printer: Printer, words: TicketText, geo: PaperGeometry) -> None:
    printer.set_with_default(align="center")
    _lines(printer, words.date_line, geo.columns)
    _rule(printer, geo)
    printer.set_with_default(align="center", bold=True)
    _lines(printer, words.ahead_line, geo.columns)
    printer.set_with_default(align="center")
    _lines(printer, words.wait_line, geo.columns)


def _qr(printer: Printer, payload: str, geo: PaperGeometry) -> None:
    printer.set_with_default(align="center")
    size = qr_module_dots(geo)
    if printer.profile.supports("qrCode"):
        printer.qr(payload, size=size, native=True)
        printer.ln()
    else:
        # The printer cannot draw QR codes itself: send the code as a raster image.
        printer.qr(payload, size=size, native=False, center=True)


def _footer(printer: Printer, words: TicketText, geo: PaperGeometry) -> None:
    printer.set_with_default(align="center")
    for line in words.footer_lines:
        _lines(printer, line, geo.columns)
    if words.reprint_label:
        printer.ln()
        printer.set_with_default(align="center", bold=True, invert=True)
        printer.textln(f" {words.reprint_label} ")


def _logo(printer: Printer, path: Path, geo: PaperGeometry) -> None:
    """The logo centred across the paper, as large as fits ``geo.dots`` × ``MAX_LOGO_HEIGHT``,
    dithered to black and white. A logo that cannot be drawn is left out (logged once per
    file): the ticket matters more than its decoration."""
    try:
        canvas = logo_raster(path, geo.dots, MAX_LOGO_HEIGHT)
        printer.set_with_default(align="center")
        printer.image(canvas)
    except Exception as exc:  # any picture or driver failure: print the ticket without it
        _logo_failed(path, exc)


def logo_raster(path: Path, width: int, max_height: int) -> Any:
    """A 1-bit PIL image ``width`` dots wide with the picture at ``path`` centred on white,
    scaled (up or down) to fit ``width`` × ``max_height`` and dithered (Floyd–Steinberg)."""
    from PIL import Image

    with Image.open(path) as source:
        logo = source.convert("RGBA")
    scale = min(width / logo.width, max_height / logo.height)
    size = (max(1, round(logo.width * scale)), max(1, round(logo.height * scale)))
    logo = logo.resize(size, Image.Resampling.LANCZOS)
    canvas = Image.new("L", (width, logo.height), 255)
    canvas.paste(logo.convert("L"), ((width - logo.width) // 2, 0), logo)
    return canvas.convert("1", dither=Image.Dither.FLOYDSTEINBERG)


_FAILED_LOGOS: set[str] = set()


def _logo_failed(path: Path, exc: BaseException) -> None:
    key = str(path)
    if key in _FAILED_LOGOS:
        log.debug("ticket logo %s still cannot be printed: %s", path, exc)
        return
    _FAILED_LOGOS.add(key)
    log.warning("Ticket logo %s cannot be read, printing without it: %s", path, exc)
