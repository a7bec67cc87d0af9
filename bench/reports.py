"""Reports benchmark: a busy hall's year of history, the month's and the year's reports.

Run from the repository root::

    .venv/bin/python bench/reports.py                     # SQLite and PostgreSQL
    .venv/bin/python bench/reports.py --engines sqlite --runs 5
    .venv/bin/python bench/reports.py --quick             # 35 days, a smoke run
    .venv/bin/python bench/reports.py --profile --kinds counters --periods year --runs 1
                                                          # + cProfile of its first kind

The history is ``bench/_history.py``'s: 350 business days × ~2,000 tickets (~700,000
tickets, ~2.7 million events), bulk-loaded through the storage tables (SQLite built once into
``bench/.cache`` and copied; PostgreSQL loaded from it with COPY into a database of its own
on the server named by ``ANTREAN_TEST_PG_ADMIN_URL``, dropped afterwards). On top of it this
script gives the calls their clerks (one user a counter) and answers the IKM survey for one
ticket in ten (bulk inserts too). The reports then run through the real ``ReportService`` /
``SurveyService`` and ``app.reports.tables``, as ``antrean report`` does: for each kind
(summary, hourly, counters, ikm; ``all``: every table of one report at once, as the admin
page reads it) the median of ``--runs`` runs, for the last full month and for the whole
year. Targets (issue 14): a month ≤ 1 s, a year ≤ 3 s.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, text  # noqa: E402

from app.domain.ikm import CODES  # noqa: E402
from app.domain.roles import STAND_IN_ADMIN  # noqa: E402
from app.ports import ManualClock  # noqa: E402
from app.reports.tables import tables  # noqa: E402
from app.services.reports import ReportService  # noqa: E402
from app.storage.engine import make_engine  # noqa: E402
from app.storage.uow import UnitOfWorkFactory  # noqa: E402
from bench import _history as history  # noqa: E402
from bench._common import CACHE_DIR  # noqa: E402

TODAY = dt.date(2026, 12, 1)  # the history ends the day before: November 2026 is complete
KINDS = ("summary", "hourly", "counters", "all", "ikm")
RATED_SHARE = 0.1


def _extras(url: str, *, days: int) -> None:
    """Clerks for the calls (one user a counter) and IKM answers for one ticket in ten."""
    engine = create_engine(url)
    rng = random.Random(14)
    try:
        with engine.begin() as conn:
            base = int(conn.execute(text("SELECT coalesce(max(id), 0) FROM users")).scalar_one())
            counters = [int(c) for c in conn.execute(text("SELECT id FROM counters")).scalars()]
            now = dt.datetime(2025, 1, 1)
            conn.execute(
                text(
                    "INSERT INTO users (id, username, password_hash, role, active, created_at) "
                    "VALUES (:id, :name, 'x', 'clerk', true, :at)"
                ),
                [
                    {"id": base + n, "name": f"petugas{n:02d}", "at": now}
                    for n in range(1, len(counters) + 1)
                ],
            )
            for n, counter in enumerate(counters, start=1):
                conn.execute(
                    text(
                        "UPDATE queue_events SET user_id = :user "
                        "WHERE counter_id = :counter AND kind IN "
                        "('called', 'started', 'finished', 'no_show')"
                    ),
                    {"user": base + n, "counter": counter},
                )
            rows = conn.execute(
                text(
                    "SELECT id, current_service_id, business_date, finished_at FROM tickets "
                    "WHERE status = 'finished'"
                )
            ).all()
            rated = [r for r in rows if rng.random() < RATED_SHARE]
            payload = []
            for tid, service, day, finished in rated:
                good = rng.random() < 0.8
                answers = {c: rng.choice((3, 4) if good else (1, 2, 3, 4)) for c in CODES}
                payload.append(
                    {
                        "at": finished,
                        "service": service,
                        "day": day,
                        "ticket": tid,
                        "answers": json.dumps(answers),
                    }
                )
            for i in range(0, len(payload), 20_000):
                conn.execute(
                    text(
                        "INSERT INTO feedback (at, service_id, business_date, ticket_id, answers) "
                        "VALUES (:at, :service, :day, :ticket, :answers)"
                    ),
                    payload[i : i + 20_000],
                )
            conn.execute(text("ANALYZE"))
        print(f"  extras: {len(counters)} clerks, {len(payload):,} survey answers ({days} days)")
    finally:
        engine.dispose()


def _periods(days: int) -> dict[str, tuple[dt.date, dt.date]]:
    first = history.business_days(days, TODAY)[0]
    last = TODAY - dt.timedelta(days=1)
    month_start = last.replace(day=1)
    return {"month": (month_start, last), "year": (first, last)}


def _service(url: str) -> tuple[ReportService, Any]:
    engine = make_engine(url)
    clock = ManualClock(dt.datetime.combine(TODAY, dt.time(9, 0), history.WIB).astimezone(dt.UTC))
    return ReportService(UnitOfWorkFactory(engine), clock), engine


def _one(reports: ReportService, kind: str, start: dt.date, end: dt.date) -> int:
    actor = STAND_IN_ADMIN
    if kind == "ikm":
        made = reports.ikm(actor=actor, date_from=start, date_to=end)
    else:
        desks = kind in ("counters", "all")
        made = reports.report(  # type: ignore[assignment]
            actor=actor, date_from=start, date_to=end, desks=desks, groups=kind != "counters"
        )
        if kind == "all":  # every table of the admin page's report at once
            return sum(
                len(t.rows) for k in ("summary", "hourly", "counters") for t in tables(k, made)
            )
    return sum(len(t.rows) for t in tables(kind, made))


def measure(
    url: str,
    days: int,
    runs: int,
    kinds: tuple[str, ...] = KINDS,
    periods: tuple[str, ...] = ("month", "year"),
) -> dict[str, dict[str, Any]]:
    reports, engine = _service(url)
    out: dict[str, dict[str, Any]] = {}
    try:
        for period, (start, end) in _periods(days).items():
            if period not in periods:
                continue
            for kind in kinds:
                _one(reports, kind, start, end)  # warm: the engine's pool, the OS cache
                samples, cpu, server = [], [], []
                for _ in range(runs):
                    began, used, served = time.perf_counter(), time.process_time(), _server_cpu()
                    rows = _one(reports, kind, start, end)
                    samples.append(time.perf_counter() - began)
                    cpu.append(time.process_time() - used)
                    server.append(_server_cpu() - served)
                out[f"{period}/{kind}"] = {
                    "median_s": round(statistics.median(samples), 3),
                    "min_s": round(min(samples), 3),
                    "max_s": round(max(samples), 3),
                    "client_cpu_s": round(statistics.median(cpu), 3),
                    "server_cpu_s": round(statistics.median(server), 3),
                    "rows": rows,
                    "from": start.isoformat(),
                    "to": end.isoformat(),
                }
                print(
                    f"  {period:5} {kind:8} median {statistics.median(samples):6.3f} s "
                    f"(min {min(samples):.3f}, max {max(samples):.3f}; CPU: client "
                    f"{statistics.median(cpu):.2f} s, PostgreSQL {statistics.median(server):.2f} s)"
                )
    finally:
        engine.dispose()
    return out


def _server_cpu() -> float:
    """The CPU seconds of this machine's PostgreSQL processes so far (their own and their
    ended children's, as the postmaster collects them; 0 where there is no /proc): the
    server's share of a report, as a difference (other clusters' idle processes add ~0)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, _, rest = text.partition(") ")
        if name.endswith("(postgres"):
            fields = rest.split()
            total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return total / os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 0.0


