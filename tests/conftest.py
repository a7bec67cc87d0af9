"""Test set-up shared by every layer.

Qt must see QT_QPA_PLATFORM before PySide6 is imported anywhere, or it aborts on a machine
with no display with a misleading xcb message.

A WARNING or ERROR log record during a test fails it (``LogGuard``, from any thread, from
set-up to teardown): the code logs a bug or a fault nobody looked at. A test that provokes
one on purpose says so with ``@pytest.mark.expect_log(pattern, level="WARNING")``.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import tempfile
import threading
from collections.abc import Generator, Iterator
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


# --- logged problems fail the test -------------------------------------------------------------
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "expect_log(pattern, level='WARNING'): the test provokes log records at exactly "
        "`level` whose message matches the regular expression `pattern`; they do not fail it",
    )


class LogGuard(logging.Handler):
    """Collects WARNING and ERROR records (from every thread) that no ``expect_log`` allows."""

    def __init__(self, allowed: list[tuple[re.Pattern[str], int]]) -> None:
        super().__init__(logging.WARNING)
        self.allowed = allowed
        self.unexpected: list[logging.LogRecord] = []
        self.reported = 0
        self._records_lock = threading.Lock()

    def allow(self, pattern: str, level: str = "WARNING") -> None:
        """Allow records at ``level`` matching ``pattern`` from now on (the marker, inline)."""
        self.allowed.append((re.compile(pattern), logging.getLevelName(level)))

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if any(level == record.levelno and p.search(message) for p, level in self.allowed):
            return
        with self._records_lock:
            self.unexpected.append(record)

    def take_report(self) -> str | None:
        """What was logged since the last report, or None when nothing unexpected was."""
        with self._records_lock:
            new, self.reported = self.unexpected[self.reported :], len(self.unexpected)
        if not new:
            return None
        lines = [f"{len(new)} unexpected log record(s) (mark the test expect_log if wanted):"]
        for r in new:
            lines.append(f"  {r.levelname} {r.name} [{r.threadName}]: {r.getMessage()}")
            if r.exc_info and r.exc_info[1] is not None:
                lines.append(f"    {type(r.exc_info[1]).__name__}: {r.exc_info[1]}")
        return "\n".join(lines)


_GUARD = pytest.StashKey[LogGuard]()


@pytest.fixture(autouse=True)
def log_guard(request: pytest.FixtureRequest) -> Iterator[LogGuard]:
    """Fail the test on a WARNING or ERROR log record it did not declare with expect_log."""
    allowed = []
    for mark in request.node.iter_markers("expect_log"):
        level = logging.getLevelName(mark.kwargs.get("level", "WARNING"))
        if not isinstance(level, int) or len(mark.args) != 1:
            raise pytest.UsageError(f"expect_log(pattern, level='WARNING'), got {mark}")
        allowed.append((re.compile(mark.args[0]), level))
    guard = LogGuard(allowed)
    request.node.stash[_GUARD] = guard
    root = logging.getLogger()
    root.addHandler(guard)
    try:
        yield guard
    finally:
        root.removeHandler(guard)
    report = guard.take_report()  # logged after the test body: while tearing down
    if report is not None:
        pytest.fail(report, pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """Fail the test body itself (not only its teardown) when it logged a problem."""
    guard = item.stash.get(_GUARD, None)
    try:
        result = yield
    except BaseException:
        if guard is not None:
            guard.take_report()  # already failing; pytest shows the captured log with it
        raise
    report = guard.take_report() if guard is not None else None
    if report is not None:
        pytest.fail(report, pytrace=False)
    return result


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
