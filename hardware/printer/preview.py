"""A picture of the paper ticket: the printer for the demo and for halls without one.

``render_preview`` draws the same content and hierarchy as the ESC/POS layout on a white
strip as wide as the printable width of 58/80 mm paper at 203 dpi (384/576 px), with the
real QR code and a dashed cut line. ``PreviewTicketPrinter`` writes it to a PNG file.
"""

from __future__ import annotations

import functools
import logging
import threading
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from app.domain.errors import PrinterError
from app.i18n import N_
from app.ports import PrintableTicket, PrinterState, PrinterStatus
from hardware.printer.layout import MAX_LOGO_HEIGHT, geometry, logo_raster
from hardware.printer.text import TicketText, ticket_text

log = logging.getLogger(__name__)

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
INK = (20, 20, 20)
SOFT_INK = (70, 70, 70)
PAPER = (255, 255, 255)
EDGE = (214, 214, 214)

_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("C:/Windows/Fonts"),
    Path("/Library/Fonts"),
    Path("/System/Library/Fonts/Supplemental"),
)
_FONT_FILES = {
    "regular": ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "arial.ttf", "Arial.ttf"),
    "bold": ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "arialbd.ttf", "Arial Bold.ttf"),
    "number": (
        "DejaVuSansCondensed-Bold.ttf",
        "LiberationSansNarrow-Bold.ttf",
        "DejaVuSans-Bold.ttf",
        "arialnb.ttf",
        "arialbd.ttf",
        "Arial Bold.ttf",
    ),
}


def find_font_file(weight: str) -> Path | None:
    """First installed font file for ``weight`` ("regular", "bold" or "number")."""
    for directory in _FONT_DIRS:
        for name in _FONT_FILES[weight]:
            candidate = directory / name
            if candidate.is_file():
                return candidate
    return None


@functools.lru_cache(maxsize=64)
def load_font(weight: str, size: int) -> Font:
    path = find_font_file(weight)
    if path is not None:
        try:
            return ImageFont.truetype(str(path), size)
        except OSError as exc:
            log.debug("Font %s unusable: %s", path, exc)
    return ImageFont.load_default(size=size)


