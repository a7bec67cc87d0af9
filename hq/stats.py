"""Statistics per hall, service and business day, computed from the stored events.

A ticket's story is its events replayed in seq order; what each figure means (issued,
served, no-show, cancelled, expired, wait, service time, within target, priority, p90) is
defined once in ``app.sync.facts``, shared with the hall's own reports.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.sync.facts import Story, apply, tally
from app.sync.facts import quantile as quantile  # bench/hq_scale.py reads it here
from hq import epochs
from hq.db import EventRow, Hall, HallEpoch, reading

LATE_AFTER = dt.timedelta(hours=24)


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
) -> dict[tuple[str, str, int], Story]:
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
    tickets: dict[tuple[str, str, int], Story] = {}
    for row in session.scalars(query).yield_per(5000):
        assert row.ticket_id is not None and row.service and row.business_date
        key = (row.hall_id, owners.owner(row), row.ticket_id)
        ticket = tickets.get(key)
        if ticket is None:
            ticket = tickets[key] = Story(row.service, row.business_date)
        apply(ticket, row)
    return tickets


def _summarise(base: Summary, tickets: list[Story]) -> Summary:
    f = tally(tickets)
    base.issued, base.served, base.called = f.issued, f.served, f.called
    base.no_show, base.cancelled, base.expired = f.no_show, f.cancelled, f.expired
    base.wait_median_min, base.wait_p90_min = f.wait_median_min, f.wait_p90_min
    base.service_median_min = f.service_median_min
    base.within_target_pct, base.priority_pct = f.within_target_pct, f.priority_pct
    return base


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
    period: dict[tuple[str, str], list[Story]] = defaultdict(list)
    daily: dict[tuple[str, str, dt.date], list[Story]] = defaultdict(list)
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
