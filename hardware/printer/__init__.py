"""Thermal ticket printers (ESC/POS) and a PNG preview printer.

python-escpos pickles its printer database at import time into the directory named by
``ESCPOS_CAPABILITIES_PICKLE_DIR``; a missing directory crashes the import. This package
points that variable at a real, writable cache directory *before* anything imports
``escpos``, so every module here (and every caller that imports this package first) can
import escpos safely.

Public names are loaded lazily so that ``hardware.printer.uri`` stays cheap to import.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

ESCPOS_PICKLE_ENV = "ESCPOS_CAPABILITIES_PICKLE_DIR"

#: escpos printer profile used when a printer URI names none. The Epson TM-T20II profile has
#: the 576-dot / 48-column geometry of the common 80 mm kiosk printers (TM-T82, TM-T20 series
#: and their many compatible clones) and supports native QR codes and full cut.
DEFAULT_PROFILE = "TM-T20II"


def _pickle_dir() -> Path:
    try:
        from platformdirs import user_cache_path

        base = user_cache_path("antrean", appauthor=False)
    except ImportError:  # platformdirs is a declared dependency; keep import-time safety
        base = Path(tempfile.gettempdir()) / "antrean"
    return base / "escpos"


def ensure_escpos_environment() -> Path:
    """Make sure escpos finds an existing writable pickle directory; return it."""
    configured = os.environ.get(ESCPOS_PICKLE_ENV)
    if configured:
        # An unusable configured directory falls back to our own cache directory below.
        with contextlib.suppress(OSError):
            Path(configured).mkdir(parents=True, exist_ok=True)
        if Path(configured).is_dir() and os.access(configured, os.W_OK):
            return Path(configured)
    target = _pickle_dir()
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError:
        target = Path(tempfile.mkdtemp(prefix="antrean-escpos-"))
    os.environ[ESCPOS_PICKLE_ENV] = str(target)
    return target


ensure_escpos_environment()

if TYPE_CHECKING:
    from hardware.printer.escpos_printer import EscposTicketPrinter
    from hardware.printer.factory import open_printer
    from hardware.printer.layout import render_ticket, ticket_bytes
    from hardware.printer.preview import PreviewTicketPrinter
    from hardware.printer.recording import RecordingPrinter
    from hardware.printer.uri import PrinterConfig, parse_printer_uri

_LAZY = {
    "EscposTicketPrinter": "hardware.printer.escpos_printer",
    "open_printer": "hardware.printer.factory",
    "render_ticket": "hardware.printer.layout",
    "ticket_bytes": "hardware.printer.layout",
    "PreviewTicketPrinter": "hardware.printer.preview",
    "RecordingPrinter": "hardware.printer.recording",
    "PrinterConfig": "hardware.printer.uri",
    "parse_printer_uri": "hardware.printer.uri",
}

__all__ = [
    "DEFAULT_PROFILE",
    "EscposTicketPrinter",
    "PreviewTicketPrinter",
    "PrinterConfig",
    "RecordingPrinter",
    "ensure_escpos_environment",
    "open_printer",
    "parse_printer_uri",
    "render_ticket",
    "ticket_bytes",
]


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)
