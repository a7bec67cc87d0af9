"""The counter window over the whole matrix (384 windows; a few minutes), not only the sample
``test_counter_layout.py`` runs:

    .venv/bin/python tests/ui/counter_sweep.py                  # every case
    .venv/bin/python tests/ui/counter_sweep.py --save /tmp/shots  # and a PNG of each
    .venv/bin/python tests/ui/counter_sweep.py --lang en --font dejavu

Prints each case that has problems and exits 1 when any has.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    from app.bootstrap import Core
    from app.ports import ManualClock
    from app.services.users import UserView
    from tests.conftest import MORNING, make_core
    from tests.support.databases import sqlite_file_url
    from tests.ui import test_counter_layout as layout
    from tests.ui.layout_probe import problems
    from ui.common.fonts import FONT_ENV, WORST_CASE_FAMILY
    from ui.common.legibility import STAFF_TEXT_MIN_PX

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", type=Path, help="write a PNG of every case here")
    parser.add_argument("--lang", choices=layout.LANGS, action="append")
    parser.add_argument("--font", choices=layout.FONTS, action="append")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
    failed = total = 0
    with tempfile.TemporaryDirectory(prefix="counter-sweep-") as tmp:
        for counters, services, names in itertools.product(
            layout.COUNTERS, layout.SERVICES, layout.NAMES
        ):
            hall = layout.Hall(counters, services, names)
            folder = Path(tmp) / f"{counters}-{services}-{names}"
            folder.mkdir()
            clock = ManualClock(MORNING.astimezone(dt.UTC))
            core: Core = make_core(sqlite_file_url(folder), clock, seed=False)
            try:
                user: UserView = layout.build_hall(core, hall)
                for size, lang, font in itertools.product(
                    layout.SIZES, args.lang or layout.LANGS, args.font or layout.FONTS
                ):
                    if font == "dejavu":
                        os.environ[FONT_ENV] = WORST_CASE_FAMILY
                    else:
                        os.environ.pop(FONT_ENV, None)
                    case = layout.Case(size, hall, lang, font)
                    window = layout.render(core, user, case)
                    found = problems(window, {"*": STAFF_TEXT_MIN_PX}, size=size)
                    if args.save:
                        window.grab().save(str(args.save / f"counter-{case}.png"))
                    window.close()
                    window.deleteLater()
                    app.processEvents()
                    total += 1
                    if found:
                        failed += 1
                        print(f"{case}:")
                        for line in found:
                            print(f"    {line}")
            finally:
                core.close()
    print(f"{total - failed} of {total} cases fit")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
