"""The hall's reports: its own queue events replayed through the shared definitions.

Every figure means what HQ's statistics mean: the hall's ``queue_events`` (in seq order)
become the same event shape HQ stores, and each ticket's story and each group's figures
come from ``app.sync.facts``, the one implementation both sides import (``docs/reports.md``);
over a month or a year they are computed in columns (``app.sync.facts_columns``, tested equal).

A period is a range of business days (the hall's time zone and day start, as the tickets
were dated): a day, an ISO week, a month or any range. A ticket belongs to its service as
issued (like HQ), to every counter and clerk that worked on it (its segments there:
``app.sync.facts.tally_desks``), and to the hour (hall time) it was issued. Supervisors
and administrators read reports (``Permission.REPORTS``).
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import (
    BigInteger,
    DateTime,
    Integer,
    LargeBinary,
    String,
    and_,
    case,
    cast,
    func,
    literal_column,
    select,
    type_coerce,
)

from app.domain.calendar_names import DAYS_EN, DAYS_ID, clock_time
from app.domain.errors import InvalidSetting
from app.domain.model import PrintState
from app.domain.roles import Actor, Permission, require
from app.domain.wording import Bilingual
from app.i18n import N_, pick
from app.ports import Clock
from app.services.context import Context, UowFactory
from app.storage.models import Counter, QueueEventRow, Service, Ticket, User
from app.sync import facts_columns
from app.sync.facts import (
    Figures,
    Segment,
    Story,
    apply,
    story_of_row,
    tally,
    tally_desks,
    tally_groups,
)
from app.sync.facts_columns import result_codes

if TYPE_CHECKING:
    from app.services.survey import IkmReport

KINDS = ("summary", "hourly", "counters", "clerks", "daily")
PERIODS = ("day", "week", "month", "range")


@dataclass(frozen=True, slots=True)
class Period:
    """Business days ``start``–``end`` inclusive."""

    start: dt.date
    end: dt.date

    @classmethod
    def of(cls, kind: str, day: dt.date, end: dt.date | None = None) -> Period:
        """The day, ISO week (Monday–Sunday) or month holding ``day``; or ``day``–``end``."""
        if kind == "day":
            return cls(day, day)
        if kind == "week":
            monday = day - dt.timedelta(days=day.weekday())
            return cls(monday, monday + dt.timedelta(days=6))
        if kind == "month":
            first = day.replace(day=1)
            following = (first + dt.timedelta(days=32)).replace(day=1)
            return cls(first, following - dt.timedelta(days=1))
        if kind == "range":
            return cls(day, end if end is not None else day)
        raise ValueError(kind)

    def label(self) -> str:
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


@dataclass(frozen=True, slots=True)
class HallEvent:
    """A hall event in the shape HQ stores (``app.sync.facts.FactEvent``)."""

    kind: str
    at: dt.datetime
    priority: bool | None
    target_minutes: int | None
    outcome: str | None
    counter: int | None


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a report table: what it is about and its figures."""

    key: str  # "A", "3" (counter), "budi" (clerk), "08" (hour), "2026-11-23", "" (all)
    name: Bilingual  # a service's name (data), "Loket 3" / "Semua layanan" (catalog)
    figures: Figures
    print_failed: int = 0

    def label(self, lang: str = "id") -> str:
        return self.name.text(lang)


@dataclass(frozen=True, slots=True)
class HallReport:
    hall_name: str
    period: Period
    service: str | None  # one service code, or None for all
    timezone: str
    summary: tuple[Row, ...]  # per service, then the total (key "")
    counters: tuple[Row, ...]
    clerks: tuple[Row, ...]
    hours: tuple[Row, ...]  # hours of day (hall time) with tickets issued
    daily: tuple[Row, ...]
    # heat map: tickets issued per ISO weekday (1 = Monday) × hour of day (hall time)
    heatmap: dict[tuple[int, int], int] = field(default_factory=dict)

    @property
    def total(self) -> Row:
        return self.summary[-1]


@dataclass
class _Ticket:
    story: Story
    issued_local: dt.datetime | None = None
    print_failed: bool = False


