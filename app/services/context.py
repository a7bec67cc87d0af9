"""The scope of one unit of work: the time it dates records by, reference data, lookups.

Reference data (hall config, services, who serves what) is kept between units and checked
in each unit's first statement (``app.services.reference``); counters are read per unit, when
needed. Guards live in ``app.services.guards``, views in ``app.services.views``, words shown
to people in ``app.domain`` (lifecycle, wording).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cached_property
from typing import Any, TypeVar, cast

from sqlalchemy import (
    Select,
    Table,
    Update,
    bindparam,
    inspect,
    lambda_stmt,
    select,
    union_all,
    update,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import ClassManager, configure_mappers
from sqlalchemy.orm.exc import StaleDataError

from app.domain.clock import ClockReading, ClockStatus, read_clock
from app.domain.errors import NotFound
from app.domain.model import TicketStatus
from app.domain.numbering import business_date, format_number, parse_display
from app.domain.wording import Bilingual
from app.i18n import N_
from app.ports import Clock, ReferenceClock
from app.services.reference import HALL_KEY as HALL_KEY  # re-exported for the services
from app.services.reference import OPENING, opening_read, reference
from app.services.uow import UnitOfWork
from app.services.uow import UowFactory as UowFactory  # re-exported for the services
from app.storage.models import Counter, Service, Ticket
from app.storage.uow import guarded_update, pipelined

_TICKETS = cast(Table, Ticket.__table__)
_COUNTERS = cast(Table, Counter.__table__)
_ACTIVE = [TicketStatus.CALLED.value, TicketStatus.SERVING.value]
# Statements built once: their cache keys are computed once, and each run only binds values.
_COUNTER_ROW = select(*_COUNTERS.c).where(_COUNTERS.c.number == bindparam("number"))
_COUNTER_ROW_LOCKED = _COUNTER_ROW.with_for_update()
_ACTIVE_ROWS = (
    select(*_TICKETS.c)
    .where(_TICKETS.c.counter_id == bindparam("counter_id"), _TICKETS.c.status.in_(_ACTIVE))
    .order_by(_TICKETS.c.last_called_at.desc())
)
_ACTIVE_ROWS_LOCKED = _ACTIVE_ROWS.with_for_update()
_COUNTER_ID = select(_COUNTERS.c.id).where(_COUNTERS.c.number == bindparam("number"))
_ACTIVE_ROWS_OF_NUMBER_LOCKED = (
    select(*_TICKETS.c)
    .where(
        _TICKETS.c.counter_id == _COUNTER_ID.scalar_subquery(),
        _TICKETS.c.status.in_(_ACTIVE),
    )
    .order_by(_TICKETS.c.last_called_at.desc())
    .with_for_update()
)
_UPDATES: dict[tuple[str, tuple[str, ...]], Update] = {}  # (table, columns) → its UPDATE
_PG_UPDATES: dict[tuple[str, tuple[str, ...]], tuple[str, list[Any]]] = {}
# statement → its psycopg SQL, its parameters' fixed values, its columns and their converters
_PG_SELECTS: dict[Select[Any], tuple[str, dict[str, Any], list[str], list[Any]]] = {}
_MANAGERS: dict[type, ClassManager[Any]] = {}


_ALL_COUNTERS = select(Counter)
_ACTIVE_OF: dict[int, Select[Any]] = {}  # number of counters → ``active_tickets``' query


def _active_of(count: int) -> Select[Any]:
    """The tickets ``count`` counters (``:counter_0``...) have called or are serving,
    latest call first; built once for each number of counters."""
    stmt = _ACTIVE_OF.get(count)
    if stmt is None:
        # One arm per counter: with ``counter_id IN (...)`` SQLite's statistics cannot tell
        # that called/serving rows are few among a year of finished ones and it scans the
        # table (bench/core.py); an equality per arm always takes the index.
        arms = [
            select(Ticket.id).where(
                Ticket.counter_id == bindparam(f"counter_{n}"), Ticket.status.in_(_ACTIVE)
            )
            for n in range(count)
        ]
        stmt = _ACTIVE_OF[count] = (
            select(Ticket)
            .where(Ticket.id.in_(union_all(*arms)))
            .order_by(Ticket.last_called_at.desc())
        )
    return stmt


def _update(table: Table, names: tuple[str, ...]) -> Update:
    """``UPDATE table SET names... WHERE id = :key_id``, built once for each column set."""
    stmt = _UPDATES.get((table.name, names))
    if stmt is None:
        stmt = _UPDATES[(table.name, names)] = (
            update(table)
            .where(table.c.id == bindparam("key_id"))
            .values({name: bindparam(f"new_{name}") for name in names})
        )
    return stmt


def _params(changed: dict[str, Any], key: int) -> dict[str, Any]:
    params = {f"new_{name}": value for name, value in changed.items()}
    params["key_id"] = key
    return params


def _pg_update(
    dialect: Dialect, table: Table, changed: dict[str, Any], key: int
) -> tuple[str, dict[str, Any]]:
    """``_update`` as psycopg's SQL and parameters, the values converted by their columns'
    types (as SQLAlchemy would convert them)."""
    names = tuple(changed)
    found = _PG_UPDATES.get((table.name, names))
    if found is None:
        sql = str(_update(table, names).compile(dialect=dialect))
        found = _PG_UPDATES[(table.name, names)] = (
            sql,
            [table.c[name].type.bind_processor(dialect) for name in names],
        )
    sql, processors = found
    params = {
        f"new_{name}": value if process is None else process(value)
        for (name, value), process in zip(changed.items(), processors, strict=True)
    }
    params["key_id"] = key
    return sql, params


def _pg_select(
    dialect: Dialect, stmt: Select[Any], **params: Any
) -> tuple[str, dict[str, Any], list[str], list[Any]]:
    """``stmt`` as psycopg's SQL (compiled once) and its parameters with ``params``; the
    names of its columns and the converters SQLAlchemy would apply to their values."""
    found = _PG_SELECTS.get(stmt)
    if found is None:
        compiled = stmt.compile(dialect=dialect)
        expanded = compiled.construct_expanded_state(params)  # the IN lists written out
        columns = list(stmt.selected_columns)
        found = _PG_SELECTS[stmt] = (
            expanded.statement,
            dict(expanded.parameters),
            [column.key or "" for column in columns],
            [column.type.result_processor(dialect, None) for column in columns],
        )
    sql, fixed, names, processors = found
    return sql, {**fixed, **params}, names, processors


def _converted(row: tuple[Any, ...], processors: list[Any]) -> list[Any]:
    return [v if p is None or v is None else p(v) for v, p in zip(row, processors, strict=True)]


def counter_unit(
    uow: UnitOfWork, clock: Clock, number: int
) -> tuple[Context, Counter, Ticket | None]:
    """A write unit's ``Context``, a copy of counter ``number`` and a copy of the ticket it
    has called or is serving (``active_ticket``), both locked on PostgreSQL, in that order.

    On PostgreSQL the unit's opening read and the two locking reads go to the server
    together, in one round trip. Raises as ``Context`` and ``counter_copy`` do.
    """
    if not uow.is_postgres:
        ctx = Context(uow, clock)
        counter = ctx.counter_copy(number, lock=True)
        return ctx, counter, ctx.active_ticket_copy(counter)
    conn = uow.session.connection()
    reads = [
        _pg_select(conn.dialect, OPENING),
        _pg_select(conn.dialect, _COUNTER_ROW_LOCKED, number=number),
        _pg_select(conn.dialect, _ACTIVE_ROWS_OF_NUMBER_LOCKED, number=number),
    ]
    results = pipelined(conn, [(sql, params) for sql, params, _, _ in reads])
    (_, (opening, *_)), (_, counters), (_, tickets) = results
    last, token = _converted(opening, reads[0][3])
    ctx = Context(uow, clock, opening=(last, token))
    if not counters:
        raise NotFound(N_("Loket {number} tidak ada."), number=number, counter=number)
    values = dict(zip(reads[1][2], _converted(counters[0], reads[1][3]), strict=True))
    counter = ctx.copy_of(Counter, values)
    if not tickets:
        return ctx, counter, None
    values = dict(zip(reads[2][2], _converted(tickets[0], reads[2][3]), strict=True))
    return ctx, counter, ctx.copy_of(Ticket, values)


Copied = TypeVar("Copied", Counter, Ticket)


class Context:
    """What one unit of work dates by and looks up: clock, hall config, services, counters."""

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        *,
        check_clock: bool = True,
        opening: tuple[dt.datetime | None, str | None] | None = None,
    ) -> None:
        """Read the clock guard and the reference data (one statement while they are
        unchanged); raises ``ClockUnreliable`` for a write unit of work when the clock may
        not date records (``app.domain.clock``; ``check_clock=False`` only for confirming a
        clock). ``opening``: that statement's result, when the caller has read it already
        (``counter_unit``)."""
        self.uow = uow
        self.session = uow.session
        self._clock_source = clock
        last, token = opening_read(self.session) if opening is None else opening
        self.clock: ClockReading = read_clock(clock.now(), last)
        if self.clock.refusal is not None and check_clock and not uow.readonly:
            raise self.clock.refusal
        self.now = self.clock.now
        self.reference = reference(uow, token)
        self.hall = self.reference.hall
        self.today = business_date(self.now, self.hall.zone(), self.hall.day_start_time())
        # (class, id) → (copy, the column values last read or written)
        self._copies: dict[tuple[type, int], tuple[Any, dict[str, Any]]] = {}

    @cached_property
    def services(self) -> dict[int, Service]:
        """Every service, by id, as rows of this unit's session (copies of the kept ones)."""
        merge = self.session.merge
        return {s.id: merge(s, load=False) for s in self.reference.services}

    @cached_property
    def counters(self) -> dict[int, Counter]:
        """Every counter, by id (read on first use in this unit)."""
        return {c.id: c for c in self.session.scalars(_ALL_COUNTERS)}

    def counter(self, counter_id: int) -> Counter | None:
        """The counter with ``counter_id``; no statement when this unit has read it."""
        copied = self._copies.get((Counter, counter_id))
        if copied is not None:
            return cast(Counter, copied[0])
        return self.session.get(Counter, counter_id)

    # --- copies: rows read and written without the ORM's session -------------------------
    # The hottest use case (``call_next``) reads its rows into copies, entities outside the
    # session, and writes what it changed with ``save``: no identity map, no unit-of-work
    # flush, no autoflush before each query. A copy is never flushed by the session; a use
    # case that changes one must ``save`` it before committing.
    def copy_of(self, cls: type[Copied], values: dict[str, Any]) -> Copied:
        """A copy of a row (``values``: every column of ``cls``'s table) as a ``cls``
        entity; ``values`` becomes the copy's record of what the database holds."""
        manager = _MANAGERS.get(cls)
        if manager is None:
            configure_mappers()  # the attributes' setters exist once the mappers are set up
            manager = _MANAGERS[cls] = inspect(cls).class_manager
        # an empty instance filled as the ORM's loading does: a twentieth of ``cls(**values)``
        obj: Copied = manager.new_instance()
        obj.__dict__.update(values)
        self._copies[(cls, values["id"])] = (obj, values)
        return obj

    def counter_copy(self, number: int, *, lock: bool = False) -> Counter:
        """A copy of counter ``number`` (``FOR UPDATE`` with ``lock`` on PostgreSQL).

        Raises ``NotFound`` when there is none, as ``counter_by_number`` does.
        """
        stmt = _COUNTER_ROW_LOCKED if lock and self.uow.lock_clause() else _COUNTER_ROW
        row = self.session.connection().execute(stmt, {"number": number}).first()
        if row is None:
            raise NotFound(N_("Loket {number} tidak ada."), number=number, counter=number)
        return self.copy_of(Counter, row._asdict())

    def active_ticket_copy(self, counter: Counter) -> Ticket | None:
        """``active_ticket`` as a copy (the rows locked on PostgreSQL, as there)."""
        stmt = _ACTIVE_ROWS_LOCKED if self.uow.lock_clause() else _ACTIVE_ROWS
        row = self.session.connection().execute(stmt, {"counter_id": counter.id}).first()
        return None if row is None else self.copy_of(Ticket, row._asdict())

    def save(self, *objs: Counter | Ticket, at_commit: bool = False) -> None:
        """Write the columns that changed in each copy: one ``UPDATE`` by primary key each,
        all sent in one round trip on PostgreSQL.

        ``at_commit`` (when the unit commits next and reads nothing before): on PostgreSQL
        the updates go with the commit, in its round trip (``UnitOfWork.write_at_commit``),
        each failing the whole unit when it matches no row. Raises ``StaleDataError`` (as a
        session's flush would) when a row is gone: here, or then from ``commit``.
        """
        writes: list[tuple[Table, dict[str, Any], int, dict[str, Any]]] = []
        for obj in objs:
            _, known = self._copies[(type(obj), obj.id)]
            changed = {}
            for name, old in known.items():
                new = getattr(obj, name)
                if new != old:
                    changed[name] = new
            if changed:
                writes.append((cast(Table, type(obj).__table__), changed, obj.id, known))
        if not writes:
            return
        conn = self.session.connection()
        if self.uow.is_postgres and at_commit:
            for table, changed, key, known in writes:
                sql, params = _pg_update(conn.dialect, table, changed, key)
                self.uow.write_at_commit(guarded_update(sql), params)
                known.update(changed)
            return
        if self.uow.is_postgres:
            pg = conn.dialect
            sent = [_pg_update(pg, table, changed, key) for table, changed, key, _ in writes]
            matched = [count for count, _ in pipelined(conn, sent)]
        else:
            matched = [
                conn.execute(_update(table, tuple(changed)), _params(changed, key)).rowcount
                for table, changed, key, _ in writes
            ]
        for (table, changed, _, known), count in zip(writes, matched, strict=True):
            if count != 1:
                raise StaleDataError(
                    f"UPDATE statement on table '{table.name}' expected to update 1 row(s); "
                    f"{count} were matched."
                )
            known.update(changed)

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
        # lambda statements: built and keyed once per code location, not at every call
        stmt = lambda_stmt(lambda: select(Counter).where(Counter.number == number))
        if lock and self.uow.lock_clause():
            stmt += lambda s: s.with_for_update()
        counter: Counter | None = self.session.scalars(stmt).first()
        if counter is None:
            raise NotFound(N_("Loket {number} tidak ada."), number=number, counter=number)
        return counter

    def served_service_ids(self, counter_id: int) -> list[int]:
        """Ids of the services ``counter_id`` calls from, in its order."""
        # Inactive services too: deactivating stops new tickets, never the waiting ones.
        return list(self.reference.served.get(counter_id, ()))

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
        counter_id, active = counter.id, [TicketStatus.CALLED.value, TicketStatus.SERVING.value]
        stmt = lambda_stmt(
            lambda: (
                select(Ticket)
                .where(Ticket.counter_id == counter_id, Ticket.status.in_(active))
                .order_by(Ticket.last_called_at.desc())
            )
        )
        if self.uow.lock_clause():
            stmt += lambda s: s.with_for_update()
        return self.session.scalars(stmt).first()

    def active_tickets(self, counter_ids: Iterable[int]) -> dict[int, Ticket]:
        """The ticket each of ``counter_ids`` has called or is serving (one query on the
        ``(counter_id, status)`` index; the latest call wins, as in ``active_ticket``)."""
        ids = list(counter_ids)
        found: dict[int, Ticket] = {}
        if not ids:
            return found
        params = {f"counter_{n}": cid for n, cid in enumerate(ids)}
        for ticket in self.session.scalars(_active_of(len(ids)), params):
            if ticket.counter_id is not None:
                found.setdefault(ticket.counter_id, ticket)
        return found

    def code_of(self, service_id: int) -> str:
        return self.reference.codes[service_id]
