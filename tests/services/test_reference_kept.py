"""Reference data kept between units of work (``app.services.reference``): a steady unit
reads none of it, and a change made anywhere — another process, a plain SQL statement — is
seen by the very next unit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, delete, event, select, update
from sqlalchemy.orm import Session

from app.bootstrap import Core
from app.domain.errors import CounterUnavailable, ServiceClosed
from app.services.context import HALL_KEY
from app.storage.engine import make_engine
from app.storage.models import Counter, CounterService, Service, Setting
from tests.support.actors import ADMIN


@pytest.fixture
def other(core: Core) -> Iterator[Engine]:
    """Another process's engine on the same database."""
    engine = make_engine(core.engine.url.render_as_string(hide_password=False))
    try:
        yield engine
    finally:
        engine.dispose()


def _statements(core: Core) -> list[str]:
    seen: list[str] = []
    event.listen(core.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    return seen


def test_a_steady_unit_reads_no_reference_data(core: Core) -> None:
    core.queue.issue_ticket("A")
    core.queue.issue_ticket("A")
    core.queue.call_next(1, actor=ADMIN)  # the first unit read them; they are kept
    seen = _statements(core)
    core.queue.call_next(1, actor=ADMIN)
    core.queue.issue_ticket("B")
    # (issuing locks its service row on PostgreSQL: a lock, not a read of its data)
    read = [s for s in seen if s.lstrip().startswith("SELECT") and "FOR UPDATE" not in s]
    for table in ("settings", "services", "counter_services"):
        assert not [s for s in read if f"FROM {table}" in s], table


def test_changes_made_elsewhere_are_seen_by_the_next_unit(core: Core, other: Engine) -> None:
    core.queue.issue_ticket("B")
    assert core.hall.hall_config().name == "PTSP Polres"
    with Session(other) as session, session.begin():  # plain SQL, as a script would
        session.execute(update(Service).where(Service.code == "B").values(active=False))
    with pytest.raises(ServiceClosed):
        core.queue.issue_ticket("B")

    with Session(other) as session, session.begin():
        value = dict(session.scalars(select(Setting.value).where(Setting.key == HALL_KEY)).one())
        value["name"] = "PTSP Polres Bogor"
        session.execute(update(Setting).where(Setting.key == HALL_KEY).values(value=value))
    assert core.hall.hall_config().name == "PTSP Polres Bogor"  # a read-only unit too

    with Session(other) as session, session.begin():
        counter_id = session.scalar(select(Counter.id).where(Counter.number == 1))
        session.execute(delete(CounterService).where(CounterService.counter_id == counter_id))
    with pytest.raises(CounterUnavailable):
        core.queue.call_next(1, actor=ADMIN)
    assert core.queue.call_next(2, actor=ADMIN).display == "B-001"
