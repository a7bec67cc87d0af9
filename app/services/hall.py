"""Hall-level use cases: counters, the business day, status, listings, settings, the feed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from app.domain.errors import InvalidTransition
from app.domain.hall import HallConfig
from app.domain.hours import availability
from app.domain.model import (
    CounterState,
    CounterView,
    EventKind,
    Outcome,
    QueueEvent,
    ServiceStatus,
    ServiceView,
    TicketStatus,
    TicketView,
)
from app.domain.numbering import format_number
from app.ports import Clock
from app.services.context import HALL_KEY, STATE_ID, Context, UowFactory
from app.services.estimates import estimate_for, open_counters_serving
from app.services.issuing import daily_limit
from app.storage.models import Counter, QueueEventRow, Setting, Ticket

_COUNTER_MOVES: dict[EventKind, tuple[tuple[CounterState, ...], CounterState]] = {
    EventKind.COUNTER_OPENED: ((CounterState.CLOSED, CounterState.PAUSED), CounterState.OPEN),
    EventKind.COUNTER_PAUSED: ((CounterState.OPEN,), CounterState.PAUSED),
    EventKind.COUNTER_RESUMED: ((CounterState.PAUSED,), CounterState.OPEN),
    EventKind.COUNTER_CLOSED: ((CounterState.OPEN, CounterState.PAUSED), CounterState.CLOSED),
}


class HallService:
    def __init__(self, uow: UowFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    # --- counters --------------------------------------------------------------------------
    def open_counter(self, number: int, *, user_id: int | None = None) -> CounterView:
        return self._move_counter(number, EventKind.COUNTER_OPENED, user_id)

    def pause_counter(self, number: int, *, user_id: int | None = None) -> CounterView:
        return self._move_counter(number, EventKind.COUNTER_PAUSED, user_id)

    def resume_counter(self, number: int, *, user_id: int | None = None) -> CounterView:
        return self._move_counter(number, EventKind.COUNTER_RESUMED, user_id)

    def close_counter(self, number: int, *, user_id: int | None = None) -> CounterView:
        return self._move_counter(number, EventKind.COUNTER_CLOSED, user_id)

    def _move_counter(self, number: int, kind: EventKind, user_id: int | None) -> CounterView:
        allowed, target = _COUNTER_MOVES[kind]
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            counter = ctx.counter_by_number(number, lock=True)
            state = CounterState(counter.state)
            if state not in allowed:
                raise InvalidTransition(
                    f"Loket {number} sedang {STATE_ID[state]}.",
                    f"Counter {number} is already {state.value}.",
                )
            if target == CounterState.CLOSED and ctx.active_ticket(counter) is not None:
                raise InvalidTransition(
                    f"Selesaikan dulu nomor yang sedang dilayani di loket {number}.",
                    f"Finish the ticket at counter {number} before closing it.",
                )
            counter.state = target
            uow.add_event(kind, ctx.now, counter_id=counter.id, user_id=user_id)
            uow.commit()
            return ctx.counter_view(counter)

    def counters(self) -> list[CounterView]:
        with self._uow(readonly=True) as uow:
            ctx = Context(uow, self._clock)
            ordered = sorted(ctx.counters.values(), key=lambda c: c.number)
            return [ctx.counter_view(c) for c in ordered]

    def services(self) -> list[ServiceView]:
        with self._uow(readonly=True) as uow:
            ctx = Context(uow, self._clock)
            ordered = sorted(ctx.services.values(), key=lambda s: (s.position, s.code))
            return [ctx.service_view(s) for s in ordered]

    # --- the business day ------------------------------------------------------------------
    def business_date(self) -> dt.date:
        with self._uow(readonly=True) as uow:
            return Context(uow, self._clock).today

    def close_day(self, *, user_id: int | None = None) -> int:
        """Expire every ticket still open (today and earlier) and close all counters.

        History is kept; numbering restarts by itself on the next business day.
        Returns how many tickets were expired.
        """
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            if uow.lock_clause():  # counters before tickets, the order every action uses
                ctx.session.execute(select(Counter.id).order_by(Counter.id).with_for_update())
            stmt = (
                select(Ticket)
                .where(
                    Ticket.business_date <= ctx.today,
                    Ticket.status.in_([s.value for s in TicketStatus if s.is_open]),
                )
                .order_by(Ticket.id)
            )
            if uow.lock_clause():
                stmt = stmt.with_for_update()
            expired = 0
            for ticket in ctx.session.scalars(stmt):
                ticket.status = TicketStatus.EXPIRED
                ticket.finished_at = ctx.now
                uow.add_event(EventKind.EXPIRED, ctx.now, ticket_id=ticket.id)
                expired += 1
            for counter in ctx.counters.values():
                if counter.state != CounterState.CLOSED:
                    counter.state = CounterState.CLOSED
                    uow.add_event(EventKind.COUNTER_CLOSED, ctx.now, counter_id=counter.id)
            uow.add_event(
                EventKind.DAY_CLOSED,
                ctx.now,
                user_id=user_id,
                data={"business_date": ctx.today.isoformat(), "expired": expired},
            )
            uow.commit()
            return expired

    # --- reading ---------------------------------------------------------------------------
    def status(self) -> list[ServiceStatus]:
        with self._uow(readonly=True) as uow:
            ctx = Context(uow, self._clock)
            local = ctx.now.astimezone(ctx.hall.zone()).time()
            result = []
            for s in sorted(ctx.services.values(), key=lambda s: (s.position, s.code)):
                waiting = ctx.waiting_by_service().get(s.id, 0)
                avail = availability(s.name_id, s.name_en, s.active, s.opens_at, s.closes_at, local)
                issued = self._count(ctx, Ticket.service_id == s.id)
                served = self._count(
                    ctx,
                    Ticket.current_service_id == s.id,
                    Ticket.status == TicketStatus.FINISHED,
                    Ticket.outcome == Outcome.SERVED,
                )
                limit = daily_limit(s)
                full = issued >= limit
                reason = avail.reason_id or (f"Kuota {limit} nomor habis" if full else None)
                result.append(
                    ServiceStatus(
                        code=s.code,
                        name_id=s.name_id,
                        name_en=s.name_en,
                        waiting=waiting,
                        waiting_priority=ctx.waiting_count([s.id], priority=True),
                        issued_today=issued,
                        served_today=served,
                        open_counters=len(open_counters_serving(ctx, s)),
                        estimate_minutes=estimate_for(ctx, s, waiting).minutes,
                        is_open_now=avail.open and not full,
                        closed_reason=reason,
                    )
                )
            return result

    @staticmethod
    def _count(ctx: Context, *where: object) -> int:
        stmt = select(func.count(Ticket.id)).where(Ticket.business_date == ctx.today, *where)  # type: ignore[arg-type]
        return int(ctx.session.scalar(stmt) or 0)

    def tickets(
        self, statuses: list[TicketStatus] | None = None, *, day: dt.date | None = None
    ) -> list[TicketView]:
        with self._uow(readonly=True) as uow:
            ctx = Context(uow, self._clock)
            stmt = select(Ticket).where(Ticket.business_date == (day or ctx.today))
            if statuses:
                stmt = stmt.where(Ticket.status.in_([s.value for s in statuses]))
            stmt = stmt.order_by(Ticket.queued_at, Ticket.id)
            return [ctx.ticket_view(t) for t in ctx.session.scalars(stmt)]

    def ticket(self, display: str) -> TicketView:
        with self._uow(readonly=True) as uow:
            ctx = Context(uow, self._clock)
            return ctx.ticket_view(ctx.ticket_by_display(display))

    def events_after(self, seq: int, limit: int = 500) -> list[QueueEvent]:
        """The live feed: events with a sequence number above ``seq``, oldest first."""
        with self._uow(readonly=True) as uow:
            ctx = Context(uow, self._clock)
            rows = ctx.session.scalars(
                select(QueueEventRow)
                .where(QueueEventRow.seq > seq)
                .order_by(QueueEventRow.seq)
                .limit(limit)
            ).all()
            tickets = {
                t.id: t
                for t in ctx.session.scalars(
                    select(Ticket).where(Ticket.id.in_({r.ticket_id for r in rows if r.ticket_id}))
                )
            }
            return [self._event(ctx, r, tickets.get(r.ticket_id or -1)) for r in rows]

    @staticmethod
    def _event(ctx: Context, row: QueueEventRow, ticket: Ticket | None) -> QueueEvent:
        counter = ctx.counters.get(row.counter_id) if row.counter_id else None
        display = format_number(ctx.code_of(ticket.service_id), ticket.number) if ticket else None
        return QueueEvent(
            seq=row.seq,
            kind=EventKind(row.kind),
            at=row.at,
            ticket_id=row.ticket_id,
            ticket_display=display,
            counter_number=counter.number if counter else None,
            data=dict(row.data or {}),
        )

    def latest_seq(self) -> int:
        with self._uow(readonly=True) as uow:
            return int(uow.session.scalar(select(func.max(QueueEventRow.seq))) or 0)

    # --- settings --------------------------------------------------------------------------
    def hall_config(self) -> HallConfig:
        with self._uow(readonly=True) as uow:
            return Context(uow, self._clock).hall

    def update_hall_config(self, **changes: object) -> HallConfig:
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            new = ctx.hall.with_changes(**changes)
            row = ctx.session.get(Setting, HALL_KEY)
            if row is None:
                ctx.session.add(Setting(key=HALL_KEY, value=new.to_json()))
            else:
                row.value = new.to_json()
            uow.add_event(EventKind.SETTINGS_CHANGED, ctx.now, data={"keys": sorted(changes)})
            uow.commit()
            return new
