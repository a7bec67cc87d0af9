"""The hall's status per service (waiting, issued, served, open counters, estimated wait).

One function over a ``Context``, so that any read-only unit of work can include it: the
``antrean status`` command (through ``HallService.status``) and the lobby display's snapshot
(``app.services.snapshots``) compute it from the same rules.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import and_, func, select

from app.domain.hours import availability
from app.domain.model import Outcome, ServiceStatus, TicketStatus
from app.domain.wording import quota_reason
from app.services.context import Context
from app.services.estimates import HallLoad
from app.services.issuing import daily_limit
from app.storage.models import Ticket


def service_statuses(ctx: Context, active: dict[int, Ticket] | None = None) -> list[ServiceStatus]:
    """Today's status of every service, in display order (position, then code).

    Reads inside ``ctx``'s unit of work and changes nothing. ``waiting`` counts tickets by
    their current service (after transfers), ``issued_today`` by the service of their number;
    ``estimate_minutes`` is None when no open counter serves the service (see
    ``app.domain.estimate``). ``is_open_now`` is False outside opening hours (hall local time)
    or once the daily limit is reached; ``closed_reason`` then says why, in both languages.
    Database failures surface as ``StorageUnavailable`` when the unit of work closes.
    """
    local = ctx.now.astimezone(ctx.hall.zone()).time()
    load = HallLoad.read(ctx, active)
    estimates = load.for_new_all()
    issued, served = _issued_and_served(ctx)
    waiting_all = Counter(t.service_id for t in load.queue)  # the queue is today's waiting
    waiting_priority = Counter(t.service_id for t in load.queue if t.priority)
    open_here = {sid: sum(1 for c in load.counters if sid in c.service_ids) for sid in ctx.services}
    result = []
    for s in sorted(ctx.services.values(), key=lambda s: (s.position, s.code)):
        waiting = waiting_all.get(s.id, 0)
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


def _issued_and_served(ctx: Context) -> tuple[dict[int, int], dict[int, int]]:
    """Today's tickets per service of their number (issued) and, of those finished as
    served, per current service (after transfers): one grouped query."""
    served_flag = and_(Ticket.status == TicketStatus.FINISHED, Ticket.outcome == Outcome.SERVED)
    rows = ctx.session.execute(
        select(Ticket.service_id, Ticket.current_service_id, served_flag, func.count(Ticket.id))
        .where(Ticket.business_date == ctx.today)
        .group_by(Ticket.service_id, Ticket.current_service_id, served_flag)
    ).all()
    issued: dict[int, int] = {}
    served: dict[int, int] = {}
    for service_id, current_id, was_served, n in rows:
        issued[int(service_id)] = issued.get(int(service_id), 0) + int(n)
        if was_served:
            served[int(current_id)] = served.get(int(current_id), 0) + int(n)
    return issued, served
