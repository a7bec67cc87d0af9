"""Rollup rows keep their values as sparse histograms of 0.1-minute bins (``wait_hist``,
``service_hist``: each occupied bin once, with its count when above 1) instead of one bin
number a value (``wait_bins``, ``service_bins``, dropped), and the day rows of each ISO week
and calendar month are added into ``stats_period``, so a many-hall summary reads a month
as one row a hall × service whose size is bounded by the bins, not by the tickets.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from typing import Any

import numpy as np
import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _values(data: bytes | None) -> array[float]:
    values = array("d")
    if data:
        values.frombytes(data)
    return values


def _hist(data: bytes | None) -> bytes:
    # hq.rollups.pack_hist as it was when this migration was written (a test keeps them equal).
    values = np.frombuffer(_values(data).tobytes(), dtype=np.float64)
    bins, counts = np.unique(
        np.minimum(np.rint(values * 10), 0x7FFF).astype(np.int64), return_counts=True
    )
    words: list[int] = []
    for b, c in zip(bins.tolist(), counts.tolist(), strict=True):
        while c > 0x7FFF:
            words += [b | 0x8000, 0x7FFF]
            c -= 0x7FFF
        words += [b] if c == 1 else [b | 0x8000, c]
    return array("H", words).tobytes()


def _bins(data: bytes | None) -> bytes:
    # 0006's bins, for the downgrade.
    return array("H", sorted(min(65535, round(v * 10)) for v in _values(data))).tobytes()


_DAILY = sa.table(
    "stats_daily",
    sa.column("hall_id", sa.String),
    sa.column("service", sa.String),
    sa.column("business_date", sa.Date),
    sa.column("waits", sa.LargeBinary),
    sa.column("service_times", sa.LargeBinary),
    sa.column("wait_hist", sa.LargeBinary),
    sa.column("service_hist", sa.LargeBinary),
    sa.column("wait_bins", sa.LargeBinary),
    sa.column("service_bins", sa.LargeBinary),
)


def _fill(conn: Any, pending: Any, targets: tuple[str, str], convert: Any) -> None:
    t = _DAILY.c
    rows = conn.execute(
        sa.select(t.hall_id, t.service, t.business_date, t.waits, t.service_times).where(pending)
    ).all()
    update = (
        _DAILY.update()
        .where(
            t.hall_id == sa.bindparam("h"),
            t.service == sa.bindparam("s"),
            t.business_date == sa.bindparam("d"),
        )
        .values({targets[0]: sa.bindparam("w"), targets[1]: sa.bindparam("t")})
    )
    for start in range(0, len(rows), 5000):
        conn.execute(
            update,
            [
                {"h": h, "s": s, "d": d, "w": convert(w), "t": convert(x)}
                for h, s, d, w, x in rows[start : start + 5000]
            ],
        )


def upgrade() -> None:
    conn = op.get_bind()
    tables = set(sa.inspect(conn).get_table_names())
    if "stats_period" not in tables:  # 0002 makes it on a database it creates
        from hq.db import StatsPeriod

        StatsPeriod.__table__.create(conn)  # type: ignore[attr-defined]
    present = {c["name"] for c in sa.inspect(conn).get_columns("stats_daily")}
    for name in ("wait_hist", "service_hist"):
        if name not in present:
            op.add_column("stats_daily", sa.Column(name, sa.LargeBinary, nullable=True))
    _fill(conn, _DAILY.c.wait_hist.is_(None), ("wait_hist", "service_hist"), _hist)
    if "wait_bins" in present:
        with op.batch_alter_table("stats_daily") as batch:
            batch.drop_column("service_bins")
            batch.drop_column("wait_bins")
    # The weeks and months, from the day rows (hq.rollups, as 0002 uses it).
    from hq import rollups

    conn.execute(sa.text("DELETE FROM stats_period"))
    days: dict[str, set[tuple[str, Any]]] = defaultdict(set)
    for hall, service, day in conn.execute(
        sa.select(_DAILY.c.hall_id, _DAILY.c.service, _DAILY.c.business_date)
    ):
        days[hall].add((service, day))
    session = Session(bind=conn)
    for hall, keys in sorted(days.items()):
        rollups.recompute_periods(session, hall, keys)
    session.flush()


def downgrade() -> None:
    conn = op.get_bind()
    op.add_column("stats_daily", sa.Column("wait_bins", sa.LargeBinary, nullable=True))
    op.add_column("stats_daily", sa.Column("service_bins", sa.LargeBinary, nullable=True))
    _fill(conn, sa.true(), ("wait_bins", "service_bins"), _bins)
    with op.batch_alter_table("stats_daily") as batch:
        batch.drop_column("service_hist")
        batch.drop_column("wait_hist")
    op.drop_table("stats_period")
