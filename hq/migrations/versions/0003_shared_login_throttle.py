"""Login backoff in the database, shared by HQ's worker processes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_backoff",
        sa.Column("kind", sa.String(8), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("until", sa.Float(53), nullable=False),
        sa.Column("seen", sa.Float(53), nullable=False),
    )
    op.create_table(
        "login_trusted",
        sa.Column("username", sa.String(100), primary_key=True),
        sa.Column("address", sa.String(200), primary_key=True),
        sa.Column("at", sa.Float(53), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("login_trusted")
    op.drop_table("login_backoff")
