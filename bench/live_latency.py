"""Live latency across processes: call → display sees it, and call → first audio.

    .venv/bin/python bench/live_latency.py [--calls 60] [--pg-url URL]

1. A watcher process (``FeedWatcher``, as the display uses it) follows the feed; this process
   issues and calls tickets and the watcher prints the wall time at which each call arrived.
   Latency = arrival − moment just before ``call_next`` began (same machine, same clock).
   SQLite looks at the WAL file every 50 ms (0.5 s poll as the safety net); PostgreSQL uses
   the LISTEN/NOTIFY long poll.
   PostgreSQL comes from ``--pg-url``/``ANTREAN_TEST_PG_URL`` or a throwaway server.
2. Call → first audio: ``AnnouncementQueue`` with the espeak engine and a ``RecordingSink``:
   from ``announce()`` to the sink's play start (chime included in the rendered WAV).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WATCHER = r"""
import sys, time
from app.bootstrap import build_core
from app.services.feed import FeedWatcher, change_probe_for, notify_url_for
from app.settings import DatabaseSettings, Settings
url = sys.argv[1]
core = build_core(Settings(database=DatabaseSettings(url=url)), migrate_schema=False)
def show(events):
    now = time.time()
    for e in events:
        if e.kind.value == "called":
            print(f"{e.seq} {e.ticket_display} {now:.6f}", flush=True)
    if not events:
        print("ready", flush=True)
w = FeedWatcher(core.hall, show, notify_url=notify_url_for(url), poll_interval=0.5,
                change_probe=change_probe_for(url))
w.start()
sys.stdin.read()
w.stop()
"""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def measure_feed(url: str, calls: int, workdir: Path) -> list[float]:
    from app.bootstrap import build_core
    from app.settings import DatabaseSettings, Settings

    core = build_core(Settings(database=DatabaseSettings(url=url)))
    core.setup.seed_typical()
    script = workdir / "watcher.py"
    script.write_text(WATCHER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, str(script), url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None and proc.stdin is not None
    try:
        assert proc.stdout.readline().strip() == "ready"
        latencies = []
        for i in range(calls):
            core.queue.issue_ticket("A")
            time.sleep(0.05 + (i % 7) * 0.071)  # land at different points of the poll cycle
            began = time.time()
            ticket = core.queue.call_next(1 + i % 5)
            line = proc.stdout.readline().split()
            assert line[1] == ticket.display, line
            latencies.append(float(line[2]) - began)
        return latencies
    finally:
        proc.stdin.close()
        proc.wait(timeout=20)
        proc.stdout.close()
        core.close()


def measure_audio(rounds: int) -> list[float] | str:
    try:
        from app.ports import Announcement
        from hardware.speech.engines import SpeechError, build_engine
        from hardware.speech.player import RecordingSink
        from hardware.speech.queue import AnnouncementQueue
    except ImportError as exc:
        return f"speech pieces missing: {exc}"
    try:
        engine = build_engine("espeak")
    except SpeechError as exc:
        return f"no espeak: {exc.message_en}"
    sink = RecordingSink()
    started: dict[int, float] = {}
    done = threading.Semaphore(0)
    with tempfile.TemporaryDirectory() as cache:
        speech = AnnouncementQueue(
            engine,
            sink,
            use_chime=True,
            cache_dir=Path(cache),
            on_finished=lambda _a: done.release(),
        )
        try:
            result = []
            for i in range(rounds):
                started[i] = time.monotonic()
                speech.announce(Announcement(f"B-{100 + i * 7:03d}", 1 + i % 9))
                done.acquire(timeout=60)
                result.append(sink.records[-1].started - started[i])
            return result
        finally:
            speech.close()


def pg_url(arg: str | None) -> tuple[str, object | None]:
    url = arg or os.environ.get("ANTREAN_TEST_PG_URL")
    if url:
        return url, None
    from tests.support.pgserver import PgServer

    server = PgServer.start(tempfile.mkdtemp(prefix="antrean-bench-pg-"))
    return server.url, server


def report(name: str, values: list[float]) -> None:
    ms = [v * 1000 for v in values]
    print(
        f"{name:<34} n={len(ms):<4} median {statistics.median(ms):7.1f} ms   "
        f"p99 {percentile(ms, 99):7.1f} ms   max {max(ms):7.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=60)
    parser.add_argument("--audio", type=int, default=5)
    parser.add_argument("--pg-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="antrean-bench-") as tmp:
        work = Path(tmp)
        report(
            "call -> display, SQLite (WAL probe, 0.5 s poll)",
            measure_feed(f"sqlite:///{(work / 'bench.db').as_posix()}", args.calls, work),
        )
        url, server = pg_url(args.pg_url)
        try:
            from tests.support.databases import fresh_pg_database

            with fresh_pg_database(url, prefix="bench") as db:
                report("call -> display, PostgreSQL NOTIFY", measure_feed(db, args.calls, work))
        finally:
            if server is not None:
                server.stop()  # type: ignore[attr-defined]
    audio = measure_audio(args.audio)
    if isinstance(audio, str):
        print(f"call -> first audio: skipped ({audio})")
    else:
        report("announce -> first audio (espeak)", audio)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
