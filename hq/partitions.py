"""Monthly partitions of ``events`` on PostgreSQL (declarative, by the month of ``at``).

Migration 0004 turns ``events`` into a table partitioned by range of ``at``: one partition
per calendar month (``events_2026_11``) and a default one for the rest (clocks set to 2000
or far ahead, months not made). ``ensure`` creates the months from last month (migrating:
from the oldest month held, at most three years back) up to two years ahead, at every
``init_db`` (``antrean-hq init``/``serve``); a month whose events already sit in the
default partition stays there.

Queries of ingest do not filter on ``at`` (a replayed seq must be found whatever its
time), so they visit each partition's index: one probe a month (61 partitions made ingest
~30 µs an event slower than 26 in one measurement), so no months are made that nobody
sends. In return every index stays the size of one month, and an old month can be
detached and archived (``ALTER TABLE events DETACH PARTITION events_2025_01``) without
touching the rest.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, text

MONTHS_AHEAD = 24
MONTHS_BACK = 36  # migrating: the oldest month that gets its own partition


def month_start(day: dt.date, add: int = 0) -> dt.date:
    n = day.year * 12 + day.month - 1 + add
    return dt.date(n // 12, n % 12 + 1, 1)


def is_partitioned(conn: Connection) -> bool:
    if conn.dialect.name != "postgresql":
        return False
    found = conn.execute(
        text(
            "SELECT 1 FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid "
            "WHERE c.relname = 'events' AND c.relnamespace = current_schema()::regnamespace"
        )
    ).first()
    return found is not None


def ensure(conn: Connection, today: dt.date, since: dt.date | None = None) -> list[str]:
    """Create the missing month partitions from ``since`` (default: last month) up to
    ``MONTHS_AHEAD`` months after ``today``; returns the names created."""
    if not is_partitioned(conn):
        return []
    existing = {
        name
        for (name,) in conn.execute(
            text(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'events'"
            )
        )
    }
    month = month_start(since or month_start(today, -1))
    last = month_start(today, MONTHS_AHEAD)
    created = []
    while month <= last:
        name = f"events_{month:%Y_%m}"
        nxt = month_start(month, 1)
        if name not in existing:
            crowded = conn.execute(
                text("SELECT 1 FROM events_default WHERE at >= :a AND at < :b LIMIT 1"),
                {"a": month, "b": nxt},
            ).first()
            if crowded is None:
                conn.execute(
                    text(
                        f"CREATE TABLE {name} PARTITION OF events "
                        f"FOR VALUES FROM ('{month.isoformat()}') TO ('{nxt.isoformat()}')"
                    )
                )
                created.append(name)
        month = nxt
    return created
