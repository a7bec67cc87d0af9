"""Opening hours and cut-off of a service, with the reason shown when it is closed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.wording import Bilingual
from app.i18n import N_


@dataclass(frozen=True, slots=True)
class Availability:
    open: bool
    reason: Bilingual | None = None  # why not (None when open)
    opens_at: dt.time | None = None

    @property
    def reason_id(self) -> str:
        return self.reason.id if self.reason else ""

    @property
    def reason_en(self) -> str:
        return self.reason.en if self.reason else ""


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
    name = Bilingual.data(name_id, name_en)
    if not active:
        return Availability(
            False, Bilingual.of(N_("Layanan {name} sedang tidak tersedia hari ini."), name=name)
        )
    if is_within(opens_at, closes_at, local_now):
        return Availability(True)
    overnight = opens_at is not None and closes_at is not None and closes_at < opens_at
    if opens_at is not None and (overnight or local_now < opens_at):
        opens = Bilingual.of(
            N_("Layanan {name} dibuka pukul {time}."), name=name, time=fmt_time(opens_at)
        )
        return Availability(False, opens, opens_at)
    assert closes_at is not None  # closed, not before opening: past the cut-off
    if opens_at is None:
        closed = Bilingual.of(
            N_("Pengambilan nomor {name} sudah ditutup pukul {time}."),
            name=name,
            time=fmt_time(closes_at),
        )
    else:
        closed = Bilingual.of(
            N_(
                "Pengambilan nomor {name} sudah ditutup pukul {time}. "
                "Buka lagi besok pukul {opens}."
            ),
            name=name,
            time=fmt_time(closes_at),
            opens=fmt_time(opens_at),
        )
    return Availability(False, closed, opens_at)


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
