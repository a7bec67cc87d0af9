"""Random sequences of every queue action against a real database, checked after each step.

A plain model of the hall (tickets, counters, the business day) predicts what each action
must do: succeed, or be refused with one precise ``KnownError``. A refusal must leave the
database untouched (no new event). After every step the database is audited: statuses agree
with the model and with the event history, numbers are unique and gapless per service and
day, history only grows with strictly increasing seqs, a counter never holds two active
tickets, and a paused or closed counter never got a ticket.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from app.bootstrap import Core
from app.domain.errors import (
    CounterUnavailable,
    InvalidTransition,
    KnownError,
    NotFound,
    QueueEmpty,
    StaleTicket,
)
from app.domain.model import Outcome
from app.domain.numbering import business_date
from app.ports import ManualClock
from tests.conftest import MORNING, WIB, make_core
from tests.support.actors import ADMIN
from tests.support.databases import fresh_pg_database, pg_required, sqlite_file_url
from tests.support.workers import (
    counter_overlaps,
    duplicate_numbers,
    number_gaps,
    read_audit,
    seqs_strictly_increase,
    status_mismatches,
)

COUNTERS = (1, 2, 3)
COUNTER_SLOTS = st.integers(0, 99)
ACTIVE = ("called", "serving")
OPEN = ("waiting", "called", "serving", "held")
Refusal = type[KnownError] | None


@dataclass
class Tk:
    """The model's ticket: what the database must say about it."""

    id: int
    display: str
    day: dt.date
    status: str = "waiting"
    counter: int | None = None
    target: int | None = None
    started: bool = False


