"""``SyncWorker``: drains the hall outbox to HQ, in order, at least once, never losing a mark.

The mark (``last_acked_seq``) is what HQ acknowledged: the highest seq up to which HQ holds
every event of the epoch, or was told the hall skipped it (a dead letter). It moves only on
HQ's answer, so a crash or a lost answer means a replay, which HQ counts as duplicates; and
when HQ answers lower than the mark (HQ restored from a backup) the hall goes back and sends
again from there. Each run starts by asking HQ where it stands for every epoch already sent.

A 409 (HQ holds the seq with other content) means this database's history left HQ's there:
a restored copy, or another PC with a copy of this database. The worker forks a new epoch at
that seq (``Outbox.fork``) and sends the rest under it; HQ keeps both histories.

Dead letters are never sent again until ``resend`` (after the cause is fixed); each batch
tells HQ which seqs it skips, so HQ's mark passes them and HQ can list what it lacks.
Runs in a plain thread (``run_forever``); the GUI only reads ``status()``.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

from app.domain.stored_text import store, store_error
from app.i18n import N_, gettext
from app.ports import Clock
from app.sync.errors import (
    HqAuthFailed,
    HqError,
    HqRateLimited,
    HqRejected,
    HqTooLarge,
    HqUnreachable,
)
from app.sync.payload import SCHEMA_VERSION, Ack, Batch, Event, Feedback
from app.sync.ports import DeadLetter, HqTransport, Outbox, SyncEpoch, Unsendable
from app.sync.report import Progress, Stream, SyncReport, SyncStatus, rejected_key

__all__ = ["SyncReport", "SyncStatus", "SyncWorker"]

log = logging.getLogger(__name__)
DEFAULT_BATCH = 500
MAX_DEAD_LETTERS = 10_000
MAX_REWINDS = 3  # per stream and run: HQ losing data again and again is an HQ fault
# What the worker notes for the operator (``sync_state.notice``), stored as catalog texts
# (``app.domain.stored_text``) so each reader shows them in its language; logs stay English.
CONCURRENT_NOTICE = N_("basis data aula lain mengirim dengan ID aula ini pada saat yang sama")
LACKED_NOTICES = {
    "event": N_("pusat tidak lagi memiliki peristiwa yang sudah diakuinya, mulai nomor {key}"),
    "feedback": N_("pusat tidak lagi memiliki umpan balik yang sudah diakuinya, mulai nomor {key}"),
}
FORK_NOTICES = {
    "event": N_(
        "riwayat basis data ini berpisah dari riwayat pusat pada peristiwa {key}; "
        "dilanjutkan sebagai epoch {epoch}"
    ),
    "feedback": N_(
        "riwayat basis data ini berpisah dari riwayat pusat pada umpan balik {key}; "
        "dilanjutkan sebagai epoch {epoch}"
    ),
}


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
        self._streams = (
            Stream(
                "event",
                "last_acked_seq",
                outbox.events_after,
                lambda e: e.start_seq,
                lambda d: d.seq,
                lambda a: a.acked_seq,
                Event,
            ),
            Stream(
                "feedback",
                "last_acked_feedback_id",
                outbox.feedback_after,
                lambda e: e.start_feedback_id,
                lambda d: d.feedback_id,
                lambda a: a.acked_feedback_id,
                Feedback,
            ),
        )

    # -- public -------------------------------------------------------------------------------
    def status(self) -> SyncStatus:
        state = self._outbox.load_state()
        return SyncStatus(
            self._outbox.pending_count(state.last_acked_seq),
            state,
            self._outbox.pending_feedback(state.last_acked_feedback_id),
            self._outbox.epochs()[-1].id,
        )

    def backoff(self, failures: int) -> float:
        """Full jitter: uniform in [0, min(cap, base × 2^(failures−1))]."""
        ceiling = min(self._cap, self._base * 2 ** max(0, min(failures - 1, 30)))
        return self._rng.uniform(0.0, ceiling)

    def run_once(self) -> SyncReport:
        """Send everything pending now; stop at the first failure that needs waiting."""
        with self._lock:
            progress = Progress(self._outbox.load_state(), self._outbox.epochs())
            error: HqError | None = None
            try:
                self._check_hq(progress)
                for stream in self._streams:
                    self._drain(progress, stream)
            except (HqUnreachable, HqRateLimited, HqAuthFailed, HqRejected) as exc:
                error = exc
                self._record_error(progress, exc)
            else:
                self._settle_notice(progress)
            pending = self._outbox.pending_count(progress.state.last_acked_seq)
            return SyncReport(
                progress.batches,
                progress.stored,
                progress.duplicates,
                progress.dead,
                pending,
                error,
                len(progress.state.dead_letters),
                progress.resent_from,
                progress.forks,
                progress.concurrent,
            )

    def resend(self, seqs: Iterable[int] = (), feedback_ids: Iterable[int] = ()) -> int:
        """Forget dead letters (all, or those named) so the next run sends them again."""
        with self._lock:
            state = self._outbox.load_state()
            wanted_seqs, wanted_ids = set(seqs), set(feedback_ids)
            everything = not wanted_seqs and not wanted_ids
            again = [
                d
                for d in state.dead_letters
                if everything or d.seq in wanted_seqs or d.feedback_id in wanted_ids
            ]
            if not again:
                return 0
            kept = tuple(d for d in state.dead_letters if d not in again)
            event_from = min((d.seq for d in again if d.seq is not None), default=None)
            fb_from = min((d.feedback_id for d in again if d.feedback_id is not None), default=None)
            changes: dict[str, Any] = {"dead_letters": kept}
            if event_from is not None:
                changes["last_acked_seq"] = min(state.last_acked_seq, event_from - 1)
            if fb_from is not None:
                changes["last_acked_feedback_id"] = min(state.last_acked_feedback_id, fb_from - 1)
            self._outbox.save_state(replace(state, **changes))
            log.info("%d dead letters will be sent again", len(again))
            return len(again)

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

    def _batch(
        self,
        epoch: SyncEpoch,
        stream: Stream | None = None,
        after: int | None = None,
        items: Sequence[Any] = (),
        skipped: Sequence[int] = (),
    ) -> Batch:
        fields: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "hall_id": self._hall_id,
            "sent_at": self._clock.now(),
        }
        if epoch.id == "":  # the legacy history: HQ knows it as version 1
            fields["schema_version"] = 1
        else:
            fields |= {
                "epoch": epoch.id,
                "epoch_start": epoch.start_seq,
                "epoch_feedback_start": epoch.start_feedback_id,
                "parent_epoch": epoch.parent or None,
            }
        if stream is not None and stream.name == "event":
            fields["events"] = list(items)
            if epoch.id:
                fields |= {"after": after, "skipped": list(skipped)}
        elif stream is not None:
            fields["feedback"] = list(items)
            if epoch.id:
                fields |= {"feedback_after": after, "skipped_feedback": list(skipped)}
        return Batch(**fields)

    def _save(self, progress: Progress, **changes: object) -> None:
        progress.state = replace(progress.state, **changes)  # type: ignore[arg-type]
        self._outbox.save_state(progress.state)

    def _record_error(self, progress: Progress, exc: HqError) -> None:
        log.warning("sync to HQ failed: %s", exc.message_en)
        self._save(progress, last_error=store_error(exc), last_error_at=self._clock.now())

    def _notice(self, progress: Progress, text: str, /, **fields: str | int) -> None:
        """``text`` (a catalog text) and its fields, stored for each reader's language."""
        self._save(progress, notice=store(text, **fields), notice_at=self._clock.now())

    def _settle_notice(self, progress: Progress) -> None:
        """A run that found all well clears the notice; otherwise it stays for the operator."""
        troubled = progress.concurrent or progress.resent_from is not None or progress.forks
        if progress.state.notice and not troubled:
            self._save(progress, notice=None, notice_at=None)

    def _note_ack(self, progress: Progress, ack: Ack) -> None:
        if ack.concurrent and not progress.concurrent:
            progress.concurrent = True
            log.error("HQ reports that %s", gettext(CONCURRENT_NOTICE, "en"))
            self._notice(progress, CONCURRENT_NOTICE)

    def _epoch_of(self, progress: Progress, stream: Stream, key: int) -> tuple[SyncEpoch, int]:
        """The epoch holding ``key`` and the first key of the next one (or a huge number)."""
        epochs = progress.epochs
        index = max((i for i, e in enumerate(epochs) if stream.start(e) <= key), default=0)
        end = stream.start(epochs[index + 1]) if index + 1 < len(epochs) else 2**63
        return epochs[index], end

    def _check_hq(self, progress: Progress) -> None:
        """Ask HQ where it stands for every epoch already sent; go back where it lacks data."""
        epochs = progress.epochs
        for index, epoch in enumerate(epochs):
            if epoch.id == "":
                continue  # a version 1 history: HQ acknowledges its maximum only
            sent = [
                (s, min(s.cursor(progress.state), self._end(s, epochs, index) - 1))
                for s in self._streams
            ]
            if all(upto < s.start(epoch) for s, upto in sent):
                continue
            try:
                ack = self._transport.send(self._batch(epoch))
            except HqTooLarge as exc:  # an empty batch: a proxy in between misbehaves
                raise HqUnreachable("HQ refused an empty batch as too large") from exc
            self._note_ack(progress, ack)
            for stream, upto in sent:
                held = stream.acked(ack)
                if held < upto:
                    self._go_back(progress, stream, epoch, held, upto)

    def _end(self, stream: Stream, epochs: list[SyncEpoch], index: int) -> int:
        return stream.start(epochs[index + 1]) if index + 1 < len(epochs) else 2**63

    def _go_back(
        self, progress: Progress, stream: Stream, epoch: SyncEpoch, held: int, mark: int
    ) -> None:
        target = max(held, stream.start(epoch) - 1)
        log.warning(
            "HQ holds the %ss of epoch %s only up to %d, below the %d it acknowledged "
            "(HQ restored from a backup?); sending again from there",
            stream.name,
            epoch.id,
            held,
            mark,
        )
        if stream.name == "event":
            low = target + 1
            progress.resent_from = min(low, progress.resent_from or low)
        self._notice(progress, LACKED_NOTICES[stream.name], key=target + 1)
        self._save(progress, **{stream.mark: min(target, stream.cursor(progress.state))})

    def _dead_letter(self, progress: Progress, stream: Stream, key: int, reason: str) -> None:
        log.error("HQ cannot take %s %d: %s; held as a dead letter", stream.name, key, reason)
        is_event = stream.name == "event"
        letter = DeadLetter(
            key if is_event else None, None if is_event else key, reason, self._clock.now()
        )
        letters = (*progress.state.dead_letters, letter)[-MAX_DEAD_LETTERS:]
        progress.dead += 1
        self._save(progress, dead_letters=letters)

    def _split(
        self, progress: Progress, stream: Stream, items: Sequence[Any]
    ) -> tuple[list[Any], list[int]]:
        """The items to send and the keys to report as skipped (dead letters)."""
        dead = {k for d in progress.state.dead_letters if (k := stream.letter_key(d)) is not None}
        sendable: list[Any] = []
        skipped: list[int] = []
        for item in items:
            key = stream.key(item)
            if isinstance(item, Unsendable):
                if key not in dead:
                    self._dead_letter(progress, stream, key, item.reason)
                    dead.add(key)
                skipped.append(key)
            elif key in dead:
                skipped.append(key)
            else:
                sendable.append(item)
        return sendable, skipped

    def _drain(self, progress: Progress, stream: Stream) -> None:
        cap = self._batch_size  # lowered for good after a 413
        next_size = cap  # lowered once to isolate a rejected item
        rewinds = 0
        while True:
            cursor = stream.cursor(progress.state)
            items = stream.fetch(cursor, next_size)
            if not items:
                return
            next_size = cap
            epoch, end = self._epoch_of(progress, stream, stream.key(items[0]))
            items = [i for i in items if stream.key(i) < end]
            sendable, skipped = self._split(progress, stream, items)
            if epoch.id == "" and not sendable:  # version 1 cannot say "skipped"
                self._save(progress, **{stream.mark: stream.key(items[-1])})
                continue
            try:
                ack = self._transport.send(self._batch(epoch, stream, cursor, sendable, skipped))
            except HqTooLarge:
                if len(sendable) <= 1:
                    self._dead_letter(
                        progress, stream, stream.key(items[0]), "larger than HQ accepts"
                    )
                else:
                    cap = next_size = max(1, len(items) // 2)
                continue
            except HqRejected as exc:
                next_size = self._refused(progress, stream, epoch, exc, sendable, len(items))
                continue
            self._note_ack(progress, ack)
            acked = stream.acked(ack)
            if acked < cursor:
                rewinds += 1
                if rewinds > MAX_REWINDS:
                    raise HqUnreachable(f"HQ keeps losing acknowledged {stream.name}s")
                self._go_back(progress, stream, epoch, acked, cursor)
                continue
            last = stream.key(items[-1])
            if acked < last:
                raise HqUnreachable(f"HQ acknowledged up to {acked}, below {last}")
            progress.batches += 1
            progress.stored += ack.stored
            progress.duplicates += ack.duplicates
            self._save(progress, **{stream.mark: last}, last_success_at=self._clock.now())

    def _refused(
        self,
        progress: Progress,
        stream: Stream,
        epoch: SyncEpoch,
        exc: HqRejected,
        sendable: list[Any],
        size: int,
    ) -> int:
        """Fork, dead-letter or narrow down after a 409/422; returns the next batch size."""
        keys = [stream.key(i) for i in sendable]
        key = rejected_key(stream, exc)
        if exc.conflict and key in keys and epoch.id and epoch is progress.epochs[-1]:
            self._fork(progress, stream, key)
            return self._batch_size
        if exc.scope == "batch" and not exc.conflict:
            raise exc
        if key is not None and key in keys:
            index = keys.index(key)
            if index == 0:
                self._dead_letter(progress, stream, key, exc.reason)
                return self._batch_size
            return index  # send the good prefix first
        if len(keys) <= 1:
            if keys:
                self._dead_letter(progress, stream, keys[0], exc.reason)
            return self._batch_size
        return max(1, min(size, len(keys)) // 2)

    def _fork(self, progress: Progress, stream: Stream, key: int) -> None:
        state = progress.state
        if stream.name == "event":
            epoch = self._outbox.fork(key, state.last_acked_feedback_id + 1)
        else:
            epoch = self._outbox.fork(state.last_acked_seq + 1, key)
        progress.epochs = self._outbox.epochs()
        progress.forks += 1
        self._notice(progress, FORK_NOTICES[stream.name], key=key, epoch=epoch.id)
