"""Statistics kept up to date at ingest: one fact row per ticket, one rollup row per
hall × service × business day. The read API adds rollup rows; it never replays events.

Meaning is that of the replay in ``hq.stats`` (definitions in ``app.sync.facts``): a
ticket's fact is its events replayed in seq order, with the same owner rule across
epochs. When a batch stores events, every ticket they touch is replayed again from all
its stored events (``refresh``): a replay, an out-of-order batch, a late ``expired`` or
the repair of a gap in a parent epoch gives the same fact as if everything had come in
order. The rollup rows of the days those facts belong to (before and after) are then
recomputed from their facts.

A day row (hall × service × business day, ``StatsDaily``) keeps counts, the day's exact
quantiles, and the day's waits and service times twice: as packed sorted float64 arrays (8
bytes a value), and as a sparse histogram of ``BIN`` = 0.1-minute bins (``pack_hist``:
uint16 words, a bin counted once is its number, a bin counted more is its number with the
top bit set followed by its count; so a histogram takes at most 2 bytes a value and at
most 4 bytes an occupied bin, and joining two adds them). The day rows of each ISO week
and calendar month are added into a ``StatsPeriod`` row (counts summed, histograms
merged), recomputed with its days at ingest. Which one a period reads:

- a summary of **one hall** (``hall_id``: ``/api/v1/halls/{id}/summary``, any period) merges
  the day rows' float64 arrays: its period median and p90 are **exact** (equal to the
  replay);
- a summary of **many halls** (national, a Polda, any ``hall_ids``) reads the period as
  months and weeks, plus or minus a few days (``cover``: October 2–31 is October less
  October 1st), and merges their histograms: its period median and p90 are those of the
  values rounded to the nearest 0.1 minute, so each is **within 0.05 minute** of the exact
  figure (rounding moves every value by at most 0.05, which moves every order statistic and
  any interpolation between two of them by at most 0.05), i.e. within 0.06 after both are
  rounded to two decimals. Bin numbers stop at 32,767 (3,276.7 minutes, 54.6 hours; no
  wait or service inside a business day reaches it). Its counts come from the same rows,
  added and taken off, so they are exact;
- the **per-day** rows (hall × service × day) are always exact (the quantiles stored at
  ingest), as are every count and share.

Rows read by a many-hall summary grow with halls × services × (months + weeks + edge days)
of the period; their bytes with the occupied bins (at most the values, at most ~1,000 bins
for the waits of a busy month), not with the tickets beyond that. The quantiles are found
by counting through the merged histograms (``_ranked_hists``, every hall × service at
once), the one-hall ones by selecting only the ranks they need (``numpy.partition``), never
by sorting values in Python.

``rebuild`` drops every fact and rollup row and refreshes all tickets from the raw
events (``antrean-hq rebuild-stats``; the Alembic data migration that adds the tables).
"""

from __future__ import annotations

import datetime as dt
import math
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
from sqlalchemy import and_, delete, func, literal_column, or_, select, tuple_
from sqlalchemy.orm import Session, sessionmaker

from app.sync.facts import (
    Story,
    apply,
    median_sorted,
    quantile,
    result,
    round2,
    wait_minutes,
)
from hq.db import (
    STATS_COUNTS,
    EventRow,
    Hall,
    HallEpoch,
    StatsDaily,
    StatsPeriod,
    TicketFact,
    bulk_insert,
    reading,
)
from hq.stats import _Owners

CHUNK = 500
_EVENT_COLUMNS = (
    EventRow.hall_id,
    EventRow.epoch,
    EventRow.seq,
    EventRow.kind,
    EventRow.at,
    EventRow.ticket_id,
    EventRow.service,
    EventRow.business_date,
    EventRow.priority,
    EventRow.target_minutes,
    EventRow.outcome,
    EventRow.counter,
)


def pack(values: Iterable[float]) -> bytes:
    return array("d", sorted(values)).tobytes()


BINS_PER_MINUTE = 10
BIN = 1 / BINS_PER_MINUTE  # 0.1 minute: the width of a histogram bin (module docstring)
TOP_BIN = 0x7FFF  # 3,276.7 minutes (54.6 hours); larger values count in this bin
_REPEATED = 0x8000
_MAX_COUNT = 0x7FFF


