"""PyInstaller entry point of ``antrean-hq`` (the same as the ``antrean-hq`` console script)."""

import sys

from hq.cli import main

if __name__ == "__main__":
    sys.exit(main())
