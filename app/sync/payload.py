"""Wire schema v1 of the hall → HQ statistics upload.

Shared by the hall uploader (``app.sync``) and the HQ receiver (``hq``). Every model forbids
unknown fields; the schema has no free-text field, so no personal data can travel in it.
Checks that need HQ's own clock (an event far in the future) live in ``check_times``.

Schema v2 adds the hall database's identity and the range a batch covers:

* ``epoch`` (a UUID created with the hall database, ``app.storage`` table ``sync_epochs``):
  HQ keys events by hall × epoch × seq, so a reinstalled PC or a restored backup numbering
  from an old seq again is a new history, not a conflict. ``epoch_start`` is the epoch's
  first seq (and ``epoch_feedback_start`` its first feedback id); ``parent_epoch`` the epoch
  it continues (a restored copy forks where its history leaves HQ's).
* ``after``: the hall holds no event of this epoch in (``after``, last seq of the batch]
  other than the batch's events and ``skipped`` (events it could not send, dead letters).
  HQ acknowledges the highest seq up to which it holds every event (``Ack.acked_seq``), so
  after a restore on either side the hall resends from there. ``feedback_after`` and
  ``skipped_feedback`` do the same for feedback.

Version 1 (no epoch) is still accepted; its history is HQ's legacy epoch ``""``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    model_validator,
)

from app.domain.lifecycle import TICKET_TRANSITIONS
from app.domain.model import EventKind, Outcome

SCHEMA_VERSION = 2
MAX_EVENTS_PER_BATCH = 1000
MAX_FEEDBACK_PER_BATCH = 1000
MAX_BODY_BYTES = 2 * 1024 * 1024
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
FUTURE_TOLERANCE = dt.timedelta(days=1)

# What an event means for its ticket, read off the one lifecycle table (app.domain.lifecycle),
# so HQ's replay closes and reopens tickets exactly where the hall did.
CLOSING_KINDS = frozenset(t.event for t in TICKET_TRANSITIONS.values() if not t.to.is_open)
OPENING_KINDS = frozenset(t.event for t in TICKET_TRANSITIONS.values() if t.to.is_open)

TICKET_KINDS = frozenset(
    {
        EventKind.ISSUED,
        EventKind.CALLED,
        EventKind.RECALLED,
        EventKind.STARTED,
        EventKind.FINISHED,
        EventKind.NO_SHOW,
        EventKind.REQUEUED,
        EventKind.TRANSFERRED,
        EventKind.HELD,
        EventKind.RETURNED,
        EventKind.CANCELLED,
        EventKind.EXPIRED,
        EventKind.PRINTED,
        EventKind.PRINT_FAILED,
        EventKind.REPRINTED,
    }
)
NO_TICKET_KINDS = frozenset(
    {
        EventKind.COUNTER_OPENED,
        EventKind.COUNTER_PAUSED,
        EventKind.COUNTER_RESUMED,
        EventKind.COUNTER_CLOSED,
        EventKind.DAY_CLOSED,
        EventKind.SETTINGS_CHANGED,
    }
)
# Which ``data`` keys each kind may carry (everything else must be absent).
DATA_KEYS: dict[EventKind, frozenset[str]] = {
    EventKind.FINISHED: frozenset({"outcome"}),
    EventKind.TRANSFERRED: frozenset({"to_service", "to_counter"}),
    EventKind.RECALLED: frozenset({"recall_count"}),
    EventKind.REQUEUED: frozenset({"requeue_after"}),
}

ServiceCode = Annotated[str, Field(pattern=r"^[A-Z]$", min_length=1, max_length=1)]
Seq = Annotated[StrictInt, Field(ge=1, le=2**62)]
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
Answer = Annotated[StrictInt, Field(ge=1, le=4)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TicketRef(_Strict):
    id: Annotated[StrictInt, Field(ge=1, le=2**62)]
    service: ServiceCode
    business_date: dt.date
    number: Annotated[StrictInt, Field(ge=1, le=9999)]
    priority: StrictBool
    target_minutes: Annotated[StrictInt, Field(ge=0, le=1440)]


class EventData(_Strict):
    outcome: Outcome | None = None
    to_service: ServiceCode | None = None
    to_counter: Annotated[StrictInt, Field(ge=1, le=999)] | None = None
    recall_count: Annotated[StrictInt, Field(ge=0, le=1000)] | None = None
    requeue_after: Annotated[StrictInt, Field(ge=0, le=10000)] | None = None

    def present(self) -> frozenset[str]:
        return frozenset(k for k, v in self.model_dump().items() if v is not None)


# Closing a day expires every open ticket, including those of days the hall PC was off, so
# an ``expired`` (or ``cancelled``) event may come up to this many days after its ticket's day.
LATE_CLOSE_DAYS = 31
LATE_CLOSE_KINDS = frozenset({EventKind.EXPIRED, EventKind.CANCELLED})


def _check_date_near(business_date: dt.date, at: dt.datetime, late_days: int = 1) -> None:
    offset = (at.date() - business_date).days
    if offset < -1 or offset > late_days:
        raise ValueError(
            f"business_date {business_date} is too far off the timestamp {at.isoformat()}"
        )


def _check_not_ancient(at: dt.datetime, what: str) -> None:
    if at < EARLIEST:
        raise ValueError(f"{what} {at.isoformat()} is before 2000")


class Event(_Strict):
    seq: Seq
    kind: EventKind
    at: AwareDatetime
    ticket: TicketRef | None = None
    counter: Annotated[StrictInt, Field(ge=1, le=999)] | None = None
    data: EventData = Field(default_factory=EventData)

    @model_validator(mode="after")
    def _consistent(self) -> Event:
        _check_not_ancient(self.at, "event time")
        if self.kind in TICKET_KINDS and self.ticket is None:
            raise ValueError(f"a '{self.kind.value}' event needs a ticket")
        if self.kind in NO_TICKET_KINDS and self.ticket is not None:
            raise ValueError(f"a '{self.kind.value}' event must not carry a ticket")
        if self.ticket is not None:
            late = LATE_CLOSE_DAYS if self.kind in LATE_CLOSE_KINDS else 1
            _check_date_near(self.ticket.business_date, self.at, late)
        allowed = DATA_KEYS.get(self.kind, frozenset())
        extra = self.data.present() - allowed
        if extra:
            raise ValueError(f"data {sorted(extra)} not allowed for '{self.kind.value}'")
        if self.kind is EventKind.FINISHED and self.data.outcome is None:
            raise ValueError("a 'finished' event needs data.outcome")
        return self

    def canonical_hash(self) -> str:
        """Hash of the content, with ``at`` in UTC: equal events hash equal."""
        return _content_hash(self.model_dump(mode="json", exclude_none=True), self.at)


def _content_hash(body: dict[str, Any], at: dt.datetime) -> str:
    """SHA-256 of a record's JSON with ``at`` in UTC, so the same instant hashes the same."""
    body["at"] = at.astimezone(dt.UTC).isoformat()
    raw = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()


