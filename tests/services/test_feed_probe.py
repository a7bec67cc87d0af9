"""On SQLite a watcher notices another process's commit through ``PRAGMA data_version``,
not the poll."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

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


def test_the_probe_moves_when_a_commit_is_visible_and_only_then(
    sqlite_url: str, clock: ManualClock
) -> None:
    writer = make_core(sqlite_url, clock)
    probe = change_probe_for(sqlite_url)
    assert probe is not None
    try:
        before = probe()
        assert probe() == before  # nothing committed: a watcher stays asleep
        writer.queue.issue_ticket("A")
        after = probe()
        assert after != before
        assert probe() == after
    finally:
        close = getattr(probe, "close", None)
        if callable(close):
            close()
        writer.close()


def test_the_probe_holds_no_read_lock_between_looks(sqlite_url: str, clock: ManualClock) -> None:
    writer = make_core(sqlite_url, clock)
    probe = change_probe_for(sqlite_url)
    assert probe is not None
    path = writer.engine.url.database
    assert path is not None
    try:
        probe()
        writer.queue.issue_ticket("A")
        probe()
        with sqlite3.connect(path) as conn:  # a checkpoint that waited for no reader
            busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        assert busy == 0
    finally:
        close = getattr(probe, "close", None)
        if callable(close):
            close()
        writer.close()


def test_the_probe_never_creates_a_database(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.db"
    probe = change_probe_for(f"sqlite:///{missing.as_posix()}")
    assert probe is not None
    assert probe() is None  # no file: the watcher falls back to its poll and its reads
    assert not missing.exists()
