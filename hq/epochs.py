"""The histories (epochs) of each hall: what HQ holds of them, what it lacks, and two live
hall databases sending under one hall id.

Version 2 batches say which range they cover (``after``, ``skipped``; see
``app.sync.payload``): a batch that starts at or below the epoch's mark moves the mark to its
last seq, one above the mark (HQ lost data: restored from a backup) stores its events but
leaves the mark, and the hall, reading the mark in the answer, sends again from there.
Version 1 halls have the legacy epoch ``""`` whose mark is simply the highest seq held.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.sync.payload import Batch
from hq.db import EventRow, HallEpoch

# Two epochs of one hall that both stored events after the newer one began, the older one
# within this window, are two live databases (not a reinstall, where the old one stopped).
CONCURRENT_WINDOW = dt.timedelta(hours=24)
MAX_RANGES = 100


def open_epoch(session: Session, hall_id: str, batch: Batch, now: dt.datetime) -> HallEpoch:
    epoch = session.get(HallEpoch, (hall_id, batch.epoch_key))
    if epoch is None:
        start, fb_start = (batch.epoch_start, batch.epoch_feedback_start) if batch.epoch else (1, 1)
        epoch = HallEpoch(
            hall_id=hall_id,
            epoch=batch.epoch_key,
            parent=batch.parent_epoch,
            start_seq=start,
            start_feedback_id=fb_start,
            acked_seq=start - 1,
            acked_feedback_id=fb_start - 1,
            max_seq=0,
            max_feedback_id=0,
            skipped=[],
            skipped_feedback=[],
            created_at=now,
        )
        session.add(epoch)
    return epoch


def _advance_mark(mark: int, after: int | None, covered: list[int]) -> int:
    if after is None or not covered or after > mark:
        return mark
    return max(mark, *covered)


def advance(epoch: HallEpoch, batch: Batch, stored: int, now: dt.datetime) -> None:
    seqs = [e.seq for e in batch.events]
    ids = [f.id for f in batch.feedback]
    epoch.max_seq = max([epoch.max_seq, *seqs])
    epoch.max_feedback_id = max([epoch.max_feedback_id, *ids])
    if stored:
        epoch.first_stored_at = epoch.first_stored_at or now
        epoch.last_stored_at = now
    if not batch.epoch:  # version 1: the highest seq held
        epoch.acked_seq = max(epoch.acked_seq, epoch.max_seq)
        epoch.acked_feedback_id = max(epoch.acked_feedback_id, epoch.max_feedback_id)
        return
    epoch.acked_seq = _advance_mark(epoch.acked_seq, batch.after, [*seqs, *batch.skipped])
    epoch.acked_feedback_id = _advance_mark(
        epoch.acked_feedback_id, batch.feedback_after, [*ids, *batch.skipped_feedback]
    )
    epoch.skipped = _skipped(epoch.skipped, batch.skipped, seqs)
    epoch.skipped_feedback = _skipped(epoch.skipped_feedback, batch.skipped_feedback, ids)


def _skipped(held: list[Any], declared: list[int], arrived: list[int]) -> list[int]:
    if not declared and not arrived:
        return list(held)
    return sorted((set(held) | set(declared)) - set(arrived))


def ranges(numbers: list[int]) -> list[tuple[int, int]]:
    """``[1, 2, 3, 7]`` → ``[(1, 3), (7, 7)]`` (at most ``MAX_RANGES``)."""
    out: list[tuple[int, int]] = []
    for n in sorted(numbers):
        if out and n == out[-1][1] + 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out[:MAX_RANGES]


def missing(session: Session, epoch: HallEpoch) -> list[tuple[int, int]]:
    """Seq ranges above the mark and below the highest seq held that HQ does not hold."""
    if epoch.max_seq <= epoch.acked_seq:
        return []
    held = session.scalars(
        select(EventRow.seq)
        .where(
            EventRow.hall_id == epoch.hall_id,
            EventRow.epoch == epoch.epoch,
            EventRow.seq > epoch.acked_seq,
        )
        .order_by(EventRow.seq)
    ).all()
    out: list[tuple[int, int]] = []
    expected = epoch.acked_seq + 1
    for seq in held:
        if seq > expected:
            out.append((expected, seq - 1))
        expected = seq + 1
    return out[:MAX_RANGES]


def concurrent(session: Session, hall_id: str, now: dt.datetime) -> bool:
    """Whether two epochs of the hall stored events at the same time, lately."""
    rows = session.scalars(
        select(HallEpoch)
        .where(HallEpoch.hall_id == hall_id, HallEpoch.first_stored_at.is_not(None))
        .order_by(HallEpoch.first_stored_at)
    ).all()
    recent = now - CONCURRENT_WINDOW
    for index, newer in enumerate(rows):
        for older in rows[:index]:
            assert older.last_stored_at is not None and newer.first_stored_at is not None
            if older.last_stored_at > newer.first_stored_at and older.last_stored_at > recent:
                return True
    return False


def describe(session: Session, hall_id: str) -> list[dict[str, Any]]:
    """Every epoch of a hall with what HQ lacks of it (for the read API and the CLI)."""
    rows = session.scalars(
        select(HallEpoch).where(HallEpoch.hall_id == hall_id).order_by(HallEpoch.created_at)
    ).all()
    return [
        {
            "epoch": e.epoch,
            "parent": e.parent,
            "start_seq": e.start_seq,
            "acked_seq": e.acked_seq,
            "max_seq": e.max_seq,
            "acked_feedback_id": e.acked_feedback_id,
            "max_feedback_id": e.max_feedback_id,
            "missing": missing(session, e),
            "skipped": ranges(list(e.skipped or [])),
            "skipped_feedback": ranges(list(e.skipped_feedback or [])),
            "first_stored_at": e.first_stored_at.isoformat() if e.first_stored_at else None,
            "last_stored_at": e.last_stored_at.isoformat() if e.last_stored_at else None,
        }
        for e in rows
    ]
