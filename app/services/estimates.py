"""Wait estimates and people ahead, read from the database (the rule: ``app.domain.estimate``).

``HallLoad.read(ctx)`` gathers what the projection needs in four queries: today's waiting
tickets, the open counters with their streaks and current tickets, today's recent service
times, and the recent days' (cached per database and business day, and refreshed when
earlier days' tickets change, e.g. after a restore).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter as Tally
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.domain.estimate import (
    END_OF_QUEUE,
    HISTORY_DAYS,
    HISTORY_SIZE,
    SAMPLE_SIZE,
    SAMPLE_WINDOW_MINUTES,
    CounterNow,
    Projection,
    QueuedTicket,
    ServiceTime,
    project,
    project_new,
    service_time,
    wait_estimate,
)
from app.domain.model import CounterState, TicketStatus, WaitEstimate
from app.domain.priority import PriorityRatio, Streak, effective_ratio
from app.services.context import Context
from app.storage.models import Counter, Service, Ticket

NEW_TICKET_ID = -1  # the id a ticket not yet issued has in a projection

# (database, business day, newest earlier ticket id) -> service id -> minutes samples
_history_cache: dict[tuple[str, dt.date, int], dict[int, list[float]]] = {}


@dataclass
class HallLoad:
    """The hall right now, as the estimate sees it."""

    queue: tuple[QueuedTicket, ...]
    counters: tuple[CounterNow, ...]
    times: dict[int, ServiceTime]
    ratio: PriorityRatio
    _new: dict[int, WaitEstimate] | None = field(default=None, repr=False)

    @classmethod
    def read(cls, ctx: Context, active: dict[int, Ticket] | None = None) -> HallLoad:
        """The load now. ``active``: ``ctx.active_tickets`` of (at least) the open counters,
        when the caller has already read them in this unit of work."""
        rows = ctx.session.execute(
            select(
                Ticket.id,
                Ticket.queue_key,
                Ticket.current_service_id,
                Ticket.priority,
                Ticket.target_counter_id,
            ).where(Ticket.business_date == ctx.today, Ticket.status == TicketStatus.WAITING)
        ).all()
        queue = tuple(QueuedTicket(i, float(k), s, bool(p), t) for i, k, s, p, t in rows)
        open_counters = [
            c
            for c in sorted(ctx.counters.values(), key=lambda c: c.number)
            if c.active and c.state == CounterState.OPEN
        ]
        if active is None:
            active = ctx.active_tickets(c.id for c in open_counters)
        busy = {
            counter_id: (ticket.current_service_id, ticket.called_at)
            for counter_id, ticket in active.items()
        }
        counters = tuple(_counter_now(ctx, c, busy.get(c.id)) for c in open_counters)
        return cls(queue, counters, _service_times(ctx), ctx.hall.ratio())

    def for_ticket(self, ticket: Ticket) -> WaitEstimate:
        """The estimate of a waiting ticket (a called one: 0 minutes, nobody ahead)."""
        time = self.times[ticket.current_service_id]
        if ticket.status != TicketStatus.WAITING:
            return WaitEstimate(
                0, 0, self._serving(ticket.current_service_id), time.mean, time.basis
            )
        target = QueuedTicket(
            ticket.id,
            float(ticket.queue_key),
            ticket.current_service_id,
            bool(ticket.priority),
            ticket.target_counter_id,
        )
        found = project(self.queue, self.counters, self.times, self.ratio, target)
        return wait_estimate(found, self.counters, time, ticket.current_service_id)

    def for_new(self, service: Service, *, priority: bool = False) -> WaitEstimate:
        """The estimate a ticket of ``service`` would get if it were issued now."""
        if not priority:
            return self.for_new_all()[service.id]
        target = QueuedTicket(NEW_TICKET_ID, END_OF_QUEUE[0], service.id, priority)
        found = project(self.queue, self.counters, self.times, self.ratio, target)
        return wait_estimate(found, self.counters, self.times[service.id], service.id)

    def for_new_all(self) -> dict[int, WaitEstimate]:
        """``for_new`` of a regular ticket for every service (by id), from one projection."""
        if self._new is None:
            found = project_new(self.queue, self.counters, self.times, self.ratio)
            waiting = Tally(t.service_id for t in self.queue)
            self._new = {
                sid: wait_estimate(
                    found.get(sid, Projection(None, waiting[sid])), self.counters, time, sid
                )
                for sid, time in self.times.items()
            }
        return self._new

    def _serving(self, service_id: int) -> float:
        return float(sum(1 for c in self.counters if service_id in c.service_ids))


def _counter_now(
    ctx: Context, counter: Counter, busy: tuple[int, dt.datetime | None] | None
) -> CounterNow:
    service_id, minutes = None, 0.0
    if busy is not None:
        service_id = busy[0]
        if busy[1] is not None:
            minutes = max(0.0, (ctx.now - busy[1]).total_seconds() / 60)
    return CounterNow(
        counter.id,
        frozenset(ctx.served_service_ids(counter.id)),
        Streak(counter.streak_priority, counter.streak_length),
        service_id,
        minutes,
        effective_ratio(ctx.hall.ratio(), counter.priority_ratio),
    )


def _service_times(ctx: Context) -> dict[int, ServiceTime]:
    since = ctx.now - dt.timedelta(minutes=SAMPLE_WINDOW_MINUTES)
    today: dict[int, list[float]] = defaultdict(list)
    for service_id, called, finished in ctx.session.execute(
        select(Ticket.current_service_id, Ticket.called_at, Ticket.finished_at)
        .where(
            Ticket.business_date == ctx.today,
            Ticket.status == TicketStatus.FINISHED,
            Ticket.finished_at >= since,
        )
        .order_by(Ticket.finished_at.desc())
    ).all():
        if called is not None and finished is not None and len(today[service_id]) < SAMPLE_SIZE:
            today[service_id].append((finished - called).total_seconds() / 60)
    history = _history(ctx)
    return {
        s.id: service_time(today.get(s.id, []), history.get(s.id, []), s.default_service_minutes)
        for s in ctx.services.values()
    }


def _history(ctx: Context) -> dict[int, list[float]]:
    """Service times of the last ``HISTORY_DAYS`` business days before today, per service."""
    first = ctx.today - dt.timedelta(days=HISTORY_DAYS)
    earlier = (Ticket.business_date >= first, Ticket.business_date < ctx.today)
    newest = int(ctx.session.scalar(select(func.max(Ticket.id)).where(*earlier)) or 0)
    bind = ctx.session.get_bind()
    where = str(bind.engine.url)
    key = (where, ctx.today, newest)
    cached = _history_cache.get(key)
    if cached is not None:
        return cached
    found: dict[int, list[float]] = defaultdict(list)
    for service_id, called, finished in ctx.session.execute(
        select(Ticket.current_service_id, Ticket.called_at, Ticket.finished_at)
        .where(*earlier, Ticket.status == TicketStatus.FINISHED, Ticket.called_at.is_not(None))
        .order_by(Ticket.id.desc())
    ).all():
        if called is not None and finished is not None and len(found[service_id]) < HISTORY_SIZE:
            found[service_id].append((finished - called).total_seconds() / 60)
    if len(_history_cache) > 64:
        _history_cache.clear()
    _history_cache[key] = dict(found)
    return _history_cache[key]


def open_counters_serving(ctx: Context, service: Service) -> list[Counter]:
    """Counters that are active, open (not paused or closed) and serve ``service``."""
    return [
        c
        for c in ctx.counters.values()
        if c.active and c.state == CounterState.OPEN and service.id in ctx.served_service_ids(c.id)
    ]
