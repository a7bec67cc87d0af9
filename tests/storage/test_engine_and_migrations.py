"""Engine set-up and schema migrations on real SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from app.domain.errors import ConfigError, SchemaTooNew, StorageUnavailable
from app.storage.engine import make_engine
from app.storage.migrate import (
    SCHEMA_HEAD,
    alembic_config,
    ensure_schema,
    known_head,
    migrate,
)
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
    with pytest.raises(ConfigError, match="SQLite or PostgreSQL"):
        make_engine("mysql://x@localhost/db")


def test_another_applications_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "kasir.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE sales (id INTEGER PRIMARY KEY, total INTEGER)")
    conn.close()
    before = path.read_bytes()
    engine = make_engine(f"sqlite:///{path}")
    try:
        with pytest.raises(ConfigError, match="another application") as err:
            migrate(engine)
        assert "sales" in err.value.message("id")
    finally:
        engine.dispose()
    assert path.read_bytes() == before  # not even the journal mode changed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kasir.db"]


def test_an_empty_file_becomes_an_antrean_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    engine = make_engine(f"sqlite:///{path}")
    try:
        assert migrate(engine) == known_head()
    finally:
        engine.dispose()


def test_a_file_that_is_not_sqlite_is_a_configuration_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"just some notes\n" * 100)
    engine = make_engine(f"sqlite:///{path}")
    try:
        with pytest.raises(ConfigError, match="not an SQLite database"):
            migrate(engine)
        assert path.read_bytes() == b"just some notes\n" * 100
    finally:
        engine.dispose()


def test_a_damaged_database_is_a_configuration_error(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    migrate(engine)
    engine.dispose()
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    engine = make_engine(sqlite_url)
    try:
        with pytest.raises(ConfigError, match="damaged"):
            migrate(engine)
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "url",
    [
        "bukan sebuah URL",
        "foo://127.0.0.1/antrean",
        "postgresql+nodriver://a@127.0.0.1/x",
        "postgresql+psycopg://a@127.0.0.1:abc/x",
    ],
)
def test_a_url_that_names_no_usable_database_is_a_configuration_error(url: str) -> None:
    with pytest.raises(ConfigError):
        make_engine(url)


def test_a_folder_is_not_a_database_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="folder"):
        make_engine(f"sqlite:///{tmp_path}")


def test_a_server_that_does_not_answer_is_unavailable() -> None:
    engine = make_engine("postgresql://antrean@127.0.0.1:1/antrean")  # psycopg 3 is chosen
    try:
        with pytest.raises(StorageUnavailable, match="cannot be reached"):
            migrate(engine)
    finally:
        engine.dispose()


def test_another_applications_postgres_database_is_refused(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE invoices (id serial PRIMARY KEY)"))
        with pytest.raises(ConfigError, match="invoices"):
            migrate(engine)
        assert set(inspect(engine).get_table_names()) == {"invoices"}
    finally:
        engine.dispose()


def test_an_unknown_revision_without_antrean_tables_is_foreign(sqlite_url: str) -> None:
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        conn.execute("INSERT INTO alembic_version VALUES ('abc123')")
        conn.execute("CREATE TABLE orders (id INTEGER)")
    conn.close()
    engine = make_engine(sqlite_url)
    try:
        with pytest.raises(ConfigError, match="orders"):
            migrate(engine)
    finally:
        engine.dispose()


def test_the_known_head_constant_is_the_migration_scripts_head() -> None:
    assert known_head() == SCHEMA_HEAD


def test_the_cheap_version_check_migrates_an_old_database(db_url: str) -> None:
    from alembic import command

    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0001")
            conn.commit()
        assert ensure_schema(engine) == SCHEMA_HEAD
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).all() == [
                (SCHEMA_HEAD,)
            ]
            assert "queue_key" in {c["name"] for c in inspect(conn).get_columns("tickets")}
    finally:
        engine.dispose()


def test_the_cheap_version_check_creates_a_new_database(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert ensure_schema(engine) == SCHEMA_HEAD
        assert ensure_schema(engine) == SCHEMA_HEAD
        assert "tickets" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_the_cheap_version_check_refuses_a_newer_schema(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        ensure_schema(engine)
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999_later'"))
        with pytest.raises(SchemaTooNew, match="9999_later"):
            ensure_schema(engine)
    finally:
        engine.dispose()


def test_the_cheap_version_check_refuses_a_foreign_sqlite_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "kasir.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE sales (id INTEGER PRIMARY KEY, total INTEGER)")
    conn.close()
    before = path.read_bytes()
    engine = make_engine(f"sqlite:///{path}")
    try:
        with pytest.raises(ConfigError, match="another application"):
            ensure_schema(engine)
    finally:
        engine.dispose()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kasir.db"]


def test_a_database_at_the_head_is_opened_without_loading_alembic(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        migrate(engine)
    finally:
        engine.dispose()
    probe = (
        "import sys\n"
        "from app.storage.engine import make_engine\n"
        "from app.storage.migrate import ensure_schema\n"
        "engine = make_engine(sys.argv[1])\n"
        "print(ensure_schema(engine))\n"
        "engine.dispose()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, db_url], capture_output=True, text=True, check=True
    )
    assert done.stdout.split("\n")[:2] == [SCHEMA_HEAD, "[]"]
