"""The hall's reports on real SQLite and PostgreSQL, checked against figures computed here,
independently, from the raw ticket rows (not from the events the report replays)."""

from __future__ import annotations

import datetime as dt
import random
import statistics
from collections import defaultdict
from typing import Any

import pytest
from sqlalchemy import select

from app.bootstrap import Core
from app.domain.errors import AccessDenied, InvalidSetting, KnownError, NotFound
from app.domain.model import Outcome, TicketStatus
from app.domain.roles import Actor, Role
from app.ports import ManualClock
from app.services.reports import HallReport, Period, ReportService
from app.storage.models import QueueEventRow, Service, Ticket
from app.storage.uow import UnitOfWorkFactory
from app.sync.facts import Figures

PASSWORD = "rahasia-panjang-1"
WIB = dt.timezone(dt.timedelta(hours=7))
DAYS = (dt.date(2026, 11, 23), dt.date(2026, 11, 24), dt.date(2026, 11, 26))


def _staff(core: Core) -> tuple[Actor, list[Actor]]:
    from app.domain.roles import NOBODY

    admin = core.users.add_user(NOBODY, "kapolsek", PASSWORD, "admin")
    boss = Actor(admin.id, admin.username, Role.ADMIN)
    clerks = []
    for name in ("ani", "budi", "citra"):
        user = core.users.add_user(boss, name, PASSWORD, "supervisor")
        clerks.append(Actor(user.id, user.username, Role.SUPERVISOR))
    return boss, clerks


def simulate(
    core: Core,
    clock: ManualClock,
    seed: int = 14,
    steps: int = 160,
    days: tuple[dt.date, ...] = DAYS,
) -> Actor:
    """A few business days of a busy hall: issues (some priority, some print failures),
    calls, starts, finishes (served or not), no-shows (some requeued), transfers, cancels."""
    rng = random.Random(seed)
    boss, clerks = _staff(core)
    for day in days:
        clock.set(dt.datetime.combine(day, dt.time(8, 0), WIB).astimezone(dt.UTC))
        active: dict[int, str] = {}  # counter -> state ("called", "serving")
        for _ in range(steps):
            clock.advance(seconds=rng.randint(20, 400))
            roll = rng.random()
            counter = rng.randint(1, 4)
            who = clerks[counter % len(clerks)] if counter < 4 else boss
            try:
                if roll < 0.03:
                    waiting = _waiting(core)
                    if waiting:
                        core.queue.cancel(rng.choice(waiting), actor=boss)
                elif roll < 0.4:
                    issued = core.queue.issue_ticket(
                        rng.choice("AABBC"), priority=rng.random() < 0.2, printed=False
                    )
                    core.queue.record_print(issued.ticket.id, ok=rng.random() < 0.85, error="x")
                elif counter not in active or roll < 0.55:
                    core.queue.call_next(counter, actor=who)
                    active[counter] = "called"
                elif active[counter] == "called" and roll < 0.65:
                    core.queue.start(counter, actor=who)
                    active[counter] = "serving"
                elif active[counter] == "called" and roll < 0.72:
                    core.queue.transfer(counter, to_service=rng.choice("ABC"), actor=who)
                    del active[counter]
                elif active[counter] == "called" and roll < 0.8:
                    requeue = 2 if rng.random() < 0.3 else None
                    core.queue.no_show(counter, requeue_after=requeue, actor=who)
                    del active[counter]
                else:
                    outcome = Outcome.SERVED if rng.random() < 0.85 else Outcome.INCOMPLETE
                    core.queue.finish(counter, outcome, actor=who)
                    del active[counter]
            except KnownError:
                active.pop(counter, None)
        clock.advance(hours=1)
        core.hall.close_day(actor=boss)
    return boss


def _waiting(core: Core) -> list[str]:
    with core.engine.connect() as conn:
        rows = conn.execute(
            select(Service.code, Ticket.number)
            .join(Service, Service.id == Ticket.service_id)
            .where(Ticket.status == TicketStatus.WAITING)
        )
        return [f"{c}-{n:03d}" for c, n in rows]


# The independent side ------------------------------------------------------------------


def _p90(values: list[float]) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=10, method="inclusive")[8]


def _mins(delta: dt.timedelta) -> float:
    return delta.total_seconds() / 60


