"""A survey answer recorded at the hall reaches a real HQ process through the sync outbox."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.services.queue import QueueService
from app.services.survey import SurveyService
from hq.db import FeedbackRow
from tests.hq.server import HqServer, hq_server
from tests.sync.hall import new_hall
from tests.sync.test_faults import drain, make_worker

__all__ = ["hq_server"]  # the fixture: a real HQ server process (SQLite and PostgreSQL)


def _staff(fn: Callable[..., Any]) -> dict[str, Any]:
    if "actor" not in inspect.signature(fn).parameters:
        return {}
    from app.domain.roles import Actor, Role

    return {"actor": Actor(user_id=None, username="sync-test", role=Role.ADMIN)}


def test_a_survey_row_reaches_hq(hq_server: HqServer, tmp_path: Path) -> None:
    hall = new_hall(tmp_path)
    queue = QueueService(hall.uow, hall.clock)
    queue.issue_ticket("B", printed=False)
    queue.call_next(2, **_staff(queue.call_next))
    finished = queue.finish(2, **_staff(queue.finish))
    survey = SurveyService(hall.uow, hall.clock)
    linked = survey.record("B", [4, 4, 3, 4, 4, 3, 4, 4, 4], ticket=finished.display)
    plain = survey.record("A", [1, 2, 3, 4, 1, 2, 3, 4, 1])
    hall_id, token = hq_server.add_hall("Polres Survei Sinkron")
    worker, outbox, client = make_worker(hall, hq_server.url, hall_id, token)
    try:
        assert drain(worker)[-1].problem is None
    finally:
        client.close()
    assert outbox.load_state().last_acked_feedback_id == plain.id
    engine = hq_server.engine()
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(FeedbackRow).where(FeedbackRow.hall_id == hall_id).order_by("feedback_id")
            ).all()
    finally:
        engine.dispose()
    got = [
        (r.feedback_id, r.service, r.ticket_id, [getattr(r, f"u{i}") for i in range(1, 10)])
        for r in rows
    ]
    assert got == [
        (linked.id, "B", finished.id, [4, 4, 3, 4, 4, 3, 4, 4, 4]),
        (plain.id, "A", None, [1, 2, 3, 4, 1, 2, 3, 4, 1]),
    ]
    assert {r.business_date for r in rows} == {linked.business_date}
