"""Halls get a region (their Polda), for the dashboard of a regional user.

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
    op.add_column("halls", sa.Column("region", sa.String(100), nullable=True))
    op.create_index("ix_halls_region", "halls", ["region"])


def downgrade() -> None:
    op.drop_index("ix_halls_region", "halls")
    with op.batch_alter_table("halls") as batch:
        batch.drop_column("region")
