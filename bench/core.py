"""Queue core benchmark: issue_ticket and call_next latency, contention and a year of history.

Run from the repository root::

    .venv/bin/python bench/core.py                   # SQLite and PostgreSQL, ~1,000 ops each
    .venv/bin/python bench/core.py --quick           # a smoke run (200 ops, 35 days of history)
    .venv/bin/python bench/core.py --engines sqlite
    .venv/bin/python bench/core.py --contention --engines postgres   # no history: empty + contended
    .venv/bin/python bench/core.py --contention --pace 250 --engines postgres  # + clerks' pace

For each engine it measures, on a fresh database seeded with the five typical services and 10
counters:

* one process: ``issue_ticket`` N times, then ``call_next`` N times on one counter with a
  waiting queue (each call finishes the previous ticket, as ``auto_finish`` does);
* four counter processes calling next at once plus one kiosk process issuing;
* the one-process figures again with a year of closed history in the database
  (350 business days × ~2,000 tickets and ~4 events each), loaded in bulk then ANALYZEd.

SQLite runs with the app's own settings (WAL, ``synchronous=FULL``). The PostgreSQL server is
the test suite's throwaway cluster with durability switched back on (fsync, synchronous commit,
full page writes), so both engines pay for a real flush at each commit. A table goes to stdout
and the figures to ``bench/results/core-<date>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.bootstrap import Core, build_core  # noqa: E402
from app.domain.errors import QueueEmpty  # noqa: E402
from app.settings import DatabaseSettings, Settings  # noqa: E402
from bench import _history as history  # noqa: E402
from bench._common import (  # noqa: E402
    BENCH_ACTOR,  # noqa: E402
    CACHE_DIR,
    RESULTS_DIR,
    Summary,
    durable,
    load_avg,
    machine_info,
    pg_server,
    pg_version,
    summarize,
    table,
    timed,
    write_json,
)
from bench._plans import explain_use_cases  # noqa: E402

CODES = "ABCDE"
CALLERS = 4
WARMUP = 10
# the contended run issues 2 × ops tickets over 5 services in one day; 999 numbers per service
MAX_OPS = 2400
TARGET_CALL_MS = 5.0  # call next, SQLite, a year of history: median
TARGET_RATIO = 1.5  # median with a year of history / median on an empty database
TARGET_PG_CONTENDED_MS = 10.0  # call next, PostgreSQL, 4 counters + 1 kiosk: median


def open_core(url: str, *, migrate: bool = True) -> Core:
    return build_core(Settings(database=DatabaseSettings(url=url)), migrate_schema=migrate)


def open_core_url(url: str) -> str:
    """``url`` with its schema in place (the workers then never race on it)."""
    open_core(url).close()
    return url


# --- one process ---------------------------------------------------------------------------


def single_process(urls: dict[str, str], ops: int, block: int = 50) -> dict[str, Any]:
    """issue_ticket N times, then call_next N times on counter 1, on each database.

    The databases take turns in blocks of ``block`` operations (alternating who goes first),
    so that a change in the machine's load during the run hits both alike and the ratio
    between them stays fair.
    """
    cores = {label: open_core(url) for label, url in urls.items()}
    try:
        for core in cores.values():
            core.setup.seed_typical(counters=history.COUNTERS)
            for i in range(WARMUP):  # first statements compile and cache; not measured
                core.queue.issue_ticket(CODES[i % 5])
                core.queue.call_next(history.COUNTERS, actor=BENCH_ACTOR)
        out: dict[str, Any] = {label: {} for label in cores}
        for kind in ("issue", "call"):
            lat: dict[str, list[float]] = {label: [] for label in cores}
            cpu: dict[str, list[float]] = {label: [] for label in cores}
            wall = dict.fromkeys(cores, 0.0)
            for n, start in enumerate(range(0, ops, block)):
                labels = list(cores) if n % 2 == 0 else list(cores)[::-1]
                for label in labels:
                    queue = cores[label].queue
                    action = (
                        (lambda i, q=queue: q.issue_ticket(CODES[i % 5]))
                        if kind == "issue"
                        else (lambda i, q=queue: q.call_next(1, actor=BENCH_ACTOR))
                    )
                    times, cpu_times, spent = timed(action, min(block, ops - start))
                    lat[label] += times
                    cpu[label] += cpu_times
                    wall[label] += spent
            for label in cores:
                out[label][kind] = summarize(lat[label], wall[label], cpu[label])
        return out
    finally:
        for core in cores.values():
            core.close()


# --- several processes ---------------------------------------------------------------------


def _paced(action: Any, n: int, pace_s: float, seed: int) -> tuple[list[float], list[float]]:
    """Like ``timed``, but each call starts on a schedule: every ``pace_s`` on average
    (uniform 0.5–1.5 × pace, from a random phase), as clerks click, not as fast as possible."""
    rnd = random.Random(seed)
    latencies: list[float] = []
    cpu: list[float] = []
    start_at = time.perf_counter() + rnd.uniform(0, pace_s)
    for i in range(n):
        delay = start_at - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        c0, t0 = time.process_time(), time.perf_counter()
        action(i)
        latencies.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        start_at += rnd.uniform(0.5, 1.5) * pace_s
    return latencies, cpu


def _worker(
    role: str, url: str, n: int, counter: int, pace_s: float, ready: Any, go: Any, out: Any
) -> None:
    try:
        core = open_core(url, migrate=False)
        with core.engine.connect():
            pass  # open the pool's first connection before the clock starts
        ready.put(role)
        go.wait()
        empty = 0

        def act(i: int) -> None:
            nonlocal empty
            if role == "issue":
                core.queue.issue_ticket(CODES[i % 5])
                return
            try:
                core.queue.call_next(counter, actor=BENCH_ACTOR)
            except QueueEmpty:
                empty += 1

        t_start = time.monotonic()
        if pace_s > 0:  # the kiosk issues as many tickets as the four counters call
            pace = pace_s / CALLERS if role == "issue" else pace_s
            latencies, cpu = _paced(act, n, pace, seed=counter)
        else:
            latencies, cpu, _ = timed(act, n)
        out.put(
            {
                "role": role,
                "lat": latencies,
                "cpu": cpu,
                "t0": t_start,
                "t1": time.monotonic(),
                "empty": empty,
            }
        )
        core.close()
    except BaseException:
        out.put({"role": role, "error": traceback.format_exc()})
        raise


def contended(url: str, ops: int, pace_s: float = 0.0) -> dict[str, Any]:
    """4 counters calling next (ops/4 each) beside one kiosk issuing ``ops`` tickets.

    At full speed by default (every process saturates the CPU: on 2 vCPUs this measures the
    CPU shared by 10 processes as much as any lock); with ``pace_s`` each counter calls every
    ``pace_s`` seconds on average and the kiosk issues four times as often.
    """
    core = open_core(url)
    try:
        core.setup.seed_typical(counters=history.COUNTERS)
        for i in range(ops):  # a waiting queue the callers cannot empty
            core.queue.issue_ticket(CODES[i % 5])
    finally:
        core.close()
    ctx = mp.get_context("spawn")
    ready, out, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    plan = [("issue", ops, 0)] + [("call", ops // CALLERS, c) for c in range(1, CALLERS + 1)]
    procs = [
        ctx.Process(target=_worker, args=(role, url, n, counter, pace_s, ready, go, out))
        for role, n, counter in plan
    ]
    try:
        for proc in procs:
            proc.start()
        for _ in procs:
            ready.get(timeout=120)
        go.set()
        reports = [out.get(timeout=600) for _ in procs]
        for proc in procs:
            proc.join(timeout=60)
    finally:
        for proc in procs:  # only on failure: a worker that never reported
            if proc.is_alive():
                proc.terminate()
    errors = [r["error"] for r in reports if "error" in r]
    if errors:
        raise RuntimeError("a benchmark process failed:\n" + "\n".join(errors))
    return _contended_summary(url, reports)


def _commit_worker(url: str, n: int, ready: Any, go: Any, out: Any) -> None:
    """Units of work that only write one event and commit (the event lock's whole cost)."""
    try:
        from app.storage.engine import make_engine
        from app.storage.uow import SqlUnitOfWork

        engine = make_engine(url)
        with engine.connect():
            pass
        ready.put("commit")
        go.wait()

        def act(i: int) -> None:
            with SqlUnitOfWork(engine) as uow:
                uow.add_event("settings_changed", dt.datetime.now(dt.UTC), data={"bench": i})
                uow.commit()

        latencies, cpu, spent = timed(act, n)
        out.put({"lat": latencies, "cpu": cpu, "spent": spent})
        engine.dispose()
    except BaseException:
        out.put({"error": traceback.format_exc()})
        raise


def event_commits(url: str, n: int, processes: int) -> Summary:
    """``processes`` processes each committing ``n`` one-event units of work at once."""
    ctx = mp.get_context("spawn")
    ready, out, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    procs = [
        ctx.Process(target=_commit_worker, args=(url, n, ready, go, out)) for _ in range(processes)
    ]
    try:
        for proc in procs:
            proc.start()
        for _ in procs:
            ready.get(timeout=120)
        go.set()
        reports = [out.get(timeout=600) for _ in procs]
        for proc in procs:
            proc.join(timeout=60)
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
    errors = [r["error"] for r in reports if "error" in r]
    if errors:
        raise RuntimeError("a benchmark process failed:\n" + "\n".join(errors))
    return summarize(
        [x for r in reports for x in r["lat"]],
        max(r["spent"] for r in reports),
        [x for r in reports for x in r["cpu"]],
    )


def _contended_summary(url: str, reports: list[dict[str, Any]]) -> dict[str, Any]:
    def span(rs: list[dict[str, Any]]) -> float:
        return float(max(r["t1"] for r in rs) - min(r["t0"] for r in rs))

    issuers = [r for r in reports if r["role"] == "issue"]
    callers = [r for r in reports if r["role"] == "call"]

    def merged(rs: list[dict[str, Any]], key: str) -> list[float]:
        return [x for r in rs for x in r[key]]

    issue = summarize(merged(issuers, "lat"), span(issuers), merged(issuers, "cpu"))
    call = summarize(merged(callers, "lat"), span(callers), merged(callers, "cpu"))
    total_ops = issue.ops + call.ops
    return {
        "issue": issue,
        "call": call,
        "aggregate_ops_per_s": total_ops / span(reports),
        "queue_empty": sum(r["empty"] for r in callers),
        "double_claims": _double_claims(url),
    }


def _double_claims(url: str) -> int:
    """Tickets called more than once (there are no recalls in this run): must be 0."""
    from sqlalchemy import text

    core = open_core(url, migrate=False)
    try:
        with core.engine.connect() as conn:
            return int(
                conn.execute(
                    text(
                        "SELECT count(*) FROM (SELECT ticket_id FROM queue_events "
                        "WHERE kind = 'called' GROUP BY ticket_id HAVING count(*) > 1) AS d"
                    )
                ).scalar_one()
            )
    finally:
        core.close()


# --- one engine ----------------------------------------------------------------------------


def run_engine(engine: str, args: argparse.Namespace, work: Path, pg: Any) -> dict[str, Any]:
    def fresh(label: str) -> str:
        if engine == "sqlite":
            return f"sqlite:///{(work / f'{label}.db').as_posix()}"
        return str(pg.create_database(f"bench_{label}"))

    if args.contention:
        if pg is not None:
            durable(pg)  # every commit flushed, as in production (no bulk load to spare)
        print(f"[{engine}] one process, empty database, {args.ops} ops")
        alone = single_process({"empty": fresh("empty")}, args.ops)["empty"]
        print(f"[{engine}] {CALLERS} counter processes + 1 kiosk process")
        busy = contended(fresh("contended"), args.ops)
        result = {"empty": alone, "contended": busy}
        if args.pace:
            print(f"[{engine}] the same, each counter calling every {args.pace:g} ms on average")
            result["paced"] = contended(fresh("paced"), args.ops, args.pace / 1000)
        print(f"[{engine}] one-event commits: 1 process, then {CALLERS + 1} at once")
        commits_url = open_core_url(fresh("commits"))
        result["commits"] = {
            "1 process": event_commits(commits_url, args.ops, 1),
            "5 processes": event_commits(commits_url, args.ops // (CALLERS + 1), CALLERS + 1),
        }
        return result
    shape = history.HistoryShape(days=args.history_days)
    today = _business_today()
    print(f"[{engine}] loading {shape.days} business days of history")
    cached = history.sqlite_history(shape, today, CACHE_DIR)
    started = time.perf_counter()
    if engine == "sqlite":
        url = history.copy_sqlite(cached, work / "history.db")
        rows = history.row_counts(url)
    else:
        url = fresh("history")
        first = history.business_days(shape.days, today)[0]
        seed_at = dt.datetime.combine(first, dt.time(7, 0), history.WIB)
        rows = history.load_postgres(url, cached, seed_at)
        durable(pg)  # after the bulk load: measured commits are flushed, the load is not
    load_s = time.perf_counter() - started
    print(f"[{engine}] one process, empty vs history (loaded in {load_s:.0f} s), {args.ops} ops")
    single = single_process({"empty": fresh("empty"), "history": url}, args.ops)
    empty, with_history = single["empty"], single["history"]
    print(f"[{engine}] {CALLERS} counter processes + 1 kiosk process")
    busy = contended(fresh("contended"), args.ops)
    plans = explain_use_cases(url)
    return {
        "empty": empty,
        "contended": busy,
        "history": with_history,
        "history_rows": rows,
        "history_load_s": round(load_s, 1),
        "ratio": {
            kind: with_history[kind].median_ms / empty[kind].median_ms for kind in ("issue", "call")
        },
        "plans": plans,
    }


def _business_today() -> dt.date:
    return dt.datetime.now(history.WIB).date()


# --- report --------------------------------------------------------------------------------


def checks(results: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def check(name: str, value: float, limit: float, unit: str = "") -> None:
        out.append(
            {
                "check": name,
                "value": round(value, 3),
                "limit": limit,
                "unit": unit,
                "pass": value <= limit,
            }
        )

    for engine, res in results.items():
        if engine == "postgres":
            median = res["contended"]["call"].median_ms
            check("postgres: contended call next median", median, TARGET_PG_CONTENDED_MS, "ms")
        check(f"{engine}: double claims under contention", res["contended"]["double_claims"], 0)
    if any("ratio" not in res for res in results.values()):
        return out  # --contention: no history
    if "sqlite" in results:
        median = results["sqlite"]["history"]["call"].median_ms
        check("sqlite: call next median, a year of history", median, TARGET_CALL_MS, "ms")
    for engine, res in results.items():
        for kind, ratio in res["ratio"].items():
            check(f"{engine}: {kind} median, history / empty", ratio, TARGET_RATIO)
        check(f"{engine}: full table scans in the use cases", len(res["plans"]["scans"]), 0)
    return out


def print_report(results: dict[str, dict[str, Any]], verdicts: list[dict[str, Any]]) -> None:
    rows = []
    for engine, res in results.items():
        for scenario in ("empty", "contended", "paced", "history"):
            if scenario not in res:
                continue
            for kind in ("issue", "call"):
                s: Summary = res[scenario][kind]
                cpu = "" if s.cpu_median_ms is None else s.cpu_median_ms
                rows.append(
                    [engine, scenario, kind, s.ops, s.median_ms, s.p99_ms, s.ops_per_s, cpu]
                )
    print()
    print(table(["engine", "database", "op", "n", "median ms", "p99 ms", "ops/s", "cpu ms"], rows))
    print()
    for engine, res in results.items():
        busy = res["contended"]
        if "ratio" not in res:
            print(f"{engine}: contended aggregate {busy['aggregate_ops_per_s']:.0f} ops/s")
            for label, c in res.get("commits", {}).items():
                print(
                    f"{engine}: one-event commits, {label}: median "
                    f"{c.median_ms:.2f} ms, p99 {c.p99_ms:.2f} ms, {c.ops_per_s:.0f}/s"
                )
            continue
        print(
            f"{engine}: contended aggregate {busy['aggregate_ops_per_s']:.0f} ops/s; "
            f"ratio history/empty issue {res['ratio']['issue']:.2f}, "
            f"call {res['ratio']['call']:.2f}; history {res['history_rows']}"
        )
        for scan in res["plans"]["scans"]:
            print(f"  full scan: {scan}")
    print()
    for v in verdicts:
        mark = "PASS" if v["pass"] else "FAIL"
        print(f"{mark}  {v['check']}: {v['value']}{v['unit']} (limit {v['limit']}{v['unit']})")


def jsonable(value: Any) -> Any:
    if isinstance(value, Summary):
        return value.as_dict()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, float):
        return round(value, 3)
    return value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="200 ops, 35 days of history")
    parser.add_argument("--engines", default="sqlite,postgres", help="comma list")
    parser.add_argument("--ops", type=int, help="operations per measurement (default 1000)")
    parser.add_argument("--history-days", type=int, help="business days of history (350)")
    parser.add_argument(
        "--contention", action="store_true", help="no history: one process and contended only"
    )
    parser.add_argument(
        "--pace",
        type=float,
        default=0.0,
        help="with --contention: also a run where each counter calls every PACE ms on average",
    )
    parser.add_argument("--out", type=Path, help="JSON file (bench/results/core-<date>.json)")
    args = parser.parse_args(argv)
    args.ops = args.ops or (200 if args.quick else 1000)
    args.history_days = args.history_days or (35 if args.quick else 350)
    args.engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(args.engines) - {"sqlite", "postgres"}
    if unknown:
        parser.error(f"unknown engine(s): {', '.join(sorted(unknown))}")
    if not CALLERS <= args.ops <= MAX_OPS:
        parser.error(f"--ops must be between {CALLERS} and {MAX_OPS}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    load_at_start = load_avg()
    results: dict[str, dict[str, Any]] = {}
    pg_ver = None
    with tempfile.TemporaryDirectory(prefix="antrean-bench-") as tmp:
        work = Path(tmp)
        if "sqlite" in args.engines:
            results["sqlite"] = run_engine("sqlite", args, work, None)
        if "postgres" in args.engines:
            with pg_server(work / "pg") as server:
                pg_ver = pg_version(server)
                results["postgres"] = run_engine("postgres", args, work, server)
    verdicts = checks(results)
    print_report(results, verdicts)
    info = machine_info(pg_ver)
    info["load_avg_at_start"], info["load_avg_at_end"] = load_at_start, load_avg()
    payload = {
        "benchmark": "queue core",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": "bench/core.py " + " ".join(sys.argv[1:] if argv is None else argv),
        "params": {
            "ops": args.ops,
            "history_days": 0 if args.contention else args.history_days,
            "pace_ms": args.pace,
            "callers": CALLERS,
            "counters": history.COUNTERS,
            "warmup": WARMUP,
        },
        "machine": info,
        "results": jsonable(results),
        "checks": verdicts,
        "duration_s": round(time.perf_counter() - started, 1),
    }
    suffix = ("-quick" if args.quick else "") + ("-contention" if args.contention else "")
    out = args.out or RESULTS_DIR / f"core-{dt.date.today().isoformat()}{suffix}.json"
    write_json(out, payload)
    print(f"\n{payload['duration_s']:.0f} s; figures in {out}")
    return 0 if all(v["pass"] for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
