"""Hall uploads while HQ is flooded with wrong logins (issue 11).

A real ``antrean-hq serve`` process; one hall uploads batches of 100 events one after
another with the hall's own client while 32 threads post wrong passwords to ``/login`` as
fast as HQ answers. Two floods: all from one address, and from 32 addresses (through
``X-Forwarded-For``, which uvicorn trusts from 127.0.0.1), and from 32 addresses with a new
user name every try, so neither backoff helps and only the few-at-once limit on argon2
checks stands between the flood and the uploads.

    python bench/login_flood.py [--seconds 15] [--no-pg]

PostgreSQL runs on the test server named by ``ANTREAN_TEST_PG_URL`` (``source /tmp/pg.env``)
in a database of its own. Prints upload latencies (median, p99, max) and login answers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from app.sync.client import HqClient  # noqa: E402
from app.sync.payload import Batch, Event  # noqa: E402
from bench._common import percentile  # noqa: E402
from tests.hq.payloads import busy_day  # noqa: E402
from tests.hq.server import HqServer, PgDatabase  # noqa: E402

FLOODERS = 32
BATCH = 100
FRESH_USERS = "32 addresses, a new user name every try"  # no per-user or per-address backoff


def _events(count: int) -> list[Event]:
    start = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).replace(hour=8, minute=0)
    raw = busy_day(random.Random(1), count // 4 + 50, seq=1, day_start=start, first_ticket=1)
    for item in raw:  # a ticket's business date follows its day
        if isinstance(item.get("ticket"), dict):
            item["ticket"]["business_date"] = str(item["at"])[:10]
    return [Event.model_validate(e) for e in raw][:count]


def _flood(url: str, stop: threading.Event, flood: str, answers: Counter[int]) -> None:
    spread = flood != "one address"

    def one(index: int) -> None:
        headers = {"X-Forwarded-For": f"10.9.{index // 250}.{index % 250 + 1}"} if spread else {}
        with httpx.Client(timeout=30) as client:
            attempt = 0
            while not stop.is_set():
                attempt += 1
                user = f"tebak{index}-{attempt}" if flood == FRESH_USERS else "pusat"
                response = client.post(
                    f"{url}/login",
                    json={"username": user, "password": f"salah-{index}-{attempt}"},
                    headers=headers,
                )
                answers[response.status_code] += 1
                if response.status_code == 429:
                    stop.wait(0.05)  # a flooder that ignores Retry-After, nearly

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(FLOODERS)]
    for thread in threads:
        thread.start()


def _uploads(server: HqServer, seconds: float, flood: str) -> tuple[list[float], Counter[int]]:
    hall_id, token = server.add_hall(f"Bench {flood} {time.monotonic_ns()}")
    events = _events(20_000)
    stop = threading.Event()
    answers: Counter[int] = Counter()
    if flood != "none":
        _flood(server.url, stop, flood, answers)
        time.sleep(1.0)  # the flood is under way before the first upload
    latencies: list[float] = []
    began = time.perf_counter()
    with HqClient(server.url, hall_id, token) as client:
        for start in range(0, len(events), BATCH):
            if time.perf_counter() - began > seconds:
                break
            batch = Batch(
                schema_version=1,
                hall_id=hall_id,
                sent_at=dt.datetime.now(dt.UTC),
                events=events[start : start + BATCH],
            )
            t0 = time.perf_counter()
            client.send(batch)
            latencies.append(time.perf_counter() - t0)
            time.sleep(0.05)
    stop.set()
    time.sleep(1.0)
    return latencies, answers


def run(backend: str, db_url: str, tmp: Path, seconds: float) -> None:
    server = HqServer(db_url, tmp).setup()
    server.start()
    try:
        for flood in ("none", "one address", "32 addresses", FRESH_USERS):
            latencies, answers = _uploads(server, seconds, flood)
            ms = [x * 1000 for x in latencies]
            logins = ", ".join(f"{code}: {n}" for code, n in sorted(answers.items())) or "-"
            print(
                f"{backend:10s} flood={flood!r:45s} uploads={len(ms):4d} "
                f"median={percentile(ms, 50):7.1f} ms p99={percentile(ms, 99):7.1f} ms "
                f"max={max(ms):7.1f} ms  logins {logins}",
                flush=True,
            )
    finally:
        server.stop()


def _drop(database: PgDatabase) -> None:
    for _ in range(10):  # the server's last connections may take a moment to close
        try:
            database.drop()
            return
        except Exception as exc:  # noqa: BLE001 (psycopg's errors; retried, then reported)
            last = exc
            time.sleep(1.0)
    print(f"could not drop {database.name}: {last}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        run("sqlite", f"sqlite:///{tmp / 'hq.db'}", tmp, args.seconds)
        base = os.environ.get("ANTREAN_TEST_PG_URL")
        if args.no_pg or not base:
            print("postgresql skipped (no ANTREAN_TEST_PG_URL)")
            return 0
        database = PgDatabase(base)
        try:
            run("postgresql", database.create(), tmp, args.seconds)
        finally:
            _drop(database)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
