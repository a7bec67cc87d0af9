"""Schema migrations with Alembic, run by the app itself on start.

A database whose schema is newer than this build knows is refused with a clear error rather
than used half-understood. On PostgreSQL an advisory lock keeps two PCs starting at the same
moment from migrating twice.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from app.domain.errors import SchemaTooNew

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_LOCK_KEY = 74_150_001


def alembic_config(url: str = "") -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def known_head() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def check_not_newer(conn: Connection) -> None:
    current = current_revision(conn)
    if current is None:
        return
    script = ScriptDirectory.from_config(alembic_config())
    try:
        script.get_revision(current)
    except Exception as exc:  # alembic raises several types for an unknown id
        raise SchemaTooNew(
            f"Skema basis data ({current}) lebih baru dari versi aplikasi ini. "
            "Perbarui Antrean di PC ini.",
            f"The database schema ({current}) is newer than this version of Antrean "
            "knows. Update Antrean on this PC.",
            revision=current,
        ) from exc


def migrate(engine: Engine) -> str:
    """Bring the schema to the newest revision; return it."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _LOCK_KEY})
            conn.commit()
        try:
            check_not_newer(conn)
            conn.rollback()
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()
            revision = current_revision(conn)
            conn.rollback()
        finally:
            if engine.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _LOCK_KEY})
                conn.commit()
    log.info("database schema at revision %s", revision)
    return revision or ""
