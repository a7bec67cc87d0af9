"""The survey on the kiosk: which tickets a citizen may pick, a typed number, one survey a
ticket (real SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from app.bootstrap import Core
from app.domain.errors import InvalidTransition, NotFound
from app.services.survey import SurveyService
from app.storage.uow import UnitOfWorkFactory
from tests.services.test_survey import GOOD, serve


@pytest.fixture
def survey(core: Core) -> SurveyService:
    return SurveyService(UnitOfWorkFactory(core.engine), core.clock)


def test_recently_served_newest_first_unrated_within_minutes(
    core: Core, survey: SurveyService
) -> None:
    old = serve(core, "A", counter=1)
    core.clock.advance(minutes=31)
    first = serve(core, "B", counter=2)
    core.clock.advance(minutes=2)
    second = serve(core, "A", counter=1)
    core.queue.issue_ticket("C", printed=False)  # waiting: not finished, never offered
    picked = survey.recently_served(30)
    assert [t.display for t in picked] == [second, first]  # ``old`` is 33 minutes ago
    assert [t.service.code for t in picked] == ["A", "B"]
    assert [t.display for t in survey.recently_served(60)] == [second, first, old]
    survey.record("B", GOOD, ticket=picked[1].ticket_id)
    assert [t.display for t in survey.recently_served(30)] == [second]  # rated: gone


def test_a_typed_number_once_only(core: Core, survey: SurveyService) -> None:
    number = serve(core, "A", counter=1)
    found = survey.ticket_to_rate(number.replace("-", "").lower())  # "a001" as typed
    assert (found.display, found.service.code) == (number, "A")
    survey.record(found.service.code, GOOD, ticket=found.ticket_id)
    with pytest.raises(InvalidTransition) as refused:
        survey.ticket_to_rate(number)
    assert refused.value.message("en") == f"Ticket {number} has already answered the survey."
    with pytest.raises(InvalidTransition):  # and a second record too
        survey.record("A", GOOD, ticket=found.ticket_id)
    waiting = core.queue.issue_ticket("A", printed=False).ticket.display
    with pytest.raises(InvalidTransition):
        survey.ticket_to_rate(waiting)
    with pytest.raises(NotFound):
        survey.ticket_to_rate("A-099")
