"""The one composition root: settings → engine, migrations, services (and later adapters)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import Engine

from app.ports import Clock, SystemClock
from app.services.hall import HallService
from app.services.queue import QueueService
from app.services.setup import SetupService
from app.services.users import UserService
from app.settings import Settings
from app.storage.engine import make_engine
from app.storage.migrate import migrate
from app.storage.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)


@dataclass
class Core:
    """Everything a front end (CLI, windows) needs from the queue core."""

    settings: Settings
    engine: Engine
    clock: Clock
    queue: QueueService
    hall: HallService
    setup: SetupService
    users: UserService

    def close(self) -> None:
        self.engine.dispose()


def build_core(
    settings: Settings, *, clock: Clock | None = None, migrate_schema: bool = True
) -> Core:
    engine = make_engine(settings.database_url())
    if migrate_schema:
        migrate(engine)
    uow = UnitOfWorkFactory(engine)
    clock = clock or SystemClock()
    return Core(
        settings=settings,
        engine=engine,
        clock=clock,
        queue=QueueService(uow, clock),
        hall=HallService(uow, clock),
        setup=SetupService(uow, clock),
        users=UserService(uow, clock),
    )
