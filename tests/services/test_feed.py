"""The live feed on real SQLite and PostgreSQL: order, no gaps, catch-up, NOTIFY wake-up."""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from app.bootstrap import Core
from app.domain.model import EventKind, QueueEvent
from app.ports import ManualClock
from app.services.feed import FeedWatcher, change_probe_for, notify_url_for
from tests.conftest import make_core
from tests.support.actors import ADMIN
from tests.support.databases import sqlite_file_url


class Collector:
    def __init__(self) -> None:
        self.events: list[QueueEvent] = []
        self.calls = 0
        self.lost: list[str] = []
        self.restored = 0
        self.cond = threading.Condition()

    def __call__(self, batch: Sequence[QueueEvent]) -> None:
        with self.cond:
            self.calls += 1
            self.events.extend(batch)
            self.cond.notify_all()

    def on_lost(self, why: str) -> None:
        with self.cond:
            self.lost.append(why)
            self.cond.notify_all()

    def on_restored(self) -> None:
        with self.cond:
            self.restored += 1
            self.cond.notify_all()

    def expect(self, what: str, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait up to ``timeout`` seconds for ``predicate``; fail saying what was seen."""
        with self.cond:
            if not self.cond.wait_for(predicate, timeout):
                raise AssertionError(f"waited {timeout} s for {what}; saw {self.state()}")

    def state(self) -> str:
        kinds = [f"{e.seq}:{e.kind.value}" for e in self.events]
        return (
            f"{self.calls} batch(es), events {kinds}, lost {self.lost!r}, "
            f"restored {self.restored} time(s)"
        )

    @property
    def seqs(self) -> list[int]:
        return [e.seq for e in self.events]


def _watcher(core: Core, sink: Collector, **kw: object) -> FeedWatcher:
    url = core.settings.database_url()
    kw.setdefault("notify_url", notify_url_for(url))
    kw.setdefault("poll_interval", 0.05)
    kw.setdefault("retry_interval", 0.1)
    return FeedWatcher(
        core.hall,
        sink,
        on_lost=sink.on_lost,
        on_restored=sink.on_restored,
        **kw,  # type: ignore[arg-type]
    )


def test_events_arrive_in_order_and_none_is_skipped(core: Core) -> None:
    sink = Collector()
    start = core.hall.latest_seq()
    watcher = _watcher(core, sink, start_seq=start, batch=7).start()
    try:

        def work(counter: int) -> None:
            for _ in range(10):
                core.queue.issue_ticket("A")
                core.queue.call_next(counter, actor=ADMIN)

        threads = [threading.Thread(target=work, args=(n,)) for n in (1, 2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        expected = [e.seq for e in core.hall.events_after(start, 10_000)]
        assert len(expected) == 58  # 20 issued + 20 called + 18 auto-finished
        sink.expect(f"all {len(expected)} events", lambda: len(sink.events) >= len(expected))
        assert sink.seqs == expected
        assert watcher.last_seq == expected[-1]
        called = [e for e in sink.events if e.kind == EventKind.CALLED]
        assert len({e.ticket_display for e in called}) == 20
    finally:
        watcher.stop()


def test_first_cycle_delivers_an_empty_batch_for_the_initial_load(core: Core) -> None:
    sink = Collector()
    watcher = _watcher(core, sink).start()
    try:
        sink.expect("the first (empty) batch", lambda: sink.calls >= 1)
        assert sink.events == []
        assert watcher.last_seq == core.hall.latest_seq()
    finally:
        watcher.stop()


def test_a_restarted_watcher_catches_up_from_its_last_seq(core: Core) -> None:
    first = Collector()
    watcher = _watcher(core, first, start_seq=0).start()
    core.queue.issue_ticket("B")
    first.expect("the issued event", lambda: any(e.kind == EventKind.ISSUED for e in first.events))
    watcher.stop()
    seen = watcher.last_seq
    assert seen is not None
    # While nobody watches, the hall goes on.
    core.queue.issue_ticket("B")
    core.queue.call_next(3, actor=ADMIN)
    core.queue.recall(3, actor=ADMIN)
    second = Collector()
    again = _watcher(core, second, start_seq=seen).start()
    try:
        second.expect("the 3 events of the gap", lambda: len(second.events) >= 3)
        assert [e.kind for e in second.events] == [
            EventKind.ISSUED,
            EventKind.CALLED,
            EventKind.RECALLED,
        ]
        assert second.events[0].seq == seen + 1
        assert second.events[2].counter_number == 3
    finally:
        again.stop()


def test_notify_wakes_a_postgres_watcher_before_its_long_poll(
    pg_url: str, clock: ManualClock
) -> None:
    core = make_core(pg_url, clock)
    sink = Collector()
    long_poll = 30.0
    watcher = _watcher(core, sink, long_poll=long_poll, poll_interval=long_poll).start()
    try:
        assert watcher.uses_notify
        sink.expect("the first (empty) batch", lambda: sink.calls >= 1)
        time.sleep(0.3)  # the watcher is now blocked in its long poll
        began = time.monotonic()
        core.queue.issue_ticket("A")
        sink.expect("the issued event", lambda: len(sink.events) >= 1, timeout=long_poll)
        assert time.monotonic() - began < long_poll / 2
        assert sink.events[0].kind == EventKind.ISSUED
    finally:
        watcher.stop()
        core.close()


class TcpProxy:
    """A loopback TCP relay that can cut every connection and refuse new ones, like a LAN
    cable pulled out between one PC and the database server."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.up = True
        self.socks: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            upstream = socket.create_connection(self.upstream)
            with self.lock:
                self.socks += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.up = False
        with self.lock:
            socks, self.socks = self.socks, []
        for s in socks:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def restore(self) -> None:
        self.up = True

    def close(self) -> None:
        self.cut()
        self.server.close()


@pytest.fixture
def proxied_pg(pg_url: str) -> Iterator[tuple[str, TcpProxy]]:
    parsed = make_url(pg_url)
    proxy = TcpProxy((parsed.host or "127.0.0.1", parsed.port or 5432))
    try:
        yield (
            parsed.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False),
            proxy,
        )
    finally:
        proxy.close()


