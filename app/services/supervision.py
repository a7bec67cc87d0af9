"""Live supervision: the hall at one instant as a supervisor watches it, and their overrides.

``SupervisionService.snapshot`` reads, in one read-only unit of work, every counter (state,
the ticket it has called or is serving, since when, the clerk who acted there last), every
service's queue against its service-level target (``services.target_minutes``, the hall's
*Standar Pelayanan*), the alerts those figures raise, today's open tickets whose print failed
and the HQ link's state. It changes nothing.

Alerts (``Alert.kind``):

* ``target``: the oldest waiting ticket of a service has waited longer than the service's
  target, or a ticket issued now would (the estimate, ``app.domain.estimate``);
* ``queue``: more tickets wait for a service than the hall's ``queue_alert_threshold``
  (``HallConfig``, default ``QUEUE_ALERT_THRESHOLD`` = 15; ``antrean hall set
  queue_alert_threshold=N`` or the Hall identity page), unless the caller passes another;
* ``unserved``: tickets wait for a service no open counter serves.

The overrides (``move_ticket``, ``force_close``) need ``Permission.OVERRIDE``; each records the
acting user on its queue events and writes its audit row (``app.services.audit``) in the same
unit of work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from app.domain.errors import InvalidTransition, NotFound
from app.domain.hall import QUEUE_ALERT_THRESHOLD as HALL_QUEUE_ALERT_THRESHOLD
from app.domain.lifecycle import Action
from app.domain.model import CounterState, EventKind, PrintState, TicketStatus
from app.domain.roles import Actor, Permission, require
from app.domain.stored_text import read
from app.domain.wording import Bilingual
from app.i18n import N_, pick
from app.ports import Clock
from app.services import guards, views
from app.services.audit import AuditAction, record
from app.services.context import Context, UowFactory
from app.services.status import service_statuses
from app.storage.models import Counter, QueueEventRow, SyncState, Ticket, User
from app.storage.uow import UnitOfWorkFactory

if TYPE_CHECKING:
    from sqlalchemy import Engine

# The default of the hall's ``queue_alert_threshold`` (waiting tickets of one service that
# raise a "queue" alert).
QUEUE_ALERT_THRESHOLD = HALL_QUEUE_ALERT_THRESHOLD
MOVE_TICKET = "move_ticket"  # the audit action of a supervisor moving a waiting ticket


@dataclass(frozen=True, slots=True)
class CounterLine:
    number: int
    name: str
    state: CounterState
    active: bool
    service_codes: tuple[str, ...]
    ticket: str | None  # the ticket called or being served here
    ticket_status: TicketStatus | None
    since: dt.datetime | None  # when that ticket was called (or started), UTC
    clerk: str | None  # the user who acted at this counter last


@dataclass(frozen=True, slots=True)
class ServiceLine:
    code: str
    name_id: str
    name_en: str
    active: bool
    waiting: int
    waiting_priority: int
    oldest_wait_minutes: float | None  # the longest any waiting ticket has waited
    estimate_minutes: int | None  # a ticket issued now (None: no open counter serves it)
    target_minutes: int
    open_counters: int

    def name(self, lang: str) -> str:
        return pick(lang, self.name_id, self.name_en)

    @property
    def breached(self) -> bool:
        waited = self.oldest_wait_minutes is not None and self.oldest_wait_minutes > (
            self.target_minutes
        )
        expected = self.estimate_minutes is not None and self.estimate_minutes > (
            self.target_minutes
        )
        return self.waiting > 0 and (waited or expected)


@dataclass(frozen=True, slots=True)
class Alert:
    kind: str  # "target" | "queue" | "unserved"
    service_code: str
    text: Bilingual

    def message(self, lang: str) -> str:
        return self.text.text(lang)


@dataclass(frozen=True, slots=True)
class WaitingTicket:
    display: str
    service_code: str
    priority: bool
    target_counter: int | None
    queued_at: dt.datetime


@dataclass(frozen=True, slots=True)
class PrintFailure:
    display: str
    status: TicketStatus
    issued_at: dt.datetime
    error: str


@dataclass(frozen=True, slots=True)
class SyncLine:
    endpoint: str
    pending: int  # events after the last one HQ acknowledged
    last_success_at: dt.datetime | None
    last_error: Bilingual | None  # the sync worker's last error, in both languages
    held: int  # dead letters: records HQ refused
    notice: Bilingual | None


@dataclass(frozen=True, slots=True)
class Supervision:
    now: dt.datetime
    business_date: dt.date
    counters: tuple[CounterLine, ...]
    services: tuple[ServiceLine, ...]
    alerts: tuple[Alert, ...]
    waiting: tuple[WaitingTicket, ...]  # in queue order: what "move" can pick from
    print_failed: tuple[PrintFailure, ...]
    sync: tuple[SyncLine, ...]  # empty: this hall never synced to HQ
    seq: int
    queue_threshold: int
    timezone: str = "Asia/Jakarta"  # the hall's, for showing times

    def local(self, at: dt.datetime) -> dt.datetime:
        """``at`` in the hall's time zone."""
        return at.astimezone(ZoneInfo(self.timezone))


