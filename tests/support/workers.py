"""Queue workers run as separate OS processes, and audits of what they left in the database.

Run one worker with ``python -m tests.support.workers ROLE --db URL ...`` from the repository
root. Every worker uses the real clock (it is its own process) and a core built on an already
migrated and seeded database. A worker that meets any error other than the ones its role
expects exits non-zero with the traceback on stderr, so the test sees it.

Roles:

* ``caller``: loop ``call_next`` for one counter until the stop file exists and the queue is
  empty; writes the displays it was given to ``--out`` as JSON.
* ``issuer``: issue ``--count`` tickets (mixed services, about 20% priority) at full speed.
* ``crasher``: issue (and now and then call) forever; after each ``issue_ticket`` returned,
  append the display to ``--side`` and fsync it. Meant to be killed with SIGKILL.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import random
import sys
import time
from collections import Counter as Tally
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select

from app.bootstrap import Core, build_core
from app.domain.errors import QueueEmpty
from app.domain.numbering import format_number
from app.ports import Clock, ManualClock
from app.settings import DatabaseSettings, Settings
from app.storage.models import QueueEventRow, Service, Ticket
from tests.support.actors import ADMIN

ROOT = Path(__file__).resolve().parents[2]
SERVICES = "ABCDE"


def worker_command(role: str, db_url: str, *args: str) -> list[str]:
    """The argv that runs one worker with this interpreter."""
    return [sys.executable, "-m", "tests.support.workers", role, "--db", db_url, *args]


def worker_env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT))


# --- the workers --------------------------------------------------------------------------
def _core(db_url: str, clock: Clock | None = None) -> Core:
    settings = Settings(database=DatabaseSettings(url=db_url))
    return build_core(settings, clock=clock, migrate_schema=False)


def now_core(db_url: str) -> Core:
    """A core frozen at the real time: workers run on the system clock and see today's queue."""
    return _core(db_url, ManualClock(dt.datetime.now(dt.UTC)))


def ready_file(out: Path) -> Path:
    return out.with_name(out.name + ".ready")


def _wait_for(path: Path | None, out: Path) -> None:
    """Say ready, then spin until ``path`` exists, so that processes start in the same ms."""
    if path is None:
        return
    ready_file(out).touch()
    while not path.exists():
        time.sleep(0.001)


def run_caller(core: Core, counter: int, stop: Path, out: Path, go: Path | None) -> None:
    _wait_for(go, out)
    called: list[str] = []
    empties = 0
    while True:
        stopping = stop.exists()  # read before the call: an empty queue after it is final
        try:
            called.append(core.queue.call_next(counter, actor=ADMIN).display)
        except QueueEmpty:
            empties += 1
            if stopping:
                break
            time.sleep(0.002)
    out.write_text(json.dumps({"counter": counter, "called": called, "empties": empties}))


def run_issuer(core: Core, count: int, seed: int, out: Path, go: Path | None, codes: str) -> None:
    rng = random.Random(seed)
    _wait_for(go, out)
    issued = []
    for _ in range(count):
        code = rng.choice(codes)
        issued.append(core.queue.issue_ticket(code, priority=rng.random() < 0.2).ticket.display)
    out.write_text(json.dumps({"issued": issued}))


