"""The words on a ticket, shared by the ESC/POS layout and the PNG preview.

Both renderers draw the same ``TicketText`` so the paper and the preview never disagree.
Its text is already what a thermal printer can print (``to_printable``): a hall name with
an emoji or curly quotes reads the same on paper and in the preview.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from app.domain.calendar_names import long_date
from app.domain.wording import ahead_text, wait_text
from app.i18n import N_, gettext
from app.ports import PrintableTicket

_WORDS: dict[str, str] = {
    "number_caption": N_("Nomor antrean Anda"),
    "priority": N_("PRIORITAS"),
    "reprint": N_("CETAK ULANG"),
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
    "\u2044": "/",  # fraction slash, from NFKD of "½"
    "\u2212": "-",  # minus sign
    "\u20ac": "EUR",
}

#: What stands in for a character that has no printable spelling (a letter of another script).
REPLACEMENT = "?"
_DROPPED = "\x00"  # marks a dropped pictograph until the spaces around it are tidied
_DROPPED_RUN = re.compile(r"(\s*)\x00[\x00\s]*")


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
    hall_address: str = ""  # empty: no address line


def _words(lang: str) -> dict[str, str]:
    return {key: gettext(text, lang) for key, text in _WORDS.items()}


def format_date_time(when: dt.datetime, lang: str = "id") -> str:
    """``Senin, 23 November 2026  08:15`` (or the English names when ``lang == "en"``)."""
    return f"{long_date(when, lang)}  {when:%H:%M}"


def default_qr_payload(ticket: PrintableTicket) -> str:
    return ticket.qr_payload or f"ANTREAN:{ticket.ticket_id}:{ticket.display}"


def ticket_text(ticket: PrintableTicket) -> TicketText:
    """Every line of ``ticket`` as it is printed (``to_printable``); empty lines are left out.

    The QR payload is kept as it is: both renderers encode it as UTF-8 in the code itself.
    """
    words = _words(ticket.lang)

    def clean(text: str) -> str:
        return to_printable(text).strip()

    footer = (clean(line) for line in ticket.footer_lines)
    return TicketText(
        hall_name=clean(ticket.hall_name),
        hall_subtitle=clean(ticket.hall_subtitle),
        hall_address=clean(ticket.hall_address),
        service_name=clean(ticket.service_name),
        number_caption=clean(words["number_caption"]),
        display=clean(ticket.display),
        priority_label=clean(words["priority"]) if ticket.priority else "",
        date_line=clean(format_date_time(ticket.issued_at_local, ticket.lang)),
        ahead_line=clean(ahead_text(ticket.people_ahead, ticket.lang)),
        wait_line=clean(wait_text(ticket.estimate_minutes, ticket.lang)),
        qr_payload=default_qr_payload(ticket),
        footer_lines=tuple(line for line in footer if line),
        reprint_label=clean(words["reprint"]) if ticket.reprint else "",
    )


def to_printable(text: str) -> str:
    """``text`` in plain printable ASCII, which every thermal printer's code pages contain.

    The one sanitiser of ticket text: ``ticket_text`` applies it to every line, so the
    paper and the preview show the same characters. After Unicode NFKD, accents are dropped
    (``é`` -> ``e``, ``ﬁ`` -> ``fi``), typographic punctuation is spelled in ASCII (curly
    quotes, dashes, ``±`` -> ``+/-``, ``…`` -> ``...``), pictographs and other symbols
    (emoji, flags, skin tones, the joiners between them) are dropped with the space they
    leave, control characters are removed, and any other character (e.g. ``東``) becomes
    ``REPLACEMENT``. Idempotent.
    """
    out: list[str] = []
    for char in unicodedata.normalize("NFKD", text):
        if " " <= char <= "~":
            out.append(char)
        elif char in _ASCII_REPLACEMENTS:
            out.append(_ASCII_REPLACEMENTS[char])
        elif char == "\t":
            out.append(" ")
        else:
            category = unicodedata.category(char)
            if category in ("Mn", "Me"):  # accents, variation selectors, keycap frames
                continue
            if category.startswith("C"):  # controls, joiners, unpaired surrogates
                out.append(_DROPPED if category == "Cf" else "")
            elif category in ("So", "Sk"):  # pictographs and symbols: decoration
                out.append(_DROPPED)
            else:
                out.append(REPLACEMENT)
    return _DROPPED_RUN.sub(_tidy_dropped, "".join(out))


def _tidy_dropped(match: re.Match[str]) -> str:
    """One space where a dropped symbol stood between words, none at either end."""
    at_edge = match.start() == 0 or match.end() == len(match.string)
    return "" if at_edge or not match.group(0).strip(_DROPPED) else " "
