"""The database server's clock dates every ticket of a LAN hall; a PC's own clock is only
compared with it. Real PostgreSQL, and real processes under libfaketime."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from app.bootstrap import build_core
from app.settings import DatabaseSettings, Settings
from app.storage.engine import make_engine
from app.storage.server_clock import ServerClock

FAKETIME = shutil.which("faketime")
needs_faketime = pytest.mark.skipif(
    FAKETIME is None and os.environ.get("ANTREAN_REQUIRE_PG") != "1",
    reason="faketime is not installed (apt install faketime)",
)


def server_now(url: str) -> dt.datetime:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            value: dt.datetime = conn.execute(text("SELECT clock_timestamp()")).scalar_one()
        return value.astimezone(dt.UTC)
    finally:
        engine.dispose()


def test_server_clock_follows_the_server_and_measures_this_pc(pg_url: str) -> None:
    engine = make_engine(pg_url)
    slow_wall = lambda: dt.datetime.now(dt.UTC) - dt.timedelta(minutes=4)  # noqa: E731
    clock = ServerClock(engine, wall=slow_wall)
    try:
        reference = server_now(pg_url)
        assert abs((clock.now() - reference).total_seconds()) < 2
        offset = clock.offset_seconds()
        assert offset is not None and -245 < offset < -235, offset
    finally:
        engine.dispose()


def test_server_clock_ignores_the_wall_clock_between_readings(pg_url: str) -> None:
    engine = make_engine(pg_url)
    ticks = iter([0.0, 0.0, 0.1, 5.0])
    clock = ServerClock(engine, resync_seconds=60, monotonic=lambda: next(ticks))
    try:
        first = clock.now()  # reads the server (monotonic 0.0 → 0.1)
        later = clock.now()  # monotonic 5.0: no new reading, 4.95 s later
        assert 4.9 < (later - first).total_seconds() <= 5.0
    finally:
        engine.dispose()


def test_a_lan_hall_dates_tickets_by_the_server(pg_url: str) -> None:
    core = build_core(Settings(database=DatabaseSettings(url=pg_url)))
    try:
        assert isinstance(core.clock, ServerClock)
        core.setup.seed_typical()
        issued = core.queue.issue_ticket("A").ticket.issued_at
        assert abs((issued - server_now(pg_url)).total_seconds()) < 5
        assert not core.hall.clock_status().warning
    finally:
        core.close()


def _antrean(args: list[str], fake: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    assert FAKETIME is not None
    return subprocess.run(
        [FAKETIME, "-f", fake, sys.executable, "-m", "app.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@needs_faketime
def test_a_kiosk_pc_five_days_off_still_dates_by_the_server(pg_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "ANTREAN_DATA_DIR": str(tmp_path), "ANTREAN_DB_URL": pg_url}
    assert _antrean(["init"], "-5d", env).returncode == 0
    done = _antrean(["--json", "ticket", "issue", "--service", "A"], "-5d", env)
    assert done.returncode == 0, done.stderr
    ticket = json.loads(done.stdout)["result"]
    issued = dt.datetime.fromisoformat(ticket["ticket"]["issued_at"])
    assert abs((issued - server_now(pg_url)).total_seconds()) < 60, ticket


@needs_faketime
def test_one_pc_with_a_reset_cmos_clock_is_refused_plainly(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'hall.db').as_posix()}"
    env = {**os.environ, "ANTREAN_DATA_DIR": str(tmp_path), "ANTREAN_DB_URL": url}
    assert _antrean(["init"], "-0d", env).returncode == 0
    done = _antrean(["ticket", "issue", "--service", "A"], "@2000-01-01 02:00:00", env)
    assert done.returncode == 7, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr + done.stdout
    assert "tanggal yang tidak mungkin" in done.stdout + done.stderr
    again = _antrean(["ticket", "list", "--json"], "-0d", env)
    assert again.returncode == 0 and json.loads(again.stdout)["result"] == [], again.stdout
