"""Bad payloads never cause a 5xx and never leave an invalid row (real server process)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from app.domain.model import EventKind
from hq.db import EventRow, FeedbackRow
from tests.hq.payloads import START, batch, served_ticket
from tests.hq.server import HqServer

_HALL_ID = "11111111-2222-4333-8444-555555555555"  # swapped for the real hall id per server
_GOOD = batch(
    _HALL_ID,
    served_ticket(1, 1, START, 4, 6),
    [
        {
            "id": 1,
            "at": START.isoformat(),
            "service": "A",
            "business_date": "2026-11-02",
            "ticket_id": 1,
            "answers": {f"U{i}": 3 for i in range(1, 10)},
        }
    ],
)

json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(
        ["2026-11-02", "1999-01-01T00:00:00+00:00", "2999-01-01T00:00:00+07:00", "Z", "A", "served"]
    ),
)
json_value = st.recursive(
    json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out.extend(_paths(value, (*prefix, index)))
    return out


_ALL_PATHS = [p for p in _paths(_GOOD) if p]


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    body = copy.deepcopy(_GOOD)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_ALL_PATHS))
        parent: Any = body
        try:
            for key in path[:-1]:
                parent = parent[key]
            action = draw(st.sampled_from(["replace", "delete", "extra"]))
            if action == "replace":
                parent[path[-1]] = draw(json_value)
            elif action == "delete" and isinstance(parent, dict):
                parent.pop(path[-1], None)
            elif isinstance(parent, dict):
                parent[draw(st.text(min_size=1, max_size=6))] = draw(json_value)
        except (KeyError, IndexError, TypeError):
            continue
    return body


def _count(engine: Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        return (
            int(conn.scalar(select(func.count()).select_from(EventRow)) or 0),
            int(conn.scalar(select(func.count()).select_from(FeedbackRow)) or 0),
        )


@pytest.fixture(scope="module")
def target(hq_server: HqServer) -> Any:
    hall_id, token = hq_server.add_hall("Polres Fuzz")
    engine = hq_server.engine()
    with httpx.Client(base_url=hq_server.url, timeout=30) as client:
        yield hall_id, token, engine, client
    engine.dispose()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.one_of(mutated(), json_value))
def test_bad_payloads_never_5xx_and_never_half_stored(target: Any, body: Any) -> None:
    hall_id, token, engine, client = target
    text = json.dumps(body).replace(_HALL_ID, hall_id)
    before = _count(engine)
    response = client.post(
        f"/api/v1/halls/{hall_id}/events",
        content=text,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert response.status_code in (200, 409, 422), response.text
    if response.status_code != 200:
        assert _count(engine) == before


def test_every_stored_row_is_valid(target: Any) -> None:
    _hall_id, _token, engine, _client = target
    now = dt.datetime.now(dt.UTC)
    kinds = {k.value for k in EventKind}
    with engine.connect() as conn:
        for row in conn.execute(select(EventRow)).mappings():
            assert row["seq"] >= 1 and row["kind"] in kinds
            at = row["at"].replace(tzinfo=dt.UTC) if row["at"].tzinfo is None else row["at"]
            assert dt.datetime(2000, 1, 1, tzinfo=dt.UTC) <= at <= now + dt.timedelta(days=1)
            assert row["service"] is None or re.fullmatch("[A-Z]", row["service"])
        for row in conn.execute(select(FeedbackRow)).mappings():
            assert all(1 <= row[f"u{i}"] <= 4 for i in range(1, 10))
