"""``call_next`` works on copies of its rows (``Context.copy_of``) and writes them itself:
what it changes reaches the database once, a row gone under it is refused as a flush would
refuse it, and the session is never left holding a change of its own."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from app.bootstrap import Core
from app.domain.model import Outcome, TicketStatus
from app.services.context import Context, counter_unit
from app.storage.models import Counter, Ticket
from app.storage.uow import SqlUnitOfWork
from tests.support.actors import ADMIN


def _ticket(core: Core, ticket_id: int) -> Ticket:
    with SqlUnitOfWork(core.engine) as uow:
        ticket = uow.session.get(Ticket, ticket_id)
        assert ticket is not None
        uow.session.expunge(ticket)
        return ticket


def test_call_next_writes_the_finished_ticket_the_called_one_and_the_counter(core: Core) -> None:
    first = core.queue.issue_ticket("A").ticket
    core.queue.call_next(1, actor=ADMIN)
    second = core.queue.issue_ticket("A", priority=True).ticket
    called = core.queue.call_next(1, actor=ADMIN)

    done, now = _ticket(core, first.id), _ticket(core, called.id)
    assert called.id == second.id and called.counter_number == 1
    assert done.status == TicketStatus.FINISHED and done.outcome == Outcome.SERVED
    assert done.finished_at is not None
    assert now.status == TicketStatus.CALLED and now.called_at is not None
    assert now.last_called_at == now.called_at and now.target_counter_id is None
    with SqlUnitOfWork(core.engine) as uow:
        counter = uow.session.scalars(select(Counter).where(Counter.number == 1)).one()
        assert (counter.streak_priority, counter.streak_length) == (True, 1)


def test_a_copy_is_not_the_sessions_and_counter_finds_it(core: Core) -> None:
    with SqlUnitOfWork(core.engine) as uow:
        ctx = Context(uow, core.clock)
        counter = ctx.counter_copy(1, lock=True)
        counter.streak_length += 5
        assert not uow.session.dirty and counter not in uow.session
        assert ctx.counter(counter.id) is counter
        ctx.save(counter)
        ctx.save(counter)  # nothing changed since: no statement, no error
        uow.commit()
    with SqlUnitOfWork(core.engine) as uow:
        assert uow.session.get(Counter, counter.id).streak_length == 5  # type: ignore[union-attr]


def test_saving_a_copy_whose_row_is_gone_raises_as_a_flush_would(core: Core) -> None:
    issued = core.queue.issue_ticket("A").ticket
    with SqlUnitOfWork(core.engine) as uow:
        ctx = Context(uow, core.clock)
        row = uow.session.connection().execute(select(*Ticket.__table__.c)).first()
        assert row is not None and row.id == issued.id
        gone = ctx.copy_of(Ticket, {**row._asdict(), "id": issued.id + 1000})
        gone.status = TicketStatus.CALLED
        with pytest.raises(StaleDataError, match="expected to update 1 row"):
            ctx.save(gone)


def test_a_write_sent_with_the_commit_that_finds_no_row_undoes_the_whole_unit(
    core: Core,
) -> None:
    """``save(at_commit=True)``: on PostgreSQL the update travels with the COMMIT, so its row
    count is known only after the commit was sent; a row gone fails the commit instead, and
    nothing of the unit (the other update, its events) is written."""
    issued = core.queue.issue_ticket("A").ticket
    before = core.hall.latest_seq()
    with SqlUnitOfWork(core.engine) as uow:
        ctx = Context(uow, core.clock)
        row = uow.session.connection().execute(select(*Ticket.__table__.c)).first()
        assert row is not None and row.id == issued.id
        real = ctx.copy_of(Ticket, row._asdict())
        real.recall_count = 7
        gone = ctx.copy_of(Ticket, {**row._asdict(), "id": issued.id + 1000})
        gone.status = TicketStatus.CALLED
        with pytest.raises(StaleDataError, match="expected to update 1 row"):
            ctx.save(real, gone, at_commit=True)  # SQLite writes (and fails) here
            uow.add_event("called", ctx.now, ticket_id=issued.id)
            uow.commit()  # PostgreSQL: here
    assert _ticket(core, issued.id).recall_count == 0
    assert core.hall.latest_seq() == before


def test_counter_unit_reads_what_the_separate_reads_read(core: Core) -> None:
    core.queue.issue_ticket("A")
    called = core.queue.call_next(1, actor=ADMIN)
    with SqlUnitOfWork(core.engine) as uow:
        ctx, counter, current = counter_unit(uow, core.clock, 1)
        assert counter.number == 1 and current is not None and current.id == called.id
        assert current.called_at == called.called_at  # times come back in UTC, as usual
        again = Context(uow, core.clock)
        assert (again.now, again.today) == (ctx.now, ctx.today)
        assert again.active_ticket_copy(counter).status == current.status  # type: ignore[union-attr]
        _, idle, nothing = counter_unit(uow, core.clock, 2)
        assert idle.number == 2 and nothing is None
