"""Immutable views of tickets, services and counters, as the use cases return them.

Never an ORM row leaves a unit of work: these functions copy what a window or the CLI
shows into frozen dataclasses (``app.domain.model``).
"""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.model import (
    CounterState,
    CounterView,
    Outcome,
    PrintState,
    ServiceView,
    TicketStatus,
    TicketView,
)
from app.domain.numbering import format_number
from app.services.context import Context
from app.storage.models import Counter, Service, Ticket


def display(ctx: Context, ticket: Ticket) -> str:
    """The number as printed and called: ``"A-005"``."""
    return format_number(ctx.code_of(ticket.service_id), ticket.number)


def ticket_view(ctx: Context, t: Ticket) -> TicketView:
    counter = ctx.counter(t.counter_id) if t.counter_id else None
    target = ctx.counter(t.target_counter_id) if t.target_counter_id else None
    return TicketView(
        id=t.id,
        display=display(ctx, t),
        service_code=ctx.code_of(t.service_id),
        current_service_code=ctx.code_of(t.current_service_id),
        number=t.number,
        business_date=t.business_date,
        priority=t.priority,
        status=TicketStatus(t.status),
        counter_number=counter.number if counter else None,
        issued_at=t.issued_at,
        called_at=t.called_at,
        started_at=t.started_at,
        finished_at=t.finished_at,
        recall_count=t.recall_count,
        outcome=Outcome(t.outcome) if t.outcome else None,
        print_state=PrintState(t.print_state),
        target_counter_number=target.number if target else None,
    )


def service_view(s: Service) -> ServiceView:
    return ServiceView(
        id=s.id,
        code=s.code,
        name_id=s.name_id,
        name_en=s.name_en,
        description_id=s.description_id,
        description_en=s.description_en,
        active=s.active,
        daily_quota=s.daily_quota,
        opens_at=s.opens_at,
        closes_at=s.closes_at,
        target_minutes=s.target_minutes,
        default_service_minutes=s.default_service_minutes,
        colour=s.colour or "",
    )


def counter_view(ctx: Context, c: Counter) -> CounterView:
    return counter_views(ctx, [c])[0]


def counter_views(
    ctx: Context, counters: Sequence[Counter], active: dict[int, Ticket] | None = None
) -> list[CounterView]:
    """Views of ``counters`` with the ticket each has called or is serving (one query, none
    when ``active``, their ``ctx.active_tickets``, is given)."""
    if active is None:
        active = ctx.active_tickets(c.id for c in counters)
    return [
        CounterView(
            id=c.id,
            number=c.number,
            name=c.name,
            state=CounterState(c.state),
            active=c.active,
            service_codes=tuple(ctx.code_of(s) for s in ctx.served_service_ids(c.id)),
            current_ticket=display(ctx, active[c.id]) if c.id in active else None,
            priority_ratio=c.priority_ratio,
        )
        for c in counters
    ]
