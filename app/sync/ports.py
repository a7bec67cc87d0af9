"""Shapes the sync worker depends on: the HQ link and the hall's outbox."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from app.sync.payload import Ack, Batch, Event, Feedback


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """An event (or feedback) the hall could not send or HQ refused. It is not sent again
    (HQ is told it was skipped) until ``antrean sync resend`` after the cause is fixed."""

    seq: int | None
    feedback_id: int | None
    reason: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class SyncState:
    last_acked_seq: int = 0
    last_acked_feedback_id: int = 0
    last_success_at: dt.datetime | None = None
    last_error: str | None = None
    last_error_at: dt.datetime | None = None
    dead_letters: tuple[DeadLetter, ...] = field(default_factory=tuple)
    notice: str | None = None  # another PC sends as this hall; HQ lost acknowledged data
    notice_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class SyncEpoch:
    """A history of this hall database: the seqs from ``start_seq`` and feedback ids from
    ``start_feedback_id`` up to the next epoch's starts."""

    id: str  # "" for the legacy history of a database from before epochs
    start_seq: int
    start_feedback_id: int
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Unsendable:
    """An outbox row that does not fit the wire schema; the worker dead-letters it."""

    seq: int | None
    feedback_id: int | None
    reason: str


class HqTransport(Protocol):
    def send(self, batch: Batch) -> Ack:
        """Upload one batch; raise an ``app.sync.errors.HqError`` subclass on failure."""
        ...


class Outbox(Protocol):
    def events_after(self, seq: int, limit: int) -> list[Event | Unsendable]:
        """Events with a seq above ``seq``, in seq order, at most ``limit``."""
        ...

    def feedback_after(self, feedback_id: int, limit: int) -> list[Feedback | Unsendable]: ...

    def max_seq(self) -> int: ...

    def pending_count(self, seq: int) -> int: ...

    def max_feedback_id(self) -> int: ...

    def pending_feedback(self, feedback_id: int) -> int: ...

    def load_state(self) -> SyncState: ...

    def save_state(self, state: SyncState) -> None: ...

    def epochs(self) -> list[SyncEpoch]:
        """This database's epochs, oldest (lowest start) first; never empty."""
        ...

    def fork(self, start_seq: int, start_feedback_id: int) -> SyncEpoch:
        """Start a new epoch (a child of the newest) at these seq and feedback id."""
        ...
