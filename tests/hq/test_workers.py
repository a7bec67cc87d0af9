"""``antrean-hq serve --workers 2``: stateless workers sharing one database — a session
opened by one is honoured by the other, the login backoff counts failures of both, and
uploads through both are stored once."""

from __future__ import annotations

import random
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import func, select

from hq.db import LoginBackoff
from tests.hq.payloads import START, batch, busy_day
from tests.hq.server import PASSWORD, HqServer, backends, database_url


@pytest.fixture(scope="module", params=backends())
def two_workers(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[HqServer]:
    tmp = tmp_path_factory.mktemp(f"hq-workers-{request.param}")
    urls = database_url(request.param, tmp)
    server = HqServer(next(urls), tmp, workers=2).setup()
    server.start()
    try:
        yield server
    finally:
        server.stop()
        next(urls, None)


def _fresh(server: HqServer) -> httpx.Client:
    """A client that opens a new connection per request (spread over the workers)."""
    limits = httpx.Limits(max_keepalive_connections=0)
    return httpx.Client(base_url=server.url, timeout=30, limits=limits)


def test_sessions_and_uploads_are_shared_by_the_workers(two_workers: HqServer) -> None:
    with _fresh(two_workers) as client:
        login = client.post("/login", json={"username": two_workers.username, "password": PASSWORD})
        assert login.status_code == 200
        for _ in range(12):
            assert client.get("/api/v1/me").status_code == 200
        events = busy_day(random.Random(4), 40)
        for start in range(0, len(events), 20):
            body = batch(two_workers.hall_id, events[start : start + 20])
            headers = {"Authorization": f"Bearer {two_workers.token}"}
            path = f"/api/v1/halls/{two_workers.hall_id}/events"
            answer = client.post(path, json=body, headers=headers)
            assert answer.status_code == 200, answer.text
        day = START.date().isoformat()
        summary = client.get("/api/v1/summary", params={"from": day, "to": day}).json()
        assert sum(r["issued"] for r in summary["rows"]) == 40
    assert two_workers.event_seqs() == list(range(1, len(events) + 1))


def test_login_backoff_counts_failures_on_every_worker(two_workers: HqServer) -> None:
    with _fresh(two_workers) as client:
        codes = [
            client.post("/login", json={"username": "penebak", "password": f"x-{i}"}).status_code
            for i in range(9)
        ]
    # Five free failures in all, not five per worker; then backoff for everyone.
    assert codes.count(401) <= 6 and codes[-1] == 429, codes
    engine = two_workers.engine()
    try:
        with engine.connect() as conn:
            assert (conn.scalar(select(func.count()).select_from(LoginBackoff)) or 0) >= 1
    finally:
        engine.dispose()
