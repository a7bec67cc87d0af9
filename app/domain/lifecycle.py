"""The ticket's and the counter's lifecycles: one transition table each.

Every state change of a ticket is an *action* taken in a set of allowed states, leading to
one new state and recorded as one event kind. The queue service applies these tables and
nothing else changes a status; the architecture notes print them (``docs/architecture.md``,
checked by a test against this module).

::

    waiting --call--> called --start--> serving --finish--> finished
       ^  \\            |  \\--no_show--> no_show            ^
       |   cancel       |   \\--requeue (no-show, back in the queue)--> waiting
       |                +--hold--> held --return--> called/serving
       +--transfer (from called/serving, keeps its number)--+
    any open state --expire (day closed / stale)--> expired
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.domain.errors import InvalidTransition
from app.domain.model import CounterState, EventKind, TicketStatus
from app.domain.wording import Bilingual
from app.i18n import N_

W, C, S, H = TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING, TicketStatus.HELD


class Action(StrEnum):
    """What can happen to a ticket."""

    CALL = "call"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no_show"
    REQUEUE = "requeue"  # no-show, put back behind the next N waiting
    TRANSFER = "transfer"
    HOLD = "hold"
    RETURN = "return"  # a held ticket that was not started yet
    RETURN_STARTED = "return_started"  # a held ticket whose service had started
    CANCEL = "cancel"
    EXPIRE = "expire"


@dataclass(frozen=True, slots=True)
class Transition:
    action: Action
    allowed: frozenset[TicketStatus]
    to: TicketStatus
    event: EventKind


def _t(
    action: Action, allowed: set[TicketStatus], to: TicketStatus, event: EventKind
) -> Transition:
    return Transition(action, frozenset(allowed), to, event)


TICKET_TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in (
        _t(Action.CALL, {W}, C, EventKind.CALLED),
        _t(Action.RECALL, {C}, C, EventKind.RECALLED),
        _t(Action.START, {C}, S, EventKind.STARTED),
        _t(Action.FINISH, {C, S}, TicketStatus.FINISHED, EventKind.FINISHED),
        _t(Action.NO_SHOW, {C}, TicketStatus.NO_SHOW, EventKind.NO_SHOW),
        _t(Action.REQUEUE, {C}, W, EventKind.REQUEUED),
        _t(Action.TRANSFER, {C, S}, W, EventKind.TRANSFERRED),
        _t(Action.HOLD, {C, S}, H, EventKind.HELD),
        _t(Action.RETURN, {H}, C, EventKind.RETURNED),
        _t(Action.RETURN_STARTED, {H}, S, EventKind.RETURNED),
        _t(Action.CANCEL, {W, H}, TicketStatus.CANCELLED, EventKind.CANCELLED),
        _t(Action.EXPIRE, {W, C, S, H}, TicketStatus.EXPIRED, EventKind.EXPIRED),
    )
}

# Each status as a person reads it (Indonesian msgids; ``gettext(STATUS_ID[s], lang)``).
STATUS_ID = {
    TicketStatus.WAITING: N_("menunggu"),
    TicketStatus.CALLED: N_("dipanggil"),
    TicketStatus.SERVING: N_("sedang dilayani"),
    TicketStatus.HELD: N_("ditunda"),
    TicketStatus.FINISHED: N_("selesai"),
    TicketStatus.NO_SHOW: N_("tidak hadir"),
    TicketStatus.CANCELLED: N_("dibatalkan"),
    TicketStatus.EXPIRED: N_("kedaluwarsa"),
}


# Each event kind as a person reads it in the event log (``antrean events``): Indonesian
# msgids, ``gettext(EVENT_ID[k], lang)``; scripts read the wire names with ``--json``.
EVENT_ID = {
    EventKind.ISSUED: N_("diambil"),
    EventKind.CALLED: N_("dipanggil"),
    EventKind.RECALLED: N_("dipanggil ulang"),
    EventKind.STARTED: N_("mulai dilayani"),
    EventKind.FINISHED: N_("selesai"),
    EventKind.NO_SHOW: N_("tidak hadir"),
    EventKind.REQUEUED: N_("antre ulang"),
    EventKind.TRANSFERRED: N_("dialihkan"),
    EventKind.HELD: N_("ditunda"),
    EventKind.RETURNED: N_("dilanjutkan"),
    EventKind.CANCELLED: N_("dibatalkan"),
    EventKind.EXPIRED: N_("kedaluwarsa"),
    EventKind.PRINTED: N_("dicetak"),
    EventKind.PRINT_FAILED: N_("gagal cetak"),
    EventKind.REPRINTED: N_("dicetak ulang"),
    EventKind.COUNTER_OPENED: N_("loket dibuka"),
    EventKind.COUNTER_PAUSED: N_("loket istirahat"),
    EventKind.COUNTER_RESUMED: N_("loket lanjut"),
    EventKind.COUNTER_CLOSED: N_("loket ditutup"),
    EventKind.DAY_CLOSED: N_("hari ditutup"),
    EventKind.SETTINGS_CHANGED: N_("pengaturan diubah"),
    EventKind.FEEDBACK: N_("survei diisi"),
}


def ticket_transition(status: TicketStatus | str, action: Action, display: str) -> Transition:
    """The transition ``action`` takes from ``status``.

    Raises ``InvalidTransition`` (exit code 5) naming the ticket ``display`` ("A-005") and its
    status when the action is not allowed there.
    """
    transition = TICKET_TRANSITIONS[action]
    if TicketStatus(status) not in transition.allowed:
        raise status_refusal(display, status, action=action.value)
    return transition


def status_refusal(
    display: str, status: TicketStatus | str, **details: object
) -> InvalidTransition:
    """The refusal of an action on ticket ``display`` ("A-005") in ``status``."""
    current = TicketStatus(status)
    return InvalidTransition(
        N_("{display} berstatus {shown}; tindakan ini tidak bisa."),
        display=display,
        shown=Bilingual.of(STATUS_ID[current]),
        status=current.value,
        **details,
    )


class CounterAction(StrEnum):
    OPEN = "open"
    PAUSE = "pause"
    RESUME = "resume"
    CLOSE = "close"


@dataclass(frozen=True, slots=True)
class CounterTransition:
    action: CounterAction
    allowed: frozenset[CounterState]
    to: CounterState
    event: EventKind


_OPEN, _PAUSED, _CLOSED = CounterState.OPEN, CounterState.PAUSED, CounterState.CLOSED
COUNTER_TRANSITIONS: dict[CounterAction, CounterTransition] = {
    t.action: t
    for t in (
        CounterTransition(
            CounterAction.OPEN, frozenset({_CLOSED, _PAUSED}), _OPEN, EventKind.COUNTER_OPENED
        ),
        CounterTransition(
            CounterAction.PAUSE, frozenset({_OPEN}), _PAUSED, EventKind.COUNTER_PAUSED
        ),
        CounterTransition(
            CounterAction.RESUME, frozenset({_PAUSED}), _OPEN, EventKind.COUNTER_RESUMED
        ),
        CounterTransition(
            CounterAction.CLOSE, frozenset({_OPEN, _PAUSED}), _CLOSED, EventKind.COUNTER_CLOSED
        ),
    )
}

# Each counter state as a person reads it (Indonesian msgids).
STATE_ID = {
    CounterState.OPEN: N_("buka"),
    CounterState.PAUSED: N_("istirahat"),
    CounterState.CLOSED: N_("tutup"),
}


def counter_transition(
    state: CounterState | str, action: CounterAction, number: int
) -> CounterTransition:
    """The transition ``action`` takes a counter in ``state`` through.

    Raises ``InvalidTransition`` when the counter is already in a state the action does not
    leave from (pausing a paused counter, opening an open one).
    """
    current = CounterState(state)
    transition = COUNTER_TRANSITIONS[action]
    if current not in transition.allowed:
        raise InvalidTransition(
            N_("Loket {number} sedang {shown}."),
            number=number,
            shown=Bilingual.of(STATE_ID[current]),
            state=current.value,
        )
    return transition


def transition_table_markdown() -> str:
    """The ticket transition table as Markdown (for ``docs/architecture.md``)."""
    order = list(TicketStatus)
    lines = ["| action | from | to | event |", "|---|---|---|---|"]
    for t in TICKET_TRANSITIONS.values():
        allowed = ", ".join(s.value for s in order if s in t.allowed)
        lines.append(f"| {t.action.value} | {allowed} | {t.to.value} | {t.event.value} |")
    return "\n".join(lines)
