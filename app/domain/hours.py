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
    if not active:
        return Availability(
            False,
            f"Layanan {name_id} sedang tidak tersedia hari ini.",
            f"{name_en} is not available today.",
        )
    if opens_at is not None and local_now < opens_at:
        return Availability(
            False,
            f"Layanan {name_id} dibuka pukul {fmt_time(opens_at)}.",
            f"{name_en} opens at {fmt_time(opens_at)}.",
            opens_at,
        )
    if closes_at is not None and local_now >= closes_at:
        again = f" Buka lagi besok pukul {fmt_time(opens_at)}." if opens_at else ""
        again_en = f" Opens again tomorrow at {fmt_time(opens_at)}." if opens_at else ""
        return Availability(
            False,
            f"Pengambilan nomor {name_id} sudah ditutup pukul {fmt_time(closes_at)}.{again}",
            f"Tickets for {name_en} closed at {fmt_time(closes_at)}.{again_en}",
            opens_at,
        )
    return Availability(True)
