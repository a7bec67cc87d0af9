"""Live latency across processes: call → display sees it, and call → first audio.

    .venv/bin/python bench/live_latency.py [--calls 200] [--pg-url URL] [--no-follow]

1. A watcher process (``FeedWatcher``, as the display uses it) follows the feed; this process
   issues and calls tickets and the watcher prints the wall time at which each call arrived.
   Latency = arrival − moment just before ``call_next`` began (same machine, same clock), so
   it includes the call's own commit. The calls land at different points of the safety
   poll's cycle. PostgreSQL comes from ``--pg-url``/``ANTREAN_TEST_PG_URL`` or a throwaway
   server.
2. The same with ``antrean events --follow`` as the follower (a real CLI process); arrival is
   when its line reaches this process through the pipe.
3. Call → first audio: ``AnnouncementQueue`` with the espeak engine and a ``RecordingSink``:
   from ``announce()`` to the sink's play start (chime included in the rendered WAV).

Each row reports the median, p99, max and how many calls arrived later than 100 ms.
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
from collections.abc import Callable
from contextlib import ExitStack
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
                change_probe=change_probe_for(url))  # as app.bootstrap.LiveFeed makes it
w.start()
sys.stdin.read()
w.stop()
"""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def _follower(url: str, follow: bool, workdir: Path, after: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if follow:
        cmd = [sys.executable, "-m", "app.cli", "--db", url, "--lang", "id", "events", "--follow"]
        cmd += ["--after", str(after)]
    else:
        script = workdir / "watcher.py"
        script.write_text(WATCHER, encoding="utf-8")
        cmd = [sys.executable, str(script), url]
    return subprocess.Popen(
        cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
    )


def _arrival(proc: subprocess.Popen[str], follow: bool, display: str) -> float:
    """Wall time at which the follower reported the call of ``display``."""
    assert proc.stdout is not None
    while True:
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError("the follower stopped")
        words = line.split()
        if follow and words[2:4] == ["dipanggil", display]:
            return time.time()  # `seq HH:MM:SS dipanggil A-001 loket 1`
        if not follow and words[1:2] == [display]:
            return float(words[2])


def measure_feed(
    url: str, calls: int, workdir: Path, *, follow: bool = False
) -> tuple[list[float], list[float]]:
    """Per call: (arrival − just before ``call_next``, arrival − ``call_next`` returned)."""
    from app.bootstrap import build_core
    from app.settings import DatabaseSettings, Settings
    from bench._common import BENCH_ACTOR

    core = build_core(Settings(database=DatabaseSettings(url=url)))
    core.setup.seed_typical()
    proc = _follower(url, follow, workdir, core.hall.latest_seq())
    assert proc.stdout is not None and proc.stdin is not None
    try:
        if follow:  # warm up: the follower is running once it shows a first call
            core.queue.issue_ticket("A")
            _arrival(proc, follow, core.queue.call_next(1, actor=BENCH_ACTOR).display)
        else:
            assert proc.stdout.readline().strip() == "ready"
        from_click, from_return = [], []
        for i in range(calls):
            core.queue.issue_ticket("A")
            time.sleep(0.05 + (i % 7) * 0.071)  # land at different points of the poll cycle
            began = time.time()
            ticket = core.queue.call_next(1 + i % 5, actor=BENCH_ACTOR)
            returned = time.time()
            arrived = _arrival(proc, follow, ticket.display)
            from_click.append(arrived - began)
            from_return.append(arrived - returned)
        return from_click, from_return
    finally:
        if follow:
            proc.terminate()
        proc.stdin.close()
        proc.wait(timeout=20)
        proc.stdout.close()
        core.close()


def measure_audio(rounds: int) -> list[float] | str:
    try:
        from app.ports import Announcement
        from hardware.speech.engines import build_engine
        from hardware.speech.errors import SpeechError
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


def report(name: str, values: list[float], after_return: list[float] | None = None) -> None:
    ms = [v * 1000 for v in values]
    late = sum(1 for v in ms if v > 100)
    print(
        f"{name:<44} n={len(ms):<4} median {statistics.median(ms):6.1f} ms   "
        f"p99 {percentile(ms, 99):6.1f} ms   max {max(ms):6.1f} ms   >100 ms: {late}",
        flush=True,
    )
    if after_return:  # the same arrivals, counted from the caller's commit instead
        ms = [v * 1000 for v in after_return]
        print(
            f"{'  ... counted from call_next returning':<51} median {statistics.median(ms):6.1f} "
            f"ms   p99 {percentile(ms, 99):6.1f} ms   max {max(ms):6.1f} ms",
            flush=True,
        )


def measure_engine(name: str, make_url: Callable[[str], str], args: argparse.Namespace) -> None:
    work = Path(tempfile.mkdtemp(prefix="antrean-bench-"))
    report(f"call -> FeedWatcher, {name}", *measure_feed(make_url("w"), args.calls, work))
    if args.follow:
        url = make_url("f")
        followed = measure_feed(url, args.calls, work, follow=True)
        report(f"call -> events --follow, {name}", *followed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--audio", type=int, default=5)
    parser.add_argument("--pg-url")
    parser.add_argument("--no-follow", dest="follow", action="store_false")
    parser.add_argument("--no-pg", dest="pg", action="store_false")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="antrean-bench-") as tmp:
        measure_engine("SQLite", lambda tag: f"sqlite:///{Path(tmp, tag + '.db').as_posix()}", args)
    if args.pg:
        url, server = pg_url(args.pg_url)
        try:
            from tests.support.databases import fresh_pg_database

            def pg_database(tag: str) -> str:
                return stack.enter_context(fresh_pg_database(url, prefix=f"bench{tag}"))

            with ExitStack() as stack:
                measure_engine("PostgreSQL", pg_database, args)
        finally:
            if server is not None:
                server.stop()  # type: ignore[attr-defined]
    audio = measure_audio(args.audio) if args.audio > 0 else "--audio 0"
    if isinstance(audio, str):
        print(f"call -> first audio: skipped ({audio})")
    else:
        report("announce -> first audio (espeak)", audio)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
