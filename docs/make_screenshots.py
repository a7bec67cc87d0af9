"""Render every window state of Antrean to PNG files, offscreen, for the docs.

    .venv/bin/python docs/make_screenshots.py                 # all windows
    .venv/bin/python docs/make_screenshots.py --only kiosk    # one area
    .venv/bin/python docs/make_screenshots.py --out /tmp/shots

How windows join in (the registry): each area in ``AREAS`` may ship a module
``ui/<area>/screenshots.py`` with a function

    def shots(out_dir: pathlib.Path, core_factory: Callable[[], Core]) -> list[pathlib.Path]

``core_factory()`` returns a fresh ``Core`` on its own throw-away SQLite file, seeded with the
typical services A–E and counters 1–5, on a ``ManualClock`` set to Monday 23 November 2026,
08:15 WIB (so every picture shows the same day and time). The module builds its windows,
puts them in each state, saves ``widget.grab()`` as ``<area>-<state>.png`` in ``out_dir``,
closes the cores it asked for and returns the files written. Areas without the module are
skipped, so adding a window's pictures is adding that one module.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

AREAS = ("kiosk", "counter", "display", "admin", "survey")
SHOT_TIME = dt.datetime(2026, 11, 23, 8, 15, tzinfo=ZoneInfo("Asia/Jakarta"))
DEFAULT_OUT = ROOT / "docs" / "screenshots"


@contextmanager
def core_factories() -> Iterator[Callable[[], object]]:
    """A factory of fresh seeded cores in one temporary folder (deleted afterwards)."""
    from app.bootstrap import build_core
    from app.ports import ManualClock
    from app.settings import DatabaseSettings, Settings
    from app.storage.engine import sqlite_url

    with tempfile.TemporaryDirectory(prefix="antrean-shots-") as tmp:
        made = iter(range(1_000_000))

        def factory() -> object:
            url = sqlite_url(Path(tmp) / f"shots-{next(made)}.db")
            clock = ManualClock(SHOT_TIME.astimezone(dt.UTC))
            core = build_core(Settings(database=DatabaseSettings(url=url)), clock=clock)
            core.setup.seed_typical()
            return core

        yield factory


def shot_modules(only: list[str] | None = None) -> list[tuple[str, object]]:
    modules = []
    for area in AREAS:
        if only and area not in only:
            continue
        try:
            modules.append((area, importlib.import_module(f"ui.{area}.screenshots")))
        except ModuleNotFoundError as exc:
            if exc.name != f"ui.{area}.screenshots":
                raise
    return modules


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--only", action="append", choices=AREAS)
    args = parser.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    from ui.common.theme import app_font

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setFont(app_font())  # type: ignore[attr-defined]
    args.out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with core_factories() as factory:
        for area, module in shot_modules(args.only):
            files = module.shots(args.out, factory)  # type: ignore[attr-defined]
            print(f"{area}: {len(files)} screenshots")
            written.extend(files)
    for path in written:
        print(f"  {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
