"""PyInstaller entry point of ``antrean`` and ``antreanw`` (the ``antrean`` console script).

``antreanw`` is the same program built without a console (Windows): the shortcuts of the
windows (kiosk, counter, display, admin) run it, so no console window opens beside them, and
the watchdog's child inherits it. A windowed program has no stdout/stderr: they go to the
null device (the log file keeps everything).
"""

import os
import sys

from app.cli.entry import main  # asks the command server first (app/cli/entry.py)

if __name__ == "__main__":
    for name in ("stdout", "stderr", "stdin"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "r" if name == "stdin" else "w"))  # noqa: SIM115
    sys.exit(main())
