"""How long one ``antrean`` command takes, from process start to exit.

Button boxes, monitoring and scripts run the command line once per action, so its start-up
is what they wait for. Each command runs N times as a fresh ``python -m app.cli`` process on
an SQLite file in a temporary folder (initialised once, not timed, with an admin and counter
1 opened to an unattended button box, so that ``call next --counter 1`` needs no sign-in);
the figures are the medians of the wall times, with the CPU time of the command's process
(and, with the server, of the server's work for it) beside them.

``--server both`` (the default) times every command twice per run: in its own process
(``ANTREAN_COMMAND_SERVER=off``, what every command did before ``antrean serve-commands``)
and answered by a command server started for the folder (``app/cli/command_server.py``).
``--repo`` times another copy of the code (for instance an unpacked ``git archive`` of an
older commit) with the same interpreter; copies and modes take turns run by run (each on its
own database), so that a change in the machine's load hits all alike and their ratios stay
fair. A copy without ``serve-commands`` is timed without the server only.

    .venv/bin/python bench/cli_startup.py [--runs 30] [--server both|on|off]
                                          [--repo PATH [--repo PATH ...]]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMANDS: dict[str, list[str]] = {
    "--help": ["--help"],
    "status": ["status"],
    "ticket issue --service A": ["ticket", "issue", "--service", "A"],
    "call next --counter 1": ["call", "next", "--counter", "1"],
}
TARGETS_MS = {"--help": 150.0, "status": 300.0, "ticket issue --service A": 300.0}
PASSWORD = "bench-rahasia-123"


@dataclass
class Copy:
    """One code copy in one mode, on its own data folder."""

    repo: Path
    server: bool
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None
    wall: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)
    server_cpu: dict[str, list[float]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.repo.name} {'with' if self.server else 'without'} the server"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _process_cpu(pid: int) -> float:
    """CPU seconds of a running process (Linux ``/proc``; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _run(copy: Copy, words: list[str], key: str = "", *, strict: bool = True) -> None:
    cpu_before = _children_cpu()
    server_before = _process_cpu(copy.process.pid) if copy.process else 0.0
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", *words],
        cwd=copy.repo,
        env=copy.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    elapsed = (time.perf_counter() - started) * 1000
    if done.returncode != 0 and strict:
        raise SystemExit(f"antrean {' '.join(words)} failed: {done.stderr.decode()[-500:]}")
    if key:
        copy.wall.setdefault(key, []).append(elapsed)
        copy.cpu.setdefault(key, []).append((_children_cpu() - cpu_before) * 1000)
        server = _process_cpu(copy.process.pid) - server_before if copy.process else 0.0
        copy.server_cpu.setdefault(key, []).append(server * 1000)


def _has_server(repo: Path) -> bool:
    return (repo / "app" / "cli" / "command_server.py").exists()


def _start_server(copy: Copy, folder: Path) -> None:
    copy.process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve-commands"],
        cwd=copy.repo,
        env=copy.env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    sock = folder / "run" / "commands.sock"
    deadline = time.monotonic() + 60
    while not (sock.exists() and (folder / "run" / "commands.key").exists()):
        if copy.process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the command server of {copy.repo} did not start")
        time.sleep(0.05)


@contextlib.contextmanager
def prepared(repos: list[Path], modes: list[bool]) -> Iterator[list[Copy]]:
    with tempfile.TemporaryDirectory(prefix="antrean-cli-bench-") as tmp:
        copies: list[Copy] = []
        try:
            for repo in repos:
                for server in modes:
                    if server and not _has_server(repo):
                        continue
                    folder = Path(tmp) / str(len(copies))
                    folder.mkdir()
                    env = {
                        **os.environ,
                        "ANTREAN_DATA_DIR": str(folder),
                        "ANTREAN_CONFIG": str(folder / "none.toml"),
                        "ANTREAN_DB_URL": f"sqlite:///{folder / 'hall.db'}",
                        "ANTREAN_PASSWORD": PASSWORD,
                        "ANTREAN_COMMAND_SERVER": "on" if server else "off",
                    }
                    env.pop("PYTHONPATH", None)
                    copy = Copy(repo, server, env)
                    _run(copy, ["init"])
                    # An older copy may have no admin or button box (and need none): not strict.
                    _run(copy, ["init", "--admin", "boss"], strict=False)
                    box = ["--user", "boss", "counter", "button-box", "--counter", "1", "on"]
                    _run(copy, box, strict=False)
                    if server:
                        _start_server(copy, folder)
                    for words in COMMANDS.values():  # warm the page cache, bytecode, server
                        _run(copy, words)
                    copies.append(copy)
            yield copies
        finally:
            for copy in copies:
                if copy.process is not None and copy.process.poll() is None:
                    copy.process.send_signal(signal.SIGTERM)
                    copy.process.wait(30)


def measure(copies: list[Copy], runs: int) -> None:
    for _ in range(runs):  # interleaved, so a change in the machine's load hits all alike
        for copy in copies:
            for name, words in COMMANDS.items():
                _run(copy, words, name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--server", choices=["both", "on", "off"], default="both")
    parser.add_argument(
        "--repo", type=Path, action="append", help="the code to time (repeat to compare)"
    )
    args = parser.parse_args()
    repos = [r.resolve() for r in args.repo or [ROOT]]
    modes = {"both": [False, True], "on": [True], "off": [False]}[args.server]
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    with prepared(repos, modes) as copies:
        measure(copies, args.runs)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    failed = False
    print(f"{args.runs} runs of each command; load average {load_before:.2f} → {load:.2f}")
    for copy in copies:
        print(f"\n{copy.label}  ({copy.repo})")
        print(
            f"{'command':<28}{'median ms':>10}{'min ms':>9}{'max ms':>9}{'cpu ms':>8}"
            f"{'server cpu':>11}  target"
        )
        for name, samples in copy.wall.items():
            median = statistics.median(samples)
            cpu = statistics.median(copy.cpu[name])
            server = statistics.median(copy.server_cpu[name]) if copy.process else 0.0
            target = TARGETS_MS.get(name)
            verdict = ""
            if target is not None:
                ok = median <= target
                failed = failed or (copy.server and not ok)
                verdict = f"{'PASS' if ok else 'FAIL'} ≤ {target:.0f}"
            print(
                f"{name:<28}{median:>10.0f}{min(samples):>9.0f}{max(samples):>9.0f}"
                f"{cpu:>8.0f}{server:>11.0f}  {verdict}"
            )
    first = copies[0]
    for copy in copies[1:]:
        ratios = ", ".join(
            f"{name} {statistics.median(copy.wall[name]) / statistics.median(first.wall[name]):.2f}"
            for name in COMMANDS
        )
        print(f"median ratio {copy.label} / {first.label}: {ratios}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
