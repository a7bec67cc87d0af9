"""PostgreSQL LISTEN on the event channel: wakes a feed watcher the moment a commit lands.

Every commit that writes queue events also runs ``pg_notify('antrean_events', '<last seq>')``
(see ``app.storage.uow``). A ``Listener`` holds one autocommit psycopg connection that
LISTENs on that channel; ``wait(timeout)`` returns as soon as a notification arrives or the
timeout passes. The payload is only a hint: readers still ask for ``seq > last_seen``.

psycopg is imported only when a ``Listener`` is made: a PC installed without the
``postgres`` extra (SQLite only) imports this module for ``sqlite_change_probe``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from types import ModuleType, TracebackType
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url

from app.domain.errors import ConfigError
from app.storage.uow import NOTIFY_CHANNEL

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger(__name__)


def _psycopg() -> ModuleType:
    """The psycopg module; ``ConfigError`` when this install has no PostgreSQL driver."""
    try:
        import psycopg
    except ImportError as exc:
        raise ConfigError(
            "Driver PostgreSQL (psycopg) belum terpasang. Pasang dengan: "
            "pip install antrean[postgres]",
            "The PostgreSQL driver (psycopg) is not installed. Install it with: "
            "pip install antrean[postgres]",
            cause=str(exc),
        ) from exc
    return psycopg


def psycopg_dsn(url: str) -> str:
    """A libpq connection string for a SQLAlchemy ``postgresql+psycopg://`` URL."""
    parsed = make_url(url).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


class ListenerLost(Exception):
    """The LISTEN connection broke; the caller reconnects when it can."""


class Listener:
    """One LISTENing connection. Not thread-safe: one watcher thread owns it."""

    def __init__(self, url: str, *, channel: str = NOTIFY_CHANNEL, connect_timeout: int = 5):
        """A listener for ``url`` (not connected yet); ``ConfigError`` without psycopg."""
        self._pg = _psycopg()
        self._dsn = psycopg_dsn(url)
        self._channel = channel
        self._connect_timeout = connect_timeout
        self._conn: psycopg.Connection[tuple[object, ...]] | None = None

    @property
    def connected(self) -> bool:
        return self._conn is not None and not self._conn.closed

    def connect(self) -> None:
        """Open the connection and LISTEN; raises ``ListenerLost`` when the server is away."""
        self.close()
        try:
            conn = self._pg.connect(
                self._dsn, autocommit=True, connect_timeout=self._connect_timeout
            )
            conn.execute(f'LISTEN "{self._channel}"')
        except self._pg.Error as exc:
            raise ListenerLost(str(exc)) from exc
        self._conn = conn
        log.debug("listening on %s", self._channel)

    def wait(self, timeout: float) -> list[str]:
        """Block up to ``timeout`` seconds; return the payloads that arrived (maybe none)."""
        if self._conn is None:
            raise ListenerLost("not connected")
        payloads: list[str] = []
        try:
            for note in self._conn.notifies(timeout=timeout, stop_after=1):
                payloads.append(note.payload)
            # Drain whatever else is already buffered without blocking again.
            for note in self._conn.notifies(timeout=0):
                payloads.append(note.payload)
        except self._pg.Error as exc:
            self.close()
            raise ListenerLost(str(exc)) from exc
        return payloads

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None and not conn.closed:
            try:
                conn.close()
            except self._pg.Error as exc:  # closing a dead socket; nothing left to release
                log.debug("closing listener: %s", exc)

    def __enter__(self) -> Listener:
        self.connect()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def sqlite_change_probe(url: str) -> Callable[[], tuple[int, ...]] | None:
    """A cheap "did anything commit?" token for a SQLite file; None for other databases.

    Every commit appends to the write-ahead log, so the size and modification time of the
    ``-wal`` file (and of the database file, after a checkpoint) change. Looking at them costs
    two ``stat`` calls: a watcher can look every few tens of milliseconds and query only when
    the token moved.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    db = Path(str(parsed.database))
    files = (db, Path(f"{db}-wal"))

    def probe() -> tuple[int, ...]:
        token: list[int] = []
        for path in files:
            try:
                st = path.stat()
            except OSError:
                token += [0, 0]
            else:
                token += [st.st_mtime_ns, st.st_size]
        return tuple(token)

    return probe
