"""``app.sync.facts_columns`` gives exactly the per-row path's figures (``facts.story_of_row``
and ``facts.tally_groups``): seeded random ticket rows on a real SQLite file and the real
PostgreSQL, read by ``ReportService.report`` both ways and compared field by field."""

from __future__ import annotations

import datetime as dt
import random
import statistics
import zoneinfo

import numpy as np
import pytest
from sqlalchemy import insert, select, update

from app.bootstrap import Core
from app.domain.hall import HallConfig
from app.domain.roles import STAND_IN_ADMIN
from app.ports import ManualClock
from app.services.context import HALL_KEY
from app.services.reports import ReportService
from app.storage.models import Counter, QueueEventRow, Service, Setting, Ticket, User
from app.storage.uow import UnitOfWorkFactory
from app.sync import facts, facts_columns

DAYS = (dt.date(2026, 3, 27), dt.date(2026, 3, 28), dt.date(2026, 3, 30), dt.date(2026, 10, 24))
STATUSES = ("waiting", "called", "serving", "held", "finished", "no_show", "cancelled", "expired")
OUTCOMES = ("served", "incomplete", "referred", "other", None)
KINDS = ("called",) * 4 + ("started", "finished", "transferred", "no_show", "requeued")
KINDS += ("recalled", "cancelled", "expired", "returned", "held", "issued")


