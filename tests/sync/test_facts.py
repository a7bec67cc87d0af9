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
