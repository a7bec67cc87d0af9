"""The lifecycle tables: the docs print them, every status is reachable and closable."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.errors import InvalidTransition
from app.domain.lifecycle import (
    COUNTER_TRANSITIONS,
    TICKET_TRANSITIONS,
    Action,
    CounterAction,
    counter_transition,
    ticket_transition,
    transition_table_markdown,
)
from app.domain.model import OPEN_STATUSES, CounterState, TicketStatus

DOCS = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"


def test_the_architecture_notes_print_the_table_as_it_is() -> None:
    assert transition_table_markdown() in DOCS.read_text(encoding="utf-8")


def test_every_status_is_reached_and_every_open_status_can_end() -> None:
    reached = {t.to for t in TICKET_TRANSITIONS.values()} | {TicketStatus.WAITING}
    assert reached == set(TicketStatus)
    for status in OPEN_STATUSES:
        assert TICKET_TRANSITIONS[Action.EXPIRE].allowed >= {status}
    closed = set(TicketStatus) - OPEN_STATUSES
    for transition in TICKET_TRANSITIONS.values():
        assert not transition.allowed & closed, f"{transition.action} leaves a closed ticket"


@pytest.mark.parametrize("status", list(TicketStatus))
@pytest.mark.parametrize("action", list(Action))
def test_a_refused_action_names_the_ticket_and_its_status(
    status: TicketStatus, action: Action
) -> None:
    if status in TICKET_TRANSITIONS[action].allowed:
        assert ticket_transition(status, action, "A-005").to is TICKET_TRANSITIONS[action].to
        return
    with pytest.raises(InvalidTransition) as caught:
        ticket_transition(status, action, "A-005")
    assert caught.value.message_id.startswith("A-005 berstatus ")
    assert caught.value.details["status"] == status.value


@pytest.mark.parametrize("state", list(CounterState))
@pytest.mark.parametrize("action", list(CounterAction))
def test_counter_moves(state: CounterState, action: CounterAction) -> None:
    move = COUNTER_TRANSITIONS[action]
    if state in move.allowed:
        assert counter_transition(state, action, 3).to is move.to
    else:
        with pytest.raises(InvalidTransition):
            counter_transition(state, action, 3)