def _encode(bins: np.ndarray[Any, Any], counts: np.ndarray[Any, Any]) -> bytes:
    """A histogram (ascending distinct bin numbers, their counts ≥ 1) as uint16 words: a
    bin counted once is its number; a bin counted more is its number with the top bit set,
    then the count. Size: 2 bytes a value at most, 4 bytes an occupied bin at most."""
    if len(counts) and int(counts.max()) > _MAX_COUNT:  # rare: the bin again, with the rest
        split_bins: list[int] = []
        split_counts: list[int] = []
        for b, c in zip(bins.tolist(), counts.tolist(), strict=True):
            while c > _MAX_COUNT:
                split_bins.append(b)
                split_counts.append(_MAX_COUNT)
                c -= _MAX_COUNT
            split_bins.append(b)
            split_counts.append(c)
        bins, counts = np.array(split_bins), np.array(split_counts)
    many = counts > 1
    words = np.empty(len(bins) + int(many.sum()), dtype="<u2")
    place = np.arange(len(bins)) + np.concatenate(([0], np.cumsum(many)[:-1])).astype(np.int64)
    words[place] = bins.astype(np.uint32) | (many.astype(np.uint32) << 15)
    words[place[many] + 1] = counts[many]
    return words.tobytes()


def _bins_of(values: Iterable[float]) -> np.ndarray[Any, Any]:
    """Each value's 0.1-minute bin (value × 10 rounded to the nearest, as ``round``)."""
    return np.minimum(np.rint(np.fromiter(values, dtype=np.float64) * BINS_PER_MINUTE), TOP_BIN)


def pack_hist(values: Iterable[float]) -> bytes:
    """Values (minutes, never negative) as a sparse histogram of 0.1-minute bins."""
    bins, counts = np.unique(_bins_of(values).astype(np.int64), return_counts=True)
    return _encode(bins, counts)


