"""Issuing rules read from the database: service lock, opening hours, numbering, quota."""

from __future__ import annotations

from sqlalchemy import bindparam, func, select

from app.domain.errors import QuotaReached, ServiceClosed
from app.domain.hours import availability
from app.domain.numbering import MAX_NUMBER
from app.domain.wording import quota_reason
from app.services.claim import end_key
from app.services.context import Context
from app.storage.models import Service, Ticket

# Built once (their cache keys too): each run binds its values.
_LOCK_SERVICE = select(Service.id).where(Service.id == bindparam("service_id")).with_for_update()
_LAST_NUMBER_AND_TOP_KEY = select(
    select(func.max(Ticket.number))
    .where(Ticket.service_id == bindparam("service_id"), Ticket.business_date == bindparam("day"))
    .scalar_subquery(),
    select(func.max(Ticket.queue_key)).scalar_subquery(),
)


def lock_service(ctx: Context, code: str) -> Service:
    service = ctx.service_by_code(code)
    if ctx.uow.lock_clause():
        ctx.session.connection().execute(_LOCK_SERVICE, {"service_id": service.id})
    return service


def check_open(ctx: Context, service: Service) -> None:
    local = ctx.now.astimezone(ctx.hall.zone()).time()
    avail = availability(
        service.name_id,
        service.name_en,
        service.active,
        service.opens_at,
        service.closes_at,
        local,
    )
    if not avail.open:
        assert avail.reason is not None  # a closed service always says why
        raise ServiceClosed(
            avail.reason,
            service=service.code,
            opens_at=avail.opens_at.isoformat() if avail.opens_at else None,
        )


def last_number_and_key(ctx: Context, service: Service) -> tuple[int, int]:
    """The service's last number today and the queue key of a new ticket (``next_key``),
    in one statement; after ``lock_service``, which makes the number safe to take."""
    params = {"service_id": service.id, "day": ctx.today}
    last, top_key = ctx.session.connection().execute(_LAST_NUMBER_AND_TOP_KEY, params).one()
    return int(last or 0), end_key(top_key)


def daily_limit(service: Service) -> int:
    """How many numbers the service may hand out today: its quota, and never past 999."""
    return min(service.daily_quota or MAX_NUMBER, MAX_NUMBER)


def check_quota(ctx: Context, service: Service, last: int) -> None:
    limit = daily_limit(service)
    if last >= limit:
        reason = quota_reason(service.name_id, service.name_en, limit)
        raise QuotaReached(
            reason,
            service=service.code,
            quota=limit,
        )
