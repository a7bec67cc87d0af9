"""Statistics, read API auth, CSV export and the OpenAPI document, on the real server."""

from __future__ import annotations

import csv
import datetime as dt
import io

import httpx
import pytest

from tests.hq.payloads import START, batch, event, ticket
from tests.hq.server import PASSWORD, HqServer


def _m(minutes: float) -> dt.datetime:
    return START + dt.timedelta(minutes=minutes)


@pytest.fixture(scope="module")
def stats_hall(hq_server: HqServer) -> str:
    hall, token = hq_server.add_hall("Polres Statistik")
    t1, t2, t3, t4 = ticket(1), ticket(2, priority=True), ticket(3), ticket(4)
    t5 = ticket(5, service="B", target=15)
    events = [
        event(1, "issued", _m(0), t1),
        event(2, "issued", _m(0), t2),
        event(3, "issued", _m(0), t5),
        event(4, "called", _m(3), t5, 2),
        event(5, "called", _m(5), t1, 1),
        event(6, "started", _m(6), t1, 1),
        event(7, "issued", _m(10), t3),
        event(8, "issued", _m(10), t4),
        event(9, "finished", _m(13), t5, 2, outcome="incomplete"),
        event(10, "finished", _m(16), t1, 1, outcome="served"),
        event(11, "called", _m(20), t3, 1),
        event(12, "no_show", _m(22), t3, 1),
        event(13, "cancelled", _m(30), t4),
        event(14, "called", _m(40), t2, 1),
        event(15, "finished", _m(50), t2, 1, outcome="served"),
        event(16, "counter_closed", _m(60), None, 1),
    ]
    response = httpx.post(
        f"{hq_server.url}/api/v1/halls/{hall}/events",
        json=batch(hall, events),
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    return hall


def _get(server: HqServer, path: str, **params: str) -> httpx.Response:
    return httpx.get(
        f"{server.url}{path}",
        params=params,
        headers={"Authorization": f"Bearer {server.read_token}"},
    )


def test_summary_numbers_follow_the_ticket_stories(hq_server: HqServer, stats_hall: str) -> None:
    body = _get(
        hq_server,
        f"/api/v1/halls/{stats_hall}/summary",
        **{"from": "2026-11-02", "to": "2026-11-02"},
    ).json()
    rows = {r["service"]: r for r in body["rows"]}
    a, b = rows["A"], rows["B"]
    assert (a["issued"], a["served"], a["no_show"], a["cancelled"], a["called"]) == (4, 2, 1, 1, 3)
    assert a["wait_median_min"] == 10.0 and a["wait_p90_min"] == 34.0
    assert a["service_median_min"] == 10.0
    assert a["within_target_pct"] == 66.67 and a["priority_pct"] == 25.0
    assert (b["issued"], b["served"], b["wait_median_min"], b["within_target_pct"]) == (
        1,
        0,
        3.0,
        100.0,
    )
    assert [d["business_date"] for d in body["daily"]] == ["2026-11-02", "2026-11-02"]
    empty = _get(
        hq_server,
        f"/api/v1/halls/{stats_hall}/summary",
        **{"from": "2026-11-03", "to": "2026-11-04"},
    ).json()
    assert empty["rows"] == []


def test_all_halls_summary_csv_and_hall_list(hq_server: HqServer, stats_hall: str) -> None:
    period = {"from": "2026-11-01", "to": "2026-11-30"}
    rows = _get(hq_server, "/api/v1/summary", **period).json()["rows"]
    assert {r["hall_name"] for r in rows if r["hall_id"] == stats_hall} == {"Polres Statistik"}
    exported = _get(hq_server, "/api/v1/summary.csv", **period)
    assert exported.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(exported.text)))
    mine = [r for r in table if r["hall_id"] == stats_hall]
    assert {(r["service"], r["issued"], r["served"]) for r in mine} == {
        ("A", "4", "2"),
        ("B", "1", "0"),
    }
    halls = {h["id"]: h for h in _get(hq_server, "/api/v1/halls").json()}
    assert halls[stats_hall]["late"] is False and halls[stats_hall]["max_seq"] == 16
    assert halls[hq_server.hall_id]["late"] is True  # never synced


def test_read_api_needs_a_login_or_read_token(hq_server: HqServer, stats_hall: str) -> None:
    url = f"{hq_server.url}/api/v1/summary"
    period = {"from": "2026-11-01", "to": "2026-11-30"}
    assert httpx.get(url, params=period).status_code == 401
    hall_token = httpx.get(
        url, params=period, headers={"Authorization": f"Bearer {hq_server.token}"}
    )
    assert hall_token.status_code == 401  # a hall's upload token cannot read
    assert httpx.get(url, params=period, auth=(hq_server.username, "salah")).status_code == 401
    assert httpx.get(url, params=period, auth=(hq_server.username, PASSWORD)).status_code == 200
    with httpx.Client(base_url=hq_server.url) as browser:
        assert (
            browser.post("/login", json={"username": "pusat", "password": "x"}).status_code == 401
        )
        login = browser.post("/login", json={"username": hq_server.username, "password": PASSWORD})
        assert login.status_code == 200 and "httponly" in login.headers["set-cookie"].lower()
        assert browser.get("/api/v1/summary", params=period).status_code == 200
        browser.post("/logout")
        assert browser.get("/api/v1/summary", params=period).status_code == 401
    backwards = httpx.get(
        url,
        params={"from": "2026-11-05", "to": "2026-11-01"},
        headers={"Authorization": f"Bearer {hq_server.read_token}"},
    )
    assert backwards.status_code == 422


def test_openapi_documents_every_route(hq_server: HqServer) -> None:
    spec = httpx.get(f"{hq_server.url}/openapi.json").json()
    documented = {(path, method) for path, ops in spec["paths"].items() for method in ops}
    expected = {
        ("/api/v1/halls/{hall_id}/events", "post"),
        ("/api/v1/halls", "get"),
        ("/api/v1/halls/{hall_id}/summary", "get"),
        ("/api/v1/summary", "get"),
        ("/api/v1/summary.csv", "get"),
        ("/login", "post"),
        ("/logout", "post"),
        ("/api/v1/me", "get"),
        ("/healthz", "get"),
    }
    assert expected <= documented
    body = spec["paths"]["/api/v1/halls/{hall_id}/events"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"]
    batch_schema = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert batch_schema["additionalProperties"] is False
    assert {"Event", "TicketRef", "Feedback", "Ack"} <= set(spec["components"]["schemas"])
    assert set(spec["paths"]["/api/v1/halls/{hall_id}/events"]["post"]["responses"]) >= {
        "200",
        "401",
        "403",
        "409",
        "413",
        "422",
    }
