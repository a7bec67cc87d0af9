"""Several OS processes on one database: counters calling while kiosks issue, at full speed.

Every worker is its own process (``tests/support/workers.py``) with its own engine, exactly
like counter PCs sharing a PostgreSQL server or one PC running several windows on SQLite.
Afterwards the database itself is audited: no ticket called twice, none lost, no duplicate
numbers, event seqs strictly increasing, never two active tickets at one counter.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections import Counter as Tally
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine

from app.bootstrap import Core
from app.ports import ManualClock
from app.storage.engine import make_engine
from tests.conftest import make_core
from tests.support.workers import (
    ROOT,
    called_twice,
    counter_overlaps,
    duplicate_numbers,
    now_core,
    number_gaps,
    read_audit,
    ready_file,
    seqs_strictly_increase,
    status_mismatches,
    worker_command,
    worker_env,
)

TICKETS = 300
PROCESS_TIMEOUT = 90


@contextmanager
def seeded(db_url: str, clock: ManualClock) -> Iterator[tuple[Core, Engine]]:
    """Migrate and seed once here, so the workers never race on the schema."""
    core = make_core(db_url, clock)
    core.close()
    engine = make_engine(db_url)
    try:
        yield core, engine
    finally:
        engine.dispose()


def start(role: str, db_url: str, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        worker_command(role, db_url, *args),
        cwd=ROOT,
        env=worker_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def finish_all(processes: list[subprocess.Popen[bytes]]) -> None:
    """Wait for every worker; any worker error fails the test with its traceback."""
    failures = []
    for process in processes:
        try:
            _out, err = process.communicate(timeout=PROCESS_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            _out, err = process.communicate()
        if process.returncode != 0:
            failures.append(f"{process.args[3:6]} exited {process.returncode}:\n{err.decode()}")
    assert not failures, "\n".join(failures)


def wait_ready(outs: list[Path]) -> None:
    """Until every worker imported everything and spins on the go file (or 60 s passed)."""
    deadline = time.monotonic() + 60
    while not all(ready_file(o).exists() for o in outs) and time.monotonic() < deadline:
        time.sleep(0.01)


def read_json(path: Path) -> dict[str, list[str]]:
    return json.loads(path.read_text())  # type: ignore[no-any-return]


def test_four_counters_call_while_a_kiosk_issues(
    db_url: str, clock: ManualClock, tmp_path: Path
) -> None:
    stop = tmp_path / "stop"
    with seeded(db_url, clock) as (_core, engine):
        callers = [
            start(
                "caller",
                db_url,
                "--counter",
                str(n),
                "--stop",
                str(stop),
                "--out",
                str(tmp_path / f"caller{n}.json"),
            )
            for n in range(1, 5)
        ]
        issuer = start(
            "issuer",
            db_url,
            "--count",
            str(TICKETS),
            "--seed",
            "7",
            "--out",
            str(tmp_path / "issuer.json"),
        )
        try:
            finish_all([issuer])
        finally:
            stop.touch()
            finish_all(callers)
        issued = read_json(tmp_path / "issuer.json")["issued"]
        given = [d for n in range(1, 5) for d in read_json(tmp_path / f"caller{n}.json")["called"]]
        audit = read_audit(engine)

    assert len(issued) == len(set(issued)) == TICKETS
    assert sorted(given) == sorted(issued), "a ticket was handed out twice or never"
    assert len(audit.tickets) == TICKETS
    assert called_twice(audit) == []
    assert duplicate_numbers(audit) == []
    assert number_gaps(audit) == {}
    assert seqs_strictly_increase(audit)
    assert counter_overlaps(audit) == []
    assert status_mismatches(audit) == []
    statuses = Tally(t.status for t in audit.tickets.values())
    assert set(statuses) <= {"finished", "called"}
    assert statuses["called"] <= 4  # at most the one each counter holds at the end
    assert statuses["finished"] + statuses["called"] == TICKETS
    priority = sum(t.priority for t in audit.tickets.values())
    assert 0.1 * TICKETS < priority < 0.3 * TICKETS
    per_counter = Tally(e.counter_id for e in audit.events if e.kind == "called")
    assert sum(per_counter.values()) == TICKETS


def _race(db_url: str, tmp_path: Path, counters: list[int]) -> None:
    """Pre-issued tickets; callers released by one 'go' file race to empty the queue."""
    go, stop = tmp_path / "go", tmp_path / "stop"
    stop.touch()  # callers stop at their first empty queue
    callers = [
        start(
            "caller",
            db_url,
            "--counter",
            str(n),
            "--stop",
            str(stop),
            "--go",
            str(go),
            "--out",
            str(tmp_path / f"racer{i}.json"),
        )
        for i, n in enumerate(counters)
    ]
    try:
        wait_ready([tmp_path / f"racer{i}.json" for i in range(len(counters))])
    finally:
        go.touch()
        finish_all(callers)


def _race_results(tmp_path: Path, racers: int) -> list[str]:
    results = [read_json(tmp_path / f"racer{i}.json") for i in range(racers)]
    assert all(r["empties"] == 1 for r in results)  # the only refusal: one QueueEmpty, at the end
    return [d for r in results for d in r["called"]]


def test_racing_counters_never_get_the_same_ticket(
    db_url: str, clock: ManualClock, tmp_path: Path
) -> None:
    with seeded(db_url, clock) as (_core, engine):
        core = now_core(db_url)
        try:
            issued = [
                core.queue.issue_ticket(c, priority=i % 5 == 0).ticket.display
                for i, c in enumerate("ABCDE" * 24)
            ]
        finally:
            core.close()
        _race(db_url, tmp_path, [1, 2, 3, 4])
        given = _race_results(tmp_path, 4)
        audit = read_audit(engine)
    assert sorted(given) == sorted(issued)
    assert called_twice(audit) == []
    assert counter_overlaps(audit) == []
    assert seqs_strictly_increase(audit)


def test_four_windows_of_one_counter_never_hold_two_tickets(
    db_url: str, clock: ManualClock, tmp_path: Path
) -> None:
    """Four processes clicking 'next' for the SAME counter: one active ticket at any time."""
    with seeded(db_url, clock) as (_core, engine):
        core = now_core(db_url)
        try:
            issued = [core.queue.issue_ticket(c).ticket.display for c in "AB" * 40]
        finally:
            core.close()
        _race(db_url, tmp_path, [3, 3, 3, 3])
        given = _race_results(tmp_path, 4)
        audit = read_audit(engine)
    assert sorted(given) == sorted(issued)
    assert called_twice(audit) == []
    assert counter_overlaps(audit) == []
    # A 'next' on the empty queue still finishes what the counter had, so 0 or 1 remain.
    active = [t for t in audit.tickets.values() if t.status in ("called", "serving")]
    assert len(active) <= 1
    finished = [e for e in audit.events if e.kind == "finished"]
    assert len(finished) == len(issued) - len(active)
    assert all(e.data["auto"] for e in finished)


def test_four_kiosks_issue_gapless_numbers(db_url: str, clock: ManualClock, tmp_path: Path) -> None:
    go = tmp_path / "go"
    per_kiosk = 60
    with seeded(db_url, clock) as (_core, engine):
        kiosks = [
            start(
                "issuer",
                db_url,
                "--count",
                str(per_kiosk),
                "--seed",
                str(i),
                "--codes",
                "AB",
                "--go",
                str(go),
                "--out",
                str(tmp_path / f"kiosk{i}.json"),
            )
            for i in range(4)
        ]
        try:
            wait_ready([tmp_path / f"kiosk{i}.json" for i in range(4)])
        finally:
            go.touch()
            finish_all(kiosks)
        issued = [d for i in range(4) for d in read_json(tmp_path / f"kiosk{i}.json")["issued"]]
        audit = read_audit(engine)
    assert len(issued) == len(set(issued)) == 4 * per_kiosk
    per_service: dict[str, list[int]] = {}
    for t in audit.tickets.values():
        per_service.setdefault(audit.codes[t.service_id], []).append(t.number)
    assert sum(len(v) for v in per_service.values()) == 4 * per_kiosk
    for numbers in per_service.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
    assert seqs_strictly_increase(audit)