def expected(tickets: list[dict[str, Any]]) -> dict[str, Any]:
    waits = [_mins(t["called_at"] - t["issued_at"]) for t in tickets if t["called_at"]]
    times = [
        _mins(t["finished_at"] - (t["started_at"] or t["last_called_at"]))
        for t in tickets
        if t["status"] == TicketStatus.FINISHED and t["last_called_at"] is not None
    ]
    called = [t for t in tickets if t["called_at"]]
    within = sum(1 for t, w in zip(called, waits, strict=True) if w <= t["target"])

    def r(v: float | None) -> float | None:
        return None if v is None else round(v, 2)

    n = len(tickets)
    return {
        "issued": n,
        "served": sum(t["status"] == "finished" and t["outcome"] == "served" for t in tickets),
        "no_show": sum(t["status"] == "no_show" for t in tickets),
        "cancelled": sum(t["status"] == "cancelled" for t in tickets),
        "expired": sum(t["status"] == "expired" for t in tickets),
        "transferred": sum(t["transfer_count"] > 0 for t in tickets),
        "called": len(waits),
        "wait_mean_min": r(statistics.fmean(waits)) if waits else None,
        "wait_median_min": r(statistics.median(waits)) if waits else None,
        "wait_p90_min": r(_p90(waits)),
        "service_mean_min": r(statistics.fmean(times)) if times else None,
        "service_median_min": r(statistics.median(times)) if times else None,
        "within_target_pct": r(100 * within / len(waits)) if waits else None,
        "priority_pct": r(100 * sum(t["priority"] for t in tickets) / n) if n else None,
        "print_failed": sum(t["print_state"] == "failed" for t in tickets),
    }


