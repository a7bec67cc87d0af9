"""Rollup rows keep their values in 0.1-minute bins too (``wait_bins``, ``service_bins``),
for summaries of many halls that read 2 bytes a value instead of 8; filled from the exact
values already stored.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

from array import array

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _bins(data: bytes | None) -> bytes:
    # hq.rollups.pack_bins as it was when this migration was written (a test keeps them equal).
    values = array("d")
    if data:
        values.frombytes(data)
    return array("H", sorted(min(65535, round(v * 10)) for v in values)).tobytes()


def upgrade() -> None:
    conn = op.get_bind()
    present = {c["name"] for c in sa.inspect(conn).get_columns("stats_daily")}
    for name in ("wait_bins", "service_bins"):  # 0002 makes them on a database it creates
        if name not in present:
            op.add_column("stats_daily", sa.Column(name, sa.LargeBinary, nullable=True))
    table = sa.table(
        "stats_daily",
        sa.column("hall_id", sa.String),
        sa.column("service", sa.String),
        sa.column("business_date", sa.Date),
        sa.column("waits", sa.LargeBinary),
        sa.column("service_times", sa.LargeBinary),
        sa.column("wait_bins", sa.LargeBinary),
        sa.column("service_bins", sa.LargeBinary),
    )
    key = (table.c.hall_id, table.c.service, table.c.business_date)
    rows = conn.execute(
        sa.select(*key, table.c.waits, table.c.service_times).where(table.c.wait_bins.is_(None))
    ).all()
    update = (
        table.update()
        .where(
            table.c.hall_id == sa.bindparam("h"),
            table.c.service == sa.bindparam("s"),
            table.c.business_date == sa.bindparam("d"),
        )
        .values(wait_bins=sa.bindparam("wb"), service_bins=sa.bindparam("sb"))
    )
    for start in range(0, len(rows), 5000):
        chunk = rows[start : start + 5000]
        conn.execute(
            update,
            [{"h": h, "s": s, "d": d, "wb": _bins(w), "sb": _bins(t)} for h, s, d, w, t in chunk],
        )


def downgrade() -> None:
    with op.batch_alter_table("stats_daily") as batch:
        batch.drop_column("service_bins")
        batch.drop_column("wait_bins")
