"""Dates and times as a citizen reads them, Indonesian and English.

One home for paper, kiosk and lobby display: "Senin, 23 November 2026" and "08.15"
(Indonesian writes the time with a dot, English with a colon).
"""

from __future__ import annotations

import datetime as dt

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
    days, months = (DAYS_ID, MONTHS_ID) if lang == "id" else (DAYS_EN, MONTHS_EN)
    return f"{days[when.weekday()]}, {when.day} {months[when.month - 1]} {when.year}"


def clock_time(when: dt.datetime | dt.time, lang: str = "id") -> str:
    """``"08.15"`` in Indonesian, ``"08:15"`` in English."""
    sep = "." if lang == "id" else ":"
    return f"{when.hour:02d}{sep}{when.minute:02d}"
