"""An HQ database from before epochs is brought up to date by ``antrean-hq init``/``serve``."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, Index, MetaData, Table, UniqueConstraint, insert, inspect, select

from app.sync.payload import Batch
from hq import stats
from hq.db import (
    MIGRATIONS_DIR,
    SCHEMA_HEAD,
    Base,
    EventRow,
    FeedbackRow,
    TicketFact,
    init_db,
    make_engine,
    make_sessionmaker,
)
from hq.ingest import store_batch
from tests.hq.history import assert_binned_close
from tests.hq.payloads import START, batch, served_ticket
from tests.hq.server import backends, database_url

NOW = dt.datetime(2026, 11, 3, tzinfo=dt.UTC)
NEW_COLUMNS = {"epoch", "clock_ahead"}
# Tables and indexes the migrations added after ``create_all``.
NEW_TABLES = {"ticket_facts", "stats_daily", "stats_period", "login_backoff", "login_trusted"}
NEW_INDEXES = {"ix_events_hall_ticket"}


NEW_HALL_COLUMNS = {"region"}


def _old_halls(old: MetaData) -> None:
    columns: list[Any] = [
        c._copy() for c in Base.metadata.tables["halls"].columns if c.name not in NEW_HALL_COLUMNS
    ]
    Table("halls", old, *columns)


def _create_all_schema() -> MetaData:
    """The tables as ``create_all`` made them before Alembic (epochs, no rollups)."""
    old = MetaData()
    _old_halls(old)
    for table in Base.metadata.sorted_tables:
        if table.name not in NEW_TABLES and table.name != "halls":
            copy = table.to_metadata(old)
            for index in list(copy.indexes):
                if index.name in NEW_INDEXES:
                    copy.indexes.discard(index)
    return old


def _old_schema() -> MetaData:
    """The tables as HQ created them before epochs (unique hall × seq, no epoch column)."""
    old = MetaData()
    _old_halls(old)
    for table in Base.metadata.sorted_tables:
        if table.name in ("events", "feedback", "halls") or table.name in NEW_TABLES:
            continue
        table.to_metadata(old)
    for name, key, unique in (
        ("events", "uq_events_hall_seq", ("hall_id", "seq")),
        ("feedback", "uq_feedback_hall_id", ("hall_id", "feedback_id")),
    ):
        columns: list[Any] = [
            c._copy() for c in Base.metadata.tables[name].columns if c.name not in NEW_COLUMNS
        ]
        extra: list[Any] = [UniqueConstraint(*unique, name=key)]
        if name == "events":
            extra += [
                Index("ix_events_hall_date", "hall_id", "business_date"),
                Index("ix_events_date", "business_date"),
            ]
        Table(name, old, *columns, *extra)
    return old


@dataclass
class _OldHall:
    id: str


def _old_hall(engine: Engine) -> _OldHall:
    """A hall registered by an HQ of that time (its ``halls`` table has no region)."""
    hall_id = str(uuid.uuid4())
    halls = Table("halls", MetaData(), autoload_with=engine)
    with engine.begin() as conn:
        conn.execute(
            insert(halls).values(
                id=hall_id, name="Polres Lama", created_at=NOW, max_seq=0, max_feedback_id=0
            )
        )
    return _OldHall(hall_id)


@pytest.fixture(params=backends())
def old_hq(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    urls = database_url(request.param, tmp_path)
    url = next(urls)
    yield url
    next(urls, None)


def test_events_of_an_hq_from_before_epochs_become_the_legacy_epoch(old_hq: str) -> None:
    engine = make_engine(old_hq)
    try:
        _old_schema().create_all(engine)
        factory = make_sessionmaker(engine)
        hall = _old_hall(engine)
        events = served_ticket(1, 1, START, 2, 2)
        with engine.begin() as conn:
            old_events = _old_schema().tables["events"]
            conn.execute(
                insert(old_events).values(
                    hall_id=hall.id,
                    seq=1,
                    kind="issued",
                    at=START,
                    received_at=NOW,
                    payload_hash="x" * 64,
                )
            )
        init_db(engine)
        init_db(engine)  # idempotent
        with engine.connect() as conn:
            rows = conn.execute(select(EventRow.epoch, EventRow.seq, EventRow.clock_ahead)).all()
        assert [tuple(r) for r in rows] == [("", 1, False)]
        epoch = "0b7e0d54-6a53-4f55-9d5c-0c3c1b6d0f11"
        body = dict(batch(hall.id, events), schema_version=2, epoch=epoch, after=0)
        ack = store_batch(factory, hall.id, Batch.model_validate(body), NOW)
        assert ack.stored == len(events) and ack.acked_seq == len(events)
        with engine.connect() as conn:
            keys = conn.execute(select(EventRow.epoch, EventRow.seq).order_by("epoch", "seq"))
            assert [tuple(k) for k in keys][:2] == [("", 1), (epoch, 1)]
            assert conn.execute(select(FeedbackRow.epoch)).all() == []
    finally:
        engine.dispose()


def test_an_hq_made_by_create_all_is_adopted_and_its_statistics_are_built(old_hq: str) -> None:
    engine = make_engine(old_hq)
    try:
        _create_all_schema().create_all(engine)
        factory = make_sessionmaker(engine)
        hall = _old_hall(engine)
        with engine.begin() as conn:
            for item in served_ticket(1, 1, START, 5, 7) + served_ticket(5, 2, START, 9, 3):
                tk = item["ticket"]
                conn.execute(
                    insert(EventRow).values(
                        hall_id=hall.id,
                        epoch="",
                        seq=item["seq"],
                        kind=item["kind"],
                        at=dt.datetime.fromisoformat(item["at"]),
                        received_at=NOW,
                        ticket_id=tk["id"],
                        service=tk["service"],
                        business_date=dt.date.fromisoformat(tk["business_date"]),
                        priority=tk["priority"],
                        target_minutes=tk["target_minutes"],
                        counter=item["counter"],
                        outcome=(item.get("data") or {}).get("outcome"),
                        payload_hash="x" * 64,
                    )
                )
        init_db(engine)
        init_db(engine)  # idempotent
        day = START.date()
        summary = stats.summarise(factory, day, day)
        assert_binned_close(summary, stats.replay_summarise(factory, day, day))
        row = summary["rows"][0]
        assert (row["issued"], row["served"], row["wait_median_min"]) == (2, 2, 7.0)
        with engine.connect() as conn:
            assert conn.execute(select(TicketFact.ticket_id)).scalars().all() == [1, 2]
            names = {i["name"] for i in inspect(conn).get_indexes("events")}
            assert names >= NEW_INDEXES
    finally:
        engine.dispose()


def test_schema_head_is_the_newest_migration() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(cfg).get_current_head() == SCHEMA_HEAD


def test_rollup_rows_from_before_the_histograms_get_them_from_their_values(old_hq: str) -> None:
    """Migration 0007 on a database at 0006 (rollup rows with one bin number a value, no
    week or month rows): it makes the histograms from the exact values, drops the bins and
    adds the weeks and months, so summaries read as on rows written at ingest. Through
    0005 too (0006 then 0007)."""
    from alembic import command
    from alembic.config import Config

    from hq import admin, rollups
    from hq.db import StatsDaily, StatsPeriod

    engine = make_engine(old_hq)
    try:
        init_db(engine)
        factory = make_sessionmaker(engine)
        hall = admin.add_hall(factory, "Polres Bin", NOW).id
        events = [
            e
            for n, wait in enumerate((3.04, 7.26, 12.5, 0.0, 41.97, 7.26))
            for e in served_ticket(4 * n + 1, n + 1, START, wait, 5.55 + n)
        ]
        store_batch(factory, hall, Batch.model_validate(batch(hall, events)), NOW)
        day = START.date()
        month = (day.replace(day=1), day + dt.timedelta(days=40))

        def state() -> tuple[Any, ...]:
            with factory.begin() as session:
                daily = select(StatsDaily.wait_hist, StatsDaily.service_hist)
                periods = select(*StatsPeriod.__table__.columns).order_by(StatsPeriod.span)
                return (
                    session.execute(daily).all(),
                    [tuple(r) for r in session.execute(periods)],
                    stats.summarise(factory, *month),
                )

        before = state()
        assert len(before[1]) == 2  # a week and a month
        assert before[0][0][0] == rollups.pack_hist([3.04, 7.26, 12.5, 0.0, 41.97, 7.26])
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        for previous in ("0006", "0005"):
            with engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.downgrade(cfg, previous)
                columns = {c["name"] for c in inspect(conn).get_columns("stats_daily")}
                assert "wait_hist" not in columns
                assert ("wait_bins" in columns) == (previous == "0006")
                assert "stats_period" not in inspect(conn).get_table_names()
            init_db(engine)
            assert state() == before
        assert_binned_close(
            stats.summarise(factory, day, day), stats.replay_summarise(factory, day, day)
        )
    finally:
        engine.dispose()
