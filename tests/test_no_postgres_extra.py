"""A default install (no ``postgres`` extra, so no psycopg) opens every window on SQLite.

The check runs in a real subprocess whose import system cannot find psycopg, as on a PC
where ``pip install antrean`` was run without ``[postgres]``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

NO_PSYCOPG = """
import importlib.abc
import sys

class NoPsycopg(importlib.abc.MetaPathFinder):
    # Any psycopg package is "not installed": psycopg, psycopg_binary, psycopg_c, psycopg2.
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("psycopg", "psycopg_binary", "psycopg_c", "psycopg2"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NoPsycopg())
try:
    import psycopg
except ModuleNotFoundError:
    pass
else:
    raise SystemExit("the psycopg blocker does not work")
"""

OPEN_EVERY_WINDOW = """
import time

import ui.counter.window
import ui.display.window
import ui.kiosk.window
from PySide6.QtWidgets import QApplication

from app.bootstrap import build_core
from app.services.tickets import TicketDesk
from app.settings import DatabaseSettings, Settings
from app.cli.main import main as cli_main
from hardware.printer.recording import RecordingPrinter
from ui.counter.app import CounterLogin, CounterServices
from ui.display.app import LobbyDisplay
from ui.kiosk.window import KioskWindow

url = sys.argv[1]
settings = Settings(database=DatabaseSettings(url=url))
core = build_core(settings)
core.setup.seed_typical()
qt = QApplication([])

desk = TicketDesk(core.queue, core.hall, RecordingPrinter(), settings.kiosk.lang)
kiosk = KioskWindow(desk, core.hall, settings.kiosk, core.clock)
kiosk.show()
display = LobbyDisplay(
    None, snapshots=core.snapshots, feed=core.feed, clock=core.clock, poll_interval=0.05
)
display.show()
display.start()  # the live feed: on SQLite it watches the database files
services = CounterServices(
    core.users, core.queue, core.hall, core.snapshots, core.feed, core.clock
)
login = CounterLogin(services, 3)
login.show()

issued = core.queue.issue_ticket("A", printed=False)
latest = core.hall.latest_seq()
deadline = time.monotonic() + 20
while display.snapshot is None or display.snapshot.seq < latest:
    if time.monotonic() > deadline:
        raise SystemExit("the display never showed the waiting ticket")
    qt.processEvents()
    time.sleep(0.02)

for window in (kiosk, display, login.dialog):
    window.close()
qt.processEvents()
core.close()
code = cli_main(["status", "--json"])
loaded = sorted(name for name in sys.modules if name.startswith("psycopg"))
print(f"issued={issued.ticket.display} cli={code} psycopg={loaded}")
"""


def test_every_window_opens_without_psycopg(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'hall.db').as_posix()}"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ANTREAN_DATA_DIR": str(tmp_path / "data"),
        "ANTREAN_CONFIG": str(tmp_path / "none.toml"),
        "ANTREAN_DB_URL": url,
        "PYTHONPATH": str(ROOT),
    }
    script = textwrap.dedent(NO_PSYCOPG) + textwrap.dedent(OPEN_EVERY_WINDOW)
    done = subprocess.run(
        [sys.executable, "-c", script, url],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    assert "issued=A-001 cli=0 psycopg=[]" in done.stdout, done.stdout + done.stderr[-2000:]
