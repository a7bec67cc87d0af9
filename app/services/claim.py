"""Claiming the next ticket for a counter, and places in the queue.

On SQLite the whole unit of work runs under ``BEGIN IMMEDIATE``; on PostgreSQL the counter
row is locked and tickets are claimed with ``FOR UPDATE SKIP LOCKED``, so two counters never
get the same ticket and neither waits for the other.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import exists, select

from app.domain.model import TicketStatus
from app.domain.priority import Streak, choose_priority
from app.services.context import Context
from app.storage.models import Counter, Ticket


def claim_next(ctx: Context, counter: Counter) -> Ticket | None:
    service_ids = ctx.served_service_ids(counter.id)
    if not service_ids:
        return None
    base = (
        Ticket.business_date == ctx.today,
        Ticket.status == TicketStatus.WAITING,
        Ticket.current_service_id.in_(service_ids),
        (Ticket.target_counter_id.is_(None)) | (Ticket.target_counter_id == counter.id),
    )
    has_p = bool(ctx.session.scalar(select(exists().where(*base, Ticket.priority.is_(True)))))
    has_r = bool(ctx.session.scalar(select(exists().where(*base, Ticket.priority.is_(False)))))
    streak = Streak(counter.streak_priority, counter.streak_length)
    kind = choose_priority(ctx.hall.ratio(), streak, has_p, has_r)
    if kind is None:
        return None
    for want in (kind, not kind):
        stmt = (
            select(Ticket)
            .where(*base, Ticket.priority.is_(want))
            .order_by(Ticket.queued_at, Ticket.id)
            .limit(1)
        )
        if ctx.uow.lock_clause():
            stmt = stmt.with_for_update(skip_locked=True)
        ticket = ctx.session.scalars(stmt).first()
        if ticket is not None:
            new = streak.after(ticket.priority)
            counter.streak_priority, counter.streak_length = new.last_priority, new.length
            return ticket
    return None


def slot_after(ctx: Context, ticket: Ticket, places: int) -> dt.datetime:
    """A queue time that puts the ticket behind the next ``places`` waiting tickets."""
    if places == 0:
        return ticket.queued_at
    ahead = ctx.session.scalars(
        select(Ticket.queued_at)
        .where(
            Ticket.business_date == ctx.today,
            Ticket.status == TicketStatus.WAITING,
            Ticket.current_service_id == ticket.current_service_id,
            Ticket.id != ticket.id,
        )
        .order_by(Ticket.queued_at, Ticket.id)
        .limit(places)
    ).all()
    if len(ahead) < places:
        return ctx.now
    return ahead[-1] + dt.timedelta(microseconds=1)
