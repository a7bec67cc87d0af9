"""Fixtures for the window tests: a seeded SQLite core (fast) and a recording printer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.bootstrap import Core
from app.ports import ManualClock
from hardware.printer.recording import RecordingPrinter
from tests.conftest import make_core


@pytest.fixture
def core_sqlite(sqlite_url: str, clock: ManualClock) -> Iterator[Core]:
    """The queue core on a seeded SQLite file (services A–E, counters 1–5), 08:00 WIB."""
    built = make_core(sqlite_url, clock)
    try:
        yield built
    finally:
        built.close()


@pytest.fixture
def printer() -> RecordingPrinter:
    return RecordingPrinter()
