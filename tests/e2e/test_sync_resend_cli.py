"""``antrean sync resend`` changes what the hall owes HQ: an admin's, audited (real processes)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.e2e.test_cli import run
from tests.support.actors import TEST_ADMIN, admin_env, as_admin
from tests.support.databases import sqlite_file_url


def _antrean(
    db: str, tmp_path: Path, *args: str, password: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ANTREAN_DATA_DIR=str(tmp_path), ANTREAN_CONFIG=str(tmp_path / "x.toml"))
    env.pop("ANTREAN_PASSWORD", None)
    if password is not None:
        env["ANTREAN_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "--db", db, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_resend_needs_an_admin_and_leaves_a_trail(tmp_path: Path) -> None:
    db = sqlite_file_url(tmp_path)
    run(db, "init", env_dir=tmp_path)
    add = subprocess.run(
        [sys.executable, "-m", "app.cli", "--db", db]
        + as_admin(["user", "add", "sari", "--role", "supervisor", "--password-stdin"]),
        input="sari-rahasia\n",
        capture_output=True,
        text=True,
        env=admin_env(
            dict(
                os.environ, ANTREAN_DATA_DIR=str(tmp_path), ANTREAN_CONFIG=str(tmp_path / "x.toml")
            )
        ),
        timeout=120,
        check=False,
    )
    assert add.returncode == 0, add.stderr
    hq = ("--hq-url", "http://127.0.0.1:9", "--hall-id", "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "--token", "t" * 32)

    nobody = _antrean(db, tmp_path, "sync", "resend", *hq)
    assert nobody.returncode == 9, nobody.stderr
    supervisor = _antrean(
        db, tmp_path, "--user", "sari", "sync", "resend", *hq, password="sari-rahasia"
    )
    assert supervisor.returncode == 12, supervisor.stderr
    path = tmp_path / "antrean.db"
    trail = "SELECT username FROM audit WHERE action = 'sync_resend'"
    assert sqlite3.connect(path).execute(trail).fetchall() == []

    admin = _antrean(
        db, tmp_path, *as_admin(["sync", "resend", *hq]), password=admin_env({})["ANTREAN_PASSWORD"]
    )
    assert admin.returncode == 10, admin.stdout + admin.stderr  # past the check: HQ is away
    assert sqlite3.connect(path).execute(trail).fetchall() == [(TEST_ADMIN,)]
