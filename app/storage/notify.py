"""PostgreSQL LISTEN on the event channel: wakes a feed watcher the moment a commit lands.

Every commit that writes queue events also runs ``pg_notify('antrean_events', '<last seq>')``
(see ``app.storage.uow``). A ``Listener`` holds one autocommit psycopg connection that
LISTENs on that channel; ``wait(timeout)`` returns as soon as a notification arrives or the
timeout passes. The payload is only a hint: readers still ask for ``seq > last_seen``.

psycopg is imported only when a ``Listener`` is made: a PC installed without the
``postgres`` extra (SQLite only) imports this module for ``sqlite_change_probe``, which
looks for another connection's commit with ``PRAGMA data_version``.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from types import ModuleType, TracebackType
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url

from app.domain.errors import ConfigError
from app.i18n import N_
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
            N_(
                "Driver PostgreSQL (psycopg) belum terpasang. Pasang dengan: pip "
                "install antrean[postgres]"
            ),
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


class SqliteChangeProbe:
    """A cheap "did another connection commit?" token for a SQLite file.

    ``PRAGMA data_version`` on a connection of its own (read-only, never in a transaction)
    changes exactly when another connection's commit has become visible to readers: a look
    costs a few microseconds and no disk read (WAL: the shared-memory index header). Looking
    at the ``-wal`` file's size and time instead can see a commit that is still being written
    (the file grows before the commit is visible) and then miss the moment it lands.

    The token is ``(connection number, data_version)``; after an error it is ``None`` and the
    connection is opened again at the next look (a watcher then falls back to its poll and
    its own reads report the database as gone). One watcher thread owns it.
    """

    def __init__(self, path: Path, *, busy_timeout: float = 0.1) -> None:
        self._uri = f"{path.resolve().as_uri()}?mode=ro"
        self._busy_timeout = busy_timeout
        self._conn: sqlite3.Connection | None = None
        self._opened = 0

    def __call__(self) -> tuple[int, int] | None:
        try:
            if self._conn is None:
                self._conn = sqlite3.connect(
                    self._uri,
                    uri=True,
                    timeout=self._busy_timeout,
                    isolation_level=None,
                    check_same_thread=False,
                )
                self._opened += 1
            # fetchall: the statement ends here, so no read lock stays behind (checkpoints).
            rows = self._conn.execute("PRAGMA data_version").fetchall()
            return (self._opened, int(rows[0][0]))
        except sqlite3.Error as exc:
            log.debug("change probe: %s", exc)
            self.close()
            return None

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()


def sqlite_change_probe(url: str) -> SqliteChangeProbe | None:
    """The change probe for a SQLite file URL; None for other databases and ``:memory:``."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return SqliteChangeProbe(Path(str(parsed.database)))
