"""Size and start-up times of the built bundle (docs/benchmarks.md, "Bundle size and cold start").

    .venv/bin/python installer/measure_bundle.py [dist/antrean] [--runs 7] [--cold]

Each command runs ``--runs`` times in a fresh HOME/XDG set-up against an initialised SQLite
file; it prints the median, min and max wall time of the whole process and its CPU time (user
+ system, of the process and its children). Last, the display window (offscreen): the time
from its start to its first ``run/display-status.json``, when it has loaded and drawn the queue
(its CPU time includes the shutdown after that). Without ``--cold`` the file cache is warm (the
first run may already find the bundle cached, from the build or an earlier run); ``--cold``
empties the kernel's page cache before every run (``sync; echo 3 > /proc/sys/vm/drop_caches``,
root only), so each start reads the bundle from disk as after a reboot.
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

DROP_CACHES = Path("/proc/sys/vm/drop_caches")


def _drop_caches() -> None:
    os.sync()
    DROP_CACHES.write_text("3\n")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(
    args: list[str], env: dict[str, str], runs: int, cold: bool
) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for _ in range(runs):
        if cold:
            _drop_caches()
        cpu = _children_cpu()
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, env=env)
        walls.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - cpu)
    return walls, cpus


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("bundle", nargs="?", default="dist/antrean", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cold", action="store_true", help="drop the page cache before each run")
    args = parser.parse_args()
    bundle: Path = args.bundle.resolve()
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    size = sum(p.stat().st_size for p in files)
    print(f"{bundle}: {size / 1e6:.0f} MB in {len(files)} files")
    if args.cold:
        try:
            _drop_caches()
        except OSError as exc:
            print(f"--cold needs root and a writable {DROP_CACHES}: {exc}", file=sys.stderr)
            return 2
    cache = "cold (page cache dropped before each run)" if args.cold else "warm file cache"
    with tempfile.TemporaryDirectory() as scratch:
        env = dict(os.environ, HOME=scratch)
        for name in ("DATA", "CACHE", "CONFIG", "STATE"):
            env[f"XDG_{name}_HOME"] = f"{scratch}/{name.lower()}"
        env.pop("ANTREAN_DB_URL", None)
        env.pop("ANTREAN_CONFIG", None)
        db = f"sqlite:///{scratch}/antrean.db"
        antrean = str(bundle / "antrean")
        subprocess.run([antrean, "--db", db, "init"], check=True, capture_output=True, env=env)
        for label, command in (
            ("--version", [antrean, "--version"]),
            ("doctor --no-printer", [antrean, "--db", db, "doctor", "--no-printer"]),
        ):
            t, cpu = _timed(command, env, args.runs, args.cold)
            _report(f"antrean {label}, {cache}", t, cpu, args.runs)
        status = Path(env["XDG_DATA_HOME"]) / "antrean" / "run" / "display-status.json"
        window = [antrean, "--db", db, "display", "--silent", "--no-watchdog"]
        t, cpu = _window_times(window, env, status, args.runs, args.cold)
        _report(f"display window showing the queue (offscreen), {cache}", t, cpu, args.runs)
    return 0


def _report(label: str, t: list[float], cpu: list[float], runs: int) -> None:
    print(
        f"{label}: median {statistics.median(t):.2f} s wall, "
        f"{statistics.median(cpu):.2f} s CPU (first {t[0]:.2f}, min {min(t):.2f}, "
        f"max {max(t):.2f}, {runs} runs)"
    )


def _window_times(
    args: list[str], env: dict[str, str], status: Path, runs: int, cold: bool
) -> tuple[list[float], list[float]]:
    """From start to the display's first ``display-status.json`` (it has loaded the queue
    and drawn it), offscreen; CPU time of the whole window process (it runs until stopped)."""
    walls, cpus = [], []
    env = dict(env, QT_QPA_PLATFORM="offscreen")
    for _ in range(runs):
        status.unlink(missing_ok=True)
        if cold:
            _drop_caches()
        cpu = _children_cpu()
        start = time.perf_counter()
        proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while not status.exists():
            if proc.poll() is not None or time.perf_counter() - start > 60:
                proc.kill()
                raise SystemExit(f"the display did not show the queue (exit {proc.poll()})")
            time.sleep(0.01)
        walls.append(time.perf_counter() - start)
        proc.terminate()
        proc.wait(timeout=30)
        cpus.append(_children_cpu() - cpu)
    return walls, cpus


if __name__ == "__main__":
    sys.exit(main())
