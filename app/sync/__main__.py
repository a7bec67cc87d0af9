"""``python -m app.sync``: the ``antrean sync`` command on its own."""

from app.sync.cli import main

raise SystemExit(main())
