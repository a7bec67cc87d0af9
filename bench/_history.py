"""A year of hall history, bulk-loaded straight into ``tickets`` and ``queue_events``.

The rows look like what the use cases leave behind after a real day: every ticket of a past
business day is closed (finished or no-show), its numbers run 1..n per service per day in
issue order, its timestamps follow issue → call → start → finish within opening hours, and
its events (issued, called, started, finished / no_show) carry the same times, with event
sequence numbers in time order. Nothing goes through ``issue_ticket``: a year takes minutes
that way, while this loads it in seconds.

SQLite history is built once into ``bench/.cache`` and copied for each run; PostgreSQL is
loaded from that file with COPY.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import create_engine

from app.bootstrap import build_core
from app.ports import ManualClock
from app.settings import DatabaseSettings, Settings
from app.storage.migrate import known_head

UTC = dt.UTC
WIB = dt.timezone(dt.timedelta(hours=7))  # Asia/Jakarta has no daylight saving time
COUNTERS = 10  # the design point: a hall with 10 counters and 2,000 tickets a day
# service id (seed order A..E) → (share of tickets, default service minutes)
SERVICE_MIX = {1: (0.30, 12.0), 2: (0.30, 10.0), 3: (0.05, 15.0), 4: (0.15, 20.0), 5: (0.20, 5.0)}
TICKET_COLUMNS = (
    "id, service_id, current_service_id, business_date, number, priority, status, counter_id, "
    "target_counter_id, queued_at, issued_at, called_at, last_called_at, started_at, "
    "finished_at, recall_count, transfer_count, outcome, print_state, print_error, "
    "queue_key, issue_key"
)
KEY_STEP = 1 << 20  # app.services.claim.KEY_STEP
EVENT_COLUMNS = "seq, kind, at, ticket_id, counter_id, user_id, data"
CHUNK_DAYS = 10


@dataclass(frozen=True, slots=True)
class HistoryShape:
    days: int = 350  # business days (Monday to Saturday) before today
    per_day: int = 2000
    seed: int = 20_150

    @property
    def tag(self) -> str:
        return f"{self.days}d-{self.per_day}pd-s{self.seed}"


def business_days(days: int, today: dt.date) -> list[dt.date]:
    """The last ``days`` Monday-to-Saturday dates before ``today``, oldest first."""
    out: list[dt.date] = []
    day = today
    while len(out) < days:
        day -= dt.timedelta(days=1)
        if day.weekday() != 6:
            out.append(day)
    return out[::-1]


def _ts(moment: dt.datetime) -> str:
    """SQLAlchemy's storage format for a naive-UTC DateTime on SQLite (and valid for COPY)."""
    return moment.isoformat(sep=" ", timespec="microseconds")