class Hall(RuleBasedStateMachine):
    """Subclasses set ``database``: a context manager factory yielding a fresh seeded URL."""

    database: Callable[[], AbstractContextManager[str]]

    def __init__(self) -> None:
        super().__init__()
        self.clock = ManualClock(MORNING.astimezone(dt.UTC))
        self._db = self.database()
        self.core: Core = make_core(self._db.__enter__(), self.clock, seed=False)
        self.tickets: dict[int, Tk] = {}
        self.counters = dict.fromkeys(COUNTERS, "open")
        self.history: list[int] = []
        self.steps_today = 0

    def teardown(self) -> None:
        self.core.close()
        self._db.__exit__(None, None, None)

    # --- the model's helpers -------------------------------------------------------------
    @property
    def today(self) -> dt.date:
        return business_date(self.clock.now(), WIB, dt.time(0, 0))

    def active(self, counter: int) -> Tk | None:
        found = [t for t in self.tickets.values() if t.counter == counter and t.status in ACTIVE]
        assert len(found) <= 1
        return found[0] if found else None

    def counter_for(self, slot: int) -> int:
        """Mostly a counter that has a ticket (so that actions on it mean something)."""
        busy = [c for c in COUNTERS if self.active(c) is not None]
        return busy[slot % len(busy)] if busy and slot % 4 else COUNTERS[slot % len(COUNTERS)]

    def todays(self, pick: int) -> Tk | None:
        todays = sorted((t for t in self.tickets.values() if t.day == self.today), key=_key)
        return todays[pick % len(todays)] if todays else None

    def act(self, expected: Refusal, action: Callable[[], Any], *, partial: bool = False) -> Any:
        """Run one action; the model says whether it succeeds or which refusal it meets."""
        before = self.core.hall.latest_seq()
        try:
            result = action()
        except KnownError as exc:
            assert expected is not None, f"refused unexpectedly: {exc.message_en}"
            assert type(exc) is expected, f"{type(exc).__name__} instead of {expected.__name__}"
            if not partial:
                assert self.core.hall.latest_seq() == before, "a refusal changed the database"
            return None
        assert expected is None, f"expected {expected.__name__}, got success"
        assert self.core.hall.latest_seq() > before
        return result

    def require_active(self, counter: int, *allowed: str) -> tuple[Refusal, Tk | None]:
        current = self.active(counter)
        if current is None:
            return InvalidTransition, None
        if current.day != self.today:
            return StaleTicket, None
        return (None, current) if current.status in allowed else (InvalidTransition, None)

    def clear_counter(self, counter: int) -> None:
        current = self.active(counter)
        if current is not None:
            current.status = "finished" if current.day == self.today else "expired"

    def mark_called(self, ticket: Tk, counter: int) -> None:
        ticket.status, ticket.counter, ticket.target = "called", counter, None

    # --- kiosk ---------------------------------------------------------------------------
    @initialize(codes=st.lists(st.sampled_from("ABC"), min_size=3, max_size=8))
    def morning_queue(self, codes: list[str]) -> None:
        for n, code in enumerate(codes):
            self.issue_one(code, priority=n % 4 == 3)

    @rule(code=st.sampled_from("ABCDE"), priority=st.booleans(), more=st.integers(0, 2))
    def issue(self, code: str, priority: bool, more: int) -> None:
        for n in range(more + 1):
            self.issue_one(code if n == 0 else "AB"[n % 2], priority and n == 0)

    def issue_one(self, code: str, priority: bool) -> None:
        issued = self.act(None, lambda: self.core.queue.issue_ticket(code, priority=priority))
        view = issued.ticket
        same = [t for t in self.tickets.values() if t.day == self.today and t.display[0] == code]
        assert view.number == len(same) + 1 and view.status == "waiting"
        self.tickets[view.id] = Tk(view.id, view.display, view.business_date)

    @rule(pick=st.integers(0, 99))
    def cancel(self, pick: int) -> None:
        ticket = self.todays(pick)
        display = ticket.display if ticket else "A-999"
        expected: Refusal = None
        if ticket is None:
            expected = NotFound
        elif ticket.status not in ("waiting", "held"):
            expected = InvalidTransition
        if self.act(expected, lambda: self.core.queue.cancel(display, actor=ADMIN)) and ticket:
            ticket.status = "cancelled"

    # --- counter -------------------------------------------------------------------------
    @rule(slot=COUNTER_SLOTS)
    def call_next(self, slot: int) -> None:
        counter = self.counter_for(slot)
        if self.counters[counter] != "open":
            self.act(CounterUnavailable, lambda: self.core.queue.call_next(counter, actor=ADMIN))
            return
        eligible = {
            t.id
            for t in self.tickets.values()
            if t.status == "waiting" and t.day == self.today and t.target in (None, counter)
        }
        had = self.active(counter) is not None
        expected: Refusal = None if eligible else QueueEmpty
        view = self.act(
            expected, lambda: self.core.queue.call_next(counter, actor=ADMIN), partial=had
        )
        self.clear_counter(counter)
        if view is not None:
            assert view.id in eligible and view.counter_number == counter
            self.mark_called(self.tickets[view.id], counter)

    @rule(slot=COUNTER_SLOTS, pick=st.integers(0, 99))
    def call_ticket(self, slot: int, pick: int) -> None:
        counter = self.counter_for(slot)
        ticket = self.todays(pick)
        display = ticket.display if ticket else "B-999"
        expected: Refusal = None
        if self.counters[counter] != "open":
            expected = CounterUnavailable
        elif ticket is None:
            expected = NotFound
        elif ticket.status != "waiting":
            expected = InvalidTransition
        if (
            self.act(expected, lambda: self.core.queue.call_ticket(counter, display, actor=ADMIN))
            and ticket
        ):
            self.clear_counter(counter)
            self.mark_called(ticket, counter)

    @rule(slot=COUNTER_SLOTS)
    def recall(self, slot: int) -> None:
        counter = self.counter_for(slot)
        expected, ticket = self.require_active(counter, "called")
        self.act(expected, lambda: self.core.queue.recall(counter, actor=ADMIN))

    @rule(slot=COUNTER_SLOTS)
    def start(self, slot: int) -> None:
        counter = self.counter_for(slot)
        expected, ticket = self.require_active(counter, "called")
        if self.act(expected, lambda: self.core.queue.start(counter, actor=ADMIN)) and ticket:
            ticket.status, ticket.started = "serving", True

    @rule(slot=COUNTER_SLOTS, outcome=st.sampled_from(list(Outcome)))
    def finish(self, slot: int, outcome: Outcome) -> None:
        counter = self.counter_for(slot)
        expected, ticket = self.require_active(counter, *ACTIVE)
        view = self.act(expected, lambda: self.core.queue.finish(counter, outcome, actor=ADMIN))
        if view and ticket:
            assert view.outcome == outcome
            ticket.status = "finished"

    @rule(slot=COUNTER_SLOTS, after=st.none() | st.integers(0, 3))
    def no_show(self, slot: int, after: int | None) -> None:
        counter = self.counter_for(slot)
        expected, ticket = self.require_active(counter, "called")
        if self.act(
            expected, lambda: self.core.queue.no_show(counter, requeue_after=after, actor=ADMIN)
        ):
            assert ticket is not None
            if after is None:
                ticket.status = "no_show"
            else:
                ticket.status, ticket.counter = "waiting", None

    @rule(
        slot=COUNTER_SLOTS,
        to_service=st.none() | st.sampled_from("ABCDE"),
        to_counter=st.none() | st.sampled_from(COUNTERS),
        front=st.booleans(),
        force=st.booleans(),
    )
    def transfer(
        self,
        slot: int,
        to_service: str | None,
        to_counter: int | None,
        front: bool,
        force: bool,
    ) -> None:
        counter = self.counter_for(slot)
        expected, ticket = self.require_active(counter, *ACTIVE)
        if to_service is None and to_counter is None or expected is None and to_counter == counter:
            expected = InvalidTransition
        # Every counter serves every service here: a target nobody could call from now is a
        # closed or paused target counter, or no open counter at all; it needs confirming.
        if to_counter is not None:
            nobody_calls = self.counters[to_counter] != "open"
        else:
            nobody_calls = all(state != "open" for state in self.counters.values())
        if expected is None and nobody_calls and not force:
            expected = InvalidTransition
        call = lambda: self.core.queue.transfer(  # noqa: E731
            counter,
            to_service=to_service,
            to_counter=to_counter,
            front=front,
            force=force,
            actor=ADMIN,
        )
        if self.act(expected, call) and ticket:
            ticket.status, ticket.counter, ticket.target = "waiting", None, to_counter

    @rule(slot=COUNTER_SLOTS)
    def hold(self, slot: int) -> None:
        counter = self.counter_for(slot)
        expected, ticket = self.require_active(counter, *ACTIVE)
        if self.act(expected, lambda: self.core.queue.hold(counter, actor=ADMIN)) and ticket:
            ticket.status = "held"

    @rule(slot=COUNTER_SLOTS, pick=st.integers(0, 99))
    def return_held(self, slot: int, pick: int) -> None:
        counter = self.counter_for(slot)
        held = [t for t in self.tickets.values() if t.status == "held" and t.day == self.today]
        held.sort(key=_key)
        ticket = held[pick % len(held)] if held and pick % 3 else self.todays(pick)
        display = ticket.display if ticket else "C-999"
        if ticket is not None and ticket.counter is not None and slot % 4:
            counter = ticket.counter  # mostly the counter that parked it
        expected: Refusal = None
        if self.counters[counter] != "open":
            expected = CounterUnavailable
        elif ticket is None:
            expected = NotFound
        elif (
            ticket.status != "held" or ticket.counter != counter or self.active(counter) is not None
        ):
            expected = InvalidTransition
        if (
            self.act(expected, lambda: self.core.queue.return_held(counter, display, actor=ADMIN))
            and ticket
        ):
            ticket.status = "serving" if ticket.started else "called"

    @rule(slot=COUNTER_SLOTS, move=st.integers(0, 3))
    def move_counter(self, slot: int, move: int) -> None:
        counter = self.counter_for(slot)
        name, allowed, target = COUNTER_MOVES[move]
        expected: Refusal = None
        if (
            self.counters[counter] not in allowed
            or target == "closed"
            and self.active(counter) is not None
        ):
            expected = InvalidTransition
        if self.act(expected, lambda: getattr(self.core.hall, name)(counter, actor=ADMIN)):
            self.counters[counter] = target

    # --- time ----------------------------------------------------------------------------
    @rule(minutes=st.integers(0, 20))
    def wait(self, minutes: int) -> None:
        self.clock.advance(minutes=minutes, seconds=1)

    @precondition(lambda self: self.steps_today >= 12)
    @rule(close_first=st.booleans())
    def next_day(self, close_first: bool) -> None:
        if close_first:
            expired = self.act(None, lambda: self.core.hall.close_day(actor=ADMIN))
            open_ = [t for t in self.tickets.values() if t.status in OPEN]
            assert expired == len(open_)
            for t in open_:
                t.status = "expired"
            self.counters = dict.fromkeys(COUNTERS, "closed")
        self.steps_today = 0
        tomorrow = self.clock.now().astimezone(WIB).date() + dt.timedelta(days=1)
        self.clock.set(dt.datetime.combine(tomorrow, dt.time(8, 0), WIB).astimezone(dt.UTC))

    # --- invariants ----------------------------------------------------------------------
    @invariant()
    def database_agrees(self) -> None:
        self.steps_today += 1
        audit = read_audit(self.core.engine)
        seqs = [e.seq for e in audit.events]
        assert seqs[: len(self.history)] == self.history, "history shrank or was rewritten"
        assert seqs_strictly_increase(audit)
        self.history = seqs
        db = {tid: t.status for tid, t in audit.tickets.items()}
        assert db == {tid: t.status for tid, t in self.tickets.items()}
        waiting_db = {tid for tid, s in db.items() if s == "waiting"}
        assert waiting_db == {t.id for t in self.tickets.values() if t.status == "waiting"}
        assert duplicate_numbers(audit) == [] and number_gaps(audit) == {}
        assert status_mismatches(audit) == []
        assert counter_overlaps(audit) == []
        assert _called_again_only_after_requeue(audit)
        assert _given_while_unavailable(audit) == []
        for counter in COUNTERS:
            self.active(counter)


