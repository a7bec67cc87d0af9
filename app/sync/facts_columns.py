"""``app.sync.facts``' figures of many tickets at once, in columns (numpy arrays) instead of
one story a ticket: the hall's reports of services, days and hours over a month or a year.

The same definitions, the same arithmetic: a ticket's wait is its first call minus its
issue in exact integer microseconds, turned into minutes the way ``facts.minutes`` does
(``µs / 10**6 / 60``, both divisions correctly rounded, as ``timedelta.total_seconds``);
none when the call is stamped before the issue. Its service time is ``finished_at`` minus
the start (or the last call) of a finished ticket, as ``facts.story_of_row``; how it ended
is ``facts.result`` of its status and outcome. Each group's sorted waits and service times
go, as Python floats, through ``facts.figures_of_sorted`` (``math.fsum`` mean,
``statistics.median``, the p90's linear interpolation): the figures are ``facts.tally_groups``'
to the last bit. ``tests/sync/test_facts_columns.py`` checks it on seeded random tickets
(transfers, no-shows, a clock set back, priority, no start, empty groups) on a real SQLite
file and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from app.sync.facts import CLOSING, DeskFigures, Figures, figures_of_sorted, result

# How a ticket ended (``facts.result``), as a small code: its index here, -1 while open.
RESULTS: tuple[str, ...] = ("served", "no_show", "cancelled", "expired", "finished")

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


def result_codes() -> list[tuple[str, str | None, int]]:
    """(status, outcome or None for any, code) in the order to test them: the code of
    ``facts.result`` for a ticket row's status and outcome (``story_of_row``'s reading:
    a closing status is the final kind, the outcome counts for a finished one)."""
    out: list[tuple[str, str | None, int]] = []
    for kind in sorted(CLOSING):
        served = result(kind, "served" if kind == "finished" else None)
        other = result(kind, None)
        if served != other and served is not None:
            out.append((kind, "served", RESULTS.index(served)))
        if other is not None:
            out.append((kind, None, RESULTS.index(other)))
    return out


@dataclass(frozen=True)
class TicketColumns:
    """The issued tickets of a period, one element a ticket in every array."""

    result: Ints  # index in RESULTS, -1 open
    transferred: Bools
    priority: Bools
    print_failed: Bools
    wait_min: Floats  # NaN: not called, or called before its issue (clock set back)
    target: Floats  # the service's target minutes, NaN: none
    service_min: Floats  # NaN: no service time

    @classmethod
    def of(
        cls,
        *,
        result: Ints,
        transferred: Bools,
        priority: Bools,
        print_failed: Bools,
        target: Floats,
        issued: npt.NDArray[np.datetime64],
        called: npt.NDArray[np.datetime64],
        base: npt.NDArray[np.datetime64],
        finished: npt.NDArray[np.datetime64],
    ) -> TicketColumns:
        """From the row's times (``datetime64[us]``, NaT for none): ``base`` is the start,
        or else the last call, of a finished ticket (NaT for any other); ``finished`` its
        ``finished_at`` (NaT for an unfinished one)."""
        return cls(
            result=result,
            transferred=transferred,
            priority=priority,
            print_failed=print_failed,
            wait_min=minutes_between(issued, called),
            target=target,
            service_min=minutes_between(base, finished),
        )

    def __len__(self) -> int:
        return len(self.result)

    @cached_property
    def waits_sorted(self) -> Ints:
        """The indices of the tickets with a wait, by their wait (once for every grouping)."""
        return _known_sorted(self.wait_min)

    @cached_property
    def times_sorted(self) -> Ints:
        return _known_sorted(self.service_min)


def _known_sorted(values: Floats) -> Ints:
    """The indices of the known values by value (equal values in any order: the same
    floats, whichever ticket's)."""
    known = np.flatnonzero(~np.isnan(values))
    return known[np.argsort(values[known])]


def minutes_between(start: npt.NDArray[np.datetime64], end: npt.NDArray[np.datetime64]) -> Floats:
    """``facts.minutes(end - start)`` where both are known and ``end >= start``, else NaN."""
    us = (end.astype("datetime64[us]") - start.astype("datetime64[us]")).astype(np.int64)
    known = ~(np.isnat(start) | np.isnat(end))
    known &= us >= 0
    out = np.full(len(us), np.nan)
    # timedelta.total_seconds(): int µs / 10**6 (exact below 2**53), then / 60.0
    out[known] = us[known].astype(np.float64) / 1e6 / 60.0
    return out


def tally_columns(
    cols: TicketColumns, codes: Ints, labels: Sequence[Hashable]
) -> tuple[dict[Hashable, Figures], dict[Hashable, int]]:
    """``facts.tally_groups`` of one grouping (ticket ``i`` in group ``labels[codes[i]]``)
    and the tickets of each group that did not print; a group of no ticket is absent."""
    n = len(labels)
    waited = ~np.isnan(cols.wait_min)
    with np.errstate(invalid="ignore"):
        within = waited & (cols.wait_min <= cols.target)  # NaN target: never within
    counts = _Counts.of(
        n,
        issued=codes,
        results=(codes, cols.result),
        transferred=codes[cols.transferred],
        within_target=codes[within],
        priority=codes[cols.priority],
    )
    failed = np.bincount(codes[cols.print_failed], minlength=n)
    waits = _sorted_by_group(codes, cols.wait_min, cols.waits_sorted, n)
    times = _sorted_by_group(codes, cols.service_min, cols.times_sorted, n)
    figures: dict[Hashable, Figures] = {}
    failures: dict[Hashable, int] = {}
    for i, label in enumerate(labels):
        if not counts.issued[i]:
            continue
        figures[label] = figures_of_sorted(counts.figures(i, Figures()), waits[i], times[i])
        failures[label] = int(failed[i])
    return figures, failures


@dataclass(frozen=True)
class _Counts:
    """The counted fields ``Figures`` and ``DeskFigures`` share, of every group (an array a
    field, by group)."""

    issued: Ints
    results: dict[str, Ints]  # by name in RESULTS
    transferred: Ints
    within_target: Ints
    priority: Ints

    @classmethod
    def of(
        cls,
        n: int,
        *,
        issued: Ints,
        results: tuple[Ints, Ints],
        transferred: Ints,
        within_target: Ints,
        priority: Ints,
    ) -> _Counts:
        """From the group of each counted ticket (``results``: the groups of the tickets that
        ended and their result codes)."""
        groups, codes = results
        return cls(
            issued=np.bincount(issued, minlength=n),
            results={
                name: np.bincount(groups[codes == code], minlength=n)
                for code, name in enumerate(RESULTS)
            },
            transferred=np.bincount(transferred, minlength=n),
            within_target=np.bincount(within_target, minlength=n),
            priority=np.bincount(priority, minlength=n),
        )

    def figures(self, i: int, out: _F) -> _F:
        """``out`` with group ``i``'s counts."""
        out.issued = int(self.issued[i])
        out.served = int(self.results["served"][i])
        out.no_show = int(self.results["no_show"][i])
        out.cancelled = int(self.results["cancelled"][i])
        out.expired = int(self.results["expired"][i])
        out.transferred = int(self.transferred[i])
        out.within_target = int(self.within_target[i])
        out.priority = int(self.priority[i])
        return out


_F = TypeVar("_F", bound=Figures)


def _sorted_by_group(codes: Ints, values: Floats, by_value: Ints, n: int) -> list[list[float]]:
    """Each group's values, sorted, as Python floats (``by_value``: the indices of the known
    values in their order; a stable sort by group keeps it within each group)."""
    keys = codes[by_value]
    if n < 2**15:
        keys = keys.astype(np.int16)  # numpy's stable sort of 16 bits is a radix sort
    order = by_value[np.argsort(keys, kind="stable")]
    ordered, keys = values[order], codes[order]
    bounds = np.searchsorted(keys, np.arange(n + 1))
    flat: list[float] = ordered.tolist()
    return [flat[bounds[i] : bounds[i + 1]] for i in range(n)]


# The events a desk's segments read (``facts._segment`` and the times ``facts.apply`` keeps
# for it); any other kind leaves the segments as they are.
EVENT_KINDS: tuple[str, ...] = ("called", "started", "transferred", *sorted(CLOSING))
_CALLED, _STARTED, _TRANSFERRED = 0, 1, 2
_FINISHED = EVENT_KINDS.index("finished")


@dataclass(frozen=True)
class SegmentColumns:
    """Every ticket's segments at desks (``facts.Segment``), one element a segment, in
    ticket order and, within a ticket, in the order of its events."""

    ticket: Ints  # the ticket's index in its TicketColumns
    counter: Ints  # its counter's number, -1: none
    clerk: Ints  # who called, -1: none
    calls: Ints
    transferred_out: Bools  # ended by a transfer
    service_min: Floats  # NaN: none

    @cached_property
    def times_sorted(self) -> Ints:
        """The indices of the segments with a service time, by it (for every desk kind)."""
        return _known_sorted(self.service_min)

    @classmethod
    def of(
        cls,
        *,
        ticket: Ints,
        kind: Ints,
        at: npt.NDArray[np.datetime64],
        counter: Ints,
        clerk: Ints,
    ) -> SegmentColumns:
        """From the events of the kinds ``EVENT_KINDS`` (``kind``: an index there) sorted by
        ticket, then seq. As ``facts._segment``: a call continues the running segment when
        the ticket's previous call, transfer or closing event is a call at the same counter
        by the same clerk, else it starts one; a transfer or closing event right after a call
        ends that call's segment (a later one finds none running); a finished or transferred
        one gives it its service time from the ticket's last start after the last call, or
        else that call."""
        relevant = np.flatnonzero(kind != _STARTED)
        r_kind, r_ticket = kind[relevant], ticket[relevant]
        r_counter, r_clerk = counter[relevant], clerk[relevant]
        after_call = np.r_[False, (r_ticket[1:] == r_ticket[:-1]) & (r_kind[:-1] == _CALLED)]
        same_desk = np.r_[False, (r_counter[1:] == r_counter[:-1]) & (r_clerk[1:] == r_clerk[:-1])]
        is_call = r_kind == _CALLED
        starts = is_call & ~(after_call & same_desk)
        ends = ~is_call & after_call
        seg = np.cumsum(starts) - 1  # the segment of each call and of the event ending it
        count = int(starts.sum())
        out = np.full(count, np.nan)
        timed = ends & ((r_kind == _TRANSFERRED) | (r_kind == _FINISHED))
        if timed.any():
            # the latest call or start before each event (a timed one follows a call of its
            # own ticket: that one or a later start of the same ticket)
            marks = np.where((kind == _CALLED) | (kind == _STARTED), np.arange(len(kind)), -1)
            latest = np.r_[-1, np.maximum.accumulate(marks)[:-1]]
            where = relevant[timed]
            base = latest[where]
            out[seg[timed]] = minutes_between(at[base], at[where])
        return cls(
            ticket=r_ticket[starts],
            counter=r_counter[starts],
            clerk=r_clerk[starts],
            calls=np.bincount(seg[is_call], minlength=count).astype(np.int64),
            transferred_out=np.bincount(
                seg[ends & (r_kind == _TRANSFERRED)], minlength=count
            ).astype(np.bool_),
            service_min=out,
        )


Desks = tuple[dict[int, DeskFigures], dict[int, int]]


def tally_desk_columns(cols: TicketColumns, segs: SegmentColumns, *desks: Ints) -> list[Desks]:
    """``facts.tally_desks`` of the segments' desks of each kind (``desks``: each segment's
    counter, or clerk…, -1 none) and the tickets of each desk that did not print."""
    ticket = segs.ticket
    if not len(ticket):
        return [({}, {}) for _ in desks]
    changes = ticket_changes(ticket)
    first = np.r_[True, changes]  # a ticket's first segment
    last = np.r_[changes, True]  # and its last
    wait = np.full(len(ticket), np.nan)
    wait[first] = cols.wait_min[ticket[first]]
    with np.errstate(invalid="ignore"):
        within = first & (wait <= cols.target[ticket])  # NaN: not within
    ended = np.where(last, cols.result[ticket], -1)
    return [_tally_desk(cols, segs, desk, first, within, ended) for desk in desks]


def ticket_changes(ticket: Ints) -> Bools:
    """Whether each element but the first belongs to another ticket than the one before."""
    changes: Bools = ticket[1:] != ticket[:-1]
    return changes


def _tally_desk(
    cols: TicketColumns, segs: SegmentColumns, desk: Ints, first: Bools, within: Bools, ended: Ints
) -> Desks:
    figures: dict[int, DeskFigures] = {}
    failures: dict[int, int] = {}
    valid = desk >= 0
    if not valid.any():  # no segment, or none at a desk of this kind
        return figures, failures
    keys, code = small_unique(desk[valid])
    n = len(keys)
    k = np.full(len(desk), -1, dtype=np.int64)
    k[valid] = code
    # each (ticket, desk) once: the tickets a desk handled (a ticket of one segment has one;
    # the others' pairs sorted to drop the repeated)
    alone = valid & first & np.r_[ticket_changes(segs.ticket), True]
    pairs = np.sort(segs.ticket[valid & ~alone] * n + k[valid & ~alone])
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]][: len(pairs)]]
    pair_ticket = np.r_[segs.ticket[alone], pairs // n]
    pair_desk = np.r_[k[alone], pairs % n]
    counts = _Counts.of(
        n,
        issued=pair_desk,
        results=(k[valid], ended[valid]),
        transferred=pair_desk[cols.transferred[pair_ticket]],
        within_target=k[valid & within],
        priority=pair_desk[cols.priority[pair_ticket]],
    )
    failed = np.bincount(pair_desk[cols.print_failed[pair_ticket]], minlength=n)
    calls = np.bincount(k[valid], weights=segs.calls[valid], minlength=n)
    out_n = np.bincount(k[valid & segs.transferred_out], minlength=n)
    # the waits in the tickets' order by wait, each at its first desk (-1: none)
    first_desk = np.full(len(cols), -1, dtype=np.int64)
    first_desk[segs.ticket[first]] = k[first]
    by_wait = cols.waits_sorted[first_desk[cols.waits_sorted] >= 0]
    waits = _sorted_by_group(first_desk, cols.wait_min, by_wait, n)
    by_time = segs.times_sorted[valid[segs.times_sorted]]
    times = _sorted_by_group(k, segs.service_min, by_time, n)
    for i, key in enumerate(keys.tolist()):
        out = counts.figures(i, DeskFigures(calls=int(calls[i]), transferred_out=int(out_n[i])))
        figures[key] = figures_of_sorted(out, waits[i], times[i])  # type: ignore[assignment]
        failures[key] = int(failed[i])
    return figures, failures


def local_hour_weekday(issued: npt.NDArray[np.datetime64], zone: dt.tzinfo) -> tuple[Ints, Ints]:
    """The hour of day and ISO weekday of each UTC instant in ``zone`` (as
    ``datetime.astimezone(zone)``): the zone's offset is looked up once an hour of UTC
    (and per instant in an hour where it changes)."""
    us = issued.astype("datetime64[us]").astype(np.int64)
    hour_us = 3_600_000_000
    buckets, inverse = small_unique(us // hour_us)
    offsets = np.zeros(len(buckets), dtype=np.int64)
    mixed = np.zeros(len(buckets), dtype=np.bool_)
    for i, bucket in enumerate(buckets.tolist()):
        first = _offset_us(bucket * hour_us, zone)
        last = _offset_us(bucket * hour_us + hour_us - 1, zone)
        offsets[i] = first
        mixed[i] = first != last
    shift = offsets[inverse]
    if mixed.any():
        for j in np.flatnonzero(mixed[inverse]).tolist():
            shift[j] = _offset_us(int(us[j]), zone)
    local = us + shift
    hour = (local // hour_us) % 24
    days = local // (24 * hour_us)
    weekday = (days + 3) % 7 + 1  # 1970-01-01 was a Thursday
    return hour, weekday


def small_unique(values: Ints) -> tuple[Ints, Ints]:
    """``numpy.unique(values, return_inverse=True)`` of integers in a narrow range (desks,
    days, hours of a year) by counting instead of sorting or hashing."""
    if not len(values):
        return values[:0].astype(np.int64), values[:0].astype(np.int64)
    low = int(values.min())
    span = int(values.max()) - low + 1
    if span > 4 * len(values) + 1_000_000:
        found, inverse = np.unique(values, return_inverse=True)
        return found.astype(np.int64), inverse.astype(np.int64)
    shifted = (values - low).astype(np.int64)
    present = np.flatnonzero(np.bincount(shifted, minlength=span))
    code = np.full(span, -1, dtype=np.int64)
    code[present] = np.arange(len(present))
    return present + low, code[shifted]


def _offset_us(epoch_us: int, zone: dt.tzinfo) -> int:
    at = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=epoch_us)
    offset = at.astimezone(zone).utcoffset() or dt.timedelta(0)
    return (offset.days * 86_400 + offset.seconds) * 1_000_000 + offset.microseconds


# What a query gives for no time in a column of ISO times (SQLite's text): of their width,
# and no real time (month 0).
NO_TIME = "0000-00-00 00:00:00.000000"


def parse_times(text: str | bytes | None, n: int) -> npt.NDArray[np.datetime64]:
    """``n`` comma-separated stored times (``NO_TIME`` or ``NaT`` for none) as
    ``datetime64[us]``. Times all of SQLite's width (``YYYY-MM-DD HH:MM:SS.ffffff``) are read
    digit by digit in arrays; any other shape through numpy's own parser."""
    if not n:
        return np.empty(0, dtype="datetime64[us]")
    assert text is not None
    fast = _fixed_times(text, n)
    if fast is not None:
        return fast
    if isinstance(text, bytes):
        text = text.decode("ascii")
    return np.array(text.replace(NO_TIME, "NaT").split(","), dtype="datetime64[us]")


_WIDTH = len(NO_TIME)
_NAT = np.iinfo(np.int64).min


def _fixed_times(text: str | bytes, n: int) -> npt.NDArray[np.datetime64] | None:
    """``parse_times`` of times all as wide as ``NO_TIME`` (as SQLite stores them), read by
    numpy from the text's bytes in place (no string a time); None for any other width."""
    if len(text) != n * (_WIDTH + 1) - 1:
        return None
    try:
        data = bytearray(text if isinstance(text, bytes) else text.encode("ascii"))
    except UnicodeEncodeError:
        return None
    data.append(ord(","))
    grid = np.frombuffer(data, dtype=np.uint8).reshape(n, _WIDTH + 1)
    if not np.all(grid[:, _WIDTH] == ord(",")):
        return None
    grid[:, _WIDTH] = 0  # each time ends in a NUL, which numpy's bytes drop
    none = (grid[:, 5] == ord("0")) & (grid[:, 6] == ord("0"))  # month 0: maybe NO_TIME
    if none.any():
        empty = np.frombuffer(NO_TIME.encode("ascii"), dtype=np.uint8)
        none[none] = np.all(grid[none, :_WIDTH] == empty, axis=1)
        grid[none, :3] = np.frombuffer(b"NaT", dtype=np.uint8)
        grid[none, 3:] = 0
    return grid.view(f"S{_WIDTH + 1}").ravel().astype("datetime64[us]")


# PostgreSQL's binary forms (``int8send``, ``date_send``, ``timestamp_send``): big-endian,
# days and microseconds since 2000-01-01, -infinity and infinity at the ends of int64.
_PG_EPOCH_DAYS = 10_957
_PG_EPOCH_US = _PG_EPOCH_DAYS * 86_400 * 1_000_000


def binary_ints(data: bytes | None, n: int) -> Ints:
    """``n`` numbers as PostgreSQL's ``int8send`` writes them, one after the other."""
    out = np.frombuffer(data or b"", dtype=">i8").astype(np.int64)
    if len(out) != n:
        raise ValueError(f"{len(out)} numbers read of {n}")
    return out


def binary_times(data: bytes | None, n: int) -> npt.NDArray[np.datetime64]:
    """``n`` times as ``timestamp_send`` writes them (an infinity: none)."""
    us = binary_ints(data, n)
    none = (us == _NAT) | (us == np.iinfo(np.int64).max)
    us = us + _PG_EPOCH_US
    us[none] = _NAT
    return us.view("datetime64[us]")


def binary_days(data: bytes | None, n: int) -> npt.NDArray[np.datetime64]:
    """``n`` dates as ``date_send`` writes them."""
    days = np.frombuffer(data or b"", dtype=">i4").astype(np.int64)
    if len(days) != n:
        raise ValueError(f"{len(days)} dates read of {n}")
    return (days + _PG_EPOCH_DAYS).astype("datetime64[D]")


def parse_days(text: str | None, n: int) -> npt.NDArray[np.datetime64]:
    if not n:
        return np.empty(0, dtype="datetime64[D]")
    assert text is not None
    return np.array(text.split(","), dtype="datetime64[D]")


def parse_ints(text: str | None, n: int) -> Ints:
    if not n:
        return np.empty(0, dtype=np.int64)
    assert text is not None
    out = np.fromstring(text, dtype=np.int64, sep=",")
    if len(out) != n:
        raise ValueError(f"{len(out)} numbers read of {n}")
    return out


__all__ = [
    "NO_TIME",
    "RESULTS",
    "SegmentColumns",
    "TicketColumns",
    "binary_days",
    "binary_ints",
    "binary_times",
    "local_hour_weekday",
    "minutes_between",
    "parse_days",
    "parse_ints",
    "parse_times",
    "result_codes",
    "small_unique",
    "tally_columns",
    "tally_desk_columns",
]
