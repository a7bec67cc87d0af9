"""Hall → HQ sync through real faults; after each, HQ holds exactly the hall's events."""

from __future__ import annotations

import random
import threading
from pathlib import Path

import httpx
import pytest
from sqlalchemy import insert, update

from app.domain.stored_text import read
from app.ports import SystemClock
from app.storage.models import QueueEventRow
from app.sync.cli import endpoint_key
from app.sync.client import HqClient
from app.sync.errors import HqAuthFailed, HqRateLimited, HqUnreachable, SyncIncomplete
from app.sync.health import sync_health
from app.sync.payload import Batch, Event
from app.sync.sql_outbox import SqlOutbox
from app.sync.worker import SyncReport, SyncWorker
from tests.hq.server import HqServer
from tests.sync.hall import Hall, hall_keys, new_hall, server_keys
from tests.sync.proxy import FaultProxy


def make_worker(
    hall: Hall, url: str, hall_id: str, token: str, batch_size: int = 40, read: float = 5.0
) -> tuple[SyncWorker, SqlOutbox, HqClient]:
    outbox = SqlOutbox(hall.engine, endpoint_key(url, hall_id))
    timeout = httpx.Timeout(connect=2.0, read=read, write=5.0, pool=2.0)
    client = HqClient(url, hall_id, token, timeout=timeout)
    worker = SyncWorker(
        outbox, client, hall_id, SystemClock(), batch_size=batch_size, rng=random.Random(7)
    )
    return worker, outbox, client


def drain(worker: SyncWorker, attempts: int = 40) -> list[SyncReport]:
    reports = []
    for _ in range(attempts):
        reports.append(worker.run_once())
        if reports[-1].error is None and reports[-1].pending == 0:
            return reports
    raise AssertionError(f"not drained after {attempts} runs: {reports[-1]}")


def assert_same_totals(
    hall: Hall, server: HqServer, hall_id: str, skip: frozenset[int] = frozenset()
) -> None:
    assert server.event_seqs(hall_id) == [s for s in hall.seqs() if s not in skip]
    if not skip:
        assert server.kind_counts(hall_id) == hall.kind_counts()
    response = httpx.get(
        f"{server.url}/api/v1/halls/{hall_id}/summary",
        params={"from": "2026-11-01", "to": "2026-11-05"},
        headers={"Authorization": f"Bearer {server.read_token}"},
    )
    assert response.status_code == 200, response.text
    rows = response.json()["rows"]
    assert sum(r["served"] for r in rows) == hall.served()
    assert sum(r["issued"] for r in rows) == sum(hall.issued_by_service().values())


@pytest.mark.expect_log(r"^sync to HQ failed: HQ is unreachable")
def test_backlog_drains_after_hq_was_down(hq_server: HqServer, tmp_path: Path) -> None:
    hall = new_hall(tmp_path)
    hall.simulate(60)
    hall_id, token = hq_server.add_hall("Polres Offline")
    worker, outbox, client = make_worker(hall, hq_server.url, hall_id, token)
    hq_server.stop()
    try:
        report = worker.run_once()
        assert isinstance(report.error, HqUnreachable)
        state = outbox.load_state()
        assert state.last_acked_seq == 0 and state.last_error and state.last_error_at
        assert report.pending == len(hall.seqs())
        hall.simulate(20, first=60)  # the hall keeps working offline
    finally:
        hq_server.start()
    reports = drain(worker)
    assert sum(r.stored for r in reports) == len(hall.seqs())
    assert worker.status().pending == 0 and outbox.load_state().last_success_at is not None
    assert_same_totals(hall, hq_server, hall_id)
    client.close()


