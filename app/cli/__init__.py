"""The ``antrean`` command line. ``main`` (the console script) is ``app.cli.entry.main``: it
asks this user's command server first and loads the rest only when it runs the command here."""

from app.cli.entry import main

__all__ = ["main"]