def _raw(core: Core, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    with core.engine.connect() as conn:
        rows = conn.execute(
            select(Ticket, Service.code, Service.target_minutes.label("target"))
            .join(Service, Service.id == Ticket.service_id)
            .where(Ticket.business_date.between(start, end))
        ).mappings()
        out = [dict(r) for r in rows]
        last_user: dict[int, int | None] = {}
        last_counter: dict[int, int | None] = {}
        for tid, user, counter in conn.execute(
            select(QueueEventRow.ticket_id, QueueEventRow.user_id, QueueEventRow.counter_id)
            .where(QueueEventRow.kind == "called")
            .order_by(QueueEventRow.seq)
        ):
            assert tid is not None
            last_user[tid] = user
            last_counter[tid] = counter
    for t in out:
        t["last_user"] = last_user.get(t["id"])
        t["service"] = t["code"]
        t["last_counter"] = last_counter.get(t["id"])
    return out


def _figures(row_figures: Figures, print_failed: int) -> dict[str, Any]:
    keys = expected([]).keys()
    got = {k: getattr(row_figures, k) for k in keys if k != "print_failed"}
    got["print_failed"] = print_failed
    return got


def _close(got: dict[str, Any], want: dict[str, Any], what: str) -> None:
    for key, value in want.items():
        if isinstance(value, float):
            assert got[key] == pytest.approx(value, abs=0.011), (what, key)
        else:
            assert got[key] == value, (what, key, got[key], value)


# Tests -----------------------------------------------------------------------------------


def _service(core: Core, clock: ManualClock) -> ReportService:
    return ReportService(UnitOfWorkFactory(core.engine), clock)


def test_report_matches_the_raw_tickets(core: Core, clock: ManualClock) -> None:
    boss = simulate(core, clock)
    reports = _service(core, clock)
    start, end = DAYS[0], DAYS[1]  # the third day lies outside the period
    seen: list[float] = []
    report = reports.report(actor=boss, date_from=start, date_to=end, progress=seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen)
    tickets = _raw(core, start, end)
    assert len(tickets) > 80
    total = report.total
    _close(_figures(total.figures, total.print_failed), expected(tickets), "total")
    assert total.figures.served and total.figures.no_show and total.figures.transferred
    assert total.figures.expired and total.print_failed and total.figures.cancelled

    by_service = {r.key: r for r in report.summary[:-1]}
    assert list(by_service) == ["A", "B", "C", "D", "E"]
    for code, row in by_service.items():
        want = expected([t for t in tickets if t["service"] == code])
        _close(_figures(row.figures, row.print_failed), want, code)

    counter_numbers = _counter_numbers(core)
    by_counter = expected_desks(core, tickets, lambda c, _u: str(counter_numbers[c]))
    assert [r.key for r in report.counters] == ["1", "2", "3", "4"] == sorted(by_counter)
    for row in report.counters:
        _close(_desk_figures(row), by_counter[row.key], f"counter {row.key}")
    moved = [t for t in tickets if t["transfer_count"] and t["status"] == "finished"]
    assert moved and sum(r.figures.issued for r in report.counters) > len(tickets) - sum(
        t["called_at"] is None for t in tickets
    )  # a transferred ticket counts at each counter that worked on it

    names = _usernames(core)
    by_clerk = expected_desks(core, tickets, lambda _c, u: names[u])
    assert sorted(r.key for r in report.clerks) == ["ani", "budi", "citra", "kapolsek"]
    assert sorted(by_clerk) == sorted(r.key for r in report.clerks)
    for row in report.clerks:
        _close(_desk_figures(row), by_clerk[row.key], f"clerk {row.key}")

    hours: dict[int, list[dict[str, Any]]] = defaultdict(list)
    heat: dict[tuple[int, int], int] = defaultdict(int)
    for t in tickets:
        local = t["issued_at"].astimezone(WIB)
        hours[local.hour].append(t)
        heat[(local.isoweekday(), local.hour)] += 1
    assert [int(r.key) for r in report.hours] == sorted(hours)
    for row in report.hours:
        _close(_figures(row.figures, row.print_failed), expected(hours[int(row.key)]), row.key)
    assert report.heatmap == heat
    assert {k[0] for k in heat} == {1, 2}  # Monday and Tuesday

    assert [r.key for r in report.daily] == [d.isoformat() for d in DAYS[:2]]
    for row in report.daily:
        group = [t for t in tickets if t["business_date"].isoformat() == row.key]
        _close(_figures(row.figures, row.print_failed), expected(group), row.key)

    only_b = reports.report(actor=boss, date_from=start, date_to=end, service="b")
    assert [r.key for r in only_b.summary] == ["B", ""] and only_b.service == "B"
    assert only_b.total.figures == by_service["B"].figures


def _desk_figures(row: Any) -> dict[str, Any]:
    got = _figures(row.figures, row.print_failed)
    got["calls"] = row.figures.calls
    got["transferred_out"] = row.figures.transferred_out
    del got["transferred"]
    return got


def expected_desks(
    core: Core, tickets: list[dict[str, Any]], desk: Any
) -> dict[str, dict[str, Any]]:
    """Per desk (``desk(counter_id, user_id)`` of an event), straight from the events' own
    counter and user: the tickets it called (handled), its calls, the transfers and
    finishes it recorded with their work time (back to the start, or the call, before
    them), the outcome where the ticket was last called, the wait where it was first called.
    """
    by_id = {t["id"]: t for t in tickets}
    with core.engine.connect() as conn:
        events = conn.execute(
            select(
                QueueEventRow.ticket_id,
                QueueEventRow.kind,
                QueueEventRow.at,
                QueueEventRow.counter_id,
                QueueEventRow.user_id,
            ).order_by(QueueEventRow.seq)
        ).all()
    handled: dict[str, set[int]] = defaultdict(set)
    calls: dict[str, int] = defaultdict(int)
    out: dict[str, int] = defaultdict(int)
    work: dict[str, list[float]] = defaultdict(list)
    first: dict[int, str] = {}
    last: dict[int, str] = {}
    since: dict[int, dt.datetime] = {}
    for tid, kind, at, counter_id, user_id in events:
        if tid not in by_id:
            continue
        if kind == "called":
            who = desk(counter_id, user_id)
            handled[who].add(tid)
            calls[who] += 1
            first.setdefault(tid, who)
            last[tid] = who
            since[tid] = at
        elif kind == "started":
            since[tid] = at
        elif kind in ("finished", "transferred") and tid in since:
            who = desk(counter_id, user_id)
            work[who].append(_mins(at - since.pop(tid)))
            out[who] += kind == "transferred"
        elif kind in ("no_show", "cancelled", "expired", "returned", "requeued"):
            since.pop(tid, None)
    result = {}
    for who, ids in handled.items():
        mine = [by_id[i] for i in ids]
        fig = expected(mine)
        ended = expected([t for t in mine if last[t["id"]] == who])
        for key in ("served", "no_show", "cancelled", "expired"):
            fig[key] = ended[key]
        waited = expected([t for t in mine if first[t["id"]] == who])
        for key in ("called", "wait_mean_min", "wait_median_min", "wait_p90_min"):
            fig[key] = waited[key]
        fig["within_target_pct"] = waited["within_target_pct"]
        times = work[who]
        fig["service_mean_min"] = round(statistics.fmean(times), 2) if times else None
        fig["service_median_min"] = round(statistics.median(times), 2) if times else None
        fig["calls"], fig["transferred_out"] = calls[who], out[who]
        del fig["transferred"]
        result[who] = fig
    return result


def _counter_numbers(core: Core) -> dict[int, int]:
    from app.storage.models import Counter

    with core.engine.connect() as conn:
        return dict(conn.execute(select(Counter.id, Counter.number)).all())


def _usernames(core: Core) -> dict[int | None, str]:
    from app.storage.models import User

    with core.engine.connect() as conn:
        return dict(conn.execute(select(User.id, User.username)).all())


def test_periods_and_refusals(core: Core, clock: ManualClock) -> None:
    wed = dt.date(2026, 11, 25)
    assert Period.of("day", wed) == Period(wed, wed)
    assert Period.of("week", wed) == Period(dt.date(2026, 11, 23), dt.date(2026, 11, 29))
    assert Period.of("month", wed) == Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert Period.of("month", dt.date(2026, 12, 31)).end == dt.date(2026, 12, 31)
    assert Period.of("range", wed, dt.date(2026, 12, 2)).end == dt.date(2026, 12, 2)
    boss, clerks = _staff(core)
    reports = _service(core, clock)
    clerk = core.users.add_user(boss, "dodi", PASSWORD, "clerk")
    with pytest.raises(AccessDenied):
        reports.report(
            actor=Actor(clerk.id, "dodi", Role.CLERK, counter=1), date_from=wed, date_to=wed
        )
    with pytest.raises(InvalidSetting):
        reports.report(actor=clerks[0], date_from=wed, date_to=wed - dt.timedelta(days=1))
    with pytest.raises(NotFound):
        reports.report(actor=clerks[0], date_from=wed, date_to=wed, service="Z")
    empty: HallReport = reports.report(actor=clerks[0], date_from=wed, date_to=wed)
    assert empty.total.figures.issued == 0 and empty.total.figures.wait_median_min is None
    assert empty.hall_name and not empty.counters and not empty.hours and not empty.heatmap


def test_a_ticket_row_tells_the_story_its_events_tell(core: Core, clock: ManualClock) -> None:
    """``facts.story_of_row`` (what the report reads) equals ``facts.apply`` over the
    ticket's events (what HQ replays), on every ticket of the simulated days."""
    from app.services.reports import HallEvent
    from app.sync import facts

    simulate(core, clock, days=DAYS[:1])
    tickets = {t["id"]: t for t in _raw(core, DAYS[0], DAYS[0])}
    replayed = {tid: facts.Story(t["code"], t["business_date"]) for tid, t in tickets.items()}
    with core.engine.connect() as conn:
        for tid, kind, at, data in conn.execute(
            select(
                QueueEventRow.ticket_id, QueueEventRow.kind, QueueEventRow.at, QueueEventRow.data
            ).order_by(QueueEventRow.seq)
        ):
            if tid in tickets:
                t = tickets[tid]
                outcome = (data or {}).get("outcome") if kind == "finished" else None
                event = HallEvent(kind, at, t["priority"], t["target"], outcome, None)
                facts.apply(replayed[tid], event)
    fields = ("issued_at", "priority", "target", "first_called", "final", "transferred")
    assert any(t["transfer_count"] for t in tickets.values())
    for tid, t in tickets.items():
        row = facts.story_of_row(
            t["code"],
            t["business_date"],
            issued_at=t["issued_at"],
            priority=t["priority"],
            target=t["target"],
            status=t["status"],
            outcome=t["outcome"],
            transfers=t["transfer_count"],
            called_at=t["called_at"],
            started_at=t["started_at"],
            last_called_at=t["last_called_at"],
            finished_at=t["finished_at"],
        )
        story = replayed[tid]
        assert [getattr(row, f) for f in fields] == [getattr(story, f) for f in fields], tid
        assert row.service_minutes == pytest.approx(story.service_minutes), tid
        ended = facts.result(row.final, row.outcome), facts.result(story.final, story.outcome)
        assert ended[0] == ended[1], tid


def test_a_year_read_on_two_connections_sees_one_state(
    core: Core, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large share of the tickets' days reads its events on a second connection while the
    tickets are read on the report's own; tickets issued and called (new events of the
    period's tickets, changed ticket rows) by another connection in between do not show: the
    report is the one of the state it began with."""
    import app.services.reports as reports_module

    boss = simulate(core, clock, steps=50, days=DAYS[:2])
    today = DAYS[2]
    clock.set(dt.datetime.combine(today, dt.time(8, 0), WIB).astimezone(dt.UTC))
    for number in (1, 2):
        core.hall.open_counter(number, actor=boss)
    for code in "AAB":
        core.queue.issue_ticket(code, priority=False, printed=True)
    core.queue.call_next(1, actor=boss)
    reports = _service(core, clock)
    frozen = reports.report(actor=boss, date_from=DAYS[0], date_to=today, by_rows=True)
    fetch = reports_module._fetch_apart
    written: list[int] = []

    def meanwhile(*args: Any) -> Any:
        if not written:  # between the report's first reads and its events'
            clock.advance(seconds=90)
            core.queue.finish(1, Outcome.SERVED, actor=boss)
            core.queue.call_next(2, actor=boss)
            core.queue.call_next(1, actor=boss)
            written.append(core.queue.issue_ticket("A", priority=True, printed=True).ticket.id)
        return fetch(*args)

    monkeypatch.setattr(reports_module, "_fetch_apart", meanwhile)
    seen = reports.report(actor=boss, date_from=DAYS[0], date_to=today)
    assert written  # read apart, with the writes in between
    assert seen == frozen
    monkeypatch.undo()
    after = reports.report(actor=boss, date_from=DAYS[0], date_to=today)
    assert after != frozen  # the writes count once the report begins after them
    assert after == reports.report(actor=boss, date_from=DAYS[0], date_to=today, by_rows=True)
