"""A full disk or a vanished database server is a plain-language error, and loses nothing."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url

from app.bootstrap import Core
from app.domain.errors import StorageUnavailable
from app.domain.model import TicketStatus
from app.ports import ManualClock
from tests.conftest import make_core
from tests.support.actors import ADMIN


def test_a_full_disk_refuses_clearly_and_keeps_what_was_committed(
    sqlite_url: str, clock: ManualClock
) -> None:
    core = make_core(sqlite_url, clock)
    try:
        for _ in range(3):
            core.queue.issue_ticket("A")

        # SQLite reports SQLITE_FULL ("database or disk is full") once the file may not grow.
        @event.listens_for(core.engine, "connect")
        def _cap(dbapi_connection: Any, _record: Any) -> None:
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

        core.engine.dispose()
        with pytest.raises(StorageUnavailable) as err:
            for _ in range(500):
                core.queue.issue_ticket("B")
        assert "penuh" in err.value.message("id")
        event.remove(core.engine, "connect", _cap)
        core.engine.dispose()
        tickets = core.hall.tickets()
        assert [t.display for t in tickets][:3] == ["A-001", "A-002", "A-003"]
        assert all(t.status is TicketStatus.WAITING for t in tickets)
        numbers = [t.number for t in tickets if t.service_code == "B"]
        assert numbers == list(range(1, len(numbers) + 1))  # no hole, no duplicate
        core.queue.issue_ticket("B")  # room again: it works
    finally:
        core.close()


def test_database_server_gone_is_a_clear_error(
    pg_url: str, pg_server_url: str, clock: ManualClock
) -> None:
    core: Core = make_core(pg_url, clock)
    try:
        core.queue.issue_ticket("A")
        database = core.engine.url.database
        admin = make_url(pg_server_url).set(drivername="postgresql")
        with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as c:
            c.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
            c.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE datname = '{database}'"
            )
        with pytest.raises(StorageUnavailable) as err:
            core.queue.issue_ticket("A")
        assert "tidak dapat dihubungi" in err.value.message("id")
        with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as c:
            c.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
        assert core.hall.ticket("A-001").status is TicketStatus.WAITING  # back: nothing lost
    finally:
        core.close()


def test_after_a_server_restart_one_call_fails_not_one_per_pooled_connection(
    pg_url: str, pg_server_url: str, clock: ManualClock
) -> None:
    """A restart ends every pooled connection; the first unit to meet a dead one reports it
    and the pool replaces them all, as SQLAlchemy does (``call_next`` meets it in a pipeline
    of its own on PostgreSQL, outside SQLAlchemy's error handling)."""
    core: Core = make_core(pg_url, clock)
    try:
        for _ in range(10):
            core.queue.issue_ticket("A")
        pooled = [core.engine.connect() for _ in range(4)]
        for connection in pooled:
            connection.exec_driver_sql("SELECT 1")
            connection.rollback()
        for connection in pooled:
            connection.close()  # four connections back in the pool, all about to die
        database = core.engine.url.database
        admin = make_url(pg_server_url).set(drivername="postgresql")
        with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as c:
            c.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (database,),
            )
        failures = 0
        for _ in range(6):
            try:
                core.queue.call_next(1, actor=ADMIN)
            except StorageUnavailable:
                failures += 1
        assert failures <= 1
        served = [t for t in core.hall.tickets() if t.status is not TicketStatus.WAITING]
        assert len(served) == 6 - failures  # each call that answered took a ticket, once
    finally:
        core.close()
