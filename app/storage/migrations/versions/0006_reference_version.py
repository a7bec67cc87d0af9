"""reference_version: a token that changes with every write to the hall's reference data

Each unit of work reads the hall settings, the services and who serves what. They change
only when an administrator changes them, so a process keeps them between units and, in the
statement every unit already runs (the newest event's time for the clock guard), reads this
token to know whether they are still current (``app.services.reference``). Triggers set a
new random token on every insert, update or delete of ``settings``, ``services`` and
``counter_services`` (and a ``TRUNCATE`` on PostgreSQL), so no write path — the app, a
script, a restored copy — can leave a process with stale data. The token is random rather
than a counter so that a database rebuilt or restored from a backup never repeats a token
a process already holds for other data.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLES = ("settings", "services", "counter_services")
_SQLITE_TOKEN = "lower(hex(randomblob(8)))"
_PG_TOKEN = "md5(random()::text || clock_timestamp()::text)"


def upgrade() -> None:
    op.create_table(
        "reference_version",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("token", sa.String(length=32), nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"INSERT INTO reference_version (id, token) VALUES (1, {_SQLITE_TOKEN})")
        for table in TABLES:
            for change in ("INSERT", "UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER reference_{table}_{change.lower()} AFTER {change} "
                    f"ON {table} BEGIN UPDATE reference_version SET token = {_SQLITE_TOKEN}; END"
                )
        return
    op.execute(f"INSERT INTO reference_version (id, token) VALUES (1, {_PG_TOKEN})")
    op.execute(
        "CREATE FUNCTION reference_changed() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN UPDATE reference_version SET token = {_PG_TOKEN}; RETURN NULL; END $$"
    )
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER reference_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION reference_changed()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            for change in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER reference_{table}_{change}")
    else:
        for table in TABLES:
            op.execute(f"DROP TRIGGER reference_{table} ON {table}")
        op.execute("DROP FUNCTION reference_changed()")
    op.drop_table("reference_version")
