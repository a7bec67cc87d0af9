"""Every bad ``--db`` target gives its documented exit code and one plain sentence.

A text file, a folder, a damaged or another application's database are configuration
errors (7) and stay untouched; a file or folder Antrean cannot write and a server it cannot
reach are "database unavailable" (11). The table is ``tests/e2e/db_targets.py``; every
other target is opened with ``--json``. Each target is one real ``antrean status``
process; two run at a time.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.e2e.db_targets import TARGETS, Target, check_target, nobody_prefix
from tests.support.databases import pg_required

pytestmark = pytest.mark.slow


def test_each_bad_database_target_gets_its_exit_code(pg_server_url: str | None) -> None:
    if pg_server_url is None and pg_required():
        pytest.fail("PostgreSQL is required (ANTREAN_REQUIRE_PG=1) but unavailable")
    prefix = nobody_prefix()  # file modes do not bind root: drop to 'nobody' for those
    runnable = [
        t
        for t in TARGETS
        if (pg_server_url is not None or not t.needs_pg)
        and (prefix is not None or not t.needs_permissions)
    ]

    def check(target: Target) -> str:
        json_mode = TARGETS.index(target) % 2 == 1
        return check_target(target, pg_server_url, prefix or [], json_mode=json_mode)

    with ThreadPoolExecutor(max_workers=2) as pool:
        problems = dict(zip(runnable, pool.map(check, runnable), strict=True))
    failed = {str(t): p for t, p in problems.items() if p}
    assert not failed, "\n".join(f"{name}: {p}" for name, p in failed.items())
