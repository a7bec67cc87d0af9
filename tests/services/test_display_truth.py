"""The lobby display's snapshot tells the truth: the business day, no look-back limit, and a
big panel that follows what counters do (hold, pause, finish, recall, start)."""

from __future__ import annotations

import datetime as dt

from app.bootstrap import Core
from app.ports import ManualClock
from app.services.snapshots import DisplaySnapshot, SnapshotService
from tests.conftest import WIB
from tests.support.actors import ADMIN


def snapshot(core: Core) -> DisplaySnapshot:
    return SnapshotService.for_engine(core.engine, core.clock).display_snapshot()


def panel(core: Core) -> tuple[str, int, bool] | None:
    """What the big panel shows: number, counter, "PANGGILAN ULANG"."""
    current = snapshot(core).current
    return (current.display, current.counter_number, current.recall_pending) if current else None


def test_a_call_after_midnight_belongs_to_the_business_day_that_started_at_3(
    core: Core, clock: ManualClock
) -> None:
    core.hall.update_hall_config(day_start="03:00", actor=ADMIN)
    clock.set(dt.datetime(2026, 11, 23, 23, 50, tzinfo=WIB))
    core.queue.issue_ticket("A")
    core.queue.call_next(1, actor=ADMIN)
    clock.set(dt.datetime(2026, 11, 24, 0, 30, tzinfo=WIB))  # still the 23rd's business day
    core.queue.issue_ticket("A")
    core.queue.call_next(2, actor=ADMIN)
    snap = snapshot(core)
    assert [(c.display, c.counter_number) for c in snap.recent] == [("A-002", 2), ("A-001", 1)]
    assert panel(core) == ("A-002", 2, False)
    clock.set(dt.datetime(2026, 11, 24, 3, 1, tzinfo=WIB))  # a new business day has begun
    assert snapshot(core).recent == ()
    assert panel(core) is None


def test_the_calls_stay_after_hundreds_of_other_events(core: Core, clock: ManualClock) -> None:
    core.queue.issue_ticket("B")
    core.queue.call_next(3, actor=ADMIN)
    for _ in range(250):  # a busy kiosk: 250 printed tickets, nobody called yet
        issued = core.queue.issue_ticket("A")
        core.queue.record_print(issued.ticket.id, ok=True)
        clock.advance(seconds=5)
    for _ in range(20):
        core.hall.pause_counter(5, actor=ADMIN)
        core.hall.resume_counter(5, actor=ADMIN)
    snap = snapshot(core)
    assert snap.seq - snap.recent[0].seq > 500
    assert [c.display for c in snap.recent] == ["B-001"]
    assert panel(core) == ("B-001", 3, False)


def test_yesterdays_calls_are_not_recent(core: Core, clock: ManualClock) -> None:
    core.queue.issue_ticket("A")
    core.queue.call_next(1, actor=ADMIN)
    clock.advance(hours=24)
    core.queue.issue_ticket("A")
    assert snapshot(core).recent == ()


def test_hold_pause_and_finish_take_the_call_off_the_big_panel(core: Core) -> None:
    for code in "AAB":
        core.queue.issue_ticket(code)
    core.queue.call_next(1, actor=ADMIN)
    core.queue.call_next(2, actor=ADMIN)
    core.queue.call_next(3, actor=ADMIN)  # B-001
    assert panel(core) == ("B-001", 3, False)
    core.queue.hold(3, actor=ADMIN)
    assert panel(core) == ("A-002", 2, False)  # the newest call still standing
    core.hall.pause_counter(2, actor=ADMIN)
    assert panel(core) == ("A-001", 1, False)
    core.queue.finish(1, actor=ADMIN)
    assert panel(core) is None
    snap = snapshot(core)
    assert [c.display for c in snap.recent] == ["B-001", "A-002", "A-001"]  # history stays
    assert not any(c.live for c in snap.recent)
    core.hall.resume_counter(2, actor=ADMIN)
    assert panel(core) == ("A-002", 2, False)


def test_a_recall_is_listed_once_and_clears_when_service_starts(core: Core) -> None:
    for code in "AB":
        core.queue.issue_ticket(code)
    core.queue.call_next(1, actor=ADMIN)
    core.queue.call_next(2, actor=ADMIN)  # B-001
    core.queue.recall(1, actor=ADMIN)
    core.queue.recall(1, actor=ADMIN)
    snap = snapshot(core)
    assert [(c.display, c.counter_number, c.recall) for c in snap.recent] == [
        ("A-001", 1, True),
        ("B-001", 2, False),
    ]
    assert panel(core) == ("A-001", 1, True)  # "PANGGILAN ULANG"
    core.queue.start(1, actor=ADMIN)
    assert panel(core) == ("A-001", 1, False)
    assert snapshot(core).recent[0].serving


def test_a_ticket_called_at_two_counters_is_listed_for_each(core: Core) -> None:
    core.queue.issue_ticket("A")
    core.queue.call_next(1, actor=ADMIN)
    core.queue.transfer(1, to_counter=2, force=True, actor=ADMIN)
    core.queue.call_next(2, actor=ADMIN)
    snap = snapshot(core)
    assert [(c.display, c.counter_number, c.live) for c in snap.recent] == [
        ("A-001", 2, True),
        ("A-001", 1, False),
    ]
