"""One authoritative clock: queue order never follows a PC's clock, dates never go back.

Each case is one a hall meets: a clock set back, a kiosk running slow on a shared database,
a CMOS battery that reset the date, a clock a year ahead. Real SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from app.bootstrap import Core, build_core
from app.domain.clock import MAX_AHEAD, read_clock
from app.domain.errors import ClockUnreliable, QueueEmpty
from app.ports import ManualClock
from app.settings import DatabaseSettings, Settings
from tests.conftest import make_core
from tests.support.actors import ADMIN

WIB = ZoneInfo("Asia/Jakarta")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=WIB).astimezone(dt.UTC)


def test_clock_set_back_an_hour_keeps_call_order_and_people_ahead(
    db_url: str,
) -> None:
    clock = ManualClock(at(23, 9, 0))
    core = make_core(db_url, clock)
    try:
        core.queue.issue_ticket("A")
        clock.set(at(23, 9, 10))
        second = core.queue.issue_ticket("A")
        clock.set(at(23, 8, 10))  # someone sets the PC clock back an hour
        third = core.queue.issue_ticket("A")
        assert third.people_ahead == 2, "the new ticket must see both older ones ahead"
        assert third.ticket.issued_at >= second.ticket.issued_at, "dates never go back"
        order = [core.queue.call_next(n, actor=ADMIN).display for n in (1, 2, 3)]
        assert order == ["A-001", "A-002", "A-003"]
    finally:
        core.close()


def test_a_kiosk_running_slow_on_a_shared_database_cannot_jump_the_queue(db_url: str) -> None:
    counter_clock = ManualClock(at(23, 9, 0))
    kiosk_clock = ManualClock(at(23, 9, 0) - dt.timedelta(minutes=4))
    counter_pc = make_core(db_url, counter_clock)
    kiosk_pc = make_core(db_url, kiosk_clock, seed=False)
    try:
        issued = []
        for i in range(6):
            pc = counter_pc if i % 2 == 0 else kiosk_pc
            issued.append(pc.queue.issue_ticket("A").ticket.display)
            counter_clock.advance(seconds=30)
            kiosk_clock.advance(seconds=30)
        called = [counter_pc.queue.call_next(n, actor=ADMIN).display for n in range(1, 6)]
        called.append(counter_pc.queue.call_next(1, actor=ADMIN).display)
        assert called == issued
    finally:
        kiosk_pc.close()
        counter_pc.close()


def test_business_day_never_goes_back_after_midnight(db_url: str) -> None:
    clock = ManualClock(at(24, 0, 20))  # 00:20 on the 24th
    core = make_core(db_url, clock)
    try:
        first = core.queue.issue_ticket("A")
        clock.set(at(23, 23, 50))  # clock set back 30 minutes, across midnight
        second = core.queue.issue_ticket("A")
        assert second.ticket.business_date == first.ticket.business_date == dt.date(2026, 11, 24)
        assert second.ticket.display == "A-002"
        assert core.hall.clock_status().warning, "a held clock is reported"
        assert "terlambat" in core.hall.clock_status().message("id")
    finally:
        core.close()


def test_a_ticket_of_an_earlier_day_is_never_called(core: Core, clock: ManualClock) -> None:
    core.queue.issue_ticket("A")
    clock.advance(days=1)  # nobody closed the day
    with pytest.raises(QueueEmpty):
        core.queue.call_next(1, actor=ADMIN)
    core.queue.issue_ticket("B")  # the new day is on record
    clock.advance(hours=-9)  # and the clock goes back to 23:00 yesterday: held at today
    assert core.queue.call_next(1, actor=ADMIN).display == "B-001"
    with pytest.raises(QueueEmpty):
        core.queue.call_next(2, actor=ADMIN)


@pytest.mark.parametrize(
    "when",
    [
        dt.datetime(2000, 1, 1, 0, 0, tzinfo=dt.UTC),  # CMOS battery
        dt.datetime(2106, 2, 7, 6, 28, tzinfo=dt.UTC),  # a 32-bit clock wrapped
    ],
)
def test_an_impossible_date_is_refused_plainly(db_url: str, when: dt.datetime) -> None:
    clock = ManualClock(when)
    core = build_core(Settings(database=DatabaseSettings(url=db_url)), clock=clock)
    try:
        with pytest.raises(ClockUnreliable) as caught:
            core.setup.seed_typical()
        assert "tidak mungkin" in caught.value.message_id
        assert core.setup.is_empty(), "nothing was written"
        with pytest.raises(ClockUnreliable):
            core.hall.confirm_clock(actor=ADMIN)
    finally:
        core.close()


def test_a_clock_far_ahead_is_refused_until_confirmed(core: Core, clock: ManualClock) -> None:
    core.queue.issue_ticket("A")
    clock.advance(days=365)
    with pytest.raises(ClockUnreliable) as caught:
        core.queue.issue_ticket("A")
    assert "clock confirm" in caught.value.message_en
    assert core.hall.clock_status().warning
    core.hall.confirm_clock(actor=ADMIN)
    assert core.queue.issue_ticket("A").ticket.display == "A-001", "a new day, new numbers"


def test_a_clock_far_behind_is_refused_then_confirmed_back(core: Core, clock: ManualClock) -> None:
    clock.advance(days=30)  # ran a month ahead, tickets issued under the future date
    future = core.queue.issue_ticket("A")
    clock.advance(days=-30)  # the technician corrects it
    with pytest.raises(ClockUnreliable) as caught:
        core.queue.issue_ticket("A")
    assert "lebih awal" in caught.value.message_id
    core.hall.confirm_clock(actor=ADMIN)
    assert core.hall.close_day(actor=ADMIN) == 1, "the future-dated ticket is expired by day close"
    [expired] = core.hall.tickets(day=future.ticket.business_date)
    assert expired.status == "expired"
    today = core.queue.issue_ticket("A")
    assert today.ticket.business_date < future.ticket.business_date


def test_durations_are_never_negative_when_the_clock_goes_back(
    core: Core, clock: ManualClock
) -> None:
    core.queue.issue_ticket("A")
    core.queue.call_next(1, actor=ADMIN)
    clock.advance(minutes=-20)
    finished = core.queue.finish(1, actor=ADMIN)
    assert finished.finished_at is not None and finished.called_at is not None
    assert finished.finished_at >= finished.called_at >= finished.issued_at


def test_read_clock_rules() -> None:
    last = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)
    assert read_clock(last + dt.timedelta(minutes=5), last).refusal is None
    held = read_clock(last - dt.timedelta(hours=1), last)
    assert held.held and held.now == last and held.refusal is None
    assert read_clock(last - dt.timedelta(hours=13), last).refusal is not None
    assert read_clock(last + MAX_AHEAD + dt.timedelta(days=1), last).refusal is not None
    assert read_clock(last + MAX_AHEAD - dt.timedelta(days=1), last).refusal is None
