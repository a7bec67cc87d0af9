"""The throwaway PostgreSQL server that the storage tests and `installer/run.sh test` rely on."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from tests.support.pgserver import STATE_FILE, PgServer, PgServerError, find_bin_dir

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _need_postgres_binaries() -> None:
    if find_bin_dir() is not None:
        return
    if os.environ.get("ANTREAN_REQUIRE_PG") == "1":
        pytest.fail("ANTREAN_REQUIRE_PG=1 but no PostgreSQL binaries (initdb, pg_ctl) were found")
    pytest.skip("no PostgreSQL binaries (initdb, pg_ctl); apt-get install postgresql")


def _accepts_connections(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_server_creates_a_database_that_answers_and_is_gone_after_stop(tmp_path: Path) -> None:
    server = PgServer.start(tmp_path)
    try:
        url = server.create_database("antrean_probe")
        assert url == f"postgresql+psycopg://antrean_test@127.0.0.1:{server.port}/antrean_probe"
        with psycopg.connect(server.dsn("antrean_probe")) as conn:
            row = conn.execute(
                "SELECT 1, current_user, current_setting('listen_addresses'),"
                " current_setting('fsync')"
            ).fetchone()
        assert row == (1, "antrean_test", "127.0.0.1", "off")

        server.drop_database("antrean_probe")
        with pytest.raises(psycopg.OperationalError, match="antrean_probe"):
            psycopg.connect(server.dsn("antrean_probe"), connect_timeout=5)
    finally:
        server.stop()
    assert not _accepts_connections(server.port)
    assert not server.work_dir.exists()
    assert not (tmp_path / STATE_FILE).exists()


def test_default_test_database_is_ready_and_writable(tmp_path: Path) -> None:
    with PgServer.start(tmp_path) as server:
        assert server.url.endswith(f"127.0.0.1:{server.port}/antrean_test")
        with psycopg.connect(server.dsn()) as conn:
            conn.execute("CREATE TABLE probe (n integer)")
            conn.execute("INSERT INTO probe VALUES (41), (1)")
            assert conn.execute("SELECT sum(n) FROM probe").fetchone() == (42,)
    assert not server.work_dir.exists()


def test_cli_prints_exports_and_stops_the_recorded_server(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "tests.support.pgserver"]
    started = subprocess.run(
        [*command, "start", "--dir", str(tmp_path)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    exports = dict(
        line.removeprefix("export ").split("=", 1) for line in started.stdout.splitlines()
    )
    port = int(exports["ANTREAN_TEST_PG_PORT"])
    try:
        assert exports["ANTREAN_TEST_PG_URL"] == (
            f"postgresql+psycopg://antrean_test@127.0.0.1:{port}/antrean_test"
        )
        assert _accepts_connections(port)
    finally:
        stopped = subprocess.run(
            [*command, "stop", "--dir", str(tmp_path)],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert stopped.returncode == 0, stopped.stderr
    assert not _accepts_connections(port)


def test_loading_a_directory_without_a_server_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PgServerError, match="no server recorded"):
        PgServer.load(tmp_path)
