"""Statistics kept at ingest: ticket facts and daily rollups, filled from the events.

The data step is ``hq.rollups.rebuild`` (also ``antrean-hq rebuild-stats``).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

Time = sa.DateTime(timezone=True)
Double = sa.Float(53)


def upgrade() -> None:
    conn = op.get_bind()
    indexes = {i["name"] for i in sa.inspect(conn).get_indexes("events")}
    if "ix_events_hall_ticket" not in indexes:  # a pre-epoch SQLite rebuild made it already
        op.create_index("ix_events_hall_ticket", "events", ["hall_id", "ticket_id"])
    op.create_table(
        "ticket_facts",
        sa.Column("hall_id", sa.String(36), primary_key=True),
        sa.Column("epoch", sa.String(36), primary_key=True),
        sa.Column("ticket_id", sa.BigInteger, primary_key=True),
        sa.Column("service", sa.String(1), nullable=False),
        sa.Column("business_date", sa.Date, nullable=False),
        sa.Column("issued_at", Time, nullable=True),
        sa.Column("first_called_at", Time, nullable=True),
        sa.Column("priority", sa.Boolean, nullable=False),
        sa.Column("target_minutes", sa.Integer, nullable=True),
        sa.Column("final", sa.String(32), nullable=True),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.Column("wait_min", Double, nullable=True),
        sa.Column("within_target", sa.Boolean, nullable=False),
        sa.Column("service_min", sa.LargeBinary, nullable=True),
    )
    op.create_index("ix_ticket_facts_hall_date", "ticket_facts", ["hall_id", "business_date"])
    op.create_table(
        "stats_daily",
        sa.Column("hall_id", sa.String(36), primary_key=True),
        sa.Column("service", sa.String(1), primary_key=True),
        sa.Column("business_date", sa.Date, primary_key=True),
        *[
            sa.Column(name, sa.Integer, nullable=False)
            for name in (
                "issued",
                "served",
                "no_show",
                "cancelled",
                "expired",
                "called",
                "within_target",
                "priority",
            )
        ],
        sa.Column("wait_median", Double, nullable=True),
        sa.Column("wait_p90", Double, nullable=True),
        sa.Column("service_median", Double, nullable=True),
        sa.Column("waits", sa.LargeBinary, nullable=False),
        sa.Column("service_times", sa.LargeBinary, nullable=False),
        # Added by 0006 (dropped by 0007) and 0007; made here too because the data step
        # below is today's hq.rollups.rebuild, which writes them (0006 and 0007 then find
        # them present).
        sa.Column("wait_bins", sa.LargeBinary, nullable=True),
        sa.Column("service_bins", sa.LargeBinary, nullable=True),
        sa.Column("wait_hist", sa.LargeBinary, nullable=True),
        sa.Column("service_hist", sa.LargeBinary, nullable=True),
    )
    op.create_index("ix_stats_daily_date", "stats_daily", ["business_date"])
    from hq.db import StatsPeriod

    StatsPeriod.__table__.create(conn, checkfirst=True)  # type: ignore[attr-defined]  # 0007
    from hq import rollups

    session = Session(bind=conn)
    rollups.rebuild(session)
    session.flush()


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS stats_period")
    op.drop_table("stats_daily")
    op.drop_table("ticket_facts")
    op.drop_index("ix_events_hall_ticket", "events")
