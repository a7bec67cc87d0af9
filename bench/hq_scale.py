"""HQ at national scale: load synthetic halls through the real ingest path, then time the
read API's summaries (served from the rollups kept at ingest, ``hq.rollups``).

    python bench/hq_scale.py --halls 500 --days 30 --tickets 30     # 1/10 of issue 15
    python bench/hq_scale.py --halls 500 --days 30 --tickets 3      # 1/100
    python bench/hq_scale.py --halls 500 --days 30 --tickets 300    # the issue's 18 M events

One hall goes through HTTP (a real ``antrean-hq serve`` and the hall's sync client); the
others through the same ``store_batch`` in-process, in batches of 1,000 events, first one
process (``ingest 1 worker``) then ``--workers`` processes on separate halls. One more hall
gets ``--trend-days`` days for the one-hall trend. Timed (median of ``--repeat``): the
national summary of the last 30 days, a Polda's (the first 40 halls) and one hall's
365-day trend. Figures are checked against the replay of the raw events for a sample of
halls and days (one hall: exact; all halls: within 0.06 min in the period medians/p90).
``--rollups-only`` writes rollup rows of that size directly and times only the reads.
PostgreSQL: ``--db URL``, else a new database on ANTREAN_TEST_PG_URL.
Results go to ``bench/results/hq_scale-<date>-<halls>x<days>x<tickets>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from app.sync.payload import Batch  # noqa: E402
from hq import admin, rollups, stats  # noqa: E402
from hq.db import EventRow, init_db, make_engine, make_sessionmaker  # noqa: E402
from hq.ingest import store_batch  # noqa: E402
from tests.hq.history import assert_binned_close  # noqa: E402
from tests.hq.payloads import busy_day  # noqa: E402

WIB = dt.timezone(dt.timedelta(hours=7))
LAST_DAY = dt.date(2026, 10, 31)
BATCH = 1000
NOW = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)


def hall_events(seed: int, days: int, tickets: int) -> list[dict[str, Any]]:
    """``days`` days ending on LAST_DAY of a hall issuing ``tickets`` a day (wire dicts)."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    first = LAST_DAY - dt.timedelta(days=days - 1)
    for d in range(days):
        day = first + dt.timedelta(days=d)
        start = dt.datetime.combine(day, dt.time(8), WIB)
        evs = busy_day(
            rng, tickets, seq=len(out) + 1, day_start=start, first_ticket=d * tickets + 1
        )
        for item in evs:
            item["ticket"]["business_date"] = day.isoformat()
        out.extend(evs)
    return out


def batches(hall_id: str, events: list[dict[str, Any]]) -> list[Batch]:
    sent = NOW.isoformat()
    return [
        Batch.model_validate(
            {
                "schema_version": 1,
                "hall_id": hall_id,
                "sent_at": sent,
                "events": events[i : i + BATCH],
                "feedback": [],
            }
        )
        for i in range(0, len(events), BATCH)
    ]


def _pg_cpu() -> float | None:
    """CPU seconds used so far by the PostgreSQL server on this machine: every ``postgres``
    process (user + system), plus what the postmaster has reaped from backends that ended
    (their time lands in its children's fields). None when /proc does not show it."""
    tick = os.sysconf("SC_CLK_TCK")
    total, seen = 0, False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        if name != "postgres":
            continue
        seen = True
        fields = text[text.rindex(")") + 2 :].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
        parent = Path(f"/proc/{fields[1]}/comm")
        if not parent.exists() or parent.read_text().strip() != "postgres":
            total += int(fields[13]) + int(fields[14])  # postmaster: reaped backends
    return total / tick if seen else None


def _load(job: tuple[str, list[tuple[str, int]], int, int]) -> tuple[int, float, float]:
    """Load halls in this process; returns (events, seconds spent in store_batch, CPU
    seconds of this process)."""
    url, halls, days, tickets = job
    cpu = time.process_time()
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    stored, spent = 0, 0.0
    for hall_id, seed in halls:
        for batch in batches(hall_id, hall_events(seed, days, tickets)):
            began = time.perf_counter()
            stored += store_batch(factory, hall_id, batch, NOW).stored
            spent += time.perf_counter() - began
    engine.dispose()
    return stored, spent, time.process_time() - cpu


SPLIT: dict[str, Any] = {}


