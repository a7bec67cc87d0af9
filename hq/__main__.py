"""``python -m hq`` runs the ``antrean-hq`` command."""

from hq.cli import main

raise SystemExit(main())
