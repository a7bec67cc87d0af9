"""Baseline: the HQ schema as ``create_all`` made it, adopting such a database as it is.

A database from before epochs gets them first (``hq.db.legacy_upgrade``); tables it lacks
are created; tables it has are left alone.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from hq.db import legacy_upgrade

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Time = sa.DateTime(timezone=True)


def _tables() -> list[tuple[str, list[Any]]]:
    return [
        (
            "halls",
            [
                sa.Column("id", sa.String(36), primary_key=True),
                sa.Column("name", sa.String(200), nullable=False),
                sa.Column("created_at", Time, nullable=False),
                sa.Column("revoked_at", Time, nullable=True),
                sa.Column("last_received_at", Time, nullable=True),
                sa.Column("max_seq", sa.BigInteger, nullable=False),
                sa.Column("max_feedback_id", sa.BigInteger, nullable=False),
            ],
        ),
        (
            "hall_tokens",
            [
                sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                sa.Column("hall_id", sa.String(36), sa.ForeignKey("halls.id"), nullable=False),
                sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
                sa.Column("created_at", Time, nullable=False),
                sa.Column("revoked_at", Time, nullable=True),
            ],
        ),
        (
            "hall_epochs",
            [
                sa.Column("hall_id", sa.String(36), sa.ForeignKey("halls.id"), primary_key=True),
                sa.Column("epoch", sa.String(36), primary_key=True),
                sa.Column("parent", sa.String(36), nullable=True),
                sa.Column("start_seq", sa.BigInteger, nullable=False),
                sa.Column("start_feedback_id", sa.BigInteger, nullable=False),
                sa.Column("acked_seq", sa.BigInteger, nullable=False),
                sa.Column("acked_feedback_id", sa.BigInteger, nullable=False),
                sa.Column("max_seq", sa.BigInteger, nullable=False),
                sa.Column("max_feedback_id", sa.BigInteger, nullable=False),
                sa.Column("skipped", sa.JSON, nullable=False),
                sa.Column("skipped_feedback", sa.JSON, nullable=False),
                sa.Column("created_at", Time, nullable=False),
                sa.Column("first_stored_at", Time, nullable=True),
                sa.Column("last_stored_at", Time, nullable=True),
            ],
        ),
        (
            "events",
            [
                sa.Column(
                    "id",
                    sa.BigInteger().with_variant(sa.Integer, "sqlite"),
                    primary_key=True,
                    autoincrement=True,
                ),
                sa.Column("hall_id", sa.String(36), sa.ForeignKey("halls.id"), nullable=False),
                sa.Column("epoch", sa.String(36), nullable=False, server_default=""),
                sa.Column("seq", sa.BigInteger, nullable=False),
                sa.Column("kind", sa.String(32), nullable=False),
                sa.Column("at", Time, nullable=False),
                sa.Column("received_at", Time, nullable=False),
                sa.Column("ticket_id", sa.BigInteger, nullable=True),
                sa.Column("service", sa.String(1), nullable=True),
                sa.Column("business_date", sa.Date, nullable=True),
                sa.Column("number", sa.Integer, nullable=True),
                sa.Column("priority", sa.Boolean, nullable=True),
                sa.Column("target_minutes", sa.Integer, nullable=True),
                sa.Column("counter", sa.Integer, nullable=True),
                sa.Column("outcome", sa.String(16), nullable=True),
                sa.Column("to_service", sa.String(1), nullable=True),
                sa.Column("to_counter", sa.Integer, nullable=True),
                sa.Column("recall_count", sa.Integer, nullable=True),
                sa.Column("requeue_after", sa.Integer, nullable=True),
                sa.Column("payload_hash", sa.String(64), nullable=False),
                sa.Column("clock_ahead", sa.Boolean, nullable=False, server_default=sa.false()),
                sa.UniqueConstraint("hall_id", "epoch", "seq", name="uq_events_hall_epoch_seq"),
            ],
        ),
        (
            "feedback",
            [
                sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                sa.Column("hall_id", sa.String(36), sa.ForeignKey("halls.id"), nullable=False),
                sa.Column("epoch", sa.String(36), nullable=False, server_default=""),
                sa.Column("feedback_id", sa.BigInteger, nullable=False),
                sa.Column("at", Time, nullable=False),
                sa.Column("received_at", Time, nullable=False),
                sa.Column("service", sa.String(1), nullable=False),
                sa.Column("business_date", sa.Date, nullable=False),
                sa.Column("ticket_id", sa.BigInteger, nullable=True),
                *[sa.Column(f"u{i}", sa.Integer, nullable=False) for i in range(1, 10)],
                sa.Column("payload_hash", sa.String(64), nullable=False),
                sa.UniqueConstraint(
                    "hall_id", "epoch", "feedback_id", name="uq_feedback_hall_epoch_id"
                ),
            ],
        ),
        (
            "hq_users",
            [
                sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                sa.Column("username", sa.String(100), nullable=False, unique=True),
                sa.Column("password_hash", sa.String(200), nullable=False),
                sa.Column("created_at", Time, nullable=False),
            ],
        ),
        (
            "hq_sessions",
            [
                sa.Column("token_hash", sa.String(64), primary_key=True),
                sa.Column("user_id", sa.Integer, sa.ForeignKey("hq_users.id"), nullable=False),
                sa.Column("expires_at", Time, nullable=False),
            ],
        ),
        (
            "read_tokens",
            [
                sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                sa.Column("name", sa.String(100), nullable=False),
                sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
                sa.Column("created_at", Time, nullable=False),
                sa.Column("revoked_at", Time, nullable=True),
            ],
        ),
    ]


INDEXES = {
    "hall_tokens": [("ix_hall_tokens_hall_id", ["hall_id"])],
    "events": [
        ("ix_events_hall_date", ["hall_id", "business_date"]),
        ("ix_events_date", ["business_date"]),
    ],
}


def upgrade() -> None:
    conn = op.get_bind()
    legacy_upgrade(conn)
    present = set(sa.inspect(conn).get_table_names())
    for name, items in _tables():
        if name in present:
            continue
        op.create_table(name, *items)
        for index, columns in INDEXES.get(name, []):
            op.create_index(index, name, columns)


def downgrade() -> None:
    raise NotImplementedError("the HQ baseline is not undone")
