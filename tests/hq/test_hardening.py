"""HQ against a probe: password checks, backoff, headers, CSV cells, the OpenAPI document."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from hq import admin
from hq.cli import _now
from hq.db import init_db, make_sessionmaker
from hq.read_api import _cell
from hq.throttle import LoginThrottle, TooManyAttempts
from tests.hq.server import PASSWORD, HqServer


@pytest.fixture(scope="module")
def sqlite_hq(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HqServer]:
    """An HQ of this module alone: its login throttle remembers this module's failures."""
    folder = tmp_path_factory.mktemp("hard-hq")
    server = HqServer(f"sqlite:///{folder / 'hq.db'}", folder)
    engine = server.engine()
    init_db(engine)
    factory = make_sessionmaker(engine)
    admin.add_user(factory, server.username, PASSWORD, _now())
    hall = admin.add_hall(factory, "Polres Keras", _now())
    server.hall_id, server.token = hall.id, hall.token
    engine.dispose()
    server.start()
    yield server
    server.stop()


def _login(server: HqServer, password: str, user: str = "pusat") -> httpx.Response:
    return httpx.post(
        f"{server.url}/login", json={"username": user, "password": password}, timeout=30
    )


def test_a_wrong_login_never_holds_the_write_lock(sqlite_hq: HqServer) -> None:
    """While argon2 checks a wrong password (~0.6 s), a writer gets the lock at once."""
    path = Path(sqlite_hq.db_url.removeprefix("sqlite:///"))
    answers: list[int] = []
    worker = threading.Thread(target=lambda: answers.append(_login(sqlite_hq, "salah").status_code))
    worker.start()
    busy = 0
    tries = 0
    with sqlite3.connect(path, timeout=0, isolation_level=None) as conn:
        while worker.is_alive():
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("ROLLBACK")
            except sqlite3.OperationalError:
                busy += 1
            tries += 1
            time.sleep(0.005)
    conn.close()
    worker.join()
    assert answers == [401]
    assert tries > 10 and busy == 0


def test_wrong_passwords_back_off_and_the_right_one_waits_its_turn(sqlite_hq: HqServer) -> None:
    codes = [_login(sqlite_hq, f"tebak-{i}", user="penebak").status_code for i in range(6)]
    assert codes[0] == 401 and 429 in codes  # five failures from one address, then backoff
    refused = _login(sqlite_hq, PASSWORD)  # the address is backing off, for anyone
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.json()["detail"]["reason"]
    time.sleep(float(refused.headers["Retry-After"]) + 0.1)
    assert _login(sqlite_hq, PASSWORD).status_code == 200  # nobody is locked out for good


def test_throttle_spares_a_users_known_address_and_caps_every_lock() -> None:
    now = [1000.0]
    throttle = LoginThrottle(
        free=3, base=1.0, user_cap=60.0, address_cap=120.0, clock=lambda: now[0]
    )
    with throttle.attempt("pusat", "10.0.0.5"):
        pass
    throttle.succeeded("pusat", "10.0.0.5")  # the user's own PC
    for i in range(300):  # an attacker from many addresses
        address = f"203.0.113.{i % 250}"
        try:
            with throttle.attempt("pusat", address):
                pass
        except TooManyAttempts:
            continue
        throttle.failed("pusat", address)
    with pytest.raises(TooManyAttempts) as refused, throttle.attempt("pusat", "198.51.100.7"):
        pass
    assert refused.value.retry_after <= 61
    with throttle.attempt("pusat", "10.0.0.5"):  # the real user still gets in
        pass
    now[0] += 61
    with throttle.attempt("pusat", "198.51.100.7"):  # and the cap ends every lock
        pass


def test_security_headers_and_no_cdn_pages(sqlite_hq: HqServer) -> None:
    page = httpx.get(f"{sqlite_hq.url}/")
    assert page.status_code == 200
    headers = page.headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert "strict-transport-security" not in headers  # plain HTTP on loopback
    assert "http://" not in page.text.replace("http://www.w3.org", "")
    assert "https://" not in page.text
    behind_tls = httpx.get(f"{sqlite_hq.url}/healthz", headers={"X-Forwarded-Proto": "https"})
    assert behind_tls.headers["strict-transport-security"].startswith("max-age=")
    for path in ("/docs", "/redoc"):
        assert httpx.get(f"{sqlite_hq.url}{path}").status_code == 404


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(text: str) -> None:
    assert _cell(text) == "'" + text
    assert _cell("Polres Sleman") == "Polres Sleman" and _cell(-1) == -1


def _problem_ref(operation: dict[str, Any], code: str) -> str:
    content = operation["responses"][code]["content"]["application/json"]
    return str(content["schema"]["$ref"])


def test_openapi_document_matches_the_answers(sqlite_hq: HqServer) -> None:
    doc = httpx.get(f"{sqlite_hq.url}/openapi.json").json()
    problem = doc["components"]["schemas"]["Problem"]
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    for operations in doc["paths"].values():
        for operation in operations.values():
            for code in operation["responses"]:
                if code[0] in "45":
                    assert _problem_ref(operation, code) == "#/components/schemas/Problem"
    auth = {"Authorization": f"Basic {_basic()}"}
    hall_path = doc["paths"]["/api/v1/halls/{hall_id}/summary"]["get"]
    assert "404" in hall_path["responses"] and "422" in hall_path["responses"]
    missing = httpx.get(
        f"{sqlite_hq.url}/api/v1/halls/nope/summary?from=2026-11-01&to=2026-11-02", headers=auth
    )
    assert missing.status_code == 404 and set(missing.json()["detail"]) <= set(
        problem["properties"]["detail"]["properties"]
    )
    invalid = httpx.get(f"{sqlite_hq.url}/api/v1/summary?from=x&to=2026-11-02", headers=auth)
    assert invalid.status_code == 422
    detail = invalid.json()["detail"]
    assert set(detail) <= set(problem["properties"]["detail"]["properties"])
    assert isinstance(detail["reason"], str) and detail["errors"]
    halls = doc["components"]["schemas"]["HallStatus"]["properties"]
    assert halls["max_seq"]["type"] == "integer" and halls["lacking"]["type"] == "integer"
    rows = httpx.get(f"{sqlite_hq.url}/api/v1/halls", headers=auth).json()
    assert all(isinstance(r["max_seq"], int) for r in rows)


def _basic() -> str:
    import base64

    return base64.b64encode(f"pusat:{PASSWORD}".encode()).decode()
