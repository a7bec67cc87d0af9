"""Wire payloads for tests: a plausible day of a hall, as schema v1 dicts."""

from __future__ import annotations

import datetime as dt
from typing import Any

DAY = dt.date(2026, 11, 2)
WIB = dt.timezone(dt.timedelta(hours=7))
START = dt.datetime(2026, 11, 2, 8, 0, tzinfo=WIB)


def ticket(
    tid: int, service: str = "A", priority: bool = False, target: int = 30
) -> dict[str, Any]:
    return {
        "id": tid,
        "service": service,
        "business_date": DAY.isoformat(),
        "number": tid,
        "priority": priority,
        "target_minutes": target,
    }


def event(
    seq: int,
    kind: str,
    at: dt.datetime,
    tk: dict[str, Any] | None = None,
    counter: int | None = None,
    **data: Any,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "seq": seq,
        "kind": kind,
        "at": at.isoformat(),
        "ticket": tk,
        "counter": counter,
    }
    if data:
        out["data"] = data
    return out


def served_ticket(
    seq: int,
    tid: int,
    issued: dt.datetime,
    wait_min: float,
    service_min: float,
    service: str = "A",
    priority: bool = False,
) -> list[dict[str, Any]]:
    """issued → called → started → finished(served): four events from ``seq``."""
    tk = ticket(tid, service, priority)
    called = issued + dt.timedelta(minutes=wait_min)
    started = called + dt.timedelta(minutes=1)
    done = started + dt.timedelta(minutes=service_min)
    return [
        event(seq, "issued", issued, tk),
        event(seq + 1, "called", called, tk, 1),
        event(seq + 2, "started", started, tk, 1),
        event(seq + 3, "finished", done, tk, 1, outcome="served"),
    ]


def batch(
    hall_id: str,
    events: list[dict[str, Any]],
    feedback: list[dict[str, Any]] | None = None,
    sent_at: dt.datetime | None = None,
) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "hall_id": hall_id,
        "sent_at": (sent_at or dt.datetime.now(dt.UTC)).isoformat(),
        "events": events,
        "feedback": feedback or [],
    }


def busy_day(
    rng: Any,
    tickets: int,
    services: str = "ABCDE",
    wait_scale: float = 12.0,
    seq: int = 1,
    day_start: dt.datetime = START,
    first_ticket: int = 1,
) -> list[dict[str, Any]]:
    """A plausible day: issued over ~8 hours, called after a random wait, mostly served."""
    events: list[tuple[dt.datetime, str, dict[str, Any], int | None, dict[str, Any]]] = []
    for n in range(tickets):
        service = services[n % len(services)]
        tk = ticket(
            first_ticket + n,
            service,
            priority=rng.random() < 0.12,
            target={"A": 30, "B": 20, "C": 30, "D": 15, "E": 10}.get(service, 30),
        )
        tk["number"] = n // len(services) + 1
        issued = day_start + dt.timedelta(minutes=rng.uniform(0, 480))
        called = issued + dt.timedelta(minutes=rng.expovariate(1 / wait_scale))
        counter = 1 + n % 6
        events.append((issued, "issued", tk, None, {}))
        events.append((called, "called", tk, counter, {}))
        if rng.random() < 0.07:
            events.append((called + dt.timedelta(minutes=2), "no_show", tk, counter, {}))
            continue
        started = called + dt.timedelta(minutes=1)
        done = started + dt.timedelta(minutes=rng.uniform(3, 15))
        outcome = "served" if rng.random() < 0.9 else "incomplete"
        events.append((started, "started", tk, counter, {}))
        events.append((done, "finished", tk, counter, {"outcome": outcome}))
    events.sort(key=lambda e: e[0])
    return [
        event(seq + i, kind, at, tk, counter, **data)
        for i, (at, kind, tk, counter, data) in enumerate(events)
    ]
