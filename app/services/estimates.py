"""People ahead and wait estimates, read from the database for one service."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from app.domain.estimate import SAMPLE_SIZE, SAMPLE_WINDOW_MINUTES, counter_share, estimate_wait
from app.domain.model import CounterState, TicketStatus, WaitEstimate
from app.services.context import Context
from app.storage.models import Counter, Service, Ticket


def people_ahead(ctx: Context, ticket: Ticket) -> int:
    """Waiting tickets that will be called before this one in its queue."""
    stmt = select(func.count(Ticket.id)).where(
        Ticket.business_date == ticket.business_date,
        Ticket.status == TicketStatus.WAITING,
        Ticket.current_service_id == ticket.current_service_id,
        Ticket.id != ticket.id,
        (Ticket.queue_key < ticket.queue_key)
        | ((Ticket.queue_key == ticket.queue_key) & (Ticket.id < ticket.id)),
    )
    if ticket.priority:
        stmt = stmt.where(Ticket.priority.is_(True))
    return int(ctx.session.scalar(stmt) or 0)


def service_samples(ctx: Context, service: Service) -> list[float]:
    """Counter occupancy in minutes (call → finish) of recent tickets of this service."""
    since = ctx.now - dt.timedelta(minutes=SAMPLE_WINDOW_MINUTES)
    rows = ctx.session.execute(
        select(Ticket.called_at, Ticket.finished_at)
        .where(
            Ticket.current_service_id == service.id,
            Ticket.business_date == ctx.today,
            Ticket.status == TicketStatus.FINISHED,
            Ticket.finished_at >= since,
        )
        .order_by(Ticket.finished_at.desc())
        .limit(SAMPLE_SIZE)
    ).all()
    return [(f - c).total_seconds() / 60 for c, f in rows if c is not None and f is not None]


def open_counters_serving(ctx: Context, service: Service) -> list[Counter]:
    """Counters that are active, open (not paused or closed) and serve ``service``."""
    return [
        c
        for c in ctx.counters.values()
        if c.active and c.state == CounterState.OPEN and service.id in ctx.served_service_ids(c.id)
    ]


def open_capacity(ctx: Context, service: Service) -> float:
    waiting = ctx.waiting_by_service()
    capacity = 0.0
    for counter in open_counters_serving(ctx, service):
        served = ctx.served_service_ids(counter.id)
        busy = sum(1 for sid in served if sid == service.id or waiting.get(sid, 0) > 0)
        capacity += counter_share(busy)
    return capacity


def estimate_for(ctx: Context, service: Service, ahead: int) -> WaitEstimate:
    return estimate_wait(
        ahead,
        service_samples(ctx, service),
        service.default_service_minutes,
        open_capacity(ctx, service),
    )
