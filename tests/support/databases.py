"""Real databases for tests: a fresh SQLite file or a fresh PostgreSQL database per test.

PostgreSQL comes from ``ANTREAN_TEST_PG_URL`` (``installer/run.sh test`` starts a throwaway
server and sets it) or, when that is unset and PostgreSQL is installed, from a server this
session starts itself. With ``ANTREAN_REQUIRE_PG=1`` a missing server fails the run instead of
skipping the PostgreSQL half.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

PG_ENV = "ANTREAN_TEST_PG_URL"
REQUIRE_ENV = "ANTREAN_REQUIRE_PG"


def pg_required() -> bool:
    return os.environ.get(REQUIRE_ENV, "") == "1"


def _dsn(url: str, database: str | None = None) -> str:
    parsed = make_url(url)
    if database:
        parsed = parsed.set(database=database)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def fresh_pg_database(server_url: str, prefix: str = "t") -> Iterator[str]:
    """Create an empty database next to ``server_url``'s; yield its SQLAlchemy URL; drop it."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_dsn(server_url), autocommit=True, connect_timeout=10) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        _drop(server_url, name)


def _drop(server_url: str, name: str, attempts: int = 10) -> None:
    """Drop a test database; ``WITH (FORCE)`` may be refused while PostgreSQL's own
    background worker (autovacuum) is in it, so that refusal is retried for a few seconds."""
    statement = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    for attempt in range(attempts):
        try:
            with psycopg.connect(_dsn(server_url), autocommit=True, connect_timeout=10) as conn:
                conn.execute(statement)
            return
        except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectInUse):
            if attempt == attempts - 1:
                raise
            time.sleep(0.3 * (attempt + 1))


def sqlite_file_url(directory: Path, name: str = "antrean.db") -> str:
    return f"sqlite:///{(directory / name).resolve().as_posix()}"
