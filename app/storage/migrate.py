"""Schema migrations with Alembic, run by the app itself on start.

Before anything is written, the database must be Antrean's: empty (a new hall), or holding
an ``alembic_version`` row this build knows. Another application's database — tables but no
Antrean revision — is refused with ``ConfigError`` and left exactly as it was (an SQLite file
is first read through a read-only connection, so not even its journal mode changes); so are
a file that is not SQLite and a damaged one. A database whose schema is newer than this
build knows is refused with ``SchemaTooNew`` rather than used half-understood. On PostgreSQL
an advisory lock keeps two PCs starting at the same moment from migrating twice.

Every command opens the database, so ``ensure_schema`` first reads the revision with one query
and loads Alembic only when it is not ``SCHEMA_HEAD`` (a new, old, newer or foreign database).
"""

from __future__ import annotations

import logging
import re
import sqlite3
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy import exc as sa_exc

from app.domain.errors import ConfigError, SchemaTooNew
from app.i18n import N_
from app.storage.engine import BUSY_TIMEOUT_MS, opening_error, sqlite_path

if TYPE_CHECKING:  # Alembic loads only when the schema is not at SCHEMA_HEAD
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_LOCK_KEY = 74_150_001
VERSION_TABLE = "alembic_version"
# Tables only an Antrean database has; with an unknown revision they mean "newer Antrean".
_OWN_MARKERS = frozenset({"queue_events", "tickets"})
_REVISION_LINE = re.compile(
    r"""^(down_revision|revision)\s*(?::[^=]*)?=\s*(?:["']([^"']+)["']|None)\s*$""",
    re.MULTILINE,
)


