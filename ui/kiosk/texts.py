"""Dates and times as a citizen reads them: "Senin, 23 November 2026 · 08.15"."""

from __future__ import annotations

import datetime as dt

from app.domain.calendar_names import DAYS_EN, DAYS_ID, MONTHS_EN, MONTHS_ID


def date_text(when: dt.datetime, lang: str = "id") -> str:
    days, months = (DAYS_ID, MONTHS_ID) if lang == "id" else (DAYS_EN, MONTHS_EN)
    return f"{days[when.weekday()]}, {when.day} {months[when.month - 1]} {when.year}"


def time_text(when: dt.datetime, lang: str = "id") -> str:
    """Indonesian writes 08.15; English 08:15."""
    sep = "." if lang == "id" else ":"
    return f"{when.hour:02d}{sep}{when.minute:02d}"


def clock_text(when: dt.datetime, lang: str = "id") -> str:
    return f"{date_text(when, lang)} · {time_text(when, lang)}"
