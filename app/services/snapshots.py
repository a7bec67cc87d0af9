"""What a window shows, read in one consistent read-only unit of work.

The lobby display and each counter window redraw from a *snapshot*: the hall's state at one
instant. Every snapshot is read inside a single read-only transaction, so its parts agree
with each other (the counter tile and the big call panel never show two different moments).
On SQLite a read transaction sees one state of the write-ahead log for its whole length; on
PostgreSQL the transaction runs at REPEATABLE READ so every statement of it sees the same
committed state (READ COMMITTED, the default, would let a commit land between statements).

Snapshots hold only numbers, states and counts: no personal data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from app.domain.clock import ClockStatus
from app.domain.errors import NotFound
from app.domain.hall import HallConfig
from app.domain.model import (
    CounterState,
    CounterView,
    EventKind,
    Outcome,
    QueueEvent,
    ServiceStatus,
    ServiceView,
    TicketStatus,
    TicketView,
)
from app.i18n import N_
from app.ports import Clock
from app.services import views
from app.services.context import Context, UowFactory
from app.services.status import service_statuses
from app.storage.models import QueueEventRow, Ticket
from app.storage.uow import UnitOfWorkFactory

if TYPE_CHECKING:
    from sqlalchemy import Engine

CALL_KINDS = (EventKind.CALLED, EventKind.RECALLED)
RECENT_CALLS = 6  # calls a display snapshot carries, the newest included
CALLED_TICKETS = 60  # today's most recently called tickets the display looks at
OPEN_STATUSES = (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING, TicketStatus.HELD)


# --- the display -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CallEntry:
    """One call (or recall) of a ticket to a counter, as the display shows it."""

    display: str  # "B-001"
    counter_number: int
    recall: bool
    seq: int  # the event's sequence number
    at: dt.datetime  # when it was called (UTC)
    live: bool = True  # the ticket is still called or served at that counter, and it is open
    serving: bool = False  # the clerk has started serving it ("PANGGILAN ULANG" no more)

    @classmethod
    def from_event(cls, event: QueueEvent) -> CallEntry | None:
        """The call an event records, or None for any other event."""
        if event.kind not in CALL_KINDS or not event.ticket_display or not event.counter_number:
            return None
        return cls(
            display=event.ticket_display,
            counter_number=event.counter_number,
            recall=event.kind == EventKind.RECALLED,
            seq=event.seq,
            at=event.at,
        )

    @property
    def recall_pending(self) -> bool:
        """A recall the citizen has not answered yet (the panel says "PANGGILAN ULANG")."""
        return self.recall and self.live and not self.serving


def calls_in(events: Sequence[QueueEvent]) -> list[CallEntry]:
    """The calls of a feed batch, in the batch's order (oldest first)."""
    found = (CallEntry.from_event(e) for e in events)
    return [c for c in found if c is not None]


@dataclass(frozen=True, slots=True)
class DisplaySnapshot:
    """The lobby display's whole state at one instant."""

    hall: HallConfig
    counters: tuple[CounterView, ...]  # active counters, by number
    services: tuple[ServiceStatus, ...]  # every service, in display order
    # Today's last calls, newest first, at most RECENT_CALLS; one entry per ticket and
    # counter (a recall replaces the call it repeats and is marked as one).
    recent: tuple[CallEntry, ...]
    seq: int  # the newest event sequence number this state includes (0: none yet)
    clock: ClockStatus | None = None  # this PC's clock against the hall's reference
    # The call the big panel shows: the newest one still live (held, finished, skipped,
    # transferred tickets and paused or closed counters drop out); None: nobody is called.
    current: CallEntry | None = None

    @property
    def newest(self) -> CallEntry | None:
        """The newest call of today (live or not): what a new call is recognised by."""
        return self.recent[0] if self.recent else None


# --- a counter -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CounterSnapshot:
    """One counter window's whole state at one instant."""

    counter: CounterView
    current: TicketView | None  # called or being served here
    waiting: tuple[TicketView, ...]  # tickets this counter may call, in queue order
    held: tuple[TicketView, ...]  # parked at this counter
    served_today: int  # finished here today with outcome "served"
    average_minutes: float | None  # their mean occupancy (start or call → finish), minutes
    now: dt.datetime  # the clock reading the snapshot was taken at
    services: tuple[ServiceView, ...] = ()  # every service, in display order
    counters: tuple[CounterView, ...] = ()  # every counter, by number
    seq: int = 0  # the newest event sequence number this state includes: newer state, higher
    clock: ClockStatus | None = None  # this PC's clock against the hall's reference

    @property
    def priority_waiting(self) -> int:
        return sum(1 for t in self.waiting if t.priority)


