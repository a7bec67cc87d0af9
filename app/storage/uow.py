"""Unit of work over SQLAlchemy sessions: one per use case, one per thread, never shared.

Events are buffered and written at commit, after every row change has been flushed.

Event sequence numbers are handed out in commit order on both engines, so a window or the
HQ uploader that reads ``seq > last_seen`` can never skip an event that commits late: on
SQLite the whole unit of work holds the write lock (``BEGIN IMMEDIATE``); on PostgreSQL the
event rows are written under a transaction-level advisory lock that the commit releases. The
lock cannot be given up before the commit: a seq drawn after the lock is gone may commit,
and become visible, before an earlier one.

What PostgreSQL serialises is therefore only the time between taking that lock and the end
of the commit, and that stretch is kept to one round trip with no client code inside it:
every row change is flushed first (outside the lock), then the lock, the event ``INSERT``, the
``NOTIFY`` and the ``COMMIT`` go to the server together in one psycopg pipeline. The server
runs them back to back; the lock is held for the insert and the commit's WAL flush only,
never while this process waits to be scheduled, parses a result or crosses the network
(holding it across four round trips made four counters and a kiosk queue behind each other:
``call_next`` took 25–190 ms contended against 8–20 ms alone). The alternatives were weighed
against the readers: handing out seqs freely and letting readers wait for transactions
still in flight would touch every reader (feed, displays, HQ uploader) and make each of them
pay a wait; ordering by transaction id instead of seq would change what HQ's cursor means.
``tests/storage/test_event_order_contention_pg.py`` checks the property under contention.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import weakref
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy import exc as exc_mod
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.storage.engine import READONLY, opening_error
from app.storage.models import QueueEventRow, UtcDateTime

NOTIFY_CHANNEL = "antrean_events"
_EVENT_LOCK_KEY = 74_150_002


_shared: weakref.WeakKeyDictionary[Engine, dict[str, object]] = weakref.WeakKeyDictionary()
_shared_lock = threading.Lock()


def shared_state(engine: Engine) -> dict[str, object]:
    """The dict every unit of work on ``engine`` gets as ``shared`` (kept while it lives)."""
    with _shared_lock:
        state = _shared.get(engine)
        if state is None:
            state = _shared[engine] = {}
        return state


# kind, at, ticket_id, counter_id, user_id, data: one buffered ``queue_events`` row
_Event = tuple[str, dt.datetime, int | None, int | None, int | None, dict[str, Any]]


class SqlUnitOfWork:
    def __init__(self, engine: Engine, *, readonly: bool = False) -> None:
        self._engine = engine
        self.readonly = readonly
        self.shared = shared_state(engine)
        self.is_postgres = engine.dialect.name == "postgresql"
        self._bind = engine
        if readonly:
            # A read sees one committed state, however many statements it runs: on SQLite
            # a deferred BEGIN in WAL mode does that; PostgreSQL needs REPEATABLE READ.
            options: dict[str, object] = {READONLY: True}
            if self.is_postgres:
                options["isolation_level"] = "REPEATABLE READ"
            self._bind = engine.execution_options(**options)
        self._session: Session | None = None
        self._pending: list[_Event] = []
        self._at_commit: list[tuple[str, dict[str, Any]]] = []  # PostgreSQL: sent with COMMIT

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("unit of work used outside its 'with' block")
        return self._session

    def __enter__(self) -> SqlUnitOfWork:
        # Session itself, not a sessionmaker: each sessionmaker is a new Session subclass,
        # whose event dispatch SQLAlchemy builds again at its first session (every unit)
        self._session = Session(self._bind, expire_on_commit=False, autoflush=True)
        self._pending = []
        self._at_commit = []
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
    ) -> None:
        self._pending.append(
            (str(kind), at, ticket_id, counter_id, user_id, dict(data) if data else {})
        )

    def write_at_commit(self, sql: str, params: dict[str, Any]) -> None:
        """PostgreSQL: send ``sql`` with the commit (see ``app.services.uow.UnitOfWork``)."""
        if not self.is_postgres:
            raise RuntimeError("writes sent with the commit exist on PostgreSQL only")
        self._at_commit.append((sql, params))

    def commit(self) -> list[int]:
        """Write buffered events, commit, and return the new event seqs."""
        if self.readonly:
            raise RuntimeError("commit on a read-only unit of work")
        session = self.session
        seqs: list[int] = []
        if (self._pending or self._at_commit) and self.is_postgres:
            session.flush()  # every row change, before the event lock is taken
            seqs = self._commit_events_postgres(session)
        elif self._pending:
            rows = [  # SQLite: the write lock is already held
                QueueEventRow(
                    kind=kind,
                    at=at,
                    ticket_id=ticket_id,
                    counter_id=counter_id,
                    user_id=user_id,
                    data=data,
                )
                for kind, at, ticket_id, counter_id, user_id, data in self._pending
            ]
            session.add_all(rows)
            session.flush()
            seqs = [row.seq for row in rows]
        session.commit()  # after a pipelined COMMIT the connection is idle: nothing is sent
        self._pending = []
        self._at_commit = []
        return seqs

    def _commit_events_postgres(self, session: Session) -> list[int]:
        """The writes kept for the commit, then lock, insert the events, notify and commit,
        in one pipelined round trip."""
        import psycopg

        rows = self._pending
        if not rows:
            return self._commit_writes_postgres(session)
        utc = UtcDateTime().process_bind_param
        dialect = self._engine.dialect
        params: list[object] = []
        for kind, at, ticket_id, counter_id, user_id, data in rows:
            params += [kind, utc(at, dialect), ticket_id, counter_id, user_id, json.dumps(data)]
        values = ", ".join(["(%s, %s, %s, %s, %s, %s::json)"] * len(rows))
        insert = (
            "WITH ins AS (INSERT INTO queue_events "
            "(kind, at, ticket_id, counter_id, user_id, data) "
            f"VALUES {values} RETURNING seq) "
            "SELECT array_agg(seq ORDER BY seq), pg_notify(%s, max(seq)::text) FROM ins"
        )
        conn = session.connection()
        raw = conn.connection.driver_connection
        assert isinstance(raw, psycopg.Connection)
        failed: psycopg.Error | None = None
        found = None
        writes: list[psycopg.Cursor[Any]] = []
        try:
            with raw.pipeline(), raw.cursor() as lock, raw.cursor() as cur:
                try:
                    for sql, write_params in self._at_commit:  # the cursors live as long as
                        writes.append(raw.cursor())  # the pipeline: it hands them results
                        writes[-1].execute(sql, write_params)
                    lock.execute("SELECT pg_advisory_xact_lock(%s)", (_EVENT_LOCK_KEY,))
                    cur.execute(insert, [*params, NOTIFY_CHANNEL])
                    raw.commit()
                    found = cur.fetchone()
                except psycopg.Error as exc:  # caught in here: psycopg would log a WARNING
                    failed = exc  # for a pipeline left with an error in flight
        except psycopg.Error as exc:  # ending the pipeline failed (the connection is gone)
            failed = failed or exc
        finally:
            for write in writes:
                write.close()
        if failed is not None:
            raise _write_error(failed) or _as_sqlalchemy_error(
                conn, failed, insert, params
            ) from failed
        assert found is not None
        seqs = [int(seq) for seq in found[0]]
        if len(seqs) != len(rows):
            raise RuntimeError(f"{len(rows)} events inserted, {len(seqs)} seqs returned")
        return seqs

    def _commit_writes_postgres(self, session: Session) -> list[int]:
        """The writes kept for the commit and the commit, in one round trip (no events)."""
        conn = session.connection()
        try:
            pipelined(conn, self._at_commit, commit=True)
        except exc_mod.DBAPIError as exc:
            raise _write_error(exc.orig) or exc from exc
        return []


def guarded_update(sql: str) -> str:
    """``sql`` (an ``UPDATE`` of one row) as a statement that fails when it matched no row:
    sent with the commit (``write_at_commit``), whose row count comes back only after the
    COMMIT has been sent, the failure undoes the whole unit instead. ``_write_error`` tells
    that failure from others."""
    return f"WITH {_GUARD} AS ({sql} RETURNING 1) SELECT 1 / count(*) FROM {_GUARD}"


_GUARD = "guarded_row"


def _write_error(failed: BaseException | None) -> StaleDataError | None:
    """A guarded update that matched no row, as the ORM's flush reports it (the unit
    rolled back); None for any other failure."""
    import psycopg

    if isinstance(failed, psycopg.errors.DivisionByZero):
        return StaleDataError(
            "UPDATE sent with the commit expected to update 1 row(s); 0 were matched."
        )
    return None


def pipelined(
    conn: Connection,
    statements: Sequence[tuple[str, Mapping[str, object]]],
    *,
    commit: bool = False,
) -> list[tuple[int, list[tuple[Any, ...]]]]:
    """Run ``statements`` (SQL with ``%(name)s`` parameters, and their values) in ``conn``'s
    open PostgreSQL transaction, sent together in one round trip, one after the other; for
    each, the rows it matched and the rows it returned (raw driver values).

    A driver error is raised as SQLAlchemy raises it (``DBAPIError``); the transaction is
    then aborted, as after any failed statement. ``commit``: the COMMIT goes in the same
    round trip, after them.
    """
    import psycopg
    from psycopg.pq import ExecStatus

    raw = conn.connection.driver_connection
    assert isinstance(raw, psycopg.Connection)
    cursors: list[psycopg.Cursor[Any]] = []
    results: list[tuple[int, list[tuple[Any, ...]]]] = []
    failed: psycopg.Error | None = None
    try:
        with raw.pipeline() as pipeline:
            try:
                for sql, params in statements:
                    cursor = raw.cursor()
                    cursors.append(cursor)
                    cursor.execute(sql, params)
                if commit:
                    raw.commit()
                pipeline.sync()  # every result received: row counts and rows are there
                for cursor in cursors:
                    # the result's status, not ``description``: that builds every column's
                    # description at each use
                    result = cursor.pgresult
                    returned = result is not None and result.status == ExecStatus.TUPLES_OK
                    rows = cursor.fetchall() if returned else []
                    results.append((cursor.rowcount, rows))
            except psycopg.Error as exc:  # caught in here: psycopg would log a WARNING
                failed = exc  # for a pipeline left with an error in flight
    except psycopg.Error as exc:  # a statement failed, or the connection is gone
        failed = failed or exc
    finally:
        for cursor in cursors:
            cursor.close()
    if failed is not None:
        sql, params = statements[min(len(results), len(statements) - 1)]
        raise _as_sqlalchemy_error(conn, failed, sql, params) from failed
    return results


def _as_sqlalchemy_error(
    conn: Connection, failed: Exception, sql: str, params: Any
) -> exc_mod.StatementError:
    """A psycopg error as SQLAlchemy would have raised it. When the connection is gone, as
    SQLAlchemy's own handling of a disconnect does: every connection the pool made before
    it is replaced at its next checkout (a restarted server ended them all), then this one
    is invalidated."""
    import psycopg

    wrapper = conn.connection
    raw = wrapper.driver_connection
    assert isinstance(raw, psycopg.Connection)
    gone = raw.broken or raw.closed
    if gone:
        conn.engine.pool._invalidate(wrapper, failed)  # noqa: SLF001 (SQLAlchemy's own step)
        conn.invalidate(failed)
    return exc_mod.DBAPIError.instance(
        sql,
        params,
        failed,
        psycopg.Error,
        hide_parameters=True,
        connection_invalidated=gone,
    )


class UnitOfWorkFactory:
    """Builds units of work for one engine; what services receive."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __call__(self, *, readonly: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, readonly=readonly)
