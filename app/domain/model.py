"""Plain value objects of the queue: states, outcomes, event kinds and read models."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from app.domain.wording import Bilingual
from app.i18n import pick


class TicketStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    HELD = "held"
    FINISHED = "finished"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    EXPIRED = "expired"  # still open when the business day was closed

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES

    @property
    def is_active(self) -> bool:
        """At a counter right now."""
        return self in (TicketStatus.CALLED, TicketStatus.SERVING)


OPEN_STATUSES = frozenset(
    {TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING, TicketStatus.HELD}
)


class Outcome(StrEnum):
    SERVED = "served"
    INCOMPLETE = "incomplete"  # documents incomplete, citizen must come back
    REFERRED = "referred"  # sent to another unit outside the hall
    OTHER = "other"


class CounterState(StrEnum):
    OPEN = "open"
    PAUSED = "paused"
    CLOSED = "closed"


class PrintState(StrEnum):
    PENDING = "pending"
    PRINTED = "printed"
    FAILED = "failed"
    NOT_PRINTED = "not_printed"  # issued without a printer (CLI, button box)


class EventKind(StrEnum):
    ISSUED = "issued"
    CALLED = "called"
    RECALLED = "recalled"
    STARTED = "started"
    FINISHED = "finished"
    NO_SHOW = "no_show"
    REQUEUED = "requeued"
    TRANSFERRED = "transferred"
    HELD = "held"
    RETURNED = "returned"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    PRINTED = "printed"
    PRINT_FAILED = "print_failed"
    REPRINTED = "reprinted"
    COUNTER_OPENED = "counter_opened"
    COUNTER_PAUSED = "counter_paused"
    COUNTER_RESUMED = "counter_resumed"
    COUNTER_CLOSED = "counter_closed"
    DAY_CLOSED = "day_closed"
    SETTINGS_CHANGED = "settings_changed"
    FEEDBACK = "feedback"


@dataclass(frozen=True, slots=True)
class ServiceView:
    id: int
    code: str
    name_id: str
    name_en: str
    description_id: str
    description_en: str
    active: bool
    daily_quota: int | None
    opens_at: dt.time | None
    closes_at: dt.time | None
    target_minutes: int
    default_service_minutes: float
    colour: str = ""  # "#RRGGBB" of its kiosk tile; "": the kiosk's palette

    def name(self, lang: str = "id") -> str:
        return pick(lang, self.name_id, self.name_en)

    def description(self, lang: str = "id") -> str:
        return pick(lang, self.description_id, self.description_en)


@dataclass(frozen=True, slots=True)
class CounterView:
    id: int
    number: int
    name: str
    state: CounterState
    active: bool
    service_codes: tuple[str, ...]
    current_ticket: str | None = None
    priority_ratio: str | None = None  # its own "P:R"; None: the hall's


@dataclass(frozen=True, slots=True)
class TicketView:
    """An immutable snapshot of a ticket, as every use case returns it."""

    id: int
    display: str  # "A-005"
    service_code: str  # service the number belongs to (its letter)
    current_service_code: str  # service whose queue holds it now (after transfers)
    number: int
    business_date: dt.date
    priority: bool
    status: TicketStatus
    counter_number: int | None
    issued_at: dt.datetime
    called_at: dt.datetime | None
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    recall_count: int
    outcome: Outcome | None
    print_state: PrintState
    target_counter_number: int | None = None


@dataclass(frozen=True, slots=True)
class WaitEstimate:
    """Minutes until the ticket is likely called; ``minutes`` is None when no counter serves."""

    minutes: int | None
    people_ahead: int
    open_counters: float
    service_minutes: float
    basis: str  # "history" | "default" | "blend" | "no_counter"


@dataclass(frozen=True, slots=True)
class IssuedTicket:
    ticket: TicketView
    service_name_id: str
    service_name_en: str
    people_ahead: int
    estimate: WaitEstimate


@dataclass(frozen=True, slots=True)
class QueueEvent:
    seq: int
    kind: EventKind
    at: dt.datetime
    ticket_id: int | None
    ticket_display: str | None
    counter_number: int | None
    data: dict[str, object]


@dataclass(frozen=True, slots=True)
class ServiceStatus:
    code: str
    name_id: str
    name_en: str
    waiting: int
    waiting_priority: int
    issued_today: int
    served_today: int
    open_counters: int
    estimate_minutes: int | None
    is_open_now: bool
    closed_reason: Bilingual | None  # why it hands out no ticket now (None when open)
    people_ahead: int = 0  # tickets called before one issued now (any service: shared queues)
    colour: str = ""  # "#RRGGBB" the hall gave the service (its kiosk tile); "": the palette's
