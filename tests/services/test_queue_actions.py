"""Every queue action against real SQLite and PostgreSQL databases."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.bootstrap import Core
from app.domain.errors import (
    CounterUnavailable,
    InvalidTransition,
    NotFound,
    QueueEmpty,
    QuotaReached,
    ServiceClosed,
    StaleTicket,
)
from app.domain.model import EventKind, Outcome, PrintState, TicketStatus
from app.ports import ManualClock
from app.storage.models import QueueEventRow
from tests.support.actors import ADMIN


def kinds(core: Core, after: int = 0) -> list[str]:
    return [e.kind.value for e in core.hall.events_after(after)]


def test_issue_numbers_per_service_and_reports_people_ahead(core: Core) -> None:
    first = core.queue.issue_ticket("A")
    second = core.queue.issue_ticket("A")
    other = core.queue.issue_ticket("B")
    assert [first.ticket.display, second.ticket.display, other.ticket.display] == [
        "A-001",
        "A-002",
        "B-001",
    ]
    # every seeded counter serves A–E, so the two older A tickets are called before B-001;
    # with five idle counters nobody waits for it, though
    assert (first.people_ahead, second.people_ahead, other.people_ahead) == (0, 1, 2)
    assert other.estimate.minutes == 0
    assert first.ticket.status is TicketStatus.WAITING
    assert first.ticket.print_state is PrintState.PENDING
    assert second.estimate.minutes == 0  # five idle counters call it at once
    assert kinds(core).count("issued") == 3


def test_call_next_is_oldest_first_across_served_services(core: Core, clock: ManualClock) -> None:
    core.queue.issue_ticket("B")
    clock.advance(minutes=1)
    core.queue.issue_ticket("A")
    called = core.queue.call_next(1, actor=ADMIN)
    assert (called.display, called.status, called.counter_number) == ("B-001", "called", 1)
    assert core.queue.call_next(2, actor=ADMIN).display == "A-001"
    with pytest.raises(QueueEmpty):
        core.queue.call_next(3, actor=ADMIN)


def test_priority_ratio_one_to_two(core: Core, clock: ManualClock) -> None:
    for _ in range(4):
        core.queue.issue_ticket("A")
        clock.advance(seconds=10)
    for _ in range(2):
        core.queue.issue_ticket("A", priority=True)
        clock.advance(seconds=10)
    order = []
    for _ in range(6):
        order.append(core.queue.call_next(1, actor=ADMIN).priority)
    assert order == [True, False, False, True, False, False]


def test_counter_only_calls_the_services_it_serves(core: Core) -> None:
    core.setup.assign_services(2, ["B"], actor=ADMIN)
    core.queue.issue_ticket("A")
    with pytest.raises(QueueEmpty):
        core.queue.call_next(2, actor=ADMIN)
    assert core.queue.call_next(1, actor=ADMIN).display == "A-001"


def test_recall_start_finish_flow_with_timestamps(core: Core, clock: ManualClock) -> None:
    core.queue.issue_ticket("A")
    clock.advance(minutes=5)
    core.queue.call_next(3, actor=ADMIN)
    clock.advance(seconds=30)
    recalled = core.queue.recall(3, actor=ADMIN)
    assert recalled.recall_count == 1
    started = core.queue.start(3, actor=ADMIN)
    assert started.status is TicketStatus.SERVING
    clock.advance(minutes=7)
    done = core.queue.finish(3, Outcome.INCOMPLETE, actor=ADMIN)
    assert done.status is TicketStatus.FINISHED and done.outcome is Outcome.INCOMPLETE
    assert done.called_at is not None and done.finished_at is not None
    assert done.called_at - done.issued_at == dt.timedelta(minutes=5)
    assert kinds(core)[-4:] == ["called", "recalled", "started", "finished"]


def test_call_next_finishes_the_current_ticket(core: Core) -> None:
    core.queue.issue_ticket("A")
    core.queue.issue_ticket("A")
    core.queue.call_next(1, actor=ADMIN)
    core.queue.call_next(1, actor=ADMIN)
    first = core.hall.ticket("A-001")
    assert first.status is TicketStatus.FINISHED and first.outcome is Outcome.SERVED
    with pytest.raises(InvalidTransition):
        core.queue.call_next(1, auto_finish=False, actor=ADMIN)


def test_illegal_transitions_change_nothing(core: Core) -> None:
    core.queue.issue_ticket("A")
    before = core.hall.latest_seq()
    with pytest.raises(InvalidTransition):
        core.queue.finish(1, actor=ADMIN)  # nothing called
    with pytest.raises(InvalidTransition):
        core.queue.recall(1, actor=ADMIN)
    core.queue.call_next(1, actor=ADMIN)
    core.queue.start(1, actor=ADMIN)
    with pytest.raises(InvalidTransition):
        core.queue.no_show(1, actor=ADMIN)  # they came: they are being served
    with pytest.raises(InvalidTransition):
        core.queue.start(1, actor=ADMIN)
    with pytest.raises(NotFound):
        core.queue.call_next(42, actor=ADMIN)
    with pytest.raises(NotFound):
        core.queue.issue_ticket("Z")
    with pytest.raises(NotFound):
        core.hall.ticket("A-777")
    assert core.hall.latest_seq() == before + 2  # only the call and the start
    assert core.hall.ticket("A-001").status is TicketStatus.SERVING


def test_no_show_closes_or_requeues_behind_n(core: Core, clock: ManualClock) -> None:
    for _ in range(4):
        core.queue.issue_ticket("A")
        clock.advance(seconds=5)
    core.queue.call_next(1, actor=ADMIN)
    gone = core.queue.no_show(1, actor=ADMIN)
    assert gone.status is TicketStatus.NO_SHOW
    core.queue.call_next(1, actor=ADMIN)
    back = core.queue.no_show(1, requeue_after=1, actor=ADMIN)
    assert back.status is TicketStatus.WAITING and back.counter_number is None
    order = [core.queue.call_next(1, actor=ADMIN).display for _ in range(2)]
    assert order == ["A-003", "A-002"]


def test_transfer_keeps_the_number(core: Core) -> None:
    core.setup.assign_services(2, ["C"], actor=ADMIN)
    core.queue.issue_ticket("B")
    core.queue.call_next(1, actor=ADMIN)
    moved = core.queue.transfer(1, to_service="C", to_counter=2, actor=ADMIN)
    assert moved.display == "B-001" and moved.current_service_code == "C"
    assert moved.status is TicketStatus.WAITING and moved.target_counter_number == 2
    with pytest.raises(QueueEmpty):
        core.queue.call_next(3, actor=ADMIN)  # addressed to counter 2 only
    again = core.queue.call_next(2, actor=ADMIN)
    assert again.display == "B-001" and again.counter_number == 2
    assert core.hall.ticket("B-001").status is TicketStatus.CALLED


def test_transfer_refuses_a_counter_that_does_not_serve_the_service(core: Core) -> None:
    core.setup.assign_services(4, ["E"], actor=ADMIN)
    core.queue.issue_ticket("A")
    core.queue.call_next(1, actor=ADMIN)
    with pytest.raises(NotFound):
        core.queue.transfer(1, to_service="A", to_counter=4, actor=ADMIN)
    with pytest.raises(InvalidTransition):
        core.queue.transfer(1, actor=ADMIN)
    assert core.hall.ticket("A-001").status is TicketStatus.CALLED


def test_hold_and_return(core: Core) -> None:
    core.queue.issue_ticket("A")
    core.queue.issue_ticket("A")
    core.queue.call_next(1, actor=ADMIN)
    core.queue.start(1, actor=ADMIN)
    held = core.queue.hold(1, actor=ADMIN)
    assert held.status is TicketStatus.HELD
    core.queue.call_next(1, actor=ADMIN)  # the counter is free: A-002
    with pytest.raises(InvalidTransition):
        core.queue.return_held(1, "A-001", actor=ADMIN)  # still busy with A-002
    core.queue.finish(1, actor=ADMIN)
    with pytest.raises(InvalidTransition):
        core.queue.return_held(2, "A-001", actor=ADMIN)  # held at counter 1
    back = core.queue.return_held(1, "A-001", actor=ADMIN)
    assert back.status is TicketStatus.SERVING and back.counter_number == 1


def test_cancel_and_out_of_order_call(core: Core) -> None:
    for _ in range(3):
        core.queue.issue_ticket("A")
    jumped = core.queue.call_ticket(1, "A-003", actor=ADMIN)
    assert jumped.display == "A-003"
    assert core.hall.events_after(0)[-1].data == {"out_of_order": True}
    cancelled = core.queue.cancel("A-001", actor=ADMIN)
    assert cancelled.status is TicketStatus.CANCELLED
    with pytest.raises(InvalidTransition):
        core.queue.call_ticket(2, "A-001", actor=ADMIN)
    assert core.queue.call_next(2, actor=ADMIN).display == "A-002"


def test_paused_and_closed_counters_get_nothing(core: Core) -> None:
    core.queue.issue_ticket("A")
    core.hall.pause_counter(1, actor=ADMIN)
    with pytest.raises(CounterUnavailable):
        core.queue.call_next(1, actor=ADMIN)
    with pytest.raises(InvalidTransition):
        core.hall.pause_counter(1, actor=ADMIN)
    core.hall.resume_counter(1, actor=ADMIN)
    core.queue.call_next(1, actor=ADMIN)
    with pytest.raises(InvalidTransition):
        core.hall.close_counter(1, actor=ADMIN)  # still has a ticket
    core.queue.finish(1, actor=ADMIN)
    core.hall.close_counter(1, actor=ADMIN)
    with pytest.raises(CounterUnavailable) as err:
        core.queue.call_next(1, actor=ADMIN)
    assert "tutup" in err.value.message("id")
    core.hall.open_counter(1, actor=ADMIN)


def test_opening_hours_and_quota(core: Core, clock: ManualClock) -> None:
    core.setup.configure_service("A", opens_at=dt.time(9, 0), closes_at=dt.time(14, 0), actor=ADMIN)
    with pytest.raises(ServiceClosed) as closed:
        core.queue.issue_ticket("A")
    assert "09.00" in closed.value.message("id")
    clock.advance(hours=1)
    core.queue.issue_ticket("A")
    core.setup.configure_service("B", daily_quota=2, actor=ADMIN)
    core.queue.issue_ticket("B")
    core.queue.issue_ticket("B")
    with pytest.raises(QuotaReached):
        core.queue.issue_ticket("B")
    status = {s.code: s for s in core.hall.status()}
    assert not status["B"].is_open_now and status["A"].is_open_now
    clock.advance(hours=5)
    with pytest.raises(ServiceClosed):
        core.queue.issue_ticket("A")


def test_number_999_is_the_last(core: Core) -> None:
    core.setup.configure_service("E", daily_quota=None, actor=ADMIN)
    with core.queue._uow() as uow:  # jump numbering close to the end without 998 issues
        from app.storage.models import Ticket

        t = uow.session.scalars(select(Ticket)).first()
        assert t is None
    for _ in range(2):
        core.queue.issue_ticket("E")
    with core.queue._uow() as uow:
        from sqlalchemy import update

        from app.storage.models import Ticket

        uow.session.execute(update(Ticket).where(Ticket.number == 2).values(number=999))
        uow.commit()
    with pytest.raises(QuotaReached):
        core.queue.issue_ticket("E")


def test_day_close_expires_and_numbering_restarts(core: Core, clock: ManualClock) -> None:
    core.queue.issue_ticket("A")
    core.queue.issue_ticket("A")
    core.queue.call_next(1, actor=ADMIN)
    assert core.hall.close_day(actor=ADMIN) == 2
    assert all(c.state.value == "closed" for c in core.hall.counters())
    clock.advance(days=1)
    fresh = core.queue.issue_ticket("A")
    assert fresh.ticket.display == "A-001"
    assert fresh.ticket.business_date == dt.date(2026, 11, 24)
    old = core.hall.tickets(day=dt.date(2026, 11, 23))
    assert [t.status for t in old] == [TicketStatus.EXPIRED, TicketStatus.EXPIRED]


def test_yesterdays_ticket_cannot_be_acted_on(core: Core, clock: ManualClock) -> None:
    core.queue.issue_ticket("A")
    core.queue.call_next(1, actor=ADMIN)
    clock.advance(days=1)
    with pytest.raises(StaleTicket):
        core.queue.finish(1, actor=ADMIN)
    core.queue.issue_ticket("A")
    today = core.queue.call_next(1, actor=ADMIN)  # the stale one is expired, today's is called
    assert today.business_date == dt.date(2026, 11, 24)


def test_every_change_writes_its_event_in_the_same_transaction(core: Core) -> None:
    core.queue.issue_ticket("A")
    core.queue.call_next(1, actor=ADMIN)
    core.queue.finish(1, actor=ADMIN)
    with core.queue._uow(readonly=True) as uow:
        rows = uow.session.execute(
            select(QueueEventRow.kind, func.count()).group_by(QueueEventRow.kind)
        ).all()
    counts = dict(rows)
    assert counts[EventKind.ISSUED] == 1
    assert counts[EventKind.CALLED] == 1
    assert counts[EventKind.FINISHED] == 1
    seqs = [e.seq for e in core.hall.events_after(0)]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)


def test_print_state_is_recorded_and_reprint_keeps_the_number(core: Core) -> None:
    issued = core.queue.issue_ticket("B")
    failed = core.queue.record_print(issued.ticket.id, ok=False, error="paper out")
    assert failed.print_state is PrintState.FAILED
    again = core.queue.reprint("B-001", actor=ADMIN)
    assert again.ticket.display == "B-001" and again.people_ahead == 0
    ok = core.queue.record_print(issued.ticket.id, ok=True)
    assert ok.print_state is PrintState.PRINTED
    assert kinds(core)[-3:] == ["print_failed", "reprinted", "printed"]


def test_estimate_reflects_history_and_open_counters(core: Core, clock: ManualClock) -> None:
    for n in (2, 3, 4, 5):
        core.hall.close_counter(n, actor=ADMIN)
    for _ in range(3):
        core.queue.issue_ticket("B")
    waiting = core.queue.issue_ticket("B")
    # One counter, three ahead, SKCK default 10 min → 30 min.
    assert waiting.estimate.minutes == 30 and waiting.estimate.basis == "default"
    core.hall.close_counter(1, actor=ADMIN)
    blind = core.queue.issue_ticket("B")
    assert blind.estimate.minutes is None  # nobody serves: no invented figure
    core.hall.open_counter(1, actor=ADMIN)
    for _ in range(3):  # quick tickets pull the estimate down, shrunk towards the default
        core.queue.call_next(1, actor=ADMIN)
        clock.advance(minutes=2)
    core.queue.finish(1, actor=ADMIN)
    later = core.queue.issue_ticket("B")
    assert later.estimate.basis == "blend"
    assert later.people_ahead == 2 and later.estimate.minutes is not None
    assert later.estimate.minutes < 2 * 10
