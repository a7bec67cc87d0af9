"""Size and start-up times of the built bundle (docs/benchmarks.md, "Bundle size and cold start").

    .venv/bin/python installer/measure_bundle.py [dist/antrean] [--runs 7]

Each command runs ``--runs`` times in a fresh HOME/XDG set-up against an initialised SQLite
file; it prints the first, median, min and max wall time of the whole process.
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


def _timed(args: list[str], env: dict[str, str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("bundle", nargs="?", default="dist/antrean", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    bundle: Path = args.bundle.resolve()
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    size = sum(p.stat().st_size for p in files)
    print(f"{bundle}: {size / 1e6:.0f} MB in {len(files)} files")
    with tempfile.TemporaryDirectory() as scratch:
        env = dict(os.environ, HOME=scratch)
        for name in ("DATA", "CACHE", "CONFIG", "STATE"):
            env[f"XDG_{name}_HOME"] = f"{scratch}/{name.lower()}"
        db = f"sqlite:///{scratch}/antrean.db"
        antrean = str(bundle / "antrean")
        subprocess.run([antrean, "--db", db, "init"], check=True, capture_output=True, env=env)
        for label, command in (
            ("--version", [antrean, "--version"]),
            ("doctor --no-printer", [antrean, "--db", db, "doctor", "--no-printer"]),
        ):
            t = _timed(command, env, args.runs)
            print(
                f"antrean {label}: median {statistics.median(t):.2f} s "
                f"(first {t[0]:.2f}, min {min(t):.2f}, max {max(t):.2f}, {args.runs} runs)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
