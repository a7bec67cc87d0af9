"""Durability settings of the database server, read from real servers."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from app.storage.engine import make_engine
from app.storage.health import DurabilityWarning, durability_warnings
from app.storage.notify import psycopg_dsn
from tests.support.pgserver import PgServer, find_bin_dir

SERVER_WIDE = ("fsync", "full_page_writes")  # cannot be changed per database or session


@contextmanager
def engine_for(url: str) -> Iterator[Engine]:
    engine = make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


def settings(warnings: list[DurabilityWarning]) -> dict[str, str]:
    return {w.setting: w.value for w in warnings}


def alter_database(url: str, value: str) -> None:
    """``ALTER DATABASE <it> SET synchronous_commit``: new sessions on it start with ``value``."""
    name = make_url(url).database
    assert name
    with psycopg.connect(psycopg_dsn(url), autocommit=True) as conn:
        conn.execute(
            sql.SQL("ALTER DATABASE {} SET synchronous_commit = {}").format(
                sql.Identifier(name), sql.Literal(value)
            )
        )


def server_wide_off(url: str) -> set[str]:
    """Which server-wide settings the server itself reports as off (from pg_settings)."""
    with psycopg.connect(psycopg_dsn(url)) as conn:
        rows = conn.execute(
            "SELECT name FROM pg_settings WHERE name = ANY(%s) AND setting = 'off'",
            [list(SERVER_WIDE)],
        ).fetchall()
    return {row[0] for row in rows}


def test_sqlite_has_nothing_to_report(sqlite_url: str) -> None:
    with engine_for(sqlite_url) as engine:
        assert durability_warnings(engine) == []


def test_synchronous_commit_off_is_reported_and_on_is_not(pg_url: str) -> None:
    alter_database(pg_url, "off")
    expected_wide = server_wide_off(pg_url)
    with engine_for(pg_url) as engine:
        warnings = durability_warnings(engine)
    assert settings(warnings) == {"synchronous_commit": "off"} | dict.fromkeys(expected_wide, "off")
    [commit] = [w for w in warnings if w.setting == "synchronous_commit"]
    assert commit.message("id").startswith("Server PostgreSQL memakai synchronous_commit = off")
    assert "tiket yang sudah diterbitkan dapat hilang" in commit.message()
    from app.i18n import has_translation
    from app.storage.health import _MESSAGE

    if has_translation(_MESSAGE, "en"):  # the English arrives with the catalog's next merge
        assert "tickets already issued can be lost" in commit.message("en")
    assert "synchronous_commit = off" in commit.message("en")
    assert warnings[0] is commit  # reported in a fixed order, the commit setting first

    alter_database(pg_url, "on")  # a fresh connection now starts with synchronous_commit=on
    with engine_for(pg_url) as engine:
        assert settings(durability_warnings(engine)) == dict.fromkeys(expected_wide, "off")


def test_a_connection_option_counts_too(pg_url: str) -> None:
    """``?options=-c synchronous_commit=on`` in the URL: what the app's sessions run with."""
    alter_database(pg_url, "off")
    url = make_url(pg_url).update_query_dict({"options": "-c synchronous_commit=on"})
    with engine_for(url.render_as_string(hide_password=False)) as engine:
        assert "synchronous_commit" not in settings(durability_warnings(engine))


@pytest.fixture(scope="module")
def durable_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PgServer]:
    """A private throwaway server switched to durable settings (never the shared one)."""
    if find_bin_dir() is None:
        pytest.skip("PostgreSQL binaries are not installed here")
    server = PgServer.start(Path(tmp_path_factory.mktemp("durable-pg")))
    try:
        with psycopg.connect(server.dsn(user="postgres"), autocommit=True) as conn:
            for name in ("fsync", "full_page_writes", "synchronous_commit"):
                conn.execute(sql.SQL("ALTER SYSTEM SET {} = on").format(sql.Identifier(name)))
            conn.execute("SELECT pg_reload_conf()")
        deadline = time.monotonic() + 10
        while server_wide_off(server.url):  # the reload reaches new sessions shortly
            assert time.monotonic() < deadline, "the server did not reload its settings"
            time.sleep(0.05)
        yield server
    finally:
        server.stop()


@pytest.mark.slow
def test_a_durable_server_has_nothing_to_report(durable_server: PgServer) -> None:
    with engine_for(durable_server.url) as engine:
        assert durability_warnings(engine) == []


@pytest.mark.expect_log(r"^database durability: ")
def test_the_windows_warn_in_the_log_when_commits_are_not_durable(
    pg_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    from app.bootstrap import build_core, warn_if_not_durable
    from app.settings import DatabaseSettings, Settings

    core = build_core(Settings(database=DatabaseSettings(url=pg_url)))
    try:
        messages = warn_if_not_durable(core)
    finally:
        core.close()
    assert any("synchronous_commit" in m for m in messages), messages
    assert [r.getMessage() for r in caplog.records if r.name == "app.bootstrap"] == [
        f"database durability: {m}" for m in messages
    ]
