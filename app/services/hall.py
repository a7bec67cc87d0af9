"""Hall-level use cases: counters, the business day, status, listings, settings, the feed."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from app.domain.clock import ClockStatus, implausible, plausible
from app.domain.errors import InvalidTransition
from app.domain.hall import HallConfig
from app.domain.lifecycle import Action, CounterAction, counter_transition
from app.domain.model import (
    CounterState,
    CounterView,
    EventKind,
    QueueEvent,
    ServiceStatus,
    ServiceView,
    TicketStatus,
    TicketView,
)
from app.domain.numbering import format_number
from app.domain.roles import Actor, Permission, require
from app.i18n import N_
from app.ports import Clock
from app.services import guards, views
from app.services.audit import AuditAction, record
from app.services.context import HALL_KEY, Context, UowFactory
from app.services.logo import LOGO_KEY, HallLogo, checked_logo
from app.services.status import service_statuses
from app.storage.models import Counter, QueueEventRow, Service, Setting, Ticket

if TYPE_CHECKING:
    from app.services.access import AccessService

RUNNING_TEXT_KEYS = frozenset({"marquee", "marquee_en"})


class HallService:
    def __init__(self, uow: UowFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def access_service(self) -> AccessService:
        """Sign-ins and the kiosk PIN on the same database (for a front end given only this
        service, such as the kiosk)."""
        from app.services.access import AccessService

        return AccessService(self._uow, self._clock)

    # --- counters --------------------------------------------------------------------------
    # ``actor`` needs ``SERVE`` at the counter (a clerk only at their own). A supervisor or
    # admin closing a counter they are not signed in at force-closes it (audited).
    def open_counter(self, number: int, *, actor: Actor) -> CounterView:
        return self._move_counter(number, CounterAction.OPEN, actor)

    def pause_counter(self, number: int, *, actor: Actor) -> CounterView:
        return self._move_counter(number, CounterAction.PAUSE, actor)

    def resume_counter(self, number: int, *, actor: Actor) -> CounterView:
        return self._move_counter(number, CounterAction.RESUME, actor)

    def close_counter(self, number: int, *, actor: Actor) -> CounterView:
        return self._move_counter(number, CounterAction.CLOSE, actor)

    def _move_counter(self, number: int, action: CounterAction, actor: Actor) -> CounterView:
        require(actor, Permission.SERVE, counter=number)
        user_id = actor.user_id
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            counter = ctx.counter_by_number(number, lock=True)
            move = counter_transition(counter.state, action, number)
            target, kind = move.to, move.event
            if target == CounterState.CLOSED and ctx.active_ticket(counter) is not None:
                raise InvalidTransition(
                    N_("Selesaikan dulu nomor yang sedang dilayani di loket {number}."),
                    number=number,
                )
            before = counter.state
            counter.state = target
            uow.add_event(kind, ctx.now, counter_id=counter.id, user_id=user_id)
            forced = action is CounterAction.CLOSE and not actor.device and actor.counter != number
            if forced:
                record(
                    ctx.session,
                    ctx.now,
                    actor,
                    AuditAction.FORCE_CLOSE,
                    target=f"counter {number}",
                    details={"state": before, "last_clerk": self._last_user(ctx, counter.id)},
                )
            uow.commit()
            return views.counter_view(ctx, counter)

    @staticmethod
    def _last_user(ctx: Context, counter_id: int) -> int | None:
        return ctx.session.scalar(
            select(QueueEventRow.user_id)
            .where(QueueEventRow.counter_id == counter_id, QueueEventRow.user_id.is_not(None))
            .order_by(QueueEventRow.seq.desc())
            .limit(1)
        )

    def counters(self) -> list[CounterView]:
        with self._uow(readonly=True) as uow:
            ctx = Context(uow, self._clock)
            ordered = sorted(ctx.counters.values(), key=lambda c: c.number)
            return views.counter_views(ctx, ordered)

    def services(self) -> list[ServiceView]:
        with self._uow(readonly=True) as uow:
            ctx = Context(uow, self._clock)
            ordered = sorted(ctx.services.values(), key=lambda s: (s.position, s.code))
            return [views.service_view(s) for s in ordered]

    # --- the business day ------------------------------------------------------------------
    def business_date(self) -> dt.date:
        with self._uow(readonly=True) as uow:
            return Context(uow, self._clock).today

    def close_day(self, *, actor: Actor) -> int:
        """Expire every ticket still open (of any day) and close all counters.

        History is kept; numbering restarts by itself on the next business day.
        Returns how many tickets were expired. ``actor`` needs ``CLOSE_DAY`` (audited).
        """
        require(actor, Permission.CLOSE_DAY)
        user_id = actor.user_id
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            if uow.lock_clause():  # counters before tickets, the order every action uses
                ctx.session.execute(select(Counter.id).order_by(Counter.id).with_for_update())
            # Every open ticket, whatever its day: also those dated ahead by a clock that
            # ran fast and was corrected since.
            stmt = (
                select(Ticket)
                .where(Ticket.status.in_([s.value for s in TicketStatus if s.is_open]))
                .order_by(Ticket.id)
            )
            if uow.lock_clause():
                stmt = stmt.with_for_update()
            expired = 0
            for ticket in ctx.session.scalars(stmt):
                kind = guards.apply(ctx, ticket, Action.EXPIRE)
                ticket.finished_at = ctx.now
                uow.add_event(kind, ctx.now, ticket_id=ticket.id)
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
            record(
                ctx.session,
                ctx.now,
                actor,
                AuditAction.CLOSE_DAY,
                target=ctx.today.isoformat(),
                details={"expired": expired},
            )
            uow.commit()
            return expired

    # --- reading ---------------------------------------------------------------------------
    def status(self) -> list[ServiceStatus]:
        with self._uow(readonly=True) as uow:
            return service_statuses(Context(uow, self._clock))

    def tickets(
        self, statuses: list[TicketStatus] | None = None, *, day: dt.date | None = None
    ) -> list[TicketView]:
        with self._uow(readonly=True) as uow:
            ctx = Context(uow, self._clock)
            stmt = select(Ticket).where(Ticket.business_date == (day or ctx.today))
            if statuses:
                stmt = stmt.where(Ticket.status.in_([s.value for s in statuses]))
            stmt = stmt.order_by(Ticket.queue_key, Ticket.id)
            return [views.ticket_view(ctx, t) for t in ctx.session.scalars(stmt)]

    def ticket(self, display: str) -> TicketView:
        with self._uow(readonly=True) as uow:
            ctx = Context(uow, self._clock)
            return views.ticket_view(ctx, ctx.ticket_by_display(display))

    def events_after(self, seq: int, limit: int = 500) -> list[QueueEvent]:
        """The live feed: events with a sequence number above ``seq``, oldest first, at most
        ``limit``. One statement (the events with their ticket's number and counter's): every
        follower runs it at each wake, on the way from a call to the screens."""
        with self._uow(readonly=True) as uow:
            rows = uow.session.execute(
                select(
                    QueueEventRow.seq,
                    QueueEventRow.kind,
                    QueueEventRow.at,
                    QueueEventRow.ticket_id,
                    QueueEventRow.data,
                    Service.code,
                    Ticket.number,
                    Counter.number,
                )
                .outerjoin(Ticket, Ticket.id == QueueEventRow.ticket_id)
                .outerjoin(Service, Service.id == Ticket.service_id)
                .outerjoin(Counter, Counter.id == QueueEventRow.counter_id)
                .where(QueueEventRow.seq > seq)
                .order_by(QueueEventRow.seq)
                .limit(limit)
            ).all()
            return [
                QueueEvent(
                    seq=row_seq,
                    kind=EventKind(kind),
                    at=at,
                    ticket_id=ticket_id,
                    ticket_display=format_number(code, number) if code is not None else None,
                    counter_number=counter_number,
                    data=dict(data or {}),
                )
                for row_seq, kind, at, ticket_id, data, code, number, counter_number in rows
            ]

    def last_clerk(self, number: int) -> int | None:
        """The id of the user whose action at counter ``number`` was recorded last, if any."""
        with self._uow(readonly=True) as uow:
            ctx = Context(uow, self._clock)
            counter = ctx.counter_by_number(number)
            return uow.session.scalar(
                select(QueueEventRow.user_id)
                .where(QueueEventRow.counter_id == counter.id, QueueEventRow.user_id.is_not(None))
                .order_by(QueueEventRow.seq.desc())
                .limit(1)
            )

    def latest_seq(self) -> int:
        with self._uow(readonly=True) as uow:
            return int(uow.session.scalar(select(func.max(QueueEventRow.seq))) or 0)

    # --- the clock -------------------------------------------------------------------------
    def clock_status(self) -> ClockStatus:
        """How this PC's clock compares with the hall's reference (see ``Context``)."""
        with self._uow(readonly=True) as uow:
            return Context(uow, self._clock).clock_status()

    def confirm_clock(self, *, actor: Actor) -> dt.datetime:
        """Accept the clock as right although it is far from the last record (after a long
        closure, or to go back after a clock that ran ahead was corrected).

        Records a ``settings_changed`` event at the clock's time, which becomes the new
        reference. A date that cannot be right (before 2025) is still refused with
        ``ClockUnreliable``. Returns the confirmed time (UTC). ``actor`` needs ``SUPERVISE``
        (audited).
        """
        require(actor, Permission.SUPERVISE)
        user_id = actor.user_id
        with self._uow() as uow:
            ctx = Context(uow, self._clock, check_clock=False)
            now = ctx.clock.clock_now
            if not plausible(now):
                raise implausible(now)
            previous = ctx.clock.last_recorded
            uow.add_event(
                EventKind.SETTINGS_CHANGED,
                now,
                user_id=user_id,
                data={
                    "clock_confirmed": now.isoformat(),
                    "previous_record": previous.isoformat() if previous else None,
                },
            )
            record(
                ctx.session,
                now,
                actor,
                AuditAction.CLOCK_CONFIRMED,
                details={
                    "confirmed": now.isoformat(),
                    "previous_record": previous.isoformat() if previous else None,
                },
            )
            uow.commit()
            return now

    # --- settings --------------------------------------------------------------------------
    def hall_config(self) -> HallConfig:
        with self._uow(readonly=True) as uow:
            return Context(uow, self._clock).hall

    def update_hall_config(self, *, actor: Actor, **changes: object) -> HallConfig:
        """Change hall-wide settings (audited). ``actor`` needs ``CONFIGURE``, or only
        ``RUNNING_TEXT`` when nothing but the running text changes."""
        running_text_only = bool(changes) and set(changes) <= RUNNING_TEXT_KEYS
        require(actor, Permission.RUNNING_TEXT if running_text_only else Permission.CONFIGURE)
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            new = ctx.hall.with_changes(**changes)
            row = ctx.session.get(Setting, HALL_KEY)
            if row is None:
                ctx.session.add(Setting(key=HALL_KEY, value=new.to_json()))
            else:
                row.value = new.to_json()
            uow.add_event(
                EventKind.SETTINGS_CHANGED,
                ctx.now,
                user_id=actor.user_id,
                data={"keys": sorted(changes)},
            )
            record(
                ctx.session,
                ctx.now,
                actor,
                AuditAction.RUNNING_TEXT if running_text_only else AuditAction.HALL_CONFIG,
                target=",".join(sorted(changes)),
                details={"changes": {k: str(v)[:500] for k, v in sorted(changes.items())}},
            )
            uow.commit()
            return new

    # --- the logo (``app.services.logo``) ----------------------------------------------------
    def logo_info(self) -> HallLogo | None:
        """The hall's logo as stored, or None when it has none."""
        with self._uow(readonly=True) as uow:
            row = uow.session.get(Setting, LOGO_KEY)
            return HallLogo.from_json(row.value) if row is not None else None

    def logo(self) -> bytes | None:
        """The logo file's bytes exactly as they were set (PNG, JPEG or SVG), or None."""
        info = self.logo_info()
        return info.data if info else None

    def logo_for_print(self) -> bytes | None:
        """PNG or JPEG bytes of the logo for a ticket printer (an SVG's stored rendering)."""
        info = self.logo_info()
        return info.raster if info else None

    def logo_media_type(self) -> str | None:
        info = self.logo_info()
        return info.media_type if info else None

    def set_logo(
        self,
        data: bytes,
        *,
        print_png: bytes | None = None,
        name: str = "",
        actor: Actor,
    ) -> HallLogo:
        """Store ``data`` as the hall's logo (``print_png``: an SVG's rendering for the
        ticket printer). Raises ``InvalidSetting`` for anything but a readable PNG, JPEG or
        SVG of at most 1 MB; nothing is changed then. ``actor`` needs ``CONFIGURE``."""
        require(actor, Permission.CONFIGURE)
        logo = checked_logo(data, print_png=print_png, name=name)
        self._store_logo(logo.to_json(), actor)
        return logo

    def clear_logo(self, *, actor: Actor) -> None:
        require(actor, Permission.CONFIGURE)
        self._store_logo(None, actor)

    def _store_logo(self, value: dict[str, object] | None, actor: Actor) -> None:
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            row = ctx.session.get(Setting, LOGO_KEY)
            if value is None and row is not None:
                ctx.session.delete(row)
            elif value is not None and row is None:
                ctx.session.add(Setting(key=LOGO_KEY, value=value))
            elif value is not None and row is not None:
                row.value = value
            uow.add_event(
                EventKind.SETTINGS_CHANGED,
                ctx.now,
                user_id=actor.user_id,
                data={"keys": [LOGO_KEY]},
            )
            record(
                ctx.session,
                ctx.now,
                actor,
                AuditAction.LOGO,
                target=str(value.get("name", "")) if value else "",
                details={"cleared": value is None},
            )
            uow.commit()
