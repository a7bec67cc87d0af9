"""Which services the kiosk can offer now: a service no open counter serves is not offered.

Opening hours and the daily quota are decided by ``app.services.status``; this adds the
counters. A citizen who takes a number for a service no counter is serving would wait for
nothing, so the kiosk greys such a service with a plain reason:

- some counter serving it is paused: the staff are on a short break;
- no counter serving it has served anyone today: the counter has not opened yet;
- otherwise: the counter is closed for now.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.domain.model import CounterState, CounterView, ServiceStatus
from app.domain.wording import Bilingual
from app.i18n import N_
from app.services.hall import HallService


class NotOffered(StrEnum):
    NOT_OPEN_YET = "not_open_yet"
    ON_BREAK = "on_break"
    COUNTER_CLOSED = "counter_closed"


@dataclass(frozen=True, slots=True)
class CounterGap:
    """Why no counter takes ``code`` now, in both languages."""

    code: str
    why: NotOffered
    reason: Bilingual

    @property
    def reason_id(self) -> str:
        return self.reason.id

    @property
    def reason_en(self) -> str:
        return self.reason.en


_REASONS = {
    NotOffered.NOT_OPEN_YET: N_("Loket belum buka. Silakan tunggu atau tanyakan kepada petugas."),
    NotOffered.ON_BREAK: N_("Petugas sedang istirahat sebentar. Silakan coba lagi nanti."),
    NotOffered.COUNTER_CLOSED: N_(
        "Loket layanan ini sedang tutup. Silakan tanyakan kepada petugas."
    ),
}


def counter_gap(status: ServiceStatus, counters: list[CounterView]) -> CounterGap | None:
    """Why no open counter serves ``status.code`` now, or None when one does."""
    if status.open_counters > 0:
        return None
    serving = [c for c in counters if c.active and status.code in c.service_codes]
    if any(c.state == CounterState.OPEN for c in serving):
        return None  # opened since the status was read
    if any(c.state == CounterState.PAUSED for c in serving):
        why = NotOffered.ON_BREAK
    elif status.served_today == 0 and status.issued_today == status.waiting:
        why = NotOffered.NOT_OPEN_YET
    else:
        why = NotOffered.COUNTER_CLOSED
    return CounterGap(status.code, why, Bilingual.of(_REASONS[why]))


def counter_gaps(hall: HallService, statuses: list[ServiceStatus]) -> dict[str, CounterGap]:
    """``counter_gap`` of every service; reads the counters only when one has none open."""
    if all(s.open_counters > 0 for s in statuses):
        return {}
    counters = hall.counters()
    gaps = (counter_gap(s, counters) for s in statuses)
    return {g.code: g for g in gaps if g is not None}
