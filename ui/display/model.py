"""What the lobby display shows, as plain data loaded in one go from the hall service.

``load_snapshot`` runs on the live feed's thread (never the GUI thread). It reads only
numbers and counter states: the display never shows personal data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from app.domain.hall import HallConfig
from app.domain.model import CounterView, EventKind, QueueEvent, ServiceStatus
from app.services.hall import HallService

CALL_KINDS = (EventKind.CALLED, EventKind.RECALLED)
RECENT_CALLS = 6
_LOOKBACK_EVENTS = 500


@dataclass(frozen=True, slots=True)
class CallEntry:
    display: str
    counter_number: int
    recall: bool
    seq: int
    at: dt.datetime

    @classmethod
    def from_event(cls, event: QueueEvent) -> CallEntry | None:
        if event.kind not in CALL_KINDS or not event.ticket_display or not event.counter_number:
            return None
        return cls(
            display=event.ticket_display,
            counter_number=event.counter_number,
            recall=event.kind == EventKind.RECALLED,
            seq=event.seq,
            at=event.at,
        )


@dataclass(frozen=True, slots=True)
class DisplaySnapshot:
    hall: HallConfig
    counters: tuple[CounterView, ...]
    services: tuple[ServiceStatus, ...]
    recent: tuple[CallEntry, ...]  # newest first
    seq: int

    @property
    def newest(self) -> CallEntry | None:
        return self.recent[0] if self.recent else None


def calls_in(events: Sequence[QueueEvent]) -> list[CallEntry]:
    """The calls of a batch, oldest first."""
    found = (CallEntry.from_event(e) for e in events)
    return [c for c in found if c is not None]


def recent_calls(
    hall: HallService, latest: int, today: dt.date, zone: dt.tzinfo
) -> list[CallEntry]:
    """Today's last calls, newest first, read back from the tail of the event log."""
    events = hall.events_after(max(0, latest - _LOOKBACK_EVENTS), _LOOKBACK_EVENTS)
    calls = [c for c in calls_in(events) if _local_date(c.at, zone) == today]
    return list(reversed(calls))[:RECENT_CALLS]


def _local_date(at: dt.datetime, zone: dt.tzinfo) -> dt.date:
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone(zone).date()


def load_snapshot(hall: HallService) -> DisplaySnapshot:
    latest = hall.latest_seq()
    config = hall.hall_config()
    return DisplaySnapshot(
        hall=config,
        counters=tuple(c for c in hall.counters() if c.active),
        services=tuple(hall.status()),
        recent=tuple(recent_calls(hall, latest, hall.business_date(), config.zone())),
        seq=latest,
    )
