"""A sample ticket, rendered as 80 mm and 58 mm previews for the documentation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.ports import PrintableTicket
from hardware.printer.preview import render_preview


def sample_ticket(**changes: object) -> PrintableTicket:
    """The documentation's example: SIM ticket A-005 at Polres Metro Contoh."""
    fields: dict[str, object] = {
        "ticket_id": 1205,
        "display": "A-005",
        "service_code": "A",
        "service_name": "SIM",
        "priority": False,
        "issued_at_local": dt.datetime(2026, 11, 23, 8, 15),
        "people_ahead": 4,
        "estimate_minutes": 12,
        "hall_name": "Polres Metro Contoh",
        "hall_subtitle": "Pelayanan Terpadu Satu Pintu (PTSP)",
        "footer_lines": (
            "Layanan ini GRATIS, tanpa pungutan.",
            "Pengaduan: Call Center 110",
            "Simpan tiket ini sampai nomor Anda dipanggil.",
        ),
    }
    fields.update(changes)
    return PrintableTicket(**fields)  # type: ignore[arg-type]


def write_sample_tickets(out_dir: Path) -> list[Path]:
    """Write ``ticket-80mm.png`` and ``ticket-58mm.png`` into ``out_dir``; return the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    ticket = sample_ticket()
    paths = []
    for paper_mm in (80, 58):
        path = out_dir / f"ticket-{paper_mm}mm.png"
        render_preview(ticket, paper_mm).save(path, format="PNG", optimize=True)
        paths.append(path)
    return paths


if __name__ == "__main__":
    import sys

    for written in write_sample_tickets(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(written)
