"""The IKM survey on real SQLite and PostgreSQL: what is stored, what is refused, the report
checked against an independent computation from the raw rows."""

from __future__ import annotations

import datetime as dt
import inspect
import random
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest
from sqlalchemy import select

from app.bootstrap import Core
from app.domain.errors import InvalidSetting, InvalidTransition, NotFound, ServiceClosed
from app.domain.ikm import CODES, InvalidAnswers
from app.ports import ManualClock
from app.services.survey import RECENT_MINUTES, SurveyService
from app.storage.models import Feedback, Service
from app.storage.uow import UnitOfWorkFactory

GOOD = [4, 4, 3, 4, 4, 3, 4, 4, 4]


def staff(fn: Callable[..., Any]) -> dict[str, Any]:
    """The keyword a guarded queue use case wants (an administrator), if it wants one."""
    if "actor" not in inspect.signature(fn).parameters:
        return {}
    from app.domain.roles import Actor, Role

    return {"actor": Actor(user_id=None, username="survey-test", role=Role.ADMIN)}


def serve(core: Core, code: str = "A", counter: int = 1) -> str:
    """Issue a ticket of ``code``, call the next at ``counter`` and finish it; its number."""
    core.queue.issue_ticket(code, printed=False)
    core.queue.call_next(counter, **staff(core.queue.call_next))
    return core.queue.finish(counter, **staff(core.queue.finish)).display


@pytest.fixture
def survey(core: Core) -> SurveyService:
    return SurveyService(UnitOfWorkFactory(core.engine), core.clock)


def _rows(core: Core) -> list[tuple[str, dt.date, int | None, dict[str, int]]]:
    with core.engine.connect() as conn:
        stmt = (
            select(Service.code, Feedback.business_date, Feedback.ticket_id, Feedback.answers)
            .join(Service, Service.id == Feedback.service_id)
            .order_by(Feedback.id)
        )
        return [(c, d, t, dict(a)) for c, d, t, a in conn.execute(stmt)]


def test_record_stores_anonymous_answers(core: Core, survey: SurveyService) -> None:
    recorded = survey.record("a", GOOD)
    assert recorded.service_code == "A" and recorded.ticket is None
    assert recorded.business_date == dt.date(2026, 11, 23)
    [(code, day, ticket, answers)] = _rows(core)
    assert (code, day, ticket) == ("A", dt.date(2026, 11, 23), None)
    assert answers == dict(zip(CODES, GOOD, strict=True))


def test_record_linked_to_the_ticket_just_finished(core: Core, survey: SurveyService) -> None:
    number = serve(core, "B", counter=2)
    recorded = survey.record("B", GOOD, ticket=number)
    assert recorded.ticket == number
    assert _rows(core)[0][2] is not None
    with pytest.raises(InvalidTransition, match="already answered"):
        survey.record("B", GOOD, ticket=number)


def test_refusals(core: Core, survey: SurveyService) -> None:
    with pytest.raises(InvalidAnswers):
        survey.record("A", GOOD[:8])
    with pytest.raises(InvalidAnswers):
        survey.record("A", [*GOOD[:8], 5])
    with pytest.raises(NotFound):
        survey.record("Z", GOOD)
    served = serve(core, "A")
    waiting = core.queue.issue_ticket("A", printed=False).ticket.display
    with pytest.raises(InvalidTransition, match="not finished today") as err:
        survey.record("A", GOOD, ticket=waiting)
    assert "belum selesai" in err.value.message_id
    with pytest.raises(InvalidTransition, match="served by service A, not C"):
        survey.record("C", GOOD, ticket=served)
    with pytest.raises(NotFound):
        survey.record("A", GOOD, ticket="A-999")
    with pytest.raises(NotFound):
        survey.record("A", GOOD, ticket="nonsense")
    with core.engine.begin() as conn:
        conn.execute(Service.__table__.update().where(Service.code == "E").values(active=False))
    with pytest.raises(ServiceClosed):
        survey.record("E", GOOD)
    assert _rows(core) == []


def test_a_ticket_of_yesterday_is_refused(core: Core, survey: SurveyService) -> None:
    number = serve(core, "A")
    assert isinstance(core.clock, ManualClock)
    core.clock.advance(hours=24)
    with pytest.raises(NotFound):  # "A-001" names today's ticket: there is none
        survey.record("A", GOOD, ticket=number)


