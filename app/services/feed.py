"""The live feed: follow ``queue_events`` by sequence number and hand batches to a callback.

A ``FeedWatcher`` runs one plain thread (no Qt). Each cycle it asks the hall for events with
``seq > last_seen`` and delivers them, oldest first, to ``on_events``; ``last_seen`` moves only
after the callback returned, so a batch that could not be handled is delivered again. Event
seqs are handed out in commit order on both engines, so this never skips an event.

Between cycles it waits:

- on SQLite, a short poll (``poll_interval``, 0.5 s by default) that ``poke()`` cuts short,
  and, with a ``change_probe`` (``app.storage.notify.sqlite_change_probe``: ``PRAGMA
  data_version``, a few microseconds), a look every ``probe_interval`` (10 ms) that ends the
  wait as soon as another connection's commit is visible. The token is taken before each
  read, so a commit that lands during the read moves it and is read at the next look: the
  poll is only the safety net;
- on PostgreSQL, a long poll on a LISTEN connection (``app.storage.notify``): a commit's
  NOTIFY wakes it at once; ``long_poll`` is only the safety net.

When the database goes away (a driver error, the LISTEN connection breaking, or a
``StorageUnavailable`` from a read: server away, file gone, busy too long) it logs one
warning, calls ``on_lost`` once, retries every ``retry_interval`` and, once a query works
again, calls ``on_restored`` and catches up from ``last_seen``. Going offline is the world, not
a bug: no traceback. Any other exception from ``on_events`` is a bug: logged with its
traceback, and the batch is delivered again after ``retry_interval``. The
callback also runs (with an empty batch) on the first cycle and after every recovery, so a
window can load its full state there.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import DBAPIError

from app.domain.errors import StorageUnavailable
from app.domain.model import QueueEvent
from app.services.hall import HallService

if TYPE_CHECKING:
    from app.storage.notify import Listener

log = logging.getLogger(__name__)

EventsCallback = Callable[[Sequence[QueueEvent]], None]
StateCallback = Callable[[str], None]
_SLICE = 0.25  # how often a blocked wait looks at the stop flag


class FeedWatcher:
    def __init__(
        self,
        hall: HallService,
        on_events: EventsCallback,
        *,
        start_seq: int | None = None,
        notify_url: str | None = None,
        poll_interval: float = 0.5,
        long_poll: float = 10.0,
        retry_interval: float = 1.0,
        batch: int = 500,
        on_lost: StateCallback | None = None,
        on_restored: Callable[[], None] | None = None,
        change_probe: Callable[[], object] | None = None,
        probe_interval: float = 0.01,
        name: str = "antrean-feed",
    ) -> None:
        self._probe = change_probe
        self.probe_interval = probe_interval
        self._token: object = None
        self._hall = hall
        self._on_events = on_events
        self._on_lost = on_lost
        self._on_restored = on_restored
        self._last_seq = start_seq
        self._notify_url = notify_url
        self.poll_interval = poll_interval
        self.long_poll = long_poll
        self.retry_interval = retry_interval
        self._batch = batch
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._lost = False
        self._refresh = True
        self._listener: Listener | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    # --- caller side ---------------------------------------------------------------------
    @property
    def last_seq(self) -> int | None:
        return self._last_seq

    @property
    def connected(self) -> bool:
        return not self._lost

    @property
    def uses_notify(self) -> bool:
        return self._notify_url is not None

    def start(self) -> FeedWatcher:
        self._thread.start()
        return self

    def poke(self) -> None:
        """Look again now (after this PC's own action), without waiting for the poll."""
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    # --- the loop ------------------------------------------------------------------------
    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                if self._cycle():
                    continue  # a full batch: more may be waiting
                self._wait()
        finally:
            if self._listener is not None:
                self._listener.close()
            close_probe = getattr(self._probe, "close", None)
            if callable(close_probe):
                close_probe()

    def _cycle(self) -> bool:
        """One look at the feed; True when another look should follow at once."""
        from app.storage.notify import ListenerLost

        try:
            self._ensure_listener()
            if self._probe is not None:
                self._token = self._probe()  # before reading: a later commit moves it
            if self._last_seq is None:
                self._last_seq = self._hall.latest_seq()
            events = self._hall.events_after(self._last_seq, self._batch)
            if events or self._refresh:
                self._on_events(events)
                self._refresh = False
            if events:
                self._last_seq = events[-1].seq
            self._mark_restored()
            return len(events) >= self._batch
        except (StorageUnavailable, DBAPIError, ListenerLost, OSError) as exc:
            self._mark_lost(exc)  # offline, from the watcher's reads or the callback's
        except Exception:  # a bug in a callback: keep the feed alive, loudly
            log.exception("live feed callback failed; retrying")
            self._stop.wait(self.retry_interval)
        return False

    def _ensure_listener(self) -> None:
        if self._notify_url is None:
            return
        if self._listener is None:
            from app.storage.notify import Listener

            self._listener = Listener(self._notify_url)
        if not self._listener.connected:
            self._listener.connect()  # LISTEN first, then read: no notify falls in between

    def _wait(self) -> None:
        if self._lost:
            self._stop.wait(self.retry_interval)
            return
        if self._listener is None or not self._listener.connected:
            self._wait_polling()
            self._wake.clear()
            return
        from app.storage.notify import ListenerLost

        deadline = time.monotonic() + self.long_poll
        try:
            while not self._stop.is_set() and not self._wake.is_set():
                left = deadline - time.monotonic()
                if left <= 0 or self._listener.wait(min(_SLICE, left)):
                    break
        except ListenerLost as exc:
            self._mark_lost(exc)
        self._wake.clear()

    def _wait_polling(self) -> None:
        if self._probe is None:
            self._wake.wait(self.poll_interval)
            return
        deadline = time.monotonic() + self.poll_interval
        while not self._stop.is_set():
            left = deadline - time.monotonic()
            if left <= 0 or self._wake.wait(min(self.probe_interval, left)):
                return
            if self._probe() != self._token:
                return

    def _mark_lost(self, exc: BaseException) -> None:
        if self._listener is not None:
            self._listener.close()
        if self._lost:
            return
        self._lost = True
        self._refresh = True  # reload the full state once the database is back
        log.warning("live feed lost the database: %s", exc)
        if self._on_lost is not None:
            self._on_lost(str(exc))

    def _mark_restored(self) -> None:
        if not self._lost:
            return
        self._lost = False
        log.info("live feed reconnected at seq %s", self._last_seq)
        if self._on_restored is not None:
            self._on_restored()


def watcher_for(
    hall: HallService, database_url: str, on_events: EventsCallback, **options: Any
) -> FeedWatcher:
    """A watcher on ``database_url`` with that database's wake-up: NOTIFY on PostgreSQL, the
    ``data_version`` probe on a SQLite file. ``options`` go to ``FeedWatcher``."""
    return FeedWatcher(
        hall,
        on_events,
        notify_url=notify_url_for(database_url),
        change_probe=change_probe_for(database_url),
        **options,
    )


def change_probe_for(database_url: str) -> Callable[[], object] | None:
    """A cheap commit detector for a SQLite file, None for PostgreSQL (it has NOTIFY)."""
    from app.storage.notify import sqlite_change_probe

    return sqlite_change_probe(database_url)


def notify_url_for(database_url: str) -> str | None:
    """The URL to LISTEN on for this database, or None when it has no NOTIFY (SQLite)."""
    return database_url if database_url.startswith("postgresql") else None
