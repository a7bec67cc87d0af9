"""The full CLI fuzz sweep, run by hand (CI runs a small fixed sample: test_cli_fuzz.py).

    .venv/bin/python -m tests.e2e.fuzz_cli_sweep [--examples 200] [--engine sqlite|postgres|both]
                                                [--no-targets] [--verbose]

PostgreSQL needs ANTREAN_TEST_PG_URL (``source /tmp/sharedpg.env`` or installer/run.sh's
server). Each input is one real ``antrean`` process (about a second each), judged by the
promises in ``tests/e2e/cli_fuzz.py``; then every bad ``--db`` target of
``tests/e2e/db_targets.py`` is opened once. Prints the failing inputs and one summary line
per part; exits 1 when anything failed.

Figures (200 inputs per engine, derandomized: the same inputs on every run):

* before (0106e3b): SQLite 73 of 200 inputs broke a promise, 38 of them exit 1 with a
  traceback; PostgreSQL 82 of 200, 47 with exit 1; bad ``--db`` targets 28 of 31.
* after (99de41f): 0 of 200 on each engine (exit codes 0: 22, 2: 141, 4: 20, 5: 17) and
  0 of 31 targets; 226 s + 279 s + 24 s on two shared cores.

"After" includes the services' own validation of setting values (InvalidSetting, exit 2).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

from tests.e2e.cli_fuzz import CliInput, Verdict, cli_inputs, judge, run_cli
from tests.e2e.db_targets import TARGETS, check_target, nobody_prefix
from tests.support.databases import PG_ENV, fresh_pg_database, sqlite_file_url


@contextmanager
def database(engine: str, folder: Path) -> Iterator[str]:
    if engine == "sqlite":
        yield sqlite_file_url(folder)
        return
    with fresh_pg_database(os.environ[PG_ENV], prefix="sweep") as url:
        yield url


def sweep(engine: str, examples: int, verbose: bool) -> list[Verdict]:
    verdicts: list[Verdict] = []
    with (
        tempfile.TemporaryDirectory(prefix="antrean-sweep-") as tmp,
        database(engine, Path(tmp)) as url,
    ):
        env_dir = Path(tmp)
        seeded = run_cli(url, ["init"], env_dir)
        if seeded.returncode != 0:
            raise SystemExit(f"init failed on {engine}: {seeded.stderr}")
        run_cli(url, ["ticket", "issue", "--service", "A"], env_dir)

        @settings(
            max_examples=examples,
            derandomize=True,
            deadline=None,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=cli_inputs())
        def one(case: CliInput) -> None:
            verdict = judge(case, url, env_dir)
            verdicts.append(verdict)
            if verbose:
                mark = "FAIL" if verdict.problems else "ok  "
                print(f"  {mark} exit {verdict.returncode}  antrean {case}", flush=True)

        one()
    return verdicts


def report(title: str, verdicts: list[Verdict], seconds: float) -> bool:
    failed = [v for v in verdicts if v.problems]
    for verdict in failed:
        print(verdict.describe())
    kinds = Counter(re.sub(r"^\d+ lines", "N lines", p) for v in failed for p in v.problems)
    codes = Counter(v.returncode for v in verdicts)
    print(
        f"{title}: {len(failed)} of {len(verdicts)} inputs broke a promise "
        f"({dict(kinds) or 'none'}); exit codes {dict(sorted(codes.items(), key=str))}; "
        f"{seconds:.0f} s"
    )
    return not failed


def open_targets(pg_url: str | None, verbose: bool) -> list[str]:
    failures: list[str] = []
    prefix = nobody_prefix()
    for target in TARGETS:
        if target.needs_pg and pg_url is None:
            print(f"  skip {target}: no PostgreSQL")
            continue
        if target.needs_permissions and prefix is None:
            print(f"  skip {target}: root without setpriv")
            continue
        problem = check_target(target, pg_url, prefix or [])
        if problem:
            failures.append(f"{target}: {problem}")
        if verbose or problem:
            print(f"  {'FAIL' if problem else 'ok  '} {target}: {problem or target.expected}")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=200, help="inputs per engine (0: none)")
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--no-targets", action="store_true", help="skip the bad --db targets")
    parser.add_argument("--verbose", action="store_true", help="one line per input")
    args = parser.parse_args(argv)
    pg_url = os.environ.get(PG_ENV)
    engines = ["sqlite", "postgres"] if args.engine == "both" else [args.engine]
    engines = engines if args.examples > 0 else []
    ok = True
    for engine in engines:
        if engine == "postgres" and not pg_url:
            print(f"postgres: skipped ({PG_ENV} is not set)")
            continue
        start = time.monotonic()
        verdicts = sweep(engine, args.examples, args.verbose)
        ok &= report(f"{engine} fuzz", verdicts, time.monotonic() - start)
    if not args.no_targets:
        start = time.monotonic()
        failures = open_targets(pg_url, args.verbose)
        runnable = [t for t in TARGETS if pg_url or not t.needs_pg]
        print(
            f"bad --db targets: {len(failures)} of {len(runnable)} broke a promise; "
            f"{time.monotonic() - start:.0f} s"
        )
        ok &= not failures
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
