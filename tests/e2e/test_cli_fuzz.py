"""Fuzz of the ``antrean`` command line: bad values in every flag, as real processes.

A fixed, small sample (``derandomize``: the same inputs on every run) on SQLite and on
PostgreSQL; each input must keep the promises listed in ``tests/e2e/cli_fuzz.py`` — a
documented exit code, never 1; no traceback; JSON under ``--json``; one sentence otherwise;
and a refusal changes nothing. The full sweep (hundreds of inputs) is
``python -m tests.e2e.fuzz_cli_sweep``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from tests.e2e.cli_fuzz import CliInput, cli_inputs, judge, run_cli

pytestmark = pytest.mark.slow
EXAMPLES = 12  # per engine: about a second each (the full sweep: fuzz_cli_sweep.py)


@pytest.fixture
def hall(db_url: str, tmp_path: Path) -> tuple[str, Path]:
    """A seeded hall with one waiting ticket, and the data dir its processes use."""
    for argv in (["init"], ["ticket", "issue", "--service", "A"]):
        done = run_cli(db_url, argv, tmp_path)
        assert done.returncode == 0, done.stderr
    return db_url, tmp_path


def test_bad_input_keeps_the_promises(hall: tuple[str, Path]) -> None:
    db_url, env_dir = hall

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: each step is a process
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(case=cli_inputs())
    def one(case: CliInput) -> None:
        verdict = judge(case, db_url, env_dir)
        assert not verdict.problems, verdict.describe()

    one()
