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
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from app.domain.clock import ClockStatus
from app.domain.errors import NotFound
from app.domain.hall import HallConfig
from app.domain.lifecycle import TICKET_TRANSITIONS
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
from app.domain.numbering import business_date
from app.i18n import N_
from app.ports import Clock
from app.services import views
from app.services.context import Context, UowFactory
from app.services.status import service_statuses
from app.storage.models import Counter, QueueEventRow, Ticket
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
    serving: bool = False  # the clerk there is serving it ("PANGGILAN ULANG" no more)

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
    # Today's calls the state follows, newest first, at most CALLED_TICKETS (``recent`` is
    # their head): what an event applied to this state can bring back to the big panel.
    calls: tuple[CallEntry, ...] = ()
    business_date: dt.date | None = None  # the hall's business day this state is of

    @property
    def newest(self) -> CallEntry | None:
        """The newest call of today (live or not): what a new call is recognised by."""
        return self.recent[0] if self.recent else None


# --- the display, kept from the feed ----------------------------------------------------------
# Events that end a ticket's stay at a counter (the lifecycle's transitions to a status that
# is not called or serving: finished, no-show, re-queued, transferred, held, cancelled,
# expired): its call leaves the big panel.
_LEAVES = frozenset(t.event for t in TICKET_TRANSITIONS.values() if not t.to.is_active)
# Events that change nothing the calls or the counter tiles show (only the service rows'
# figures, which ``SnapshotService.display_figures`` re-reads).
_FIGURES_ONLY = frozenset(
    {
        EventKind.ISSUED,
        EventKind.PRINTED,
        EventKind.PRINT_FAILED,
        EventKind.REPRINTED,
        EventKind.FEEDBACK,
    }
)


def advance_display(
    snapshot: DisplaySnapshot, events: Sequence[QueueEvent]
) -> DisplaySnapshot | None:
    """``snapshot`` with ``events`` (a feed batch, oldest first) applied to its calls and
    counter tiles, reading nothing; ``None`` when only a full read can tell what they changed.

    Applied: calls and recalls (one entry per ticket and counter, newest first; the counter
    tile shows the ticket), a clerk starting to serve, and a ticket leaving its counter
    (finished, no-show, held, transferred, re-queued, cancelled, expired). Tickets issued,
    printed and survey answers change only the service rows' figures and are passed over.
    Anything else (a counter opened, paused, resumed or closed, a held ticket returned, the
    settings or the day closed, a counter the state does not show) gives ``None``. Events
    the snapshot already includes (``seq`` not above its own) are skipped. The service rows
    and the clock are ``snapshot``'s: ``SnapshotService.display_figures`` brings them up to date.

    The result equals what ``SnapshotService.display_snapshot`` reads at the same instant
    for the calls, the big panel and the counter tiles (``tests/services/test_display_feed.py``).
    """
    calls = list(snapshot.calls)
    counters = {c.number: c for c in snapshot.counters}
    seq = snapshot.seq
    changed = False
    for event in events:
        if event.seq <= seq:
            continue
        seq = event.seq
        kind, shown = event.kind, event.ticket_display
        if kind in _FIGURES_ONLY:
            continue
        if kind in CALL_KINDS:
            counter = counters.get(event.counter_number or 0)
            entry = CallEntry.from_event(event)
            if counter is None or entry is None:
                return None
            number = counter.number
            entry = replace(entry, live=counter.state == CounterState.OPEN)
            # The counter's previous ticket and this ticket's earlier counter are done with.
            calls = [
                replace(c, live=False, serving=False)
                if (c.live or c.serving) and (c.display == shown or c.counter_number == number)
                else c
                for c in calls
                if (c.display, c.counter_number) != (shown, number)
            ]
            calls.insert(0, entry)
            for other in counters.values():
                if other.current_ticket == shown and other.number != number:
                    counters[other.number] = replace(other, current_ticket=None)
            counters[number] = replace(counter, current_ticket=shown)
        elif kind == EventKind.STARTED:
            calls = [
                replace(c, serving=True)
                if (c.display, c.counter_number) == (shown, event.counter_number)
                else c
                for c in calls
            ]
        elif kind in _LEAVES:
            calls = [
                replace(c, live=False, serving=False)
                if c.display == shown and (c.live or c.serving)
                else c
                for c in calls
            ]
            for other in counters.values():
                if shown is not None and other.current_ticket == shown:
                    counters[other.number] = replace(other, current_ticket=None)
        else:
            return None
        changed = True
    if not changed:
        return replace(snapshot, seq=seq)
    kept = tuple(calls[:CALLED_TICKETS])
    return replace(
        snapshot,
        counters=tuple(counters[n] for n in sorted(counters)),
        recent=kept[:RECENT_CALLS],
        calls=kept,
        seq=seq,
        current=next((c for c in kept if c.live), None),
    )


