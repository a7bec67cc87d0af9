"""Backups of the SQLite hall database and restoring them (``app.storage.backup``).

Real SQLite files throughout; the sync round trip talks to a real HQ process, and the
PostgreSQL case runs the real ``pg_dump`` / ``pg_restore`` against the test server.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import shutil
import sqlite3
import subprocess
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from app.domain.errors import StorageUnavailable
from app.ports import ManualClock
from app.services.queue import QueueService
from app.storage import backup as b
from app.storage.engine import make_engine
from app.storage.migrate import SCHEMA_HEAD, migrate
from app.storage.models import QueueEventRow, SyncEpoch, Ticket
from app.storage.uow import SqlUnitOfWork
from tests.hq.server import HqServer, hq_server
from tests.support.actors import ADMIN
from tests.support.databases import _dsn, fresh_pg_database, pg_required
from tests.sync.hall import Hall, hall_keys, new_hall, server_keys
from tests.sync.test_faults import drain, make_worker

__all__ = ["hq_server"]

NOON = dt.datetime(2026, 11, 2, 12, 0)


def _count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_a_backup_taken_while_tickets_are_issued_is_whole_and_consistent(tmp_path: Path) -> None:
    hall = new_hall(tmp_path)
    hall.simulate(40)
    db = tmp_path / "hall.db"
    stop = threading.Event()
    issued = [0]

    def kiosk() -> None:  # its own engine, as another process would have
        engine = make_engine(hall.url)
        queue = QueueService(
            lambda readonly=False: SqlUnitOfWork(engine, readonly=readonly),
            ManualClock(hall.clock.now()),
        )
        try:
            while not stop.is_set():
                queue.issue_ticket("A", priority=False)
                issued[0] += 1
        finally:
            engine.dispose()

    writer = threading.Thread(target=kiosk)
    writer.start()
    try:
        while issued[0] < 20:
            threading.Event().wait(0.01)
        copies = [
            b.backup(db, tmp_path / "backups", NOON + dt.timedelta(seconds=i), keep=None)
            for i in range(3)
        ]
    finally:
        stop.set()
        writer.join()
    assert issued[0] > 20
    for copy in copies:
        conn = sqlite3.connect(copy)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
            tickets = conn.execute("SELECT count(*) FROM tickets").fetchone()[0]
            issues = conn.execute(
                "SELECT count(*) FROM queue_events WHERE kind = 'issued'"
            ).fetchone()[0]
        finally:
            conn.close()
        assert tickets == issues  # one transaction's ticket and event, never half of it
        assert 40 <= tickets <= 40 + issued[0]
        assert b.check_candidate(copy).tickets == tickets
    assert not list((tmp_path / "backups").glob(".*"))  # no part file left behind


def test_retention_keeps_the_newest_and_leaves_other_files(tmp_path: Path) -> None:
    hall = new_hall(tmp_path)
    hall.simulate(3)
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "pre-restore-20261101-080000.db").write_bytes(b"x")
    (folder / "notes.txt").write_text("keep me")
    made = [
        b.backup(tmp_path / "hall.db", folder, NOON + dt.timedelta(days=i), keep=14)
        for i in range(17)
    ]
    assert b.backups(folder) == made[-14:]
    assert (folder / "notes.txt").exists() and (folder / "pre-restore-20261101-080000.db").exists()
    last = NOON + dt.timedelta(days=16)
    assert not b.due(folder, last.date()) and b.due(folder, last.date() + dt.timedelta(days=1))
    twice = b.backup(tmp_path / "hall.db", folder, last, keep=2)  # the same second again
    assert twice.name.endswith("-1.db") and len(b.backups(folder)) == 2


def test_an_unwritable_folder_is_storage_unavailable(tmp_path: Path) -> None:
    new_hall(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StorageUnavailable):
        b.backup(tmp_path / "hall.db", blocker / "backups", NOON, keep=None)
    with pytest.raises(StorageUnavailable):
        b.backup(tmp_path / "missing.db", tmp_path, NOON, keep=None)


def _damaged(tmp_path: Path) -> Path:
    hall = new_hall(tmp_path / "d")
    hall.simulate(30)
    hall.engine.dispose()
    copy = b.backup(tmp_path / "d" / "hall.db", tmp_path / "d", NOON, keep=None)
    data = bytearray(copy.read_bytes())
    page = 4096
    for offset in range(3 * page, len(data) - page, page):  # trash table pages, keep the header
        data[offset + 8 : offset + 200] = b"\xff" * 192
    copy.write_bytes(bytes(data))
    return copy


def _foreign(tmp_path: Path) -> Path:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    return path


def _newer(tmp_path: Path) -> Path:
    new_hall(tmp_path / "n").engine.dispose()
    path = tmp_path / "n" / "hall.db"
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: (p / "t.db").write_text("not a database") and p / "t.db", "not an SQLite"),
        (lambda p: (p / "e.db").write_bytes(b"") or p / "e.db", "not an SQLite"),
        (lambda p: p / "absent.db", "Cannot read"),
        (_foreign, "no Antrean schema"),
        (_newer, "newer than this version"),
        (_damaged, "damaged"),
    ],
)
def test_restore_refuses_a_file_that_is_not_an_antrean_database(
    tmp_path: Path, make: object, says: str
) -> None:
    hall = new_hall(tmp_path)
    hall.simulate(5)
    db = tmp_path / "hall.db"
    before = _count(db, "queue_events")
    bad = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(b.NotAntreanDatabase) as refused:
        b.restore(bad, db, tmp_path / "backups", NOON)
    assert refused.value.exit_code == 2 and says in refused.value.message_en
    assert _count(db, "queue_events") == before
    assert not (tmp_path / "backups").exists()  # nothing done, not even the safety copy


def test_restore_refuses_the_database_in_use(tmp_path: Path) -> None:
    new_hall(tmp_path).simulate(2)
    db = tmp_path / "hall.db"
    with pytest.raises(b.NotAntreanDatabase, match="in use"):
        b.restore(tmp_path / "." / "hall.db", db, tmp_path / "backups", NOON)


def _issue_more(hall: Hall, tickets: int, first: int) -> None:
    hall.simulate(tickets, first=first)


def test_sync_stays_exact_across_a_restore(hq_server: HqServer, tmp_path: Path) -> None:
    """Sync, back up, work and sync, restore the backup, work and sync: HQ holds both
    histories, every event of each, and no dead letter."""
    hall = new_hall(tmp_path)
    db = tmp_path / "hall.db"
    hall_id, token = hq_server.add_hall("Polres Cadangan")
    hall.simulate(20)
    worker, _outbox, client = make_worker(hall, hq_server.url, hall_id, token)
    assert drain(worker)[-1].problem is None
    hall.simulate(6, first=20)  # not yet sent when the backup is taken
    copy = b.backup(db, tmp_path / "backups", NOON, keep=None)
    hall.simulate(15, first=26)
    assert drain(worker)[-1].problem is None
    original = server_keys(hq_server, hall_id)
    assert original == hall_keys(hall)
    client.close()
    hall.engine.dispose()

    done = b.restore(copy, db, tmp_path / "backups", NOON + dt.timedelta(hours=1))
    assert done.safety_copy is not None and done.epoch is not None
    assert _count(done.safety_copy, "queue_events") == len(original)

    hall = Hall(make_engine(hall.url), hall.url, hall.clock)
    migrate(hall.engine)
    hall.simulate(12, first=41)  # reuses seqs HQ already holds from the original history
    worker, outbox, client = make_worker(hall, hq_server.url, hall_id, token)
    reports = drain(worker)
    client.close()
    assert reports[-1].problem is None
    assert not outbox.load_state().dead_letters
    after = server_keys(hq_server, hall_id)
    assert set(original) <= set(after)  # nothing of the first history lost
    assert set(hall_keys(hall)) <= set(after)  # all of the restored one arrived
    assert set(after) == set(original) | set(hall_keys(hall))
    with hall.engine.connect() as conn:
        epochs = conn.execute(select(SyncEpoch.id, SyncEpoch.parent)).all()
        top = conn.execute(select(func.max(QueueEventRow.seq))).scalar_one()
        tickets = conn.execute(select(func.count()).select_from(Ticket)).scalar_one()
    assert len(epochs) == 2 and epochs[1].parent == epochs[0].id
    assert top < max(seq for _epoch, seq in original) + 30 and tickets > 0
    hq = hq_server.engine()
    try:
        with hq.connect() as conn:
            rows = conn.execute(
                text("SELECT skipped, acked_seq, max_seq FROM hall_epochs WHERE hall_id = :h"),
                {"h": hall_id},
            ).all()
    finally:
        hq.dispose()
    assert len(rows) == 2  # both histories, each whole: nothing skipped, nothing lacking
    for skipped, acked, newest in rows:
        assert skipped in ([], "[]", None) and acked == newest
    hall.engine.dispose()


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def test_pg_dump_and_restore_into_a_fresh_database_keeps_a_working_queue(pg_url: str) -> None:
    dump, restore = _pg_bin("pg_dump"), _pg_bin("pg_restore")
    if dump is None or restore is None:
        if pg_required():
            pytest.fail("pg_dump / pg_restore not found")
        pytest.skip("pg_dump / pg_restore not installed")
    clock = ManualClock(dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC))
    source = make_engine(pg_url)
    migrate(source)
    hall = Hall(source, pg_url, clock)
    from app.services.setup import SetupService

    SetupService(hall.uow, clock).seed_typical(3)
    hall.simulate(25)
    served = hall.served()
    source.dispose()
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    with fresh_pg_database(pg_url, prefix="restored") as target_url:
        archive = Path(os.environ.get("TMPDIR", "/tmp")) / f"antrean-{os.getpid()}.dump"
        try:  # the exact commands of docs/backup.md
            subprocess.run(
                [dump, "--format=custom", "--no-owner", f"--file={archive}", _dsn(pg_url)],
                check=True,
                env=env,
                timeout=120,
                capture_output=True,
            )
            subprocess.run(
                [
                    restore,
                    "--no-owner",
                    "--exit-on-error",
                    f"--dbname={_dsn(target_url)}",
                    str(archive),
                ],
                check=True,
                env=env,
                timeout=120,
                capture_output=True,
            )
        finally:
            archive.unlink(missing_ok=True)
        engine = make_engine(target_url)
        try:
            assert migrate(engine) == SCHEMA_HEAD
            restored = Hall(engine, target_url, clock)
            assert restored.served() == served
            with engine.connect() as conn:
                top_ticket = conn.execute(select(func.max(Ticket.id))).scalar_one()
            seqs = restored.seqs()
            queue = restored.queue
            issued = queue.issue_ticket("B", priority=False).ticket
            assert issued.id > top_ticket  # the identity sequences came along
            assert issued.number > 0
            queue.call_next(2, auto_finish=True, actor=ADMIN)
            assert min(set(restored.seqs()) - set(seqs)) > max(seqs)
            assert max(restored.seqs()) > 0 and len(set(restored.seqs())) == len(restored.seqs())
        finally:
            engine.dispose()
