"""Opening hours and cut-off of a service, with the reason shown when it is closed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Availability:
    open: bool
    reason_id: str = ""
    reason_en: str = ""
    opens_at: dt.time | None = None


def fmt_time(t: dt.time) -> str:
    """Indonesian clock notation: 08.00."""
    return f"{t.hour:02d}.{t.minute:02d}"


def availability(
    name_id: str,
    name_en: str,
    active: bool,
    opens_at: dt.time | None,
    closes_at: dt.time | None,
    local_now: dt.time,
) -> Availability:
    """Whether a service hands out tickets at ``local_now`` (hall local time), and why not.

    Hours may cross midnight: a night desk 20:00–02:00 is open from 20:00 until 02:00.
    """
    if not active:
        return Availability(
            False,
            f"Layanan {name_id} sedang tidak tersedia hari ini.",
            f"{name_en} is not available today.",
        )
    if is_within(opens_at, closes_at, local_now):
        return Availability(True)
    overnight = opens_at is not None and closes_at is not None and closes_at < opens_at
    if opens_at is not None and (overnight or local_now < opens_at):
        return Availability(
            False,
            f"Layanan {name_id} dibuka pukul {fmt_time(opens_at)}.",
            f"{name_en} opens at {fmt_time(opens_at)}.",
            opens_at,
        )
    assert closes_at is not None  # closed, not before opening: past the cut-off
    again = f" Buka lagi besok pukul {fmt_time(opens_at)}." if opens_at else ""
    again_en = f" Opens again tomorrow at {fmt_time(opens_at)}." if opens_at else ""
    return Availability(
        False,
        f"Pengambilan nomor {name_id} sudah ditutup pukul {fmt_time(closes_at)}.{again}",
        f"Tickets for {name_en} closed at {fmt_time(closes_at)}.{again_en}",
        opens_at,
    )


def is_within(opens_at: dt.time | None, closes_at: dt.time | None, local_now: dt.time) -> bool:
    """Whether tickets may be taken at ``local_now`` (hall local time).

    ``opens_at``/``closes_at`` of None mean "from the start of the day"/"until its end".
    When ``closes_at`` is earlier than ``opens_at`` the hours cross midnight (20:00–02:00
    is open from 20:00 until 02:00 the next morning). Equal times are refused by the
    settings model.
    """
    if opens_at is not None and closes_at is not None and closes_at < opens_at:
        return local_now >= opens_at or local_now < closes_at
    after_open = opens_at is None or local_now >= opens_at
    before_close = closes_at is None or local_now < closes_at
    return after_open and before_close
