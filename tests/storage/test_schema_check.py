"""Opening a database at the current schema costs one query and never loads Alembic.

``SCHEMA_HEAD`` is read from the migration scripts themselves, so a new migration can never
leave it behind (a database one revision old would otherwise be taken as current).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from app.domain.errors import SchemaTooNew
from app.ports import ManualClock
from app.storage.engine import make_engine
from app.storage.migrate import MIGRATIONS_DIR, SCHEMA_HEAD, ensure_schema, known_head, script_head
from tests.conftest import make_core

ROOT = Path(__file__).resolve().parents[2]


def test_the_head_read_from_the_scripts_is_alembics() -> None:
    assert SCHEMA_HEAD is not None
    assert script_head() == SCHEMA_HEAD == known_head()


def test_a_new_migration_script_moves_the_head(tmp_path: Path) -> None:
    versions = tmp_path / "versions"
    shutil.copytree(MIGRATIONS_DIR / "versions", versions)
    (versions / "0099_next.py").write_text(
        f'"""A later migration."""\n\nrevision: str = "0099"\ndown_revision = "{SCHEMA_HEAD}"\n',
        encoding="utf-8",
    )
    assert script_head(versions) == "0099"


def test_two_heads_or_no_scripts_give_no_head(tmp_path: Path) -> None:
    versions = tmp_path / "versions"
    shutil.copytree(MIGRATIONS_DIR / "versions", versions)
    (versions / "0099_branch.py").write_text(
        'revision = "0099"\ndown_revision = "0001"\n', encoding="utf-8"
    )
    assert script_head(versions) is None  # ensure_schema then goes the full Alembic way
    assert script_head(tmp_path / "missing") is None


def _statements_during_ensure(url: str) -> list[str]:
    engine = make_engine(url)
    seen: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _count(_c: Any, _cur: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    try:
        assert ensure_schema(engine) == SCHEMA_HEAD
    finally:
        engine.dispose()
    return seen


def test_a_current_database_is_checked_with_one_query(db_url: str, clock: ManualClock) -> None:
    make_core(db_url, clock, seed=False).close()  # migrated to the head
    statements = _statements_during_ensure(db_url)
    if db_url.startswith("sqlite"):
        assert statements == []  # read through a read-only sqlite3 connection of its own
    else:
        assert statements == ["SELECT version_num FROM alembic_version"]


def test_a_current_database_opens_without_alembic(db_url: str, clock: ManualClock) -> None:
    make_core(db_url, clock, seed=False).close()
    probe = (
        "import json, sys\n"
        "from app.storage.engine import make_engine\n"
        "from app.storage.migrate import ensure_schema\n"
        f"revision = ensure_schema(make_engine({db_url!r}))\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'alembic')\n"
        "print(json.dumps({'revision': revision, 'alembic': loaded}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    found = json.loads(done.stdout)
    assert found == {"revision": SCHEMA_HEAD, "alembic": []}


def test_another_revision_goes_the_full_way(db_url: str, clock: ManualClock) -> None:
    make_core(db_url, clock, seed=False).close()
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
        with pytest.raises(SchemaTooNew):  # refused by migrate(), as before this check
            ensure_schema(engine)
    finally:
        engine.dispose()
