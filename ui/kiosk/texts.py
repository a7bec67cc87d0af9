"""Dates and times on the kiosk: "Senin, 23 November 2026 · 08.15" (app.domain.calendar_names)."""

from __future__ import annotations

import datetime as dt

from app.domain.calendar_names import clock_time, long_date


def clock_text(when: dt.datetime, lang: str = "id") -> str:
    return f"{long_date(when, lang)} · {clock_time(when, lang)}"
