"""Live updates across real processes: a kiosk issues, a counter calls, a watcher sees it.

Three separate OS processes share one database (a SQLite file, or PostgreSQL): the kiosk
and counter sides are the ``antrean`` CLI, the watcher is a small script on ``FeedWatcher``
that prints one line per event. Runs on both engines.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

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
        [sys.executable, "-m", "app.cli", "--db", url, *args, "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["ok"], result
    return result["result"]  # type: ignore[no-any-return]


class Watcher:
    def __init__(self, url: str, script: Path) -> None:
        script.write_text(WATCHER, encoding="utf-8")
        self.log = script.with_suffix(".log")
        self._err = self.log.open("w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, str(script), url],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._err,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
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
