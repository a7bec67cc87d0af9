"""Claiming the next ticket for a counter, and places in the queue.

The order of a queue is ``(queue_key, id)``: integers the database hands out inside the
issuing (or transferring) transaction, ``KEY_STEP`` apart so that a ticket put back "behind
the next N" fits between two others. No PC's clock takes part, so a clock set back or a
kiosk running slow cannot make a ticket jump the queue.

On SQLite the whole unit of work runs under ``BEGIN IMMEDIATE``; on PostgreSQL the counter
row is locked and tickets are claimed with ``FOR UPDATE SKIP LOCKED``, so two counters never
get the same ticket and neither waits for the other.
"""

from __future__ import annotations

from sqlalchemy import exists, func, select

from app.domain.model import TicketStatus
from app.domain.priority import Streak, choose_priority, effective_ratio
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
    waiting = ctx.session.execute(  # one statement: priority and regular tickets waiting?
        select(
            exists().where(*base, Ticket.priority.is_(True)),
            exists().where(*base, Ticket.priority.is_(False)),
        )
    ).one()
    has_p, has_r = bool(waiting[0]), bool(waiting[1])
    streak = Streak(counter.streak_priority, counter.streak_length)
    ratio = effective_ratio(ctx.hall.ratio(), counter.priority_ratio)  # its own, or the hall's
    kind = choose_priority(ratio, streak, has_p, has_r)
    if kind is None:
        return None
    for want in (kind, not kind):
        stmt = (
            select(Ticket)
            .where(*base, Ticket.priority.is_(want))
            .order_by(Ticket.queue_key, Ticket.id)
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


KEY_STEP = 1 << 20


def next_key(ctx: Context) -> int:
    """A queue position after every ticket's, hall-wide (the end of every queue).

    Two PostgreSQL transactions may draw the same key at the same instant; the ticket id
    (allocated by the database, in insert order) then decides, so the order still never
    depends on a clock.
    """
    top = int(ctx.session.scalar(select(func.max(Ticket.queue_key))) or 0)
    return (top // KEY_STEP + 1) * KEY_STEP


def key_after(ctx: Context, ticket: Ticket, places: int) -> int:
    """A queue position that puts ``ticket`` behind the next ``places`` waiting tickets.

    ``places`` ≥ 0; 0 keeps its own position. With fewer than ``places`` waiting, it goes
    to the end of the queue.
    """
    if places == 0:
        return ticket.queue_key
    ahead = ctx.session.execute(
        select(Ticket.queue_key, Ticket.id)
        .where(
            Ticket.business_date == ctx.today,
            Ticket.status == TicketStatus.WAITING,
            Ticket.current_service_id == ticket.current_service_id,
            Ticket.id != ticket.id,
        )
        .order_by(Ticket.queue_key, Ticket.id)
        .limit(places + 1)
    ).all()
    if len(ahead) <= places:
        return next_key(ctx)
    low, high = ahead[places - 1][0], ahead[places][0]
    return low + (high - low) // 2
