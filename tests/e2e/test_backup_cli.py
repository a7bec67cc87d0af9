"""``antrean backup`` and ``antrean restore`` as real processes, while a kiosk process writes."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.e2e.test_cli import js, run, run_as
from tests.support.actors import TEST_PASSWORD, admin_env, as_admin
from tests.support.databases import sqlite_file_url

KIOSK = """
import sys, pathlib
from app.bootstrap import build_core
from app.settings import DatabaseSettings, Settings
core = build_core(Settings(database=DatabaseSettings(url=sys.argv[1])))
stop = pathlib.Path(sys.argv[2])
n = 0
while not stop.exists():
    core.queue.issue_ticket("A")
    n += 1
    if n == 5:
        pathlib.Path(sys.argv[3]).write_text("started")
print(n)
"""


def _tickets(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM tickets").fetchone()[0])
    finally:
        conn.close()


def test_backup_while_a_kiosk_writes_then_restore_it(tmp_path: Path) -> None:
    db = sqlite_file_url(tmp_path)
    path = tmp_path / "antrean.db"
    run(db, "init", env_dir=tmp_path)
    for _ in range(3):
        run(db, "ticket", "issue", "--service", "B", env_dir=tmp_path)
    stop, started = tmp_path / "stop", tmp_path / "started"
    env = dict(os.environ, ANTREAN_DATA_DIR=str(tmp_path), ANTREAN_CONFIG=str(tmp_path / "x"))
    kiosk = subprocess.Popen(
        [sys.executable, "-c", KIOSK, db, str(stop), str(started)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        made = js(run(db, "--json", "backup", env_dir=tmp_path))
    finally:
        stop.write_text("")
        out, _ = kiosk.communicate(timeout=60)
    assert kiosk.returncode == 0
    written = int(out.strip())
    copy = Path(made["result"]["backup"])  # type: ignore[index]
    assert copy.parent == tmp_path / "backups" and copy.name.startswith("antrean-")
    in_copy = _tickets(copy)
    assert 3 + 5 <= in_copy <= 3 + written
    assert _tickets(path) == 3 + written

    again = js(run(db, "--json", "backup", "--if-due", env_dir=tmp_path))
    assert again["result"]["due"] is False  # type: ignore[index]
    assert [p.name for p in (tmp_path / "backups").glob("antrean-*")] == [copy.name]

    cancelled = run(db, "restore", str(copy), env_dir=tmp_path, check_rc=2)
    assert "dibatalkan" in cancelled.stderr and _tickets(path) == 3 + written
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "--db", db, *as_admin(["restore", str(copy)])],
        input="ya\n",
        capture_output=True,
        text=True,
        env=admin_env(env),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "dipulihkan" in done.stdout and "Traceback" not in done.stderr
    assert _tickets(path) == in_copy
    listed = js(run(db, "--json", "ticket", "list", env_dir=tmp_path))
    assert len(listed["result"]) == in_copy  # type: ignore[arg-type]
    safety = list((tmp_path / "backups").glob("pre-restore-*.db"))
    assert len(safety) == 1 and _tickets(safety[0]) == 3 + written
    issued = js(run(db, "--json", "ticket", "issue", "--service", "A", env_dir=tmp_path))
    assert issued["ok"]


def test_refusals_are_one_sentence_with_the_readme_exit_codes(tmp_path: Path) -> None:
    db = sqlite_file_url(tmp_path)
    run(db, "init", env_dir=tmp_path)
    text = tmp_path / "notes.db"
    text.write_text("not a database")
    refused = run(db, "restore", "--yes", str(text), env_dir=tmp_path, check_rc=2)
    assert "bukan basis data Antrean" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    refused = run(db, "--json", "restore", "--yes", str(text), env_dir=tmp_path, check_rc=2)
    assert json.loads(refused.stdout)["error"]["code"] == "not_antrean_database"
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    refused = run(
        db, "--lang", "en", "restore", "--yes", str(foreign), env_dir=tmp_path, check_rc=2
    )
    assert "no Antrean schema" in refused.stderr
    assert not (tmp_path / "backups").exists()

    pg = "postgresql+psycopg://hall@127.0.0.1:1/antrean"
    for command in (["backup"], ["restore", "--yes", str(text)]):
        said = run(pg, "--lang", "en", *command, env_dir=tmp_path, check_rc=7)
        assert "pg_dump" in said.stderr and "docs/backup.md" in said.stderr
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    full = run(db, "backup", "--to", str(blocker / "sub"), env_dir=tmp_path, check_rc=11)
    assert "Traceback" not in full.stderr and len(full.stderr.strip().splitlines()) == 1
    missing = sqlite_file_url(tmp_path / "nowhere")
    run(missing, "backup", env_dir=tmp_path, check_rc=11)
    assert not (tmp_path / "nowhere").exists()  # backing up does not create a database
    helped = run(db, "--help", env_dir=tmp_path)
    assert "backup" in helped.stdout and "restore" in helped.stdout


def test_a_long_running_window_backs_up_once_per_business_day(tmp_path: Path) -> None:
    from app.bootstrap import build_core
    from app.cli.backup_cmds import start_daily_backup
    from app.settings import DatabaseSettings, Settings

    url = sqlite_file_url(tmp_path)
    core = build_core(Settings(database=DatabaseSettings(url=url)))
    try:
        core.setup.seed_typical(2)
        core.queue.issue_ticket("A")
        stop = start_daily_backup(core, first_delay=0.01, every=0.05)
        assert stop is not None
        deadline = time.monotonic() + 30
        folder = tmp_path / "backups"
        while not list(folder.glob("antrean-*.db")) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)  # several more checks: the day has its backup, no second one
        stop.set()
        made = list(folder.glob("antrean-*.db"))
        assert len(made) == 1 and _tickets(made[0]) == 1
    finally:
        core.close()


def test_restore_needs_an_admin_of_the_database_it_replaces(tmp_path: Path) -> None:
    """Nobody gets 9 and a clerk 12, and the database is untouched; an admin restores and
    the restored database's audit trail says who did."""
    db = sqlite_file_url(tmp_path)
    path = tmp_path / "antrean.db"
    run(db, "init", env_dir=tmp_path)
    made = js(run(db, "--json", "backup", env_dir=tmp_path))
    copy = str(made["result"]["backup"])  # type: ignore[index]
    run(db, "ticket", "issue", "--service", "A", env_dir=tmp_path)
    words = as_admin(["user", "add", "budi", "--role", "clerk", "--password-stdin"])
    add = run_as(db, *words, env_dir=tmp_path, password=TEST_PASSWORD, stdin="budi-rahasia\n")
    assert add.returncode == 0, add.stderr
    before = _tickets(path)

    nobody = run_as(db, "restore", copy, "--yes", env_dir=tmp_path)
    assert nobody.returncode == 9, nobody.stderr
    clerk = run_as(
        db, "--user", "budi", "restore", copy, "--yes", env_dir=tmp_path, password="budi-rahasia"
    )
    assert clerk.returncode == 12, clerk.stderr
    assert _tickets(path) == before and not list((tmp_path / "backups").glob("pre-restore-*"))

    done = run(db, "restore", copy, "--yes", env_dir=tmp_path)
    assert "dipulihkan" in done.stdout and _tickets(path) == before - 1
    trail = (
        sqlite3.connect(path)
        .execute("SELECT username, action FROM audit WHERE action = 'restore'")
        .fetchall()
    )
    assert len(trail) == 1 and trail[0][1] == "restore"


def test_restore_onto_a_new_pc_needs_nobody(tmp_path: Path) -> None:
    """No database yet (a new PC): nothing to protect, the restore goes ahead with a note."""
    first = tmp_path / "first"
    first.mkdir()
    run(sqlite_file_url(first), "init", env_dir=first)
    made = js(run(sqlite_file_url(first), "--json", "backup", env_dir=first))
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    db = sqlite_file_url(fresh)
    backup = str(made["result"]["backup"])  # type: ignore[index]
    done = run_as(db, "restore", backup, "--yes", env_dir=fresh)
    assert done.returncode == 0, done.stderr
    assert "tidak memeriksa" in done.stderr and (fresh / "antrean.db").exists()
