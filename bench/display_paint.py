"""Call → painted on the lobby display, in a hall of 20 counters and 7 services.

    .venv/bin/python bench/display_paint.py [--calls 150] [--no-pg] [--pg-url URL]
        [--size 1920x1080] [--counters 20] [--waiting 150]

A display process runs the real ``LobbyDisplay`` (offscreen Qt, the window the hall's TV
shows, with its live feed) on the hall's database; this process issues tickets and calls
them, as clerks at twenty counters would, one call at a time at different points of the
feed's cycle. After the display has taken each feed batch, the display process lets Qt
paint what the batch changed (the posted update requests, as at the event loop's next
turn; ``--repaint-all``: the whole window, synchronously) and prints the wall time at which
the call's number was on the painted window. Latency = that time − the moment just before
``call_next`` began (same machine, same clock), so it includes the call's own commit; it is
also given from ``call_next`` returning. The display process also counts the SQL statements
and the time of each feed batch's reads on its side.

Before the calls the hall has ``--waiting`` tickets waiting over its services (a busy
morning), so the service rows' waits have a real queue to project.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.live_latency import percentile, pg_url  # noqa: E402

# Extra services beyond the five typical ones, with long names (as real halls name them).
EXTRA_SERVICES = (
    ("F", "Surat Keterangan Tanda Lapor Kehilangan Barang / Dokumen", "Lost property report"),
    ("G", "Izin Keramaian dan Pemberitahuan Kegiatan Masyarakat", "Public event permit"),
)

DISPLAY = r"""
import os, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QRect, QSocketNotifier
from PySide6.QtWidgets import QApplication
from sqlalchemy import event
from app.bootstrap import build_core
from app.settings import DatabaseSettings, Settings
from ui.display.app import open_display

url, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
app = QApplication([])
core = build_core(Settings(database=DatabaseSettings(url=url)), migrate_schema=False)
statements = []
event.listen(core.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
window = open_display(None, snapshots=core.snapshots, feed=core.feed, clock=core.clock,
                      full=False, geometry=QRect(0, 0, width, height))

repaint_all = sys.argv[4] == "1"

def painted(events, _state):
    if repaint_all:
        window.repaint()  # the whole window, synchronously
    else:
        app.processEvents()  # Qt paints what the batch changed, as at its next turn
    now = time.time()
    reads = len(statements)
    statements.clear()
    calls = [e for e in events if e.kind.value == "called"]
    for e in calls:
        shown = window.current_calls()[0]
        on_screen = shown is not None and shown.display == e.ticket_display
        print(f"call {e.ticket_display} {now:.6f} {int(on_screen)} {reads}", flush=True)
    if not events:
        print(f"ready {reads}", flush=True)

window.bridge.updated.connect(painted)  # after the window's own slot: it is connected first
notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
def stdin_ready():
    if not sys.stdin.readline():
        window.close(); app.quit()
notifier.activated.connect(stdin_ready)
app.exec()
"""


def prepare(url: str, counters: int, waiting: int) -> None:
    """Seed the hall: the typical services plus two long-named ones, ``counters`` counters,
    the new services served by every third counter, ``waiting`` tickets waiting."""
    from app.bootstrap import build_core
    from app.settings import DatabaseSettings, Settings
    from bench._common import BENCH_ACTOR

    core = build_core(Settings(database=DatabaseSettings(url=url)))
    try:
        core.setup.seed_typical(counters=counters)
        for code, name_id, name_en in EXTRA_SERVICES:
            core.setup.configure_service(code, actor=BENCH_ACTOR, name_id=name_id, name_en=name_en)
        for number in range(1, counters + 1, 3):
            core.setup.assign_services(
                number, ["A", "B", "C", "D", "E", "F", "G"], actor=BENCH_ACTOR
            )
        for i in range(waiting):
            core.queue.issue_ticket("ABCDEFG"[i % 7])
    finally:
        core.close()


def measure(url: str, args: argparse.Namespace) -> dict[str, list[float]]:
    from app.bootstrap import build_core
    from app.settings import DatabaseSettings, Settings
    from bench._common import BENCH_ACTOR

    prepare(url, args.counters, args.waiting)
    width, height = (int(v) for v in args.size.split("x"))
    workdir = Path(tempfile.mkdtemp(prefix="antrean-bench-paint-"))
    script = workdir / "display.py"
    script.write_text(DISPLAY, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, str(script), url, str(width), str(height), str(int(args.repaint_all))],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None and proc.stdin is not None
    core = build_core(Settings(database=DatabaseSettings(url=url)), migrate_schema=False)
    out: dict[str, list[float]] = {"click": [], "return": [], "reads": []}
    shown_wrong = 0

    def next_call_line(display: str) -> tuple[float, bool, int]:
        assert proc.stdout is not None
        while True:
            line = proc.stdout.readline()
            if not line:
                raise RuntimeError("the display process stopped")
            words = line.split()
            if words[0] == "call" and words[1] == display:
                return float(words[2]), words[3] == "1", int(words[4])

    try:
        line = proc.stdout.readline().split()
        if not line or line[0] != "ready":
            raise RuntimeError(f"the display did not start: {line}")
        out["first_load_reads"] = [float(line[1])]
        for i in range(args.calls):
            if i % 2 == 0:
                core.queue.issue_ticket("ABCDEFG"[i % 7])  # the kiosk keeps issuing
            time.sleep(0.08 + (i % 7) * 0.061)  # land at different points of the feed's cycle
            began = time.time()
            ticket = core.queue.call_next(1 + i % args.counters, actor=BENCH_ACTOR)
            returned = time.time()
            painted, on_screen, reads = next_call_line(ticket.display)
            shown_wrong += not on_screen
            out["click"].append(painted - began)
            out["return"].append(painted - returned)
            out["reads"].append(reads)
        out["not_on_screen"] = [shown_wrong]
        return out
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        proc.stdout.close()
        core.close()


def report(name: str, result: dict[str, list[float]]) -> None:
    ms = [v * 1000 for v in result["click"]]
    back = [v * 1000 for v in result["return"]]
    late = sum(1 for v in ms if v > 100)
    print(
        f"call -> painted, {name:<11} n={len(ms):<4} median {statistics.median(ms):6.1f} ms   "
        f"p90 {percentile(ms, 90):6.1f}   p99 {percentile(ms, 99):6.1f}   max {max(ms):6.1f} ms"
        f"   >100 ms: {late}",
        flush=True,
    )
    print(
        f"{'  ... counted from call_next returning':<41} median {statistics.median(back):6.1f} ms"
        f"   p90 {percentile(back, 90):6.1f}   max {max(back):6.1f} ms",
        flush=True,
    )
    reads = result["reads"]
    print(
        f"  display side: statements read per call (the feed's read, then the state or its "
        f"figures) median {statistics.median(reads):.0f} "
        f"(max {max(reads):.0f}); first load {result['first_load_reads'][0]:.0f}; "
        f"the call not on the big panel when painted: {result['not_on_screen'][0]:.0f}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=150)
    parser.add_argument("--counters", type=int, default=20)
    parser.add_argument("--waiting", type=int, default=150)
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--repaint-all", action="store_true", help="repaint the whole window")
    parser.add_argument("--pg-url")
    parser.add_argument("--no-pg", dest="pg", action="store_false")
    parser.add_argument("--no-sqlite", dest="sqlite", action="store_false")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}", flush=True)
    if args.sqlite:
        with tempfile.TemporaryDirectory(prefix="antrean-bench-") as tmp:
            report("SQLite", measure(f"sqlite:///{Path(tmp, 'hall.db').as_posix()}", args))
    if args.pg:
        from tests.support.databases import fresh_pg_database

        url, server = pg_url(args.pg_url)
        try:
            with ExitStack() as stack:
                report(
                    "PostgreSQL",
                    measure(stack.enter_context(fresh_pg_database(url, prefix="paint")), args),
                )
        finally:
            if server is not None:
                server.stop()  # type: ignore[attr-defined]
    print(f"load average {os.getloadavg()[0]:.2f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
