"""Engine set-up and schema migrations on real SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from app.domain.errors import SchemaTooNew
from app.storage.engine import make_engine
from app.storage.migrate import known_head, migrate
from app.storage.uow import SqlUnitOfWork


def test_migrate_creates_every_table_and_is_idempotent(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert migrate(engine) == known_head()
        assert migrate(engine) == known_head()
        tables = set(inspect(engine).get_table_names())
        assert {
            "services",
            "counters",
            "counter_services",
            "users",
            "tickets",
            "queue_events",
            "settings",
            "feedback",
            "sync_state",
            "alembic_version",
        } <= tables
        uniques = inspect(engine).get_unique_constraints("tickets")
        assert any(
            set(u["column_names"]) == {"service_id", "business_date", "number"} for u in uniques
        )
    finally:
        engine.dispose()


def test_newer_schema_is_a_clear_error(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        migrate(engine)
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999_later'"))
        with pytest.raises(SchemaTooNew) as err:
            migrate(engine)
        assert "9999_later" in err.value.message("id")
    finally:
        engine.dispose()


def test_sqlite_is_durable_and_takes_the_write_lock_up_front(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    try:
        migrate(engine)
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
        path = Path(sqlite_url.removeprefix("sqlite:///"))
        with SqlUnitOfWork(engine) as uow:
            uow.session.execute(text("SELECT 1"))
            # BEGIN IMMEDIATE holds the write lock: another writer cannot start now.
            other = sqlite3.connect(path, timeout=0.05, isolation_level=None)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            other.close()
        with SqlUnitOfWork(engine, readonly=True) as uow:
            uow.session.execute(text("SELECT 1"))
            other = sqlite3.connect(path, timeout=0.05, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")  # readers do not block writers
            other.execute("ROLLBACK")
            other.close()
    finally:
        engine.dispose()


def test_unsupported_database_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        make_engine("mysql://x@localhost/db")
