"""Ingestion against a real ``antrean-hq serve`` process (SQLite, and PostgreSQL when set)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
from sqlalchemy import select

from hq.db import EventRow
from tests.hq.payloads import START, WIB, batch, event, served_ticket, ticket
from tests.hq.server import HqServer, hq_cli


def post(server: HqServer, hall_id: str, token: str, body: Any) -> httpx.Response:
    return httpx.post(
        f"{server.url}/api/v1/halls/{hall_id}/events",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )


def test_batch_is_stored_once_and_replay_counts_duplicates(hq_server: HqServer) -> None:
    hall, token = hq_server.add_hall("Polres Replay")
    events = served_ticket(1, 1, START, 5, 10) + served_ticket(5, 2, START, 7, 3)
    first = post(hq_server, hall, token, batch(hall, events))
    assert first.status_code == 200, first.text
    assert first.json() == {"acked_seq": 8, "stored": 8, "duplicates": 0, "acked_feedback_id": 0}
    again = post(hq_server, hall, token, batch(hall, events))
    assert again.json()["stored"] == 0 and again.json()["duplicates"] == 8
    assert hq_server.event_seqs(hall) == list(range(1, 9))


def test_same_instant_in_another_offset_is_a_duplicate_not_a_conflict(hq_server: HqServer) -> None:
    hall, token = hq_server.add_hall("Polres Offset")
    tk = ticket(1)
    local = event(1, "issued", START, tk)
    utc = event(1, "issued", START.astimezone(dt.UTC), tk)
    assert post(hq_server, hall, token, batch(hall, [local])).status_code == 200
    response = post(hq_server, hall, token, batch(hall, [utc]))
    assert response.status_code == 200 and response.json()["duplicates"] == 1


def test_conflicting_replay_is_409_and_stores_nothing_of_that_batch(hq_server: HqServer) -> None:
    hall, token = hq_server.add_hall("Polres Conflict")
    assert post(hq_server, hall, token, batch(hall, served_ticket(1, 1, START, 5, 5))).is_success
    changed = event(2, "called", START + dt.timedelta(minutes=9), ticket(1), 2)
    fresh = event(5, "issued", START + dt.timedelta(minutes=20), ticket(2))
    response = post(hq_server, hall, token, batch(hall, [fresh, changed]))
    assert response.status_code == 409
    assert response.json()["detail"]["seq"] == 2
    assert hq_server.event_seqs(hall) == [1, 2, 3, 4]


def test_reordered_batches_are_all_kept_and_ack_is_the_highest_seq(hq_server: HqServer) -> None:
    hall, token = hq_server.add_hall("Polres Reorder")
    late = served_ticket(5, 2, START + dt.timedelta(minutes=2), 4, 4)
    early = served_ticket(1, 1, START, 3, 3)
    assert post(hq_server, hall, token, batch(hall, late)).json()["acked_seq"] == 8
    assert post(hq_server, hall, token, batch(hall, early)).json()["acked_seq"] == 8
    assert hq_server.event_seqs(hall) == list(range(1, 9))


def test_tokens_are_checked_per_hall_and_revocation_gives_403(hq_server: HqServer) -> None:
    hall, token = hq_server.add_hall("Polres Auth")
    other, other_token = hq_server.add_hall("Polres Lain")
    body = batch(hall, served_ticket(1, 1, START, 1, 1))
    assert post(hq_server, hall, "not-a-token", body).status_code == 401
    assert post(hq_server, hall, other_token, body).status_code == 401
    no_header = httpx.post(f"{hq_server.url}/api/v1/halls/{hall}/events", json=body)
    assert no_header.status_code == 401
    hq_cli(hq_server.db_url, "hall", "revoke", hall)
    assert post(hq_server, hall, token, body).status_code == 403
    assert hq_server.event_seqs(hall) == []
    listing = hq_cli(hq_server.db_url, "hall", "list")
    assert f"{hall}\trevoked" in listing and f"{other}\tactive" in listing


def _rejected(server: HqServer, hall: str, token: str, body: Any) -> dict[str, Any]:
    response = post(server, hall, token, body)
    assert response.status_code == 422, response.text
    return dict(response.json()["detail"])


def test_invalid_batches_are_422_with_a_reason_and_store_nothing(hq_server: HqServer) -> None:
    hall, token = hq_server.add_hall("Polres Invalid")
    good = served_ticket(1, 1, START, 2, 2)
    cases: list[tuple[dict[str, Any], str]] = []
    extra = [dict(good[0], name="Budi"), *good[1:]]
    cases.append((batch(hall, extra), "events.0.name"))
    old = [*good, event(5, "day_closed", dt.datetime(1999, 12, 31, tzinfo=WIB))]
    cases.append((batch(hall, old), "before 2000"))
    off = [*good, event(5, "issued", START + dt.timedelta(days=3), ticket(2))]
    cases.append((batch(hall, off), "too far off"))
    zero = [event(0, "day_closed", START), *good]
    cases.append((batch(hall, zero), "events.0.seq"))
    unfinished = [*good[:3], event(4, "finished", START + dt.timedelta(minutes=9), ticket(1), 1)]
    cases.append((batch(hall, unfinished), "data.outcome"))
    wrong_hall = batch("00000000-0000-4000-8000-000000000000", good)
    cases.append((wrong_hall, "differs from the URL"))
    cases.append((dict(batch(hall, good), schema_version=3), "schema_version"))
    for body, needle in cases:
        detail = _rejected(hq_server, hall, token, body)
        assert needle in detail["reason"], (needle, detail)
    assert _rejected(hq_server, hall, token, batch(hall, old))["seq"] == 5
    raw = httpx.post(
        f"{hq_server.url}/api/v1/halls/{hall}/events",
        content=b"{not json",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert raw.status_code == 422 and raw.json()["detail"]["scope"] == "batch"
    assert hq_server.event_seqs(hall) == []


def test_body_over_two_megabytes_is_413(hq_server: HqServer) -> None:
    hall, token = hq_server.add_hall("Polres Besar")
    big = b'{"pad": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    response = httpx.post(
        f"{hq_server.url}/api/v1/halls/{hall}/events",
        content=big,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 413


def test_more_than_1000_events_is_422(hq_server: HqServer) -> None:
    hall, token = hq_server.add_hall("Polres Banyak")
    events = [event(i, "day_closed", START) for i in range(1, 1002)]
    detail = _rejected(hq_server, hall, token, batch(hall, events))
    assert "1000" in detail["reason"]


def test_feedback_is_stored_idempotently(hq_server: HqServer) -> None:
    hall, token = hq_server.add_hall("Polres IKM")
    answers = {f"U{i}": 1 + i % 4 for i in range(1, 10)}
    item = {
        "id": 3,
        "at": START.isoformat(),
        "service": "B",
        "business_date": "2026-11-02",
        "ticket_id": None,
        "answers": answers,
    }
    first = post(hq_server, hall, token, batch(hall, [], [item]))
    assert first.json()["stored"] == 1 and first.json()["acked_feedback_id"] == 3
    assert post(hq_server, hall, token, batch(hall, [], [item])).json()["duplicates"] == 1
    bad = dict(item, id=4, answers=dict(answers, U3=5))
    assert _rejected(hq_server, hall, token, batch(hall, [], [bad]))["scope"] == "event"


def test_events_dated_ahead_of_hq_are_stored_and_flagged(hq_server: HqServer) -> None:
    """A hall clock set a year ahead: the events happened, so HQ keeps them (flagged)."""
    hall, token = hq_server.add_hall("Polres Jam Maju")
    now = dt.datetime.now(dt.UTC)
    ahead = now + dt.timedelta(days=365)
    future = [event(1, "issued", ahead, ticket(1))]
    future[0]["ticket"]["business_date"] = ahead.date().isoformat()
    response = post(hq_server, hall, token, batch(hall, future))
    assert response.status_code == 200, response.text
    assert hq_server.event_seqs(hall) == [1]
    engine = hq_server.engine()
    try:
        with engine.connect() as conn:
            flags = conn.execute(select(EventRow.clock_ahead).where(EventRow.hall_id == hall))
            assert [f[0] for f in flags] == [True]
    finally:
        engine.dispose()