def _day_rows(
    day: dt.date, rng: random.Random, next_id: int, next_seq: int, per_day: int
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Tickets and events of one closed business day."""
    opening = dt.datetime.combine(day, dt.time(8, 0), WIB).astimezone(UTC).replace(tzinfo=None)
    count = rng.randint(int(per_day * 0.9), int(per_day * 1.1))
    issued = sorted(
        opening + dt.timedelta(seconds=rng.uniform(0, 6.5 * 3600)) for _ in range(count)
    )
    ids, weights = list(SERVICE_MIX), [share for share, _ in SERVICE_MIX.values()]
    numbers = dict.fromkeys(ids, 0)
    tickets: list[tuple[Any, ...]] = []
    events: list[tuple[dt.datetime, str, int, int | None, str]] = []
    for offset, at in enumerate(issued):
        tid = next_id + offset
        service = rng.choices(ids, weights)[0]
        numbers[service] += 1
        priority = rng.random() < 0.08
        counter = rng.randint(1, COUNTERS)
        called = at + dt.timedelta(minutes=min(rng.expovariate(1 / 18), 150))
        estimate = round(rng.uniform(2, 40), 1)
        events.append(
            (
                at,
                "issued",
                tid,
                None,
                json.dumps({"priority": priority, "estimate_minutes": estimate}),
            )
        )
        events.append((called, "called", tid, counter, "{}"))
        if rng.random() < 0.04:
            closed = called + dt.timedelta(minutes=2)
            status, outcome, started = "no_show", None, None
            events.append((closed, "no_show", tid, counter, '{"requeue_after": null}'))
        else:
            started = called + dt.timedelta(minutes=rng.uniform(0.5, 2))
            minutes = SERVICE_MIX[service][1] * rng.uniform(0.5, 1.5)
            closed = started + dt.timedelta(minutes=minutes)
            roll = rng.random()
            outcome = "served" if roll < 0.92 else "incomplete" if roll < 0.98 else "referred"
            status = "finished"
            events.append((started, "started", tid, counter, "{}"))
            data = json.dumps({"outcome": outcome, "auto": rng.random() < 0.7})
            events.append((closed, "finished", tid, counter, data))
        tickets.append(
            (
                tid,
                service,
                service,
                day.isoformat(),
                numbers[service],
                int(priority),
                status,
                counter,
                None,
                _ts(at),
                _ts(at),
                _ts(called),
                _ts(called),
                _ts(started) if started else None,
                _ts(closed),
                0,
                0,
                outcome,
                "printed",
                None,
                tid * KEY_STEP,
                tid * KEY_STEP,
            )
        )
    events.sort(key=lambda e: e[0])
    event_rows = [
        (next_seq + n, kind, _ts(at), tid, counter, None, data)
        for n, (at, kind, tid, counter, data) in enumerate(events)
    ]
    return tickets, event_rows


def generate(
    shape: HistoryShape, today: dt.date, first_id: int, first_seq: int
) -> Iterator[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
    """Rows in chunks of ``CHUNK_DAYS`` days (tickets, events)."""
    rng = random.Random(shape.seed)
    next_id, next_seq = first_id, first_seq
    tickets: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    for n, day in enumerate(business_days(shape.days, today), start=1):
        t_rows, e_rows = _day_rows(day, rng, next_id, next_seq, shape.per_day)
        next_id += len(t_rows)
        next_seq += len(e_rows)
        tickets += t_rows
        events += e_rows
        if n % CHUNK_DAYS == 0:
            yield tickets, events
            tickets, events = [], []
    if tickets:
        yield tickets, events


def _seed(url: str, start: dt.datetime) -> None:
    """Schema and the typical services/counters, dated at the start of the history."""
    core = build_core(Settings(database=DatabaseSettings(url=url)), clock=ManualClock(start))
    try:
        core.setup.seed_typical(counters=COUNTERS)
    finally:
        core.close()


def sqlite_history(shape: HistoryShape, today: dt.date, cache_dir: Path) -> Path:
    """The cached SQLite history file for ``shape``, built when missing."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    (cache_dir / ".gitignore").write_text("*\n", encoding="utf-8")
    path = cache_dir / f"history-{known_head()}-{shape.tag}.db"
    if path.exists():
        return path
    started = time.perf_counter()
    building = path.with_suffix(".building")
    for leftover in cache_dir.glob(building.name + "*"):
        leftover.unlink()
    url = f"sqlite:///{building.as_posix()}"
    first_day = business_days(shape.days, today)[0]
    _seed(url, dt.datetime.combine(first_day, dt.time(7, 0), WIB))
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=DELETE")
            conn.exec_driver_sql("PRAGMA synchronous=OFF")
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            first_seq = int(conn.exec_driver_sql("SELECT max(seq) FROM queue_events").scalar() or 0)
            conn.exec_driver_sql("BEGIN")
            for tickets, events in generate(shape, today, 1, first_seq + 1):
                conn.exec_driver_sql(
                    f"INSERT INTO tickets ({TICKET_COLUMNS}) VALUES ({_marks(22)})", tickets
                )
                conn.exec_driver_sql(
                    f"INSERT INTO queue_events ({EVENT_COLUMNS}) VALUES ({_marks(7)})", events
                )
            conn.exec_driver_sql("COMMIT")
            conn.exec_driver_sql("ANALYZE")
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    finally:
        engine.dispose()
    building.rename(path)
    print(f"  built {path.name} in {time.perf_counter() - started:.0f} s")
    return path


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def copy_sqlite(source: Path, target: Path) -> str:
    """A private copy of the cached history for one run; returns its URL."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return f"sqlite:///{target.as_posix()}"


def row_counts(url: str) -> dict[str, int]:
    """History rows in a database: its tickets and their events."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            tickets = conn.exec_driver_sql("SELECT count(*) FROM tickets").scalar_one()
            events = conn.exec_driver_sql(
                "SELECT count(*) FROM queue_events WHERE ticket_id IS NOT NULL"
            ).scalar_one()
    finally:
        engine.dispose()
    return {"tickets": int(tickets), "queue_events": int(events)}


def load_postgres(url: str, source: Path, start: dt.datetime) -> dict[str, int]:
    """Seed a fresh PostgreSQL database and COPY the cached history into it, then ANALYZE."""
    _seed(url, start)
    lite = create_engine(f"sqlite:///{source.as_posix()}")
    counts = {}
    dsn = url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(dsn) as pg, lite.connect() as src:
        for table, columns, where in (
            ("tickets", TICKET_COLUMNS, ""),
            ("queue_events", EVENT_COLUMNS, " WHERE ticket_id IS NOT NULL"),
        ):
            rows = src.exec_driver_sql(f"SELECT {columns} FROM {table}{where}")
            with pg.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                counts[table] = _stream(copy, rows)
        for table, key in (("tickets", "id"), ("queue_events", "seq")):
            pg.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{key}'), max({key})) "
                f"FROM {table}"
            )
        pg.commit()
        pg.autocommit = True
        pg.execute("ANALYZE")
    lite.dispose()
    return counts


def _stream(copy: psycopg.Copy, rows: Any) -> int:
    """COPY text format, written in large blocks (faster than row-by-row adaptation)."""
    total = 0
    while True:
        batch = rows.fetchmany(20_000)
        if not batch:
            return total
        total += len(batch)
        copy.write("".join("\t".join(map(_field, row)) + "\n" for row in batch))


def _field(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return str(value)
