"""The scope of one unit of work: the time it dates records by, reference data, lookups.

Reference data (hall config, services, counters, who serves what) is read once per unit.
Guards live in ``app.services.guards``, views in ``app.services.views``, words shown to
people in ``app.domain`` (lifecycle, wording).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import func, select, union_all
from sqlalchemy.orm import Session

from app.domain.clock import ClockReading, ClockStatus, read_clock
from app.domain.errors import NotFound
from app.domain.hall import HallConfig
from app.domain.model import TicketStatus
from app.domain.numbering import business_date, format_number, parse_display
from app.domain.wording import Bilingual
from app.i18n import N_
from app.ports import Clock, ReferenceClock
from app.services.uow import UnitOfWork
from app.services.uow import UowFactory as UowFactory  # re-exported for the services
from app.storage.models import Counter, CounterService, QueueEventRow, Service, Setting, Ticket

HALL_KEY = "hall"


class Context:
    """Reference data loaded once per unit of work (services, counters, hall config)."""

    def __init__(self, uow: UnitOfWork, clock: Clock, *, check_clock: bool = True) -> None:
        """Load the reference data; raises ``ClockUnreliable`` for a write unit of work when
        the clock may not date records (``app.domain.clock``; ``check_clock=False`` only for
        confirming a clock)."""
        self.uow = uow
        self.session = uow.session
        self._clock_source = clock
        self.clock: ClockReading = read_clock(clock.now(), last_recorded_at(self.session))
        if self.clock.refusal is not None and check_clock and not uow.readonly:
            raise self.clock.refusal
        self.now = self.clock.now
        row = self.session.get(Setting, HALL_KEY)
        self.hall = HallConfig.from_json(row.value) if row else HallConfig()
        self.today = business_date(self.now, self.hall.zone(), self.hall.day_start_time())
        self.services = {s.id: s for s in self.session.scalars(select(Service))}
        self.counters = {c.id: c for c in self.session.scalars(select(Counter))}
        self._served: dict[int, list[int]] | None = None
        self._waiting: dict[int, int] | None = None

    def clock_status(self) -> ClockStatus:
        """How this PC's clock compares with the hall's reference (``app.domain.clock``).

        On PostgreSQL the reference is the server's clock (``ReferenceClock``); on one PC,
        the last recorded event (a clock behind it is held there and reported).
        """
        reading, source = self.clock, self._clock_source
        refusal = reading.refusal
        if isinstance(source, ReferenceClock):
            reference, offset = "server", source.offset_seconds()
        elif reading.last_recorded is None:
            reference, offset = "records", None
        else:
            reference = "records"
            offset = -reading.behind.total_seconds() if reading.held else 0.0
        return ClockStatus(reference, offset, Bilingual.both(refusal.message) if refusal else None)

    # --- lookups -------------------------------------------------------------------------
    def service_by_code(self, code: str) -> Service:
        for service in self.services.values():
            if service.code == code.upper():
                return service
        raise NotFound(N_("Layanan {code!r} tidak ada."), code=code)

    def counter_by_number(self, number: int, *, lock: bool = False) -> Counter:
        stmt = select(Counter).where(Counter.number == number)
        if lock and self.uow.lock_clause():
            stmt = stmt.with_for_update()
        counter = self.session.scalars(stmt).first()
        if counter is None:
            raise NotFound(N_("Loket {number} tidak ada."), number=number, counter=number)
        return counter

    def served_service_ids(self, counter_id: int) -> list[int]:
        """Ids of the services ``counter_id`` calls from, in its order."""
        if self._served is None:
            rows = self.session.execute(
                select(CounterService.counter_id, CounterService.service_id).order_by(
                    CounterService.counter_id, CounterService.position
                )
            )
            served: dict[int, list[int]] = {}
            for cid, sid in rows:
                served.setdefault(cid, []).append(sid)
            self._served = served
        # Inactive services too: deactivating stops new tickets, never the waiting ones.
        return list(self._served.get(counter_id, []))

    def ticket_by_display(self, display: str, *, lock: bool = False) -> Ticket:
        try:
            code, number = parse_display(display)
        except ValueError as exc:
            raise NotFound(
                N_("{display!r} bukan nomor antrean (contoh: A-005)."),
                display=display,
            ) from exc
        service = self.service_by_code(code)
        stmt = select(Ticket).where(
            Ticket.service_id == service.id,
            Ticket.business_date == self.today,
            Ticket.number == number,
        )
        if lock and self.uow.lock_clause():
            stmt = stmt.with_for_update()
        ticket = self.session.scalars(stmt).first()
        if ticket is None:
            raise NotFound(
                N_("Nomor {format_number} tidak ada hari ini."),
                format_number=format_number(code, number),
            )
        return ticket

    def ticket_by_id(self, ticket_id: int, *, lock: bool = False) -> Ticket:
        stmt = select(Ticket).where(Ticket.id == ticket_id)
        if lock and self.uow.lock_clause():
            stmt = stmt.with_for_update()
        ticket = self.session.scalars(stmt).first()
        if ticket is None:
            raise NotFound(N_("Tiket #{ticket_id} tidak ada."), ticket_id=ticket_id)
        return ticket

    def active_ticket(self, counter: Counter) -> Ticket | None:
        stmt = select(Ticket).where(
            Ticket.counter_id == counter.id,
            Ticket.status.in_([TicketStatus.CALLED, TicketStatus.SERVING]),
        )
        if self.uow.lock_clause():
            stmt = stmt.with_for_update()
        return self.session.scalars(stmt.order_by(Ticket.last_called_at.desc())).first()

    def active_tickets(self, counter_ids: Iterable[int]) -> dict[int, Ticket]:
        """The ticket each of ``counter_ids`` has called or is serving (one query on the
        ``(counter_id, status)`` index; the latest call wins, as in ``active_ticket``)."""
        ids = list(counter_ids)
        found: dict[int, Ticket] = {}
        if not ids:
            return found
        active = [TicketStatus.CALLED, TicketStatus.SERVING]
        # One arm per counter: with ``counter_id IN (...)`` SQLite's statistics cannot tell
        # that called/serving rows are few among a year of finished ones and it scans the
        # table (bench/core.py); an equality per arm always takes the index.
        arms = [
            select(Ticket.id).where(Ticket.counter_id == cid, Ticket.status.in_(active))
            for cid in ids
        ]
        stmt = (
            select(Ticket)
            .where(Ticket.id.in_(union_all(*arms)))
            .order_by(Ticket.last_called_at.desc())
        )
        for ticket in self.session.scalars(stmt):
            if ticket.counter_id is not None:
                found.setdefault(ticket.counter_id, ticket)
        return found

    def code_of(self, service_id: int) -> str:
        return self.services[service_id].code

    def waiting_by_service(self) -> dict[int, int]:
        """Waiting tickets per current service today (one query, cached for this unit)."""
        if self._waiting is None:
            rows = self.session.execute(
                select(Ticket.current_service_id, func.count(Ticket.id))
                .where(Ticket.business_date == self.today, Ticket.status == TicketStatus.WAITING)
                .group_by(Ticket.current_service_id)
            ).all()
            self._waiting = {int(sid): int(n) for sid, n in rows}
        return self._waiting

    def waiting_count(self, service_ids: Iterable[int], *, priority: bool | None = None) -> int:
        stmt = select(func.count(Ticket.id)).where(
            Ticket.business_date == self.today,
            Ticket.status == TicketStatus.WAITING,
            Ticket.current_service_id.in_(list(service_ids)),
        )
        if priority is not None:
            stmt = stmt.where(Ticket.priority == priority)
        return int(self.session.scalar(stmt) or 0)


def last_recorded_at(session: Session) -> dt.datetime | None:
    """The time of the newest event (by seq): what the records say "now" was, last."""
    newest = select(func.max(QueueEventRow.seq)).scalar_subquery()  # O(1) on the primary key
    return session.scalar(select(QueueEventRow.at).where(QueueEventRow.seq == newest))
