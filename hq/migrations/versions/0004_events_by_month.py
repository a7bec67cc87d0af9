"""PostgreSQL: ``events`` partitioned by month of ``at`` (see ``hq.partitions``).

The table is renamed aside, a partitioned ``events`` created with the same columns (the
primary key and the unique key gain ``at``, as PostgreSQL requires of a partition key),
month partitions made for the months held, the rows copied, the old table dropped. SQLite
keeps one table.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import datetime as dt

from alembic import op
from sqlalchemy import text

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    from hq import partitions

    for statement in (
        "ALTER TABLE events RENAME TO events_unpartitioned",
        "ALTER TABLE events_unpartitioned DROP CONSTRAINT uq_events_hall_epoch_seq",
        "DROP INDEX IF EXISTS ix_events_hall_date",
        "DROP INDEX IF EXISTS ix_events_date",
        "DROP INDEX IF EXISTS ix_events_hall_ticket",
        """CREATE TABLE events (
            id BIGSERIAL NOT NULL,
            hall_id VARCHAR(36) NOT NULL REFERENCES halls (id),
            epoch VARCHAR(36) NOT NULL DEFAULT '',
            seq BIGINT NOT NULL,
            kind VARCHAR(32) NOT NULL,
            at TIMESTAMP WITH TIME ZONE NOT NULL,
            received_at TIMESTAMP WITH TIME ZONE NOT NULL,
            ticket_id BIGINT,
            service VARCHAR(1),
            business_date DATE,
            number INTEGER,
            priority BOOLEAN,
            target_minutes INTEGER,
            counter INTEGER,
            outcome VARCHAR(16),
            to_service VARCHAR(1),
            to_counter INTEGER,
            recall_count INTEGER,
            requeue_after INTEGER,
            payload_hash VARCHAR(64) NOT NULL,
            clock_ahead BOOLEAN NOT NULL DEFAULT FALSE,
            PRIMARY KEY (id, at),
            CONSTRAINT uq_events_hall_epoch_seq UNIQUE (hall_id, epoch, seq, at)
        ) PARTITION BY RANGE (at)""",
        "CREATE TABLE events_default PARTITION OF events DEFAULT",
        "CREATE INDEX ix_events_hall_date ON events (hall_id, business_date)",
        "CREATE INDEX ix_events_date ON events (business_date)",
        "CREATE INDEX ix_events_hall_ticket ON events (hall_id, ticket_id)",
    ):
        conn.execute(text(statement))
    oldest = conn.execute(text("SELECT min(at) FROM events_unpartitioned")).scalar()
    today = dt.datetime.now(dt.UTC).date()
    since = None  # months older than three years (or from clocks set to 2000) stay in default
    if oldest is not None:
        since = max(oldest.date(), partitions.month_start(today, -partitions.MONTHS_BACK))
    partitions.ensure(conn, today, since=since)
    columns = (
        "id, hall_id, epoch, seq, kind, at, received_at, ticket_id, service, business_date, "
        "number, priority, target_minutes, counter, outcome, to_service, to_counter, "
        "recall_count, requeue_after, payload_hash, clock_ahead"
    )
    conn.execute(text(f"INSERT INTO events ({columns}) SELECT {columns} FROM events_unpartitioned"))
    conn.execute(
        text(
            "SELECT setval(pg_get_serial_sequence('events', 'id'), "
            "coalesce((SELECT max(id) FROM events), 0) + 1, false)"
        )
    )
    conn.execute(text("DROP TABLE events_unpartitioned"))


def downgrade() -> None:
    raise NotImplementedError("events stay partitioned")