def load(url: str, halls: list[tuple[str, int]], days: int, tickets: int, workers: int) -> float:
    """Load ``halls`` with ``workers`` processes; returns events/s over the wall time of the
    stores (generation and validation run before each batch, as a hall's sync would)."""
    if not halls:
        return 0.0
    shares = [halls[i::workers] for i in range(workers)]
    jobs = [(url, share, days, tickets) for share in shares if share]
    began, server = time.perf_counter(), _pg_cpu()
    if len(jobs) == 1:
        results = [_load(jobs[0])]
    else:
        with multiprocessing.get_context("spawn").Pool(len(jobs)) as pool:
            results = pool.map(_load, jobs)
    wall = time.perf_counter() - began
    after = _pg_cpu()
    client = sum(r[2] for r in results)
    server_s = None if server is None or after is None else after - server
    SPLIT[f"{workers}_workers_{len(halls)}_halls"] = {
        "wall_s": round(wall, 1),
        "client_cpu_s": round(client, 1),
        "server_cpu_s": None if server_s is None else round(server_s, 1),
    }
    print(
        f"  CPU: clients {client:.1f} s, PostgreSQL {server_s or 0:.1f} s over {wall:.1f} s wall",
        flush=True,
    )
    events = sum(r[0] for r in results)
    store_time = max(r[1] for r in results)  # the busiest worker's time spent storing
    print(
        f"  loaded {len(halls)} halls, {events} events with {workers} worker(s) in {wall:.1f} s "
        f"(stores {events / store_time:,.0f} events/s)",
        flush=True,
    )
    return events / store_time


def http_sample(url: str, tmp: Path, days: int, tickets: int) -> float:
    from app.sync.client import HqClient
    from tests.hq.server import HqServer

    tmp.mkdir(parents=True, exist_ok=True)  # a /tmp cleaner may have taken it meanwhile
    server = HqServer(url, tmp)
    server.start()
    try:
        hall_id, token = server.add_hall("Polres HTTP")
        items = batches(hall_id, hall_events(99_999, days, tickets))
        began = time.perf_counter()
        with HqClient(server.url, hall_id, token) as client:
            for batch in items:
                client.send(batch)
        rate = sum(len(b.events) for b in items) / (time.perf_counter() - began)
    finally:
        server.stop()
    print(f"  HTTP sample: {rate:,.0f} events/s", flush=True)
    return rate


CPU: dict[str, float] = {}  # the last ``timed`` call's median CPU seconds (this process)
BACKENDS: list[Any] = []  # a factory on the database read: its backends' CPU is the server's


def _backend_cpu() -> float:
    """CPU seconds used so far by the PostgreSQL backends connected to the benchmark's own
    database (none else connects to it), from /proc; 0 when not on PostgreSQL here."""
    if not BACKENDS:
        return 0.0
    from sqlalchemy import text

    with BACKENDS[0]() as session:
        pids = session.scalars(
            text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        ).all()
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, cpu, server, result = [], [], [], None
    for _ in range(repeat):
        began, used, served = time.perf_counter(), time.process_time(), _backend_cpu()
        result = fn()
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - used)
        server.append(_backend_cpu() - served)
    CPU["last"] = statistics.median(cpu)
    CPU["server"] = sum(server) / len(server)  # a mean: /proc counts 10 ms ticks
    return statistics.median(times), result


def check_exact(factory: Any, halls: list[str], trend_hall: str, days: int) -> int:
    """Rollup figures equal the replay's (one hall: exactly; many halls: within the bins'
    stated tolerance), for sample halls and periods; returns checks."""
    start = LAST_DAY - dt.timedelta(days=days - 1)
    checks = 0
    for hall in halls:
        for a, b in ((start, LAST_DAY), (LAST_DAY, LAST_DAY), (start, start)):
            fast = rollups.summarise(factory, a, b, hall_id=hall)
            assert fast == stats.replay_summarise(factory, a, b, hall_id=hall), (hall, a, b)
            checks += 1
    a = LAST_DAY - dt.timedelta(days=2)
    # Many halls: period medians/p90 from 0.1-minute bins, within 0.06 min (docs/hq.md).
    assert_binned_close(
        rollups.summarise(factory, a, LAST_DAY), stats.replay_summarise(factory, a, LAST_DAY)
    )
    year = LAST_DAY - dt.timedelta(days=364)
    fast = rollups.summarise(factory, year, LAST_DAY, hall_id=trend_hall)
    assert fast == stats.replay_summarise(factory, year, LAST_DAY, hall_id=trend_hall)
    return checks + 2