class SupervisionService:
    def __init__(self, uow: UowFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    @classmethod
    def for_engine(cls, engine: Engine, clock: Clock) -> SupervisionService:
        """The service on ``engine`` (the ``Core``'s), for callers that hold no unit-of-work
        factory of their own (the entry point, screenshots)."""
        return cls(UnitOfWorkFactory(engine), clock)

    def snapshot(self, *, actor: Actor, queue_threshold: int | None = None) -> Supervision:
        """The hall now (``Permission.SUPERVISE``); one read-only unit of work.

        ``queue_threshold`` None: the hall's ``queue_alert_threshold`` setting."""
        require(actor, Permission.SUPERVISE)
        with self._uow(readonly=True) as uow:
            ctx = Context(uow, self._clock)
            if queue_threshold is None:
                queue_threshold = ctx.hall.queue_alert_threshold
            counters = _counters(ctx)
            services = _services(ctx)
            waiting = _waiting(ctx)
            return Supervision(
                now=ctx.now,
                business_date=ctx.today,
                counters=counters,
                services=services,
                alerts=tuple(alerts_for(services, queue_threshold)),
                waiting=waiting,
                print_failed=_print_failed(ctx),
                sync=_sync(ctx),
                seq=int(ctx.session.scalar(select(func.max(QueueEventRow.seq))) or 0),
                queue_threshold=queue_threshold,
                timezone=ctx.hall.timezone,
            )

    def move_ticket(
        self,
        display: str,
        *,
        actor: Actor,
        to_service: str | None = None,
        to_counter: int | None = None,
    ) -> str:
        """Move today's *waiting* ticket ``display`` to another service's queue and/or reserve
        it for one counter (``Permission.OVERRIDE``). It keeps its number and its place (the
        place it was issued with). Returns the ticket's display.

        Refused: a ticket that is not waiting (``InvalidTransition``), an inactive service, a
        counter that does not serve the service (``NotFound``), nothing to change.
        """
        require(actor, Permission.OVERRIDE)
        if to_service is None and to_counter is None:
            raise InvalidTransition(N_("Pilih layanan atau loket tujuan."))
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            ticket = ctx.ticket_by_display(display, lock=True)
            guards.require_status(ctx, ticket, TicketStatus.WAITING)
            service = (
                ctx.service_by_code(to_service)
                if to_service
                else ctx.services[ticket.current_service_id]
            )
            if not service.active:
                raise InvalidTransition(
                    N_("Layanan {name} sedang tidak aktif."),
                    name=Bilingual.data(service.name_id, service.name_en),
                )
            target = ctx.counter_by_number(to_counter) if to_counter is not None else None
            if target is not None and service.id not in ctx.served_service_ids(target.id):
                raise NotFound(
                    N_("Loket {number} tidak melayani {name}."),
                    number=target.number,
                    name=Bilingual.data(service.name_id, service.name_en),
                )
            ticket.current_service_id = service.id
            ticket.target_counter_id = target.id if target else None
            ticket.queue_key = ticket.issue_key
            ticket.transfer_count += 1
            uow.add_event(
                EventKind.TRANSFERRED,
                ctx.now,
                ticket_id=ticket.id,
                user_id=actor.user_id,
                data={
                    "to_service": service.code,
                    "to_counter": to_counter,
                    "front": True,
                    "override": True,
                },
            )
            shown = views.display(ctx, ticket)
            record(
                uow.session,
                ctx.now,
                actor,
                MOVE_TICKET,
                target=shown,
                details={"to_service": service.code, "to_counter": to_counter},
            )
            uow.commit()
            return shown

    def force_close(self, counter_number: int, *, actor: Actor) -> str | None:
        """Close a counter left open (``Permission.OVERRIDE``). A ticket it had called or was
        serving goes back to the front of its service's queue (the citizen keeps the number).
        Returns that ticket's display, or None. A closed counter is refused
        (``InvalidTransition``)."""
        require(actor, Permission.OVERRIDE)
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            counter = ctx.counter_by_number(counter_number, lock=True)
            if counter.state == CounterState.CLOSED:
                raise InvalidTransition(N_("Loket {number} sudah tutup."), number=counter.number)
            returned = _return_active(ctx, counter, actor)
            counter.state = CounterState.CLOSED
            uow.add_event(
                EventKind.COUNTER_CLOSED,
                ctx.now,
                counter_id=counter.id,
                user_id=actor.user_id,
                data={"forced": True},
            )
            record(
                uow.session,
                ctx.now,
                actor,
                AuditAction.FORCE_CLOSE,
                target=f"counter {counter.number}",
                details={"returned": returned},
            )
            uow.commit()
            return returned


def alerts_for(services: tuple[ServiceLine, ...], queue_threshold: int) -> list[Alert]:
    found: list[Alert] = []
    for s in services:
        name = Bilingual.data(s.name_id, s.name_en)
        if s.waiting and s.open_counters == 0:
            text = N_("{code} {name}: {waiting} menunggu, tidak ada loket buka.")
            found.append(
                Alert(
                    "unserved",
                    s.code,
                    Bilingual.of(text, code=s.code, name=name, waiting=s.waiting),
                )
            )
        if s.breached:
            text = N_("{code} {name}: melewati target {minutes} menit.")
            found.append(
                Alert(
                    "target",
                    s.code,
                    Bilingual.of(text, code=s.code, name=name, minutes=s.target_minutes),
                )
            )
        if s.waiting > queue_threshold:
            text = N_("{code} {name}: {waiting} menunggu (batas {limit}).")
            found.append(
                Alert(
                    "queue",
                    s.code,
                    Bilingual.of(
                        text, code=s.code, name=name, waiting=s.waiting, limit=queue_threshold
                    ),
                )
            )
    return found


def _return_active(ctx: Context, counter: Counter, actor: Actor) -> str | None:
    ticket = ctx.active_ticket(counter)
    if ticket is None:
        return None
    kind = guards.apply(ctx, ticket, Action.TRANSFER)
    ticket.counter_id = None
    ticket.target_counter_id = None
    ticket.queue_key = ticket.issue_key
    ticket.queued_at = ctx.now
    ctx.uow.add_event(
        kind,
        ctx.now,
        ticket_id=ticket.id,
        counter_id=counter.id,
        user_id=actor.user_id,
        data={
            "to_service": ctx.code_of(ticket.current_service_id),
            "to_counter": None,
            "front": True,
            "override": True,
        },
    )
    return views.display(ctx, ticket)


def _counters(ctx: Context) -> tuple[CounterLine, ...]:
    ordered = sorted(ctx.counters.values(), key=lambda c: c.number)
    active = ctx.active_tickets(c.id for c in ordered)
    last_user = (
        select(QueueEventRow.counter_id, func.max(QueueEventRow.seq).label("seq"))
        .where(QueueEventRow.counter_id.is_not(None), QueueEventRow.user_id.is_not(None))
        .group_by(QueueEventRow.counter_id)
        .subquery()
    )
    clerks = {
        cid: name
        for cid, name in ctx.session.execute(
            select(QueueEventRow.counter_id, User.username)
            .join(last_user, QueueEventRow.seq == last_user.c.seq)
            .join(User, User.id == QueueEventRow.user_id)
        )
        if cid is not None
    }
    lines = []
    for c in ordered:
        t = active.get(c.id)
        lines.append(
            CounterLine(
                number=c.number,
                name=c.name,
                state=CounterState(c.state),
                active=c.active,
                service_codes=tuple(ctx.code_of(s) for s in ctx.served_service_ids(c.id)),
                ticket=views.display(ctx, t) if t else None,
                ticket_status=TicketStatus(t.status) if t else None,
                since=(t.started_at or t.last_called_at) if t else None,
                clerk=clerks.get(c.id),
            )
        )
    return tuple(lines)


def _services(ctx: Context) -> tuple[ServiceLine, ...]:
    oldest = {
        int(sid): at
        for sid, at in ctx.session.execute(
            select(Ticket.current_service_id, func.min(Ticket.queued_at))
            .where(Ticket.business_date == ctx.today, Ticket.status == TicketStatus.WAITING)
            .group_by(Ticket.current_service_id)
        )
    }
    by_code = {s.code: s for s in ctx.services.values()}
    lines = []
    for status in service_statuses(ctx):
        s = by_code[status.code]
        since = oldest.get(s.id)
        waited = None
        if since is not None:
            waited = max(0.0, (ctx.now - since).total_seconds() / 60)
        lines.append(
            ServiceLine(
                code=s.code,
                name_id=s.name_id,
                name_en=s.name_en,
                active=s.active,
                waiting=status.waiting,
                waiting_priority=status.waiting_priority,
                oldest_wait_minutes=waited,
                estimate_minutes=status.estimate_minutes,
                target_minutes=s.target_minutes,
                open_counters=status.open_counters,
            )
        )
    return tuple(lines)


def _waiting(ctx: Context) -> tuple[WaitingTicket, ...]:
    rows = ctx.session.scalars(
        select(Ticket)
        .where(Ticket.business_date == ctx.today, Ticket.status == TicketStatus.WAITING)
        .order_by(Ticket.queue_key, Ticket.id)
    )
    result = []
    for t in rows:
        target = ctx.counters.get(t.target_counter_id) if t.target_counter_id else None
        result.append(
            WaitingTicket(
                display=views.display(ctx, t),
                service_code=ctx.code_of(t.current_service_id),
                priority=t.priority,
                target_counter=target.number if target else None,
                queued_at=t.queued_at,
            )
        )
    return tuple(result)


def _print_failed(ctx: Context) -> tuple[PrintFailure, ...]:
    rows = ctx.session.scalars(
        select(Ticket)
        .where(
            Ticket.business_date == ctx.today,
            Ticket.print_state == PrintState.FAILED,
            Ticket.status.in_([s.value for s in TicketStatus if s.is_open]),
        )
        .order_by(Ticket.id)
    )
    return tuple(
        PrintFailure(
            views.display(ctx, t), TicketStatus(t.status), t.issued_at, t.print_error or ""
        )
        for t in rows
    )


def _sync(ctx: Context) -> tuple[SyncLine, ...]:
    latest = int(ctx.session.scalar(select(func.max(QueueEventRow.seq))) or 0)
    return tuple(
        SyncLine(
            endpoint=r.endpoint,
            pending=max(0, latest - r.last_acked_seq),
            last_success_at=r.last_success_at,
            last_error=read(r.last_error),
            held=len(r.dead_letters or []),
            notice=read(r.notice),
        )
        for r in ctx.session.scalars(select(SyncState).order_by(SyncState.endpoint))
    )
