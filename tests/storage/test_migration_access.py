"""Migration 0004 (the audit trail, sign-in failures, button-box counters) upgrades a hall
database of 0003 that holds a day's work, on SQLite and PostgreSQL, and goes back down."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, select, text

from app.bootstrap import build_core
from app.domain.roles import NOBODY
from app.ports import ManualClock
from app.settings import DatabaseSettings, Settings
from app.storage.migrate import SCHEMA_HEAD, alembic_config, migrate
from app.storage.models import Counter, Ticket
from tests.conftest import make_core
from tests.support.actors import ADMIN


def test_a_0003_database_with_data_upgrades_to_0004(db_url: str, clock: ManualClock) -> None:
    core = make_core(db_url, clock)
    try:
        admin = core.users.add_user(NOBODY, "kapolsek", "rahasia123", "admin")
        for code in "AAB":
            core.queue.issue_ticket(code)
        core.queue.call_next(1, actor=ADMIN)
        tickets_before = [(t.id, t.status) for t in core.hall.tickets()]
    finally:
        core.close()
    command.downgrade(alembic_config(db_url), "0003")
    core = build_core(
        Settings(database=DatabaseSettings(url=db_url)), clock=clock, migrate_schema=False
    )
    try:
        with core.engine.connect() as conn:
            names = set(inspect(conn).get_table_names())
            assert "audit" not in names and "sign_in_failures" not in names
            assert "button_box" not in {c["name"] for c in inspect(conn).get_columns("counters")}
        assert migrate(core.engine) == SCHEMA_HEAD  # 0004, then 0005
        with core.engine.connect() as conn:
            assert conn.execute(
                select(Counter.number, Counter.button_box).order_by(Counter.number)
            ).all() == [(n, False) for n in range(1, 6)]
            assert [
                (t.id, t.status)
                for t in conn.execute(
                    select(Ticket.id, Ticket.status).order_by(Ticket.queue_key, Ticket.id)
                )
            ] == (tickets_before)
            assert conn.execute(text("SELECT COUNT(*) FROM audit")).scalar_one() == 0
        # the upgraded hall works: sign-in (audited), an override, the button-box flag
        actor = core.access.sign_in("kapolsek", "rahasia123", station="pc-1")
        assert actor.user_id == admin.id
        core.queue.cancel("A-002", actor=actor)
        core.access.set_button_box(actor, 2, True)
        assert core.access.button_boxes()[2] is True
        actions = [e.action for e in core.audit.entries(viewer=actor)]
        assert actions == ["button_box", "cancel", "sign_in"]
        assert not core.access.kiosk_pin_set()  # no default PIN after an upgrade
    finally:
        core.close()
    command.downgrade(alembic_config(db_url), "0003")  # and back down, data kept
    command.upgrade(alembic_config(db_url), "head")
