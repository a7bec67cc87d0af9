"""``SqlOutbox``: the hall's ``queue_events`` table read as the HQ outbox (SQLite or PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from app.domain.model import EventKind
from app.storage.engine import READONLY
from app.storage.models import Counter, Feedback, QueueEventRow, Service, Ticket
from app.storage.models import SyncEpoch as SyncEpochRow
from app.storage.models import SyncState as SyncStateRow
from app.sync.payload import DATA_KEYS, Event
from app.sync.payload import Feedback as FeedbackPayload
from app.sync.ports import DeadLetter, SyncEpoch, SyncState, Unsendable

log = logging.getLogger(__name__)
_TYPES: dict[str, type] = {
    "outcome": str,
    "to_service": str,
    "to_counter": int,
    "recall_count": int,
    "requeue_after": int,
}


def _wire_data(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """Only the codes the schema allows for this kind; everything else stays in the hall."""
    try:
        allowed = DATA_KEYS.get(EventKind(kind), frozenset())
    except ValueError:
        return {}
    out = {}
    for key in allowed:
        value = data.get(key)
        if isinstance(value, _TYPES[key]) and not isinstance(value, bool):
            out[key] = value
    return out


def _reason(exc: ValidationError) -> str:
    first = exc.errors(include_url=False)[0]
    return f"{'.'.join(str(p) for p in first['loc']) or 'event'}: {first['msg']}"[:300]


def _letter_to_json(letter: DeadLetter) -> dict[str, Any]:
    return {
        "seq": letter.seq,
        "feedback_id": letter.feedback_id,
        "reason": letter.reason[:300],
        "at": letter.at.isoformat(),
    }


def _letter_from_json(raw: dict[str, Any]) -> DeadLetter:
    return DeadLetter(
        raw.get("seq"),
        raw.get("feedback_id"),
        str(raw.get("reason", "")),
        dt.datetime.fromisoformat(raw["at"]),
    )


class SqlOutbox:
    """Implements ``app.sync.ports.Outbox`` over the hall database; state per HQ endpoint."""

    def __init__(self, engine: Engine, endpoint: str) -> None:
        self._read = sessionmaker(engine.execution_options(**{READONLY: True}))
        self._write = sessionmaker(engine, expire_on_commit=False)
        self._endpoint = endpoint[:200]

    def events_after(self, seq: int, limit: int) -> list[Event | Unsendable]:
        stmt = (
            select(QueueEventRow, Ticket, Service, Counter)
            .outerjoin(Ticket, Ticket.id == QueueEventRow.ticket_id)
            .outerjoin(Service, Service.id == Ticket.service_id)
            .outerjoin(Counter, Counter.id == QueueEventRow.counter_id)
            .where(QueueEventRow.seq > seq)
            .order_by(QueueEventRow.seq)
            .limit(limit)
        )
        with self._read.begin() as session:
            return [self._event(*row) for row in session.execute(stmt)]

    def _event(
        self,
        row: QueueEventRow,
        ticket: Ticket | None,
        service: Service | None,
        counter: Counter | None,
    ) -> Event | Unsendable:
        wire: dict[str, Any] = {
            "seq": row.seq,
            "kind": row.kind,
            "at": row.at,
            "counter": counter.number if counter is not None else None,
            "data": _wire_data(row.kind, row.data or {}),
        }
        if ticket is not None and service is not None:
            wire["ticket"] = {
                "id": ticket.id,
                "service": service.code,
                "business_date": ticket.business_date,
                "number": ticket.number,
                "priority": ticket.priority,
                "target_minutes": service.target_minutes,
            }
        try:
            return Event.model_validate(wire)
        except ValidationError as exc:
            return Unsendable(row.seq, None, _reason(exc))

    def feedback_after(self, feedback_id: int, limit: int) -> list[FeedbackPayload | Unsendable]:
        stmt = (
            select(Feedback, Service.code)
            .join(Service, Service.id == Feedback.service_id)
            .where(Feedback.id > feedback_id)
            .order_by(Feedback.id)
            .limit(limit)
        )
        out: list[FeedbackPayload | Unsendable] = []
        with self._read.begin() as session:
            for item, code in session.execute(stmt):
                wire = {
                    "id": item.id,
                    "at": item.at,
                    "service": code,
                    "business_date": item.business_date,
                    "ticket_id": item.ticket_id,
                    "answers": {k: v for k, v in (item.answers or {}).items() if k[:1] == "U"},
                }
                try:
                    out.append(FeedbackPayload.model_validate(wire))
                except ValidationError as exc:
                    out.append(Unsendable(None, item.id, _reason(exc)))
        return out

    def max_seq(self) -> int:
        with self._read.begin() as session:
            return int(session.scalar(select(func.max(QueueEventRow.seq))) or 0)

    def pending_count(self, seq: int) -> int:
        with self._read.begin() as session:
            stmt = select(func.count()).select_from(QueueEventRow).where(QueueEventRow.seq > seq)
            return int(session.scalar(stmt) or 0)

    def load_state(self) -> SyncState:
        with self._read.begin() as session:
            row = session.get(SyncStateRow, self._endpoint)
            if row is None:
                return SyncState()
            return SyncState(
                last_acked_seq=row.last_acked_seq or 0,
                last_acked_feedback_id=row.last_feedback_id or 0,
                last_success_at=row.last_success_at,
                last_error=row.last_error,
                last_error_at=row.last_error_at,
                dead_letters=tuple(_letter_from_json(d) for d in row.dead_letters or []),
                notice=row.notice,
                notice_at=row.notice_at,
            )

    def save_state(self, state: SyncState) -> None:
        with self._write.begin() as session:
            row = self._locked_row(session)
            row.last_acked_seq = state.last_acked_seq
            row.last_feedback_id = state.last_acked_feedback_id
            row.last_success_at = state.last_success_at
            row.last_error = state.last_error[:500] if state.last_error else None
            row.last_error_at = state.last_error_at
            row.dead_letters = [_letter_to_json(d) for d in state.dead_letters]
            row.notice = state.notice[:500] if state.notice else None
            row.notice_at = state.notice_at

    def _locked_row(self, session: Session) -> SyncStateRow:
        row = session.get(SyncStateRow, self._endpoint, with_for_update=True)
        if row is None:
            row = SyncStateRow(
                endpoint=self._endpoint, last_acked_seq=0, last_feedback_id=0, dead_letters=[]
            )
            session.add(row)
        return row

    def epochs(self) -> list[SyncEpoch]:
        with self._read.begin() as session:
            rows = session.scalars(select(SyncEpochRow).order_by(SyncEpochRow.start_seq)).all()
            found = [_epoch(r) for r in rows]
        return found or [self._first_epoch()]

    def _first_epoch(self) -> SyncEpoch:
        """A database whose epoch row is gone (a hand edit) gets a new identity."""
        with self._write.begin() as session:
            if session.scalar(select(func.count()).select_from(SyncEpochRow)):
                rows = session.scalars(select(SyncEpochRow).order_by(SyncEpochRow.start_seq))
                return _epoch(next(iter(rows)))
            row = SyncEpochRow(
                id=str(uuid.uuid4()),
                start_seq=1,
                start_feedback_id=1,
                parent=None,
                created_at=dt.datetime.now(dt.UTC),
            )
            session.add(row)
            return _epoch(row)

    def fork(self, start_seq: int, start_feedback_id: int) -> SyncEpoch:
        with self._write.begin() as session:
            newest = session.scalars(
                select(SyncEpochRow).order_by(SyncEpochRow.start_seq.desc()).limit(1)
            ).first()
            parent = newest.id if newest is not None else None
            row = SyncEpochRow(
                id=str(uuid.uuid4()),
                start_seq=max(start_seq, newest.start_seq if newest else 1),
                start_feedback_id=max(start_feedback_id, newest.start_feedback_id if newest else 1),
                parent=parent,
                created_at=dt.datetime.now(dt.UTC),
            )
            session.add(row)
            log.warning(
                "this hall database's history left HQ's at seq %d (a restored copy, or another "
                "PC with this database); new epoch %s continues %s",
                row.start_seq,
                row.id,
                parent,
            )
            return _epoch(row)

    def max_feedback_id(self) -> int:
        with self._read.begin() as session:
            return int(session.scalar(select(func.max(Feedback.id))) or 0)

    def pending_feedback(self, feedback_id: int) -> int:
        with self._read.begin() as session:
            stmt = select(func.count()).select_from(Feedback).where(Feedback.id > feedback_id)
            return int(session.scalar(stmt) or 0)


def _epoch(row: SyncEpochRow) -> SyncEpoch:
    return SyncEpoch(row.id, row.start_seq, row.start_feedback_id, row.parent)
