"""Text a thermal code page lacks: paper and preview show the same characters."""

from __future__ import annotations

import pytest

from hardware.printer.decode import decode_escpos
from hardware.printer.layout import ticket_bytes
from hardware.printer.preview import preview_lines
from hardware.printer.sample import sample_ticket
from hardware.printer.text import REPLACEMENT, to_printable

NAMES = {
    "emoji": {
        "hall_name": "Polres Metro 🚓 Contoh",
        "hall_subtitle": "👨‍👩‍👧 Ramah keluarga 🇮🇩",
        "service_name": "SIM ✨ Baru",
        "footer_lines": ("Layanan GRATIS 👍🏽", "☎ Call Center 110"),
    },
    "accents": {
        "hall_name": "Polrés Métro Contoh",
        "hall_subtitle": "Pelayanan Terpadu – Café Ñusantara",
        "service_name": "Surat Keterangan Çatatan Kepolisian",
        "footer_lines": ("Jalan Jénderal Sudirman № 5", "Tiket ½ harga? Tidak: gratis."),
    },
    "typography": {
        "hall_name": "Polres “Contoh”",
        "hall_subtitle": "PTSP — Pelayanan ‘Satu’ Pintu…",
        "service_name": "Izin Keramaian • Acara",
        "footer_lines": ("Pengaduan: 110 − gratis", "Buka 08.00–14.00 WIB"),
    },
    "other scripts": {
        "hall_name": "Polres 東京",
        "service_name": "SKCK",
        "footer_lines": ("Simpan tiket ini.",),
    },
}


def paper_words(data: bytes) -> list[str]:
    """The words a printer would put on paper (rules of dashes left out)."""
    lines = [line.text for line in decode_escpos(data).lines]
    return " ".join(line for line in lines if line.strip("- ")).split()


@pytest.mark.parametrize("paper_mm", [80, 58])
@pytest.mark.parametrize(("case", "fields"), list(NAMES.items()), ids=list(NAMES))
def test_paper_and_preview_show_the_same_text(
    case: str, fields: dict[str, object], paper_mm: int
) -> None:
    ticket = sample_ticket(priority=True, reprint=True, **fields)
    on_paper = paper_words(ticket_bytes(ticket, paper_mm))
    in_preview = " ".join(preview_lines(ticket, paper_mm)).split()

    assert on_paper == in_preview
    assert all(word.isascii() and word.isprintable() for word in in_preview)
    if case == "other scripts":
        assert "Polres" in in_preview and REPLACEMENT * 2 in in_preview
    else:
        assert REPLACEMENT not in "".join(in_preview).replace("harga?", "")


def test_the_agreed_spelling() -> None:
    assert to_printable("Polres Metro 🚓 Contoh") == "Polres Metro Contoh"
    assert to_printable("🚓 PTSP 👍🏽") == "PTSP"
    assert to_printable("👨‍👩‍👧 Keluarga 🇮🇩") == "Keluarga"
    assert to_printable("Polrés Métro Ñusantara") == "Polres Metro Nusantara"
    assert to_printable("“Contoh” ‘satu’ – dua — tiga…") == "\"Contoh\" 'satu' - dua - tiga..."
    assert to_printable("½ ﬁle № 5") == "1/2 file No 5"
    assert to_printable("Polres 東京") == "Polres ??"
    assert to_printable("Senin, 23 November 2026  08:15") == "Senin, 23 November 2026  08:15"
    for text in ("Polres Metro 🚓 Contoh", "Café 東 — “x”", "± 5 menit…"):
        assert to_printable(to_printable(text)) == to_printable(text)


def test_the_sample_ticket_reads_the_same_on_paper_and_in_the_preview() -> None:
    ticket = sample_ticket()
    words = " ".join(preview_lines(ticket)).split()
    assert paper_words(ticket_bytes(ticket)) == words
    assert "+/-" in words  # "Perkiraan waktu tunggu: ± 12 menit" as a printer can print it
