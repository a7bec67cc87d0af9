"""A real hall database (the hall's own storage and services) with a day of activity."""

from __future__ import annotations

import datetime as dt
from collections import Counter as Tally
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, func, select

from app.domain.errors import QueueEmpty
from app.domain.model import Outcome
from app.ports import ManualClock
from app.services.queue import QueueService
from app.services.setup import SetupService
from app.storage.engine import make_engine, sqlite_url
from app.storage.migrate import migrate
from app.storage.models import QueueEventRow, SyncEpoch, Ticket
from app.storage.uow import SqlUnitOfWork
from hq.db import EventRow
from tests.support.actors import ADMIN

if TYPE_CHECKING:
    from tests.hq.server import HqServer

# 08:00 in Jakarta on a past working day.
OPENING = dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.UTC)
SERVICES = "ABCDE"
COUNTERS = 3


@dataclass
class Hall:
    engine: Engine
    url: str
    clock: ManualClock

    def uow(self, readonly: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, readonly=readonly)

    @property
    def queue(self) -> QueueService:
        return QueueService(self.uow, self.clock)

    def simulate(self, tickets: int, first: int = 0) -> None:
        """Issue ``tickets`` tickets and work them at the counters: served, no-shows, recalls."""
        queue = self.queue
        for i in range(first, first + tickets):
            queue.issue_ticket(SERVICES[i % len(SERVICES)], priority=i % 6 == 0)
            self.clock.advance(minutes=1)
            if i % 2 == 1:
                self._work(queue, counter=1 + (i // 2) % COUNTERS, variant=i)

    def _work(self, queue: QueueService, counter: int, variant: int) -> None:
        try:
            queue.call_next(counter, auto_finish=True, actor=ADMIN)
        except QueueEmpty:
            return
        self.clock.advance(seconds=40)
        if variant % 11 == 0:
            queue.no_show(counter, actor=ADMIN)
            return
        if variant % 7 == 0:
            queue.recall(counter, actor=ADMIN)
        queue.start(counter, actor=ADMIN)
        self.clock.advance(minutes=3)
        outcome = Outcome.INCOMPLETE if variant % 13 == 0 else Outcome.SERVED
        queue.finish(counter, outcome, actor=ADMIN)

    def seqs(self) -> list[int]:
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(select(QueueEventRow.seq).order_by("seq"))]

    def kind_counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(QueueEventRow.kind, func.count()).group_by(QueueEventRow.kind)
            )
            return {k: n for k, n in rows}

    def served(self) -> int:
        with self.engine.connect() as conn:
            stmt = select(func.count()).where(
                Ticket.status == "finished", Ticket.outcome == "served"
            )
            return int(conn.scalar(stmt) or 0)

    def issued_by_service(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(Ticket.service_id))
            return dict(Tally(str(r[0]) for r in rows))


def new_hall(folder: Path, start: dt.datetime = OPENING) -> Hall:
    url = sqlite_url(folder / "hall.db")
    engine = make_engine(url)
    migrate(engine)
    clock = ManualClock(start)
    hall = Hall(engine, url, clock)
    SetupService(hall.uow, clock).seed_typical(COUNTERS)
    return hall


def hall_keys(hall: Hall, skip: frozenset[int] = frozenset()) -> list[tuple[str, int]]:
    """The hall's events as HQ should key them: (epoch, seq), in that order."""
    with hall.engine.connect() as conn:
        starts = conn.execute(select(SyncEpoch.start_seq, SyncEpoch.id).order_by("start_seq"))
        epochs = list(starts)
    keys = []
    for seq in hall.seqs():
        if seq in skip:
            continue
        epoch = max((e for e in epochs if e[0] <= seq), key=lambda e: e[0])[1]
        keys.append((epoch, seq))
    return sorted(keys)


def server_keys(server: HqServer, hall_id: str) -> list[tuple[str, int]]:
    """HQ's events of a hall as (epoch, seq), sorted."""
    engine = server.engine()
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(EventRow.epoch, EventRow.seq).where(EventRow.hall_id == hall_id)
            )
            return sorted((str(e), int(s)) for e, s in rows)
    finally:
        engine.dispose()