COUNTER_MOVES = (
    ("open_counter", ("closed", "paused"), "open"),
    ("pause_counter", ("open",), "paused"),
    ("resume_counter", ("paused",), "open"),
    ("close_counter", ("open", "paused"), "closed"),
)
_STATE_AFTER = {
    "counter_opened": "open",
    "counter_paused": "paused",
    "counter_resumed": "open",
    "counter_closed": "closed",
}


def _key(t: Tk) -> tuple[dt.date, str]:
    return (t.day, t.display)


def _called_again_only_after_requeue(audit: Any) -> bool:
    """A ticket may be called again only after it went back to the queue."""
    back: dict[int, int] = {}
    calls: dict[int, int] = {}
    for e in audit.events:
        if e.kind in ("requeued", "transferred"):
            back[e.ticket_id] = back.get(e.ticket_id, 0) + 1
        elif e.kind == "called":
            calls[e.ticket_id] = calls.get(e.ticket_id, 0) + 1
    return all(n <= 1 + back.get(tid, 0) for tid, n in calls.items())


def _given_while_unavailable(audit: Any) -> list[int]:
    """Seqs of tickets handed to a counter that was paused or closed at that moment."""
    state: dict[int, str] = {}
    wrong = []
    for e in audit.events:
        if e.kind in _STATE_AFTER and e.counter_id is not None:
            state[e.counter_id] = _STATE_AFTER[e.kind]
        elif e.kind in ("called", "returned") and state.get(e.counter_id, "open") != "open":
            wrong.append(e.seq)
    return wrong


