"""Live updates across real processes: a kiosk issues, a counter calls, a watcher sees it.

Three separate OS processes share one database (a SQLite file, or PostgreSQL): the kiosk
and counter sides are the ``antrean`` CLI, the watcher is a small script on ``FeedWatcher``
that prints one line per event. Runs on both engines.

The promptness checks use a bound (250 ms) far above the measured figures (tens of ms, see
docs/benchmarks.md) but far below the safety poll a missed wake-up falls back to, so they
catch a broken wake-up path without depending on this machine's speed.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.ports import ManualClock
from tests.conftest import make_core
from tests.support.actors import ADMIN, admin_env, as_admin

ROOT = Path(__file__).resolve().parents[2]
PROMPT = 0.25  # seconds: "promptly", generous; a missed wake-up waits for the safety poll

# The display's watcher, as ``app.bootstrap.LiveFeed`` makes it, with a safety poll so long
# that a call can only arrive in time through the commit probe (SQLite) or NOTIFY.
TIMED_WATCHER = r"""
import sys, time
from app.bootstrap import build_core
from app.settings import DatabaseSettings, Settings

core = build_core(Settings(database=DatabaseSettings(url=sys.argv[1])), migrate_schema=False)

def show(events):
    now = time.time()
    for e in events:
        if e.kind.value == "called":
            print(f"{e.ticket_display} {now:.6f}", flush=True)
    if not events:
        print("ready", flush=True)

watcher = core.feed.watcher(show, poll_interval=2.0).start()
sys.stdin.read()
watcher.stop()
core.close()
"""

WATCHER = r"""
import sys
from app.bootstrap import build_core
from app.services.feed import FeedWatcher, notify_url_for
from app.settings import DatabaseSettings, Settings

url = sys.argv[1]
core = build_core(Settings(database=DatabaseSettings(url=url)), migrate_schema=False)

def show(events):
    for e in events:
        print(f"{e.seq} {e.kind.value} {e.ticket_display or '-'} {e.counter_number or '-'}",
              flush=True)
    if not events:
        print("ready", flush=True)

watcher = FeedWatcher(core.hall, show, notify_url=notify_url_for(url), poll_interval=0.1)
watcher.start()
sys.stdin.read()  # run until the test closes our stdin
watcher.stop()
core.close()
"""


def _cli(url: str, *args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "--db", url, *as_admin(args), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=admin_env({**os.environ, "PYTHONPATH": str(ROOT)}),
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["ok"], result
    return result["result"]  # type: ignore[no-any-return]


class Watcher:
    def __init__(self, url: str, script: Path, code: str = WATCHER) -> None:
        script.write_text(code, encoding="utf-8")
        self.log = script.with_suffix(".log")
        self._err = self.log.open("w", encoding="utf-8")
        self.proc = self._start([sys.executable, str(script), url])
        self.lines: queue.Queue[str] = queue.Queue()
        self.arrived: queue.Queue[tuple[float, str]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _start(self, command: list[str]) -> subprocess.Popen[str]:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._err,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.arrived.put((time.time(), line.strip()))
            self.lines.put(line.strip())

    def next_line(self, timeout: float = 20.0) -> str:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            err = self.log.read_text(encoding="utf-8")[-2000:]
            raise AssertionError(f"watcher printed nothing in {timeout} s; {err}") from None

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=20)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self._err.close()


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_a_call_from_one_process_reaches_a_watcher_in_another(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = (
        f"sqlite:///{(tmp_path / 'hall.db').as_posix()}"
        if engine == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    _cli(url, "init")
    watcher = Watcher(url, tmp_path / "watch.py")
    try:
        assert watcher.next_line() == "ready"
        issued = _cli(url, "ticket", "issue", "--service", "A")
        display = issued["ticket"]["display"]  # type: ignore[index]
        called = _cli(url, "call", "next", "--counter", "1")
        assert called["display"] == display
        seen = [watcher.next_line(), watcher.next_line()]
        seqs = [int(line.split()[0]) for line in seen]
        assert seqs == sorted(seqs) and seqs[1] == seqs[0] + 1
        assert seen[0].split()[1:3] == ["issued", display]
        assert seen[1].split()[1:] == ["called", display, "1"]
    finally:
        watcher.close()


class Follower(Watcher):
    """``antrean events --follow`` as a real process; lines are timed as they arrive."""

    def __init__(self, url: str, log: Path, after: int) -> None:
        self.log = log
        self._err = log.open("w", encoding="utf-8")
        command = [sys.executable, "-m", "app.cli", "--db", url, "--lang", "id", "events"]
        command.append("--follow")
        self.proc = self._start([*command, "--after", str(after)])
        self.lines = queue.Queue()
        self.arrived = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def called(self, display: str) -> float:
        """When the line for the call of ``display`` arrived (``seq time dipanggil A-001 …``)."""
        while True:
            try:
                at, line = self.arrived.get(timeout=20)
            except queue.Empty:
                raise AssertionError(f"no call of {display} in 20 s") from None
            if line.split()[2:4] == ["dipanggil", display]:
                return at

    def close(self) -> None:
        self.proc.terminate()  # `events --follow` runs until stopped
        super().close()


def test_no_call_waits_for_the_safety_poll_on_sqlite(tmp_path: Path, clock: ManualClock) -> None:
    url = f"sqlite:///{(tmp_path / 'hall.db').as_posix()}"
    core = make_core(url, clock)
    watcher = Watcher(url, tmp_path / "timed.py", TIMED_WATCHER)
    try:
        assert watcher.next_line() == "ready"
        late = []
        for i in range(60):
            core.queue.issue_ticket("A")
            time.sleep(0.02 + (i % 7) * 0.037)  # commits at different moments of the probe
            display = core.queue.call_next(1 + i % 5, actor=ADMIN).display
            committed = time.time()  # counted from the commit: a slow fsync is not the feed's
            name, at = watcher.next_line().split()
            assert name == display
            if float(at) - committed > PROMPT:
                late.append((display, round(float(at) - committed, 3)))
        assert late == [], f"calls that waited for the safety poll: {late}"
    finally:
        watcher.close()
        core.close()


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_events_follow_prints_a_call_promptly(
    engine: str, tmp_path: Path, clock: ManualClock, request: pytest.FixtureRequest
) -> None:
    url = (
        f"sqlite:///{(tmp_path / 'hall.db').as_posix()}"
        if engine == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    core = make_core(url, clock)
    follower = Follower(url, tmp_path / "follow.log", core.hall.latest_seq())
    try:
        core.queue.issue_ticket("A")
        follower.called(core.queue.call_next(1, actor=ADMIN).display)  # it is up and following
        waits = []
        for i in range(5):
            core.queue.issue_ticket("B")
            time.sleep(0.05 + i * 0.13)  # the old 1 s poll would be at a different point
            display = core.queue.call_next(2, actor=ADMIN).display
            committed = time.time()
            waits.append(round(follower.called(display) - committed, 3))
        assert max(waits) < PROMPT, waits
    finally:
        follower.close()
        core.close()
