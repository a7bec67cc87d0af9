"""Ticket numbers and the business day.

A number is a service letter and 1..999, shown ``A-005``; numbering restarts each business
day. The business day starts at a configurable local time (a hall open past midnight can
start its day at 03:00), in the hall's own time zone.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

MAX_NUMBER = 999  # per service and business day
MAX_COUNTER = 99  # counters are announced up to "loket sembilan puluh sembilan"
_DISPLAY = re.compile(r"^\s*([A-Za-z])\s*-?\s*(\d{1,3})\s*$")


def format_number(code: str, number: int) -> str:
    if not 1 <= number <= MAX_NUMBER:
        raise ValueError(f"ticket number out of range: {number}")
    return f"{code}-{number:03d}"


def parse_display(text: str) -> tuple[str, int]:
    """``"A-005"``, ``"a5"`` or ``"A 005"`` → ``("A", 5)``; ValueError otherwise."""
    match = _DISPLAY.match(text)
    if match is None or int(match.group(2)) == 0:
        raise ValueError(f"not a ticket number: {text!r} (expected e.g. A-005)")
    return match.group(1).upper(), int(match.group(2))


def business_date(now: dt.datetime, tz: ZoneInfo, day_start: dt.time) -> dt.date:
    """The business day that ``now`` belongs to in the hall's time zone."""
    local = now.astimezone(tz)
    start = dt.timedelta(hours=day_start.hour, minutes=day_start.minute)
    return (local - start).date()
