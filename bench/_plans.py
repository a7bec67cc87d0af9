"""Query plans and timings of every SELECT that issue_ticket and call_next run.

The statements are captured from the engine while the real use cases run, then each SELECT is
explained with its own parameters (SQLite ``EXPLAIN QUERY PLAN``, PostgreSQL ``EXPLAIN
ANALYZE`` inside a rolled-back transaction) and timed. A plan that scans ``tickets`` or
``queue_events`` end to end is listed under ``scans``: with a year of history that is the query
which would slow the hall down.
"""

from __future__ import annotations

import re
import statistics
import time
from typing import Any

from sqlalchemy import event

from app.bootstrap import build_core
from app.settings import DatabaseSettings, Settings
from bench._common import BENCH_ACTOR  # noqa: E402

BIG_TABLES = ("tickets", "queue_events")
SQLITE_SCAN = re.compile(r"^SCAN (" + "|".join(BIG_TABLES) + r")\b")
PG_SCAN = re.compile(r"Seq Scan on (" + "|".join(BIG_TABLES) + r")\b")
REPEAT = 20


def explain_use_cases(url: str) -> dict[str, Any]:
    core = build_core(Settings(database=DatabaseSettings(url=url)), migrate_schema=False)
    captured: list[tuple[str, Any]] = []
    counts: dict[str, int] = {}
    current = [""]

    def capture(_c: Any, _cur: Any, statement: str, params: Any, _ctx: Any, many: bool) -> None:
        counts[current[0]] = counts.get(current[0], 0) + 1
        if not many and statement.lstrip().upper().startswith("SELECT"):
            captured.append((statement, params))

    event.listen(core.engine, "before_cursor_execute", capture)
    try:
        for label, action in (
            ("issue_ticket", lambda: core.queue.issue_ticket("A")),
            ("issue_ticket priority", lambda: core.queue.issue_ticket("B", priority=True)),
            ("call_next", lambda: core.queue.call_next(2, actor=BENCH_ACTOR)),
            ("call_next + finish", lambda: core.queue.call_next(2, actor=BENCH_ACTOR)),
        ):
            current[0] = label
            action()
    finally:
        event.remove(core.engine, "before_cursor_execute", capture)
    unique = list({stmt: (stmt, params) for stmt, params in captured}.values())
    postgres = core.engine.dialect.name == "postgresql"
    raw = core.engine.raw_connection()
    try:
        statements = [_explain(raw, stmt, params, postgres) for stmt, params in unique]
    finally:
        raw.close()
        core.close()
    statements.sort(key=lambda s: -s["median_ms"])
    scans = [s["sql"] for s in statements if s["full_scan"]]
    return {"statements_per_use_case": counts, "statements": statements, "scans": scans}


def _explain(raw: Any, stmt: str, params: Any, postgres: bool) -> dict[str, Any]:
    cursor = raw.cursor()
    try:
        if postgres:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + stmt, params)
            plan = [row[0] for row in cursor.fetchall()]
            scan = any(PG_SCAN.search(line) for line in plan)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + stmt, params)
            plan = [row[3] for row in cursor.fetchall()]
            scan = any(SQLITE_SCAN.search(line) for line in plan)
        times = []
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            cursor.execute(stmt, params)
            cursor.fetchall()
            times.append((time.perf_counter() - t0) * 1000)
    finally:
        cursor.close()
        raw.rollback()
    return {
        "sql": " ".join(stmt.split()),
        "params": [str(p) for p in (params.values() if isinstance(params, dict) else params)],
        "plan": plan,
        "full_scan": scan,
        "median_ms": round(statistics.median(times), 3),
    }
