"""The queue use cases: issue, call, recall, start, finish, no-show, transfer, hold, cancel.

Each public method is one unit of work that either commits the change together with its
``queue_events`` rows or changes nothing and raises a typed ``KnownError``.
"""

from __future__ import annotations

import logging

from app.domain.errors import CounterUnavailable, InvalidTransition, NotFound, QueueEmpty
from app.domain.lifecycle import Action
from app.domain.model import (
    OPEN_STATUSES,
    CounterState,
    EventKind,
    IssuedTicket,
    Outcome,
    PrintState,
    TicketStatus,
    TicketView,
)
from app.domain.roles import Actor, Permission, require
from app.i18n import N_
from app.ports import Clock
from app.services import claim, guards, issuing, views
from app.services.audit import AuditAction, record
from app.services.context import Context, UowFactory, counter_unit
from app.services.estimates import HallLoad, open_counters_serving
from app.storage.models import Counter, Service, Ticket

log = logging.getLogger(__name__)


class QueueService:
    def __init__(self, uow: UowFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    # --- kiosk -----------------------------------------------------------------------------
    def issue_ticket(
        self, service_code: str, *, priority: bool = False, printed: bool = True
    ) -> IssuedTicket:
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            service = issuing.lock_service(ctx, service_code)
            issuing.check_open(ctx, service)
            last, key = issuing.last_number_and_key(ctx, service)
            issuing.check_quota(ctx, service, last)
            ticket = Ticket(
                service_id=service.id,
                current_service_id=service.id,
                business_date=ctx.today,
                number=last + 1,
                priority=priority,
                status=TicketStatus.WAITING,
                queue_key=key,
                issue_key=key,
                queued_at=ctx.now,
                issued_at=ctx.now,
                print_state=PrintState.PENDING if printed else PrintState.NOT_PRINTED,
            )
            ctx.session.add(ticket)
            ctx.session.flush()
            estimate = HallLoad.read(ctx).for_ticket(ticket)
            ahead = estimate.people_ahead
            uow.add_event(
                EventKind.ISSUED,
                ctx.now,
                ticket_id=ticket.id,
                data={"priority": priority, "estimate_minutes": estimate.minutes},
            )
            uow.commit()
            return IssuedTicket(
                views.ticket_view(ctx, ticket), service.name_id, service.name_en, ahead, estimate
            )

    def record_print(self, ticket_id: int, *, ok: bool, error: str = "") -> TicketView:
        """The kiosk reports whether the paper came out (after the ticket was committed)."""
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            ticket = ctx.ticket_by_id(ticket_id, lock=True)
            ticket.print_state = PrintState.PRINTED if ok else PrintState.FAILED
            ticket.print_error = None if ok else error[:200]
            kind = EventKind.PRINTED if ok else EventKind.PRINT_FAILED
            uow.add_event(kind, ctx.now, ticket_id=ticket.id, data={} if ok else {"error": error})
            uow.commit()
            return views.ticket_view(ctx, ticket)

    def reprint(self, display: str, *, actor: Actor) -> IssuedTicket:
        """Ticket data for a reprint of today's ticket (same number); recorded as an event
        and audited. ``actor`` needs ``REPRINT``."""
        require(actor, Permission.REPRINT)
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            ticket = ctx.ticket_by_display(display, lock=True)
            guards.require_status(ctx, ticket, *OPEN_STATUSES)
            estimate = HallLoad.read(ctx).for_ticket(ticket)
            ahead = estimate.people_ahead
            uow.add_event(EventKind.REPRINTED, ctx.now, ticket_id=ticket.id, user_id=actor.user_id)
            record(ctx.session, ctx.now, actor, AuditAction.REPRINT, target=display)
            uow.commit()
            origin = ctx.services[ticket.service_id]
            return IssuedTicket(
                views.ticket_view(ctx, ticket), origin.name_id, origin.name_en, ahead, estimate
            )

    # --- counter ---------------------------------------------------------------------------
    def call_next(
        self, counter_number: int, *, actor: Actor, auto_finish: bool = True
    ) -> TicketView:
        """Give the counter its next ticket; finishes (as served) the ticket it had."""
        require(actor, Permission.SERVE, counter=counter_number)
        user_id = actor.user_id
        with self._uow() as uow:
            # copies, written with ``save``: the clerks' most frequent click skips the ORM's
            # identity map and flush (``Context.copy_of``)
            ctx, counter, current = counter_unit(uow, self._clock, counter_number)
            guards.require_open(counter)
            if not ctx.served_service_ids(counter.id):
                raise CounterUnavailable(
                    N_(
                        "Loket {number} belum diatur melayani layanan apa pun. Atur dengan: "
                        "antrean counter assign --counter {number} --services A"
                    ),
                    number=counter.number,
                    counter=counter.number,
                )
            finished = self._clear_counter(ctx, counter, current, user_id, auto_finish)
            ticket = claim.claim_next(ctx, counter)
            if ticket is None:
                if current is not None and finished:
                    ctx.save(current, at_commit=True)
                    uow.commit()
                raise QueueEmpty(
                    N_("Tidak ada antrean untuk loket {number}."),
                    number=counter.number,
                )
            self._mark_called(ctx, ticket, counter, user_id, {})
            ctx.save(*([current] if current is not None else []), counter, ticket, at_commit=True)
            uow.commit()
            return views.ticket_view(ctx, ticket)

    def call_ticket(
        self,
        counter_number: int,
        display: str,
        *,
        actor: Actor,
        auto_finish: bool = True,
    ) -> TicketView:
        """Call one specific waiting ticket out of order (recorded as such, and audited)."""
        require(actor, Permission.SERVE, counter=counter_number)
        user_id = actor.user_id
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            counter = ctx.counter_by_number(counter_number, lock=True)
            guards.require_open(counter)
            ticket = ctx.ticket_by_display(display, lock=True)
            guards.require_status(ctx, ticket, TicketStatus.WAITING)  # checked before the counter
            if ticket.current_service_id not in ctx.served_service_ids(counter.id):
                raise InvalidTransition(
                    N_("Loket {number} tidak melayani {display}."),
                    number=counter.number,
                    display=views.display(ctx, ticket),
                )
            self._clear_counter(ctx, counter, ctx.active_ticket(counter), user_id, auto_finish)
            self._mark_called(ctx, ticket, counter, user_id, {"out_of_order": True})
            record(
                ctx.session,
                ctx.now,
                actor,
                AuditAction.CALL_OUT_OF_ORDER,
                target=display,
                details={"counter": counter.number},
            )
            uow.commit()
            return views.ticket_view(ctx, ticket)

    def recall(self, counter_number: int, *, actor: Actor) -> TicketView:
        require(actor, Permission.SERVE, counter=counter_number)
        user_id = actor.user_id
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            counter = ctx.counter_by_number(counter_number, lock=True)
            ticket = guards.require_active(ctx, counter)
            kind = guards.apply(ctx, ticket, Action.RECALL)
            ticket.recall_count += 1
            ticket.last_called_at = ctx.now
            uow.add_event(
                kind,
                ctx.now,
                ticket_id=ticket.id,
                counter_id=counter.id,
                user_id=user_id,
                data={"recall_count": ticket.recall_count},
            )
            record(
                ctx.session,
                ctx.now,
                actor,
                AuditAction.RECALL,
                target=views.display(ctx, ticket),
                details={"counter": counter.number, "recall_count": ticket.recall_count},
            )
            uow.commit()
            return views.ticket_view(ctx, ticket)

    def start(self, counter_number: int, *, actor: Actor) -> TicketView:
        require(actor, Permission.SERVE, counter=counter_number)
        user_id = actor.user_id
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            counter = ctx.counter_by_number(counter_number, lock=True)
            ticket = guards.require_active(ctx, counter)
            kind = guards.apply(ctx, ticket, Action.START)
            ticket.started_at = ctx.now
            uow.add_event(
                kind,
                ctx.now,
                ticket_id=ticket.id,
                counter_id=counter.id,
                user_id=user_id,
            )
            uow.commit()
            return views.ticket_view(ctx, ticket)

    def finish(
        self,
        counter_number: int,
        outcome: Outcome = Outcome.SERVED,
        *,
        actor: Actor,
    ) -> TicketView:
        require(actor, Permission.SERVE, counter=counter_number)
        user_id = actor.user_id
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            counter = ctx.counter_by_number(counter_number, lock=True)
            ticket = guards.require_active(ctx, counter)
            self._finish(ctx, ticket, counter, Outcome(outcome), user_id, auto=False)
            uow.commit()
            return views.ticket_view(ctx, ticket)

    def no_show(
        self,
        counter_number: int,
        *,
        requeue_after: int | None = None,
        actor: Actor,
    ) -> TicketView:
        """The called citizen did not come: close the ticket, or put it back N places later."""
        require(actor, Permission.SERVE, counter=counter_number)
        user_id = actor.user_id
        if requeue_after is not None and requeue_after < 0:
            raise ValueError("requeue_after must be >= 0")
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            counter = ctx.counter_by_number(counter_number, lock=True)
            ticket = guards.require_active(ctx, counter)
            kind = guards.apply(
                ctx, ticket, Action.NO_SHOW if requeue_after is None else Action.REQUEUE
            )
            uow.add_event(
                EventKind.NO_SHOW,
                ctx.now,
                ticket_id=ticket.id,
                counter_id=counter.id,
                user_id=user_id,
                data={"requeue_after": requeue_after},
            )
            if requeue_after is None:
                ticket.finished_at = ctx.now
            else:
                ticket.counter_id = None
                ticket.queue_key = claim.key_after(ctx, ticket, requeue_after)
                ticket.queued_at = ctx.now
                uow.add_event(
                    kind,
                    ctx.now,
                    ticket_id=ticket.id,
                    counter_id=counter.id,
                    data={"requeue_after": requeue_after},
                )
            uow.commit()
            return views.ticket_view(ctx, ticket)

    def transfer(
        self,
        counter_number: int,
        *,
        to_service: str | None = None,
        to_counter: int | None = None,
        front: bool = False,
        force: bool = False,
        actor: Actor,
    ) -> TicketView:
        """Send the counter's ticket to another service and/or counter; it keeps its number.

        A target nobody can call from now (a closed or paused counter, a service no open
        counter serves) is refused with ``InvalidTransition`` (details ``confirm=True``)
        unless ``force`` confirms it; an inactive service or a counter that does not serve
        the service is always refused.
        """
        if to_service is None and to_counter is None:
            raise InvalidTransition(N_("Pilih layanan atau loket tujuan."))
        require(actor, Permission.SERVE, counter=counter_number)
        user_id = actor.user_id
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            counter = ctx.counter_by_number(counter_number, lock=True)
            ticket = guards.require_active(ctx, counter)
            service = (
                ctx.service_by_code(to_service)
                if to_service
                else ctx.services[ticket.current_service_id]
            )
            target = ctx.counter_by_number(to_counter) if to_counter is not None else None
            self._check_transfer_target(ctx, service, target, counter, force=force)
            kind = guards.apply(ctx, ticket, Action.TRANSFER)
            ticket.current_service_id = service.id
            ticket.target_counter_id = target.id if target else None
            ticket.counter_id = None
            ticket.transfer_count += 1
            ticket.queue_key = ticket.issue_key if front else claim.next_key(ctx)
            ticket.queued_at = ctx.now
            uow.add_event(
                kind,
                ctx.now,
                ticket_id=ticket.id,
                counter_id=counter.id,
                user_id=user_id,
                data={"to_service": service.code, "to_counter": to_counter, "front": front},
            )
            uow.commit()
            return views.ticket_view(ctx, ticket)

    def hold(self, counter_number: int, *, actor: Actor) -> TicketView:
        """Park the counter's ticket (citizen fetching a document); the counter is free again."""
        require(actor, Permission.SERVE, counter=counter_number)
        user_id = actor.user_id
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            counter = ctx.counter_by_number(counter_number, lock=True)
            ticket = guards.require_active(ctx, counter)
            kind = guards.apply(ctx, ticket, Action.HOLD)
            uow.add_event(
                kind, ctx.now, ticket_id=ticket.id, counter_id=counter.id, user_id=user_id
            )
            uow.commit()
            return views.ticket_view(ctx, ticket)

    def return_held(self, counter_number: int, display: str, *, actor: Actor) -> TicketView:
        require(actor, Permission.SERVE, counter=counter_number)
        user_id = actor.user_id
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            counter = ctx.counter_by_number(counter_number, lock=True)
            guards.require_open(counter)
            ticket = ctx.ticket_by_display(display, lock=True)
            guards.require_status(ctx, ticket, TicketStatus.HELD)  # before the counter checks
            if ticket.counter_id != counter.id:
                raise InvalidTransition(
                    N_("{display} ditunda di loket lain."),
                    display=views.display(ctx, ticket),
                )
            if ctx.active_ticket(counter) is not None:
                raise InvalidTransition(
                    N_("Selesaikan dulu nomor yang sedang di loket {number}."),
                    number=counter.number,
                )
            kind = guards.apply(
                ctx, ticket, Action.RETURN_STARTED if ticket.started_at else Action.RETURN
            )
            ticket.last_called_at = ctx.now
            uow.add_event(
                kind,
                ctx.now,
                ticket_id=ticket.id,
                counter_id=counter.id,
                user_id=user_id,
            )
            uow.commit()
            return views.ticket_view(ctx, ticket)

    def cancel(self, display: str, *, actor: Actor) -> TicketView:
        """Cancel a ticket (an override: ``actor`` needs ``OVERRIDE``; audited)."""
        require(actor, Permission.OVERRIDE)
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            ticket = ctx.ticket_by_display(display, lock=True)
            status = ticket.status
            kind = guards.apply(ctx, ticket, Action.CANCEL)
            ticket.finished_at = ctx.now
            uow.add_event(kind, ctx.now, ticket_id=ticket.id, user_id=actor.user_id)
            record(
                ctx.session,
                ctx.now,
                actor,
                AuditAction.CANCEL,
                target=display,
                details={"status": status},
            )
            uow.commit()
            return views.ticket_view(ctx, ticket)

    # --- internals -------------------------------------------------------------------------
    def _clear_counter(
        self,
        ctx: Context,
        counter: Counter,
        current: Ticket | None,
        user_id: int | None,
        auto_finish: bool,
    ) -> bool:
        """Finish (or expire, of an earlier day) ``current``, the counter's ticket; whether
        there was one. The caller writes it (a session row, or a copy it ``save``s)."""
        if current is None:
            return False
        if current.business_date != ctx.today:
            kind = guards.apply(ctx, current, Action.EXPIRE)
            current.finished_at = ctx.now
            ctx.uow.add_event(
                kind,
                ctx.now,
                ticket_id=current.id,
                counter_id=counter.id,
                data={"stale": True},
            )
            return True
        if not auto_finish:
            raise InvalidTransition(
                N_("Loket {number} masih melayani {display}."),
                number=counter.number,
                display=views.display(ctx, current),
            )
        self._finish(ctx, current, counter, Outcome.SERVED, user_id, auto=True)
        return True

    def _finish(
        self,
        ctx: Context,
        ticket: Ticket,
        counter: Counter,
        outcome: Outcome,
        user_id: int | None,
        *,
        auto: bool,
    ) -> None:
        kind = guards.apply(ctx, ticket, Action.FINISH)
        ticket.outcome = outcome
        ticket.finished_at = ctx.now
        ctx.uow.add_event(
            kind,
            ctx.now,
            ticket_id=ticket.id,
            counter_id=counter.id,
            user_id=user_id,
            data={"outcome": outcome.value, "auto": auto},
        )

    def _mark_called(
        self,
        ctx: Context,
        ticket: Ticket,
        counter: Counter,
        user_id: int | None,
        data: dict[str, object],
    ) -> None:
        kind = guards.apply(ctx, ticket, Action.CALL)
        ticket.counter_id = counter.id
        ticket.target_counter_id = None
        if ticket.called_at is None:
            ticket.called_at = ctx.now
        ticket.last_called_at = ctx.now
        ctx.uow.add_event(
            kind,
            ctx.now,
            ticket_id=ticket.id,
            counter_id=counter.id,
            user_id=user_id,
            data=dict(data),
        )

    def _check_transfer_target(
        self,
        ctx: Context,
        service: Service,
        target: Counter | None,
        origin: Counter,
        *,
        force: bool,
    ) -> None:
        if not service.active:
            raise InvalidTransition(
                N_("Layanan {name_id} sedang tidak aktif."),
                name_id=service.name_id,
                name_en=service.name_en,
            )
        if target is not None:
            if target.id == origin.id:
                raise InvalidTransition(N_("Loket tujuan sama dengan loket ini."))
            if service.id not in ctx.served_service_ids(target.id):
                raise NotFound(
                    N_("Loket {number} tidak melayani {name_id}."),
                    number=target.number,
                    name_id=service.name_id,
                    name_en=service.name_en,
                )
            if force or (target.active and target.state == CounterState.OPEN):
                return
            raise InvalidTransition(
                N_(
                    "Loket {number} sedang tidak buka; nomor ini akan menunggu sampai "
                    "loket itu dibuka. Konfirmasi untuk tetap memindahkan."
                ),
                number=target.number,
                confirm=True,
                counter=target.number,
            )
        if force or open_counters_serving(ctx, service):
            return
        raise InvalidTransition(
            N_(
                "Tidak ada loket buka yang melayani {name_id}; nomor ini akan menunggu "
                "sampai ada. Konfirmasi untuk tetap memindahkan."
            ),
            name_id=service.name_id,
            name_en=service.name_en,
            confirm=True,
            service=service.code,
        )