def _tickets(core: Core, seed: int, n: int) -> None:
    """Random rows: any status and outcome, transfers, priority, print failures, no start,
    a first call before the issue (a clock set back), finishes before the start; service E
    the last day with service A only."""
    rng = random.Random(seed)
    with core.engine.begin() as conn:
        ids = {c: i for c, i in conn.execute(select(Service.code, Service.id))}
        counter = conn.execute(select(Counter.id)).scalars().first()
        rows = []
        for number in range(n):
            day = rng.choice(DAYS)
            code = "A" if day == DAYS[-1] else rng.choice("AABC")
            base = dt.datetime.combine(day, dt.time(0, 30), dt.UTC)
            issued = base + dt.timedelta(microseconds=rng.randrange(14 * 3600 * 10**6))
            status = rng.choice(STATUSES)

            def later(at: dt.datetime, spread: int = 3600) -> dt.datetime:
                step = rng.randrange(-120 if rng.random() < 0.1 else 0, spread)
                return at + dt.timedelta(seconds=step, microseconds=rng.randrange(10**6))

            called = later(issued) if status != "waiting" or rng.random() < 0.2 else None
            last = later(called, 600) if called is not None and rng.random() < 0.3 else called
            started = later(last, 300) if last is not None and rng.random() < 0.7 else None
            ended = started or last
            finished = later(ended, 1800) if ended is not None and rng.random() < 0.9 else None
            if rng.random() < 0.05:
                finished = issued  # equal times: a zero wait or service
            rows.append(
                {
                    "service_id": ids[code],
                    "current_service_id": ids[code],
                    "business_date": day,
                    "number": number + 1,
                    "priority": rng.random() < 0.2,
                    "status": status,
                    "counter_id": counter if called is not None else None,
                    "queue_key": number,
                    "issue_key": number,
                    "queued_at": issued,
                    "issued_at": issued,
                    "called_at": called,
                    "last_called_at": last,
                    "started_at": started,
                    "finished_at": finished if status == "finished" or rng.random() < 0.1 else None,
                    "transfer_count": rng.choice((0, 0, 0, 1, 2)),
                    "outcome": rng.choice(OUTCOMES) if status == "finished" else None,
                    "print_state": rng.choice(("printed", "printed", "failed", "not_printed")),
                }
            )
        conn.execute(insert(Ticket), rows)
        conn.execute(
            insert(User),
            [
                {
                    "username": name,
                    "password_hash": "x",
                    "role": "clerk",
                    "active": True,
                    "created_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                }
                for name in ("zaki", "ani", "budi")
            ],
        )
        users = [None, *conn.execute(select(User.id)).scalars()]
        counters = [None, *conn.execute(select(Counter.id)).scalars()]
        # each ticket's events: any order of kinds, desks and times (a clock set back too)
        pending = {}
        for tid, issued in conn.execute(select(Ticket.id, Ticket.issued_at)):
            at, events = issued, []
            for _ in range(rng.randrange(9)):
                at += dt.timedelta(
                    seconds=rng.randrange(-60, 900), microseconds=rng.randrange(10**6)
                )
                kind = rng.choice(KINDS)
                desk = (rng.choice(counters[:3]), rng.choice(users[:3]))
                events.append(
                    {
                        "kind": kind,
                        "at": at,
                        "ticket_id": tid,
                        "counter_id": desk[0],
                        "user_id": desk[1],
                        "data": {},
                    }
                )
            if events:
                pending[tid] = events[::-1]
        ordered = []
        while pending:
            tid = rng.choice(list(pending))
            ordered.append(pending[tid].pop())
            if not pending[tid]:
                del pending[tid]
        conn.execute(insert(QueueEventRow), ordered)
        conn.execute(update(Service).where(Service.code == "B").values(target_minutes=0))


@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Europe/Berlin"])
def test_columns_give_the_rows_figures(
    core: Core, clock: ManualClock, zone: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.services.reports as reports_module

    apart: list[object] = []  # the events read in two parts, one on a second connection
    fetch = reports_module._fetch_apart
    monkeypatch.setattr(reports_module, "_fetch_apart", lambda *a: apart.append(a) or fetch(*a))
    _tickets(core, seed=14 if zone == "Asia/Jakarta" else 15, n=900)
    if zone != "Asia/Jakarta":  # summer time starts 2026-03-29 and ends 2026-10-25
        with core.engine.begin() as conn:
            value = conn.execute(select(Setting.value).where(Setting.key == HALL_KEY)).scalar()
            hall = HallConfig.from_json(value or {}).to_json() | {"timezone": zone}
            conn.execute(update(Setting).where(Setting.key == HALL_KEY).values(value=hall))
    reports = ReportService(UnitOfWorkFactory(core.engine), clock)
    for first, last, service in (
        (DAYS[0], DAYS[-1], None),
        (DAYS[0], DAYS[0], "B"),
        (DAYS[-1], DAYS[-1], None),  # one service only: the others are empty groups
        (dt.date(2027, 1, 1), dt.date(2027, 1, 2), None),  # no ticket at all
    ):
        for desks in (False, True):
            by_columns = reports.report(
                actor=STAND_IN_ADMIN, date_from=first, date_to=last, service=service, desks=desks
            )
            by_rows = reports.report(
                actor=STAND_IN_ADMIN,
                date_from=first,
                date_to=last,
                service=service,
                desks=desks,
                by_rows=True,
            )
            assert by_columns == by_rows
        desks_only = [
            reports.report(
                actor=STAND_IN_ADMIN,
                date_from=first,
                date_to=last,
                service=service,
                groups=False,
                by_rows=rows,
            )
            for rows in (False, True)
        ]
        assert desks_only[0] == desks_only[1]
        assert (desks_only[0].counters, desks_only[0].clerks) == (by_rows.counters, by_rows.clerks)
        assert not desks_only[0].hours and not desks_only[0].heatmap
        if first.year == 2026:
            assert by_rows.counters and by_rows.clerks
    assert by_rows.total.figures.issued == 0  # the last period: no ticket
    assert apart  # all the days: a year's way, on both engines


def test_local_hours_across_a_clock_change() -> None:
    zone = zoneinfo.ZoneInfo("Europe/Berlin")
    rng = random.Random(3)
    start = dt.datetime(2026, 3, 29, 0, 0, tzinfo=dt.UTC)
    instants = [start + dt.timedelta(seconds=rng.randrange(3 * 3600)) for _ in range(300)]
    stamps = np.array([i.replace(tzinfo=None) for i in instants], dtype="datetime64[us]")
    hour, weekday = facts_columns.local_hour_weekday(stamps, zone)
    local = [i.astimezone(zone) for i in instants]
    assert hour.tolist() == [t.hour for t in local]
    assert weekday.tolist() == [t.isoweekday() for t in local]


def test_times_read_as_numpy_reads_them() -> None:
    """``parse_times``' fast path (SQLite's width, ``NO_TIME`` for none) and its fallback
    give numpy's own reading of each time."""
    rng = random.Random(5)
    start = dt.datetime(1999, 12, 31, 23, 0)
    stamps = [start + dt.timedelta(microseconds=rng.randrange(10**15)) for _ in range(400)]
    stamps[::3] = [t.replace(microsecond=0) for t in stamps[::3]]
    texts = [t.isoformat(rng.choice(" T"), timespec="microseconds") for t in stamps]
    texts[::7] = [facts_columns.NO_TIME] * len(texts[::7])
    want = [None if t == facts_columns.NO_TIME else dt.datetime.fromisoformat(t) for t in texts]
    assert facts_columns.parse_times(",".join(texts), len(texts)).tolist() == want
    # other widths: numpy's parser
    short = [t if t == facts_columns.NO_TIME else t.replace(".000000", "") for t in texts]
    assert facts_columns.parse_times(",".join(short), len(short)).tolist() == want
    with pytest.raises(ValueError):
        facts_columns.parse_times("2026-02-30 08:00:00.000000", 1)


def test_minutes_and_quantiles_are_the_definitions() -> None:
    rng = random.Random(8)
    a = [
        dt.datetime(2026, 1, 1) + dt.timedelta(microseconds=rng.randrange(10**10))
        for _ in range(500)
    ]
    b = [t + dt.timedelta(microseconds=rng.randrange(-(10**8), 10**10)) for t in a]
    got = facts_columns.minutes_between(
        np.array(a, "datetime64[us]"), np.array(b, "datetime64[us]")
    )
    want = [facts.wait_minutes(x, y) for x, y in zip(a, b, strict=True)]
    assert [None if np.isnan(g) else float(g) for g in got] == want
    values = sorted(w for w in want if w is not None)
    assert facts.median_sorted(values) == statistics.median(values)
    assert facts.quantile_sorted(values, 0.9) == pytest.approx(
        statistics.quantiles(values, n=10, method="inclusive")[-1], abs=1e-9
    )


def test_segments_without_a_clerk_make_no_clerk_rows() -> None:
    at = np.array(["2026-01-01T08:00", "2026-01-01T08:05", "2026-01-01T08:09"], "datetime64[us]")
    segs = facts_columns.SegmentColumns.of(
        ticket=np.array([0, 0, 0]),
        kind=np.array(
            [facts_columns.EVENT_KINDS.index(k) for k in ("called", "started", "finished")]
        ),
        at=at,
        counter=np.array([3, 3, 3]),
        clerk=np.array([-1, -1, -1]),
    )
    cols = facts_columns.TicketColumns.of(
        result=np.array([0]),
        transferred=np.array([False]),
        priority=np.array([True]),
        print_failed=np.array([False]),
        target=np.array([5.0]),
        issued=at[:1] - np.timedelta64(60, "s"),
        called=at[:1],
        base=at[1:2],
        finished=at[2:],
    )
    (counters, failed), clerks = facts_columns.tally_desk_columns(
        cols, segs, segs.counter, segs.clerk
    )
    assert clerks == ({}, {})
    want = facts.tally_desks(
        [
            facts.Story(
                "A",
                dt.date(2026, 1, 1),
                issued_at=dt.datetime(2026, 1, 1, 7, 59),
                priority=True,
                target=5,
                first_called=dt.datetime(2026, 1, 1, 8),
                final="finished",
                outcome="served",
                segments=[facts.Segment(3, None, 1, "finished", 4.0)],
            )
        ],
        lambda seg: seg.counter,
    )
    assert counters == want and failed == {3: 0}
