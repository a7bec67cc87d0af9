"""The statistics' definitions, once: a ticket's story replayed from its events, and the
figures of a group of tickets. HQ (``hq.stats``, ``hq.rollups``) and the hall's reports
(``app.services.reports``) both import this module, so the two cannot drift.

Pure Python: it imports the wire schema's event kinds and the standard library only.

A ticket's story is its events replayed in seq order (the hall's own order, immune to
clock jumps):

- issued: the ticket has an ``issued`` event;
- served: its last closing event is ``finished`` with outcome ``served``;
- no_show / cancelled / expired: its last closing event is that one (a later ``requeued``,
  ``returned`` or ``transferred`` re-opens it);
- transferred: it had at least one ``transferred`` event (it may be served after that);
- wait: first ``called`` minus ``issued``, in minutes (a ticket whose first call is
  stamped before its issue, from a hall clock set back, has no wait);
- service time: each ``finished`` minus the ``started`` (or, without one, the ``called``)
  that precedes it;
- within target: share of called tickets whose wait ≤ the service's ``target_minutes``;
- priority: share of issued tickets issued as priority;
- median as ``statistics.median``; p90 by linear interpolation between the closest ranks.

``app.sync.facts_columns`` computes the same figures of many tickets at once from their rows'
columns (numpy arrays), for the hall's reports over a month or a year; it ends in
``figures_of_sorted`` like ``tally_groups`` and is tested equal to it.

Per counter and per clerk (the hall's reports; HQ does not track segments) a ticket counts
at every desk that worked on it: its story keeps **segments**, one per stretch at a desk,
from a ``called`` there (a recall at the same desk by the same clerk continues it) to the
next call elsewhere, a ``transferred``, or a closing event. ``tally_desks`` sums them:

- handled (the desk tables' "issued" column): tickets with a segment at the desk;
- calls: its ``called`` events at the desk (recalls included);
- transferred out: its segments that ended with ``transferred``;
- served / no-show / cancelled / expired: as above, at the desk of the ticket's last
  segment (where it ended);
- wait, called, within target: at the desk of the ticket's first call;
- service time: each segment ended by ``finished`` or ``transferred``, from its ``started``
  (or its last call) to that event, at the desk that did it;
- priority: share of the handled tickets.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from app.sync.payload import CLOSING_KINDS, OPENING_KINDS

CLOSING = frozenset(kind.value for kind in CLOSING_KINDS)  # the ticket ends here
REOPENING = frozenset(kind.value for kind in OPENING_KINDS)  # back in play


class FactEvent(Protocol):
    """What the replay reads of an event (HQ's stored row, the hall's converted row)."""

    @property
    def kind(self) -> str: ...
    @property
    def at(self) -> dt.datetime: ...
    @property
    def priority(self) -> bool | None: ...
    @property
    def target_minutes(self) -> int | None: ...
    @property
    def outcome(self) -> str | None: ...
    @property
    def counter(self) -> int | None: ...


@dataclass
class Segment:
    """A ticket's stretch at one desk (counter and clerk): from a call to what ended it."""

    counter: int | None
    clerk: int | str | None
    calls: int = 1
    ended: str | None = None  # "transferred", a closing kind, or None while it runs
    service_min: float | None = None  # work time, when ended by finished or transferred


@dataclass
class Story:
    """One ticket's story so far (``apply`` each of its events in seq order)."""

    service: str
    business_date: dt.date
    issued_at: dt.datetime | None = None
    priority: bool = False
    target: int | None = None
    first_called: dt.datetime | None = None
    last_call: dt.datetime | None = None
    last_start: dt.datetime | None = None
    final: str | None = None
    outcome: str | None = None
    transferred: bool = False
    counter: int | None = None  # the counter of its last call
    service_minutes: list[float] = field(default_factory=list)
    # Its segments at desks, when the reader wants them (the hall's reports; None at HQ).
    segments: list[Segment] | None = None

    @property
    def wait(self) -> float | None:
        return wait_minutes(self.issued_at, self.first_called)

    @property
    def within_target(self) -> bool:
        wait = self.wait
        return wait is not None and self.target is not None and wait <= self.target


def minutes(delta: dt.timedelta) -> float:
    """Minutes of a duration between two hall events; never negative (a hall clock that
    went back before the hall held its records monotonic)."""
    return max(0.0, delta.total_seconds() / 60.0)


def wait_minutes(issued_at: dt.datetime | None, first_called: dt.datetime | None) -> float | None:
    if issued_at is None or first_called is None or first_called < issued_at:
        return None
    return minutes(first_called - issued_at)


