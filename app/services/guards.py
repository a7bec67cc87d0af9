"""Guards of the use cases: the state a counter or ticket must be in before an action.

Each raises a typed ``KnownError`` (shown to the clerk in their language) and changes
nothing; ``apply`` moves a ticket along the lifecycle table (``app.domain.lifecycle``).
"""

from __future__ import annotations

from app.domain.errors import CounterUnavailable, InvalidTransition, StaleTicket
from app.domain.lifecycle import STATE_ID, Action, status_refusal, ticket_transition
from app.domain.model import CounterState, EventKind, TicketStatus
from app.domain.wording import Bilingual
from app.i18n import N_
from app.services.context import Context
from app.services.views import display
from app.storage.models import Counter, Ticket


def require_active(ctx: Context, counter: Counter) -> Ticket:
    """The ticket at ``counter`` (called or serving, of today); the action's own transition
    then checks its status.

    Raises ``InvalidTransition`` when the counter has none, ``StaleTicket`` when it is of an
    earlier business day.
    """
    ticket = ctx.active_ticket(counter)
    if ticket is None:
        raise InvalidTransition(
            N_("Loket {number} belum memanggil nomor."),
            number=counter.number,
        )
    require_today(ctx, ticket)
    return ticket


def require_today(ctx: Context, ticket: Ticket) -> None:
    """Raises ``StaleTicket`` for a ticket of another business day."""
    if ticket.business_date != ctx.today:
        day = f"{ticket.business_date:%d-%m-%Y}"
        raise StaleTicket(
            N_("{display} berasal dari hari layanan {day}."),
            display=display(ctx, ticket),
            day=day,
            business_date=ticket.business_date,
        )


def apply(ctx: Context, ticket: Ticket, action: Action) -> EventKind:
    """Move ``ticket`` along ``action`` of the lifecycle table; returns the event kind.

    Raises ``InvalidTransition`` when its status does not allow the action.
    """
    transition = ticket_transition(ticket.status, action, display(ctx, ticket))
    ticket.status = transition.to
    return transition.event


def require_status(ctx: Context, ticket: Ticket, *allowed: TicketStatus) -> None:
    """Raises ``InvalidTransition`` naming the status when it is not one of ``allowed``."""
    if allowed and TicketStatus(ticket.status) not in allowed:
        raise status_refusal(display(ctx, ticket), ticket.status)


def require_open(counter: Counter) -> None:
    """Raises ``CounterUnavailable`` for a paused, closed or inactive counter."""
    if not counter.active or counter.state != CounterState.OPEN:
        state = N_("nonaktif") if not counter.active else STATE_ID[CounterState(counter.state)]
        raise CounterUnavailable(
            N_("Loket {number} sedang {state}."),
            number=counter.number,
            state=Bilingual.of(state),
            counter=counter.number,
        )
