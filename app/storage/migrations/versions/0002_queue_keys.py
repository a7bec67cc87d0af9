"""queue order from the database: tickets.queue_key and tickets.issue_key

The queue used to be ordered by ``queued_at``, a PC's clock: a clock set back an hour put
new tickets before older ones. Tickets now carry an integer position allocated inside the
issuing transaction (``queue_key``; ``issue_key`` keeps the place it was issued with, for a
transfer "to the front"). Existing closed tickets get ``id × STEP``; open tickets keep
their current order by clock, placed after every closed one.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

STEP = 1 << 20  # app.services.claim.KEY_STEP: room to put requeued tickets between two
OPEN = ("waiting", "called", "serving", "held")


def upgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("queue_key", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("issue_key", sa.BigInteger(), nullable=True))
    bind = op.get_bind()
    tickets = sa.table(
        "tickets",
        sa.column("id", sa.BigInteger()),
        sa.column("status", sa.String()),
        sa.column("queued_at", sa.DateTime()),
        sa.column("issued_at", sa.DateTime()),
        sa.column("queue_key", sa.BigInteger()),
        sa.column("issue_key", sa.BigInteger()),
    )
    bind.execute(
        tickets.update()
        .where(tickets.c.status.not_in(OPEN))
        .values(queue_key=tickets.c.id * STEP, issue_key=tickets.c.id * STEP)
    )
    top = int(bind.scalar(sa.select(sa.func.max(tickets.c.id))) or 0)
    rows = bind.execute(
        sa.select(tickets.c.id, tickets.c.queued_at, tickets.c.issued_at).where(
            tickets.c.status.in_(OPEN)
        )
    ).all()
    # One order over both moments of every open ticket, so "front" stays before "end".
    moments = sorted(
        [(r.issued_at, r.id, "issue") for r in rows] + [(r.queued_at, r.id, "queue") for r in rows]
    )
    keys: dict[int, dict[str, int]] = {}
    for rank, (_, ticket_id, which) in enumerate(moments, start=1):
        keys.setdefault(ticket_id, {})[which] = (top + rank) * STEP
    for ticket_id, k in keys.items():
        bind.execute(
            tickets.update()
            .where(tickets.c.id == ticket_id)
            .values(queue_key=k["queue"], issue_key=k["issue"])
        )
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.alter_column("queue_key", existing_type=sa.BigInteger(), nullable=False)
        batch_op.alter_column("issue_key", existing_type=sa.BigInteger(), nullable=False)
        batch_op.drop_index("ix_ticket_queue")
        batch_op.create_index(
            "ix_ticket_queue",
            ["business_date", "status", "current_service_id", "queue_key"],
            unique=False,
        )
        batch_op.create_index("ix_ticket_queue_key", ["queue_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_ticket_queue_key")
        batch_op.drop_index("ix_ticket_queue")
        batch_op.create_index(
            "ix_ticket_queue",
            ["business_date", "status", "current_service_id", "queued_at"],
            unique=False,
        )
        batch_op.drop_column("issue_key")
        batch_op.drop_column("queue_key")
