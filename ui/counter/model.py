"""What a counter window shows, loaded in one go (on the live feed's thread)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from app.domain.errors import NotFound
from app.domain.model import CounterView, Outcome, ServiceView, TicketStatus, TicketView
from app.services.hall import HallService

OPEN = [TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING, TicketStatus.HELD]


class WaitLevel(StrEnum):
    OK = "ok"  # well within the service's target
    WARN = "warn"  # close to it
    LATE = "late"  # past it


def wait_level(waited_minutes: float, target_minutes: int) -> WaitLevel:
    if target_minutes <= 0 or waited_minutes >= target_minutes:
        return WaitLevel.LATE if target_minutes > 0 else WaitLevel.OK
    if waited_minutes >= 0.75 * target_minutes:
        return WaitLevel.WARN
    return WaitLevel.OK


def minutes_between(a: dt.datetime, b: dt.datetime) -> float:
    if a.tzinfo is None:
        a = a.replace(tzinfo=dt.UTC)
    if b.tzinfo is None:
        b = b.replace(tzinfo=dt.UTC)
    return (b - a).total_seconds() / 60


@dataclass(frozen=True, slots=True)
class CounterSnapshot:
    counter: CounterView
    current: TicketView | None
    waiting: tuple[TicketView, ...]  # queue order
    held: tuple[TicketView, ...]
    served_today: int
    average_minutes: float | None
    now: dt.datetime
    services: tuple[ServiceView, ...] = ()
    counters: tuple[CounterView, ...] = ()

    @property
    def priority_waiting(self) -> int:
        return sum(1 for t in self.waiting if t.priority)


def load_counter_snapshot(hall: HallService, number: int, now: dt.datetime) -> CounterSnapshot:
    counters = hall.counters()
    counter = next((c for c in counters if c.number == number), None)
    if counter is None:
        raise NotFound(f"Loket {number} tidak ada.", f"Counter {number} does not exist.")
    tickets = hall.tickets(OPEN)
    mine = [t for t in tickets if t.counter_number == number]
    current = next((t for t in mine if t.status.is_active), None)
    waiting = tuple(
        t
        for t in tickets
        if t.status == TicketStatus.WAITING
        and t.current_service_code in counter.service_codes
        and t.target_counter_number in (None, number)
    )
    held = tuple(t for t in mine if t.status == TicketStatus.HELD)
    done = [
        t
        for t in hall.tickets([TicketStatus.FINISHED])
        if t.counter_number == number and t.outcome == Outcome.SERVED
    ]
    spans = [
        minutes_between(start, t.finished_at)
        for t in done
        if (start := t.started_at or t.called_at) is not None and t.finished_at is not None
    ]
    return CounterSnapshot(
        counter=counter,
        current=current,
        waiting=waiting,
        held=held,
        served_today=len(done),
        average_minutes=sum(spans) / len(spans) if spans else None,
        now=now,
        services=tuple(hall.services()),
        counters=tuple(counters),
    )


def services_by_code(services: list[ServiceView]) -> dict[str, ServiceView]:
    return {s.code: s for s in services}