def unpack_hist(data: bytes) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Bin numbers and counts of one or more histograms joined end to end (each is whole
    words, so joining is adding); a bin may appear more than once."""
    words = np.frombuffer(data, dtype="<u2")
    repeated = words >= _REPEATED
    is_count = np.zeros(len(words), dtype=bool)
    is_count[1:] = repeated[:-1]
    keep = ~is_count
    bins = (words[keep] & TOP_BIN).astype(np.int64)
    counts = np.ones(len(bins), dtype=np.int64)
    counts[repeated[keep]] = words[np.flatnonzero(repeated) + 1]
    return bins, counts


def merge_hists(
    plus: Iterable[bytes], minus: Iterable[bytes] = ()
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """The histogram ``plus`` added minus ``minus`` (days outside a period taken off the
    week or month that holds them): ascending distinct bins and their counts (> 0)."""
    pb, pc = unpack_hist(b"".join(plus))
    mb, mc = unpack_hist(b"".join(minus))
    if len(mb):
        pb, pc = np.concatenate((pb, mb)), np.concatenate((pc, -mc))
    bins, where = np.unique(pb, return_inverse=True)
    counts = np.bincount(where, weights=pc, minlength=len(bins)).astype(np.int64)
    keep = counts > 0
    return bins[keep], counts[keep]


def unpack(data: bytes | None) -> array[float]:
    out = array("d")
    if data:
        out.frombytes(data)
    return out


def _chunks(items: list[int], size: int = CHUNK) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _fact(hall_id: str, epoch: str, ticket_id: int, t: Story) -> dict[str, Any]:
    wait = wait_minutes(t.issued_at, t.first_called)
    return {
        "hall_id": hall_id,
        "epoch": epoch,
        "ticket_id": ticket_id,
        "service": t.service,
        "business_date": t.business_date,
        "issued_at": t.issued_at,
        "first_called_at": t.first_called,
        "priority": t.priority,
        "target_minutes": t.target,
        "final": t.final,
        "outcome": t.outcome,
        "wait_min": wait,
        "within_target": t.within_target,
        "service_min": pack(t.service_minutes) if t.service_minutes else None,
    }


def refresh(session: Session, hall_id: str, ticket_ids: Iterable[int]) -> int:
    """Replay the tickets ``ticket_ids`` of a hall (every epoch) from their stored events,
    replace their facts and recompute the rollup rows of their days. Returns facts written."""
    ids = sorted(set(ticket_ids))
    if not ids:
        return 0
    links = {
        (hall_id, e.epoch): (e.parent, e.start_seq)
        for e in session.execute(
            select(HallEpoch.epoch, HallEpoch.parent, HallEpoch.start_seq).where(
                HallEpoch.hall_id == hall_id
            )
        )
    }
    days: set[tuple[str, dt.date]] = set()
    written = 0
    for chunk in _chunks(ids):
        owners = _Owners(links)
        tickets: dict[tuple[str, int], Story] = {}
        rows = session.execute(
            select(*_EVENT_COLUMNS)
            .where(EventRow.hall_id == hall_id, EventRow.ticket_id.in_(chunk))
            .order_by(EventRow.seq, EventRow.epoch)
        )
        for row in rows:
            key = (owners.owner(row), row.ticket_id)  # type: ignore[arg-type]
            ticket = tickets.get(key)
            if ticket is None:
                ticket = tickets[key] = Story(row.service, row.business_date)
            apply(ticket, row)
        old = session.execute(
            select(TicketFact.service, TicketFact.business_date).where(
                TicketFact.hall_id == hall_id, TicketFact.ticket_id.in_(chunk)
            )
        )
        days.update((s, d) for s, d in old)
        session.execute(
            delete(TicketFact).where(TicketFact.hall_id == hall_id, TicketFact.ticket_id.in_(chunk))
        )
        facts = [_fact(hall_id, epoch, tid, t) for (epoch, tid), t in tickets.items()]
        bulk_insert(session, TicketFact, facts)
        days.update((f["service"], f["business_date"]) for f in facts)
        written += len(facts)
    _recompute_days(session, hall_id, days)
    return written


def _recompute_days(session: Session, hall_id: str, days: set[tuple[str, dt.date]]) -> None:
    if not days:
        return
    dates = sorted({d for _s, d in days})
    groups: dict[tuple[str, dt.date], list[Any]] = defaultdict(list)
    for fact in session.execute(
        select(
            TicketFact.service,
            TicketFact.business_date,
            TicketFact.final,
            TicketFact.outcome,
            TicketFact.priority,
            TicketFact.wait_min,
            TicketFact.within_target,
            TicketFact.service_min,
        ).where(
            TicketFact.hall_id == hall_id,
            TicketFact.business_date.in_(dates),
            TicketFact.issued_at.is_not(None),
        )
    ):
        if (fact.service, fact.business_date) in days:
            groups[(fact.service, fact.business_date)].append(fact)
    for service, day in days:
        session.execute(
            delete(StatsDaily).where(
                StatsDaily.hall_id == hall_id,
                StatsDaily.service == service,
                StatsDaily.business_date == day,
            )
        )
    rows = [_daily_row(hall_id, s, d, facts) for (s, d), facts in groups.items()]
    bulk_insert(session, StatsDaily, rows)
    recompute_periods(session, hall_id, days)


def week_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _last_day(span: str, first: dt.date) -> dt.date:
    if span == "week":
        return first + dt.timedelta(days=6)
    following = (first + dt.timedelta(days=31)).replace(day=1)
    return following - dt.timedelta(days=1)


def recompute_periods(session: Session, hall_id: str, days: set[tuple[str, dt.date]]) -> None:
    """Recompute the week and month rows (``StatsPeriod``) holding the service × days
    ``days`` of a hall from its day rows: their counts added, their histograms merged."""
    if not days:
        return
    keys = {(s, "week", week_of(d)) for s, d in days} | {(s, "month", month_of(d)) for s, d in days}
    first = min(k[2] for k in keys)
    last = max(_last_day(k[1], k[2]) for k in keys)
    services = sorted({s for s, _d in days})
    found: dict[tuple[str, str, dt.date], list[Any]] = defaultdict(list)
    for r in session.execute(
        select(
            StatsDaily.service,
            StatsDaily.business_date,
            *_COUNT_COLUMNS,
            StatsDaily.wait_hist,
            StatsDaily.service_hist,
        ).where(
            StatsDaily.hall_id == hall_id,
            StatsDaily.service.in_(services),
            StatsDaily.business_date >= first,
            StatsDaily.business_date <= last,
        )
    ):
        for key in ((r[0], "week", week_of(r[1])), (r[0], "month", month_of(r[1]))):
            if key in keys:
                found[key].append(r)
    listed = sorted(keys)
    for start in range(0, len(listed), CHUNK):
        session.execute(
            delete(StatsPeriod).where(
                StatsPeriod.hall_id == hall_id,
                tuple_(StatsPeriod.service, StatsPeriod.span, StatsPeriod.first_day).in_(
                    listed[start : start + CHUNK]
                ),
            )
        )
    rows = []
    for (service, span, first_day), members in sorted(found.items()):
        row: dict[str, Any] = {
            "hall_id": hall_id,
            "service": service,
            "span": span,
            "first_day": first_day,
        }
        for i, name in enumerate(STATS_COUNTS):
            row[name] = sum(m[2 + i] for m in members)
        for name, at in (("wait_hist", 10), ("service_hist", 11)):
            row[name] = _encode(*merge_hists(m[at] or b"" for m in members))
        rows.append(row)
    bulk_insert(session, StatsPeriod, rows)


def _daily_row(hall_id: str, service: str, day: dt.date, facts: list[Any]) -> dict[str, Any]:
    waits = sorted(f.wait_min for f in facts if f.wait_min is not None)
    service_times: list[float] = []
    for f in facts:
        service_times.extend(unpack(f.service_min))
    service_times.sort()
    ended = [result(f.final, f.outcome) for f in facts]
    return {
        "hall_id": hall_id,
        "service": service,
        "business_date": day,
        "issued": len(facts),
        "served": ended.count("served"),
        "no_show": ended.count("no_show"),
        "cancelled": ended.count("cancelled"),
        "expired": ended.count("expired"),
        "called": len(waits),
        "within_target": sum(1 for f in facts if f.within_target),
        "priority": sum(1 for f in facts if f.priority),
        "waits": pack(waits),
        "service_times": pack(service_times),
        "wait_hist": pack_hist(waits),
        "service_hist": pack_hist(service_times),
        "wait_median": median_sorted(waits),
        "wait_p90": quantile(waits, 0.9),
        "service_median": median_sorted(service_times),
    }


def rebuild(session: Session, hall_id: str | None = None) -> int:
    """Drop the facts and rollups (of one hall or all) and refresh them from the events."""
    halls = (
        [hall_id]
        if hall_id is not None
        else list(session.scalars(select(EventRow.hall_id).distinct()))
    )
    total = 0
    for hall in halls:
        session.execute(delete(TicketFact).where(TicketFact.hall_id == hall))
        session.execute(delete(StatsDaily).where(StatsDaily.hall_id == hall))
        session.execute(delete(StatsPeriod).where(StatsPeriod.hall_id == hall))
        ids = [
            tid
            for tid in session.scalars(
                select(EventRow.ticket_id).distinct().where(EventRow.hall_id == hall)
            )
            if tid is not None
        ]
        for chunk in _chunks(sorted(ids), 5000):
            total += refresh(session, hall, chunk)
    return total


class _Period:
    """A hall × service over a period: its counts, and its packed values (float64 arrays
    of its days, or histograms added and taken off) until the quantiles are read."""

    __slots__ = ("counts", "rows", "waits", "service_times", "waits_off", "service_times_off")

    def __init__(self) -> None:
        self.counts = [0] * 8
        self.rows = 0  # rows added (a month, a week, a day)
        self.waits: list[bytes] = []
        self.service_times: list[bytes] = []
        self.waits_off: list[bytes] = []
        self.service_times_off: list[bytes] = []


def _wanted(n: int, qs: tuple[float, ...]) -> list[tuple[int, int, float]]:
    """For each quantile, the two ranks (0-based) it reads and how to combine them: -1 for
    a median's mean (``median_sorted``), else the interpolation fraction (``quantile_sorted``)."""
    wanted: list[tuple[int, int, float]] = []
    for q in qs:
        if q == 0.5:
            low, high = (n // 2, n // 2) if n % 2 else (n // 2 - 1, n // 2)
            wanted.append((low, high, -1.0))
        else:
            pos = (n - 1) * q
            wanted.append((math.floor(pos), math.ceil(pos), pos - math.floor(pos)))
    return wanted


def _combine(wanted: list[tuple[int, int, float]], at: Any, per: int) -> list[float | None]:
    out: list[float | None] = []
    for low, high, frac in wanted:
        a, b = float(at(low)) / per, float(at(high)) / per
        if frac < 0:
            out.append(a if low == high else (a + b) / 2)
        else:
            out.append(a + (b - a) * frac)
    return out


def _ranked(packed: list[bytes], qs: tuple[float, ...]) -> list[float | None]:
    """Quantiles (``median_sorted`` for 0.5, else ``quantile_sorted``) of the float64 values
    packed in ``packed``, by selecting only the ranks they need (``numpy.partition``, linear
    in the values) instead of sorting them in Python: the same floats, bit for bit, as
    sorting and indexing (the interpolation is done on Python floats, as there)."""
    values = np.frombuffer(b"".join(packed), dtype="<f8")
    n = len(values)
    if not n:
        return [None for _ in qs]
    wanted = _wanted(n, qs)
    ranks = sorted({r for low, high, _f in wanted for r in (low, high)})
    chosen = np.partition(values, ranks) if n > 1 else values
    return _combine(wanted, lambda r: chosen[r], 1)


def _ranked_hists(
    groups: list[tuple[list[bytes], list[bytes]]], qs: tuple[float, ...], whole: bool = False
) -> list[list[float | None]]:
    """For each group (histograms added, histograms taken off), the quantiles of ``_ranked``
    of the values they count, each value read as its bin's middle (within 0.05 minute of
    itself). All groups at once, in a handful of numpy operations over their entries: the
    cost grows with the occupied bins, not with the values they count. ``whole``: each
    group is at most one histogram, added (nothing to merge, no sort)."""
    blobs: list[bytes] = []
    owners: list[int] = []
    signs: list[int] = []
    for g, (plus, minus) in enumerate(groups):
        for sign, parts in ((1, plus), (-1, minus)):
            for blob in parts:
                if blob:
                    blobs.append(blob)
                    owners.append(g)
                    signs.append(sign)
    out: list[list[float | None]] = [[None for _ in qs] for _ in groups]
    if not blobs:
        return out
    words = np.frombuffer(b"".join(blobs), dtype="<u2")
    lengths = np.fromiter((len(b) // 2 for b in blobs), dtype=np.int64, count=len(blobs))
    repeated = words >= _REPEATED
    is_count = np.zeros(len(words), dtype=bool)
    is_count[1:] = repeated[:-1]  # the word after a repeated bin is its count
    if whole:  # one histogram a group (a month alone, say): count through its words
        # A bin counted once adds 1, a repeated bin 0 and the count after it its count.
        below = np.cumsum(np.where(is_count, words, ~repeated), dtype=np.int64)
        final = np.cumsum(lengths) - 1
        first = final - lengths + 1
        present = np.asarray(owners, dtype=np.int64)

        def bin_at(at: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
            return np.asarray(np.where(is_count[at], words[at - 1], words[at]) & TOP_BIN)

    else:
        keep = ~is_count
        bins = (words[keep] & TOP_BIN).astype(np.int64)
        counts = np.ones(len(bins), dtype=np.int64)
        counts[repeated[keep]] = words[1:][repeated[:-1]]
        by_word = np.repeat(np.arange(len(blobs)), lengths)[keep]
        counts *= np.asarray(signs, dtype=np.int64)[by_word]
        key = (np.asarray(owners, dtype=np.int64)[by_word] << 15) | bins
        order = np.argsort(key, kind="stable")
        key, counts = key[order], counts[order]
        below = np.cumsum(counts)
        last = np.append(np.flatnonzero(key[1:] != key[:-1]), len(key) - 1)
        key, below = key[last], below[last]  # per (group, bin): values counted up to it
        group = key >> 15
        bin_of = key & TOP_BIN
        change = np.flatnonzero(group[1:] != group[:-1])
        first = np.concatenate(([0], change + 1))
        final = np.concatenate((change, [len(group) - 1]))
        present = group[first]

        def bin_at(at: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
            return np.asarray(bin_of[at])

    base = np.where(first > 0, below[np.maximum(first - 1, 0)], 0)
    n = below[final] - base
    results: list[np.ndarray[Any, Any]] = []
    for q in qs:
        if q == 0.5:
            low, high = np.where(n % 2 == 1, n // 2, n // 2 - 1), n // 2
        else:
            pos = (n - 1) * q
            low, high = np.floor(pos).astype(np.int64), np.ceil(pos).astype(np.int64)
        a = bin_at(np.searchsorted(below, base + low, side="right")) / BINS_PER_MINUTE
        b = bin_at(np.searchsorted(below, base + high, side="right")) / BINS_PER_MINUTE
        if q == 0.5:
            results.append(np.where(low == high, a, (a + b) / 2))
        else:
            results.append(a + (b - a) * (pos - np.floor(pos)))
    for i, g in enumerate(present.tolist()):
        if n[i] > 0:
            out[g] = [float(r[i]) for r in results]
    return out


def _out(
    hall: str,
    name: str,
    service: str,
    day: str | None,
    counts: list[int],
    wait_median: float | None,
    wait_p90: float | None,
    service_median: float | None,
) -> dict[str, Any]:
    """One row as ``dataclasses.asdict(Summary(...))`` gives it (built directly: asdict
    costs ~50 µs a row, too much for the 75,000 daily rows of a national month)."""
    issued, served, no_show, cancelled, expired, called, within, priority = counts
    return {
        "hall_id": hall,
        "hall_name": name,
        "service": service,
        "business_date": day,
        "issued": issued,
        "served": served,
        "no_show": no_show,
        "cancelled": cancelled,
        "expired": expired,
        "called": called,
        "wait_median_min": wait_median,
        "wait_p90_min": wait_p90,
        "service_median_min": service_median,
        "within_target_pct": round2(100.0 * within / called) if called else None,
        "priority_pct": round2(100.0 * priority / issued) if issued else None,
    }


_COUNT_COLUMNS = tuple(getattr(StatsDaily, name) for name in STATS_COUNTS)


def _periods(session: Session, filters: list[Any]) -> dict[tuple[str, str], _Period]:
    """Counts and merged float64 values per hall × service over day rows (one hall's exact
    path). PostgreSQL adds the counts and joins the packed arrays itself (one row per hall ×
    service reaches Python); SQLite's rows are added here."""
    periods: dict[tuple[str, str], _Period] = defaultdict(_Period)
    for hall, service, counts, waits, times, _rows in _grouped(
        session, StatsDaily, filters, StatsDaily.waits, StatsDaily.service_times
    ):
        p = periods[(hall, service)]
        p.counts = [a + b for a, b in zip(p.counts, counts, strict=True)]
        p.waits.append(waits)
        p.service_times.append(times)
    return periods


def _grouped(
    session: Session, model: Any, filters: list[Any], waits: Any, times: Any
) -> Iterator[tuple[str, str, list[int], bytes, bytes, int]]:
    """(hall, service, counts, joined waits, joined service times, rows) of the rows of ``model``
    matching ``filters``: grouped by PostgreSQL (``string_agg`` of the packed values), row by
    row on SQLite."""
    counts = [getattr(model, name) for name in STATS_COUNTS]
    if session.get_bind().dialect.name == "postgresql":
        empty: Any = literal_column("''::bytea")
        query = (
            select(
                model.hall_id,
                model.service,
                *[func.sum(c) for c in counts],
                func.string_agg(waits, empty),
                func.string_agg(times, empty),
                func.count(),
            )
            .where(*filters)
            .group_by(model.hall_id, model.service)
        )
    else:
        query = select(
            model.hall_id, model.service, *counts, waits, times, literal_column("1")
        ).where(*filters)
    for r in session.execute(query):
        yield r[0], r[1], [int(n or 0) for n in r[2:10]], r[10] or b"", r[11] or b"", int(r[12])


def cover(start: dt.date, end: dt.date) -> dict[tuple[str, dt.date], int]:
    """The days ``start``..``end`` as rows to add (> 0) or take off (< 0): calendar months
    and ISO weeks wholly or mostly inside (a month less the few days outside it when that
    needs fewer rows), single days at the edges. Keys: ("month" | "week" | "day", first day);
    each day of the period is counted once in the sum, every other day not at all."""
    out: dict[tuple[str, dt.date], int] = defaultdict(int)

    def add(key: tuple[str, dt.date], sign: int) -> None:
        out[key] += sign

    def weeks(x: dt.date, y: dt.date, sign: int) -> list[tuple[tuple[str, dt.date], int]]:
        parts: list[tuple[tuple[str, dt.date], int]] = []
        week = week_of(x)
        while week <= y:
            last = week + dt.timedelta(days=6)
            low, high = max(week, x), min(last, y)
            inside = (high - low).days + 1
            if inside == 7:
                parts.append((("week", week), sign))
            elif inside > 4:  # the week less its 1-2 days outside: fewer rows
                parts.append((("week", week), sign))
                day = week
                while day <= last:
                    if not low <= day <= high:
                        parts.append((("day", day), -sign))
                    day += dt.timedelta(days=1)
            else:
                day = low
                while day <= high:
                    parts.append((("day", day), sign))
                    day += dt.timedelta(days=1)
            week = last + dt.timedelta(days=1)
        return parts

    month = month_of(start)
    while month <= end:
        last = _last_day("month", month)
        low, high = max(month, start), min(last, end)
        if (low, high) == (month, last):
            add(("month", month), 1)
        else:
            direct = weeks(low, high, 1)
            via = [(("month", month), 1)]
            if low > month:
                via += weeks(month, low - dt.timedelta(days=1), -1)
            if high < last:
                via += weeks(high + dt.timedelta(days=1), last, -1)
            for key, sign in direct if len(direct) <= len(via) else via:
                add(key, sign)
        month = last + dt.timedelta(days=1)
    return {k: v for k, v in out.items() if v}


def _hist_periods(
    session: Session, start: dt.date, end: dt.date, hall_ids: list[str] | None
) -> dict[tuple[str, str], _Period]:
    """Counts and histograms per hall × service over ``start``..``end`` for many halls, from
    the week and month rows and a few day rows (``cover``): rows read grow with halls ×
    services × (months + weeks + edge days), bytes with the bins occupied."""
    periods: dict[tuple[str, str], _Period] = defaultdict(_Period)
    by_sign: dict[int, tuple[list[Any], list[dt.date]]] = defaultdict(lambda: ([], []))
    for (span, first), sign in sorted(cover(start, end).items()):
        spans, days = by_sign[sign]
        (days.append(first) if span == "day" else spans.append((span, first)))
    for sign, (spans, days) in sorted(by_sign.items()):
        sources: list[tuple[Any, list[Any]]] = []
        if spans:
            wanted = [
                and_(StatsPeriod.span == name, StatsPeriod.first_day.in_(firsts))
                for name in ("week", "month")
                if (firsts := [f for s, f in spans if s == name])
            ]
            sources.append((StatsPeriod, [or_(*wanted)]))
        if days:
            sources.append((StatsDaily, [StatsDaily.business_date.in_(days)]))
        for model, filters in sources:
            if hall_ids is not None:
                filters.append(model.hall_id.in_(hall_ids))
            for hall, service, counts, waits, times, rows in _grouped(
                session, model, filters, model.wait_hist, model.service_hist
            ):
                p = periods[(hall, service)]
                p.rows += rows if sign > 0 else 2  # taking off: a merge
                p.counts = [a + sign * b for a, b in zip(p.counts, counts, strict=True)]
                (p.waits if sign > 0 else p.waits_off).extend([waits] * abs(sign))
                (p.service_times if sign > 0 else p.service_times_off).extend([times] * abs(sign))
    return periods


def summarise(
    factory: sessionmaker[Session],
    start: dt.date,
    end: dt.date,
    hall_id: str | None = None,
    hall_ids: list[str] | None = None,
    daily: bool = True,
) -> dict[str, Any]:
    """Rows per hall × service for the whole period, and per hall × service × day (unless
    ``daily`` is false: a national month has 75,000 of them), from the rollup rows: the
    figures of ``hq.stats.replay_summarise``, exactly for one hall (``hall_id``); for many
    halls the period rows' medians and p90 come from the 0.1-minute bins (within 0.05
    minute; see the module's docstring)."""
    filters: list[Any] = [StatsDaily.business_date >= start, StatsDaily.business_date <= end]
    if hall_id is not None:
        filters.append(StatsDaily.hall_id == hall_id)
    if hall_ids is not None:
        filters.append(StatsDaily.hall_id.in_(hall_ids))
    days: list[dict[str, Any]] = []
    with reading(factory).begin() as session:
        names: dict[str, str] = {i: n for i, n in session.execute(select(Hall.id, Hall.name))}
        periods = (
            _periods(session, filters)
            if hall_id is not None
            else _hist_periods(session, start, end, hall_ids)
        )
        day_rows = select(
            StatsDaily.hall_id,
            StatsDaily.service,
            StatsDaily.business_date,
            *_COUNT_COLUMNS,
            StatsDaily.wait_median,
            StatsDaily.wait_p90,
            StatsDaily.service_median,
        ).where(*filters)
        for r in session.execute(day_rows) if daily else ():
            hall = r[0]
            days.append(
                _out(
                    hall,
                    names.get(hall, hall),
                    r[1],
                    r[2].isoformat(),
                    list(r[3:11]),
                    round2(r[11]),
                    round2(r[12]),
                    round2(r[13]),
                )
            )
    rows = []
    chosen = sorted(
        ((k, p) for k, p in periods.items() if p.counts[0]),
        key=lambda kv: (names.get(kv[0][0], ""), kv[0]),
    )
    if hall_id is None:
        whole = all(p.rows <= 1 for _k, p in chosen)
        waits = _ranked_hists([(p.waits, p.waits_off) for _k, p in chosen], (0.5, 0.9), whole)
        times = _ranked_hists(
            [(p.service_times, p.service_times_off) for _k, p in chosen], (0.5,), whole
        )
    for i, ((h, s), p) in enumerate(chosen):
        if hall_id is not None:
            wait_median, wait_p90 = _ranked(p.waits, (0.5, 0.9))
            (service_median,) = _ranked(p.service_times, (0.5,))
        else:
            wait_median, wait_p90 = waits[i]
            (service_median,) = times[i]
        rows.append(
            _out(
                h,
                names.get(h, h),
                s,
                None,
                p.counts,
                round2(wait_median),
                round2(wait_p90),
                round2(service_median),
            )
        )
    days.sort(key=lambda d: (d["business_date"], d["hall_id"], d["service"]))
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "rows": rows,
        "daily": days,
    }


def trend(
    factory: sessionmaker[Session],
    start: dt.date,
    end: dt.date,
    hall_ids: list[str] | None = None,
    by: str = "day",
) -> list[dict[str, Any]]:
    """Totals per day (or per ISO week, keyed by its Monday) over the chosen halls: the
    counts and shares of the rollups, added in the database (no quantiles: a median of many
    halls' days would need their values; the period rows give those)."""
    query = (
        select(StatsDaily.business_date, *[func.sum(c) for c in _COUNT_COLUMNS])
        .where(StatsDaily.business_date >= start, StatsDaily.business_date <= end)
        .group_by(StatsDaily.business_date)
    )
    if hall_ids is not None:
        query = query.where(StatsDaily.hall_id.in_(hall_ids))
    buckets: dict[dt.date, list[int]] = {}
    with reading(factory).begin() as session:
        for day, *counts in session.execute(query):
            key = day - dt.timedelta(days=day.weekday()) if by == "week" else day
            old = buckets.get(key, [0] * 8)
            buckets[key] = [a + int(b or 0) for a, b in zip(old, counts, strict=True)]
    out = []
    for key in sorted(buckets):
        issued, served, no_show, cancelled, expired, called, within, priority = buckets[key]
        out.append(
            {
                "date": key.isoformat(),
                "issued": issued,
                "served": served,
                "no_show": no_show,
                "cancelled": cancelled,
                "expired": expired,
                "called": called,
                "within_target_pct": round2(100.0 * within / called) if called else None,
                "priority_pct": round2(100.0 * priority / issued) if issued else None,
            }
        )
    return out


def hours(
    factory: sessionmaker[Session],
    hall_id: str,
    start: dt.date,
    end: dt.date,
    utc_offset: int = 7,
) -> list[dict[str, Any]]:
    """A hall's tickets per service × hour of issue (hall time: UTC + ``utc_offset``, 7 for
    WIB, 8 WITA, 9 WIT): tickets, called, median wait, from its ticket facts."""
    zone = dt.timezone(dt.timedelta(hours=utc_offset))
    cells: dict[tuple[str, int], list[Any]] = defaultdict(lambda: [0, []])
    query = select(TicketFact.service, TicketFact.issued_at, TicketFact.wait_min).where(
        TicketFact.hall_id == hall_id,
        TicketFact.business_date >= start,
        TicketFact.business_date <= end,
        TicketFact.issued_at.is_not(None),
    )
    with reading(factory).begin() as session:
        for service, issued_at, wait in session.execute(query):
            cell = cells[(service, issued_at.astimezone(zone).hour)]
            cell[0] += 1
            if wait is not None:
                cell[1].append(wait)
    out = []
    for (service, hour), (issued, waits) in sorted(cells.items()):
        waits.sort()
        out.append(
            {
                "service": service,
                "hour": hour,
                "issued": issued,
                "called": len(waits),
                "wait_median_min": round2(median_sorted(waits)),
            }
        )
    return out
