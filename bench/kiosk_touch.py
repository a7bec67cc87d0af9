"""Kiosk touch → bytes handed to the printer: how long the software's share takes.

    .venv/bin/python bench/kiosk_touch.py [--touches 200]

Each touch goes the kiosk's way (offscreen Qt, real SQLite file in WAL mode): a tile click,
the ticket committed in the desk worker, the ESC/POS bytes rendered and handed to a
``RecordingPrinter`` (python-escpos layout, no device), the print state recorded, and the
result back on the GUI thread. Timed from the click to the confirmation screen.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEventLoop  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.bootstrap import build_core  # noqa: E402
from app.ports import ManualClock, PrintableTicket, PrinterStatus  # noqa: E402
from app.services.tickets import TicketDesk  # noqa: E402
from app.settings import DatabaseSettings, KioskSettings, Settings  # noqa: E402
from app.storage.engine import sqlite_url  # noqa: E402
from hardware.printer.recording import RecordingPrinter  # noqa: E402
from ui.kiosk.window import KioskTimings, KioskWindow  # noqa: E402

CODES = "ABCDE"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--touches", type=int, default=200)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    start = dt.datetime(2026, 11, 23, 8, 0, tzinfo=ZoneInfo("Asia/Jakarta")).astimezone(dt.UTC)
    with tempfile.TemporaryDirectory() as tmp:
        url = sqlite_url(Path(tmp) / "bench.db")
        core = build_core(Settings(database=DatabaseSettings(url=url)), clock=ManualClock(start))
        core.setup.seed_typical()
        printer = RecordingPrinter()
        handed: list[float] = []
        desk = TicketDesk(core.queue, core.hall, _Timed(printer, handed))
        still = KioskTimings(idle_ms=10**8, confirm_ms=10**8, refresh_ms=10**8)
        window = KioskWindow(desk, core.hall, KioskSettings(), core.clock, timings=still)
        window.resize(1920, 1080)
        window.show()
        _spin(lambda: len(window.start.tiles) == 5)
        samples: list[float] = []
        to_printer: list[float] = []
        for i in range(args.touches):
            code = CODES[i % len(CODES)]
            _spin(lambda code=code: window.start.tiles[code].isEnabled())
            began = time.perf_counter()
            window.start.tiles[code].click()
            _spin(lambda: window.stack.currentWidget() is window.confirm)
            samples.append((time.perf_counter() - began) * 1000)
            to_printer.append((handed[-1] - began) * 1000)
            window.confirm.done_button.click()
        window.exit_kiosk()
        core.close()
    assert len(printer.jobs) == args.touches, "every touch must reach the printer"
    print(f"kiosk, SQLite, {args.touches} touches")
    _report("touch → bytes handed to the printer", to_printer)
    _report("touch → confirmation on screen     ", samples)
    del app
    return 0


class _Timed:
    """Notes the moment the rendered ESC/POS bytes have been handed to the printer."""

    def __init__(self, inner: RecordingPrinter, handed: list[float]) -> None:
        self._inner = inner
        self._handed = handed

    def status(self) -> PrinterStatus:
        return self._inner.status()

    def print_ticket(self, ticket: PrintableTicket) -> None:
        self._inner.print_ticket(ticket)
        self._handed.append(time.perf_counter())


def _report(what: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * len(ordered)) - 1)]
    print(
        f"  {what}: median {statistics.median(ordered):.1f} ms   p99 {p99:.1f} ms"
        f"   max {ordered[-1]:.1f} ms"
    )


def _spin(done: object, timeout_s: float = 10.0) -> None:
    deadline = time.perf_counter() + timeout_s
    while not done():  # type: ignore[operator]
        if time.perf_counter() > deadline:
            raise TimeoutError("the kiosk did not answer in time")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)


if __name__ == "__main__":
    raise SystemExit(main())