class SnapshotService:
    """Reads window snapshots; each method is one read-only unit of work and changes nothing.

    Database failures raise ``StorageUnavailable`` (server away, file gone, busy too long).
    """

    def __init__(self, uow: UowFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    @classmethod
    def for_engine(cls, engine: Engine, clock: Clock) -> SnapshotService:
        """The service on ``engine`` (the ``Core``'s), for callers that hold no unit-of-work
        factory of their own (the window entry points, screenshots, tests)."""
        return cls(UnitOfWorkFactory(engine), clock)

    def display_snapshot(self) -> DisplaySnapshot:
        """The lobby display's state: hall settings, active counters, service status and
        today's last calls (the hall's business day: with a 03:00 day start a call at 00:30
        is today's), all from one instant."""
        with self._uow(readonly=True) as uow:
            ctx = Context(uow, self._clock)
            latest = _latest_seq(ctx)
            counters = sorted(ctx.counters.values(), key=lambda c: c.number)
            calls = _todays_calls(ctx, latest)
            return DisplaySnapshot(
                hall=ctx.hall,
                counters=tuple(views.counter_views(ctx, [c for c in counters if c.active])),
                services=tuple(service_statuses(ctx)),
                recent=tuple(calls[:RECENT_CALLS]),
                seq=latest,
                clock=ctx.clock_status(),
                current=next((c for c in calls if c.live), None),
            )

    def counter_snapshot(self, number: int) -> CounterSnapshot:
        """Counter ``number``'s state: its current, waiting and held tickets and today's
        figures, with every service and counter (for the transfer dialog).

        Raises ``NotFound`` when no counter has that number.
        """
        with self._uow(readonly=True) as uow:
            ctx = Context(uow, self._clock)
            by_number = sorted(ctx.counters.values(), key=lambda c: c.number)
            counters = tuple(views.counter_views(ctx, by_number))
            counter = next((c for c in counters if c.number == number), None)
            if counter is None:
                raise NotFound(N_("Loket {number} tidak ada."), number=number)
            tickets = _tickets_today(ctx, OPEN_STATUSES)
            mine = [t for t in tickets if t.counter_number == number]
            waiting = tuple(
                t
                for t in tickets
                if t.status == TicketStatus.WAITING
                and t.current_service_code in counter.service_codes
                and t.target_counter_number in (None, number)
            )
            served = _served_today(ctx, counter.id)
            spans = [m for m in served if m is not None]
            services = sorted(ctx.services.values(), key=lambda s: (s.position, s.code))
            return CounterSnapshot(
                counter=counter,
                current=next((t for t in mine if t.status.is_active), None),
                waiting=waiting,
                held=tuple(t for t in mine if t.status == TicketStatus.HELD),
                served_today=len(served),
                average_minutes=sum(spans) / len(spans) if spans else None,
                now=ctx.now,
                services=tuple(views.service_view(s) for s in services),
                counters=counters,
                seq=_latest_seq(ctx),
                clock=ctx.clock_status(),
            )


def _latest_seq(ctx: Context) -> int:
    """The newest event sequence number (0 before the first event)."""
    return int(ctx.session.scalar(select(func.max(QueueEventRow.seq))) or 0)


def _tickets_today(ctx: Context, statuses: Sequence[TicketStatus]) -> list[TicketView]:
    """Today's tickets in ``statuses``, in queue order (the order ``HallService.tickets``
    lists them in)."""
    stmt = (
        select(Ticket)
        .where(Ticket.business_date == ctx.today, Ticket.status.in_([s.value for s in statuses]))
        .order_by(Ticket.queue_key, Ticket.id)
    )
    return [views.ticket_view(ctx, t) for t in ctx.session.scalars(stmt)]


def _served_today(ctx: Context, counter_id: int) -> list[float | None]:
    """For each ticket the counter served today: its minutes at the counter (started, else
    called → finished), None when a time is missing."""
    rows = ctx.session.execute(
        select(Ticket.started_at, Ticket.called_at, Ticket.finished_at).where(
            Ticket.business_date == ctx.today,
            Ticket.counter_id == counter_id,
            Ticket.status == TicketStatus.FINISHED,
            Ticket.outcome == Outcome.SERVED,
        )
    ).all()
    return [
        (finished - start).total_seconds() / 60
        if (start := started or called) is not None and finished is not None
        else None
        for started, called, finished in rows
    ]


def _todays_calls(ctx: Context, latest: int) -> list[CallEntry]:
    """Today's calls up to event ``latest``, newest first, one per ticket and counter.

    Read from today's most recently called tickets (the ticket index by business date) and
    their own call events, so no number of other events (printed tickets, counter moves)
    pushes a call out of sight, and a call after midnight belongs to the business day it
    was made in.
    """
    tickets = {
        t.id: t
        for t in ctx.session.scalars(
            select(Ticket)
            .where(Ticket.business_date == ctx.today, Ticket.last_called_at.is_not(None))
            .order_by(Ticket.last_called_at.desc(), Ticket.id.desc())
            .limit(CALLED_TICKETS)
        )
    }
    if not tickets:
        return []
    rows = ctx.session.scalars(
        select(QueueEventRow)
        .where(
            QueueEventRow.ticket_id.in_(list(tickets)),
            QueueEventRow.seq <= latest,
            QueueEventRow.kind.in_([k.value for k in CALL_KINDS]),
        )
        .order_by(QueueEventRow.seq.desc())
    ).all()
    calls: list[CallEntry] = []
    seen: set[tuple[int, int]] = set()
    for row in rows:
        ticket = tickets.get(row.ticket_id or -1)
        counter = ctx.counters.get(row.counter_id) if row.counter_id else None
        if ticket is None or counter is None or (ticket.id, counter.id) in seen:
            continue
        seen.add((ticket.id, counter.id))
        status = TicketStatus(ticket.status)
        calls.append(
            CallEntry(
                display=views.display(ctx, ticket),
                counter_number=counter.number,
                recall=row.kind == EventKind.RECALLED,
                seq=row.seq,
                at=row.at,
                live=status.is_active
                and ticket.counter_id == counter.id
                and CounterState(counter.state) == CounterState.OPEN,
                serving=status == TicketStatus.SERVING,
            )
        )
    return calls