@pytest.mark.expect_log(r"^sync to HQ failed: HQ is (unreachable|busy)")
def test_500s_drops_timeouts_lost_answers_and_rate_limits(
    hq_server: HqServer, tmp_path: Path
) -> None:
    hall = new_hall(tmp_path)
    hall.simulate(80)
    hall_id, token = hq_server.add_hall("Polres Gangguan")
    with FaultProxy(hq_server.port) as proxy:
        proxy.stall_seconds = 1.5
        proxy.script(
            "error500",
            "drop",
            "pass",
            "swallow",
            "stall",
            "ratelimit",
            "pass",
            "swallow",
            "too_large",
            "pass",
            "error500",
        )
        worker, _outbox, client = make_worker(hall, proxy.url, hall_id, token, read=0.6)
        reports = drain(worker)
        errors = [type(r.error) for r in reports if r.error is not None]
        assert HqUnreachable in errors and HqRateLimited in errors
        limited = next(r.error for r in reports if isinstance(r.error, HqRateLimited))
        assert limited.retry_after == 7
        assert sum(r.duplicates for r in reports) > 0  # lost answers were replayed
        assert proxy.count("swallow") == 2 and proxy.count("stall") == 1
        client.close()
    assert_same_totals(hall, hq_server, hall_id)


def test_duplicated_and_reordered_batches(hq_server: HqServer, tmp_path: Path) -> None:
    hall = new_hall(tmp_path)
    hall.simulate(30)
    hall_id, token = hq_server.add_hall("Polres Urutan")
    worker, outbox, client = make_worker(hall, hq_server.url, hall_id, token)
    events = [e for e in outbox.events_after(0, 1000) if isinstance(e, Event)]
    half = len(events) // 2

    epoch = outbox.epochs()[-1].id

    def send(part: list[Event]) -> None:
        now = SystemClock().now()
        client.send(Batch(schema_version=2, hall_id=hall_id, sent_at=now, epoch=epoch, events=part))

    send(events[half:])
    send(events[:half])
    send(events[half:])
    reports = drain(worker)
    assert sum(r.stored for r in reports) == 0
    assert sum(r.duplicates for r in reports) == len(events)
    assert_same_totals(hall, hq_server, hall_id)
    client.close()


def test_hall_clock_jumps_back_and_forward(hq_server: HqServer, tmp_path: Path) -> None:
    hall = new_hall(tmp_path)
    hall.simulate(20)
    hall.clock.advance(hours=-3)  # the PC clock was corrected backwards
    hall.simulate(20, first=20)
    hall.clock.advance(hours=20)  # then ran far ahead
    hall.simulate(10, first=40)
    hall_id, token = hq_server.add_hall("Polres Jam")
    worker, _outbox, client = make_worker(hall, hq_server.url, hall_id, token)
    drain(worker)
    assert_same_totals(hall, hq_server, hall_id)
    client.close()


@pytest.mark.expect_log(r"^HQ cannot take event \d+: .*needs a ticket", level="ERROR")
def test_unsendable_event_is_held_visible_and_resent_once_fixed(
    hq_server: HqServer, tmp_path: Path
) -> None:
    hall = new_hall(tmp_path)
    hall.simulate(10)
    with hall.engine.begin() as conn:  # a row the wire schema cannot express
        inserted = conn.execute(
            insert(QueueEventRow).values(kind="issued", at=hall.clock.now(), data={})
        ).inserted_primary_key
        assert inserted is not None
        bad_seq = int(inserted[0])
    hall.simulate(10, first=10)
    hall_id, token = hq_server.add_hall("Polres Surat Mati")
    worker, outbox, client = make_worker(hall, hq_server.url, hall_id, token, batch_size=500)
    reports = drain(worker)
    assert sum(r.dead_lettered for r in reports) == 1
    assert isinstance(reports[-1].problem, SyncIncomplete) and reports[-1].problem.exit_code
    letters = outbox.load_state().dead_letters
    assert [d.seq for d in letters] == [bad_seq] and "needs a ticket" in letters[0].reason
    assert_same_totals(hall, hq_server, hall_id, skip=frozenset({bad_seq}))
    assert worker.run_once().dead_lettered == 0  # held, not tried again and again
    assert _hq_lacks(hq_server, hall_id) == [[bad_seq, bad_seq]]  # HQ knows what it lacks
    health = sync_health(hall.engine)  # what `antrean doctor` says
    assert health is not None and not health.ok and "1 records held" in health.message("en")
    with hall.engine.begin() as conn:  # the cause is fixed
        conn.execute(
            update(QueueEventRow)
            .where(QueueEventRow.seq == bad_seq)
            .values(kind="counter_paused", counter_id=2)
        )
    assert worker.resend() == 1
    report = worker.run_once()
    assert report.problem is None and report.stored == 1
    assert server_keys(hq_server, hall_id) == hall_keys(hall)
    assert _healthy(hall) and _hq_lacks(hq_server, hall_id) == []
    client.close()


