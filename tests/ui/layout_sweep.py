"""Walk the whole screen layout matrix (CI runs a pairwise sample of it).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.layout_sweep [--only kiosk]
        [--save /tmp/shots]   # also keep every rendered window as a PNG

Prints each failing case with its problems and a count at the end; exit 1 if any failed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("kiosk", "display", "counter"))
    parser.add_argument("--save", type=Path)
    args = parser.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    from tests.ui.test_layout_matrix import all_cases, check
    from ui.common.fonts import FONT_ENV

    app = QApplication.instance() or QApplication([])
    del app
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
    failed = total = 0
    with tempfile.TemporaryDirectory(prefix="antrean-sweep-") as tmp:
        for case in all_cases():
            if args.only and case.window != args.only:
                continue
            total += 1
            os.environ[FONT_ENV] = case.font
            found = check(case, Path(tmp), args.save)
            if found:
                failed += 1
                print(f"FAIL {case}", *(f"  {p}" for p in found), sep="\n", flush=True)
    print(f"{total - failed}/{total} cases pass")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
