"""Statistics per hall, service and business day, computed from the stored events.

A ticket's story is replayed in seq order (the hall's own order, immune to clock jumps):

- issued: the ticket has an ``issued`` event in the period (by its business date);
- served: its last closing event is ``finished`` with outcome ``served``;
- no_show / cancelled / expired: its last closing event is that one (a later ``requeued``,
  ``returned`` or ``transferred`` re-opens it);
- wait: first ``called`` minus ``issued``, in minutes (negative values, from a hall clock
  set back, are left out);
- service time: each ``finished`` minus the ``started`` (or, without one, the ``called``)
  that precedes it;
- within target: share of called tickets whose wait ≤ the service's ``target_minutes``;
- p90 uses linear interpolation between the closest ranks.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.sync.payload import CLOSING_KINDS, OPENING_KINDS
from hq import epochs
from hq.db import EventRow, Hall, HallEpoch, reading

LATE_AFTER = dt.timedelta(hours=24)
_CLOSING = {kind.value for kind in CLOSING_KINDS}  # the ticket ends here (its outcome)
_REOPENING = {kind.value for kind in OPENING_KINDS}  # back in play (a no-show requeued...)


@dataclass
class _Ticket:
    service: str
    business_date: dt.date
    issued_at: dt.datetime | None = None
    priority: bool = False
    target: int | None = None
    first_called: dt.datetime | None = None
    last_call: dt.datetime | None = None
    last_start: dt.datetime | None = None
    final: str | None = None
    outcome: str | None = None
    service_minutes: list[float] = field(default_factory=list)


@dataclass
class Summary:
    hall_id: str
    hall_name: str
    service: str
    business_date: str | None
    issued: int = 0
    served: int = 0
    no_show: int = 0
    cancelled: int = 0
    expired: int = 0
    called: int = 0
    wait_median_min: float | None = None
    wait_p90_min: float | None = None
    service_median_min: float | None = None
    within_target_pct: float | None = None
    priority_pct: float | None = None


def quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low, high = math.floor(pos), math.ceil(pos)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def _minutes(delta: dt.timedelta) -> float:
    """Minutes of a duration between two hall events; never negative (a hall clock that
    went back before the hall held its records monotonic)."""
    return max(0.0, delta.total_seconds() / 60.0)


def _apply(ticket: _Ticket, row: EventRow) -> None:
    kind = row.kind
    if kind == "issued":
        ticket.issued_at = ticket.issued_at or row.at
        ticket.priority = bool(row.priority)
        ticket.target = row.target_minutes
    elif kind == "called":
        ticket.first_called = ticket.first_called or row.at
        ticket.last_call, ticket.last_start = row.at, None
    elif kind == "started":
        ticket.last_start = row.at
    if kind == "finished":
        base = ticket.last_start or ticket.last_call
        if base is not None and row.at >= base:
            ticket.service_minutes.append(_minutes(row.at - base))
        ticket.outcome = row.outcome
    if kind in _CLOSING:
        ticket.final = kind
    elif kind in _REOPENING:
        ticket.final = None


class _Owners:
    """Which history a ticket belongs to. A hall database restored from a backup continues
    its parent epoch: a ticket issued before the fork and finished after it is one ticket."""

    def __init__(self, links: dict[tuple[str, str], tuple[str | None, int]]) -> None:
        self._links = links  # (hall, epoch) -> (parent, the epoch's first seq)
        self._issued: dict[tuple[str, str, int], int] = {}

    def owner(self, row: EventRow) -> str:
        assert row.ticket_id is not None
        hall, tid = row.hall_id, row.ticket_id
        if row.kind == "issued":
            self._issued.setdefault((hall, row.epoch, tid), row.seq)
        if (hall, row.epoch, tid) in self._issued:
            return row.epoch
        epoch, limit = row.epoch, 2**63
        for _ in range(len(self._links)):
            parent, start = self._links.get((hall, epoch), (None, 1))
            if parent is None:
                break
            limit, epoch = min(limit, start), parent
            seq = self._issued.get((hall, epoch, tid))
            if seq is not None and seq < limit:
                return epoch
        return row.epoch


def _load_tickets(
    session: Session, start: dt.date, end: dt.date, hall_id: str | None
) -> dict[tuple[str, str, int], _Ticket]:
    query = (
        select(EventRow)
        .where(
            EventRow.business_date >= start,
            EventRow.business_date <= end,
            EventRow.ticket_id.is_not(None),
        )
        .order_by(EventRow.hall_id, EventRow.seq, EventRow.epoch)
    )
    if hall_id is not None:
        query = query.where(EventRow.hall_id == hall_id)
    links = {
        (e.hall_id, e.epoch): (e.parent, e.start_seq) for e in session.scalars(select(HallEpoch))
    }
    owners = _Owners(links)
    tickets: dict[tuple[str, str, int], _Ticket] = {}
    for row in session.scalars(query).yield_per(5000):
        assert row.ticket_id is not None and row.service and row.business_date
        key = (row.hall_id, owners.owner(row), row.ticket_id)
        ticket = tickets.get(key)
        if ticket is None:
            ticket = tickets[key] = _Ticket(row.service, row.business_date)
        _apply(ticket, row)
    return tickets


def _summarise(base: Summary, tickets: list[_Ticket]) -> Summary:
    waits: list[float] = []
    within = 0
    service_minutes: list[float] = []
    for t in tickets:
        if t.issued_at is None:
            continue
        base.issued += 1
        base.served += t.final == "finished" and t.outcome == "served"
        base.no_show += t.final == "no_show"
        base.cancelled += t.final == "cancelled"
        base.expired += t.final == "expired"
        service_minutes.extend(t.service_minutes)
        if t.first_called is not None and t.first_called >= t.issued_at:
            wait = _minutes(t.first_called - t.issued_at)
            waits.append(wait)
            within += t.target is not None and wait <= t.target
    base.called = len(waits)
    base.wait_median_min = _round(statistics.median(waits) if waits else None)
    base.wait_p90_min = _round(quantile(waits, 0.9))
    base.service_median_min = _round(
        statistics.median(service_minutes) if service_minutes else None
    )
    base.within_target_pct = _round(100.0 * within / len(waits)) if waits else None
    priority = sum(1 for t in tickets if t.issued_at is not None and t.priority)
    base.priority_pct = _round(100.0 * priority / base.issued) if base.issued else None
    return base


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def summarise(
    factory: sessionmaker[Session],
    start: dt.date,
    end: dt.date,
    hall_id: str | None = None,
    hall_ids: list[str] | None = None,
    daily: bool = True,
) -> dict[str, Any]:
    """Rows per hall × service for the whole period, and per hall × service × day, read
    from the rollups kept at ingest (``hq.rollups``)."""
    from hq import rollups

    return rollups.summarise(factory, start, end, hall_id, hall_ids, daily)


def replay_summarise(
    factory: sessionmaker[Session], start: dt.date, end: dt.date, hall_id: str | None = None
) -> dict[str, Any]:
    """The same figures as ``summarise``, by replaying every event of the period: the
    definition the rollups keep, used to check them (tests, ``bench/hq_scale.py``)."""
    with reading(factory).begin() as session:
        names = {h.id: h.name for h in session.scalars(select(Hall))}
        tickets = _load_tickets(session, start, end, hall_id)
    period: dict[tuple[str, str], list[_Ticket]] = defaultdict(list)
    daily: dict[tuple[str, str, dt.date], list[_Ticket]] = defaultdict(list)
    for (hall, _epoch, _tid), ticket in tickets.items():
        period[(hall, ticket.service)].append(ticket)
        daily[(hall, ticket.service, ticket.business_date)].append(ticket)
    rows = [
        _summarise(Summary(h, names.get(h, h), s, None), ts)
        for (h, s), ts in sorted(period.items(), key=lambda kv: (names.get(kv[0][0], ""), kv[0]))
    ]
    days = [
        _summarise(Summary(h, names.get(h, h), s, d.isoformat()), ts)
        for (h, s, d), ts in sorted(daily.items(), key=lambda kv: (kv[0][2], kv[0][0], kv[0][1]))
    ]
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "rows": [asdict(r) for r in rows if r.issued],
        "daily": [asdict(r) for r in days if r.issued],
    }


def hall_status(factory: sessionmaker[Session], now: dt.datetime) -> list[dict[str, Any]]:
    with reading(factory).begin() as session:
        halls = session.scalars(select(Hall).order_by(Hall.name)).all()
        out = []
        for h in halls:
            histories = epochs.describe(session, h.id)
            lacking = sum(b - a + 1 for e in histories for a, b in (*e["missing"], *e["skipped"]))
            lag = None if h.last_received_at is None else now - h.last_received_at
            out.append(
                {
                    "id": h.id,
                    "name": h.name,
                    "region": h.region,
                    "revoked": h.revoked_at is not None,
                    "last_sync_at": h.last_received_at.isoformat() if h.last_received_at else None,
                    "lag_hours": None if lag is None else round(lag.total_seconds() / 3600, 2),
                    "late": lag is None or lag > LATE_AFTER,
                    "max_seq": h.max_seq,
                    "epochs": len(histories),
                    "lacking": lacking,
                    "concurrent": epochs.concurrent(session, h.id, now),
                }
            )
        return out


CSV_COLUMNS = [
    "hall_id",
    "hall_name",
    "service",
    "issued",
    "served",
    "no_show",
    "cancelled",
    "expired",
    "called",
    "wait_median_min",
    "wait_p90_min",
    "service_median_min",
    "within_target_pct",
    "priority_pct",
]
