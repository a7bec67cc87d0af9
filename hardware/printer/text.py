"""The words on a ticket, shared by the ESC/POS layout and the PNG preview.

Both renderers draw the same ``TicketText`` so the paper and the preview never disagree.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from app.domain.calendar_names import DAYS_EN, DAYS_ID, MONTHS_EN, MONTHS_ID
from app.ports import PrintableTicket

_WORDS: dict[str, dict[str, str]] = {
    "id": {
        "number_caption": "Nomor antrean Anda",
        "priority": "PRIORITAS",
        "reprint": "CETAK ULANG",
        "ahead": "Antrean di depan Anda: {n} orang",
        "ahead_none": "Tidak ada antrean di depan Anda",
        "wait": "Perkiraan waktu tunggu: \u00b1 {n} menit",
        "wait_soon": "Perkiraan waktu tunggu: kurang dari 1 menit",
        "wait_unknown": "Perkiraan waktu tunggu: belum dapat diperkirakan",
    },
    "en": {
        "number_caption": "Your queue number",
        "priority": "PRIORITY",
        "reprint": "REPRINT",
        "ahead": "People ahead of you: {n}",
        "ahead_none": "No one is ahead of you",
        "wait": "Estimated wait: \u00b1 {n} min",
        "wait_soon": "Estimated wait: under 1 minute",
        "wait_unknown": "Estimated wait: not yet known",
    },
}

# Characters a thermal codepage may lack, spelled in plain ASCII.
_ASCII_REPLACEMENTS = {
    "\u00b1": "+/-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2026": "...",
    "\u2022": "*",
    "\u00b7": "-",
    "\u00a0": " ",
    "\u00d7": "x",
    "\u00b0": " ",
}


@dataclass(frozen=True, slots=True)
class TicketText:
    hall_name: str
    hall_subtitle: str
    service_name: str
    number_caption: str
    display: str
    priority_label: str  # empty when not a priority ticket
    date_line: str
    ahead_line: str
    wait_line: str
    qr_payload: str
    footer_lines: tuple[str, ...]
    reprint_label: str  # empty when not a reprint


def _words(lang: str) -> dict[str, str]:
    return _WORDS["en"] if lang == "en" else _WORDS["id"]


def format_date_time(when: dt.datetime, lang: str = "id") -> str:
    """``Senin, 23 November 2026  08:15`` (or the English names when ``lang == "en"``)."""
    days, months = (DAYS_EN, MONTHS_EN) if lang == "en" else (DAYS_ID, MONTHS_ID)
    day = days[when.weekday()]
    month = months[when.month - 1]
    return f"{day}, {when.day} {month} {when.year}  {when:%H:%M}"


def ahead_text(people_ahead: int, lang: str = "id") -> str:
    words = _words(lang)
    if people_ahead <= 0:
        return words["ahead_none"]
    return words["ahead"].format(n=people_ahead)


def wait_text(estimate_minutes: int | None, lang: str = "id") -> str:
    words = _words(lang)
    if estimate_minutes is None:
        return words["wait_unknown"]
    if estimate_minutes < 1:
        return words["wait_soon"]
    return words["wait"].format(n=estimate_minutes)


def default_qr_payload(ticket: PrintableTicket) -> str:
    return ticket.qr_payload or f"ANTREAN:{ticket.ticket_id}:{ticket.display}"


def ticket_text(ticket: PrintableTicket) -> TicketText:
    words = _words(ticket.lang)
    return TicketText(
        hall_name=ticket.hall_name.strip(),
        hall_subtitle=ticket.hall_subtitle.strip(),
        service_name=ticket.service_name.strip(),
        number_caption=words["number_caption"],
        display=ticket.display.strip(),
        priority_label=words["priority"] if ticket.priority else "",
        date_line=format_date_time(ticket.issued_at_local, ticket.lang),
        ahead_line=ahead_text(ticket.people_ahead, ticket.lang),
        wait_line=wait_text(ticket.estimate_minutes, ticket.lang),
        qr_payload=default_qr_payload(ticket),
        footer_lines=tuple(line.strip() for line in ticket.footer_lines if line.strip()),
        reprint_label=words["reprint"] if ticket.reprint else "",
    )


def to_printable(text: str) -> str:
    """Plain printable ASCII: every thermal printer's codepages contain it.

    Accents are dropped (``é`` -> ``e``), common punctuation is spelled out, anything
    else becomes ``?``; control characters are removed.
    """
    out: list[str] = []
    for char in text:
        if " " <= char <= "~":
            out.append(char)
        elif char in _ASCII_REPLACEMENTS:
            out.append(_ASCII_REPLACEMENTS[char])
        elif char in "\t":
            out.append(" ")
        elif unicodedata.category(char).startswith("C"):
            continue
        else:
            base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            out.append(base if base else "?")
    return "".join(out)
