"""``antrean doctor --json`` against a healthy hall and broken ones, as real processes: the
printer absent, the database away, HQ down (a closed loopback port), a PC clock off (libfaketime),
a non-durable PostgreSQL, an old backup and a plain PIN left in the settings file."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FAKETIME = shutil.which("faketime")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens once it is closed


def _doctor(
    tmp_path: Path, db: str, toml: str = "", *words: str, fake: str | None = None
) -> tuple[int, dict[str, Any]]:
    config = tmp_path / "antrean.toml"
    config.write_text(toml, encoding="utf-8")
    env = {
        **os.environ,
        "ANTREAN_DATA_DIR": str(tmp_path / "data"),
        "ANTREAN_CONFIG": str(config),
        "ANTREAN_DB_URL": db,
    }
    command = [sys.executable, "-m", "app.cli", "--json", "--lang", "en", "doctor", *words]
    if fake is not None:
        assert FAKETIME is not None
        command = [FAKETIME, "-f", fake, *command]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, done.stdout  # one JSON object, also when a check failed
    payload = json.loads(lines[0])
    assert payload["ok"] == (done.returncode == 0)
    return done.returncode, payload["result"]


def _by_id(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in result["checks"]}


def _sqlite(tmp_path: Path) -> str:
    return f"sqlite:///{(tmp_path / 'hall.db').as_posix()}"


def _antrean(tmp_path: Path, *words: str) -> Any:
    """Run ``antrean --json <words>`` on the SQLite hall; its result."""
    env = {**os.environ, "ANTREAN_DATA_DIR": str(tmp_path / "data")}
    env["ANTREAN_CONFIG"] = str(tmp_path / "none.toml")
    command = [sys.executable, "-m", "app.cli", "--db", _sqlite(tmp_path), "--json", *words]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)["result"]


def _backup(tmp_path: Path) -> Path:
    return Path(_antrean(tmp_path, "backup")["backup"])


def test_a_healthy_one_pc_hall_passes(tmp_path: Path) -> None:
    _antrean(tmp_path, "init")
    _backup(tmp_path)
    code, result = _doctor(tmp_path, _sqlite(tmp_path), '[printer]\nuri = "preview:"\n')
    assert code == 0, result
    checks = _by_id(result)
    for check_id in ("database", "schema", "clock", "backup_age"):
        assert checks[check_id]["level"] == "ok", checks[check_id]
    for check_id in ("disk_data", "disk_backups"):  # a warning on a nearly full CI disk
        assert checks[check_id]["details"]["free_bytes"] > 0, checks[check_id]
    assert checks["printer"]["level"] == "ok" and checks["printer"]["details"]["state"] == "ready"
    assert checks["speech"]["level"] in ("ok", "warn")  # warn: no Indonesian voice here
    assert checks["audio"]["level"] in ("ok", "warn")
    assert "settings_pin" not in checks and "hq_reach" not in checks and "volume" not in checks


def test_a_muted_speaker_warns(tmp_path: Path) -> None:
    _antrean(tmp_path, "init")
    toml = '[speech]\nengine = "clips"\nvolume = 0\n'
    code, result = _doctor(tmp_path, _sqlite(tmp_path), toml, "--no-printer")
    assert code == 0, result
    volume = _by_id(result)["volume"]
    assert volume["level"] == "warn" and "muted" in volume["message"], volume


def test_an_absent_printer_fails(tmp_path: Path) -> None:
    toml = f'[printer]\nuri = "tcp://127.0.0.1:{_closed_port()}"\n'
    code, result = _doctor(tmp_path, _sqlite(tmp_path), toml, "--no-speech")
    assert code == 7
    printer = _by_id(result)["printer"]
    assert printer["level"] == "fail" and printer["details"]["state"] == "offline"
    assert "cable" in printer["message"]


def test_a_database_away_fails_and_the_other_checks_still_run(tmp_path: Path) -> None:
    db = f"postgresql+psycopg://antrean@127.0.0.1:{_closed_port()}/antrean"
    code, result = _doctor(tmp_path, db, "", "--no-speech", "--no-printer")
    assert code == 7
    checks = _by_id(result)
    assert checks["database"]["level"] == "fail"
    assert "cannot be reached" in checks["database"]["message"]
    assert checks["disk_data"]["level"] == "ok"
    assert "clock" not in checks  # it needs the database


def test_a_database_file_that_does_not_exist_fails_and_is_not_created(tmp_path: Path) -> None:
    typo = tmp_path / "hal" / "hall.db"  # a mistyped folder
    code, result = _doctor(
        tmp_path, f"sqlite:///{typo.as_posix()}", "", "--no-speech", "--no-printer"
    )
    assert code == 7
    database = _by_id(result)["database"]
    assert database["level"] == "fail" and "does not exist yet" in database["message"], database
    assert "antrean init" in database["message"]
    assert not typo.parent.exists()


def test_hq_down_warns_with_the_backlog_and_the_hall_still_passes(tmp_path: Path) -> None:
    _antrean(tmp_path, "init")
    _antrean(tmp_path, "ticket", "issue", "--service", "A")
    toml = (
        f'[hq]\nurl = "http://127.0.0.1:{_closed_port()}"\nhall_id = "polres-1"\ntoken = "secret"\n'
    )
    code, result = _doctor(tmp_path, _sqlite(tmp_path), toml, "--no-speech", "--no-printer")
    assert code == 0, result  # offline first: the hall runs while HQ is away
    checks = _by_id(result)
    assert checks["hq_reach"]["level"] == "warn"
    assert "does not answer" in checks["hq_reach"]["message"]
    backlog = checks["hq_backlog"]
    assert backlog["level"] == "warn" and backlog["details"]["pending"] > 0
    assert backlog["details"]["last_success_at"] is None


def test_an_old_backup_and_a_plain_pin_warn(tmp_path: Path) -> None:
    _antrean(tmp_path, "init")
    backup = _backup(tmp_path)
    old = time.time() - 3 * 86400
    os.utime(backup, (old, old))
    toml = '[kiosk]\nadmin_pin = "1234"\n'
    code, result = _doctor(tmp_path, _sqlite(tmp_path), toml, "--no-speech", "--no-printer")
    assert code == 0
    checks = _by_id(result)
    assert (
        checks["backup_age"]["level"] == "warn" and "3 days old" in checks["backup_age"]["message"]
    )
    assert checks["settings_pin"]["level"] == "warn"
    assert "hashed" in checks["settings_pin"]["message"]


def _server_settings(url: str) -> dict[str, str]:
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            names = ("synchronous_commit", "fsync", "full_page_writes")
            return {n: str(conn.exec_driver_sql(f"SHOW {n}").scalar()) for n in names}
    finally:
        engine.dispose()


def test_a_non_durable_postgresql_fails_and_a_skewed_pc_clock_warns(
    pg_url: str, tmp_path: Path
) -> None:
    """The throwaway test server runs with fsync, full_page_writes and synchronous_commit
    off (tests/support/pgserver.py); a server of your own may differ."""
    settings = _server_settings(pg_url)
    off = {name for name, value in settings.items() if value == "off"}
    expected = {n: "warn" if n == "synchronous_commit" else "fail" for n in off}
    code, result = _doctor(tmp_path, pg_url, "", "--no-speech", "--no-printer")
    assert code == (7 if expected.keys() - {"synchronous_commit"} else 0), result
    durability = [c for c in result["checks"] if c["id"] == "durability"]
    if expected:
        assert {c["details"]["setting"]: c["level"] for c in durability} == expected
    else:
        assert [c["level"] for c in durability] == ["ok"]
    assert _by_id(result)["clock"]["level"] == "ok"
    if FAKETIME is None:
        pytest.skip("faketime is not installed (apt install faketime)")
    _, skewed = _doctor(tmp_path, pg_url, "", "--no-speech", "--no-printer", fake="-1h")
    clock = _by_id(skewed)["clock"]
    assert clock["level"] == "warn" and clock["details"]["reference"] == "server"
    assert -3700 < clock["details"]["offset_seconds"] < -3500
    assert "behind the server" in clock["message"]


@pytest.mark.skipif(FAKETIME is None, reason="faketime is not installed (apt install faketime)")
def test_a_one_pc_clock_far_ahead_of_the_records_fails(tmp_path: Path) -> None:
    _antrean(tmp_path, "init")
    code, result = _doctor(
        tmp_path, _sqlite(tmp_path), "", "--no-speech", "--no-printer", fake="+400d"
    )
    assert code == 7
    assert _by_id(result)["clock"]["level"] == "fail"