def profile(url: str, days: int, kind: str = "summary", period: str = "year") -> str:
    reports, engine = _service(url)
    start, end = _periods(days)[period]
    prof = cProfile.Profile()
    try:
        prof.enable()
        _one(reports, kind, start, end)
        prof.disable()
    finally:
        engine.dispose()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(18)
    return buf.getvalue()


@contextmanager
def postgres_database() -> Iterator[str | None]:
    admin = os.environ.get("ANTREAN_TEST_PG_ADMIN_URL")
    if not admin:
        yield None
        return
    name = f"antrean_bench_reports_{os.getpid()}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        yield admin.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS))
    parser.add_argument(
        "--periods", nargs="+", choices=("month", "year"), default=["month", "year"]
    )
    parser.add_argument("--quick", action="store_true", help="35 days of history")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile the first kind, the last period"
    )
    parser.add_argument("--out", type=Path, default=None, help="results JSON")
    args = parser.parse_args(argv)
    shape = history.HistoryShape(days=35) if args.quick else history.HistoryShape()
    results: dict[str, Any] = {"shape": shape.tag, "runs": args.runs, "engines": {}}
    source = history.sqlite_history(shape, TODAY, CACHE_DIR)
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        for engine_name in args.engines:
            print(f"{engine_name}:")
            began = time.perf_counter()
            if engine_name == "sqlite":
                url = history.copy_sqlite(source, Path(tmp) / "hall.db")
                measure_in(url, shape, args, results, engine_name, began, Path(tmp))
                continue
            with postgres_database() as database:
                if database is None:
                    print("  skipped: ANTREAN_TEST_PG_ADMIN_URL is not set")
                    continue
                first = history.business_days(shape.days, TODAY)[0]
                start = dt.datetime.combine(first, dt.time(7, 0), history.WIB)
                pg_url = database.replace("postgresql://", "postgresql+psycopg://", 1)
                history.load_postgres(pg_url, source, start)
                measure_in(pg_url, shape, args, results, engine_name, began, Path(tmp))
    if args.out is not None:
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def measure_in(
    url: str,
    shape: history.HistoryShape,
    args: argparse.Namespace,
    results: dict[str, Any],
    engine_name: str,
    began: float,
    tmp: Path,
) -> None:
    _extras(url, days=shape.days)
    counts = history.row_counts(url)
    print(f"  loaded {counts} in {time.perf_counter() - began:.0f} s")
    results["engines"][engine_name] = {
        "rows": counts,
        "reports": measure(url, shape.days, args.runs, tuple(args.kinds), tuple(args.periods)),
    }
    if args.profile:
        print(profile(url, shape.days, args.kinds[0], args.periods[-1]))


if __name__ == "__main__":
    raise SystemExit(main())
