"""The regional dashboard's API: a summary of one Polda's halls, the trend per day and
week, and a hall's drill-down per service × hour of issue."""

from __future__ import annotations

import datetime as dt
import random

import httpx
import pytest

from app.sync.payload import Batch
from hq import admin
from hq.db import make_sessionmaker
from hq.ingest import store_batch
from tests.hq.payloads import DAY, START, batch, busy_day
from tests.hq.server import HqServer, hq_cli


@pytest.fixture(scope="module")
def polda(hq_server: HqServer) -> dict[str, str]:
    """Three halls: two of Polda Jawa Barat (one set by the CLI), one of Polda DIY."""
    rng = random.Random(15)
    halls = {}
    for name, region in (
        ("Polres Bogor", None),
        ("Polres Bekasi", "Polda Jawa Barat"),
        ("Polres Sleman", "Polda DIY"),
    ):
        engine = hq_server.engine()
        try:
            hall = admin.add_hall(make_sessionmaker(engine), name, dt.datetime.now(dt.UTC), region)
        finally:
            engine.dispose()
        for day in range(2):
            events = busy_day(
                rng,
                30,
                seq=1 + day * 1000,
                day_start=START + dt.timedelta(days=day),
                first_ticket=1 + day * 100,
            )
            for item in events:
                item["ticket"]["business_date"] = (DAY + dt.timedelta(days=day)).isoformat()
            answer = httpx.post(
                f"{hq_server.url}/api/v1/halls/{hall.id}/events",
                json=batch(hall.id, events),
                headers={"Authorization": f"Bearer {hall.token}"},
            )
            assert answer.status_code == 200, answer.text
        halls[name] = hall.id
    hq_cli(hq_server.db_url, "hall", "region", halls["Polres Bogor"], "Polda Jawa Barat")
    return halls


def _get(server: HqServer, path: str, **params: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {server.read_token}"}
    return httpx.get(f"{server.url}{path}", params=params, headers=headers, timeout=30)


def test_a_region_summary_holds_only_its_halls(hq_server: HqServer, polda: dict[str, str]) -> None:
    end = (DAY + dt.timedelta(days=1)).isoformat()
    answer = _get(
        hq_server,
        "/api/v1/summary",
        **{"from": DAY.isoformat(), "to": end, "region": "Polda Jawa Barat", "daily": "false"},
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert {r["hall_name"] for r in body["rows"]} == {"Polres Bogor", "Polres Bekasi"}
    assert sum(r["issued"] for r in body["rows"]) == 120 and body["daily"] == []
    halls = {h["name"]: h["region"] for h in _get(hq_server, "/api/v1/halls").json()}
    assert halls["Polres Sleman"] == "Polda DIY" and halls["Polres Bogor"] == "Polda Jawa Barat"
    empty = _get(
        hq_server,
        "/api/v1/summary",
        **{"from": DAY.isoformat(), "to": end, "region": "Polda Papua"},
    )
    assert empty.json()["rows"] == []


def test_trend_per_day_and_week(hq_server: HqServer, polda: dict[str, str]) -> None:
    end = (DAY + dt.timedelta(days=1)).isoformat()
    params = {"from": DAY.isoformat(), "to": end, "region": "Polda Jawa Barat"}
    days = _get(hq_server, "/api/v1/trend", **params).json()
    assert [d["date"] for d in days] == [DAY.isoformat(), end]
    assert [d["issued"] for d in days] == [60, 60]
    weeks = _get(hq_server, "/api/v1/trend", **params, by="week").json()
    monday = DAY - dt.timedelta(days=DAY.weekday())
    assert {w["date"] for w in weeks} <= {
        monday.isoformat(),
        (monday + dt.timedelta(days=7)).isoformat(),
    }
    assert sum(w["issued"] for w in weeks) == 120
    one = _get(
        hq_server,
        "/api/v1/trend",
        **{"from": DAY.isoformat(), "to": end, "hall_id": polda["Polres Sleman"]},
    ).json()
    assert sum(d["issued"] for d in one) == 60
    assert _get(hq_server, "/api/v1/trend", **params, by="year").status_code == 422


def test_hall_drill_down_per_service_and_hour(hq_server: HqServer, polda: dict[str, str]) -> None:
    hall = polda["Polres Sleman"]
    cells = _get(
        hq_server, f"/api/v1/halls/{hall}/hours", **{"from": DAY.isoformat(), "to": DAY.isoformat()}
    ).json()
    assert sum(c["issued"] for c in cells) == 30
    assert all(8 <= c["hour"] <= 16 for c in cells)  # busy_day issues from 08:00 WIB for 8 h
    assert {c["service"] for c in cells} == set("ABCDE")
    unknown = _get(
        hq_server, "/api/v1/halls/nope/hours", **{"from": DAY.isoformat(), "to": DAY.isoformat()}
    )
    assert unknown.status_code == 404


def test_ikm_per_hall_and_region(hq_server: HqServer, polda: dict[str, str]) -> None:
    """Two respondents at Polres Bogor: all 4s and all 3s → NRR 3.5, IKM 87.50, grade B;
    one at Polres Bekasi with 4s → 100.00, A; Polda Jawa Barat in total 29/3 × 25/9 → 91.67."""
    for name, scores in (("Polres Bogor", [4, 3]), ("Polres Bekasi", [4])):
        hall = polda[name]
        items = [
            {
                "id": n + 1,
                "at": START.isoformat(),
                "service": "A",
                "business_date": DAY.isoformat(),
                "answers": {f"U{i}": score for i in range(1, 10)},
            }
            for n, score in enumerate(scores)
        ]
        body = batch(hall, [], items)
        engine = hq_server.engine()
        try:
            store_batch(make_sessionmaker(engine), hall, Batch.model_validate(body), START)
        finally:
            engine.dispose()
    params = {"from": DAY.isoformat(), "to": DAY.isoformat(), "region": "Polda Jawa Barat"}
    body = _get(hq_server, "/api/v1/ikm", **params).json()
    halls = {h["hall_name"]: h for h in body["halls"]}
    assert (halls["Polres Bogor"]["ikm"], halls["Polres Bogor"]["grade"]) == (87.5, "B")
    assert halls["Polres Bogor"]["nrr"]["U1"] == 3.5 and halls["Polres Bogor"]["respondents"] == 2
    assert (halls["Polres Bekasi"]["ikm"], halls["Polres Bekasi"]["grade"]) == (100.0, "A")
    assert body["total"]["ikm"] == 91.67 and body["total"]["respondents"] == 3
