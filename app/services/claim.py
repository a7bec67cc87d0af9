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

from typing import Any, cast

from sqlalchemy import Select, Table, bindparam, case, func, select

from app.domain.model import TicketStatus
from app.domain.priority import Streak, choose_priority, effective_ratio
from app.services.context import Context
from app.storage.models import Counter, Ticket

_TICKETS = cast(Table, Ticket.__table__)


def _claim(*, locked: bool) -> Select[Any]:
    """The claim, built once (its cache key too); each run binds the day, services, counter
    and kind. On PostgreSQL the head is found and locked (``SKIP LOCKED``) by its id alone,
    which sorts narrow rows, and the row is then read locked, so as its newest version."""
    head = (
        select(_TICKETS.c.id)
        .where(
            _TICKETS.c.business_date == bindparam("today"),
            _TICKETS.c.status == TicketStatus.WAITING.value,
            _TICKETS.c.current_service_id.in_(bindparam("service_ids", expanding=True)),
            _TICKETS.c.target_counter_id.is_(None)
            | (_TICKETS.c.target_counter_id == bindparam("counter_id")),
        )
        .order_by(
            case((_TICKETS.c.priority == bindparam("wanted"), 0), else_=1),
            _TICKETS.c.queue_key,
            _TICKETS.c.id,
        )
        .limit(1)
    )
    if not locked:
        return select(*_TICKETS.c).where(_TICKETS.c.id == head.scalar_subquery())
    head = head.with_for_update(skip_locked=True)
    return select(*_TICKETS.c).where(_TICKETS.c.id == head.scalar_subquery()).with_for_update()


_CLAIM, _CLAIM_LOCKED = _claim(locked=False), _claim(locked=True)


def claim_next(ctx: Context, counter: Counter) -> Ticket | None:
    """The next ticket for ``counter`` (claimed and locked), or None when none waits for it.

    ``counter`` is a copy (``Context.counter_copy``); so is the ticket, and the caller
    ``save``s both (the claim moves the counter's priority streak along).

    One statement: the ticket at the head of the kind the counter's ratio and streak ask for
    (``choose_priority`` with both kinds waiting), else the head of the other kind, which is
    what ``choose_priority`` picks when only one kind waits.
    """
    service_ids = ctx.served_service_ids(counter.id)
    if not service_ids:
        return None
    streak = Streak(counter.streak_priority, counter.streak_length)
    ratio = effective_ratio(ctx.hall.ratio(), counter.priority_ratio)  # its own, or the hall's
    wanted = bool(choose_priority(ratio, streak, has_priority=True, has_regular=True))
    stmt = _CLAIM_LOCKED if ctx.uow.lock_clause() else _CLAIM
    params = {
        "today": ctx.today,
        "service_ids": service_ids,
        "counter_id": counter.id,
        "wanted": wanted,
    }
    row = ctx.session.connection().execute(stmt, params).first()
    if row is None:
        return None
    ticket = ctx.copy_of(Ticket, row._asdict())
    new = streak.after(ticket.priority)
    counter.streak_priority, counter.streak_length = new.last_priority, new.length
    return ticket


KEY_STEP = 1 << 20


def next_key(ctx: Context) -> int:
    """A queue position after every ticket's, hall-wide (the end of every queue).

    Two PostgreSQL transactions may draw the same key at the same instant; the ticket id
    (allocated by the database, in insert order) then decides, so the order still never
    depends on a clock.
    """
    return end_key(ctx.session.scalar(select(func.max(Ticket.queue_key))))


def end_key(top: int | None) -> int:
    """The queue position ``next_key`` hands out after the highest key ``top``."""
    return (int(top or 0) // KEY_STEP + 1) * KEY_STEP


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
