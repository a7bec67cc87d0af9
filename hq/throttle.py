"""Password checks that cannot starve uploads or be guessed at speed.

* **Outside any transaction**: the caller reads the hash, ends its transaction, then checks
  (``admin.verify_user``); argon2 costs ~0.6 s, and on SQLite a transaction is the write lock.
* **Few at once**: at most ``parallel`` argon2 checks run, ``queue`` more may wait; beyond
  that the answer is 429 at once. One address never has two checks in flight.
* **Backoff** after ``free`` failures: per address (up to ``address_cap``) and per user (up
  to ``user_cap``). The per-user backoff does not apply to an address that logged in as that
  user before, so an attacker cannot keep a real user out from the user's usual PC; and no
  lock lasts longer than its cap, so nobody is locked out for good.

The concurrency limits are per process (they guard its CPU); the failure records are shared
when HQ runs several worker processes: ``SharedLoginThrottle`` keeps them in the database
(tables ``login_backoff`` and ``login_trusted``), timed by the wall clock.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from hq.db import LoginBackoff, LoginTrusted, reading

MAX_ENTRIES = 10_000  # addresses and users remembered; the oldest are forgotten first


class TooManyAttempts(Exception):
    """Refused before any password work; ``retry_after`` in seconds."""

    def __init__(self, retry_after: float, reason: str) -> None:
        super().__init__(reason)
        self.retry_after = max(1, round(retry_after + 0.5))
        self.reason = reason


@dataclass
class _Record:
    failures: int = 0
    until: float = 0.0
    seen: float = 0.0


@dataclass
class LoginThrottle:
    free: int = 5
    base: float = 1.0
    address_cap: float = 900.0
    user_cap: float = 300.0
    parallel: int = 1  # a 2-core HQ keeps a core for uploads; a login waits ≤ ~3 s
    queue: int = 4
    trusted_for: float = 30 * 86400.0
    clock: Callable[[], float] = time.monotonic
    _addresses: dict[str, _Record] = field(default_factory=dict)
    _users: dict[str, _Record] = field(default_factory=dict)
    _trusted: dict[tuple[str, str], float] = field(default_factory=dict)
    _in_flight: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _slots: threading.BoundedSemaphore | None = None
    _waiting: int = 0

    def __post_init__(self) -> None:
        self._slots = threading.BoundedSemaphore(self.parallel)

    @contextmanager
    def attempt(self, user: str, address: str) -> Iterator[None]:
        """Run one password check, or raise ``TooManyAttempts`` before it starts."""
        self._admit(user, address)
        assert self._slots is not None
        try:
            self._slots.acquire()
            with self._lock:
                self._waiting -= 1
            try:
                yield
            finally:
                self._slots.release()
        finally:
            with self._lock:
                self._in_flight.discard(address)

    def failed(self, user: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            for kind, key, cap in (
                ("address", address, self.address_cap),
                ("user", user, self.user_cap),
            ):
                record = self._record(kind, key) or _Record()
                record.failures += 1
                record.seen = now
                excess = record.failures - self.free
                if excess >= 0:
                    record.until = now + min(cap, self.base * 2 ** min(excess, 30))
                self._store(kind, key, record)

    def succeeded(self, user: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            self._forget(user, address)
            self._trust(user, address, now)

    # Where failure records live: this process (overridden by SharedLoginThrottle).
    def _table(self, kind: str) -> dict[str, _Record]:
        return self._addresses if kind == "address" else self._users

    def _record(self, kind: str, key: str) -> _Record | None:
        return self._table(kind).get(key)

    def _store(self, kind: str, key: str, record: _Record) -> None:
        table = self._table(kind)
        table[key] = record
        _trim(table)

    def _forget(self, user: str, address: str) -> None:
        self._addresses.pop(address, None)
        self._users.pop(user, None)

    def _trusted_at(self, user: str, address: str) -> float | None:
        return self._trusted.get((user, address))

    def _trust(self, user: str, address: str, now: float) -> None:
        self._trusted[(user, address)] = now
        if len(self._trusted) > MAX_ENTRIES:
            oldest = min(self._trusted, key=self._trusted.__getitem__)
            del self._trusted[oldest]

    def _admit(self, user: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            record = self._record("address", address)
            if record is not None and record.until > now:
                raise TooManyAttempts(record.until - now, "too many failed logins from here")
            user_record = self._record("user", user)
            trusted_at = self._trusted_at(user, address)
            trusted = trusted_at is not None and now - trusted_at < self.trusted_for
            if user_record is not None and user_record.until > now and not trusted:
                raise TooManyAttempts(user_record.until - now, "too many failed logins")
            if address in self._in_flight:
                raise TooManyAttempts(1, "a login from here is being checked")
            if self._waiting >= self.parallel + self.queue:
                raise TooManyAttempts(1, "too many logins at once")
            self._in_flight.add(address)
            self._waiting += 1


def _trim(table: dict[str, _Record]) -> None:
    if len(table) > MAX_ENTRIES:
        oldest = min(table, key=lambda k: table[k].seen)
        del table[oldest]


class SharedLoginThrottle(LoginThrottle):
    """``LoginThrottle`` whose failure records and trusted addresses are rows of the HQ
    database, so every worker process sees the same backoff."""

    def __init__(self, factory: sessionmaker[Session], **kwargs: Any) -> None:
        kwargs.setdefault("clock", time.time)
        super().__init__(**kwargs)
        self._factory = factory

    def _record(self, kind: str, key: str) -> _Record | None:
        with reading(self._factory).begin() as session:
            row = session.get(LoginBackoff, (kind, key[:200]))
            return None if row is None else _Record(row.failures, row.until, row.seen)

    def _store(self, kind: str, key: str, record: _Record) -> None:
        with self._factory.begin() as session:
            session.execute(
                delete(LoginBackoff).where(LoginBackoff.seen < record.seen - FORGET_AFTER)
            )
            row = session.get(LoginBackoff, (kind, key[:200]))
            if row is None:
                session.add(LoginBackoff(kind=kind, key=key[:200], failures=0, until=0.0, seen=0.0))
                session.flush()
                row = session.get(LoginBackoff, (kind, key[:200]))
                assert row is not None
            row.failures = max(row.failures + 1, record.failures)
            row.until = max(row.until, record.until)
            row.seen = record.seen

    def _forget(self, user: str, address: str) -> None:
        with self._factory.begin() as session:
            session.execute(
                delete(LoginBackoff).where(
                    ((LoginBackoff.kind == "address") & (LoginBackoff.key == address[:200]))
                    | ((LoginBackoff.kind == "user") & (LoginBackoff.key == user[:200]))
                )
            )

    def _trusted_at(self, user: str, address: str) -> float | None:
        with reading(self._factory).begin() as session:
            row = session.get(LoginTrusted, (user[:100], address[:200]))
            return None if row is None else row.at

    def _trust(self, user: str, address: str, now: float) -> None:
        with self._factory.begin() as session:
            session.execute(delete(LoginTrusted).where(LoginTrusted.at < now - self.trusted_for))
            row = session.get(LoginTrusted, (user[:100], address[:200]))
            if row is None:
                session.add(LoginTrusted(username=user[:100], address=address[:200], at=now))
            else:
                row.at = now


FORGET_AFTER = 86_400.0  # failure records untouched this long are dropped
