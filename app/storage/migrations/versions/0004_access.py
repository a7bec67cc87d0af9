"""access control: the audit trail, sign-in failures and lockouts, button-box counters

- ``audit``: who did what, from which PC, with which outcome (sign-ins, failures, lockouts,
  overrides, configuration and user changes); indexed by time and action.
- ``sign_in_failures``: failed sign-ins (``kind`` user) and kiosk PINs (``kind`` pin) per key
  and station, and until when that key is locked there.
- ``counters.button_box``: the hall lets an unattended button box serve that counter without
  a sign-in (off for every existing counter).

The kiosk PIN is a hash in ``settings`` (key ``kiosk_pin``), set by an admin; there is no
default, so an upgraded hall has none until one is set (the old plain ``admin_pin`` of the
TOML file is ignored).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "audit",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=True),
        sa.Column("station", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_at", "audit", ["at"])
    op.create_index("ix_audit_action", "audit", ["action"])
    op.create_table(
        "sign_in_failures",
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("station", sa.String(length=100), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("last_failure_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("kind", "key", "station"),
    )
    # In place on both engines (a batch copy of counters on SQLite would trip the tickets'
    # foreign keys).
    op.add_column(
        "counters",
        sa.Column("button_box", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # In place (SQLite 3.35+): a batch copy of counters fails on the tickets' foreign keys.
        op.execute("ALTER TABLE counters DROP COLUMN button_box")
    else:
        op.drop_column("counters", "button_box")
    op.drop_table("sign_in_failures")
    op.drop_index("ix_audit_action", table_name="audit")
    op.drop_index("ix_audit_at", table_name="audit")
    op.drop_table("audit")