class Answers(_Strict):
    U1: Answer
    U2: Answer
    U3: Answer
    U4: Answer
    U5: Answer
    U6: Answer
    U7: Answer
    U8: Answer
    U9: Answer


class Feedback(_Strict):
    id: Annotated[StrictInt, Field(ge=1, le=2**62)]
    at: AwareDatetime
    service: ServiceCode
    business_date: dt.date
    ticket_id: Annotated[StrictInt, Field(ge=1, le=2**62)] | None = None
    answers: Answers

    @model_validator(mode="after")
    def _consistent(self) -> Feedback:
        _check_not_ancient(self.at, "feedback time")
        _check_date_near(self.business_date, self.at)
        return self

    def canonical_hash(self) -> str:
        return _content_hash(self.model_dump(mode="json", exclude_none=True), self.at)


EpochId = Annotated[str, Field(pattern=UUID_PATTERN)]
Mark = Annotated[StrictInt, Field(ge=0, le=2**62)]
MAX_SKIPPED = 1000


class Batch(_Strict):
    schema_version: Literal[1, 2]
    hall_id: Annotated[str, Field(pattern=UUID_PATTERN)]
    sent_at: AwareDatetime
    epoch: EpochId | None = None
    epoch_start: Seq = 1
    epoch_feedback_start: Seq = 1
    parent_epoch: EpochId | None = None
    after: Mark | None = None
    feedback_after: Mark | None = None
    skipped: Annotated[list[Seq], Field(max_length=MAX_SKIPPED)] = Field(default_factory=list)
    skipped_feedback: Annotated[list[Seq], Field(max_length=MAX_SKIPPED)] = Field(
        default_factory=list
    )
    events: Annotated[list[Event], Field(max_length=MAX_EVENTS_PER_BATCH)] = Field(
        default_factory=list
    )
    feedback: Annotated[list[Feedback], Field(max_length=MAX_FEEDBACK_PER_BATCH)] = Field(
        default_factory=list
    )

    @model_validator(mode="after")
    def _unique(self) -> Batch:
        _check_not_ancient(self.sent_at, "sent_at")
        seqs = [e.seq for e in self.events]
        if len(set(seqs)) != len(seqs):
            raise ValueError("duplicate seq inside one batch")
        ids = [f.id for f in self.feedback]
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate feedback id inside one batch")
        if self.schema_version == 1:
            if self.model_dump(include=set(_V2_FIELDS)) != _V1_DEFAULTS:
                raise ValueError("epoch fields need schema_version 2")
            return self
        if self.epoch is None:
            raise ValueError("schema_version 2 needs an epoch")
        if self.parent_epoch == self.epoch:
            raise ValueError("an epoch cannot be its own parent")
        _check_range(seqs, self.skipped, self.epoch_start, self.after, "seq")
        _check_range(
            ids, self.skipped_feedback, self.epoch_feedback_start, self.feedback_after, "id"
        )
        return self

    @property
    def epoch_key(self) -> str:
        """HQ's key of the batch's history: the epoch, or ``""`` for a version 1 hall."""
        return self.epoch or ""