def script_head(versions: Path = MIGRATIONS_DIR / "versions") -> str | None:
    """The newest revision among the migration scripts, read without loading Alembic.

    Reads each script's ``revision = "..."`` and ``down_revision = ...`` lines (a fraction of
    a millisecond for a handful of files) and returns the one revision no other script builds
    on; None when that is not exactly one (a branch, an unreadable script), which makes
    ``ensure_schema`` take the full Alembic way. Being read from the scripts, it can never
    lag behind a new migration the way a hand-kept constant could.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    try:
        scripts = sorted(versions.glob("*.py"))
        for script in scripts:
            found = dict(
                (m.group(1), m.group(2)) for m in _REVISION_LINE.finditer(script.read_text("utf-8"))
            )
            if found.get("revision"):
                revisions.add(str(found["revision"]))
            if found.get("down_revision"):
                parents.add(str(found["down_revision"]))
    except (OSError, UnicodeDecodeError) as exc:
        log.debug("reading the migration scripts: %s", exc)
        return None
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


# The newest revision in migrations/versions, known without loading Alembic (a test checks it
# against Alembic's own): a database already at it needs one cheap query, not a migration run.
SCHEMA_HEAD = script_head()


def alembic_config(url: str = "") -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def known_head() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def is_known_revision(revision: str) -> bool:
    from alembic.script import ScriptDirectory

    try:
        ScriptDirectory.from_config(alembic_config()).get_revision(revision)
    except Exception:  # alembic raises several types for an unknown id
        return False
    return True


def check_ours(tables: set[str], revision: str | None, where: str) -> None:
    """Refuse a database that is not (or not yet known to be) Antrean's.

    ``tables`` are the names in the database, ``revision`` its alembic revision (None when
    it has none). Raises ``ConfigError`` for another application's database and
    ``SchemaTooNew`` for a newer Antrean schema; returns for an empty or known database.
    """
    if revision is None and not tables - {VERSION_TABLE}:
        return  # a new database
    if revision is not None and is_known_revision(revision):
        return
    if revision is not None and tables >= _OWN_MARKERS:
        raise SchemaTooNew(
            N_(
                "Skema basis data ({revision}) lebih baru dari versi aplikasi ini. "
                "Perbarui Antrean di PC ini."
            ),
            revision=revision,
        )
    shown = ", ".join(sorted(tables - {VERSION_TABLE})[:3]) or VERSION_TABLE
    raise ConfigError(
        N_(
            "{where} berisi data aplikasi lain (tabel {shown}); Antrean tidak "
            "mengubahnya. Pilih basis data kosong atau milik Antrean."
        ),
        where=where,
        shown=shown,
        tables=sorted(tables)[:20],
    )


def check_sqlite_file(path: Path) -> None:
    """Read an existing SQLite file without writing to it; refuse it unless it is Antrean's.

    Raises ``ConfigError`` for a file that is not SQLite, a damaged one or another
    application's; ``StorageUnavailable`` when it cannot be read.
    """
    if not path.is_file() or path.stat().st_size == 0:
        return  # new or empty: SQLite makes it ours
    uri = f"file:{urllib.parse.quote(path.as_posix())}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise _known(exc, path) from exc
    try:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        tables = {str(name) for (name,) in rows}
        revision = None
        if VERSION_TABLE in tables:
            found = conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
            revision = str(found[0]) if found else None
    except sqlite3.Error as exc:
        raise _known(exc, path) from exc
    finally:
        conn.close()
    check_ours(tables, revision, path.as_posix())


def _known(exc: sqlite3.Error, path: Path) -> Exception:
    known = opening_error(exc, f"sqlite:///{path.as_posix()}")
    return known if known is not None else exc


def ensure_schema(engine: Engine) -> str:
    """``migrate(engine)``, skipped when one query finds the schema at ``SCHEMA_HEAD``.

    The query reads ``alembic_version`` only: on SQLite through a read-only connection (as
    ``check_sqlite_file`` does, so a foreign file is not touched), on PostgreSQL through the
    engine. Anything else — no such table, another revision, an error — goes the full way
    through ``migrate``, which migrates or refuses exactly as it always does.
    """
    if SCHEMA_HEAD is not None and _revision_cheaply(engine) == SCHEMA_HEAD:
        return SCHEMA_HEAD
    return migrate(engine)


def _revision_cheaply(engine: Engine) -> str | None:
    """The ``alembic_version`` row, or None when it cannot be read in one plain query."""
    query = f"SELECT version_num FROM {VERSION_TABLE}"
    path = sqlite_path(engine.url)
    if engine.dialect.name == "sqlite":
        if path is None or not path.is_file():
            return None
        uri = f"file:{urllib.parse.quote(path.as_posix())}?mode=ro"
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
            try:
                rows = conn.execute(query).fetchall()
            finally:
                conn.close()
        except sqlite3.Error:
            return None
    else:
        try:
            with engine.connect() as pg:
                rows = [tuple(row) for row in pg.execute(text(query))]
        except sa_exc.DBAPIError:
            return None
    return str(rows[0][0]) if len(rows) == 1 else None


def migrate(engine: Engine) -> str:
    """Bring the schema to the newest revision; return it.

    Raises ``ConfigError`` for a database that is not Antrean's (another application's
    tables, not SQLite, damaged), ``SchemaTooNew`` for a newer schema and
    ``StorageUnavailable`` when the database cannot be reached or written. A refused
    database is not changed.
    """
    path = sqlite_path(engine.url)
    if path is not None:
        check_sqlite_file(path)
    try:
        revision = _upgrade(engine)
    except sa_exc.DBAPIError as exc:
        known = opening_error(exc, engine.url)
        if known is None:
            raise
        raise known from exc
    log.info("database schema at revision %s", revision)
    return revision or ""


def _upgrade(engine: Engine) -> str | None:
    postgres = engine.dialect.name == "postgresql"
    with engine.connect() as conn:
        if postgres:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _LOCK_KEY})
            conn.commit()
        try:
            tables = set(inspect(conn).get_table_names())
            check_ours(tables, current_revision(conn), _where_of(engine))
            conn.rollback()
            from alembic import command

            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()
            revision = current_revision(conn)
            conn.rollback()
        finally:
            if postgres:
                _unlock(conn)
    return revision


def _unlock(conn: Connection) -> None:
    try:
        conn.rollback()  # an error above leaves the transaction aborted
        conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _LOCK_KEY})
        conn.commit()
    except sa_exc.DBAPIError:
        conn.invalidate()  # closing the server session releases its lock as well


def _where_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)
