"""Shared helpers of the benchmarks: latency summaries, machine facts, a throwaway PostgreSQL."""

from __future__ import annotations

import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.domain.roles import Actor, Role  # noqa: E402

# The use cases' actor in benchmarks: an admin without an account (who may do everything).
BENCH_ACTOR = Actor(user_id=None, username="bench", role=Role.ADMIN, station="bench")

RESULTS_DIR = ROOT / "bench" / "results"
CACHE_DIR = ROOT / "bench" / ".cache"


@dataclass(frozen=True, slots=True)
class Summary:
    """Latency figures of one kind of operation, in milliseconds."""

    ops: int
    median_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float
    ops_per_s: float  # operations / wall time of the loop that ran them
    cpu_median_ms: float | None = None  # this process's own CPU time per operation

    def as_dict(self) -> dict[str, float]:
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(self).items()}


def timed(action: Callable[[int], object], n: int) -> tuple[list[float], list[float], float]:
    """Run ``action(i)`` n times: wall and CPU seconds of each call, and the loop's wall time."""
    latencies: list[float] = []
    cpu: list[float] = []
    started = time.perf_counter()
    for i in range(n):
        c0, t0 = time.process_time(), time.perf_counter()
        action(i)
        latencies.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return latencies, cpu, time.perf_counter() - started


def percentile(samples: Sequence[float], pct: float) -> float:
    """The ``pct``-th percentile by linear interpolation between closest ranks."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarize(latencies_s: Sequence[float], wall_s: float, cpu_s: Sequence[float] = ()) -> Summary:
    """Summarize per-operation latencies (seconds) run within ``wall_s`` seconds."""
    ms = [x * 1000 for x in latencies_s]
    return Summary(
        ops=len(ms),
        median_ms=statistics.median(ms),
        p99_ms=percentile(ms, 99),
        mean_ms=statistics.fmean(ms),
        max_ms=max(ms),
        ops_per_s=len(ms) / wall_s if wall_s > 0 else 0.0,
        cpu_median_ms=statistics.median(cpu_s) * 1000 if cpu_s else None,
    )


# --- machine -----------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _disk(path: Path) -> dict[str, Any]:
    """Size/free space of the file system holding ``path`` and what block device backs it."""
    usage = shutil.disk_usage(path)
    info: dict[str, Any] = {
        "size_gib": round(usage.total / 2**30, 1),
        "free_gib": round(usage.free / 2**30, 1),
    }
    try:
        out = subprocess.run(
            ["findmnt", "-n", "-o", "SOURCE,FSTYPE", "--target", str(path)],
            capture_output=True,
            text=True,
            check=False,
            timeout=5,
        ).stdout.split()
        if out:
            info["device"], info["fstype"] = out[0], out[1] if len(out) > 1 else ""
            name = Path(out[0]).name
            sys_block = Path("/sys/block") / name
            model = sys_block / "device" / "model"
            info["model"] = model.read_text().strip() if model.exists() else ""
            rot = sys_block / "queue" / "rotational"
            if rot.exists():
                info["rotational"] = rot.read_text().strip() == "1"
            if (sys_block / "device" / "features").exists() or name.startswith("vd"):
                info["kind"] = "virtio block device (virtual machine)"
    except (OSError, subprocess.SubprocessError):
        pass
    return info


def fsync_ms(directory: Path, rounds: int = 100) -> dict[str, float]:
    """How long one 4 KiB write + fsync takes here: the floor of a durable commit."""
    directory.mkdir(parents=True, exist_ok=True)
    probe = directory / "fsync-probe.tmp"
    times = []
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for _ in range(rounds):
            os.write(fd, b"\0" * 4096)
            started = time.perf_counter()
            os.fsync(fd)
            times.append((time.perf_counter() - started) * 1000)
    finally:
        os.close(fd)
        probe.unlink()
    return {
        "median_ms": round(statistics.median(times), 3),
        "p99_ms": round(percentile(times, 99), 3),
    }


def _load() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def machine_info(pg_version: str | None = None) -> dict[str, Any]:
    import sqlalchemy

    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gib": _ram_gib(),
        "disk": {**_disk(ROOT), "fsync_4k": fsync_ms(CACHE_DIR)},
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "sqlalchemy": sqlalchemy.__version__,
        "postgresql": pg_version,
    }


def load_avg() -> list[float]:
    return _load()


# --- PostgreSQL ----------------------------------------------------------------------------


@contextmanager
def pg_server(base_dir: Path) -> Iterator[Any]:
    """A throwaway PostgreSQL server (fsync off, like the test suite's) for the run."""
    from tests.support.pgserver import PgServer

    server = PgServer.start(base_dir)
    try:
        yield server
    finally:
        server.stop()


def pg_version(server: Any) -> str:
    import psycopg

    with psycopg.connect(server.dsn(), autocommit=True) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "?"


def durable(server: Any) -> None:
    """Undo the test cluster's speed settings so commits are flushed as in production.

    Then checkpoint, so that no checkpoint left over from loading lands in a measurement.
    """
    import psycopg

    with psycopg.connect(server.dsn("postgres", user="postgres"), autocommit=True) as conn:
        for name in ("fsync", "synchronous_commit", "full_page_writes"):
            conn.execute(f"ALTER SYSTEM SET {name} = on")
        conn.execute("SELECT pg_reload_conf()")
        conn.execute("CHECKPOINT")


# --- output --------------------------------------------------------------------------------


def write_json(path: Path, payload: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, sort_keys=False) + "\n", encoding="utf-8")


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table, right-aligned numbers."""
    cells = [[str(h) for h in headers]] + [[_cell(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        parts = [
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(parts))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if value < 1000 else f"{value:,.0f}"
    return str(value)
