"""Time a kiosk touch (issue, print, record) against a printer whose status answers stall.

    .venv/bin/python bench/printer_stall.py [STALL_SECONDS] [TICKETS]

A real TCP listener on 127.0.0.1 plays a network printer that answers every status query
``STALL_SECONDS`` late (default 3; ``inf``: never); the queue is a SQLite file in a temporary
directory. Prints, per ticket, when the first byte of the job reached the printer and when
``TicketDesk.issue`` returned, both in seconds from the touch.
"""

from __future__ import annotations

import math
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.bootstrap import build_core  # noqa: E402
from app.services.tickets import TicketDesk  # noqa: E402
from app.settings import DatabaseSettings, Settings  # noqa: E402
from hardware.printer.factory import open_printer  # noqa: E402
from tests.hardware.conftest import FakeNetworkPrinter  # noqa: E402


def main(stall_s: float, tickets: int) -> None:
    server = FakeNetworkPrinter()
    server.silent = math.isinf(stall_s)
    server.answer_delay_s = 0.0 if server.silent else stall_s
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        core = build_core(Settings(database=DatabaseSettings(url=url)))
        core.setup.seed_typical()
        printer = open_printer(f"tcp://127.0.0.1:{server.port}")  # default 2 s timeout
        desk = TicketDesk(core.queue, core.hall, printer)
        for _ in range(tickets):
            server.clear()
            start = time.monotonic()
            result = desk.issue("A")
            returned = time.monotonic() - start
            server.wait_for_cut()
            first = (server.first_job_byte_at or math.nan) - start
            print(
                f"{result.issued.ticket.display}: first job byte {first:.2f} s, "
                f"issue returned {returned:.2f} s, printed={result.printed}"
            )
        getattr(desk, "close", lambda: None)()
        core.close()
    server.close()


if __name__ == "__main__":
    main(
        float(sys.argv[1]) if len(sys.argv) > 1 else 3.0,
        int(sys.argv[2]) if len(sys.argv) > 2 else 3,
    )
