"""Dates, times and decimals as a citizen reads them, Indonesian and English.

One home for paper, kiosk, lobby display and counter: "Senin, 23 November 2026", "08.15"
(Indonesian writes the time with a dot, English with a colon) and "4,5" (a decimal comma).
The day and month names are a data table, chosen here by ``app.i18n.pick``, not catalog
texts.
"""

from __future__ import annotations

import datetime as dt

from app.i18n import pick

DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(when: dt.datetime | dt.date, lang: str = "id") -> str:
    """``"Senin, 23 November 2026"`` (``"Monday, 23 November 2026"`` for ``lang="en"``)."""
    days, months = pick(lang, (DAYS_ID, MONTHS_ID), (DAYS_EN, MONTHS_EN))
    return f"{days[when.weekday()]}, {when.day} {months[when.month - 1]} {when.year}"


def clock_time(when: dt.datetime | dt.time, lang: str = "id", *, seconds: bool = False) -> str:
    """``"08.15"`` in Indonesian, ``"08:15"`` in English (``"08.15.30"`` with ``seconds``)."""
    sep = pick(lang, ".", ":")
    shown = f"{when.hour:02d}{sep}{when.minute:02d}"
    return f"{shown}{sep}{when.second:02d}" if seconds else shown


def decimal_text(value: float, lang: str = "id", places: int = 1) -> str:
    """``value`` with ``places`` decimals: ``"4,5"`` in Indonesian, ``"4.5"`` in English."""
    return f"{value:.{places}f}".replace(".", pick(lang, ",", "."))