class ReportService:
    def __init__(self, uow: UowFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def report(
        self,
        *,
        actor: Actor,
        date_from: dt.date,
        date_to: dt.date,
        service: str | None = None,
        progress: Callable[[float], None] | None = None,
        desks: bool = True,
        groups: bool = True,
        by_rows: bool = False,
    ) -> HallReport:
        """Every table of the hall's report for business days ``date_from``–``date_to``
        (only ``service`` when given). ``InvalidSetting`` (2) for a reversed period,
        ``NotFound`` (4) for an unknown service; ``progress`` hears 0–1 while reading.

        The services, days and hours come from the tickets' rows (``facts.story_of_row``:
        the story their events tell, one row a ticket; ``groups``: without it the services,
        days, hours and heat map are left empty, for the counters report alone); the counters
        and clerks (``desks``; without it they are empty) from the events' segments. Both
        are read as columns (``facts_columns``: the same figures, tested equal; ``by_rows``
        reads them a story a row, and replays the events, instead)."""
        require(actor, Permission.REPORTS)
        if date_from > date_to:
            raise InvalidSetting(
                N_("Tanggal awal {date_from} sesudah tanggal akhir {date_to}."),
                date_from=date_from,
                date_to=date_to,
            )
        tell = progress or (lambda _f: None)
        with self._uow(readonly=True) as uow:
            ctx = Context(uow, self._clock)
            wanted = ctx.service_by_code(service) if service is not None else None
            zone = ctx.hall.zone()
            services = sorted(ctx.services.values(), key=lambda s: (s.position, s.code))
            names = {int(u): str(n) for u, n in uow.session.execute(select(User.id, User.username))}
            if not by_rows:
                report = _columnar(
                    uow.session,
                    ctx.hall.name,
                    Period(date_from, date_to),
                    wanted,
                    ctx.hall.timezone,
                    zone,
                    [(s.code, s.name_id, s.name_en) for s in services if wanted in (None, s)],
                    {c.id: c.number for c in ctx.counters.values()} if desks else None,
                    names,
                    groups=groups,
                )
                tell(1.0)
                return report
            tickets = self._tickets(uow.session, date_from, date_to, wanted, zone)
            tell(0.3 if desks else 0.9)
            if desks:
                self._segments(uow.session, ctx, tickets, date_from, date_to, wanted, tell)
            tell(0.9)
            report = _build(
                ctx.hall.name,
                Period(date_from, date_to),
                wanted.code if wanted is not None else None,
                ctx.hall.timezone,
                [(s.code, s.name_id, s.name_en) for s in services if wanted in (None, s)],
                list(tickets.values()),
                {uid: str(name) for uid, name in names.items()},
                desks=desks,
                groups=groups,
            )
        tell(1.0)
        return report

    def _segments(
        self,
        session: Any,
        ctx: Context,
        tickets: dict[int, _Ticket],
        date_from: dt.date,
        date_to: dt.date,
        wanted: Service | None,
        tell: Callable[[float], None],
    ) -> None:
        """Each ticket's segments at counters and clerks, from its events in seq order."""
        counters = {c.id: c.number for c in ctx.counters.values()}
        events = (
            select(
                QueueEventRow.ticket_id,
                QueueEventRow.kind,
                type_coerce(QueueEventRow.at, DateTime()),  # naive UTC: differences only
                QueueEventRow.counter_id,
                QueueEventRow.user_id,
            )
            .join(Ticket, Ticket.id == QueueEventRow.ticket_id)
            .where(
                Ticket.business_date.between(date_from, date_to),
                QueueEventRow.kind != "issued",  # a segment starts at a call
            )
            .order_by(QueueEventRow.seq)
        )
        if wanted is not None:
            events = events.where(Ticket.service_id == wanted.id)
        scratch: dict[int, Story] = {}
        for n, (tid, kind, at, counter_id, user_id) in enumerate(
            session.connection().execute(events).yield_per(20_000)  # plain rows, no ORM
        ):
            t = tickets.get(tid)
            if t is None:
                continue
            story = scratch.get(tid)
            if story is None:
                story = scratch[tid] = Story(t.story.service, t.story.business_date, segments=[])
                t.story.segments = story.segments
            number = counters.get(counter_id) if counter_id is not None else None
            event = HallEvent(kind, at, None, None, None, number)
            apply(story, event, user_id if kind == "called" else None)
            if n % 50_000 == 0:
                tell(min(0.9, 0.3 + n / 5_000_000))

    def ikm(
        self, *, actor: Actor, date_from: dt.date, date_to: dt.date, service: str | None = None
    ) -> IkmReport:
        """The IKM report (``SurveyService.ikm_report``) read as one of the hall's reports."""
        require(actor, Permission.REPORTS)
        from app.services.survey import SurveyService

        survey = SurveyService(self._uow, self._clock)
        return survey.ikm_report(date_from=date_from, date_to=date_to, service=service)

    def hall_name(self) -> str:
        with self._uow(readonly=True) as uow:
            return Context(uow, self._clock).hall.name

    def _tickets(
        self,
        session: Any,
        date_from: dt.date,
        date_to: dt.date,
        wanted: Service | None,
        zone: dt.tzinfo,
    ) -> dict[int, _Ticket]:
        stmt = (
            select(
                Ticket.id,
                Service.code,
                Ticket.business_date,
                Ticket.priority,
                Service.target_minutes,
                Ticket.print_state,
                Ticket.status,
                Ticket.outcome,
                Ticket.transfer_count,
                # naive UTC as stored: only differences are taken (and the hour of issue)
                *(
                    type_coerce(c, DateTime())
                    for c in (
                        Ticket.issued_at,
                        Ticket.called_at,
                        Ticket.started_at,
                        Ticket.last_called_at,
                        Ticket.finished_at,
                    )
                ),
            )
            .join(Service, Service.id == Ticket.service_id)
            .where(Ticket.business_date.between(date_from, date_to))
        )
        if wanted is not None:
            stmt = stmt.where(Ticket.service_id == wanted.id)
        out: dict[int, _Ticket] = {}
        for row in session.connection().execute(stmt).yield_per(20_000):  # plain rows, no ORM
            (tid, code, day, priority, target, print_state, status, outcome, transfers) = row[:9]
            issued_at, called_at, started_at, last_called_at, finished_at = row[9:]
            story = story_of_row(
                code,
                day,
                issued_at=issued_at,
                priority=bool(priority),
                target=target,
                status=status,
                outcome=outcome,
                transfers=transfers,
                called_at=called_at,
                started_at=started_at,
                last_called_at=last_called_at,
                finished_at=finished_at,
            )
            out[tid] = _Ticket(
                story,
                issued_local=issued_at.replace(tzinfo=dt.UTC).astimezone(zone),
                print_failed=print_state == PrintState.FAILED,
            )
        return out


def _build(
    hall_name: str,
    period: Period,
    service: str | None,
    timezone: str,
    services: list[tuple[str, str, str]],
    tickets: list[_Ticket],
    users: dict[int, str],
    *,
    desks: bool = True,
    groups: bool = True,
) -> HallReport:
    issued = [t for t in tickets if t.story.issued_at is not None]
    heatmap: dict[tuple[int, int], int] = defaultdict(int)
    failed: dict[tuple[str, object], int] = defaultdict(int)
    hours: set[int] = set()
    days: set[dt.date] = set()
    grouped = []
    for t in issued:
        keys: list[tuple[str, object]] = [
            ("", None),
            ("service", t.story.service),
            ("day", t.story.business_date),
        ]
        days.add(t.story.business_date)
        if t.issued_local is not None:
            hour = t.issued_local.hour
            keys.append(("hour", hour))
            hours.add(hour)
            heatmap[(t.issued_local.isoweekday(), hour)] += 1
        if t.print_failed:
            for key in keys:
                failed[key] += 1
        grouped.append((t.story, keys))
    figures = tally_groups(grouped) if groups else {}
    return _assemble(
        hall_name,
        period,
        service,
        timezone,
        services,
        figures,
        failed if groups else {},
        hours if groups else set(),
        days if groups else set(),
        dict(heatmap) if groups else {},
        counters=()
        if not desks
        else _desk_rows(
            issued,
            lambda seg: seg.counter,
            _counter_label,  # type: ignore[arg-type]
            sort=lambda n: (0, int(n), "") if isinstance(n, int) else (1, 0, str(n)),
        ),
        clerks=()
        if not desks
        else _desk_rows(
            issued,
            lambda seg: seg.clerk,
            lambda u: _clerk_label(users, u),
            sort=lambda u: (0, 0, users.get(u, str(u))),  # type: ignore[call-overload]
        ),
    )


def _assemble(
    hall_name: str,
    period: Period,
    service: str | None,
    timezone: str,
    services: list[tuple[str, str, str]],
    figures: dict[Hashable, Figures],
    failed: dict[tuple[str, object], int],
    hours: set[int],
    days: set[dt.date],
    heatmap: dict[tuple[int, int], int],
    *,
    counters: tuple[Row, ...] = (),
    clerks: tuple[Row, ...] = (),
) -> HallReport:
    """The report of its groups' figures (keys ``("service", code)``, ``("day", date)``,
    ``("hour", h)``, ``("", None)`` the total) and print failures."""

    def row(group: tuple[str, object], key: str, name: Bilingual) -> Row:
        found = figures.get(group) or tally(())
        return Row(key, name, found, failed.get(group, 0))

    summary = [
        row(("service", code), code, Bilingual.data(n_id, n_en)) for code, n_id, n_en in services
    ]
    summary.append(row(("", None), "", Bilingual.of(N_("Semua layanan"))))
    return HallReport(
        hall_name=hall_name,
        period=period,
        service=service,
        timezone=timezone,
        summary=tuple(summary),
        counters=counters,
        clerks=clerks,
        hours=tuple(row(("hour", h), f"{h:02d}", _hour_name(h)) for h in sorted(hours)),
        daily=tuple(
            row(("day", d), d.isoformat(), Bilingual.data(d.isoformat(), d.isoformat()))
            for d in sorted(days)
        ),
        heatmap=heatmap,
    )


class _Wire:
    """How a period's columns travel: each aggregated into one value by the database, read
    by numpy. SQLite: comma-separated text (times as stored, ISO, naive UTC; none as
    ``facts_columns.NO_TIME``); PostgreSQL: its binary forms one after the other
    (``int8send``, ``date_send``, ``timestamp_send``: no text made or parsed)."""

    def __init__(self, conn: Any) -> None:
        self.binary = conn.dialect.name == "postgresql"

    def ints(self, col: Any) -> Any:
        if self.binary:
            return func.string_agg(func.int8send(cast(col, BigInteger)), _NO_BYTES)
        return func.aggregate_strings(cast(col, String), ",")

    def days(self, col: Any) -> Any:
        if self.binary:
            return func.string_agg(func.date_send(col), _NO_BYTES)
        return func.aggregate_strings(col, ",")  # SQLite's text, ISO

    def times(self, col: Any) -> Any:
        if self.binary:
            never: Any = literal_column("'-infinity'::timestamp")
            return func.string_agg(func.timestamp_send(func.coalesce(col, never)), _NO_BYTES)
        # as bytes: the text is ASCII, and numpy reads bytes (no decoding, no encoding back)
        text = func.aggregate_strings(func.coalesce(col, facts_columns.NO_TIME), ",")
        return cast(text, LargeBinary)

    def read_ints(self, value: Any, n: int) -> facts_columns.Ints:
        if self.binary:
            return facts_columns.binary_ints(value, n)
        return facts_columns.parse_ints(value, n)

    def read_days(self, value: Any, n: int) -> Any:
        if self.binary:
            return facts_columns.binary_days(value, n)
        return facts_columns.parse_days(value, n)

    def read_times(self, value: Any, n: int) -> Any:
        if self.binary:
            return facts_columns.binary_times(value, n)
        return facts_columns.parse_times(value, n)


_NO_BYTES: Any = literal_column("''::bytea")


def _columnar(
    session: Any,
    hall_name: str,
    period: Period,
    wanted: Service | None,
    timezone: str,
    zone: dt.tzinfo,
    services: list[tuple[str, str, str]],
    counters: dict[int, int] | None,
    users: dict[int, str],
    *,
    groups: bool = True,
) -> HallReport:
    """The report from the tickets' columns (``app.sync.facts_columns``), its desks too when
    ``counters`` maps their ids to numbers, its services, days and hours when ``groups``:
    one query, each column aggregated into one value (``_Wire``: no row objects), read by
    numpy; times as stored (naive UTC), differences in exact microseconds. The desks read
    the same ticket columns (how each ticket ended, its wait) and no column only the groups
    need (the day, the service time)."""
    conn = session.connection()
    wire = _Wire(conn)
    finished = Ticket.status == "finished"
    code = case(
        *(
            (Ticket.status == status, n)
            if outcome is None
            else (and_(Ticket.status == status, Ticket.outcome == outcome), n)
            for status, outcome, n in result_codes()
        ),
        else_=-1,
    )
    flags = (
        cast(Ticket.priority, Integer) * 4
        + case((Ticket.print_state == PrintState.FAILED.value, 2), else_=0)
        + case((Ticket.transfer_count > 0, 1), else_=0)
    )
    none: Any = literal_column("NULL")
    large = _large_share(conn, period)
    whole = large and not wire.binary  # PostgreSQL's planner picks its own way
    apart = _events_apart(conn, wire, period, wanted) if large and counters is not None else None
    stmt = select(
        func.count(),
        wire.ints(Ticket.id) if counters is not None else none,
        wire.ints(Ticket.service_id * 64 + (code + 1) * 8 + flags),
        wire.days(Ticket.business_date) if groups else none,
        wire.times(Ticket.issued_at),
        wire.times(Ticket.called_at),
        wire.times(case((finished, func.coalesce(Ticket.started_at, Ticket.last_called_at))))
        if groups
        else none,
        wire.times(case((finished, Ticket.finished_at))) if groups else none,
    ).where(_business_date(whole).between(period.start, period.end))
    if wanted is not None:
        stmt = stmt.where(Ticket.service_id == wanted.id)
    try:
        row = conn.execute(stmt).one()
    except BaseException:
        if apart is not None:
            apart.close()  # its connection closed before this one's transaction ends
        raise
    n, ids_t, packed_t, days_t, issued_t, called_t, base_t, finished_t = row
    n = int(n)
    packed = wire.read_ints(packed_t, n)
    service_ids = packed // 64
    known = {
        int(i): (str(c), t)
        for i, c, t in conn.execute(select(Service.id, Service.code, Service.target_minutes))
    }
    ids = sorted(known)
    index = np.searchsorted(np.array(ids, dtype=np.int64), service_ids)
    targets = np.array(
        [np.nan if known[i][1] is None else float(known[i][1]) for i in ids], dtype=np.float64
    )
    issued = wire.read_times(issued_t, n)
    cols = facts_columns.TicketColumns.of(
        result=(packed // 8) % 8 - 1,
        transferred=(packed & 1).astype(np.bool_),
        priority=((packed >> 2) & 1).astype(np.bool_),
        print_failed=((packed >> 1) & 1).astype(np.bool_),
        target=targets[index] if n else np.empty(0),
        issued=issued,
        called=wire.read_times(called_t, n),
        # without the groups no service time (the desks' come from the events)
        base=wire.read_times(base_t, n) if groups else _no_times(n),
        finished=wire.read_times(finished_t, n) if groups else _no_times(n),
    )
    figures: dict[Hashable, Figures] = {}
    failed: dict[tuple[str, object], int] = {}
    desk_rows = _desk_columns(conn, wire, cols, ids_t, counters, users, apart)
    hours: set[int] = set()
    days: list[dt.date] = []
    heatmap: dict[tuple[int, int], int] = {}
    if groups:  # without them (the counters report) the desks are the whole report

        def grouped(kind: str, codes: Any, labels: list[Any]) -> None:
            found, failures = facts_columns.tally_columns(
                cols, codes.astype(np.int64), [(kind, x) for x in labels]
            )
            figures.update(found)
            failed.update(failures)  # type: ignore[arg-type]

        grouped("", np.zeros(n, dtype=np.int64), [None])
        grouped("service", index, [known[i][0] for i in ids])
        day_numbers, day_codes = facts_columns.small_unique(
            wire.read_days(days_t, n).astype(np.int64)
        )
        days = day_numbers.astype("datetime64[D]").tolist()
        grouped("day", day_codes, days)
        hour, weekday = facts_columns.local_hour_weekday(issued, zone)
        grouped("hour", hour, list(range(24)))
        cells = np.bincount(weekday * 24 + hour, minlength=8 * 24)
        heatmap = {(int(c) // 24, int(c) % 24): int(cells[c]) for c in np.flatnonzero(cells)}
        hours = set(np.flatnonzero(np.bincount(hour, minlength=24)).tolist())
    return _assemble(
        hall_name,
        period,
        wanted.code if wanted is not None else None,
        timezone,
        services,
        figures,
        failed,
        hours,
        set(days),
        heatmap,
        counters=desk_rows["counters"],
        clerks=desk_rows["clerks"],
    )


def _large_share(conn: Any, period: Period) -> bool:
    """Whether the period holds a large share of the tickets' days (a year): its events are
    then read on a second connection at the same time as the tickets, and on SQLite its
    tickets in one pass over the table rather than a row at a time through the date index."""
    first, last = _ends(conn, Ticket.business_date)
    return first is not None and (period.end - period.start) > (last - first) / 4


def _business_date(whole: bool) -> Any:
    """The tickets' business date to filter a period by: for a large share of the tickets'
    days, an expression of it (which keeps SQLite from using the date index)."""
    if not whole:
        return Ticket.business_date
    return func.coalesce(Ticket.business_date, Ticket.business_date)


def _ends(conn: Any, col: Any) -> tuple[Any, Any]:
    """The least and the greatest of an indexed column (a subquery each: SQLite looks up one
    end of the index for a lone min or max, and reads it all for both at once)."""
    first, last = conn.execute(
        select(select(func.min(col)).scalar_subquery(), select(func.max(col)).scalar_subquery())
    ).one()
    return first, last


def _no_times(n: int) -> Any:
    return np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")


def _desk_columns(
    conn: Any,
    wire: _Wire,
    cols: facts_columns.TicketColumns,
    ids_t: Any,
    counters: dict[int, int] | None,
    users: dict[int, str],
    apart: _EventsApart | None = None,
) -> dict[str, tuple[Row, ...]]:
    """The counters' and clerks' rows (none without ``counters``): the segments of the
    tickets whose ids ``ids_t`` holds, tallied with their columns ``cols`` (their events read
    here, or by ``apart`` meanwhile)."""
    desk_rows: dict[str, tuple[Row, ...]] = {"counters": (), "clerks": ()}
    if counters is not None:
        ids = wire.read_ints(ids_t, len(cols))
        events = apart.rows(conn) if apart is not None else _events_of(conn, wire, ids)
        segs = _segments_of(wire, events, ids, counters)
        tallied = facts_columns.tally_desk_columns(cols, segs, segs.counter, segs.clerk)
        for name, (found, failures) in zip(("counters", "clerks"), tallied, strict=True):
            if name == "counters":  # by number; clerks by name, as _build
                desk_rows[name] = tuple(
                    Row(*_counter_label(k), found[k], failures[k]) for k in sorted(found)
                )
            else:
                names = {k: users.get(k, str(k)) for k in found}
                desk_rows[name] = tuple(
                    Row(names[k], Bilingual.data(names[k], names[k]), found[k], failures[k])
                    for k in sorted(found, key=lambda k: names[k])
                )
    return desk_rows


def _counter_label(number: int) -> tuple[str, Bilingual]:
    """A counter row's key and name ("Loket 3")."""
    return (str(number), Bilingual.of(N_("Loket {number}"), number=number))


def _clerk_label(users: dict[int, str], user: Hashable) -> tuple[str, Bilingual]:
    """A clerk row's key and name: the user name (the same in both languages)."""
    name = users.get(user, str(user)) if isinstance(user, int) else str(user)
    return (name, Bilingual.data(name, name))


def _hour_name(hour: int) -> Bilingual:
    """An hour row's name: the clock time it starts, as each language writes it."""
    return Bilingual.both(lambda lang: clock_time(dt.time(hour), lang))


def _events_stmt(
    wire: _Wire, ticket: Any, low: int, high: int, seqs: tuple[int, int] | None = None
) -> Any:
    """The statement of the events of the kinds ``facts_columns.EVENT_KINDS`` of the tickets
    ``low``–``high`` (``ticket``: their ticket column, or an expression of it), of seq
    after ``seqs[0]`` up to ``seqs[1]`` (any without it): each event's ticket, clerk, counter
    and kind packed in one number (the widths read in the same statement, so every id
    fits), its seq and its time, each column aggregated into one value."""
    kind = case({k: i for i, k in enumerate(facts_columns.EVENT_KINDS)}, value=QueueEventRow.kind)
    # widths: a user or counter id + 1 (0: none) below them
    users = select(func.coalesce(func.max(User.id), 0) + 2).scalar_subquery()
    desks = select(func.coalesce(func.max(Counter.id), 0) + 2).scalar_subquery()
    desk = (
        (func.coalesce(QueueEventRow.user_id, -1) + 1) * desks
        + func.coalesce(QueueEventRow.counter_id, -1)
        + 1
    )
    stmt = select(
        func.count(),
        users,
        desks,
        wire.ints((QueueEventRow.ticket_id * (users * desks) + desk) * _KINDS + kind),
        wire.ints(QueueEventRow.seq),
        wire.times(QueueEventRow.at),
    ).where(ticket.between(low, high), QueueEventRow.kind.in_(facts_columns.EVENT_KINDS))
    if seqs is not None:
        stmt = stmt.where(QueueEventRow.seq > seqs[0], QueueEventRow.seq <= seqs[1])
    return stmt


def _events_of(conn: Any, wire: _Wire, ids: facts_columns.Ints) -> Any:
    """The events' row (``_events_stmt``) of the tickets ``ids``' id range, on ``conn``."""
    if not len(ids):
        return [conn.execute(_events_stmt(wire, QueueEventRow.ticket_id, 0, -1)).one()]
    ticket: Any = QueueEventRow.ticket_id
    if not wire.binary:
        # a large share of the tickets (a year): one pass over the table beats the index
        # (which an expression of the column keeps SQLite from using)
        first, last = _ends(conn, Ticket.id)
        if int(ids.max()) - int(ids.min()) > (int(last) - int(first)) // 4:
            ticket = QueueEventRow.ticket_id + 0
    return [conn.execute(_events_stmt(wire, ticket, int(ids.min()), int(ids.max()))).one()]


class _EventsApart:
    """A year's events read in two parts at once: the earlier (most) of them on a second
    connection, started before the tickets are read on the report's own, the rest on the
    report's own after them (sqlite3 and psycopg let go of the GIL while a statement runs:
    the two connections, or PostgreSQL's two server processes, take the two cores). One
    state of the database: the tickets' id range and the greatest event seq are read first
    in the report's read transaction, and both parts read only events up to that seq
    (events are only ever appended, their seqs handed out in commit order (on PostgreSQL
    under the events' advisory lock, ``app.storage.uow``): a write after the report began
    adds none of them) of tickets of that range (the tickets the report's own transaction
    sees)."""

    def __init__(self, conn: Any, first: Any, rest: Any) -> None:
        self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="report")
        options = dict(conn.get_execution_options())
        self._future = self._pool.submit(_fetch_apart, conn.engine, options, first)
        self._rest = rest

    def rows(self, conn: Any) -> list[Any]:
        """Both parts' rows, in seq order (the rest read now on ``conn``)."""
        try:
            rest = conn.execute(self._rest).one()
            return [self._future.result(), rest]
        finally:
            self.close()

    def close(self) -> None:
        """Wait for the second connection's part (its connection closed)."""
        self._pool.shutdown(wait=True)


def _fetch_apart(engine: Any, options: dict[str, Any], stmt: Any) -> Any:
    with engine.connect() as other:
        other.execution_options(**options)  # the report's: a read transaction
        return other.execute(stmt).one()


# The share of a year's events read on the second connection (the report's own reads the
# tickets first: ~0.4 s of ~1.4 s of both queries).
_APART_SHARE = 0.7


def _events_apart(
    conn: Any, wire: _Wire, period: Period, wanted: Service | None
) -> _EventsApart | None:
    """The period's events read apart (``_EventsApart``), started now; None where there is
    no second connection to the same database (one in memory)."""
    database = conn.engine.url.database
    if not database or database == ":memory:" or "mode=memory" in str(conn.engine.url):
        return None
    tickets = select(func.min(Ticket.id), func.max(Ticket.id)).where(
        Ticket.business_date.between(period.start, period.end)
    )
    if wanted is not None:
        tickets = tickets.where(Ticket.service_id == wanted.id)
    low, high = conn.execute(tickets).one()
    if low is None:
        return None
    last = int(conn.execute(select(func.max(QueueEventRow.seq))).scalar() or 0)
    # where the period's events begin, about (the first ticket's first event): to share
    # them out evenly only
    begin = conn.execute(
        select(func.min(QueueEventRow.seq)).where(QueueEventRow.ticket_id == int(low))
    ).scalar()
    begin = min(int(begin if begin is not None else 0), last)
    split = begin + int((last - begin) * _APART_SHARE)
    # each part's seq range: on SQLite one pass over the table (the expression keeps it off
    # the ticket index); PostgreSQL's planner picks its way (~0.4 s less than a pass each)
    ticket: Any = QueueEventRow.ticket_id if wire.binary else QueueEventRow.ticket_id + 0
    return _EventsApart(
        conn,
        _events_stmt(wire, ticket, int(low), int(high), (-1, split)),
        _events_stmt(wire, ticket, int(low), int(high), (split, last)),
    )


def _segments_of(
    wire: _Wire, events: Any, ids: facts_columns.Ints, counters: dict[int, int]
) -> facts_columns.SegmentColumns:
    """The segments of the tickets ``ids`` (in their columns' order) from their events' rows
    (``_events_stmt``, one or more parts in seq order; events of other tickets of their id
    range dropped here)."""
    parts = [_unpack_events(wire, row, counters) for row in events]
    tids, kinds, counter, clerk, seq, at = (
        np.concatenate([part[i] for part in parts]) if len(parts) > 1 else parts[0][i]
        for i in range(6)
    )
    m = len(tids)
    where, mine = _positions(ids, tids)
    # each ticket's events in seq order, the tickets in their columns' order
    if m and bool(np.all(seq[1:] > seq[:-1])):  # read in seq order (SQLite's scan)
        order = np.flatnonzero(mine)
        order = order[np.argsort(where[order], kind="stable")]
    else:
        order = np.lexsort((seq[mine], where[mine]))
        order = np.flatnonzero(mine)[order]
    return facts_columns.SegmentColumns.of(
        ticket=where[order],
        kind=kinds[order],
        at=at[order],
        counter=counter[order],
        clerk=clerk[order],
    )


def _unpack_events(wire: _Wire, row: Any, counters: dict[int, int]) -> tuple[Any, ...]:
    """One events' row (``_events_stmt``) as arrays: each event's ticket id, kind (index in
    ``facts_columns.EVENT_KINDS``), counter number (-1: none), clerk (-1: none), seq and
    time (each row by its own widths)."""
    m, user_width, counter_width, packed_t, seq_t, at_t = row
    m, user_width, counter_width = int(m), int(user_width), int(counter_width)
    packed = wire.read_ints(packed_t, m)
    kinds = packed & (_KINDS - 1)
    packed >>= _KINDS.bit_length() - 1
    tids = packed // (user_width * counter_width)
    desk_code = packed - tids * (user_width * counter_width)
    numbers = np.full(counter_width, -1, dtype=np.int64)
    for cid, number in counters.items():
        if cid + 1 < counter_width:
            numbers[cid + 1] = number
    clerk = desk_code // counter_width
    counter = numbers[desk_code - clerk * counter_width]
    return tids, kinds, counter, clerk - 1, wire.read_ints(seq_t, m), wire.read_times(at_t, m)


_KINDS = 16  # a power of two more than len(facts_columns.EVENT_KINDS)


def _positions(ids: facts_columns.Ints, tids: facts_columns.Ints) -> tuple[Any, Any]:
    """Where each of ``tids`` is in ``ids`` (distinct ticket ids), and whether it is there."""
    if not len(ids) or not len(tids):
        return np.zeros(len(tids), dtype=np.int64), np.zeros(len(tids), dtype=np.bool_)
    low, high = int(ids.min()), int(ids.max())
    if high - low < 8 * len(ids) + 1_000_000:  # a table of the id range
        table = np.full(high - low + 1, -1, dtype=np.int64)
        table[ids - low] = np.arange(len(ids))
        if int(tids.min()) >= low and int(tids.max()) <= high:  # as read: the ids' range
            where = table[tids - low]
        else:
            inside = (tids >= low) & (tids <= high)
            where = np.full(len(tids), -1, dtype=np.int64)
            where[inside] = table[tids[inside] - low]
        return where, where >= 0
    by_id = np.argsort(ids, kind="stable")
    found = np.minimum(np.searchsorted(ids[by_id], tids), len(ids) - 1)
    return by_id[found], ids[by_id[found]] == tids


def _desk_rows(
    tickets: list[_Ticket],
    desk: Callable[[Segment], Hashable | None],
    label: Callable[[Hashable], tuple[str, Bilingual]],
    sort: Callable[[Hashable], tuple[int, int, str]],
) -> tuple[Row, ...]:
    """One row per counter or clerk (``desk`` of a segment): the tickets it worked on
    (``tally_desks``) and how many of them did not print."""
    figures = tally_desks((t.story for t in tickets), desk)
    failed: dict[Hashable, int] = defaultdict(int)
    for t in tickets:
        if t.print_failed and t.story.segments:
            for key in {desk(seg) for seg in t.story.segments} - {None}:
                failed[key] += 1
    return tuple(
        Row(*label(key), figures[key], failed.get(key, 0)) for key in sorted(figures, key=sort)
    )


def weekday_name(isoweekday: int, lang: str = "id") -> str:
    """The heat map's row name: "Senin" in Indonesian, "Mon" in English (ISO weekday 1-7)."""
    return pick(lang, DAYS_ID[isoweekday - 1], DAYS_EN[isoweekday - 1][:3])