def rollups_only(url: str, halls: int, days: int, tickets: int, repeat: int) -> dict[str, Any]:
    """Time the reads on rollup rows of the given size written straight into ``stats_daily``
    (and their weeks and months into ``stats_period``; no events behind them): the read path
    touches nothing else, so this measures the national summary at full size without
    loading 18 M events."""
    from app.sync.facts import median, quantile
    from hq.db import StatsDaily, bulk_insert
    from hq.rollups import pack, pack_hist, recompute_periods

    engine = make_engine(url)
    init_db(engine)
    factory = make_sessionmaker(engine)
    ids = [admin.add_hall(factory, f"Polres {n:04d}", NOW).id for n in range(halls)]
    rng = random.Random(15)
    per_service = max(1, tickets // 5)
    dates = [LAST_DAY - dt.timedelta(days=d) for d in range(days)]
    began = time.perf_counter()
    for hall in ids:
        rows = []
        for d in range(days):
            day = LAST_DAY - dt.timedelta(days=d)
            for service in "ABCDE":
                waits = sorted(rng.expovariate(1 / 12) for _ in range(per_service))
                times = sorted(rng.uniform(3, 15) for _ in range(per_service))
                rows.append(
                    {
                        "hall_id": hall,
                        "service": service,
                        "business_date": day,
                        "issued": per_service,
                        "served": per_service,
                        "no_show": 0,
                        "cancelled": 0,
                        "expired": 0,
                        "called": per_service,
                        "within_target": sum(w <= 15 for w in waits),
                        "priority": 0,
                        "wait_median": median(waits),
                        "wait_p90": quantile(waits, 0.9),
                        "service_median": median(times),
                        "waits": pack(waits),
                        "service_times": pack(times),
                        "wait_hist": pack_hist(waits),
                        "service_hist": pack_hist(times),
                    }
                )
        with factory.begin() as session:
            bulk_insert(session, StatsDaily, rows)
            recompute_periods(session, hall, {(s, d) for s in "ABCDE" for d in dates})
    print(f"  wrote {halls * days * 5} rollup rows in {time.perf_counter() - began:.0f} s")
    month = (LAST_DAY - dt.timedelta(days=days - 1), LAST_DAY)
    if engine.dialect.name == "postgresql":
        BACKENDS[:] = [factory]
    result: dict[str, Any] = {"mode": "rollups only", "halls": halls, "days": days}
    result["tickets"] = tickets
    for name, fn in (
        ("national_30_days_s", lambda: stats.summarise(factory, *month, daily=False)),
        ("national_30_days_with_daily_rows_s", lambda: stats.summarise(factory, *month)),
        (
            "polda_40_halls_30_days_s",
            lambda: stats.summarise(factory, *month, hall_ids=ids[:40], daily=False),
        ),
        (
            "polda_40_halls_30_days_with_daily_rows_s",
            lambda: stats.summarise(factory, *month, hall_ids=ids[:40]),
        ),
        ("hall_30_days_s", lambda: stats.summarise(factory, *month, hall_id=ids[0])),
    ):
        seconds, out = timed(fn, repeat)
        result[name] = round(seconds, 3)
        result[name.removesuffix("_s") + "_client_cpu_s"] = round(CPU["last"], 3)
        result[name.removesuffix("_s") + "_server_cpu_s"] = round(CPU["server"], 3)
        print(f"  {name}: {seconds:.3f} s, CPU {CPU['last']:.3f} + {CPU['server']:.3f} s")
    engine.dispose()
    return result


class _Done(Exception):
    pass


def _pg_url() -> tuple[str, Callable[[], None]]:
    from tests.hq.server import PgDatabase

    base = os.environ.get("ANTREAN_TEST_PG_URL")
    if not base:
        raise SystemExit("give --db URL or set ANTREAN_TEST_PG_URL (source /tmp/pg.env)")
    db = PgDatabase(base)

    def drop() -> None:
        for _ in range(20):  # an autovacuum worker may still be connected; it soon leaves
            try:
                db.drop()
                return
            except Exception as exc:  # noqa: BLE001 (psycopg is imported lazily)
                print(f"  drop of {db.name} failed ({exc}); retrying", flush=True)
                time.sleep(3)

    return db.create(), drop


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--halls", type=int, default=500)
    p.add_argument("--days", type=int, default=30)
    p.add_argument("--tickets", type=int, default=30, help="tickets per hall and day")
    p.add_argument("--trend-days", type=int, default=365)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--single", type=float, default=0.1, help="share loaded by one process")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--db", help="SQLAlchemy URL of an empty database (default: a new PG one)")
    p.add_argument("--keep", action="store_true", help="keep the database made for the run")
    p.add_argument(
        "--rollups-only",
        action="store_true",
        help="write rollup rows of this size directly (no events) and time the reads",
    )
    args = p.parse_args()
    drop: Callable[[], None] = lambda: None  # noqa: E731
    url = args.db
    if url is None:
        url, drop = _pg_url()
        if args.keep:
            print(f"  database kept: {url}", flush=True)
    result: dict[str, Any] = {"halls": args.halls, "days": args.days, "tickets": args.tickets}
    try:
        if args.rollups_only:
            result = rollups_only(url, args.halls, args.days, args.tickets, args.repeat)
            raise _Done

        engine = make_engine(url)
        init_db(engine)
        factory = make_sessionmaker(engine)
        ids = [admin.add_hall(factory, f"Polres {n:04d}", NOW).id for n in range(args.halls)]
        trend_hall = admin.add_hall(factory, "Polres Tren", NOW).id
        halls = [(h, n) for n, h in enumerate(ids)]
        single = max(1, int(len(halls) * args.single))
        print(f"loading {args.halls} halls × {args.days} days × {args.tickets} tickets", flush=True)
        result["ingest_1_worker_events_s"] = load(url, halls[:single], args.days, args.tickets, 1)
        result[f"ingest_{args.workers}_workers_events_s"] = load(
            url, halls[single:], args.days, args.tickets, args.workers
        )
        load(url, [(trend_hall, 7)], args.trend_days, args.tickets, 1)
        with tempfile.TemporaryDirectory() as folder:
            result["cpu_split"] = SPLIT
        result["http_sample_events_s"] = http_sample(url, Path(folder), 2, args.tickets)
        with factory() as session:
            result["events"] = session.scalar(select(func.count()).select_from(EventRow))
        month = (LAST_DAY - dt.timedelta(days=29), LAST_DAY)
        year = (LAST_DAY - dt.timedelta(days=364), LAST_DAY)
        if engine.dialect.name == "postgresql":
            BACKENDS[:] = [factory]
        polda = ids[:40]
        for name, fn in (
            ("national_30_days_s", lambda: stats.summarise(factory, *month, daily=False)),
            ("national_30_days_with_daily_rows_s", lambda: stats.summarise(factory, *month)),
            (
                "polda_40_halls_30_days_s",
                lambda: stats.summarise(factory, *month, hall_ids=polda, daily=False),
            ),
            (
                "polda_40_halls_30_days_with_daily_rows_s",
                lambda: stats.summarise(factory, *month, hall_ids=polda),
            ),
            ("hall_365_day_trend_s", lambda: stats.summarise(factory, *year, hall_id=trend_hall)),
        ):
            seconds, out = timed(fn, args.repeat)
            result[name] = round(seconds, 3)
            result[name.removesuffix("_s") + "_client_cpu_s"] = round(CPU["last"], 3)
            result[name.removesuffix("_s") + "_server_cpu_s"] = round(CPU["server"], 3)
            print(f"  {name}: {seconds:.3f} s, CPU {CPU['last']:.3f} + {CPU['server']:.3f} s")
        began = time.perf_counter()
        result["replay_national_30_days_s"] = None
        if result["events"] <= 2_000_000:
            stats.replay_summarise(factory, *month)
            result["replay_national_30_days_s"] = round(time.perf_counter() - began, 1)
            print(f"  replay (before issue 15): {result['replay_national_30_days_s']} s")
        result["exact_checks"] = check_exact(factory, ids[:3], trend_hall, args.days)
        print(f"  exact against the replay: {result['exact_checks']} checks passed")
        engine.dispose()
    except _Done:
        pass
    finally:
        if not args.keep:
            drop()
    mode = "-rollups" if args.rollups_only else ""
    name = f"hq_scale-{dt.date.today()}-{args.halls}x{args.days}x{args.tickets}{mode}.json"
    (ROOT / "bench" / "results" / name).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
