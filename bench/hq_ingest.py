"""HQ ingestion benchmark: events/s on SQLite (and PostgreSQL), and the drain time of a
30-day backlog of a busy hall (2,000 tickets/day, ~4 events/ticket here) through the real
sync worker and HTTP client against a real ``antrean-hq serve`` process.

    python bench/hq_ingest.py                 # SQLite; PostgreSQL too if it can start one
    python bench/hq_ingest.py --days 30 --repeat 3

Prints medians. The default run stays under two minutes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from app.sync.client import HqClient  # noqa: E402
from app.sync.payload import Batch, Event  # noqa: E402
from tests.hq.payloads import busy_day  # noqa: E402
from tests.hq.server import HqServer  # noqa: E402


def _events(days: int, per_day: int) -> list[Event]:
    rng = random.Random(1)
    out: list[dict[str, object]] = []
    start = dt.datetime(2026, 9, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    for day in range(days):
        out.extend(
            busy_day(
                rng,
                per_day,
                seq=len(out) + 1,
                day_start=start + dt.timedelta(days=day),
                first_ticket=day * per_day + 1,
            )
        )
    for item in out:  # a ticket's business date follows its day
        ticket = item["ticket"]
        if isinstance(ticket, dict):
            ticket["business_date"] = str(item["at"])[:10]
    return [Event.model_validate(e) for e in out]


def _drain(server: HqServer, events: list[Event], size: int) -> float:
    hall_id, token = server.add_hall(f"Bench {time.monotonic_ns()}")
    began = time.perf_counter()
    with HqClient(server.url, hall_id, token) as client:
        for start in range(0, len(events), size):
            client.send(
                Batch(
                    schema_version=1,
                    hall_id=hall_id,
                    sent_at=dt.datetime.now(dt.UTC),
                    events=events[start : start + size],
                )
            )
    return time.perf_counter() - began


def run(backend: str, db_url: str, tmp: Path, days: int, per_day: int, repeat: int) -> None:
    server = HqServer(db_url, tmp).setup()
    server.start()
    try:
        sample = _events(1, per_day)
        rates = [len(sample) / _drain(server, sample, 500) for _ in range(repeat)]
        backlog = _events(days, per_day)
        drains = [_drain(server, backlog, 1000) for _ in range(max(1, repeat // 2))]
        print(
            f"{backend:10s} ingest: median {statistics.median(rates):8.0f} events/s "
            f"({len(sample)} events/run, batches of 500, {repeat} runs)"
        )
        print(
            f"{backend:10s} {days}-day backlog ({len(backlog)} events): "
            f"median drain {statistics.median(drains):6.1f} s (batches of 1000)"
        )
        assert httpx.get(f"{server.url}/healthz").status_code == 200
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--tickets-per-day", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        run(
            "sqlite",
            f"sqlite:///{tmp / 'hq.db'}",
            tmp,
            args.days,
            args.tickets_per_day,
            args.repeat,
        )
        if args.no_pg:
            return 0
        try:
            from tests.support.pgserver import PgServer, PgServerError

            pg = PgServer.start(tmp / "pg")
        except (ImportError, PgServerError) as exc:
            print(f"postgresql skipped: {exc}")
            return 0
        try:
            run(
                "postgresql",
                pg.create_database("hq_bench"),
                tmp,
                args.days,
                args.tickets_per_day,
                args.repeat,
            )
        finally:
            pg.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
