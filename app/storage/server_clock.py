"""The database server's clock, for a hall of PCs sharing PostgreSQL.

Every PC of a LAN hall dates tickets and events by the server's clock, so a kiosk whose
clock runs four minutes slow dates its tickets like every other PC. The server is asked
for ``clock_timestamp()`` at most every ``resync_seconds``; in between, time advances by
this PC's *monotonic* clock, which a user setting the wall clock cannot move. Each reading
also measures how far this PC's own wall clock is off (``offset_seconds``), for warnings.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable

from sqlalchemy import Engine, text
from sqlalchemy import exc as sa_exc

log = logging.getLogger(__name__)

RESYNC_SECONDS = 30.0


class ServerClock:
    """``app.ports.Clock`` reading the database server's time; thread-safe.

    ``now()`` returns an aware UTC datetime. When the server cannot be reached, the last
    reading goes on advancing by the monotonic clock; before any reading has succeeded it
    falls back to this PC's clock (the unit of work will fail on the same server anyway).
    """

    def __init__(
        self,
        engine: Engine,
        *,
        resync_seconds: float = RESYNC_SECONDS,
        wall: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._engine = engine
        self._resync = resync_seconds
        self._wall = wall
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._anchor: tuple[dt.datetime, float] | None = None  # (server time, monotonic)
        self._next_sync = 0.0
        self._offset: float | None = None

    def now(self) -> dt.datetime:
        with self._lock:
            mono = self._monotonic()
            if mono >= self._next_sync:
                self._sync(mono)
            if self._anchor is None:
                return self._wall()
            server, at = self._anchor
            return server + dt.timedelta(seconds=mono - at)

    def offset_seconds(self) -> float | None:
        """This PC's wall clock minus the server's, in seconds (None before a reading)."""
        self.now()
        with self._lock:
            return self._offset

    def _sync(self, mono: float) -> None:
        self._next_sync = mono + self._resync
        try:
            with self._engine.connect() as conn:
                before = self._monotonic()
                wall_before = self._wall()
                server = conn.execute(text("SELECT clock_timestamp()")).scalar_one()
                after = self._monotonic()
        except sa_exc.DBAPIError as exc:
            log.warning("cannot read the database server's clock: %s", exc.orig or exc)
            return
        if server.tzinfo is None:
            server = server.replace(tzinfo=dt.UTC)
        server = server.astimezone(dt.UTC)
        half = (after - before) / 2
        self._anchor = (server, before + half)
        self._offset = (wall_before + dt.timedelta(seconds=half) - server).total_seconds()
