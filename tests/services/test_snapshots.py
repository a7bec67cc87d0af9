"""Window snapshots on real SQLite and PostgreSQL: what they hold, and that they never tear."""

from __future__ import annotations

import threading

import pytest

from app.bootstrap import Core
from app.domain.errors import NotFound
from app.domain.model import CounterState, Outcome
from app.ports import ManualClock
from app.services.snapshots import CounterSnapshot, DisplaySnapshot, SnapshotService
from tests.support.actors import ADMIN


def snapshots_of(core: Core) -> SnapshotService:
    return SnapshotService.for_engine(core.engine, core.clock)


def test_display_snapshot_holds_the_hall_counters_status_and_recent_calls(core: Core) -> None:
    core.hall.update_hall_config(name="PTSP Polres Contoh", actor=ADMIN)
    for code in "ABA":
        core.queue.issue_ticket(code)
    core.queue.call_next(2, actor=ADMIN)
    core.queue.call_next(3, actor=ADMIN)  # B-001
    core.queue.recall(2, actor=ADMIN)
    core.hall.pause_counter(4, actor=ADMIN)
    core.setup.assign_services(5, ["C"], actor=ADMIN)
    snap = snapshots_of(core).display_snapshot()

    assert snap.hall.name == "PTSP Polres Contoh"
    assert snap.seq == core.hall.latest_seq()
    assert list(snap.counters) == [c for c in core.hall.counters() if c.active]
    assert list(snap.services) == core.hall.status()
    assert [(c.display, c.counter_number, c.recall) for c in snap.recent] == [
        ("A-001", 2, True),  # the recall replaces the call it repeats
        ("B-001", 3, False),
    ]
    assert snap.newest == snap.recent[0] == snap.current
    assert [c.seq for c in snap.recent] == sorted((c.seq for c in snap.recent), reverse=True)
    assert {c.number: c.state for c in snap.counters}[4] == CounterState.PAUSED


def test_display_snapshot_of_a_new_hall_is_empty_not_missing(core: Core) -> None:
    snap = snapshots_of(core).display_snapshot()
    assert snap.recent == () and snap.newest is None
    assert [c.number for c in snap.counters] == [1, 2, 3, 4, 5]
    assert all(s.waiting == 0 for s in snap.services)


def test_recent_calls_keep_only_the_last_six_of_today(core: Core, clock: ManualClock) -> None:
    core.queue.issue_ticket("A")
    core.queue.call_next(1, actor=ADMIN)
    core.queue.finish(1, actor=ADMIN)
    clock.advance(hours=24)  # the next business day: yesterday's call is not "recent"
    for _ in range(8):
        core.queue.issue_ticket("B")
    for _ in range(8):
        core.queue.call_next(1, actor=ADMIN)
    snap = snapshots_of(core).display_snapshot()
    assert [c.display for c in snap.recent] == [f"B-00{n}" for n in range(8, 2, -1)]


def test_counter_snapshot_holds_current_waiting_held_and_the_days_figures(
    core: Core, clock: ManualClock
) -> None:
    for code, priority in (("A", False), ("B", True), ("A", False), ("C", False)):
        core.queue.issue_ticket(code, priority=priority)
    core.setup.assign_services(1, ["A", "B"], actor=ADMIN)
    first = core.queue.call_next(1, actor=ADMIN)
    core.queue.start(1, actor=ADMIN)
    clock.advance(minutes=6)
    core.queue.finish(1, actor=ADMIN)
    second = core.queue.call_next(1, actor=ADMIN)
    core.queue.start(1, actor=ADMIN)
    clock.advance(minutes=4)
    core.queue.finish(1, Outcome.SERVED, actor=ADMIN)
    core.queue.call_next(1, actor=ADMIN)
    core.queue.hold(1, actor=ADMIN)
    core.queue.issue_ticket("A")
    snap = snapshots_of(core).counter_snapshot(1)

    assert {first.display, second.display} == {"A-001", "B-001"}
    assert snap.counter.number == 1 and snap.counter.service_codes == ("A", "B")
    assert snap.current is None
    assert [t.display for t in snap.held] == ["A-002"]
    assert [t.display for t in snap.waiting] == ["A-003"]  # C-001 is not served here
    assert snap.priority_waiting == 0
    assert snap.served_today == 2
    assert snap.average_minutes == pytest.approx(5.0)
    assert snap.now == clock.now()
    assert [s.code for s in snap.services] == list("ABCDE")
    assert [c.number for c in snap.counters] == [1, 2, 3, 4, 5]
    assert snap.seq == core.hall.latest_seq()


def test_counter_snapshot_seq_grows_with_every_change(core: Core) -> None:
    snapshots = snapshots_of(core)
    first = snapshots.counter_snapshot(1)
    core.queue.issue_ticket("B")  # at another counter's service too: any event counts
    second = snapshots.counter_snapshot(1)
    assert first.seq < second.seq == core.hall.latest_seq()
    assert snapshots.counter_snapshot(1).seq == second.seq  # nothing changed: same seq


def test_counter_snapshot_of_a_missing_counter_is_not_found(core: Core) -> None:
    with pytest.raises(NotFound) as refused:
        snapshots_of(core).counter_snapshot(42)
    assert refused.value.message_id == "Loket 42 tidak ada."


def test_snapshots_never_tear_while_counters_call(core: Core) -> None:
    """Every snapshot is one instant, even with commits landing while it is being read.

    The writer only issues A tickets and calls them at counter 1 ("call next" finishes the
    previous one as served), so at any instant issued = waiting + at the counter + served,
    and the newest call is the ticket counter 1 shows. A snapshot read in several
    transactions (or at READ COMMITTED on PostgreSQL) breaks these now and then.
    """
    snapshots = snapshots_of(core)
    done = threading.Event()
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for _ in range(40):
                core.queue.issue_ticket("A")
                core.queue.issue_ticket("A")
                core.queue.call_next(1, actor=ADMIN)
        except BaseException as exc:  # handed to the test thread
            errors.append(exc)
        finally:
            done.set()

    writer = threading.Thread(target=write)
    writer.start()
    seen: list[tuple[DisplaySnapshot, CounterSnapshot]] = []
    try:
        while not done.is_set() or not seen:
            seen.append((snapshots.display_snapshot(), snapshots.counter_snapshot(1)))
    finally:
        writer.join()
    assert not errors, f"the writer failed: {errors!r}"
    torn = []
    for display, counter in seen:
        a = next(s for s in display.services if s.code == "A")
        at_counter = display.counters[0].current_ticket
        if a.issued_today != a.waiting + (at_counter is not None) + a.served_today:
            torn.append(f"display seq {display.seq}: {a} with {at_counter!r} at counter 1")
        newest = display.newest.display if display.newest else None
        if newest != at_counter:
            torn.append(f"display seq {display.seq}: newest call {newest!r}, tile {at_counter!r}")
        current = counter.current.display if counter.current else None
        if current != counter.counter.current_ticket:
            torn.append(f"counter: current {current!r}, view {counter.counter.current_ticket!r}")
    assert len(seen) >= 5, f"only {len(seen)} snapshots read while the writer ran"
    assert not torn, f"{len(torn)} of {len(seen)} snapshot pairs tore:\n" + "\n".join(torn[:5])