def test_survey_context_follows_the_counter(core: Core, survey: SurveyService) -> None:
    first = survey.survey_context(3)
    assert [s.code for s in first.services] == ["A", "B", "C", "D", "E"]
    assert first.last_finished is None and first.recent is None
    number = serve(core, "C", counter=3)
    after = survey.survey_context(3)
    assert after.last_finished is not None and after.last_finished.display == number
    assert after.recent is not None and after.recent.code == "C"
    assert isinstance(core.clock, ManualClock)
    core.clock.advance(minutes=RECENT_MINUTES, seconds=1)
    later = survey.survey_context(3)
    assert later.last_finished is not None and later.recent is None
    with pytest.raises(NotFound):
        survey.survey_context(42)


def _independent(rows: list[tuple[str, dt.date, int | None, dict[str, int]]]) -> dict[str, Any]:
    """Figures straight from the raw rows, in floats, without app.domain.ikm."""
    out: dict[str, Any] = {}
    by: dict[str, list[dict[str, int]]] = {}
    for code, _day, _t, answers in rows:
        by.setdefault(code, []).append(answers)
        by.setdefault("*", []).append(answers)
    for code, group in by.items():
        n = len(group)
        nrr = [sum(a[c] for a in group) / n for c in CODES]
        out[code] = (n, nrr, sum(v / 9 for v in nrr) * 25)
    return out


def test_report_matches_the_raw_rows(core: Core, survey: SurveyService) -> None:
    rnd = random.Random(14)
    assert isinstance(core.clock, ManualClock)
    for _day in range(3):
        for _ in range(rnd.randint(5, 15)):
            code = rnd.choice("ABCD")  # E gets nobody
            survey.record(code, [rnd.choice([2, 3, 3, 4, 4]) for _ in CODES])
        core.clock.advance(hours=24)
    rows = _rows(core)
    days = sorted({r[1] for r in rows})
    report = survey.ikm_report(date_from=days[0], date_to=days[-1])
    expected = _independent(rows)
    assert [s.code for s in report.services] == ["A", "B", "C", "D", "E"]
    for item in report.services:
        if item.code not in expected:
            assert item.summary.respondents == 0 and item.summary.index is None
            continue
        n, nrr, index = expected[item.code]
        assert item.summary.respondents == n
        assert item.summary.nrr is not None and item.summary.index is not None
        assert [float(v) for v in item.summary.nrr] == pytest.approx(nrr)
        assert float(item.summary.index) == pytest.approx(index)
    n, nrr, index = expected["*"]
    assert report.total.respondents == n == len(rows)
    assert report.total.index is not None and float(report.total.index) == pytest.approx(index)
    # One day, one service.
    middle = [r for r in rows if r[1] == days[1] and r[0] == "B"]
    one = survey.ikm_report(date_from=days[1], date_to=days[1], service="b")
    assert one.service == "B" and [s.code for s in one.services] == ["B"]
    assert one.total.respondents == len(middle)
    if middle:
        assert one.total.index is not None
        assert float(one.total.index) == pytest.approx(_independent(middle)["B"][2])


def test_report_exact_figures_and_refusals(core: Core, survey: SurveyService) -> None:
    for answers in ([4] * 9, [4] * 9, [4] * 9, [3] * 9, [3, 3, 3, 3, 3, 3, 2, 2, 2]):
        survey.record("A", answers)
    today = dt.date(2026, 11, 23)
    report = survey.ikm_report(date_from=today, date_to=today)
    assert report.total.index == Fraction(159 * 25, 45)
    assert str(report.total.index_rounded) == "88.33"
    assert report.total.grade is not None and report.total.grade.letter == "A"
    assert str(report.total.index_0111_rounded) == "88.25"
    empty = survey.ikm_report(date_from=today - dt.timedelta(days=30), date_to=today.replace(day=1))
    assert empty.total.respondents == 0 and empty.total.grade is None
    with pytest.raises(InvalidSetting):
        survey.ikm_report(date_from=today, date_to=today - dt.timedelta(days=1))
    with pytest.raises(NotFound):
        survey.ikm_report(date_from=today, date_to=today, service="Q")
