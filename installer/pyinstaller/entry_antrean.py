"""PyInstaller entry point of ``antrean`` (the same as the ``antrean`` console script)."""

import sys

from app.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
