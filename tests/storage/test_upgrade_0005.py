"""Migration 0005 (services.colour, counters.priority_ratio) upgrades a hall database of 0004
that holds a day's work, on SQLite and PostgreSQL, and goes back down."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, select

from app.bootstrap import build_core
from app.domain.roles import NOBODY
from app.ports import ManualClock
from app.settings import DatabaseSettings, Settings
from app.storage.migrate import SCHEMA_HEAD, alembic_config, migrate
from app.storage.models import Counter, Service, Ticket
from tests.conftest import make_core


def test_a_0004_database_with_data_upgrades_to_0005(db_url: str, clock: ManualClock) -> None:
    core = make_core(db_url, clock)
    try:
        core.users.add_user(NOBODY, "kapolsek", "rahasia123", "admin")
        admin = core.access.sign_in("kapolsek", "rahasia123", station="pc-1")
        core.hall.update_hall_config(actor=admin, name="Polres Pati")
        for code, priority in (("A", True), ("A", False), ("B", False)):
            core.queue.issue_ticket(code, priority=priority)
        core.queue.call_next(1, actor=admin)
        tickets_before = [(t.id, t.status) for t in core.hall.tickets()]
    finally:
        core.close()
    command.downgrade(alembic_config(db_url), "0004")
    core = build_core(
        Settings(database=DatabaseSettings(url=db_url)), clock=clock, migrate_schema=False
    )
    try:
        with core.engine.connect() as conn:
            assert "colour" not in {c["name"] for c in inspect(conn).get_columns("services")}
            assert "priority_ratio" not in {
                c["name"] for c in inspect(conn).get_columns("counters")
            }
        assert migrate(core.engine) == SCHEMA_HEAD
        with core.engine.connect() as conn:
            assert conn.execute(
                select(Service.code, Service.colour).order_by(Service.code)
            ).all() == [(c, "") for c in "ABCDE"]
            assert conn.execute(
                select(Counter.number, Counter.priority_ratio).order_by(Counter.number)
            ).all() == [(n, None) for n in range(1, 6)]
            assert [
                (t.id, t.status)
                for t in conn.execute(
                    select(Ticket.id, Ticket.status).order_by(Ticket.queue_key, Ticket.id)
                )
            ] == tickets_before
        # the upgraded hall keeps its config (the new keys read their defaults) and works
        hall = core.hall.hall_config()
        assert (hall.name, hall.address, hall.queue_alert_threshold) == ("Polres Pati", "", 15)
        actor = core.access.sign_in("kapolsek", "rahasia123", station="pc-1")
        core.setup.configure_service("B", actor=actor, colour="#2E7D32")
        core.setup.configure_counter(1, actor=actor, name="Loket SIM", priority_ratio="2:1")
        core.hall.update_hall_config(actor=actor, address="Jl. Kolonel Sunandar 1")
        assert core.queue.call_next(1, actor=actor).display == "A-002"
        assert core.hall.services()[1].colour == "#2E7D32"
        one = core.hall.counters()[0]
        assert (one.name, one.priority_ratio) == ("Loket SIM", "2:1")
    finally:
        core.close()
    command.downgrade(alembic_config(db_url), "0004")  # and back down, data kept
    core = build_core(
        Settings(database=DatabaseSettings(url=db_url)), clock=clock, migrate_schema=False
    )
    try:
        with core.engine.connect() as conn:
            assert conn.execute(
                select(Counter.number).order_by(Counter.number)
            ).scalars().all() == [
                1,
                2,
                3,
                4,
                5,
            ]
    finally:
        core.close()
    command.upgrade(alembic_config(db_url), "head")
