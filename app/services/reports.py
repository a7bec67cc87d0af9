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

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import (
    DateTime,
    Integer,
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
from app.storage.models import QueueEventRow, Service, Ticket, User
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
        by_rows: bool = False,
    ) -> HallReport:
        """Every table of the hall's report for business days ``date_from``–``date_to``
        (only ``service`` when given). ``InvalidSetting`` (2) for a reversed period,
        ``NotFound`` (4) for an unknown service; ``progress`` hears 0–1 while reading.

        The services, days and hours come from the tickets' rows (``facts.story_of_row``:
        the story their events tell, one row a ticket); the counters and clerks
        (``desks``; without it they are empty) replay the events for the segments.
        Without the desks the rows are read as columns (``facts_columns``: the same figures,
        tested equal; ``by_rows`` reads them a story a row instead)."""
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
    figures = tally_groups(grouped)
    return _assemble(
        hall_name,
        period,
        service,
        timezone,
        services,
        figures,
        failed,
        hours,
        days,
        dict(heatmap),
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
) -> HallReport:
    """The report from the tickets' columns (``app.sync.facts_columns``), its desks too when
    ``counters`` maps their ids to numbers: one query, each column aggregated into one
    comma-separated text (no row objects), parsed by numpy; times as stored (naive UTC),
    differences in exact microseconds."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        # a date or time as text is ISO then (twice as fast as to_char)
        conn.exec_driver_sql("SET LOCAL datestyle = 'ISO, YMD'")

    def times(col: Any) -> Any:
        return func.aggregate_strings(func.coalesce(_iso_text(col), "NaT"), ",")

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
    stmt = select(
        func.count(),
        func.aggregate_strings(cast(Ticket.id, String), ",")
        if counters is not None
        else literal_column("''"),
        func.aggregate_strings(cast(Ticket.service_id * 64 + (code + 1) * 8 + flags, String), ","),
        func.aggregate_strings(_iso_text(Ticket.business_date), ","),
        times(Ticket.issued_at),
        times(Ticket.called_at),
        times(case((finished, func.coalesce(Ticket.started_at, Ticket.last_called_at)))),
        times(case((finished, Ticket.finished_at))),
    ).where(Ticket.business_date.between(period.start, period.end))
    if wanted is not None:
        stmt = stmt.where(Ticket.service_id == wanted.id)
    n, ids_t, packed_text, days_text, issued_t, called_t, base_t, finished_t = conn.execute(
        stmt
    ).one()
    n = int(n)
    packed = facts_columns.parse_ints(packed_text, n)
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
    issued = facts_columns.parse_times(issued_t, n)
    cols = facts_columns.TicketColumns.of(
        result=(packed // 8) % 8 - 1,
        transferred=(packed & 1).astype(np.bool_),
        priority=((packed >> 2) & 1).astype(np.bool_),
        print_failed=((packed >> 1) & 1).astype(np.bool_),
        target=targets[index] if n else np.empty(0),
        issued=issued,
        called=facts_columns.parse_times(called_t, n),
        base=facts_columns.parse_times(base_t, n),
        finished=facts_columns.parse_times(finished_t, n),
    )
    figures: dict[Hashable, Figures] = {}
    failed: dict[tuple[str, object], int] = {}

    def grouped(kind: str, codes: Any, labels: list[Any]) -> None:
        found, failures = facts_columns.tally_columns(
            cols, codes.astype(np.int64), [(kind, x) for x in labels]
        )
        figures.update(found)
        failed.update(failures)  # type: ignore[arg-type]

    grouped("", np.zeros(n, dtype=np.int64), [None])
    grouped("service", index, [known[i][0] for i in ids])
    day_numbers, day_codes = facts_columns.small_unique(
        facts_columns.parse_days(days_text, n).astype(np.int64)
    )
    days: list[dt.date] = day_numbers.astype("datetime64[D]").tolist()
    grouped("day", day_codes, days)
    hour, weekday = facts_columns.local_hour_weekday(issued, zone)
    grouped("hour", hour, list(range(24)))
    cells = np.bincount(weekday * 24 + hour, minlength=8 * 24)
    heatmap = {(int(c) // 24, int(c) % 24): int(cells[c]) for c in np.flatnonzero(cells)}
    desk_rows: dict[str, tuple[Row, ...]] = {"counters": (), "clerks": ()}
    if counters is not None:
        segs = _segment_columns(conn, facts_columns.parse_ints(ids_t, n), counters)
        for name, desk in (("counters", segs.counter), ("clerks", segs.clerk)):
            found, failures = facts_columns.tally_desk_columns(cols, segs, desk)
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
    return _assemble(
        hall_name,
        period,
        wanted.code if wanted is not None else None,
        timezone,
        services,
        figures,
        failed,
        set(np.flatnonzero(np.bincount(hour, minlength=24)).tolist()),
        set(days),
        heatmap,
        counters=desk_rows["counters"],
        clerks=desk_rows["clerks"],
    )


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


def _iso_text(col: Any) -> Any:
    """A stored date or time as ISO text: SQLite stores that text itself; PostgreSQL casts it
    (``datestyle`` ISO, set by ``_columnar``)."""
    return cast(col, String())


def _segment_columns(conn: Any, ids: Any, counters: dict[int, int]) -> facts_columns.SegmentColumns:
    """The segments of the tickets ``ids`` (in their columns' order) from their events of
    the kinds ``facts_columns.EVENT_KINDS`` (aggregated texts again): the events of the
    tickets' id range, without a join, those of other tickets dropped here."""
    if not len(ids):
        ids = np.zeros(0, dtype=np.int64)
    postgres = conn.dialect.name == "postgresql"
    at = _iso_text(QueueEventRow.at)
    kind = case({k: i for i, k in enumerate(facts_columns.EVENT_KINDS)}, value=QueueEventRow.kind)
    width = max([0, *counters]) + 2  # counter id + 1 (0: none) below it
    desk = (
        (func.coalesce(QueueEventRow.user_id, -1) + 1) * width
        + func.coalesce(QueueEventRow.counter_id, -1)
        + 1
    )
    ticket: Any = QueueEventRow.ticket_id
    if not postgres and len(ids):
        # a large share of the tickets (a year): one pass over the table beats the index
        # (which an expression of the column keeps SQLite from using)
        first, last = conn.execute(select(func.min(Ticket.id), func.max(Ticket.id))).one()
        if int(ids.max()) - int(ids.min()) > (int(last) - int(first)) // 4:
            ticket = QueueEventRow.ticket_id + 0
    stmt = select(
        func.count(),
        func.aggregate_strings(cast(QueueEventRow.ticket_id, String), ","),
        func.aggregate_strings(cast(QueueEventRow.seq, String), ","),
        func.aggregate_strings(cast(desk * 16 + kind, String), ","),
        func.aggregate_strings(at, ","),
    ).where(
        ticket.between(int(ids.min()) if len(ids) else 0, int(ids.max()) if len(ids) else -1),
        QueueEventRow.kind.in_(facts_columns.EVENT_KINDS),
    )
    m, tid_t, seq_t, packed_t, at_t = conn.execute(stmt).one()
    m = int(m)
    tids = facts_columns.parse_ints(tid_t, m)
    order = np.lexsort((facts_columns.parse_ints(seq_t, m), tids))
    tids = tids[order]
    ascending = bool(np.all(ids[1:] > ids[:-1]))  # as SQLite reads them
    by_id = np.arange(len(ids)) if ascending else np.argsort(ids, kind="stable")
    known = ids[by_id]
    where = np.minimum(np.searchsorted(known, tids), max(len(ids) - 1, 0))
    mine = known[where] == tids if len(ids) else np.zeros(m, dtype=np.bool_)
    order, where = order[mine], where[mine]
    packed = facts_columns.parse_ints(packed_t, m)[order]
    numbers = np.full(width, -1, dtype=np.int64)
    for cid, number in counters.items():
        numbers[cid + 1] = number
    desks = packed // 16
    return facts_columns.SegmentColumns.of(
        ticket=by_id[where],
        kind=packed % 16,
        at=facts_columns.parse_times(at_t, m)[order],
        counter=numbers[desks % width],
        clerk=desks // width - 1,
    )


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