class DisplayFeed:
    """The lobby display's state, kept from the feed: what its feed thread hands the window.

    ``take`` gives the state after a feed batch: the batch applied to the state held
    (``advance_display``, no read at all, so a call reaches the screen without waiting for
    the database) or, on the first batch, after a lost connection (the feed hands an empty
    batch then), on a new business day and whenever an event needs it, one full
    ``display_snapshot``. ``refresh`` then re-reads what events cannot tell (the service
    rows' waits and counts, the counter tiles, the clock) for a second, later paint.

    Used from one thread (the feed's); not thread-safe.
    """

    def __init__(self, snapshots: SnapshotService, clock: Clock) -> None:
        self._snapshots = snapshots
        self._clock = clock
        self._state: DisplaySnapshot | None = None
        self._stale = False  # events were applied: the figures may be behind
        self.full_reads = 0  # how many full snapshots were read (for tests and benchmarks)

    @property
    def state(self) -> DisplaySnapshot | None:
        return self._state

    def take(self, events: Sequence[QueueEvent]) -> DisplaySnapshot:
        """The state after ``events``; raises ``StorageUnavailable`` when a read fails."""
        state = self._state
        advanced = None
        if state is not None and events and self._same_day(state):
            advanced = advance_display(state, events)
        if advanced is None:
            self._state = self._snapshots.display_snapshot()
            self.full_reads += 1
            self._stale = False
        else:
            self._state = advanced
            self._stale = True
        return self._state

    def refresh(self) -> DisplaySnapshot | None:
        """The state with its figures re-read, or ``None`` when nothing was applied since the
        last read. Raises ``StorageUnavailable`` when the read fails."""
        if self._state is None or not self._stale:
            return None
        self._state = self._snapshots.display_figures(self._state)
        self._stale = False
        return self._state

    def _same_day(self, state: DisplaySnapshot) -> bool:
        hall = state.hall
        return business_date(self._clock.now(), hall.zone(), hall.day_start_time()) == (
            state.business_date
        )


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
            shown, active = _shown_counters(ctx)
            calls = _todays_calls(ctx, latest)
            return DisplaySnapshot(
                hall=ctx.hall,
                counters=tuple(views.counter_views(ctx, shown, active)),
                services=tuple(service_statuses(ctx, active)),
                recent=tuple(calls[:RECENT_CALLS]),
                seq=latest,
                clock=ctx.clock_status(),
                current=next((c for c in calls if c.live), None),
                calls=tuple(calls),
                business_date=ctx.today,
            )

    def display_figures(self, base: DisplaySnapshot) -> DisplaySnapshot:
        """``base`` with what events cannot tell re-read: the service rows (waiting, waits,
        open or closed), the counter tiles and the clock. The calls are ``base``'s.

        One read-only unit of work; on another business day than ``base``'s it returns the
        whole new day's ``display_snapshot`` instead.
        """
        with self._uow(readonly=True) as uow:
            ctx = Context(uow, self._clock)
            if ctx.today == base.business_date:
                shown, active = _shown_counters(ctx)
                return replace(
                    base,
                    hall=ctx.hall,
                    counters=tuple(views.counter_views(ctx, shown, active)),
                    services=tuple(service_statuses(ctx, active)),
                    clock=ctx.clock_status(),
                )
        return self.display_snapshot()

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


def _shown_counters(ctx: Context) -> tuple[list[Counter], dict[int, Ticket]]:
    """The active counters by number, and the ticket each has called or is serving (one
    query, shared by the counter tiles and the waits' projection)."""
    shown = sorted((c for c in ctx.counters.values() if c.active), key=lambda c: c.number)
    return shown, ctx.active_tickets(c.id for c in shown)


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
                serving=status == TicketStatus.SERVING and ticket.counter_id == counter.id,
            )
        )
    return calls
