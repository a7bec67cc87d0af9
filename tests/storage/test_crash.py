"""SIGKILL in the middle of issuing and calling, again and again, then restart.

A worker process issues tickets (and now and then calls one) at full speed; after each
``issue_ticket`` returned, i.e. committed, it appends the display to a side file and fsyncs
it. The test kills it with SIGKILL at random moments and starts it again. Afterwards the
database must be intact, hold every ticket the side file lists, number without duplicates
or gaps (the number is allocated inside the issuing transaction, so a killed transaction
takes its number with it), agree with its own event history, and keep working.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from sqlalchemy import make_url

from app.ports import ManualClock
from app.storage.engine import make_engine
from tests.conftest import make_core
from tests.support.actors import ADMIN
from tests.support.workers import (
    ROOT,
    called_twice,
    counter_overlaps,
    duplicate_numbers,
    now_core,
    number_gaps,
    read_audit,
    seqs_strictly_increase,
    status_mismatches,
    worker_command,
    worker_env,
)


def committed(side: Path) -> list[str]:
    """Complete lines of the side file: displays whose issue_ticket had returned."""
    text = side.read_text() if side.exists() else ""
    return [line for line in text.split("\n")[:-1] if line]


def kill_once(db_url: str, side: Path, errors: Path, seed: int, rng: random.Random) -> int:
    """Start the worker, let it commit at least once, SIGKILL it at a random moment."""
    before = len(committed(side))
    with errors.open("ab") as err:
        process = subprocess.Popen(
            worker_command("crasher", db_url, "--side", str(side), "--seed", str(seed)),
            cwd=ROOT,
            env=worker_env(),
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        try:
            deadline = time.monotonic() + 30
            while len(committed(side)) == before and process.poll() is None:
                assert time.monotonic() < deadline, "the worker never committed a ticket"
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.25))
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(30)
    assert process.returncode == -signal.SIGKILL, errors.read_text()
    return len(committed(side)) - before


def test_sigkill_while_issuing_loses_no_committed_ticket(
    db_url: str, clock: ManualClock, tmp_path: Path
) -> None:
    is_sqlite = db_url.startswith("sqlite")
    kills = 15 if is_sqlite else 8
    make_core(db_url, clock).close()
    side, errors = tmp_path / "committed.txt", tmp_path / "worker.err"
    rng = random.Random(20261123)
    for seed in range(kills):
        assert kill_once(db_url, side, errors, seed, rng) >= 1

    if is_sqlite:
        database = make_url(db_url).database
        assert database is not None
        with sqlite3.connect(database) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []

    engine = make_engine(db_url)
    try:
        audit = read_audit(engine)
    finally:
        engine.dispose()
    listed = committed(side)
    present = {audit.display(t) for t in audit.tickets}
    assert len(listed) == len(set(listed))
    assert set(listed) <= present, f"committed but lost: {sorted(set(listed) - present)}"
    # At most one ticket per kill may have committed without reaching the side file.
    assert len(present) - len(listed) <= kills
    assert duplicate_numbers(audit) == []
    assert number_gaps(audit) == {}
    assert called_twice(audit) == []
    assert counter_overlaps(audit) == []
    assert seqs_strictly_increase(audit)
    assert status_mismatches(audit) == []
    issued_events = [e.ticket_id for e in audit.events if e.kind == "issued"]
    assert sorted(issued_events) == sorted(audit.tickets)

    core = now_core(db_url)
    try:
        after = core.queue.issue_ticket("E")
        called = core.queue.call_next(5, actor=ADMIN)
        assert after.ticket.display not in present
        assert called.status == "called" and called.counter_number == 5
    finally:
        core.close()
