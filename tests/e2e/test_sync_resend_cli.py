"""``antrean sync resend`` changes what the hall owes HQ: an admin's, audited (real processes)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.e2e.test_cli import run, run_as
from tests.support.actors import TEST_ADMIN, TEST_PASSWORD, as_admin
from tests.support.databases import sqlite_file_url

HALL_ID = "1b4e28ba-2fa1-11d2-883f-0016d3cca427"
HQ = ("--hq-url", "http://127.0.0.1:9", "--hall-id", HALL_ID, "--token", "t" * 32)
TRAIL = "SELECT username FROM audit WHERE action = 'sync_resend'"


def test_resend_needs_an_admin_and_leaves_a_trail(tmp_path: Path) -> None:
    db = sqlite_file_url(tmp_path)
    path = tmp_path / "antrean.db"
    run(db, "init", env_dir=tmp_path)
    words = as_admin(["user", "add", "sari", "--role", "supervisor", "--password-stdin"])
    add = run_as(db, *words, env_dir=tmp_path, password=TEST_PASSWORD, stdin="sari-rahasia\n")
    assert add.returncode == 0, add.stderr

    nobody = run_as(db, "sync", "resend", *HQ, env_dir=tmp_path)
    assert nobody.returncode == 9, nobody.stderr
    supervisor = run_as(
        db, "--user", "sari", "sync", "resend", *HQ, env_dir=tmp_path, password="sari-rahasia"
    )
    assert supervisor.returncode == 12, supervisor.stderr
    assert sqlite3.connect(path).execute(TRAIL).fetchall() == []

    admin = run_as(db, *as_admin(["sync", "resend", *HQ]), env_dir=tmp_path, password=TEST_PASSWORD)
    assert admin.returncode == 10, admin.stdout + admin.stderr  # past the check: HQ is away
    assert sqlite3.connect(path).execute(TRAIL).fetchall() == [(TEST_ADMIN,)]
