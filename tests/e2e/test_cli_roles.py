"""The role matrix through the command line as real processes, a fixed sample in CI
(``tests/e2e/cli_roles_sweep.py`` is the full sweep: every guarded command × nobody, a clerk,
a supervisor and an admin).

Each cell runs one ``antrean`` process on its own copy of one prepared hall and asserts the
exit code (0 allowed, 9 nobody, 12 a role without the permission) and, for a refusal, that
no row of the database changed (the refused person's own ``sign_in`` audit row aside).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.cli_roles_sweep import (
    ACTORS,
    ROLE_OF,
    ROWS,
    Hall,
    Row,
    dump,
    expected_exit,
    prepare,
    run_cell,
    sample_cells,
)

SAMPLE = sample_cells()


@pytest.fixture(scope="module")
def hall(tmp_path_factory: pytest.TempPathFactory) -> Hall:
    return prepare(tmp_path_factory.mktemp("roles-hall"))


def test_the_sample_covers_every_group_and_actor() -> None:
    pairs = {(frozenset(row.allowed), ROLE_OF[user]) for row, user in SAMPLE}
    groups = {frozenset(row.allowed) for row in ROWS}
    assert pairs == {(g, ROLE_OF[u]) for g in groups for u in ACTORS}
    assert len(SAMPLE) <= 26  # CI time: about a second a process


@pytest.mark.parametrize(
    ("row", "user"),
    SAMPLE,
    ids=[f"{row.name}-{ROLE_OF[user]}" for row, user in SAMPLE],
)
def test_a_guarded_command_as_each_actor(
    hall: Hall, tmp_path: Path, row: Row, user: str | None
) -> None:
    cell = run_cell(hall, row, user, tmp_path / "cell")
    assert cell.got == expected_exit(row, user), cell.output
    if cell.expected != 0:
        assert cell.unchanged is True, f"{row.name} refused for {cell.actor} changed the hall"


def test_the_unchanged_check_sees_a_change(hall: Hall, tmp_path: Path) -> None:
    """An allowed command changes the dump the refusals are compared with (so a refusal that
    changed something could not pass unseen)."""
    row = next(r for r in ROWS if r.name == "counter set")
    cell = run_cell(hall, row, "kapolsek", tmp_path / "cell")
    assert cell.got == 0, cell.output
    assert dump(tmp_path / "cell" / "hall.db") != dump(hall.path)
