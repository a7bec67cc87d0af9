"""How long rendering one ticket takes: ESC/POS bytes and the PNG preview.

Run: python bench/printer_layout.py [ROUNDS]
An 80 mm printer prints a ticket in about a second, so rendering must stay far below that.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hardware.printer.layout import ticket_bytes  # noqa: E402
from hardware.printer.preview import render_preview  # noqa: E402
from hardware.printer.sample import sample_ticket  # noqa: E402


def measure(label: str, action: Callable[[], object], rounds: int) -> None:
    action()  # warm caches (escpos profile, fonts)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    print(
        f"{label:<22} median {statistics.median(times):7.2f} ms"
        f"   max {max(times):7.2f} ms   ({rounds} rounds)"
    )


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    ticket = sample_ticket(priority=True)
    for paper in (80, 58):
        size = len(ticket_bytes(ticket, paper))
        measure(f"escpos {paper} mm ({size} B)", lambda p=paper: ticket_bytes(ticket, p), rounds)
        measure(f"preview {paper} mm", lambda p=paper: render_preview(ticket, p), rounds)


if __name__ == "__main__":
    main()
