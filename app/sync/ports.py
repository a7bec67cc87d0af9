"""Shapes the sync worker depends on: the HQ link and the hall's outbox."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from app.sync.payload import Ack, Batch, Event, Feedback


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """An event (or feedback) HQ refused as invalid; the worker moved past it."""

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

    def load_state(self) -> SyncState: ...

    def save_state(self, state: SyncState) -> None: ...
