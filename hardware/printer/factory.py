"""``open_printer``: a ``TicketPrinter`` from a printer URI (see ``hardware.printer.uri``)."""

from __future__ import annotations

from pathlib import Path

from app.ports import TicketPrinter
from hardware.printer.uri import PrinterConfig, PrinterKind, parse_printer_uri


def default_preview_directory() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("antrean", appauthor=False) / "tickets"


def printer_from_config(
    config: PrinterConfig, *, default_preview_dir: Path | None = None
) -> TicketPrinter:
    if config.kind is PrinterKind.PREVIEW:
        from hardware.printer.preview import PreviewTicketPrinter

        target = config.preview_path or default_preview_dir or default_preview_directory()
        return PreviewTicketPrinter(target, config.paper_mm)
    if config.kind is PrinterKind.DUMMY:
        from hardware.printer.recording import RecordingPrinter

        return RecordingPrinter(config.paper_mm, config.profile)
    from hardware.printer.escpos_printer import EscposTicketPrinter

    return EscposTicketPrinter(config)


def open_printer(uri: str, *, default_preview_dir: Path | None = None) -> TicketPrinter:
    """Parse ``uri`` and build its printer; a bad URI raises ``ConfigError``.

    Nothing is opened here: ESC/POS connections are opened for each ticket.
    """
    return printer_from_config(parse_printer_uri(uri), default_preview_dir=default_preview_dir)
