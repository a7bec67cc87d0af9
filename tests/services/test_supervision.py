"""Live supervision on real SQLite and PostgreSQL: counters, queues against targets, alerts,
failed prints, HQ state, and the supervisor's overrides (move a waiting ticket, force-close)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.bootstrap import Core
from app.domain.errors import AccessDenied, InvalidTransition, NotFound, SignInRequired
from app.domain.model import CounterState, EventKind, TicketStatus
from app.domain.roles import NOBODY, Actor, Role
from app.services.supervision import SupervisionService
from app.storage.models import QueueEventRow
from app.storage.uow import UnitOfWorkFactory


def _service(core: Core) -> SupervisionService:
    return SupervisionService(UnitOfWorkFactory(core.engine), core.clock)


def _supervisor(core: Core) -> Actor:
    core.users.add_user(NOBODY, "admin", "rahasia123", "admin")
    admin = core.access.sign_in("admin", "rahasia123", station="test")
    core.users.add_user(admin, "sup.rina", "rahasia123", "supervisor")
    return core.access.sign_in("sup.rina", "rahasia123", station="test")


def test_snapshot_shows_counters_queues_and_alerts(core: Core) -> None:
    sup = _supervisor(core)
    for _ in range(4):
        core.queue.issue_ticket("A")
    core.queue.issue_ticket("B")
    core.queue.call_next(1, actor=sup)
    core.clock.advance(minutes=45)  # type: ignore[attr-defined]
    snap = _service(core).snapshot(actor=sup, queue_threshold=2)
    one = snap.counters[0]
    assert (one.number, one.state, one.ticket) == (1, CounterState.OPEN, "A-001")
    assert one.clerk == "sup.rina"
    assert one.ticket_status is TicketStatus.CALLED and one.since is not None
    a = next(s for s in snap.services if s.code == "A")
    assert a.waiting == 3 and a.target_minutes == 30
    assert a.oldest_wait_minutes is not None and a.oldest_wait_minutes >= 45
    assert a.breached
    kinds = {(al.kind, al.service_code) for al in snap.alerts}
    assert ("target", "A") in kinds and ("queue", "A") in kinds and ("queue", "B") not in kinds
    assert [w.display for w in snap.waiting] == ["A-002", "A-003", "A-004", "B-001"]
    assert snap.sync == () and snap.print_failed == ()


def test_unserved_queue_and_failed_print_are_reported(core: Core) -> None:
    sup = _supervisor(core)
    issued = core.queue.issue_ticket("E")
    core.queue.record_print(issued.ticket.id, ok=False, error="paper out")
    for n in range(1, 6):
        core.hall.close_counter(n, actor=sup)
    snap = _service(core).snapshot(actor=sup)
    assert ("unserved", "E") in {(a.kind, a.service_code) for a in snap.alerts}
    assert [(p.display, p.error) for p in snap.print_failed] == [("E-001", "paper out")]


def test_only_a_supervisor_or_admin_may_supervise(core: Core) -> None:
    clerk = Actor(user_id=None, username="budi", role=Role.CLERK, counter=1)
    with pytest.raises(AccessDenied):
        _service(core).snapshot(actor=clerk)
    with pytest.raises(SignInRequired):
        _service(core).snapshot(actor=NOBODY)
    with pytest.raises(AccessDenied):
        _service(core).force_close(1, actor=clerk)


def test_move_a_waiting_ticket_to_another_service_and_counter(core: Core) -> None:
    sup = _supervisor(core)
    core.queue.issue_ticket("A")
    core.queue.issue_ticket("B")
    core.queue.issue_ticket("B")
    service = _service(core)
    assert service.move_ticket("A-001", actor=sup, to_service="B", to_counter=3) == "A-001"
    moved = core.hall.ticket("A-001")
    assert moved.current_service_code == "B" and moved.target_counter_number == 3
    assert moved.status is TicketStatus.WAITING
    # it keeps the place it was issued with: counter 3 calls it before B-001
    assert core.queue.call_next(3, actor=sup).display == "A-001"
    with Session(core.engine) as session:
        row = session.scalars(
            select(QueueEventRow).where(QueueEventRow.kind == EventKind.TRANSFERRED)
        ).one()
    assert row.user_id == sup.user_id and row.data["override"] is True
    audit = core.audit.entries(viewer=sup, action="move_ticket")
    assert [(a.username, a.target) for a in audit] == [("sup.rina", "A-001")]
    with pytest.raises(InvalidTransition):
        service.move_ticket("A-001", actor=sup, to_service="C")  # no longer waiting
    admin = core.access.sign_in("admin", "rahasia123", station="test")
    core.setup.assign_services(4, ["C"], actor=admin)
    with pytest.raises(NotFound):
        service.move_ticket("B-001", actor=sup, to_counter=4)


def test_force_close_puts_the_called_ticket_back_in_front(core: Core) -> None:
    sup = _supervisor(core)
    core.queue.issue_ticket("A")
    core.queue.issue_ticket("A")
    core.queue.call_next(2, actor=sup)
    core.queue.start(2, actor=sup)
    service = _service(core)
    assert service.force_close(2, actor=sup) == "A-001"
    snap = service.snapshot(actor=sup)
    two = snap.counters[1]
    assert two.state is CounterState.CLOSED and two.ticket is None
    assert [w.display for w in snap.waiting] == ["A-001", "A-002"]
    assert two.clerk == "sup.rina"
    with pytest.raises(InvalidTransition):
        service.force_close(2, actor=sup)
    audit = core.audit.entries(viewer=sup, action="force_close")
    assert [(a.username, a.target) for a in audit] == [("sup.rina", "counter 2")]
