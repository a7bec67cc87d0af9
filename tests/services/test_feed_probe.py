"""On SQLite a watcher notices another process's commit through the WAL file, not the poll."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from app.domain.model import EventKind, QueueEvent
from app.ports import ManualClock
from app.services.feed import FeedWatcher, change_probe_for
from tests.conftest import make_core


def test_a_commit_elsewhere_wakes_a_sqlite_watcher_long_before_its_poll(
    sqlite_url: str, clock: ManualClock
) -> None:
    watcher_core = make_core(sqlite_url, clock)
    writer = make_core(sqlite_url, clock, seed=False)  # another engine: another "process"
    seen: list[QueueEvent] = []
    arrived = threading.Event()
    ready = threading.Event()

    def on_events(events: Sequence[QueueEvent]) -> None:
        seen.extend(events)
        ready.set()
        if any(e.kind is EventKind.ISSUED for e in events):
            arrived.set()

    watcher = FeedWatcher(
        watcher_core.hall,
        on_events,
        poll_interval=30.0,
        change_probe=change_probe_for(sqlite_url),
    )
    watcher.start()
    try:
        assert ready.wait(10)
        writer.queue.issue_ticket("A")
        # The poll would only look again after 30 s; the file probe sees the commit at once.
        assert arrived.wait(5), "the watcher did not notice the other engine's commit"
        assert [e.ticket_display for e in seen if e.kind is EventKind.ISSUED] == ["A-001"]
    finally:
        watcher.stop()
        watcher_core.close()
        writer.close()


def test_no_probe_for_postgresql() -> None:
    assert change_probe_for("postgresql+psycopg://u@127.0.0.1:5432/x") is None
