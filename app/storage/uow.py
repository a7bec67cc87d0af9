"""Unit of work over SQLAlchemy sessions: one per use case, one per thread, never shared.

Events are buffered and written at commit, after every row change has been flushed. On
PostgreSQL the event rows are written under a transaction-level advisory lock, so event
sequence numbers are handed out in commit order: a window or the HQ uploader that reads
``seq > last_seen`` can never skip an event that commits late. A NOTIFY in the same
transaction wakes the other PCs at commit.
"""

from __future__ import annotations

import datetime as dt
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy import exc as exc_mod
from sqlalchemy.orm import Session, sessionmaker

from app.storage.engine import READONLY, opening_error
from app.storage.models import QueueEventRow

NOTIFY_CHANNEL = "antrean_events"
_EVENT_LOCK_KEY = 74_150_002


class SqlUnitOfWork:
    def __init__(self, engine: Engine, *, readonly: bool = False) -> None:
        self._engine = engine
        self.readonly = readonly
        self.is_postgres = engine.dialect.name == "postgresql"
        bind = engine
        if readonly:
            # A read sees one committed state, however many statements it runs: on SQLite
            # a deferred BEGIN in WAL mode does that; PostgreSQL needs REPEATABLE READ.
            options: dict[str, object] = {READONLY: True}
            if self.is_postgres:
                options["isolation_level"] = "REPEATABLE READ"
            bind = engine.execution_options(**options)
        self._factory = sessionmaker(bind, expire_on_commit=False, autoflush=True)
        self._session: Session | None = None
        self._pending: list[QueueEventRow] = []

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("unit of work used outside its 'with' block")
        return self._session

    def __enter__(self) -> SqlUnitOfWork:
        self._session = self._factory()
        self._pending = []
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        try:
            session.rollback()
        except exc_mod.DBAPIError:
            pass  # the connection is already gone; the original error says why
        finally:
            session.close()
            self._session = None
        if isinstance(exc, exc_mod.DBAPIError):
            known = opening_error(exc, self._engine.url)
            if known is not None:
                raise known from exc

    def lock_clause(self) -> bool:
        """Whether row locks (FOR UPDATE) are meaningful on this engine."""
        return self.is_postgres

    def add_event(
        self,
        kind: str,
        at: dt.datetime,
        *,
        ticket_id: int | None = None,
        counter_id: int | None = None,
        user_id: int | None = None,
        data: dict[str, Any] | None = None,
    ) -> QueueEventRow:
        row = QueueEventRow(
            kind=str(kind),
            at=at,
            ticket_id=ticket_id,
            counter_id=counter_id,
            user_id=user_id,
            data=dict(data or {}),
        )
        self._pending.append(row)
        return row

    def commit(self) -> list[int]:
        """Write buffered events, commit, and return the new event seqs."""
        if self.readonly:
            raise RuntimeError("commit on a read-only unit of work")
        session = self.session
        seqs: list[int] = []
        if self._pending:
            session.flush()
            if self.is_postgres:
                session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _EVENT_LOCK_KEY})
            session.add_all(self._pending)
            session.flush()
            seqs = [row.seq for row in self._pending]
            if self.is_postgres:
                session.execute(
                    text("SELECT pg_notify(:c, :p)"), {"c": NOTIFY_CHANNEL, "p": str(seqs[-1])}
                )
        session.commit()
        self._pending = []
        return seqs


class UnitOfWorkFactory:
    """Builds units of work for one engine; what services receive."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __call__(self, *, readonly: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, readonly=readonly)
