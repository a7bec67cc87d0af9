"""The rollups kept at ingest give the replay's figures (``hq.stats``): under replayed
batches, out-of-order batches, events days late and gaps of a parent epoch repaired after
its restored child sent; and ``rebuild`` gives them again from the events.

Tolerance: a one-hall summary must equal the replay exactly (no tolerance); a many-hall
summary exactly in its counts, shares and per-day rows, and within
``BINNED_TOLERANCE_MIN`` (0.06 minute: the 0.1-minute bins' 0.05 plus rounding to two
decimals) in its period rows' median and p90 (``history.assert_binned_close``)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from app.sync.facts import median_sorted, quantile_sorted
from app.sync.payload import Batch
from hq import admin, rollups, stats
from hq.db import StatsDaily, StatsPeriod, TicketFact, init_db, make_engine, make_sessionmaker
from hq.ingest import store_batch
from tests.hq.history import FIRST_DAY, assert_binned_close, hall_history
from tests.hq.server import backends, database_url, hq_cli

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
DAYS = 4


@pytest.fixture(params=backends())
def factory(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    urls = database_url(request.param, tmp_path)
    engine = make_engine(next(urls))
    init_db(engine)
    try:
        yield make_sessionmaker(engine)
    finally:
        engine.dispose()
        next(urls, None)


def _send(factory: sessionmaker[Session], hall_id: str, body: dict[str, Any]) -> None:
    full = dict(body, hall_id=hall_id, sent_at=NOW.isoformat())
    store_batch(factory, hall_id, Batch.model_validate(full), NOW)


def _periods() -> list[tuple[dt.date, dt.date]]:
    day = dt.timedelta(days=1)
    last = FIRST_DAY + (DAYS - 1) * day
    return [
        (FIRST_DAY, last + 5 * day),
        *[(FIRST_DAY + n * day, FIRST_DAY + n * day) for n in range(DAYS)],
        (FIRST_DAY + day, last),
        (FIRST_DAY - 3 * day, FIRST_DAY),
        # Read as weeks and months, some less a few days (rollups.cover):
        (FIRST_DAY + day, FIRST_DAY + 5 * day),  # a week less two days, one with tickets
        (FIRST_DAY - 2 * day, FIRST_DAY + 26 * day),  # October less its 1st and 2nd
        (dt.date(2026, 9, 1), dt.date(2026, 11, 30)),  # three months
    ]


def _same(factory: sessionmaker[Session], halls: list[str]) -> None:
    for start, end in _periods():
        assert_binned_close(
            rollups.summarise(factory, start, end), stats.replay_summarise(factory, start, end)
        )
    start, end = _periods()[0]
    for hall in halls:
        expected = stats.replay_summarise(factory, start, end, hall_id=hall)
        assert rollups.summarise(factory, start, end, hall_id=hall) == expected


def test_rollups_equal_the_replay_under_replays_disorder_late_events_and_gaps(
    factory: sessionmaker[Session],
) -> None:
    rng = random.Random(15)
    halls = [admin.add_hall(factory, f"Polres {n}", NOW).id for n in range(3)]
    uploads: list[tuple[str, dict[str, Any]]] = []
    held_back: list[tuple[str, dict[str, Any]]] = []
    for n, hall in enumerate(halls):
        batches = hall_history(rng, DAYS, 45, restore=n > 0)
        if n > 0:  # the parent's batch with the most issued events comes after the child's
            parents = [b for b in batches if b.get("parent_epoch") is None]
            gap = max(parents, key=lambda b: sum(e["kind"] == "issued" for e in b["events"]))
            batches.remove(gap)
            held_back.append((hall, gap))
        uploads += [(hall, b) for b in batches]
    rng.shuffle(uploads)
    uploads += rng.sample(uploads, len(uploads) // 4)  # replays
    uploads += held_back
    for i, (hall, body) in enumerate(uploads):
        _send(factory, hall, body)
        if i % 40 == 0:
            start, end = _periods()[0]
            assert_binned_close(
                rollups.summarise(factory, start, end), stats.replay_summarise(factory, start, end)
            )
    _same(factory, halls)
    summary = rollups.summarise(factory, *_periods()[0])
    assert {r["hall_id"] for r in summary["rows"]} == set(halls)
    assert sum(r["no_show"] for r in summary["rows"]) > 0
    assert sum(r["expired"] for r in summary["rows"]) > 0

    with factory() as session:
        facts = session.scalar(select(func.count()).select_from(TicketFact))
        days = session.scalar(select(func.count()).select_from(StatsDaily))
    with factory.begin() as session:
        assert rollups.rebuild(session) == facts
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(StatsDaily)) == days
    _same(factory, halls)


@pytest.fixture(params=backends())
def hq_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    urls = database_url(request.param, tmp_path)
    yield next(urls)
    next(urls, None)


def test_rebuild_stats_command_restores_lost_rollups(hq_url: str) -> None:
    hq_cli(hq_url, "init")
    engine = make_engine(hq_url)
    try:
        factory = make_sessionmaker(engine)
        hall = admin.add_hall(factory, "Polres Bangun", NOW).id
        for body in hall_history(random.Random(3), 2, 20, restore=False):
            _send(factory, hall, body)
        before = rollups.summarise(factory, *_periods()[0])
        assert before["rows"]
        with factory.begin() as session:
            session.execute(delete(StatsDaily))
            session.execute(delete(StatsPeriod))
        assert rollups.summarise(factory, *_periods()[0])["rows"] == []
        out = hq_cli(hq_url, "--lang", "en", "rebuild-stats", "--hall", hall)
        assert "Statistics rebuilt: 40" in out
        assert rollups.summarise(factory, *_periods()[0]) == before
    finally:
        engine.dispose()


def test_binned_quantiles_stay_within_half_a_bin_and_exact_ones_are_bit_for_bit() -> None:
    """The many-hall path (histograms of 0.1-minute bins, days taken off a month) is within
    0.05 minute of the exact quantile, before rounding; the one-hall path (float64) gives
    the very floats of sorting. A histogram is never larger than 2 bytes a value nor 4
    bytes an occupied bin."""
    rng = random.Random(15)
    for n in (1, 2, 3, 10, 61, 1000):
        days = [[rng.expovariate(1 / 12) for _ in range(n)] for _ in range(3)]
        values = sorted(v for day in days for v in day)
        exact = [median_sorted(values), quantile_sorted(values, 0.9)]
        got = rollups._ranked([rollups.pack(d) for d in days], (0.5, 0.9))
        assert got == exact
        hists = [rollups.pack_hist(d) for d in days]
        extra = rollups.pack_hist([rng.uniform(0, 30) for _ in range(n)])
        month = rollups._encode(*rollups.merge_hists([*hists, extra]))
        groups = [(hists, []), ([b""], []), ([month], [extra]), ([extra], [])]
        together = rollups._ranked_hists(groups, (0.5, 0.9))
        assert together[1] == [None, None]
        assert together[3] == rollups._ranked_hists([groups[3]], (0.5, 0.9))[0]
        joined = [([b"".join(hists)], []), ([extra], [])]  # as string_agg gives them
        assert rollups._ranked_hists(joined, (0.5, 0.9)) == [together[0], together[3]]
        alone = [([month], []), ([b""], []), ([extra], [])]  # one histogram each
        assert rollups._ranked_hists(alone, (0.5, 0.9), whole=True) == (
            rollups._ranked_hists(alone, (0.5, 0.9))
        )
        for binned in (together[0], together[2]):
            for b, e in zip(binned, exact, strict=True):
                assert b is not None and e is not None
                assert abs(b - e) <= rollups.BIN / 2 + 1e-9
        bins = {round(v * 10) for v in values}
        assert len(month) - len(extra) <= min(2 * len(values), 4 * len(bins)) + 4 * n
    assert rollups._ranked_hists([([b"", b""], [])], (0.5,)) == [[None]]
    crowded = rollups.pack_hist([1.0] * 70_000 + [2.0])  # counts above 32,767 split
    assert rollups.merge_hists([crowded])[1].tolist() == [70_000, 1]
    for whole in (False, True):
        assert rollups._ranked_hists([([crowded], [])], (0.5,), whole) == [[1.0]]


def test_a_period_is_covered_by_months_weeks_and_days_counting_each_day_once() -> None:
    rng = random.Random(7)
    for _ in range(200):
        start = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(400))
        end = start + dt.timedelta(days=rng.choice((0, 1, 6, 13, 29, 30, 45, 90, 364)))
        counted: dict[dt.date, int] = {}
        for (span, first), sign in rollups.cover(start, end).items():
            last = first if span == "day" else rollups._last_day(span, first)
            day = first
            while day <= last:
                counted[day] = counted.get(day, 0) + sign
                day += dt.timedelta(days=1)
        assert {d for d, n in counted.items() if n} == {
            start + dt.timedelta(days=i) for i in range((end - start).days + 1)
        }
        assert all(n in (0, 1) for n in counted.values())
    parts = rollups.cover(dt.date(2026, 10, 2), dt.date(2026, 10, 31))
    assert parts == {("month", dt.date(2026, 10, 1)): 1, ("day", dt.date(2026, 10, 1)): -1}
