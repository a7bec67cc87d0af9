"""Test set-up shared by every layer.

Qt must see QT_QPA_PLATFORM before PySide6 is imported anywhere, or it aborts on a machine
with no display with a misleading xcb message.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANTREAN_DATA_DIR", tempfile.mkdtemp(prefix="antrean-test-data-"))
os.environ.setdefault("ANTREAN_CONFIG", str(Path(os.environ["ANTREAN_DATA_DIR"]) / "none.toml"))

import pytest  # noqa: E402

from app.bootstrap import Core, build_core  # noqa: E402
from app.ports import ManualClock  # noqa: E402
from app.settings import DatabaseSettings, Settings  # noqa: E402
from tests.support.databases import (  # noqa: E402
    PG_ENV,
    fresh_pg_database,
    pg_required,
    sqlite_file_url,
)

WIB = ZoneInfo("Asia/Jakarta")
MORNING = dt.datetime(2026, 11, 23, 8, 0, tzinfo=WIB)


@pytest.fixture(scope="session")
def pg_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str | None]:
    """URL of a PostgreSQL server's test database, or None when none can be had."""
    url = os.environ.get(PG_ENV)
    if url:
        yield url
        return
    from tests.support.pgserver import PgServer, find_bin_dir

    if find_bin_dir() is None:
        if pg_required():
            pytest.fail(f"{PG_ENV} is not set and no PostgreSQL binaries were found")
        yield None
        return
    server = PgServer.start(tmp_path_factory.mktemp("pg"))
    try:
        yield server.url
    finally:
        server.stop()


def _pg_or_skip(server_url: str | None) -> str:
    if server_url is None:
        if pg_required():
            pytest.fail("PostgreSQL is required (ANTREAN_REQUIRE_PG=1) but unavailable")
        pytest.skip("no PostgreSQL server here (set ANTREAN_TEST_PG_URL)")
    return server_url


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of each engine."""
    if request.param == "sqlite":
        yield sqlite_file_url(tmp_path)
        return
    server = _pg_or_skip(request.getfixturevalue("pg_server_url"))
    with fresh_pg_database(server) as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return sqlite_file_url(tmp_path)


@pytest.fixture
def pg_url(pg_server_url: str | None) -> Iterator[str]:
    with fresh_pg_database(_pg_or_skip(pg_server_url)) as url:
        yield url


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MORNING.astimezone(dt.UTC))


def make_core(url: str, clock: ManualClock, *, seed: bool = True) -> Core:
    core = build_core(Settings(database=DatabaseSettings(url=url)), clock=clock)
    if seed:
        core.setup.seed_typical()
    return core


@pytest.fixture
def core(db_url: str, clock: ManualClock) -> Iterator[Core]:
    """The queue core on a seeded database (services A–E, counters 1–5), at 08:00 WIB."""
    built = make_core(db_url, clock)
    try:
        yield built
    finally:
        built.close()
