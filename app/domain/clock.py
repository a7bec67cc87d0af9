"""Which time a unit of work may date tickets and events by.

Halls have no internet time sync: PC clocks drift, get set back, and lose their date when
the CMOS battery dies. The queue's *order* never depends on a clock (see
``app/services/claim.py``); this module keeps its *dates* sane:

* Time never goes backwards in the records. A clock behind the last recorded event by up to
  ``MAX_BEHIND`` is held at that event's time (so durations are never negative and the
  business day never goes back); further behind, it is refused.
* A clock far ahead of the last recorded event (``MAX_AHEAD``, a hall closed longer than
  that is rare) is refused until an administrator confirms it (``antrean clock confirm``),
  so a clock a year ahead cannot issue tickets for a day that does not exist yet.
* A date outside ``PLAUSIBLE`` is refused outright (a CMOS reset to 2000).

On PostgreSQL the reference is the database server's clock (``ServerClock``), so every PC
of a hall dates tickets alike; each PC still compares its own clock with it and warns past
``SKEW_WARNING``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.errors import ClockUnreliable
from app.domain.wording import Bilingual
from app.i18n import N_

MAX_BEHIND = dt.timedelta(hours=12)
MAX_AHEAD = dt.timedelta(days=62)
SKEW_WARNING = dt.timedelta(seconds=90)
PLAUSIBLE = (
    dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    dt.datetime(2100, 1, 1, tzinfo=dt.UTC),
)


@dataclass(frozen=True, slots=True)
class ClockReading:
    """The time a unit of work uses, and how the clock it came from compares.

    ``now`` is what tickets and events are dated by; ``clock_now`` what the clock said;
    ``last_recorded`` the time of the newest event (None on an empty database);
    ``refusal`` is set when the clock may not be used to write.
    """

    now: dt.datetime
    clock_now: dt.datetime
    last_recorded: dt.datetime | None
    refusal: ClockUnreliable | None = None

    @property
    def held(self) -> bool:
        """The clock is behind the records and time is held at the last event."""
        return self.now > self.clock_now

    @property
    def behind(self) -> dt.timedelta:
        return max(dt.timedelta(0), self.now - self.clock_now)


def plausible(when: dt.datetime) -> bool:
    """Whether a clock may say ``when`` at all (not a CMOS reset, not a wrapped counter)."""
    return PLAUSIBLE[0] <= when < PLAUSIBLE[1]


def read_clock(clock_now: dt.datetime, last_recorded: dt.datetime | None) -> ClockReading:
    """Decide the time a unit of work may use; see the module docstring for the rules.

    ``clock_now`` and ``last_recorded`` are aware datetimes. Never raises: a refusal is
    returned in ``refusal`` for the caller to raise when it is about to write.
    """
    if not plausible(clock_now):
        return ClockReading(clock_now, clock_now, last_recorded, implausible(clock_now))
    if last_recorded is None:
        return ClockReading(clock_now, clock_now, None)
    if clock_now >= last_recorded:
        ahead = clock_now - last_recorded
        if ahead > MAX_AHEAD:
            return ClockReading(clock_now, clock_now, last_recorded, too_far_ahead(ahead))
        return ClockReading(clock_now, clock_now, last_recorded)
    behind = last_recorded - clock_now
    refusal = too_far_behind(behind) if behind > MAX_BEHIND else None
    return ClockReading(last_recorded, clock_now, last_recorded, refusal)


def _span(delta: dt.timedelta) -> Bilingual:
    minutes = round(delta.total_seconds() / 60)
    if minutes < 120:
        return Bilingual.of(N_("{minutes} menit"), minutes=minutes)
    hours = round(minutes / 60)
    if hours < 48:
        return Bilingual.of(N_("{hours} jam"), hours=hours)
    return Bilingual.of(N_("{days} hari"), days=round(hours / 24))


def implausible(clock_now: dt.datetime) -> ClockUnreliable:
    shown = f"{clock_now:%d-%m-%Y %H:%M} UTC"
    return ClockUnreliable(
        N_(
            "Jam komputer menunjukkan {shown}, tanggal yang tidak mungkin. "
            "Betulkan tanggal dan jam komputer (atau server basis data) sebelum "
            "mengeluarkan nomor antrean."
        ),
        shown=shown,
        clock=clock_now.isoformat(),
    )


def too_far_behind(behind: dt.timedelta) -> ClockUnreliable:
    return ClockUnreliable(
        N_(
            "Jam komputer {span} lebih awal dari catatan antrean terakhir. "
            "Betulkan jam komputer; bila jam sekarang memang benar, jalankan "
            "'antrean clock confirm'."
        ),
        span=_span(behind),
        behind_seconds=int(behind.total_seconds()),
    )


def too_far_ahead(ahead: dt.timedelta) -> ClockUnreliable:
    return ClockUnreliable(
        N_(
            "Jam komputer {span} setelah catatan antrean terakhir. Periksa "
            "tanggal komputer; bila memang benar, jalankan 'antrean clock confirm'."
        ),
        span=_span(ahead),
        ahead_seconds=int(ahead.total_seconds()),
    )


@dataclass(frozen=True, slots=True)
class ClockStatus:
    """How this PC's clock compares with the hall's reference, for warnings.

    ``reference`` is "server" (PostgreSQL's clock) or "records" (the last recorded event,
    on one PC with SQLite). ``offset_seconds`` is this PC's clock minus the reference
    (negative: the PC is behind); None when unknown.
    """

    reference: str
    offset_seconds: float | None
    refusal: Bilingual | None = None  # why tickets are refused by this clock (a ClockUnreliable)

    @property
    def refusal_id(self) -> str | None:
        """The refusal in Indonesian (None: none)."""
        return self.refusal.id if self.refusal else None

    @property
    def warning(self) -> bool:
        if self.refusal:
            return True
        if self.offset_seconds is None:
            return False
        return abs(self.offset_seconds) > SKEW_WARNING.total_seconds()

    def message(self, lang: str = "id") -> str:
        """One plain sentence for a status bar, or "" when the clock is fine."""
        if self.refusal:
            return self.refusal.text(lang)
        if not self.warning or self.offset_seconds is None:
            return ""
        delta = dt.timedelta(seconds=abs(self.offset_seconds))
        span = _span(delta)
        if delta < dt.timedelta(minutes=1):
            span = Bilingual.of(N_("{seconds} detik"), seconds=int(delta.total_seconds()))
        ahead = self.offset_seconds > 0
        if self.reference == "server":
            text = (
                N_("Jam PC ini lebih cepat {span} dari server.")
                if ahead
                else N_("Jam PC ini terlambat {span} dari server.")
            )
        else:
            text = (
                N_("Jam PC ini lebih cepat {span} dari catatan terakhir.")
                if ahead
                else N_("Jam PC ini terlambat {span} dari catatan terakhir.")
            )
        return Bilingual.of(text, span=span).text(lang)
