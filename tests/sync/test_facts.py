"""The shared definitions (``app.sync.facts``) on hand-made stories, and its quantile against
the standard library's inclusive method."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from app.sync import facts

T0 = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 11, 23)


@dataclass(frozen=True)
class Ev:
    kind: str
    minute: float
    outcome: str | None = None
    counter: int | None = None
    priority: bool | None = False
    target_minutes: int | None = 10

    @property
    def at(self) -> dt.datetime:
        return T0 + dt.timedelta(minutes=self.minute)


def story(*events: Ev) -> facts.Story:
    s = facts.Story("A", DAY)
    for e in events:
        facts.apply(s, e)
    return s


def test_a_served_ticket() -> None:
    s = story(
        Ev("issued", 0, priority=True),
        Ev("called", 12, counter=3),
        Ev("started", 13),
        Ev("finished", 20, outcome="served"),
    )
    assert s.wait == 12 and not s.within_target and s.priority and s.counter == 3
    assert s.service_minutes == [7] and facts.result(s.final, s.outcome) == "served"


def test_reopened_transferred_and_clock_set_back() -> None:
    noshow_then_served = story(
        Ev("issued", 0),
        Ev("called", 5, counter=1),
        Ev("no_show", 8),
        Ev("requeued", 8),
        Ev("called", 30, counter=2),
        Ev("finished", 34, outcome="incomplete"),
    )
    assert noshow_then_served.wait == 5 and noshow_then_served.counter == 2
    assert noshow_then_served.service_minutes == [4]  # from the last call (no start)
    assert facts.result(noshow_then_served.final, noshow_then_served.outcome) == "finished"
    moved = story(Ev("issued", 0), Ev("called", 3), Ev("transferred", 4), Ev("expired", 60))
    assert moved.transferred and moved.final == "expired"
    back = story(Ev("issued", 10), Ev("called", 5))  # the clock went back between them
    assert back.wait is None
    f = facts.tally([noshow_then_served, moved, back, facts.Story("A", DAY)])
    assert (f.issued, f.served, f.expired, f.transferred, f.called) == (3, 0, 1, 1, 2)
    assert f.within_target == 2 and f.within_target_pct == 100.0
    assert f.wait_mean_min == 4.0 and f.wait_median_min == 4.0 and f.wait_p90_min == 4.8


@given(st.lists(st.floats(0, 1e4, allow_nan=False), min_size=2, max_size=60))
def test_p90_is_the_inclusive_linear_quantile(values: list[float]) -> None:
    want = statistics.quantiles(values, n=10, method="inclusive")[8]
    got = facts.quantile(values, 0.9)
    assert got is not None and abs(got - want) <= 1e-9 * max(1.0, abs(want))
    assert facts.median(values) == statistics.median(values)


def test_a_transferred_ticket_counts_at_each_desk_it_went_through() -> None:
    """Counter 1 (clerk "ani") calls, recalls, starts and transfers after 4 minutes of work;
    counter 2 ("budi") calls and serves it in 6; a second ticket is a no-show at counter 2."""
    journey = [
        (Ev("issued", 0), None),
        (Ev("called", 5, counter=1), "ani"),
        (Ev("called", 6, counter=1), "ani"),  # a recall: the same segment
        (Ev("started", 7, counter=1), None),
        (Ev("transferred", 11, counter=1), None),
        (Ev("called", 20, counter=2), "budi"),
        (Ev("finished", 26, "served", counter=2), None),
    ]
    first = facts.Story("A", DAY, segments=[])
    for event, clerk in journey:
        facts.apply(first, event, clerk)
    assert first.segments == [
        facts.Segment(1, "ani", calls=2, ended="transferred", service_min=4.0),
        facts.Segment(2, "budi", calls=1, ended="finished", service_min=6.0),
    ]
    assert first.service_minutes == [6.0]  # HQ's meaning is untouched: finished segments only
    second = facts.Story("A", DAY, segments=[])
    for event, clerk in [
        (Ev("issued", 1), None),
        (Ev("called", 9, counter=2), "budi"),
        (Ev("no_show", 12, counter=2), None),
    ]:
        facts.apply(second, event, clerk)
    desks = facts.tally_desks([first, second], lambda seg: seg.counter)
    one, two = desks[1], desks[2]
    assert (one.issued, one.calls, one.transferred_out, one.served, one.called) == (1, 2, 1, 0, 1)
    assert (one.wait_mean_min, one.service_mean_min) == (5.0, 4.0)
    assert (two.issued, two.calls, two.transferred_out, two.served, two.no_show) == (2, 2, 0, 1, 1)
    assert (two.called, two.wait_mean_min, two.service_mean_min) == (1, 8.0, 6.0)
    by_clerk = facts.tally_desks([first, second], lambda seg: seg.clerk)
    assert sorted(by_clerk) == ["ani", "budi"] and by_clerk["budi"] == two
    plain = story(*(e for e, _ in journey))  # HQ keeps no segments
    assert plain.segments is None and facts.tally_desks([plain], lambda seg: seg.counter) == {}
