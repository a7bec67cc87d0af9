"""``python -m app.cli``: the ``antrean`` command (what the console script runs)."""

import sys

from app.cli.entry import main

sys.exit(main())
