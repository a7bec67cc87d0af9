"""The lobby display kept from the feed: events applied to its state equal a full read.

A random hall day (tickets issued, called at any counter, recalled, served, finished, skipped,
re-queued, held and returned, transferred to a service or a counter, cancelled, counters
paused, resumed and closed) runs on a real SQLite file and a real PostgreSQL database; after
each step the events since the last state are applied with ``advance_display`` and compared
with ``SnapshotService.display_snapshot`` read at the same instant: the calls, the big panel,
the recent numbers and the counter tiles must be equal. ``DisplayFeed`` must read the whole
state only when an event needs it.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from app.bootstrap import Core
from app.domain.errors import KnownError
from app.domain.model import EventKind, Outcome, TicketStatus
from app.ports import ManualClock
from app.services.snapshots import (
    DisplayFeed,
    DisplaySnapshot,
    advance_display,
)
from tests.support.actors import ADMIN

COUNTERS = (1, 2, 3, 4, 5)


def shown(snap: DisplaySnapshot) -> dict[str, object]:
    """What the display paints from a state, besides the service rows and the clock."""
    return {
        "calls": snap.calls,
        "recent": snap.recent,
        "current": snap.current,
        "counters": snap.counters,
        "seq": snap.seq,
        "business_date": snap.business_date,
    }


def step(core: Core, rnd: random.Random, clock: ManualClock) -> str:
    """One random action of a hall's day; returns its name (a refused action changes nothing)."""
    queue, hall = core.queue, core.hall
    n = rnd.choice(COUNTERS)
    waiting = [t for t in hall.tickets() if t.status == TicketStatus.WAITING]
    held = [t for t in hall.tickets() if t.status == TicketStatus.HELD]
    actions: list[tuple[str, int, Callable[[], object]]] = [
        ("issue", 6, lambda: queue.issue_ticket(rnd.choice("ABCDE"), priority=rnd.random() < 0.2)),
        ("call", 6, lambda: queue.call_next(n, actor=ADMIN)),
        ("recall", 2, lambda: queue.recall(n, actor=ADMIN)),
        ("start", 3, lambda: queue.start(n, actor=ADMIN)),
        ("finish", 3, lambda: queue.finish(n, actor=ADMIN)),
        ("finish-other", 1, lambda: queue.finish(n, Outcome.REFERRED, actor=ADMIN)),
        ("no-show", 1, lambda: queue.no_show(n, actor=ADMIN)),
        ("no-show-requeue", 1, lambda: queue.no_show(n, requeue_after=1, actor=ADMIN)),
        ("hold", 1, lambda: queue.hold(n, actor=ADMIN)),
        (
            "transfer-service",
            1,
            lambda: queue.transfer(n, to_service=rnd.choice("ABC"), actor=ADMIN),
        ),
        (
            "transfer-counter",
            1,
            lambda: queue.transfer(n, to_counter=rnd.choice(COUNTERS), actor=ADMIN),
        ),
        ("pause", 1, lambda: hall.pause_counter(n, actor=ADMIN)),
        ("resume", 2, lambda: hall.resume_counter(n, actor=ADMIN)),
        ("close", 1, lambda: hall.close_counter(n, actor=ADMIN)),
        ("open", 2, lambda: hall.open_counter(n, actor=ADMIN)),
    ]
    if waiting:
        target = rnd.choice(waiting).display
        actions.append(("call-ticket", 2, lambda: queue.call_ticket(n, target, actor=ADMIN)))
        actions.append(("cancel", 1, lambda: queue.cancel(target, actor=ADMIN)))
    if held:
        back = rnd.choice(held)
        if back.counter_number is not None:
            number = back.counter_number
            actions.append(
                ("return", 2, lambda: queue.return_held(number, back.display, actor=ADMIN))
            )
    name, _, action = rnd.choices(actions, weights=[w for _, w, _ in actions])[0]
    clock.advance(seconds=rnd.randint(5, 90))
    try:
        action()
    except (KnownError, ValueError):
        return name + " (refused)"
    return name


@pytest.mark.parametrize("seed", [1, 2])
def test_events_applied_equal_a_full_read(core: Core, clock: ManualClock, seed: int) -> None:
    rnd = random.Random(seed)
    for _ in range(8):
        core.queue.issue_ticket(rnd.choice("ABCDE"))
    state = core.snapshots.display_snapshot()
    applied = reloaded = 0
    kinds: set[EventKind] = set()
    for i in range(90):
        step(core, rnd, clock)
        if rnd.random() < 0.3:  # now and then two actions land in one feed batch
            step(core, rnd, clock)
        events = core.hall.events_after(state.seq)
        kinds.update(e.kind for e in events)
        advanced = advance_display(state, events)
        fresh = core.snapshots.display_snapshot()
        if advanced is None:
            reloaded += 1
        else:
            applied += 1
            assert shown(advanced) == shown(fresh), f"seed {seed}, step {i}: {events}"
        state = fresh
    # The day exercised the applied path for every kind it handles, not only the reload.
    assert applied > 40 and reloaded > 3, (applied, reloaded)
    assert {EventKind.CALLED, EventKind.RECALLED, EventKind.STARTED, EventKind.FINISHED} <= kinds


def test_display_feed_reads_whole_only_at_start_and_when_an_event_needs_it(
    core: Core, clock: ManualClock
) -> None:
    feed = DisplayFeed(core.snapshots, core.clock)
    first = feed.take([])  # the feed's first cycle: the whole state
    assert feed.full_reads == 1 and feed.refresh() is None  # nothing applied: nothing to re-read
    core.queue.issue_ticket("A")
    core.queue.issue_ticket("B")
    called = core.queue.call_next(2, actor=ADMIN)
    after = feed.take(core.hall.events_after(first.seq))
    assert feed.full_reads == 1  # issued, printed, called: applied, nothing read
    assert after.current is not None and after.current.display == called.display
    assert {c.number: c.current_ticket for c in after.counters}[2] == called.display
    assert after.services == first.services  # the figures come with the refresh
    refreshed = feed.refresh()
    assert refreshed is not None and feed.full_reads == 1
    assert refreshed == core.snapshots.display_snapshot()
    assert feed.refresh() is None

    core.hall.pause_counter(2, actor=ADMIN)  # a counter's state: read whole
    paused = feed.take(core.hall.events_after(refreshed.seq))
    assert feed.full_reads == 2 and paused.current is None

    core.hall.resume_counter(2, actor=ADMIN)
    resumed = feed.take(core.hall.events_after(paused.seq))
    assert feed.full_reads == 3 and resumed.current == after.current

    feed.take([])  # after a lost connection the feed hands an empty batch: read whole
    assert feed.full_reads == 4

    clock.advance(hours=24)  # a new business day: yesterday's calls are not shown
    core.queue.issue_ticket("C")
    next_day = feed.take(core.hall.events_after(resumed.seq))
    assert feed.full_reads == 5 and next_day.current is None and next_day.recent == ()
    assert next_day == core.snapshots.display_snapshot()


def test_a_new_day_found_by_the_refresh_is_read_whole(core: Core, clock: ManualClock) -> None:
    feed = DisplayFeed(core.snapshots, core.clock)
    state = feed.take([])
    core.queue.issue_ticket("A")
    core.queue.call_next(1, actor=ADMIN)
    feed.take(core.hall.events_after(state.seq))
    clock.advance(hours=24)  # the day turned between the batch and its refresh
    later = feed.refresh()
    assert later is not None and later.recent == () and later.current is None
    assert later == core.snapshots.display_snapshot()
