"""Tickets never stranded: a deactivated service's waiting tickets stay callable, a counter
with no service says so, a transfer nobody could call from is refused unless confirmed."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.bootstrap import Core
from app.domain.errors import CounterUnavailable, InvalidTransition, ServiceClosed
from app.domain.model import TicketStatus
from app.storage.models import Counter, CounterService
from tests.support.actors import ADMIN


def test_deactivating_a_service_keeps_its_waiting_tickets_callable(core: Core) -> None:
    core.queue.issue_ticket("B")
    core.queue.issue_ticket("B")
    core.setup.configure_service("B", active=False, actor=ADMIN)
    with pytest.raises(ServiceClosed):
        core.queue.issue_ticket("B")
    status = {s.code: s for s in core.hall.status()}["B"]
    assert status.waiting == 2, "still visible"
    assert core.queue.call_next(1, actor=ADMIN).display == "B-001"
    assert core.queue.call_ticket(2, "B-002", actor=ADMIN).display == "B-002"


def test_a_counter_that_serves_nothing_says_so(core: Core) -> None:
    # assign_services refuses an empty list; an older database may still hold such a counter
    with Session(core.engine) as session, session.begin():
        counter_id = session.scalar(select(Counter.id).where(Counter.number == 1))
        session.execute(delete(CounterService).where(CounterService.counter_id == counter_id))
    core.queue.issue_ticket("A")
    with pytest.raises(CounterUnavailable) as caught:
        core.queue.call_next(1, actor=ADMIN)
    assert "belum diatur melayani layanan apa pun" in caught.value.message_id
    assert core.queue.call_next(2, actor=ADMIN).display == "A-001"


def test_transfer_to_a_closed_counter_needs_confirmation(core: Core) -> None:
    core.queue.issue_ticket("A")
    core.queue.call_next(1, actor=ADMIN)
    core.hall.close_counter(2, actor=ADMIN)
    with pytest.raises(InvalidTransition) as caught:
        core.queue.transfer(1, to_counter=2, actor=ADMIN)
    assert caught.value.details.get("confirm") is True
    assert core.hall.counters()[0].current_ticket == "A-001", "nothing changed"
    moved = core.queue.transfer(1, to_counter=2, force=True, actor=ADMIN)
    assert (moved.status, moved.target_counter_number) == (TicketStatus.WAITING, 2)


def test_transfer_to_a_service_no_open_counter_serves_needs_confirmation(core: Core) -> None:
    core.setup.configure_service("F", name_id="Samsat", name_en="Vehicle tax", actor=ADMIN)
    core.setup.assign_services(6, ["F"], actor=ADMIN)
    core.hall.close_counter(6, actor=ADMIN)
    core.queue.issue_ticket("A")
    core.queue.call_next(1, actor=ADMIN)
    with pytest.raises(InvalidTransition) as caught:
        core.queue.transfer(1, to_service="F", actor=ADMIN)
    assert "Tidak ada loket buka" in caught.value.message_id
    moved = core.queue.transfer(1, to_service="F", force=True, actor=ADMIN)
    assert moved.current_service_code == "F"
    core.hall.open_counter(6, actor=ADMIN)
    assert core.queue.call_next(6, actor=ADMIN).display == "A-001"


def test_transfer_to_an_inactive_service_is_refused_even_when_forced(core: Core) -> None:
    core.queue.issue_ticket("A")
    core.queue.call_next(1, actor=ADMIN)
    core.setup.configure_service("C", active=False, actor=ADMIN)
    with pytest.raises(InvalidTransition):
        core.queue.transfer(1, to_service="C", force=True, actor=ADMIN)


def test_a_counter_holding_a_ticket_cannot_be_made_inactive(core: Core) -> None:
    """An inactive counter acts on nothing: taking it out of the hall while a ticket is
    called, served or held there would strand that ticket until the day is closed."""
    core.queue.issue_ticket("A")
    core.queue.issue_ticket("A")
    core.queue.call_next(1, actor=ADMIN)
    with pytest.raises(InvalidTransition) as refused:
        core.setup.configure_counter(1, active=False, actor=ADMIN)
    assert "A-001" in refused.value.message_en
    core.queue.hold(1, actor=ADMIN)  # parked at counter 1: still its ticket
    with pytest.raises(InvalidTransition):
        core.setup.configure_counter(1, active=False, actor=ADMIN)
    assert {c.number: c.active for c in core.hall.counters()}[1]
    core.queue.return_held(1, "A-001", actor=ADMIN)
    core.queue.finish(1, actor=ADMIN)
    core.setup.configure_counter(1, active=False, actor=ADMIN)  # nothing left there
    assert not {c.number: c.active for c in core.hall.counters()}[1]
    core.setup.configure_counter(2, active=False, actor=ADMIN)  # an idle counter: at once
