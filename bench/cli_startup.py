"""How long one ``antrean`` command takes, from process start to exit.

Button boxes, monitoring and scripts run the command line once per action, so its start-up
is what they wait for. Each command runs N times as a fresh ``python -m app.cli`` process on
an SQLite file in a temporary folder (initialised once, not timed); the figures are the
medians of the wall times. ``--repo`` times another copy of the code (for instance an
unpacked ``git archive`` of an older commit) with the same interpreter; given more than once,
the copies take turns run by run (each on its own database), so that a change in the
machine's load hits every copy alike and their ratio stays fair.

    .venv/bin/python bench/cli_startup.py [--runs 30] [--repo PATH [--repo PATH ...]]
"""

from __future__ import annotations

import argparse
import os
import resource
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


CPU: dict[str, list[float]] = {}  # CPU ms (user + system) of each command's process, by key


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cpu(n: int, name: str) -> float:
    return statistics.median(CPU[f"{n}:{name}"])


def _run(repo: Path, env: dict[str, str], words: list[str], key: str = "") -> float:
    """Wall ms of one command; its CPU ms go to ``CPU[key]`` (less moved by others' load)."""
    cpu_before = _children_cpu()
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
    if key:
        CPU.setdefault(key, []).append((_children_cpu() - cpu_before) * 1000)
    if done.returncode != 0:
        raise SystemExit(f"antrean {' '.join(words)} failed: {done.stderr.decode()[-500:]}")
    return elapsed * 1000


def measure(repos: list[Path], runs: int) -> list[dict[str, list[float]]]:
    """Wall times per repo and command; every run times every command of every repo."""
    with tempfile.TemporaryDirectory(prefix="antrean-cli-bench-") as tmp:
        envs = []
        for n, repo in enumerate(repos):
            folder = Path(tmp) / str(n)
            folder.mkdir()
            env = {
                **os.environ,
                "ANTREAN_DATA_DIR": str(folder),
                "ANTREAN_CONFIG": str(folder / "none.toml"),
                "ANTREAN_DB_URL": f"sqlite:///{folder / 'hall.db'}",
            }
            env.pop("PYTHONPATH", None)
            _run(repo, env, ["init"])
            for words in COMMANDS.values():  # warm the page cache and the bytecode
                _run(repo, env, words)
            envs.append(env)
        times: list[dict[str, list[float]]] = [{name: [] for name in COMMANDS} for _ in repos]
        for _ in range(runs):  # interleaved, so a change in the machine's load hits all alike
            for n, repo in enumerate(repos):
                for name, words in COMMANDS.items():
                    times[n][name].append(_run(repo, envs[n], words, f"{n}:{name}"))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--repo", type=Path, action="append", help="the code to time (repeat to compare)"
    )
    args = parser.parse_args()
    repos = [r.resolve() for r in args.repo or [ROOT]]
    results = measure(repos, args.runs)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    failed = False
    for repo, times in zip(repos, results, strict=True):
        print(f"{repo}  ({args.runs} runs each, load average {load:.2f})")
        print(f"{'command':<28}{'median ms':>10}{'min ms':>9}{'max ms':>9}{'cpu ms':>8}  target")
        for name, samples in times.items():
            median = statistics.median(samples)
            cpu = _cpu(repos.index(repo), name)
            ok = median <= TARGETS_MS[name]
            failed = failed or not ok
            print(
                f"{name:<28}{median:>10.0f}{min(samples):>9.0f}{max(samples):>9.0f}{cpu:>8.0f}"
                f"  {'PASS' if ok else 'FAIL'} ≤ {TARGETS_MS[name]:.0f}"
            )
    if len(repos) > 1:
        first = results[0]
        for n, (repo, times) in enumerate(zip(repos[1:], results[1:], strict=True), start=1):
            ratios = ", ".join(
                f"{name} {statistics.median(times[name]) / statistics.median(first[name]):.2f}"
                f" (cpu {_cpu(n, name) / _cpu(0, name):.2f})"
                for name in COMMANDS
            )
            print(f"median ratio {repo.name} / {repos[0].name}: {ratios}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
