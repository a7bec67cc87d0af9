"""The unit of work as the services see it: a Protocol, not the SQLAlchemy class.

``app.storage.uow.SqlUnitOfWork`` implements it. One unit of work per use case, one per
thread, never shared; ``commit()`` writes the buffered events with the row changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import TracebackType
from typing import Any, Protocol

from sqlalchemy.orm import Session


class UnitOfWork(Protocol):
    readonly: bool
    is_postgres: bool
    # Kept for this database by every unit of this process (the same dict each time): what a
    # unit may reuse after checking it is still current (``app.services.reference``).
    shared: dict[str, object]

    @property
    def session(self) -> Session:
        """The session of this unit; only inside its ``with`` block."""
        ...

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def lock_clause(self) -> bool:
        """Whether row locks (``FOR UPDATE``) mean anything on this engine."""
        ...

    def add_event(
        self,
        kind: str,
        at: dt.datetime,
        *,
        ticket_id: int | None = None,
        counter_id: int | None = None,
        user_id: int | None = None,
        data: dict[str, Any] | None = None,
    ) -> object:
        """Buffer one ``queue_events`` row; written at commit, in commit order."""
        ...

    def write_at_commit(self, sql: str, params: dict[str, Any]) -> None:
        """PostgreSQL: run ``sql`` (driver SQL with ``%(name)s`` parameters) with the commit,
        in its round trip, before the events; a statement that fails fails the commit and
        nothing of the unit is written."""
        ...

    def commit(self) -> list[int]:
        """Write the buffered events and commit; returns their sequence numbers."""
        ...


# ``factory()`` for a write unit, ``factory(readonly=True)`` for a consistent read.
UowFactory = Callable[..., UnitOfWork]
