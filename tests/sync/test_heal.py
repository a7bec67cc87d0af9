"""Restores, reinstalls, shared credentials and clock errors, against real processes.

Each case ends with HQ's events equal to the union of the halls' events, epoch and seq for
seq, and with ``antrean sync --once`` (a real ``python -m app.sync`` process) telling the
operator the truth in its exit code.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.domain.stored_text import read
from app.services.hall import HallService
from app.storage.engine import make_engine
from app.sync.cli import endpoint_key
from app.sync.sql_outbox import SqlOutbox
from app.sync.worker import SyncReport
from hq import admin
from hq.cli import _now
from hq.db import init_db, make_sessionmaker
from tests.hq.server import ROOT, HqServer, _env
from tests.support.actors import ADMIN
from tests.sync.hall import Hall, hall_keys, new_hall, server_keys
from tests.sync.test_faults import make_worker


def sync(
    server: HqServer, hall: Hall, hall_id: str, token: str, *extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _command(server, hall, hall_id, token, *extra),
        env=_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def sync_here(server: HqServer, hall: Hall, hall_id: str, token: str) -> SyncReport:
    """A sync in this process (cheaper than a process where the test sets the scene)."""
    worker, _outbox, client = make_worker(hall, server.url, hall_id, token, batch_size=200)
    try:
        return worker.run_once()
    finally:
        client.close()


def _command(server: HqServer, hall: Hall, hall_id: str, token: str, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "app.sync",
        *(extra or ("--once",)),
        "--db",
        hall.url,
        "--hq-url",
        server.url,
        "--hall-id",
        hall_id,
        f"--token={token}",
        "--batch-size",
        "50",
    ]


def sqlite_backup(source: Path, target: Path) -> None:
    """What ``sqlite3 source ".backup target"`` does, while the owner keeps running."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def restore(backup: Path, target: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(backup, target)


def reopen(hall: Hall) -> Hall:
    hall.engine.dispose()
    return Hall(make_engine(hall.url), hall.url, hall.clock)


def hall_row(server: HqServer, hall_id: str) -> dict[str, object]:
    response = httpx.get(
        f"{server.url}/api/v1/halls", headers={"Authorization": f"Bearer {server.read_token}"}
    )
    assert response.status_code == 200, response.text
    return next(h for h in response.json() if h["id"] == hall_id)


@pytest.fixture
def own_hq(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HqServer]:
    """An SQLite HQ of this test alone: the test restores its database file."""
    folder = tmp_path_factory.mktemp("own-hq")
    server = HqServer(f"sqlite:///{folder / 'hq.db'}", folder)
    engine = server.engine()
    init_db(engine)  # what `antrean-hq init` and `token add` do, without two processes
    server.read_token = admin.add_read_token(make_sessionmaker(engine), "tests", _now())
    engine.dispose()
    server.start()
    yield server
    server.stop()


@pytest.mark.expect_log(r"^HQ holds the events of epoch .* only up to 0")
def test_hq_restored_from_a_backup_gets_the_gap_again(own_hq: HqServer, tmp_path: Path) -> None:
    busy, quiet = new_hall(tmp_path / "busy"), new_hall(tmp_path / "quiet")
    busy.simulate(60)
    quiet.simulate(20)
    busy_id, busy_token = own_hq.add_hall("Polres Pusat Dipulihkan")
    quiet_id, quiet_token = own_hq.add_hall("Polres Sepi")
    assert sync_here(own_hq, busy, busy_id, busy_token).problem is None
    hq_file = Path(own_hq.db_url.removeprefix("sqlite:///"))
    sqlite_backup(hq_file, tmp_path / "hq.backup")
    busy.simulate(60, first=60)
    assert sync_here(own_hq, busy, busy_id, busy_token).problem is None
    assert sync_here(own_hq, quiet, quiet_id, quiet_token).problem is None
    own_hq.stop()
    restore(tmp_path / "hq.backup", hq_file)  # HQ loses the second half of the day
    own_hq.start()
    assert len(hall_keys(busy)) - len(server_keys(own_hq, busy_id)) > 50
    assert server_keys(own_hq, quiet_id) == []
    busy.simulate(5, first=120)  # the busy hall carries on; the quiet one wrote nothing
    done = sync(own_hq, busy, busy_id, busy_token)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "resent_from=" in done.stdout
    assert server_keys(own_hq, busy_id) == hall_keys(busy)
    assert hall_row(own_hq, busy_id)["lacking"] == 0
    assert sync_here(own_hq, quiet, quiet_id, quiet_token).resent_from == 1
    assert server_keys(own_hq, quiet_id) == hall_keys(quiet)


def test_reinstalled_hall_pc_with_the_same_credentials(hq_server: HqServer, tmp_path: Path) -> None:
    old = new_hall(tmp_path / "old")
    old.simulate(40)
    hall_id, token = hq_server.add_hall("Polres Instal Ulang")
    assert sync_here(hq_server, old, hall_id, token).problem is None
    before = hall_keys(old)
    old.engine.dispose()
    fresh = new_hall(tmp_path / "new")  # same hall id and token, numbering from 1 again
    fresh.simulate(30)
    done = sync(hq_server, fresh, hall_id, token)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "dead_letters=0" in done.stdout
    assert server_keys(hq_server, hall_id) == sorted(before + hall_keys(fresh))
    row = hall_row(hq_server, hall_id)
    assert row["epochs"] == 2 and row["concurrent"] is False
    summary = httpx.get(
        f"{hq_server.url}/api/v1/halls/{hall_id}/summary",
        params={"from": "2026-11-01", "to": "2026-11-05"},
        headers={"Authorization": f"Bearer {hq_server.read_token}"},
    ).json()["rows"]
    assert sum(r["issued"] for r in summary) == 70


