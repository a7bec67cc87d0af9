"""``SyncWorker``: drains the hall outbox to HQ, in order, at least once, never losing a mark.

The acknowledged mark advances only after HQ answered with an ack covering the batch, so a
crash or a lost answer at any point means a replay, which HQ counts as duplicates.
Runs in a plain thread (``run_forever``); the GUI only reads ``status()``.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from app.ports import Clock
from app.sync.errors import (
    HqAuthFailed,
    HqError,
    HqRateLimited,
    HqRejected,
    HqTooLarge,
    HqUnreachable,
)
from app.sync.payload import SCHEMA_VERSION, Batch, Event, Feedback
from app.sync.ports import DeadLetter, HqTransport, Outbox, SyncState, Unsendable

log = logging.getLogger(__name__)
DEFAULT_BATCH = 500
T = TypeVar("T", Event, Feedback)
MAX_DEAD_LETTERS = 1000


@dataclass(frozen=True, slots=True)
class SyncReport:
    batches: int = 0
    stored: int = 0
    duplicates: int = 0
    dead_lettered: int = 0
    pending: int = 0
    error: HqError | None = None

    @property
    def stopped(self) -> bool:
        """True when retrying cannot help (auth failure, batch-level rejection)."""
        return isinstance(self.error, HqAuthFailed) or (
            isinstance(self.error, HqRejected) and self.error.scope == "batch"
        )


@dataclass(frozen=True, slots=True)
class SyncStatus:
    pending: int
    state: SyncState


class _Progress:
    def __init__(self, state: SyncState) -> None:
        self.state = state
        self.batches = self.stored = self.duplicates = self.dead = 0


def _prefix(items: Sequence[T | Unsendable], kind: type[T]) -> list[T]:
    """The leading run of sendable items (stops before the first ``Unsendable``)."""
    out: list[T] = []
    for item in items:
        if not isinstance(item, kind):
            break
        out.append(item)
    return out


class SyncWorker:
    def __init__(
        self,
        outbox: Outbox,
        transport: HqTransport,
        hall_id: str,
        clock: Clock,
        *,
        sleep: Callable[[float], None] | None = None,
        batch_size: int = DEFAULT_BATCH,
        backoff_base: float = 1.0,
        backoff_cap: float = 300.0,
        idle_interval: float = 30.0,
        rng: random.Random | None = None,
    ) -> None:
        if not 1 <= batch_size <= 1000:
            raise ValueError("batch_size must be within 1..1000")
        self._outbox = outbox
        self._transport = transport
        self._hall_id = hall_id
        self._clock = clock
        self._sleep = sleep
        self._batch_size = batch_size
        self._base = backoff_base
        self._cap = backoff_cap
        self._idle = idle_interval
        self._rng = rng or random.Random()
        self._lock = threading.Lock()

    # -- public -------------------------------------------------------------------------------
    def status(self) -> SyncStatus:
        state = self._outbox.load_state()
        return SyncStatus(self._outbox.pending_count(state.last_acked_seq), state)

    def backoff(self, failures: int) -> float:
        """Full jitter: uniform in [0, min(cap, base × 2^(failures−1))]."""
        ceiling = min(self._cap, self._base * 2 ** max(0, min(failures - 1, 30)))
        return self._rng.uniform(0.0, ceiling)

    def run_once(self) -> SyncReport:
        """Send everything pending now; stop at the first failure that needs waiting."""
        with self._lock:
            progress = _Progress(self._outbox.load_state())
            error: HqError | None = None
            try:
                self._drain_events(progress)
                self._drain_feedback(progress)
            except (HqUnreachable, HqRateLimited, HqAuthFailed, HqRejected) as exc:
                error = exc
                self._record_error(progress, exc)
            pending = self._outbox.pending_count(progress.state.last_acked_seq)
            return SyncReport(
                progress.batches,
                progress.stored,
                progress.duplicates,
                progress.dead,
                pending,
                error,
            )

    def run_forever(self, stop: threading.Event) -> SyncReport:
        """Loop until ``stop`` is set or HQ refuses the hall; back off while offline."""
        failures = 0
        report = SyncReport()
        while not stop.is_set():
            report = self.run_once()
            if report.stopped:
                log.error("sync stopped: %s", report.error)
                return report
            if report.error is None:
                failures = 0
                delay = self._idle
            elif isinstance(report.error, HqRateLimited):
                delay = report.error.retry_after
            else:
                failures += 1
                delay = self.backoff(failures)
            self._wait(stop, delay)
        return report

    # -- internals ----------------------------------------------------------------------------
    def _wait(self, stop: threading.Event, seconds: float) -> None:
        if self._sleep is not None:
            self._sleep(seconds)
        else:
            stop.wait(seconds)

    def _batch(self, events: Sequence[Event] = (), feedback: Sequence[Feedback] = ()) -> Batch:
        return Batch(
            schema_version=SCHEMA_VERSION,
            hall_id=self._hall_id,
            sent_at=self._clock.now(),
            events=list(events),
            feedback=list(feedback),
        )

    def _save(self, progress: _Progress, **changes: object) -> None:
        progress.state = replace(progress.state, **changes)  # type: ignore[arg-type]
        self._outbox.save_state(progress.state)

    def _record_error(self, progress: _Progress, exc: HqError) -> None:
        log.warning("sync to HQ failed: %s", exc.message_en)
        self._save(progress, last_error=exc.message_en, last_error_at=self._clock.now())

    def _dead_letter(
        self, progress: _Progress, reason: str, seq: int | None = None, fid: int | None = None
    ) -> None:
        log.error(
            "HQ rejected %s: %s; moved past it",
            f"event seq {seq}" if seq is not None else f"feedback {fid}",
            reason,
        )
        letter = DeadLetter(seq, fid, reason, self._clock.now())
        letters = (*progress.state.dead_letters, letter)[-MAX_DEAD_LETTERS:]
        progress.dead += 1
        if seq is not None:
            self._save(progress, last_acked_seq=seq, dead_letters=letters)
        else:
            self._save(progress, last_acked_feedback_id=fid, dead_letters=letters)

    def _drain_events(self, progress: _Progress) -> None:
        cap = self._batch_size  # lowered for good after a 413
        next_size = cap  # lowered once to isolate a rejected event
        while True:
            items = self._outbox.events_after(progress.state.last_acked_seq, next_size)
            if not items:
                return
            next_size = cap
            first = items[0]
            if isinstance(first, Unsendable):
                self._dead_letter(progress, first.reason, seq=first.seq)
                continue
            events = _prefix(items, Event)
            try:
                ack = self._transport.send(self._batch(events=events))
            except HqTooLarge:
                if len(events) == 1:
                    self._dead_letter(
                        progress, "single event larger than HQ accepts", seq=events[0].seq
                    )
                else:
                    cap = next_size = max(1, len(events) // 2)
                continue
            except HqRejected as exc:
                if exc.scope == "batch" and not exc.conflict:
                    raise
                next_size = self._isolate(progress, exc, [e.seq for e in events])
                continue
            last = events[-1].seq
            if ack.acked_seq < last:
                raise HqUnreachable(f"HQ acknowledged up to {ack.acked_seq}, below {last}")
            progress.batches += 1
            progress.stored += ack.stored
            progress.duplicates += ack.duplicates
            self._save(progress, last_acked_seq=last, last_success_at=self._clock.now())

    def _isolate(self, progress: _Progress, exc: HqRejected, seqs: list[int]) -> int:
        """Dead-letter the refused event, or shrink the next batch to find it."""
        if exc.seq is not None and exc.seq in seqs:
            index = seqs.index(exc.seq)
            if index == 0:
                self._dead_letter(progress, exc.reason, seq=seqs[0])
                return self._batch_size
            return index  # send the good prefix first
        if len(seqs) == 1:
            self._dead_letter(progress, exc.reason, seq=seqs[0])
            return self._batch_size
        return max(1, len(seqs) // 2)

    def _drain_feedback(self, progress: _Progress) -> None:
        size = self._batch_size
        while True:
            found = self._outbox.feedback_after(progress.state.last_acked_feedback_id, size)
            if not found:
                return
            head = found[0]
            if isinstance(head, Unsendable):
                self._dead_letter(progress, head.reason, fid=head.feedback_id)
                continue
            items = _prefix(found, Feedback)
            try:
                ack = self._transport.send(self._batch(feedback=items))
            except (HqTooLarge, HqRejected) as exc:
                if isinstance(exc, HqRejected) and exc.scope == "batch" and not exc.conflict:
                    raise
                if len(items) == 1:
                    reason = exc.reason if isinstance(exc, HqRejected) else "too large"
                    self._dead_letter(progress, reason, fid=items[0].id)
                    size = self._batch_size
                else:
                    size = max(1, len(items) // 2)
                continue
            progress.batches += 1
            progress.stored += ack.stored
            progress.duplicates += ack.duplicates
            self._save(
                progress, last_acked_feedback_id=items[-1].id, last_success_at=self._clock.now()
            )
