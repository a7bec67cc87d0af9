"""The hall's status per service (waiting, issued, served, open counters, estimated wait).

One function over a ``Context``, so that any read-only unit of work can include it: the
``antrean status`` command (through ``HallService.status``) and the lobby display's snapshot
(``app.services.snapshots``) compute it from the same rules.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from app.domain.hours import availability
from app.domain.model import Outcome, ServiceStatus, TicketStatus
from app.domain.wording import quota_reason
from app.services.context import Context
from app.services.estimates import HallLoad
from app.services.issuing import daily_limit
from app.storage.models import Ticket


def service_statuses(ctx: Context) -> list[ServiceStatus]:
    """Today's status of every service, in display order (position, then code).

    Reads inside ``ctx``'s unit of work and changes nothing. ``waiting`` counts tickets by
    their current service (after transfers), ``issued_today`` by the service of their number;
    ``estimate_minutes`` is None when no open counter serves the service (see
    ``app.domain.estimate``). ``is_open_now`` is False outside opening hours (hall local time)
    or once the daily limit is reached; ``closed_reason`` then says why, in both languages.
    Database failures surface as ``StorageUnavailable`` when the unit of work closes.
    """
    local = ctx.now.astimezone(ctx.hall.zone()).time()
    load = HallLoad.read(ctx)
    estimates = load.for_new_all()
    issued = _per_service(ctx, Ticket.service_id)
    served = _per_service(
        ctx,
        Ticket.current_service_id,
        Ticket.status == TicketStatus.FINISHED,
        Ticket.outcome == Outcome.SERVED,
    )
    waiting_priority = _per_service(
        ctx,
        Ticket.current_service_id,
        Ticket.status == TicketStatus.WAITING,
        Ticket.priority.is_(True),
    )
    open_here = {sid: sum(1 for c in load.counters if sid in c.service_ids) for sid in ctx.services}
    result = []
    for s in sorted(ctx.services.values(), key=lambda s: (s.position, s.code)):
        waiting = ctx.waiting_by_service().get(s.id, 0)
        avail = availability(s.name_id, s.name_en, s.active, s.opens_at, s.closes_at, local)
        limit = daily_limit(s)
        full = issued.get(s.id, 0) >= limit
        quota = quota_reason(s.name_id, s.name_en, limit, "short") if full else None
        reason = avail.reason or quota
        result.append(
            ServiceStatus(
                code=s.code,
                name_id=s.name_id,
                name_en=s.name_en,
                waiting=waiting,
                waiting_priority=waiting_priority.get(s.id, 0),
                issued_today=issued.get(s.id, 0),
                served_today=served.get(s.id, 0),
                open_counters=open_here[s.id],
                estimate_minutes=estimates[s.id].minutes,
                is_open_now=avail.open and not full,
                closed_reason=reason,
                people_ahead=estimates[s.id].people_ahead,
                colour=s.colour or "",
            )
        )
    return result


def _per_service(ctx: Context, column: Any, *where: Any) -> dict[int, int]:
    """Today's tickets matching ``where``, counted per ``column`` (a service id column)."""
    rows = ctx.session.execute(
        select(column, func.count(Ticket.id))
        .where(Ticket.business_date == ctx.today, *where)
        .group_by(column)
    ).all()
    return {int(sid): int(n) for sid, n in rows}