def test_hall_database_restored_from_a_copy(hq_server: HqServer, tmp_path: Path) -> None:
    hall = new_hall(tmp_path)
    hall.simulate(30)
    hall_id, token = hq_server.add_hall("Polres Cadangan")
    assert sync_here(hq_server, hall, hall_id, token).problem is None
    hall_file = Path(hall.url.removeprefix("sqlite:///"))
    sqlite_backup(hall_file, tmp_path / "hall.backup")
    hall.simulate(30, first=30)
    assert sync_here(hq_server, hall, hall_id, token).problem is None
    original = hall_keys(hall)  # everything HQ got from the PC before its disk died
    hall.engine.dispose()
    restore(tmp_path / "hall.backup", hall_file)
    hall = reopen(hall)
    hall.simulate(25, first=60)  # seqs the original already used, with other content
    done = sync(hq_server, hall, hall_id, token)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "new_epochs=1" in done.stdout and "dead_letters=0" in done.stdout
    assert server_keys(hq_server, hall_id) == sorted(set(original) | set(hall_keys(hall)))
    summary = httpx.get(
        f"{hq_server.url}/api/v1/halls/{hall_id}/summary",
        params={"from": "2026-11-01", "to": "2026-11-05"},
        headers={"Authorization": f"Bearer {hq_server.read_token}"},
    ).json()["rows"]
    assert sum(r["issued"] for r in summary) == 60 + 25  # the lost day's tickets count too


@pytest.mark.expect_log(r"^HQ reports that another hall database sends", level="ERROR")
@pytest.mark.expect_log(r"^this hall database's history left HQ's at seq")
@pytest.mark.parametrize("copied", [False, True], ids=["two-databases", "one-copied-database"])
def test_two_hall_processes_with_one_identity_at_once(
    hq_server: HqServer, tmp_path: Path, copied: bool
) -> None:
    first = new_hall(tmp_path / "a")
    first.simulate(10)
    hall_id, token = hq_server.add_hall(f"Polres Kembar {copied}")
    assert sync_here(hq_server, first, hall_id, token).problem is None
    if copied:  # someone copied the hall database to a second PC
        (tmp_path / "b").mkdir()
        sqlite_backup(Path(first.url.removeprefix("sqlite:///")), tmp_path / "b" / "hall.db")
        second = reopen(Hall(first.engine, f"sqlite:///{tmp_path / 'b' / 'hall.db'}", first.clock))
        first = reopen(first)
    else:
        second = new_hall(tmp_path / "b")
    second.simulate(10, first=20)
    assert sync_here(hq_server, second, hall_id, token).problem is None  # a reinstall, so far
    for round_ in range(2):  # both keep working and syncing, two processes at once
        first.simulate(5, first=40 + 10 * round_)
        second.simulate(5, first=45 + 10 * round_)
        runs = [
            subprocess.Popen(
                _command(hq_server, hall, hall_id, token),
                env=_env(),
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for hall in (first, second)
        ]
        outputs = [run.communicate(timeout=60) for run in runs]
        assert {run.returncode for run in runs} <= {0, 7}, outputs
    again = [sync_here(hq_server, hall, hall_id, token) for hall in (first, second)]
    assert [r.concurrent for r in again] == [True, True]
    assert [r.problem.exit_code if r.problem else 0 for r in again] == [7, 7]
    assert "another hall database sends under this hall id" in (
        _notice(first, hq_server.url, hall_id)
    )
    assert hall_row(hq_server, hall_id)["concurrent"] is True
    union = set(hall_keys(first)) | set(hall_keys(second))
    assert server_keys(hq_server, hall_id) == sorted(union)


def _notice(hall: Hall, url: str, hall_id: str) -> str:
    notice = read(SqlOutbox(hall.engine, endpoint_key(url, hall_id)).load_state().notice)
    return notice.en if notice else ""


def test_hall_clock_a_year_ahead_then_corrected(hq_server: HqServer, tmp_path: Path) -> None:
    # Mid-morning in the hall (09:00 WIB, in the last 24 h), so that no part of the run
    # crosses the hall's midnight: a ticket called before it cannot be finished after it.
    real = dt.datetime.now(dt.UTC).replace(microsecond=0)
    now = real.replace(hour=2, minute=0, second=0)
    if now > real:
        now -= dt.timedelta(days=1)
    hall = new_hall(tmp_path, start=now - dt.timedelta(hours=2))
    hall.simulate(10)
    hall.clock.set(now + dt.timedelta(days=365))  # the CMOS clock jumped; someone confirmed it
    HallService(hall.uow, hall.clock).confirm_clock(actor=ADMIN)
    hall.simulate(15, first=10)
    hall_id, token = hq_server.add_hall("Polres Jam Setahun")
    assert sync_here(hq_server, hall, hall_id, token).problem is None
    hall.clock.set(now + dt.timedelta(minutes=5))  # corrected, and confirmed again
    HallService(hall.uow, hall.clock).confirm_clock(actor=ADMIN)
    hall.simulate(10, first=25)
    done = sync(hq_server, hall, hall_id, token)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "dead_letters=0" in done.stdout
    assert server_keys(hq_server, hall_id) == hall_keys(hall)
