"""The hall database's identity: created with it, and kept apart from older history."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import insert, select

from app.storage.migrate import alembic_config, migrate
from app.storage.models import Feedback, Service, SyncEpoch
from hq.db import FeedbackRow
from tests.hq.server import HqServer
from tests.sync.hall import Hall, hall_keys, new_hall, server_keys
from tests.sync.test_faults import drain, make_worker


def _epochs(engine: object) -> list[tuple[str, int, str | None]]:
    with engine.connect() as conn:  # type: ignore[attr-defined]
        rows = conn.execute(select(SyncEpoch.id, SyncEpoch.start_seq, SyncEpoch.parent))
        return [(str(i), int(s), p) for i, s, p in rows]


def test_a_new_database_has_one_epoch_from_seq_one(tmp_path: Path) -> None:
    hall = new_hall(tmp_path)
    [(epoch, start, parent)] = _epochs(hall.engine)
    assert len(epoch) == 36 and start == 1 and parent is None
    other = new_hall(tmp_path / "other")
    assert _epochs(other.engine)[0][0] != epoch  # a reinstall is somebody else


def test_an_upgraded_database_keeps_its_history_in_the_legacy_epoch(
    hq_server: HqServer, tmp_path: Path
) -> None:
    hall = new_hall(tmp_path)
    hall.simulate(12)
    command.downgrade(alembic_config(hall.url), "0002")  # as it was before epochs
    top = max(hall.seqs())
    migrate(hall.engine)
    epochs = _epochs(hall.engine)
    assert [(e[1], e[2]) for e in sorted(epochs, key=lambda e: e[1])] == [(1, None), (top + 1, "")]
    hall.simulate(6, first=12)
    hall_id, token = hq_server.add_hall("Polres Tingkatkan")
    worker, _outbox, client = make_worker(hall, hq_server.url, hall_id, token)
    reports = drain(worker)
    client.close()
    assert reports[-1].problem is None
    keys = server_keys(hq_server, hall_id)
    assert keys == hall_keys(hall)
    assert {epoch for epoch, seq in keys if seq <= top} == {""}


def _add_feedback(hall: Hall, count: int) -> None:
    answers = {f"U{i}": 1 + i % 4 for i in range(1, 10)}
    with hall.engine.begin() as conn:
        service_id = conn.execute(select(Service.id).where(Service.code == "A")).scalar_one()
        for _ in range(count):
            conn.execute(
                insert(Feedback).values(
                    at=hall.clock.now(),
                    service_id=service_id,
                    business_date=hall.clock.now().date(),
                    ticket_id=None,
                    answers=answers,
                )
            )


def _hq_feedback(server: HqServer, hall_id: str) -> list[tuple[str, int]]:
    engine = server.engine()
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(FeedbackRow.epoch, FeedbackRow.feedback_id).where(
                    FeedbackRow.hall_id == hall_id
                )
            )
            return sorted((str(e), int(i)) for e, i in rows)
    finally:
        engine.dispose()


def test_feedback_of_a_reinstalled_hall_is_kept_beside_the_old(
    hq_server: HqServer, tmp_path: Path
) -> None:
    old, fresh = new_hall(tmp_path / "old"), new_hall(tmp_path / "new")
    hall_id, token = hq_server.add_hall("Polres Survei")
    for hall in (old, fresh):
        hall.simulate(2)
        _add_feedback(hall, 3)  # ids 1..3 in both databases
        worker, outbox, client = make_worker(hall, hq_server.url, hall_id, token)
        assert drain(worker)[-1].problem is None
        assert outbox.load_state().last_acked_feedback_id == 3
        client.close()
    epochs = [_epochs(h.engine)[0][0] for h in (old, fresh)]
    assert _hq_feedback(hq_server, hall_id) == sorted((e, i) for e in epochs for i in (1, 2, 3))
