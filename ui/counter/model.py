"""How a counter window judges what it shows: the wait colour of a waiting ticket.

The window's state itself is a ``CounterSnapshot`` (``app.services.snapshots``), read in one
unit of work on the live feed's thread.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class WaitLevel(StrEnum):
    OK = "ok"  # well within the service's target
    WARN = "warn"  # close to it
    LATE = "late"  # past it


def wait_level(waited_minutes: float, target_minutes: int) -> WaitLevel:
    """The colour of a wait of ``waited_minutes`` against a target of ``target_minutes``
    (0 or less: no target, always OK); WARN from 75 % of the target, LATE from 100 %."""
    if target_minutes <= 0 or waited_minutes >= target_minutes:
        return WaitLevel.LATE if target_minutes > 0 else WaitLevel.OK
    if waited_minutes >= 0.75 * target_minutes:
        return WaitLevel.WARN
    return WaitLevel.OK


def minutes_between(a: dt.datetime, b: dt.datetime) -> float:
    """Minutes from ``a`` to ``b``, never negative (a clock behind the records reads 0);
    naive times count as UTC."""
    if a.tzinfo is None:
        a = a.replace(tzinfo=dt.UTC)
    if b.tzinfo is None:
        b = b.replace(tzinfo=dt.UTC)
    return max(0.0, (b - a).total_seconds() / 60)