def _hq_lacks(server: HqServer, hall_id: str) -> list[list[int]]:
    response = httpx.get(
        f"{server.url}/api/v1/halls/{hall_id}/epochs",
        headers={"Authorization": f"Bearer {server.read_token}"},
    )
    assert response.status_code == 200, response.text
    return [r for e in response.json() for r in (*e["missing"], *e["skipped"])]


def _healthy(hall: Hall) -> bool:
    health = sync_health(hall.engine)
    return health is not None and health.ok


@pytest.mark.expect_log(r"^sync to HQ failed: HQ rejected this hall's token")
@pytest.mark.expect_log(r"^sync stopped: HQ rejected this hall's token", level="ERROR")
def test_auth_failure_stops_the_worker(hq_server: HqServer, tmp_path: Path) -> None:
    hall = new_hall(tmp_path)
    hall.simulate(2)
    hall_id, _token = hq_server.add_hall("Polres Token Salah")
    slept: list[float] = []
    worker, outbox, client = make_worker(hall, hq_server.url, hall_id, "wrong-token")
    worker = SyncWorker(outbox, client, hall_id, SystemClock(), sleep=slept.append)
    report = worker.run_forever(threading.Event())
    assert report.stopped and isinstance(report.error, HqAuthFailed)
    assert slept == [] and outbox.load_state().last_acked_seq == 0
    last_error = read(outbox.load_state().last_error)
    assert last_error is not None and "token" in last_error.en and "token" in last_error.id
    client.close()


@pytest.mark.expect_log(r"^sync to HQ failed: HQ is (unreachable|busy)")
def test_run_forever_backs_off_with_jitter_and_honours_retry_after(
    hq_server: HqServer, tmp_path: Path
) -> None:
    hall = new_hall(tmp_path)
    hall.simulate(4)
    hall_id, token = hq_server.add_hall("Polres Backoff")
    stop = threading.Event()
    delays: list[float] = []

    def sleep(seconds: float) -> None:
        delays.append(seconds)
        if seconds == 30.0:  # the idle wait after a full drain
            stop.set()

    with FaultProxy(hq_server.port) as proxy:
        proxy.script("error500", "drop", "error500", "ratelimit")
        outbox = SqlOutbox(hall.engine, endpoint_key(proxy.url, hall_id))
        with HqClient(proxy.url, hall_id, token) as client:
            worker = SyncWorker(
                outbox,
                client,
                hall_id,
                SystemClock(),
                sleep=sleep,
                rng=random.Random(1),
                backoff_base=1.0,
                backoff_cap=300.0,
            )
            report = worker.run_forever(stop)
    assert report.error is None and report.pending == 0
    assert len(delays) == 5
    for failures, delay in enumerate(delays[:3], start=1):
        assert 0.0 <= delay <= 2.0 ** (failures - 1)
    assert delays[3:] == [7.0, 30.0]
    assert_same_totals(hall, hq_server, hall_id)


@pytest.mark.parametrize("cap", [1.0])
def test_backoff_never_exceeds_the_cap(cap: float, tmp_path: Path) -> None:
    hall = new_hall(tmp_path)
    outbox = SqlOutbox(hall.engine, "x")
    with HqClient("http://127.0.0.1:9", "h", "t") as client:
        worker = SyncWorker(
            outbox,
            client,
            "h",
            SystemClock(),
            backoff_base=0.5,
            backoff_cap=cap,
            rng=random.Random(3),
        )
        assert all(0 <= worker.backoff(n) <= cap for n in range(1, 200))