def apply(story: Story, event: FactEvent, clerk: int | str | None = None) -> None:
    """Add one event (the next in seq order) to a ticket's story; ``clerk``: who called,
    for a ``called`` event of a story that keeps segments."""
    kind = event.kind
    if story.segments is not None:
        _segment(story, story.segments, event, clerk)
    if kind == "issued":
        story.issued_at = story.issued_at or event.at
        story.priority = bool(event.priority)
        story.target = event.target_minutes
    elif kind == "called":
        story.first_called = story.first_called or event.at
        story.last_call, story.last_start = event.at, None
        story.counter = event.counter
    elif kind == "started":
        story.last_start = event.at
    elif kind == "transferred":
        story.transferred = True
    if kind == "finished":
        base = story.last_start or story.last_call
        if base is not None and event.at >= base:
            story.service_minutes.append(minutes(event.at - base))
        story.outcome = event.outcome
    if kind in CLOSING:
        story.final = kind
    elif kind in REOPENING:
        story.final = None


def _segment(story: Story, segments: list[Segment], event: FactEvent, clerk: object) -> None:
    """Keep the segments (before ``apply`` moves the story's own fields)."""
    kind = event.kind
    last = segments[-1] if segments else None
    running = last is not None and last.ended is None
    if kind == "called":
        who = clerk if isinstance(clerk, int | str) else None
        if last is not None and running and (last.counter, last.clerk) == (event.counter, who):
            last.calls += 1
        else:
            if last is not None and running:
                last.ended = "moved"  # called elsewhere without a transfer (a hand-over)
            segments.append(Segment(event.counter, who))
    elif last is not None and running and (kind == "transferred" or kind in CLOSING):
        if kind in ("finished", "transferred"):
            base = story.last_start or story.last_call
            if base is not None and event.at >= base:
                last.service_min = minutes(event.at - base)
        last.ended = kind


def story_of_row(
    service: str,
    business_date: dt.date,
    *,
    issued_at: dt.datetime,
    priority: bool,
    target: int | None,
    status: str,
    outcome: str | None,
    transfers: int,
    called_at: dt.datetime | None,
    started_at: dt.datetime | None,
    last_called_at: dt.datetime | None,
    finished_at: dt.datetime | None,
) -> Story:
    """The story ``apply`` makes of a hall ticket's events, read from its row instead (the
    hall's reports of services, days and hours; no segments).

    The row holds what the replay keeps: the first call (``called_at``), the last call and
    the start after it (a call clears ``started_at``), the status (a closing status is the
    last closing event; an open one had none, or was re-opened after it), the outcome, the
    number of transfers. ``finished`` is final (no transition leaves it), so a ticket has at
    most one service time: ``finished_at`` minus the start, or the last call, before it.
    ``tests/services/test_reports.py`` checks it equal to the replay on a simulated hall.
    """
    story = Story(
        service,
        business_date,
        issued_at=issued_at,
        priority=priority,
        target=target,
        first_called=called_at,
        last_call=last_called_at,
        last_start=started_at,
        final=status if status in CLOSING else None,
        outcome=outcome if status == "finished" else None,
        transferred=transfers > 0,
    )
    base = started_at or last_called_at
    ended = status == "finished" and finished_at is not None
    if ended and base is not None and finished_at is not None and finished_at >= base:
        story.service_minutes.append(minutes(finished_at - base))
    return story


def result(final: str | None, outcome: str | None) -> str | None:
    """How a ticket ended: ``served``, ``no_show``, ``cancelled``, ``expired``,
    ``finished`` (finished with another outcome), or None while it is open."""
    if final == "finished":
        return "served" if outcome == "served" else "finished"
    return final


# Aggregates ----------------------------------------------------------------------------


