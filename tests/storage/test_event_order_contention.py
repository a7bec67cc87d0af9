"""Event seqs follow commit order under contention: a follower of ``seq > last`` misses nothing.

Several writer threads commit events through ``SqlUnitOfWork`` at once, each holding its
transaction open for a moment before the commit, while a follower reads ``seq > last`` in a
tight loop on a connection of its own, exactly as the feed watcher and the HQ uploader do.
If a seq ever became visible before a smaller one, the follower would move past the smaller
one and never read it. The first test shows that such a writer is caught by this check.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import Connection, Engine, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url

from app.domain.errors import StorageUnavailable
from app.ports import ManualClock
from app.storage.engine import READONLY, make_engine
from app.storage.uow import SqlUnitOfWork
from tests.conftest import make_core

WRITERS = 4
COMMITS = 60  # per writer
CHECKPOINTS = (20, 40)  # a writer waits there for the follower's first, then second read
KIND = "settings_changed"


@pytest.fixture
def engine(db_url: str, clock: ManualClock) -> Iterator[Engine]:
    make_core(db_url, clock, seed=False).close()  # migrated, empty
    built = make_engine(db_url)
    try:
        yield built
    finally:
        built.dispose()


def _follow(conn: Connection, last: int) -> list[int]:
    rows = conn.execute(
        text("SELECT seq FROM queue_events WHERE seq > :last ORDER BY seq"), {"last": last}
    )
    conn.commit()  # each read its own snapshot, as a watcher's unit of work
    return [int(seq) for (seq,) in rows]


def _all_seqs(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return [int(s) for (s,) in conn.execute(text("SELECT seq FROM queue_events ORDER BY seq"))]


def _event(uow: SqlUnitOfWork, clock: ManualClock, n: int) -> None:
    uow.add_event(KIND, clock.now(), data={"n": n})


def test_a_follower_misses_an_event_whose_seq_commits_late(pg_url: str, clock: ManualClock) -> None:
    """The check works: a seq drawn early but committed late is skipped for good."""
    make_core(pg_url, clock, seed=False).close()
    engine = make_engine(pg_url)
    insert = text(
        "INSERT INTO queue_events (kind, at, data) VALUES (:k, now(), '{}') RETURNING seq"
    )
    try:
        with engine.connect() as early, engine.connect() as late, engine.connect() as reader:
            first = int(early.execute(insert, {"k": KIND}).scalar_one())  # seq drawn, open
            second = int(late.execute(insert, {"k": KIND}).scalar_one())
            late.commit()
            seen = _follow(reader, 0)
            early.commit()
            seen += _follow(reader, max(seen))
        assert first < second
        assert seen == [second]  # `first` is in the table, yet the follower never read it
        assert _all_seqs(engine) == [first, second]
    finally:
        engine.dispose()


def test_a_transaction_that_commits_later_gets_the_later_seq(
    db_url: str, engine: Engine, clock: ManualClock
) -> None:
    with SqlUnitOfWork(engine) as early:
        _event(early, clock, 1)
        early.session.execute(text("SELECT 1"))  # begun, events pending
        if not early.is_postgres:  # SQLite: BEGIN IMMEDIATE, a second writer would wait
            early_seqs = early.commit()
            with SqlUnitOfWork(engine) as late:
                _event(late, clock, 2)
                late_seqs = late.commit()
            assert early_seqs < late_seqs
            return
        with SqlUnitOfWork(engine) as late:
            _event(late, clock, 2)
            late_seqs = late.commit()
        early_seqs = early.commit()
    assert late_seqs < early_seqs
    assert _all_seqs(engine) == late_seqs + early_seqs


def test_under_contention_the_follower_reads_every_event(
    db_url: str, engine: Engine, clock: ManualClock
) -> None:
    done = threading.Event()
    committed: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    reads = threading.Condition()
    live_batches = 0  # non-empty reads while the writers were still writing

    def wait_for_reads(count: int) -> None:
        """Hold this writer until the follower has read ``count`` batches beside the writers
        (a loaded machine may otherwise give it no turn before they are all done)."""
        with reads:
            reads.wait_for(lambda: live_batches >= count or bool(errors), timeout=30)

    def writer(w: int) -> None:
        rnd = random.Random(w)
        try:
            for i in range(COMMITS):
                if i in CHECKPOINTS:
                    wait_for_reads(CHECKPOINTS.index(i) + 1)
                with SqlUnitOfWork(engine) as uow:
                    for k in range(rnd.randint(1, 3)):
                        _event(uow, clock, w * 10_000 + i * 10 + k)
                    uow.session.execute(text("SELECT 1"))  # the transaction is open
                    time.sleep(rnd.uniform(0, 0.004))  # ... while the others commit
                    if rnd.random() < 0.1:
                        continue  # given up: no commit, no seq
                    seqs = uow.commit()
                with lock:
                    committed.extend(seqs)
        except BaseException as exc:  # reported by the test below
            errors.append(exc)

    seen: list[int] = []

    def follower() -> None:
        nonlocal live_batches
        try:
            # a read-only connection (a deferred BEGIN on SQLite), as a watcher's reads are
            with engine.connect().execution_options(**{READONLY: True}) as conn:
                while True:
                    finished = done.is_set()  # one more read after the last commit
                    batch = _follow(conn, seen[-1] if seen else 0)
                    seen.extend(batch)
                    if batch and not finished:
                        with reads:
                            live_batches += 1
                            reads.notify_all()
                    if finished:
                        return
        except BaseException as exc:
            errors.append(exc)
            with reads:
                reads.notify_all()

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
    reader = threading.Thread(target=follower)
    reader.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    done.set()
    reader.join(timeout=60)
    assert not errors, errors
    # The follower really ran beside the writers (a loaded machine may give it few turns,
    # but it must have read events in between, where a late seq would have been skipped).
    assert live_batches >= 2, live_batches
    in_table = _all_seqs(engine)
    assert sorted(committed) == in_table
    assert seen == in_table  # nothing skipped, nothing read twice, in seq order


def test_a_connection_lost_at_the_event_commit_is_a_clear_error(
    pg_url: str, pg_server_url: str, clock: ManualClock
) -> None:
    """The pipelined commit fails like any other statement: named, nothing logged, no loss."""
    make_core(pg_url, clock, seed=False).close()
    engine = make_engine(pg_url)
    other = make_url(pg_server_url).set(drivername="postgresql")  # the same role may end it
    try:
        with pytest.raises(StorageUnavailable), SqlUnitOfWork(engine) as uow:
            pid = uow.session.execute(text("SELECT pg_backend_pid()")).scalar_one()
            _event(uow, clock, 1)
            with psycopg.connect(other.render_as_string(hide_password=False)) as c:
                c.execute("SELECT pg_terminate_backend(%s)", (pid,))
            uow.commit()
        with SqlUnitOfWork(engine) as uow:  # the pool opens a new connection
            _event(uow, clock, 2)
            seqs = uow.commit()
        assert _all_seqs(engine) == seqs
    finally:
        engine.dispose()


def test_a_refused_event_row_commits_nothing(pg_url: str, clock: ManualClock) -> None:
    make_core(pg_url, clock, seed=False).close()
    engine = make_engine(pg_url)
    try:
        with pytest.raises(sa_exc.IntegrityError), SqlUnitOfWork(engine) as uow:
            uow.add_event(KIND, clock.now(), ticket_id=999_999)  # no such ticket
            uow.commit()
        assert _all_seqs(engine) == []
        with SqlUnitOfWork(engine) as uow:
            _event(uow, clock, 1)
            assert len(uow.commit()) == 1
    finally:
        engine.dispose()
