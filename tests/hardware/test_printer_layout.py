"""The ESC/POS bytes of a ticket, read back the way a printer reads them."""

from __future__ import annotations

import datetime as dt

import pytest
from PIL import Image

from app.ports import PrintableTicket
from hardware.printer.decode import DecodedJob, decode_escpos
from hardware.printer.layout import geometry, render_ticket, ticket_bytes, wrap_text
from hardware.printer.sample import sample_ticket
from hardware.printer.text import format_date_time, to_printable


def decoded(ticket: PrintableTicket, paper_mm: int, profile: str | None = None) -> DecodedJob:
    return decode_escpos(ticket_bytes(ticket, paper_mm, profile))


@pytest.mark.parametrize(("paper_mm", "columns", "scale"), [(80, 48, 8), (58, 32, 6)])
def test_ticket_carries_number_service_qr_and_cut(paper_mm: int, columns: int, scale: int) -> None:
    job = decoded(sample_ticket(), paper_mm)

    number = job.find("A-005")
    assert number.text == "A-005"
    assert (number.style.width, number.style.height) == (scale, scale)
    assert (scale, scale) in job.size_commands
    assert number.style.align == "center" and number.style.bold
    # At that size the number fits the paper on one line: 5 chars x 12 dots x scale.
    assert 5 * 12 * scale <= geometry(paper_mm).dots
    assert job.find("SIM").style.bold
    hall = job.find("Polres Metro")
    assert hall.style.bold and (hall.style.width, hall.style.height) == (2, 2)
    assert job.qr_codes == ["ANTREAN:1205:A-005"]
    assert job.cuts == ["full"]
    assert job.inits == 1
    assert all(len(line.text) * line.style.width <= columns for line in job.lines)


def test_ticket_details_in_indonesian() -> None:
    texts = decoded(sample_ticket(), 80).texts
    assert "Senin, 23 November 2026  08:15" in texts
    assert "Antrean di depan Anda: 4 orang" in texts
    assert "Perkiraan waktu tunggu: +/- 12 menit" in texts
    assert "Layanan ini GRATIS, tanpa pungutan." in texts
    assert not any("PRIORITAS" in text or "CETAK ULANG" in text for text in texts)


def test_narrow_paper_breaks_long_lines_after_the_label() -> None:
    texts = decoded(sample_ticket(), 58).texts
    assert texts[texts.index("Perkiraan waktu tunggu:") + 1] == "+/- 12 menit"


def test_priority_and_reprint_markers_are_inverted_banners() -> None:
    job = decoded(sample_ticket(priority=True, reprint=True), 80)
    priority = job.find("PRIORITAS")
    assert priority.style.invert and priority.style.bold
    reprint = job.find("CETAK ULANG")
    assert reprint.style.invert
    # The reprint banner comes after the number, the priority banner right below it.
    texts = job.texts
    assert texts.index(priority.text) == texts.index("A-005") + 1
    assert texts.index(reprint.text) > texts.index("A-005")


def test_english_ticket_and_unknown_estimate() -> None:
    ticket = sample_ticket(lang="en", estimate_minutes=None, people_ahead=0, priority=True)
    texts = decoded(ticket, 80).texts
    assert "Monday, 23 November 2026  08:15" in texts
    assert "No one is ahead of you" in texts
    assert "Estimated wait: no counter open yet" in texts
    assert any("PRIORITY" in text for text in texts)


def test_unknown_estimate_in_indonesian() -> None:
    texts = decoded(sample_ticket(estimate_minutes=None), 80).texts
    assert "Perkiraan waktu tunggu: belum ada loket buka" in texts


def test_custom_qr_payload_and_long_number_shrinks() -> None:
    job = decoded(sample_ticket(qr_payload="https://contoh.id/t/9", display="SK-1234"), 80)
    assert job.qr_codes == ["https://contoh.id/t/9"]
    number = job.find("SK-1234")
    assert number.style.width == 576 // (7 * 12)


def test_non_ascii_text_is_made_printable() -> None:
    ticket = sample_ticket(hall_name="Polrés “Kota” – Ñusa", service_name="SIM Baru — Roda 2")
    job = decoded(ticket, 80)
    assert any('Polres "Kota" - Nusa' in text for text in job.texts)
    assert "SIM Baru - Roda 2" in job.texts
    data = ticket_bytes(ticket, 80)
    assert all(byte < 0x80 for byte in data.split(b"\x1d(k")[0])  # the text part is ASCII


def test_printer_without_native_qr_gets_a_raster_image() -> None:
    job = decoded(sample_ticket(), 58, profile="POS-5890")
    assert job.qr_codes == []
    assert len(job.images) == 1
    assert job.images[0].width_dots <= 384
    assert job.find("A-005").style.width == 6


def test_logo_is_printed_as_a_centred_image(tmp_path) -> None:  # type: ignore[no-untyped-def]
    logo = tmp_path / "logo.png"
    Image.new("RGB", (400, 400), "black").save(logo)
    job = decoded(sample_ticket(logo_path=str(logo)), 58)
    assert [(image.width_dots, image.height_dots) for image in job.images] == [(384, 160)]


@pytest.mark.expect_log("cannot be read, printing without it")
def test_unreadable_logo_prints_the_ticket_without_it(tmp_path, caplog) -> None:  # type: ignore[no-untyped-def]
    job = decoded(sample_ticket(logo_path=str(tmp_path / "missing.png")), 80)
    assert job.images == []
    assert job.find("A-005")
    assert "cannot be read" in caplog.text


def test_render_ticket_writes_to_any_escpos_printer() -> None:
    from escpos.printer import Dummy

    dummy = Dummy(profile="TM-T88V")  # 512 dots: the number is still as big as fits
    render_ticket(dummy, sample_ticket(), 80)
    job = decode_escpos(dummy.output)
    assert job.find("A-005").style.width == 512 // (5 * 12)
    assert job.find("-" * (512 // 12))


def test_date_formats() -> None:
    when = dt.datetime(2026, 8, 16, 23, 5)
    assert format_date_time(when) == "Minggu, 16 Agustus 2026  23:05"
    assert format_date_time(when, "en") == "Sunday, 16 August 2026  23:05"
    assert format_date_time(dt.datetime(2027, 1, 1, 7, 0)) == "Jumat, 1 Januari 2027  07:00"


def test_printable_text_and_wrapping() -> None:
    assert to_printable("± 5 menit…\x07") == "+/- 5 menit..."
    assert to_printable("Café 東") == "Cafe ?"
    assert wrap_text("Antrean di depan Anda: 14 orang", 20) == [
        "Antrean di depan",
        "Anda:",
        "14 orang",
    ]
    assert wrap_text("", 10) == [""]


def test_decoder_reads_handmade_commands() -> None:
    data = (
        b"\x1b@\x1ba\x01\x1bE\x01Hi\n" + b"\x1d!\x77A-1\n" + b"\x1d(k\x07\x001P0abcd" + b"\x1dV\x01"
    )
    job = decode_escpos(data)
    assert job.texts == ["Hi", "A-1"]
    assert job.lines[0].style.align == "center" and job.lines[0].style.bold
    assert (job.lines[1].style.width, job.lines[1].style.height) == (8, 8)
    assert job.qr_codes == ["abcd"]
    assert job.cuts == ["partial"]
    with pytest.raises(ValueError, match="unknown command"):
        decode_escpos(b"\x1b\x99")
