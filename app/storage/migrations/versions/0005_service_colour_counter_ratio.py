"""services.colour, counters.priority_ratio

- ``services.colour``: ``#RRGGBB`` of the service's kiosk tile (empty for every existing
  service: the kiosk's own palette, as before).
- ``counters.priority_ratio``: a counter's own priority ratio ``P:R``; NULL (every existing
  counter) calls by the hall's ratio, as before.

The hall's address and queue-alert threshold are keys of the hall's JSON setting and need no
column (an older hall config without them reads their defaults).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # In place on both engines (a batch copy of counters or services on SQLite would trip the
    # tickets' foreign keys).
    op.add_column(
        "services",
        sa.Column("colour", sa.String(length=7), nullable=False, server_default=""),
    )
    op.add_column("counters", sa.Column("priority_ratio", sa.String(length=5), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # In place (SQLite 3.35+): a batch copy fails on the tickets' foreign keys.
        op.execute("ALTER TABLE counters DROP COLUMN priority_ratio")
        op.execute("ALTER TABLE services DROP COLUMN colour")
    else:
        op.drop_column("counters", "priority_ratio")
        op.drop_column("services", "colour")
