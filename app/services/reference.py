"""Reference data kept between units of work: the hall settings, services, who serves what.

Every unit of work needs them and an administrator changes them a few times a year, so a
process keeps one ``Reference`` per database and checks it in the statement each unit runs
first anyway (the newest event's time, for the clock guard): that statement also reads
``reference_version.token``, which database triggers change with every write to
``settings``, ``services`` and ``counter_services`` (migration 0006). Same token: the kept
data is what the database holds. Another token: the unit reads them again (three
statements) and keeps them under the token it read *before* them, so a change committed in
between can only cause one more reload, never a stale read.

Counters are not kept: their state (open, paused) and streaks change all day, and a unit
reads the rows it needs (``Context.counters``, ``Context.counter``).

The services are kept detached from any session; a unit gets its own copies
(``Session.merge(load=False)``: no SQL), so a use case may change one and commit it like
any row it loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.domain.hall import HallConfig
from app.services.uow import UnitOfWork
from app.storage.models import CounterService, QueueEventRow, ReferenceVersion, Service, Setting

HALL_KEY = "hall"
_SHARED_KEY = "reference"


@dataclass(frozen=True, slots=True)
class Reference:
    """The hall's reference data as of ``token`` (None: not to be kept)."""

    token: str | None
    hall: HallConfig
    services: tuple[Service, ...]  # detached: merged into a unit's session when used
    served: Mapping[int, tuple[int, ...]]  # counter id → service ids, in its order
    codes: Mapping[int, str]  # service id → code


def opening_read(session: Session) -> tuple[dt.datetime | None, str | None]:
    """The newest event's time (by seq) and the reference token, in one statement."""
    # on the session's connection: a Core statement needs none of the ORM's execution steps
    last, current = session.connection().execute(OPENING).one()
    return last, current


def _opening() -> Select[Any]:
    newest = select(func.max(QueueEventRow.seq)).scalar_subquery()  # O(1) on the primary key
    at = select(QueueEventRow.at).where(QueueEventRow.seq == newest).scalar_subquery()
    token = select(ReferenceVersion.token).where(ReferenceVersion.id == 1).scalar_subquery()
    return select(at, token)


OPENING = _opening()  # built once: its cache key too


def reference(uow: UnitOfWork, token: str | None) -> Reference:
    """The reference data for a unit that read ``token``: kept, or read again and kept."""
    kept = uow.shared.get(_SHARED_KEY)
    if isinstance(kept, Reference) and token is not None and kept.token == token:
        return kept
    fresh = load(uow.session, token)
    if token is not None:
        uow.shared[_SHARED_KEY] = fresh
    return fresh


def load(session: Session, token: str | None) -> Reference:
    """Read the reference data (three statements); the services come back detached."""
    value = session.scalar(select(Setting.value).where(Setting.key == HALL_KEY))
    hall = HallConfig.from_json(value) if value is not None else HallConfig()
    services = tuple(session.scalars(select(Service)))
    for service in services:
        session.expunge(service)  # kept clean: the unit works on merged copies
    served: dict[int, list[int]] = {}
    rows = session.execute(
        select(CounterService.counter_id, CounterService.service_id).order_by(
            CounterService.counter_id, CounterService.position
        )
    )
    for cid, sid in rows:
        served.setdefault(cid, []).append(sid)
    return Reference(
        token,
        hall,
        services,
        {cid: tuple(sids) for cid, sids in served.items()},
        {s.id: s.code for s in services},
    )
