"""How long one ``antrean`` command takes, from process start to exit.

Button boxes, monitoring and scripts run the command line once per action, so its start-up
is what they wait for. Each command runs N times as a fresh ``python -m app.cli`` process on
an SQLite file in a temporary folder (initialised once, not timed); the figures are the
medians of the wall times. ``--repo`` times another copy of the code (for instance an
unpacked ``git archive`` of an older commit) with the same interpreter.

    .venv/bin/python bench/cli_startup.py [--runs 30] [--repo PATH]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMANDS: dict[str, list[str]] = {
    "--help": ["--help"],
    "status": ["status"],
    "ticket issue --service A": ["ticket", "issue", "--service", "A"],
}
TARGETS_MS = {"--help": 150.0, "status": 300.0, "ticket issue --service A": 300.0}


def _run(repo: Path, env: dict[str, str], words: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", *words],
        cwd=repo,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"antrean {' '.join(words)} failed: {done.stderr.decode()[-500:]}")
    return elapsed * 1000


def measure(repo: Path, runs: int) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory(prefix="antrean-cli-bench-") as tmp:
        env = {
            **os.environ,
            "ANTREAN_DATA_DIR": tmp,
            "ANTREAN_CONFIG": str(Path(tmp) / "none.toml"),
            "ANTREAN_DB_URL": f"sqlite:///{Path(tmp) / 'hall.db'}",
        }
        env.pop("PYTHONPATH", None)
        _run(repo, env, ["init"])
        for words in COMMANDS.values():  # warm the page cache and the bytecode
            _run(repo, env, words)
        times: dict[str, list[float]] = {name: [] for name in COMMANDS}
        for _ in range(runs):  # interleaved, so a change in the machine's load hits all alike
            for name, words in COMMANDS.items():
                times[name].append(_run(repo, env, words))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--repo", type=Path, default=ROOT, help="the code to time")
    args = parser.parse_args()
    times = measure(args.repo.resolve(), args.runs)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{args.repo}  ({args.runs} runs each, load average {load:.2f})")
    print(f"{'command':<28}{'median ms':>10}{'min ms':>9}{'max ms':>9}  target")
    failed = False
    for name, samples in times.items():
        median = statistics.median(samples)
        ok = median <= TARGETS_MS[name]
        failed = failed or not ok
        print(
            f"{name:<28}{median:>10.0f}{min(samples):>9.0f}{max(samples):>9.0f}"
            f"  {'PASS' if ok else 'FAIL'} ≤ {TARGETS_MS[name]:.0f}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
