"""A real ``antrean-hq`` server in a subprocess, on SQLite or a fresh PostgreSQL database."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, func, select

from hq import admin
from hq.db import EventRow, make_engine, make_sessionmaker

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "rahasia-pusat-123"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def hq_cli(db_url: str, *args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "hq", "--db", db_url, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=_env(),
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _pg_admin_dsn(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@dataclass
class PgDatabase:
    """A database created for one test module on the server ANTREAN_TEST_PG_URL names."""

    base_url: str
    name: str = field(default_factory=lambda: f"antrean_hq_{uuid.uuid4().hex[:12]}")

    @property
    def url(self) -> str:
        head, _, _db = self.base_url.rpartition("/")
        return f"{head}/{self.name}"

    def create(self) -> str:
        import psycopg
        from psycopg import sql

        with psycopg.connect(_pg_admin_dsn(self.base_url), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))
        return self.url

    def drop(self) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(_pg_admin_dsn(self.base_url), autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name))
            )


def backends() -> list[str]:
    if os.environ.get("ANTREAN_TEST_PG_URL"):
        return ["sqlite", "postgresql"]
    if os.environ.get("ANTREAN_REQUIRE_PG") == "1":
        return ["sqlite", "postgresql"]  # the postgresql case fails loudly below
    return ["sqlite"]


def database_url(backend: str, tmp: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp / 'hq.db'}"
        return
    base = os.environ.get("ANTREAN_TEST_PG_URL")
    if not base:
        pytest.fail("ANTREAN_REQUIRE_PG=1 but ANTREAN_TEST_PG_URL is not set")
    db = PgDatabase(base)
    yield db.create()
    db.drop()


@dataclass
class HqServer:
    db_url: str
    workdir: Path
    hall_id: str = ""
    token: str = ""
    read_token: str = ""
    username: str = "pusat"
    port: int = field(default_factory=free_port)
    workers: int = 1
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def setup(self) -> HqServer:
        hq_cli(self.db_url, "init")
        out = hq_cli(self.db_url, "hall", "add", "Polres Uji")
        lines = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
        self.hall_id, self.token = lines["hall_id"].strip(), lines["token"].strip()
        hq_cli(self.db_url, "user", "add", self.username, "--password-stdin", stdin=PASSWORD)
        self.read_token = hq_cli(self.db_url, "token", "add", "tests").strip()
        return self

    def add_hall(self, name: str, region: str | None = None) -> tuple[str, str]:
        """Register another hall straight in the HQ database (fast; same code as the CLI)."""
        engine = self.engine()
        try:
            now = dt.datetime.now(dt.UTC)
            hall = admin.add_hall(make_sessionmaker(engine), name, now, region)
        finally:
            engine.dispose()
        return hall.id, hall.token

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "hq",
            "--db",
            self.db_url,
            "serve",
            "--port",
            str(self.port),
            "--log-level",
            "warning",
            "--workers",
            str(self.workers),
        ]
        with (self.workdir / "hq-server.log").open("ab") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, env=_env(), cwd=ROOT
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError((self.workdir / "hq-server.log").read_text())
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("HQ server did not come up")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def engine(self) -> Engine:
        return make_engine(self.db_url)

    def event_seqs(self, hall_id: str | None = None) -> list[int]:
        engine = self.engine()
        try:
            with engine.connect() as conn:
                rows = conn.execute(
                    select(EventRow.seq)
                    .where(EventRow.hall_id == (hall_id or self.hall_id))
                    .order_by(EventRow.seq)
                )
                return [r[0] for r in rows]
        finally:
            engine.dispose()

    def kind_counts(self, hall_id: str | None = None) -> dict[str, int]:
        engine = self.engine()
        try:
            with engine.connect() as conn:
                rows = conn.execute(
                    select(EventRow.kind, func.count())
                    .where(EventRow.hall_id == (hall_id or self.hall_id))
                    .group_by(EventRow.kind)
                )
                return {k: n for k, n in rows}
        finally:
            engine.dispose()


def _serve(request: pytest.FixtureRequest, factory: pytest.TempPathFactory) -> Iterator[HqServer]:
    tmp = factory.mktemp(f"hq-{request.param}")
    urls = database_url(request.param, tmp)
    server = HqServer(next(urls), tmp).setup()
    server.start()
    try:
        yield server
    finally:
        server.stop()
        next(urls, None)


@pytest.fixture(scope="session", params=backends())
def hq_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[HqServer]:
    """One HQ server per backend for the whole run; every test registers its own hall."""
    yield from _serve(request, tmp_path_factory)


@pytest.fixture(scope="module", params=backends())
def fresh_hq_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[HqServer]:
    """An HQ server of its own, for tests that look at every hall (the dashboard)."""
    yield from _serve(request, tmp_path_factory)