def _run(database: Callable[[], AbstractContextManager[str]], examples: int) -> None:
    machine = type("HallMachine", (Hall,), {"database": staticmethod(database)})
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=examples,
            stateful_step_count=30,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )


def test_random_days_at_the_hall_on_sqlite() -> None:
    with tempfile.TemporaryDirectory(prefix="antrean-stateful-") as tmp:
        template = Path(tmp) / "template.db"
        make_core(sqlite_file_url(template.parent, template.name), _clock()).close()
        copies = iter(range(10**6))

        @contextmanager
        def database() -> Iterator[str]:
            name = f"example{next(copies)}.db"
            shutil.copy(template, Path(tmp) / name)
            yield sqlite_file_url(Path(tmp), name)

        _run(database, examples=40)


def test_random_days_at_the_hall_on_postgres(pg_server_url: str | None) -> None:
    if pg_server_url is None:
        if pg_required():
            pytest.fail("PostgreSQL is required (ANTREAN_REQUIRE_PG=1) but unavailable")
        pytest.skip("no PostgreSQL server here (set ANTREAN_TEST_PG_URL)")
    server = pg_server_url

    @contextmanager
    def database() -> Iterator[str]:
        with fresh_pg_database(server) as url:
            make_core(url, _clock()).close()
            yield url

    _run(database, examples=10)


def _clock() -> ManualClock:
    return ManualClock(MORNING.astimezone(dt.UTC))