_V2_FIELDS = frozenset(
    {
        "epoch",
        "epoch_start",
        "epoch_feedback_start",
        "parent_epoch",
        "after",
        "feedback_after",
        "skipped",
        "skipped_feedback",
    }
)


_V1_DEFAULTS: dict[str, Any] = {
    "epoch": None,
    "epoch_start": 1,
    "epoch_feedback_start": 1,
    "parent_epoch": None,
    "after": None,
    "feedback_after": None,
    "skipped": [],
    "skipped_feedback": [],
}


def wire_json(batch: Batch) -> bytes:
    """The batch as sent: a version 1 batch without the version 2 fields (an HQ from before
    epochs forbids them)."""
    exclude = set(_V2_FIELDS) if batch.schema_version == 1 else None
    return batch.model_dump_json(exclude_none=True, exclude=exclude).encode()


def _check_range(
    items: list[int], skipped: list[int], start: int, after: int | None, what: str
) -> None:
    every = [*items, *skipped]
    if len(set(every)) != len(every):
        raise ValueError(f"a {what} is both sent and skipped")
    if any(n < start for n in every):
        raise ValueError(f"a {what} lies before the epoch's start {start}")
    if after is not None and any(n <= after for n in every):
        raise ValueError(f"a {what} is not after 'after' ({after})")


class Ack(BaseModel):
    """HQ's answer. Version 2 fields have defaults and unknown ones are ignored, so a hall
    reads the answer of a newer HQ."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    acked_seq: StrictInt = Field(
        description="v2: highest seq of the epoch up to which HQ holds every event "
        "(or the hall declared it skipped); v1: the highest seq HQ holds"
    )
    stored: StrictInt
    duplicates: StrictInt
    acked_feedback_id: StrictInt = 0
    epoch: str | None = None
    max_seq: StrictInt = Field(0, description="highest seq HQ holds in this epoch")
    max_feedback_id: StrictInt = 0
    missing: list[tuple[StrictInt, StrictInt]] = Field(
        default_factory=list,
        description="seq ranges (first, last) of this epoch HQ lacks below max_seq",
    )
    concurrent: StrictBool = Field(
        False, description="another hall database sends under this hall id at the same time"
    )


def times_ahead(batch: Batch, received_at: dt.datetime) -> frozenset[int]:
    """Seqs of events dated more than a day ahead of HQ's receive time.

    HQ stores them (flagged) rather than refusing them: the events happened, under a hall
    clock that was wrong, and refusing them only lost them (issue 11). Feedback and
    ``sent_at`` are not judged by time at all.
    """
    limit = received_at + FUTURE_TOLERANCE
    return frozenset(e.seq for e in batch.events if e.at > limit)