def median_sorted(ordered: Sequence[float]) -> float | None:
    """``statistics.median`` of an already sorted sequence (the same value, no re-sort)."""
    n = len(ordered)
    if not n:
        return None
    if n % 2:
        return float(ordered[n // 2])
    return (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def quantile_sorted(ordered: Sequence[float], q: float) -> float | None:
    """The ``q`` quantile of a sorted sequence, linear interpolation between closest ranks."""
    if not ordered:
        return None
    pos = (len(ordered) - 1) * q
    low, high = math.floor(pos), math.ceil(pos)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def quantile(values: Iterable[float], q: float) -> float | None:
    return quantile_sorted(sorted(values), q)


def median(values: Iterable[float]) -> float | None:
    return median_sorted(sorted(values))


def mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def round2(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def pct(part: int, whole: int) -> float | None:
    """A share in percent to two decimals; None of nothing."""
    return round2(100.0 * part / whole) if whole else None


@dataclass
class Figures:
    """The figures of a group of issued tickets (``tally``); rounded to two decimals."""

    issued: int = 0
    served: int = 0
    no_show: int = 0
    cancelled: int = 0
    expired: int = 0
    transferred: int = 0
    called: int = 0
    within_target: int = 0
    priority: int = 0
    wait_mean_min: float | None = None
    wait_median_min: float | None = None
    wait_p90_min: float | None = None
    service_mean_min: float | None = None
    service_median_min: float | None = None
    within_target_pct: float | None = None
    priority_pct: float | None = None


def figures_of(counts: Figures, waits: Sequence[float], service_times: Sequence[float]) -> Figures:
    """Fill the derived figures of ``counts`` from the group's waits and service times."""
    return figures_of_sorted(counts, sorted(waits), sorted(service_times))


def figures_of_sorted(
    counts: Figures, waits: Sequence[float], service_times: Sequence[float]
) -> Figures:
    """``figures_of`` of waits and service times already sorted (``facts_columns``)."""
    counts.called = len(waits)
    counts.wait_mean_min = round2(mean(waits))
    counts.wait_median_min = round2(median_sorted(waits))
    counts.wait_p90_min = round2(quantile_sorted(waits, 0.9))
    counts.service_mean_min = round2(mean(service_times))
    counts.service_median_min = round2(median_sorted(service_times))
    counts.within_target_pct = pct(counts.within_target, counts.called)
    counts.priority_pct = pct(counts.priority, counts.issued)
    return counts


def tally(stories: Iterable[Story]) -> Figures:
    """The figures of the issued tickets among ``stories``."""
    return tally_groups((s, _ALL) for s in stories).get(None) or figures_of(Figures(), (), ())


_ALL: tuple[Hashable, ...] = (None,)


def tally_groups(
    stories: Iterable[tuple[Story, Sequence[Hashable]]],
) -> dict[Hashable, Figures]:
    """The figures of several groups in one pass: each story with the keys of the groups it
    belongs to (a service, a day, an hour, the total…); a group of no issued ticket is absent.
    The same figures as ``tally`` of each group's stories."""
    counts: dict[Hashable, Figures] = {}
    waits: dict[Hashable, list[float]] = {}
    times: dict[Hashable, list[float]] = {}
    for s, keys in stories:
        if s.issued_at is None:
            continue
        ended = result(s.final, s.outcome)
        wait = s.wait
        within = wait is not None and s.target is not None and wait <= s.target
        for key in keys:
            out = counts.get(key)
            if out is None:
                out = counts[key] = Figures()
                waits[key], times[key] = [], []
            out.issued += 1
            out.served += ended == "served"
            out.no_show += ended == "no_show"
            out.cancelled += ended == "cancelled"
            out.expired += ended == "expired"
            out.transferred += s.transferred
            out.priority += s.priority
            if s.service_minutes:
                times[key].extend(s.service_minutes)
            if wait is not None:
                waits[key].append(wait)
                out.within_target += within
    for key, out in counts.items():
        figures_of(out, waits[key], times[key])
    return counts


@dataclass
class DeskFigures(Figures):
    """The figures of a counter or a clerk (``tally_desks``): ``issued`` holds the tickets
    handled there; ``calls`` and ``transferred_out`` are the desk's own."""

    calls: int = 0
    transferred_out: int = 0


def tally_desks(
    stories: Iterable[Story], desk: Callable[[Segment], Hashable | None]
) -> dict[Hashable, DeskFigures]:
    """The figures per desk (``desk(segment)``: its counter, its clerk; None: none) of the
    issued tickets among ``stories`` whose segments were kept."""
    counts: dict[Hashable, DeskFigures] = {}
    waits: dict[Hashable, list[float]] = {}
    times: dict[Hashable, list[float]] = {}

    def at(key: Hashable) -> DeskFigures:
        if key not in counts:
            counts[key], waits[key], times[key] = DeskFigures(), [], []
        return counts[key]

    for s in stories:
        if s.issued_at is None or not s.segments:
            continue
        handled: set[Hashable] = set()
        for seg in s.segments:
            key = desk(seg)
            if key is None:
                continue
            out = at(key)
            out.calls += seg.calls
            out.transferred_out += seg.ended == "transferred"
            if seg.service_min is not None:
                times[key].append(seg.service_min)
            if key not in handled:
                handled.add(key)
                out.issued += 1
                out.priority += s.priority
                out.transferred += s.transferred
        ended = result(s.final, s.outcome)
        last = desk(s.segments[-1])
        if last is not None and ended is not None:
            out = at(last)
            out.served += ended == "served"
            out.no_show += ended == "no_show"
            out.cancelled += ended == "cancelled"
            out.expired += ended == "expired"
        first = desk(s.segments[0])
        wait = s.wait
        if first is not None and wait is not None:
            waits[first].append(wait)
            at(first).within_target += s.target is not None and wait <= s.target
    for key, out in counts.items():
        figures_of(out, waits[key], times[key])
    return counts
