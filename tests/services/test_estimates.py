"""Wait estimates read from a real database: the faults of issue 12, reproduced with a manual
clock on the seeded hall (services A–E with defaults, counters 1–5 serving all of them)."""

from __future__ import annotations

import pytest

from app.bootstrap import Core
from app.ports import ManualClock
from tests.support.actors import ADMIN


def only_counter_one(core: Core, *codes: str) -> None:
    """Close counters 2–5; counter 1 serves ``codes``."""
    for number in range(2, 6):
        core.hall.close_counter(number, actor=ADMIN)
    core.setup.assign_services(1, list(codes), actor=ADMIN)


def test_all_counters_busy_and_nobody_waiting_waits_a_service(core: Core) -> None:
    only_counter_one(core, "A")
    core.setup.configure_service("A", default_service_minutes=9, actor=ADMIN)
    core.queue.issue_ticket("A")
    core.queue.call_next(1, actor=ADMIN)
    issued = core.queue.issue_ticket("A")
    assert issued.people_ahead == 0
    assert issued.estimate.minutes == 9  # the counter frees up after a whole service


def test_busy_counters_free_up_as_a_pool(core: Core) -> None:
    core.setup.configure_service("A", default_service_minutes=10, actor=ADMIN)
    for number in range(1, 6):
        core.queue.issue_ticket("A")
        core.queue.call_next(number, actor=ADMIN)
    issued = core.queue.issue_ticket("A")
    assert issued.people_ahead == 0
    assert issued.estimate.minutes == 2  # the first of five busy counters: 10 / 5, not 10
    for _ in range(4):
        core.queue.issue_ticket("A")
    assert core.queue.issue_ticket("A").estimate.minutes == 12  # sixth call: 6 × 10 / 5


def test_a_ticket_behind_older_tickets_of_another_service_counts_them(core: Core) -> None:
    only_counter_one(core, "A", "B")
    core.setup.configure_service("A", default_service_minutes=10, actor=ADMIN)
    for _ in range(5):
        core.queue.issue_ticket("A")
    issued = core.queue.issue_ticket("B")
    assert issued.people_ahead == 5
    assert issued.estimate.minutes == 50


def test_paused_and_closed_counters_are_left_out(core: Core) -> None:
    core.setup.configure_service("A", default_service_minutes=10, actor=ADMIN)
    for number in (2, 3, 4):
        core.hall.close_counter(number, actor=ADMIN)
    core.hall.pause_counter(5, actor=ADMIN)
    for _ in range(4):
        core.queue.issue_ticket("A")
    issued = core.queue.issue_ticket("A")
    assert issued.people_ahead == 4 and issued.estimate.minutes == 40  # only counter 1
    core.hall.pause_counter(1, actor=ADMIN)
    later = core.queue.issue_ticket("A")
    assert later.estimate.minutes is None  # nobody open serves it: unknown, not invented


def test_the_estimate_learns_from_the_mean_of_todays_services(
    core: Core, clock: ManualClock
) -> None:
    only_counter_one(core, "A")
    core.setup.configure_service("A", default_service_minutes=5, actor=ADMIN)
    for minutes in [2, 2, 3, 3, 20] * 4:  # right-skewed: median 3, mean 6
        core.queue.issue_ticket("A")
        core.queue.call_next(1, auto_finish=False, actor=ADMIN)
        clock.advance(minutes=minutes)
        core.queue.finish(1, actor=ADMIN)
    for _ in range(3):
        core.queue.issue_ticket("A")
    issued = core.queue.issue_ticket("A")
    mean = (20 * 6 + 5 * 5) / 25  # today's mean 6, shrunk towards the default 5
    assert issued.estimate.service_minutes == pytest.approx(mean)
    assert issued.estimate.minutes == 17  # 3 ahead × 5.8 min = 17.4 (the median said 11)


def test_a_new_day_starts_from_the_recent_days(core: Core, clock: ManualClock) -> None:
    only_counter_one(core, "A")
    core.setup.configure_service("A", default_service_minutes=5, actor=ADMIN)
    for _ in range(12):
        core.queue.issue_ticket("A")
        core.queue.call_next(1, auto_finish=False, actor=ADMIN)
        clock.advance(minutes=15)
        core.queue.finish(1, actor=ADMIN)
    clock.advance(days=1)
    core.hall.close_day(actor=ADMIN)
    core.hall.open_counter(1, actor=ADMIN)
    core.queue.issue_ticket("A")
    issued = core.queue.issue_ticket("A")
    assert issued.estimate.basis == "history"
    assert issued.estimate.service_minutes == pytest.approx(15.0)
    assert issued.estimate.minutes == 15


def test_status_shows_what_a_new_ticket_would_be_told(core: Core) -> None:
    only_counter_one(core, "A", "B")
    core.setup.configure_service("A", default_service_minutes=10, actor=ADMIN)
    for _ in range(3):
        core.queue.issue_ticket("A")
    by_code = {s.code: s for s in core.hall.status()}
    assert by_code["B"].estimate_minutes == 30  # the three A tickets are called first
    assert core.queue.issue_ticket("B").estimate.minutes == 30


def test_with_no_counter_open_the_ticket_still_counts_its_own_queue(core: Core) -> None:
    for number in range(1, 6):
        core.hall.close_counter(number, actor=ADMIN)
    core.queue.issue_ticket("A")
    core.queue.issue_ticket("A")
    issued = core.queue.issue_ticket("A")
    assert issued.estimate.minutes is None  # when: unknown
    assert issued.people_ahead == 2  # but not "no one is ahead of you"
    assert {s.code: s.people_ahead for s in core.hall.status()}["A"] == 3