def run_crasher(core: Core, side: Path, seed: int) -> None:
    rng = random.Random(seed)
    fd = os.open(side, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    while True:
        display = core.queue.issue_ticket(rng.choice(SERVICES[:3]), priority=rng.random() < 0.2)
        os.write(fd, f"{display.ticket.display}\n".encode())
        os.fsync(fd)
        if rng.random() < 0.4:
            with contextlib.suppress(QueueEmpty):
                core.queue.call_next(rng.randint(1, 4), actor=ADMIN)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tests.support.workers")
    parser.add_argument("role", choices=["caller", "issuer", "crasher"])
    parser.add_argument("--db", required=True)
    parser.add_argument("--counter", type=int, default=1)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--codes", default=SERVICES)
    parser.add_argument("--stop", type=Path)
    parser.add_argument("--go", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--side", type=Path)
    args = parser.parse_args(argv)
    core = _core(args.db)
    try:
        if args.role == "caller":
            run_caller(core, args.counter, args.stop, args.out, args.go)
        elif args.role == "issuer":
            run_issuer(core, args.count, args.seed, args.out, args.go, args.codes)
        else:
            run_crasher(core, args.side, args.seed)
    finally:
        core.close()
    return 0


# --- audits read straight from the tables -------------------------------------------------
@dataclass
class Audit:
    """Everything the invariants need, read in one go from a database."""

    tickets: dict[int, Ticket]
    events: list[QueueEventRow]
    codes: dict[int, str]
    problems: list[str] = field(default_factory=list)

    def display(self, ticket_id: int) -> str:
        t = self.tickets[ticket_id]
        return format_number(self.codes[t.service_id], t.number)


def read_audit(engine: Engine) -> Audit:
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        tickets = {t.id: t for t in session.scalars(select(Ticket))}
        events = list(session.scalars(select(QueueEventRow).order_by(QueueEventRow.seq)))
        codes = {s.id: s.code for s in session.scalars(select(Service))}
        session.expunge_all()
    return Audit(tickets, events, codes)


def called_twice(audit: Audit) -> list[str]:
    """Tickets with more than one CALLED event (a recall is its own event kind)."""
    calls = Tally(e.ticket_id for e in audit.events if e.kind == "called")
    return sorted(audit.display(t) for t, n in calls.items() if t is not None and n > 1)


def duplicate_numbers(audit: Audit) -> list[tuple[int, str, int]]:
    seen = Tally((t.service_id, str(t.business_date), t.number) for t in audit.tickets.values())
    return sorted(k for k, n in seen.items() if n > 1)


def number_gaps(audit: Audit) -> dict[tuple[str, str], list[int]]:
    """Per (service, day): the numbers missing between 1 and the highest issued."""
    numbers: dict[tuple[str, str], set[int]] = {}
    for t in audit.tickets.values():
        numbers.setdefault((audit.codes[t.service_id], str(t.business_date)), set()).add(t.number)
    gaps = {k: sorted(set(range(1, max(v) + 1)) - v) for k, v in numbers.items()}
    return {k: v for k, v in gaps.items() if v}


def seqs_strictly_increase(audit: Audit) -> bool:
    seqs = [e.seq for e in audit.events]
    return all(a < b for a, b in zip(seqs, seqs[1:], strict=False)) and len(set(seqs)) == len(seqs)


_LEAVES_COUNTER = ("finished", "no_show", "transferred", "held", "expired", "requeued")


def counter_overlaps(audit: Audit) -> list[str]:
    """Replay events: a counter may only be given a ticket when it has none active."""
    active: dict[int, int | None] = {}
    problems = []
    for e in audit.events:
        if e.counter_id is None or e.ticket_id is None:
            continue
        if e.kind in ("called", "returned"):
            current = active.get(e.counter_id)
            if current is not None and current != e.ticket_id:
                problems.append(
                    f"seq {e.seq}: counter #{e.counter_id} got {audit.display(e.ticket_id)} "
                    f"while {audit.display(current)} was active"
                )
            active[e.counter_id] = e.ticket_id
        elif e.kind in _LEAVES_COUNTER and active.get(e.counter_id) == e.ticket_id:
            active[e.counter_id] = None
    return problems


_NEXT_STATUS = {
    "issued": "waiting",
    "called": "called",
    "recalled": "called",
    "started": "serving",
    "finished": "finished",
    "no_show": "no_show",
    "requeued": "waiting",
    "transferred": "waiting",
    "held": "held",
    "cancelled": "cancelled",
    "expired": "expired",
}


def replayed_status(events: Iterable[QueueEventRow]) -> dict[int, str]:
    """Each ticket's status as its events tell it, oldest event first."""
    status: dict[int, str] = {}
    started: set[int] = set()
    for e in events:
        if e.ticket_id is None:
            continue
        if e.kind == "started":
            started.add(e.ticket_id)
        if e.kind == "returned":
            status[e.ticket_id] = "serving" if e.ticket_id in started else "called"
        elif e.kind in _NEXT_STATUS:
            status[e.ticket_id] = _NEXT_STATUS[e.kind]
    return status


def status_mismatches(audit: Audit) -> list[str]:
    replayed = replayed_status(audit.events)
    return sorted(
        f"{audit.display(tid)}: table says {t.status}, events say {replayed.get(tid)}"
        for tid, t in audit.tickets.items()
        if replayed.get(tid) != t.status
    )


if __name__ == "__main__":
    raise SystemExit(main())
