"""sync_epochs: the identity of this hall database towards HQ

HQ keys a hall's events by hall id × epoch × seq. An epoch is a random id created with the
database (here, in the migration that creates or upgrades it), so a reinstalled PC or a
second PC configured with the same hall id and token sends a history of its own instead of
colliding with the old numbering. A restored copy, which carries its original's epoch, forks
a new one at the seq where its history leaves what HQ holds (``app.sync``).

A database that already holds events keeps them in the legacy epoch ``""`` (what a hall
without epochs sent); the new epoch starts after its newest event and feedback.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    epochs = op.create_table(
        "sync_epochs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("start_seq", sa.BigInteger(), nullable=False),
        sa.Column("start_feedback_id", sa.BigInteger(), nullable=False),
        sa.Column("parent", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    bind = op.get_bind()
    top_seq = int(bind.scalar(sa.text("SELECT MAX(seq) FROM queue_events")) or 0)
    top_feedback = int(bind.scalar(sa.text("SELECT MAX(id) FROM feedback")) or 0)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)  # naive UTC, as UtcDateTime stores it
    rows = []
    parent = None
    if top_seq or top_feedback:
        rows.append(
            {"id": "", "start_seq": 1, "start_feedback_id": 1, "parent": None, "created_at": now}
        )
        parent = ""
    rows.append(
        {
            "id": str(uuid.uuid4()),
            "start_seq": top_seq + 1,
            "start_feedback_id": top_feedback + 1,
            "parent": parent,
            "created_at": now,
        }
    )
    op.bulk_insert(epochs, rows)
    # What the hall must tell its operator about HQ (another PC sending as this hall, HQ
    # lacking data it had acknowledged), kept until the next sync that finds all well.
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("notice_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.drop_column("notice_at")
        batch_op.drop_column("notice")
    op.drop_table("sync_epochs")
