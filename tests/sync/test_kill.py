"""A sync process killed (SIGKILL) while HQ holds a batch it never acknowledged."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from app.sync.cli import endpoint_key
from app.sync.sql_outbox import SqlOutbox
from tests.hq.server import ROOT, HqServer
from tests.sync.hall import new_hall
from tests.sync.proxy import FaultProxy
from tests.sync.test_faults import assert_same_totals, drain, make_worker


def _sync(proxy_url: str, hall_url: str, hall_id: str, token: str, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "app.sync",
        *extra,
        "--db",
        hall_url,
        "--hq-url",
        proxy_url,
        "--hall-id",
        hall_id,
        f"--token={token}",
        "--batch-size",
        "25",
    ]


def test_sigkill_mid_batch_loses_nothing_and_counts_nothing_twice(
    hq_server: HqServer, tmp_path: Path
) -> None:
    hall = new_hall(tmp_path)
    hall.simulate(60)
    hall_id, token = hq_server.add_hall("Polres Mati Listrik")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with FaultProxy(hq_server.port, default="stall") as proxy:
        proxy.stall_seconds = 30.0  # HQ stores each batch; the answer never arrives in time
        process = subprocess.Popen(
            _sync(proxy.url, hall.url, hall_id, token, "--once"),
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 20
            while not hq_server.event_seqs(hall_id) and time.monotonic() < deadline:
                time.sleep(0.05)
            stored_before_kill = hq_server.event_seqs(hall_id)
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(10)
        assert process.returncode == -signal.SIGKILL
        assert stored_before_kill == list(range(1, 26))
        outbox = SqlOutbox(hall.engine, endpoint_key(proxy.url, hall_id))
        assert outbox.load_state().last_acked_seq == 0  # the mark never moved without an ack
        proxy.default = "pass"
        status = subprocess.run(
            _sync(proxy.url, hall.url, hall_id, token, "status"),
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert f"pending={len(hall.seqs())}" in status.stdout
        worker, _outbox, client = make_worker(hall, proxy.url, hall_id, token, batch_size=25)
        reports = drain(worker)
        client.close()
    assert sum(r.duplicates for r in reports) == 25
    assert_same_totals(hall, hq_server, hall_id)
