"""The wait projection (app/domain/estimate.py): each fault of issue 12 as a case."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.estimate import (
    END_OF_QUEUE,
    HISTORY_MIN,
    SHRINK_K,
    CounterNow,
    Projection,
    QueuedTicket,
    ServiceTime,
    history_weight,
    project,
    project_new,
    service_time,
    shown_minutes,
    wait_estimate,
)
from app.domain.priority import PriorityRatio, Streak
from tests.domain import estimate_reference as reference

A, B = 1, 2
RATIO = PriorityRatio(1, 2)
TIMES = {A: ServiceTime(9.0), B: ServiceTime(6.0)}


def waiting(*specs: tuple[int, bool]) -> list[QueuedTicket]:
    """Tickets in queue order: (service, priority) each, ids 1.."""
    return [QueuedTicket(i, float(i), s, p) for i, (s, p) in enumerate(specs, start=1)]


def new(service: int, priority: bool = False) -> QueuedTicket:
    return QueuedTicket(-1, END_OF_QUEUE[0], service, priority)


def test_all_counters_busy_and_nobody_waiting_is_not_zero_minutes() -> None:
    counters = [CounterNow(10, frozenset({A}), busy_service_id=A, busy_minutes=0.0)]
    found = project([], counters, TIMES, RATIO, new(A))
    assert found.ahead == 0 and found.minutes == pytest.approx(9.0)


def test_an_idle_counter_calls_at_once() -> None:
    found = project([], [CounterNow(10, frozenset({A}))], TIMES, RATIO, new(A))
    assert (found.minutes, found.ahead) == (0.0, 0)


def test_the_earliest_free_counter_calls_first() -> None:
    counters = [
        CounterNow(10, frozenset({A}), busy_service_id=A, busy_minutes=0.0),
        CounterNow(11, frozenset({A}), busy_service_id=B, busy_minutes=0.0),
    ]
    found = project(waiting((A, False)), counters, TIMES, RATIO, new(A))
    # one of the two frees after 1 / (1/9 + 1/6) = 3.6 min; counter 11 (the shorter service)
    # is the more likely and takes ticket 1; both then serve A (9 min): the next call comes
    # 9 / 2 = 4.5 min later, and it is ours (exact for exponential times: 7.74; the two
    # expected free moments 6 and 9 would say 9)
    assert found.ahead == 1 and found.minutes == pytest.approx(3.6 + 4.5)


def test_busy_counters_free_up_as_a_pool() -> None:
    # three counters each busy for 9 more minutes call every 3 minutes, not all at minute 9
    counters = [CounterNow(i, frozenset({A}), busy_service_id=A) for i in (10, 11, 12)]
    assert project([], counters, TIMES, RATIO, new(A)).minutes == pytest.approx(3.0)
    found = project(waiting(*[(A, False)] * 4), counters, TIMES, RATIO, new(A))
    assert found.ahead == 4 and found.minutes == pytest.approx(5 * 3.0)
    # an idle counter calls ticket 1 at once and joins the pool: three busy for 9 min again
    counters[0] = CounterNow(10, frozenset({A}))
    found = project(waiting((A, False)), counters, TIMES, RATIO, new(A))
    assert found.ahead == 1 and found.minutes == pytest.approx(3.0)


def test_a_counter_that_takes_turns_in_proportion_to_its_pace() -> None:
    # counter 10 serves B (6 min), counter 11 A (9 min): 5 of every 8 calls are counter 10's
    counters = [
        CounterNow(10, frozenset({B}), busy_service_id=B),
        CounterNow(11, frozenset({A}), busy_service_id=A),
    ]
    queue = waiting(*[(B, False)] * 10, *[(A, False)] * 10)
    found = project(queue, counters, TIMES, RATIO, new(A))
    # ours is the 11th call of counter 11, at 11 × 9 min on average whatever counter 10 does
    assert found.minutes == pytest.approx(99.0, rel=0.1)


def test_a_queue_shared_between_services_counts_the_older_tickets_of_both() -> None:
    queue = waiting(*[(A, False)] * 5)
    counters = [CounterNow(10, frozenset({A, B}))]
    found = project(queue, counters, TIMES, RATIO, new(B))
    assert found.ahead == 5 and found.minutes == pytest.approx(5 * 9.0)


def test_a_counter_serving_only_the_other_service_does_not_help() -> None:
    queue = waiting(*[(A, False)] * 3)
    counters = [CounterNow(10, frozenset({A})), CounterNow(11, frozenset({B}))]
    found = project(queue, counters, TIMES, RATIO, new(A))
    assert found.ahead == 3 and found.minutes == pytest.approx(27.0)


def test_a_counter_with_nothing_left_to_call_before_the_ticket_does_not_hold_it_up() -> None:
    # counter 10 serves A only, 11 and 12 serve A and B; all three are busy (exponential
    # times, A 6 min, B 12 min) and a B ticket is first in line: only 11 or 12 can call it,
    # and the first of them frees up after 1 / (1/12 + 1/12) = 6 min on average, whenever
    # counter 10 frees up (it then has nothing to call). Counting counter 10 in the pool
    # made it 1 / (1/6 + 1/12 + 1/12) = 3 min for a free-up that calls nobody, plus 6.
    times = {A: ServiceTime(6.0), B: ServiceTime(12.0)}
    counters = [
        CounterNow(10, frozenset({A}), busy_service_id=A),
        CounterNow(11, frozenset({A, B}), busy_service_id=B),
        CounterNow(12, frozenset({A, B}), busy_service_id=B),
    ]
    found = project([], counters, times, RATIO, new(B))
    assert (found.minutes, found.ahead) == (pytest.approx(6.0), 0)
    assert project_new([], counters, times, RATIO)[B] == found
    # an A ticket ahead of it is the first thing counter 10 may take: with all three in the
    # pool (1/3 a minute) one of them takes it after 3 min, the most due (10) in the
    # projection; then 11 and 12 call the B ticket 6 min later
    found = project(waiting((A, False)), counters, times, RATIO, new(B))
    assert (found.minutes, found.ahead) == (pytest.approx(3.0 + 6.0), 1)
    # ... but a younger A ticket behind it is nothing to the B ticket
    younger = QueuedTicket(5, 9.0, A, False)
    target = QueuedTicket(4, 1.0, B, False)
    found = project([target, younger], counters, times, RATIO, target)
    assert (found.minutes, found.ahead) == (pytest.approx(6.0), 0)


def test_a_priority_ticket_waits_while_the_counter_owes_regular_calls() -> None:
    queue = waiting((A, False), (A, False))
    just_called_priority = Streak(last_priority=True, length=1)  # 1:2 → two regular next
    counters = [CounterNow(10, frozenset({A}), streak=just_called_priority)]
    found = project(queue, counters, TIMES, RATIO, new(A, priority=True))
    assert found.ahead == 2 and found.minutes == pytest.approx(18.0)


def test_a_priority_ticket_goes_first_when_the_ratio_allows() -> None:
    queue = waiting((A, False), (A, False))
    counters = [CounterNow(10, frozenset({A}), streak=Streak(False, 2))]
    found = project(queue, counters, TIMES, RATIO, new(A, priority=True))
    assert (found.ahead, found.minutes) == (0, 0.0)


def test_a_ticket_sent_to_another_counter_is_not_taken_here() -> None:
    queue = [QueuedTicket(1, 1.0, A, False, target_counter_id=11)]
    counters = [CounterNow(10, frozenset({A}))]
    found = project(queue, counters, TIMES, RATIO, new(A))
    assert (found.ahead, found.minutes) == (0, 0.0)


def test_no_open_counter_means_unknown() -> None:
    found = project(waiting((A, False)), [CounterNow(11, frozenset({B}))], TIMES, RATIO, new(A))
    assert found.minutes is None
    estimate = wait_estimate(found, [CounterNow(11, frozenset({B}))], TIMES[A], A)
    assert estimate.minutes is None and estimate.basis == "no_counter"


def test_the_figure_is_the_nearest_minute_and_never_0_behind_a_busy_counter() -> None:
    # rounding up added half a minute to every wait on average
    assert [shown_minutes(m) for m in (17.4, 17.5, 2.49)] == [17, 18, 2]
    assert shown_minutes(0.3) == 1  # a counter must free up first: not "you are next"
    assert shown_minutes(0.0) == 0  # an idle counter calls it at once
    busy = [CounterNow(10, frozenset({A}), busy_service_id=A)]
    found = project([], busy, {A: ServiceTime(0.2)}, RATIO, new(A))
    assert wait_estimate(found, busy, ServiceTime(0.2), A).minutes == 1


def test_the_mean_is_used_not_the_median() -> None:
    skewed = [2.0, 2.0, 3.0, 3.0, 4.0, 20.0]  # median 3, mean 5.67
    time = service_time(skewed * 10, [], default_minutes=5.0)
    assert time.mean > 5.0


def test_recent_days_replace_the_configured_default() -> None:
    history = [12.0] * HISTORY_MIN
    time = service_time([], history, default_minutes=5.0)
    assert (time.mean, time.basis) == (12.0, "history")
    few_today = service_time([6.0, 6.0], history, default_minutes=5.0)
    weight = history_weight(HISTORY_MIN)
    assert few_today.mean == pytest.approx((2 * 6 + weight * 12) / (2 + weight))
    guessed = service_time([6.0, 6.0], [], default_minutes=12.0)
    assert guessed.mean == pytest.approx((2 * 6 + SHRINK_K * 12) / (2 + SHRINK_K))


def test_a_well_measured_history_weighs_more_than_a_slow_stretch_today() -> None:
    # a slow stretch today (10 tickets of 9 min) against 300 samples of 6: the stretch is
    # also what built today's queue, and must not swing the mean that prices it
    assert history_weight(10) == pytest.approx(7.14, abs=0.01)
    assert history_weight(300) == pytest.approx(23.1, abs=0.1)
    time = service_time([9.0] * 10, [6.0] * 300, default_minutes=6.0)
    assert time.mean == pytest.approx((10 * 9 + history_weight(300) * 6) / (10 + 23.08), rel=1e-3)
    assert time.mean < 7.0  # K = 5 said 8.0


def test_an_outlier_left_open_over_lunch_is_capped() -> None:
    time = service_time([5.0] * 9 + [240.0], [], default_minutes=5.0)
    assert time.mean < 8.0


def test_remaining_time_of_a_long_service_comes_from_longer_samples() -> None:
    time = ServiceTime(5.0, tuple([2.0] * 20 + [20.0] * 6))
    assert time.residual(10.0) == pytest.approx(10.0)
    assert ServiceTime(5.0, ()).residual(30.0) == 5.0  # no evidence: memoryless


@st.composite
def halls(draw: st.DrawFn) -> tuple[list[QueuedTicket], list[CounterNow], PriorityRatio]:
    services = [1, 2, 3]
    queue = [
        QueuedTicket(
            i,
            float(draw(st.integers(0, 50))),
            draw(st.sampled_from(services)),
            draw(st.booleans()),
            draw(st.sampled_from([None, None, None, 10, 11])),
        )
        for i in range(1, draw(st.integers(0, 25)) + 1)
    ]
    counters = [
        CounterNow(
            cid,
            frozenset(draw(st.sets(st.sampled_from(services), min_size=1))),
            Streak(draw(st.sampled_from([None, True, False])), draw(st.integers(0, 3))),
            draw(st.sampled_from([None, *services])),
            float(draw(st.integers(0, 20))),
        )
        for cid in range(10, 10 + draw(st.integers(0, 4)))
    ]
    ratio = PriorityRatio(draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    return queue, counters, ratio


@settings(max_examples=150, deadline=None)
@given(halls())
def test_the_one_pass_projection_agrees_with_one_projection_per_service(
    hall: tuple[list[QueuedTicket], list[CounterNow], PriorityRatio],
) -> None:
    queue, counters, ratio = hall
    times = {s: ServiceTime(float(s) * 4, tuple(float(x) for x in range(1, 12))) for s in (1, 2, 3)}
    together = project_new(queue, counters, times, ratio)
    for service in (1, 2, 3):
        alone = project(queue, counters, times, ratio, new(service))
        if alone.minutes is None:
            assert service not in together
        else:
            assert together[service].minutes == pytest.approx(alone.minutes)
            assert together[service].ahead == alone.ahead


@st.composite
def hall_states(
    draw: st.DrawFn,
) -> tuple[list[QueuedTicket], list[CounterNow], dict[int, ServiceTime], PriorityRatio]:
    """Any hall: services shared by counters, priority and targeted tickets (some sent to a
    counter that is not open), equal queue keys, streaks, counters' own ratios, busy
    counters with elapsed times, no counter open (paused and closed ones are not passed)."""
    services = [1, 2, 3, 4]
    size = draw(st.integers(0, 60))
    keys = st.integers(0, 40 if draw(st.booleans()) else 2000)
    queue = [
        QueuedTicket(
            i,
            float(draw(keys)),
            draw(st.sampled_from(services)),
            draw(st.booleans()) if draw(st.booleans()) else False,
            draw(st.sampled_from([None, None, None, None, 10, 11, 14])),
        )
        for i in range(1, size + 1)
    ]
    if queue and draw(st.booleans()):  # one ticket twice (the last one counts)
        twin = draw(st.sampled_from(queue))
        queue.append(QueuedTicket(twin.ticket_id, twin.queue_key + 0.5, twin.service_id, False))
    counters = [
        CounterNow(
            cid,
            frozenset(draw(st.sets(st.sampled_from(services), min_size=1))),
            Streak(draw(st.sampled_from([None, True, False])), draw(st.integers(0, 4))),
            draw(st.sampled_from([None, None, *services])),
            draw(st.floats(0, 40)),
            draw(st.sampled_from([None, None, PriorityRatio(1, 1), PriorityRatio(2, 3)])),
        )
        for cid in range(10, 10 + draw(st.integers(0, 5)))
    ]
    times = {
        s: ServiceTime(
            draw(st.floats(0.0, 20.0)),
            tuple(draw(st.lists(st.floats(0.0, 60.0), max_size=12))),
        )
        for s in services
    }
    ratio = PriorityRatio(draw(st.integers(1, 3)), draw(st.integers(1, 4)))
    return queue, counters, times, ratio


@settings(max_examples=200, deadline=None)
@given(hall_states(), st.data())
def test_the_projection_is_bit_identical_to_the_reference(
    hall: tuple[list[QueuedTicket], list[CounterNow], dict[int, ServiceTime], PriorityRatio],
    data: st.DataObject,
) -> None:
    # the projection was rewritten for speed (positions, per-counter lists, no objects per
    # call): every minute (exact float) and every count must be the frozen copy's
    queue, counters, times, ratio = hall
    together = project_new(queue, counters, times, ratio)
    expected = reference.project_new(queue, counters, times, ratio)
    assert {s: bits(p) for s, p in together.items()} == {s: bits(p) for s, p in expected.items()}
    targets = [new(s, p) for s in (1, 2, 3, 4) for p in (False, True)]
    if queue:
        targets += data.draw(st.lists(st.sampled_from(queue), max_size=4))
    for target in targets:
        found = project(queue, counters, times, ratio, target)
        assert bits(found) == bits(reference.project(queue, counters, times, ratio, target))


def bits(projection: Projection | reference.Projection) -> tuple[str | None, int]:
    minutes = projection.minutes
    return (None if minutes is None else minutes.hex(), projection.ahead)