@pytest.mark.expect_log(r"^live feed lost the database")
def test_postgres_watcher_reports_loss_then_catches_up(
    pg_url: str, proxied_pg: tuple[str, TcpProxy], clock: ManualClock
) -> None:
    writer = make_core(pg_url, clock)
    via_proxy, proxy = proxied_pg
    reader = make_core(via_proxy, clock, seed=False)
    sink = Collector()
    watcher = _watcher(reader, sink, start_seq=writer.hall.latest_seq()).start()
    try:
        sink.expect("the first (empty) batch", lambda: sink.calls >= 1)
        writer.queue.issue_ticket("C")
        sink.expect("the first issued event", lambda: len(sink.events) == 1)
        proxy.cut()
        sink.expect("the loss reported once", lambda: len(sink.lost) == 1)
        assert not watcher.connected
        # The hall keeps working while this PC is cut off.
        writer.queue.issue_ticket("C")
        writer.queue.call_next(2, actor=ADMIN)
        time.sleep(0.3)
        assert len(sink.events) == 1
        proxy.restore()
        sink.expect(
            "the reconnect and the 2 events missed",
            lambda: sink.restored == 1 and len(sink.events) == 3,
        )
        kinds = [e.kind for e in sink.events]
        assert kinds == [EventKind.ISSUED, EventKind.ISSUED, EventKind.CALLED]
        assert sink.seqs == sorted(set(sink.seqs))
        # And NOTIFY works again after the reconnect.
        writer.queue.recall(2, actor=ADMIN)
        sink.expect("the recall, woken by NOTIFY", lambda: len(sink.events) == 4)
        assert len(sink.lost) == 1
    finally:
        watcher.stop()
        reader.close()
        writer.close()


@pytest.mark.expect_log(r"^live feed lost the database: The database file .* cannot be opened")
def test_a_vanished_sqlite_file_is_offline_not_a_bug(
    tmp_path: Path, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "hall"
    url = sqlite_file_url(folder)
    core = make_core(url, clock)
    sink = Collector()
    watcher = _watcher(core, sink, change_probe=change_probe_for(url)).start()
    try:
        sink.expect("the first (empty) batch", lambda: sink.calls >= 1)
        # The disk holding the file goes away with the connections that had it open.
        folder.rename(tmp_path / "away")
        core.engine.dispose()
        sink.expect("the loss reported", lambda: len(sink.lost) == 1)
        assert not watcher.connected
        assert "antrean.db cannot be opened or written" in sink.lost[0], sink.lost
        time.sleep(0.5)  # several retries while it is away: still one report
        assert len(sink.lost) == 1
        (tmp_path / "away").rename(folder)
        core.queue.issue_ticket("A")
        sink.expect(
            "the reconnect and the ticket issued meanwhile",
            lambda: sink.restored == 1 and [e.kind for e in sink.events] == [EventKind.ISSUED],
        )
    finally:
        watcher.stop()
        core.close()
    feed_logs = [r for r in caplog.records if r.name == "app.services.feed"]
    assert [(r.levelname, r.exc_info) for r in feed_logs if r.levelno >= logging.WARNING] == [
        ("WARNING", None)
    ], "a lost database is logged once, as a warning without a traceback"
