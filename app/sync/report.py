"""What a sync run reports, and the two numberings (events, feedback) the worker drains."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from app.sync.errors import (
    HqAuthFailed,
    HqError,
    HqIdentityConflict,
    HqRejected,
    SyncIncomplete,
)
from app.sync.payload import Ack, Event, Feedback
from app.sync.ports import DeadLetter, SyncEpoch, SyncState, Unsendable


@dataclass(frozen=True, slots=True)
class SyncReport:
    batches: int = 0
    stored: int = 0
    duplicates: int = 0
    dead_lettered: int = 0
    pending: int = 0
    error: HqError | None = None
    dead_letters: int = 0  # held now (not only this run's)
    resent_from: int | None = None  # HQ lacked acknowledged events from this seq on
    forks: int = 0
    concurrent: bool = False

    @property
    def stopped(self) -> bool:
        """True when retrying cannot help (auth failure, batch-level rejection)."""
        return isinstance(self.error, HqAuthFailed) or (
            isinstance(self.error, HqRejected) and self.error.scope == "batch"
        )

    @property
    def problem(self) -> HqError | None:
        """What the operator must hear: an HQ error, a shared identity, or missing data."""
        if self.error is not None:
            return self.error
        if self.concurrent:
            return HqIdentityConflict()
        if self.dead_letters:
            return SyncIncomplete(self.dead_letters)
        return None


@dataclass(frozen=True, slots=True)
class SyncStatus:
    pending: int
    state: SyncState
    pending_feedback: int = 0
    epoch: str = ""


class Progress:
    def __init__(self, state: SyncState, epochs: list[SyncEpoch]) -> None:
        self.state = state
        self.epochs = epochs
        self.batches = self.stored = self.duplicates = self.dead = self.forks = 0
        self.resent_from: int | None = None
        self.concurrent = False


@dataclass(frozen=True, slots=True)
class Stream:
    """Events or feedback: the same protocol over two numberings."""

    name: str
    mark: str  # the SyncState field
    fetch: Callable[[int, int], Sequence[Any]]
    start: Callable[[SyncEpoch], int]
    letter_key: Callable[[DeadLetter], int | None]
    acked: Callable[[Ack], int]
    kind: type[Event] | type[Feedback]

    def key(self, item: Any) -> int:
        if isinstance(item, Unsendable):
            value = item.seq if self.name == "event" else item.feedback_id
            assert value is not None
            return value
        return int(item.seq if isinstance(item, Event) else item.id)

    def cursor(self, state: SyncState) -> int:
        return int(getattr(state, self.mark))


def rejected_key(stream: Stream, exc: HqRejected) -> int | None:
    return exc.seq if stream.name == "event" else exc.feedback_id
