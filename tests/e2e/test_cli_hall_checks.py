"""Doctor, clock, transfers nobody could call, events in the hall's zone: real processes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.actors import admin_env, as_admin
from tests.support.databases import sqlite_file_url

FAKETIME = shutil.which("faketime")


def run(
    db: str, tmp: Path, *args: str, fake: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ANTREAN_DATA_DIR=str(tmp), ANTREAN_CONFIG=str(tmp / "x.toml"))
    prefix = [FAKETIME, "-f", fake] if fake and FAKETIME else []
    return subprocess.run(
        [*prefix, sys.executable, "-m", "app.cli", "--db", db, *as_admin(args)],
        capture_output=True,
        text=True,
        env=admin_env(env),
        timeout=120,
        check=False,
    )


@pytest.fixture
def hall(tmp_path: Path) -> str:
    db = sqlite_file_url(tmp_path)
    assert run(db, tmp_path, "init").returncode == 0
    return db


def test_doctor_reports_each_check_and_fails_on_a_wrong_clock(hall: str, tmp_path: Path) -> None:
    done = run(hall, tmp_path, "--json", "doctor", "--no-printer")
    assert done.returncode == 0, done.stdout + done.stderr
    checks = json.loads(done.stdout)["result"]["checks"]
    levels = {c["id"]: c["level"] for c in checks}
    assert levels["database"] == levels["clock"] == "ok" and "fail" not in levels.values()
    if FAKETIME is None:
        pytest.skip("faketime is not installed")
    wrong = run(hall, tmp_path, "doctor", "--no-printer", fake="+400d")
    assert wrong.returncode == 7, wrong.stdout + wrong.stderr
    assert "clock confirm" in wrong.stdout and "Traceback" not in wrong.stderr


def test_a_transfer_nobody_could_call_needs_force(hall: str, tmp_path: Path) -> None:
    assert run(hall, tmp_path, "ticket", "issue", "--service", "A").returncode == 0
    assert run(hall, tmp_path, "call", "next", "--counter", "1").returncode == 0
    assert run(hall, tmp_path, "counter", "close", "--counter", "2").returncode == 0
    refused = run(
        hall, tmp_path, "--json", "call", "transfer", "--counter", "1", "--to-counter", "2"
    )
    assert refused.returncode == 5
    error = json.loads(refused.stdout)["error"]
    assert error["details"]["confirm"] is True
    forced = run(
        hall, tmp_path, "call", "transfer", "--counter", "1", "--to-counter", "2", "--force"
    )
    assert forced.returncode == 0, forced.stderr


def test_events_are_shown_in_the_hall_zone(hall: str, tmp_path: Path) -> None:
    assert run(hall, tmp_path, "hall", "set", "timezone=WIT").returncode == 0
    json_events = json.loads(run(hall, tmp_path, "--json", "events", "--limit", "1").stdout)
    import datetime as dt
    from zoneinfo import ZoneInfo

    at = dt.datetime.fromisoformat(json_events["result"]["at"])
    expected = at.astimezone(ZoneInfo("Asia/Jayapura")).strftime("%H:%M:%S")
    text = run(hall, tmp_path, "events", "--limit", "1").stdout
    assert expected in text, (expected, text)


def test_status_warns_about_a_clock_behind_the_records(hall: str, tmp_path: Path) -> None:
    if FAKETIME is None:
        pytest.skip("faketime is not installed")
    assert run(hall, tmp_path, "ticket", "issue", "--service", "A").returncode == 0
    done = run(hall, tmp_path, "status", fake="-2h")
    assert done.returncode == 0, done.stderr
    assert "Peringatan: Jam PC ini terlambat 2 jam" in done.stdout