class _Canvas:
    """Draws centred blocks top to bottom on a tall strip, cropped at the end."""

    def __init__(self, width: int, scale: float) -> None:
        self.width = width
        self.scale = scale
        self.margin = round(18 * scale)
        self.image = Image.new("RGB", (width, round(4000 * scale)), PAPER)
        self.draw = ImageDraw.Draw(self.image)
        self.y = round(30 * scale)
        self.drawn: list[str] = []  # every line of text, in drawing order

    def px(self, value: float) -> int:
        return max(1, round(value * self.scale))

    def font(self, weight: str, size: float) -> Font:
        # Thermal text keeps its dot size on narrow paper; only spacing shrinks fully.
        return load_font(weight, max(8, round(size * (1 + self.scale) / 2)))

    def gap(self, value: float) -> None:
        self.y += self.px(value)

    def bbox(self, text: str, font: Font) -> tuple[int, int, int, int]:
        left, top, right, bottom = self.draw.textbbox((0, 0), text, font=font)
        return round(left), round(top), round(right), round(bottom)

    def text(self, text: str, font: Font, fill: tuple[int, int, int] = INK) -> None:
        for line in self.wrap(text, font, self.width - 2 * self.margin):
            self.drawn.append(line)
            left, top, right, bottom = self.bbox(line, font)
            x = (self.width - (right - left)) // 2 - left
            self.draw.text((x, self.y - top), line, font=font, fill=fill)
            self.y += (bottom - top) + self.px(7)

    def wrap(self, text: str, font: Font, max_width: int) -> list[str]:
        lines: list[str] = []
        current = ""
        for word in text.split():
            trial = f"{current} {word}".strip()
            if current and self.draw.textlength(trial, font=font) > max_width:
                lines.append(current)
                current = word
            else:
                current = trial
        return lines + [current] if current else lines or [""]

    def badge(self, text: str, font: Font) -> None:
        """White text on a black bar, like the printer's inverted mode."""
        self.drawn.append(text)
        left, top, right, bottom = self.bbox(text, font)
        pad_x, pad_y = self.px(18), self.px(8)
        box_w, box_h = right - left + 2 * pad_x, bottom - top + 2 * pad_y
        x0 = (self.width - box_w) // 2
        self.draw.rounded_rectangle(
            (x0, self.y, x0 + box_w, self.y + box_h), radius=self.px(6), fill=INK
        )
        self.draw.text((x0 + pad_x - left, self.y + pad_y - top), text, font=font, fill=PAPER)
        self.y += box_h + self.px(10)

    def rule(self, dashed: bool = False, start: int | None = None) -> None:
        self.gap(6)
        x0, x1 = start or self.margin, self.width - self.margin
        if dashed:
            for x in range(x0, x1, self.px(12)):
                self.draw.line((x, self.y, min(x + self.px(6), x1), self.y), fill=SOFT_INK)
        else:
            self.draw.line((x0, self.y, x1, self.y), fill=INK, width=self.px(2))
        self.gap(14)

    def paste(self, picture: Image.Image) -> None:
        self.image.paste(picture, ((self.width - picture.width) // 2, self.y))
        self.y += picture.height

    def number(self, display: str) -> None:
        """The queue number as large as fits the strip (at most ~190 px tall on 80 mm)."""
        size = self.px(190)
        font = load_font("number", size)
        limit = round(self.width * 0.86)
        self.gap(12)
        while size > 12 and self.draw.textlength(display, font=font) > limit:
            size -= 4
            font = load_font("number", size)
        self.text(display, font)
        self.gap(6)

    def finish(self) -> Image.Image:
        """Cut line, crop, and a faint edge so the white strip shows on white screens."""
        self.gap(24)
        scissors = self.font("regular", 26)
        left, top, right, bottom = self.bbox("\u2702", scissors)
        line_y = self.y + self.px(6)
        self.draw.text(
            (self.margin - left, line_y - (top + bottom) // 2),
            "\u2702",
            font=scissors,
            fill=SOFT_INK,
        )
        self.rule(dashed=True, start=self.margin + (right - left) + self.px(8))
        strip = self.image.crop((0, 0, self.width, self.y))
        ImageDraw.Draw(strip).rectangle((0, 0, self.width - 1, self.y - 1), outline=EDGE)
        return strip


def qr_image(payload: str, target_px: int) -> Image.Image:
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(payload)
    code.make(fit=True)
    modules = code.modules_count + 2 * code.border
    code.box_size = max(1, target_px // modules)
    picture: Image.Image = code.make_image(fill_color="black", back_color="white").get_image()
    return picture.convert("RGB")


def _logo(path: str, canvas: _Canvas) -> None:
    """The logo as the thermal printer prints it: as wide as fits, dithered black on white."""
    try:
        picture = logo_raster(Path(path), canvas.width, canvas.px(MAX_LOGO_HEIGHT))
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        if path not in _FAILED_LOGOS:
            _FAILED_LOGOS.add(path)
            log.warning("Ticket logo %s cannot be read, drawing without it: %s", path, exc)
        return
    canvas.paste(picture.convert("RGB"))
    canvas.gap(12)


_FAILED_LOGOS: set[str] = set()


def render_preview(ticket: PrintableTicket, paper_mm: int = 80) -> Image.Image:
    """The ticket as it would come out of a ``paper_mm`` thermal printer."""
    return _draw(ticket, paper_mm).finish()


def preview_lines(ticket: PrintableTicket, paper_mm: int = 80) -> list[str]:
    """The text lines ``render_preview`` draws, top to bottom (wrapped to the strip)."""
    return _draw(ticket, paper_mm).drawn


def _draw(ticket: PrintableTicket, paper_mm: int) -> _Canvas:
    geo = geometry(paper_mm)
    canvas = _Canvas(geo.dots, geo.dots / 576)
    words = ticket_text(ticket)
    if ticket.logo_path:
        _logo(ticket.logo_path, canvas)
    _draw_header(canvas, words)
    _draw_number(canvas, words)
    _draw_details(canvas, words)
    _draw_footer(canvas, words)
    return canvas


def _draw_header(canvas: _Canvas, words: TicketText) -> None:
    canvas.text(words.hall_name, canvas.font("bold", 34))
    if words.hall_subtitle:
        canvas.text(words.hall_subtitle, canvas.font("regular", 19), SOFT_INK)
    if words.hall_address:
        canvas.text(words.hall_address, canvas.font("regular", 17), SOFT_INK)
    canvas.rule()


def _draw_number(canvas: _Canvas, words: TicketText) -> None:
    canvas.text(words.service_name, canvas.font("bold", 30))
    canvas.gap(4)
    canvas.text(words.number_caption, canvas.font("regular", 19), SOFT_INK)
    canvas.number(words.display)
    if words.priority_label:
        canvas.badge(words.priority_label, canvas.font("bold", 30))
    canvas.gap(6)


def _draw_details(canvas: _Canvas, words: TicketText) -> None:
    canvas.text(words.date_line, canvas.font("regular", 20))
    canvas.rule()
    canvas.text(words.ahead_line, canvas.font("bold", 22))
    canvas.text(words.wait_line, canvas.font("regular", 21))
    canvas.gap(12)
    canvas.paste(qr_image(words.qr_payload, canvas.px(230)))
    canvas.gap(10)


def _draw_footer(canvas: _Canvas, words: TicketText) -> None:
    font = canvas.font("regular", 19)
    for line in words.footer_lines:
        canvas.text(line, font)
    if words.reprint_label:
        canvas.gap(8)
        canvas.badge(words.reprint_label, canvas.font("bold", 22))


def preview_file(target: Path, display: str) -> Path:
    """``target`` itself, or ``<target>/ticket-<display>.png`` when it is a directory."""
    if target.is_dir() or target.suffix.lower() != ".png":
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in display)
        return target / f"ticket-{safe}.png"
    return target


class PreviewTicketPrinter:
    """Writes each ticket as a PNG picture instead of printing it."""

    def __init__(self, target: Path, paper_mm: int = 80) -> None:
        geometry(paper_mm)  # validates the width
        self.target = target
        self.paper_mm = paper_mm
        self.last_path: Path | None = None
        self._lock = threading.Lock()

    def status(self) -> PrinterStatus:
        folder = self.target if self.target.suffix.lower() != ".png" else self.target.parent
        existing = next((p for p in (folder, *folder.parents) if p.exists()), folder)
        if existing.exists() and not existing.is_dir():
            return PrinterStatus(PrinterState.OFFLINE, f"{existing} is not a directory")
        return PrinterStatus(PrinterState.READY, f"preview to {self.target}")

    def print_ticket(self, ticket: PrintableTicket) -> None:
        picture = render_preview(ticket, self.paper_mm)
        path = preview_file(self.target, ticket.display)
        with self._lock:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                picture.save(path, format="PNG", optimize=True)
            except OSError as exc:
                raise PrinterError(
                    N_("Gambar tiket tidak dapat disimpan di {path_text}."),
                    path_text=path,
                    path=str(path),
                    cause=str(exc),
                ) from exc
            self.last_path = path
        log.info("Ticket %s previewed at %s", ticket.display, path)
