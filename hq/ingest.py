"""Idempotent storage of one hall batch: all of it, or nothing."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app.sync.payload import Ack, Batch, Event, Feedback, times_ahead
from hq import epochs, rollups
from hq.db import EventRow, FeedbackRow, Hall, bulk_insert

log = logging.getLogger(__name__)


class Conflict(Exception):
    """A replay of a stored seq (or feedback id) with different content."""

    def __init__(self, seq: int | None, feedback_id: int | None = None) -> None:
        what = f"seq {seq}" if seq is not None else f"feedback id {feedback_id}"
        super().__init__(f"{what} is already stored with different content")
        self.seq = seq
        self.feedback_id = feedback_id


@dataclass(frozen=True, slots=True)
class _Counts:
    stored: int
    duplicates: int
    tickets: frozenset[int] = frozenset()  # tickets whose events were stored


def _event_row(hall_id: str, epoch: str, event: Event, received_at: dt.datetime) -> dict[str, Any]:
    ticket = event.ticket
    data = event.data
    return {
        "hall_id": hall_id,
        "epoch": epoch,
        "seq": event.seq,
        "kind": event.kind.value,
        "at": event.at,
        "received_at": received_at,
        "ticket_id": ticket.id if ticket else None,
        "service": ticket.service if ticket else None,
        "business_date": ticket.business_date if ticket else None,
        "number": ticket.number if ticket else None,
        "priority": ticket.priority if ticket else None,
        "target_minutes": ticket.target_minutes if ticket else None,
        "counter": event.counter,
        "outcome": data.outcome.value if data.outcome else None,
        "to_service": data.to_service,
        "to_counter": data.to_counter,
        "recall_count": data.recall_count,
        "requeue_after": data.requeue_after,
        "payload_hash": event.canonical_hash(),
    }


def _feedback_row(
    hall_id: str, epoch: str, item: Feedback, received_at: dt.datetime
) -> dict[str, Any]:
    answers = item.answers
    return {
        "hall_id": hall_id,
        "epoch": epoch,
        "feedback_id": item.id,
        "at": item.at,
        "received_at": received_at,
        "service": item.service,
        "business_date": item.business_date,
        "ticket_id": item.ticket_id,
        **{f"u{i}": getattr(answers, f"U{i}") for i in range(1, 10)},
        "payload_hash": item.canonical_hash(),
    }


def _store_events(session: Session, hall_id: str, batch: Batch, now: dt.datetime) -> _Counts:
    if not batch.events:
        return _Counts(0, 0)
    seqs = [e.seq for e in batch.events]
    existing: dict[int, str] = {}
    low, high = min(seqs), max(seqs)
    wanted = set(seqs)
    if high - low < 4 * len(seqs):  # a run of seqs (the usual batch): one range scan
        rows = session.execute(
            select(EventRow.seq, EventRow.payload_hash).where(
                EventRow.hall_id == hall_id,
                EventRow.epoch == batch.epoch_key,
                EventRow.seq.between(low, high),
            )
        )
        existing.update({seq: digest for seq, digest in rows if seq in wanted})
    else:
        for chunk_start in range(0, len(seqs), 500):
            chunk = seqs[chunk_start : chunk_start + 500]
            rows = session.execute(
                select(EventRow.seq, EventRow.payload_hash).where(
                    EventRow.hall_id == hall_id,
                    EventRow.epoch == batch.epoch_key,
                    EventRow.seq.in_(chunk),
                )
            )
            existing.update({seq: digest for seq, digest in rows})
    new_rows = []
    ahead = times_ahead(batch, now)
    for event in sorted(batch.events, key=lambda e: e.seq):  # name the lowest conflict
        row = _event_row(hall_id, batch.epoch_key, event, now)
        row["clock_ahead"] = event.seq in ahead
        stored_hash = existing.get(event.seq)
        if stored_hash is None:
            new_rows.append(row)
        elif stored_hash != row["payload_hash"]:
            raise Conflict(event.seq)
    bulk_insert(session, EventRow, new_rows)
    tickets = frozenset(r["ticket_id"] for r in new_rows if r["ticket_id"] is not None)
    return _Counts(len(new_rows), len(batch.events) - len(new_rows), tickets)


def _store_feedback(session: Session, hall_id: str, batch: Batch, now: dt.datetime) -> _Counts:
    if not batch.feedback:
        return _Counts(0, 0)
    ids = [f.id for f in batch.feedback]
    rows = session.execute(
        select(FeedbackRow.feedback_id, FeedbackRow.payload_hash).where(
            FeedbackRow.hall_id == hall_id,
            FeedbackRow.epoch == batch.epoch_key,
            FeedbackRow.feedback_id.in_(ids),
        )
    )
    existing = {fid: digest for fid, digest in rows}
    new_rows = []
    for item in sorted(batch.feedback, key=lambda f: f.id):
        row = _feedback_row(hall_id, batch.epoch_key, item, now)
        stored_hash = existing.get(item.id)
        if stored_hash is None:
            new_rows.append(row)
        elif stored_hash != row["payload_hash"]:
            raise Conflict(None, item.id)
    if new_rows:
        session.execute(insert(FeedbackRow), new_rows)
    return _Counts(len(new_rows), len(batch.feedback) - len(new_rows))


def _store_once(session: Session, hall_id: str, batch: Batch, now: dt.datetime) -> Ack:
    # Lock the hall row first: batches of one hall are stored one after another.
    hall = session.get(Hall, hall_id, with_for_update=True)
    if hall is None:
        raise LookupError(hall_id)
    epoch = epochs.open_epoch(session, hall_id, batch, now)
    events = _store_events(session, hall_id, batch, now)
    feedback = _store_feedback(session, hall_id, batch, now)
    rollups.refresh(session, hall_id, events.tickets)
    epochs.advance(epoch, batch, stored=events.stored + feedback.stored, now=now)
    concurrent = epochs.concurrent(session, hall_id, now)
    if concurrent and events.stored + feedback.stored:
        log.warning(
            "hall %s: two hall databases send under this hall id at once (epoch %s)",
            hall_id,
            batch.epoch_key or "legacy",
        )
    max_seq = max([hall.max_seq, *(e.seq for e in batch.events)])
    max_fb = max([hall.max_feedback_id, *(f.id for f in batch.feedback)])
    session.execute(
        update(Hall)
        .where(Hall.id == hall_id)
        .values(max_seq=max_seq, max_feedback_id=max_fb, last_received_at=now)
    )
    return Ack(
        acked_seq=epoch.acked_seq,
        stored=events.stored + feedback.stored,
        duplicates=events.duplicates + feedback.duplicates,
        acked_feedback_id=epoch.acked_feedback_id,
        epoch=batch.epoch,
        max_seq=epoch.max_seq,
        max_feedback_id=epoch.max_feedback_id,
        missing=epochs.missing(session, epoch),
        concurrent=concurrent,
    )


def store_batch(
    factory: sessionmaker[Session], hall_id: str, batch: Batch, now: dt.datetime
) -> Ack:
    """Store a validated batch in one transaction; raise ``Conflict`` and store nothing."""
    for attempt in range(3):
        try:
            with factory.begin() as session:
                return _store_once(session, hall_id, batch, now)
        except IntegrityError:
            # A concurrent request stored some of the same seqs first; recount from scratch.
            log.info("concurrent insert for hall %s, retrying (attempt %d)", hall_id, attempt + 1)
    with factory.begin() as session:
        return _store_once(session, hall_id, batch, now)
