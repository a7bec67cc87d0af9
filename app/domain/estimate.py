"""Estimated waiting time: a projection of who the counters will call, in what order, when.

The estimate for a ticket answers "when will a counter call me?" by playing the hall forward
with the rules the counters really follow (``docs/estimates.md`` has the whole argument):

* **Who is called first** is decided by the rules ``call_next`` follows: each counter takes
  the oldest ticket (``(queue_key, id)`` order) across the services it serves, of the kind
  ``app.domain.priority.choose_priority`` picks from the hall's priority ratio and that
  counter's current streak (its rule is inlined in the loop, which runs once per ticket
  ahead); tickets sent to another counter are skipped. Only counters that
  are active and open take part (paused and closed counters call nobody).
* **When**: an idle counter calls now. The busy counters free up as a pool: service times
  are close to memoryless, so with busy counters expected to need ``r_1 … r_n`` more minutes
  the next of them frees up after ``1 / (1/r_1 + … + 1/r_n)`` on average — three counters
  busy with 9-minute services call every 3 minutes, not all three at minute 9 — and the one
  that does is the one most due (each counter accrues ``step / r_i`` per call; the highest
  total goes, and pays 1). A counter that cannot call the ticket is in that pool only while
  it may still take a ticket older than it; after that its free-ups call nobody who matters
  and it leaves the pool at once (else it would hold up the calls of the others). ``r_i``
  is the *expected remaining* time of the counter's current ticket (the mean of the recent
  service times that ran longer than it has so far, minus what has passed; with too few
  such samples, the mean), then its service's **mean** service time for each ticket it
  takes. A queue's total is a sum of services, and a sum
  grows with the mean, not the median (the median of right-skewed times is 0.7–0.8 of it).
* **The mean** of a service is today's recent occupancy (call → finish) shrunk towards a
  prior: ``(n × mean_today + K × prior) / (n + K)``. The prior is the mean of the last
  ``HISTORY_DAYS`` business days when they have at least ``HISTORY_MIN`` samples, weighing
  as ``K = 1 / (1/m + DAY_VARIATION²)`` pseudo-samples for ``m`` samples (what a measured
  mean is worth against today's when a day's mean strays from the recent days' by about
  ``DAY_VARIATION`` of one service's spread: 7 at 10 samples, 23 at 300); else the
  service's configured default, weighing ``K = 5``. Today's few samples are the very
  services that built today's queue: a slow stretch both lengthens the queue and raises a
  mean that trusts them too much, so long queues were overestimated. Samples above
  ``OUTLIER_FACTOR`` × the prior (a ticket left open over lunch) count as that cap.
* Tickets not yet issued are not guessed at. The result is the time at which the ticket is
  called in the projection, rounded to the nearest minute (at least 1 when a counter must
  free up first: 0 means called at once), and the number of tickets called before it
  ("people ahead"). Rounding up would add half a minute to every wait on average. When no
  open counter can ever call it, the estimate is unknown (``minutes`` None) and the windows
  say so instead of inventing a figure; the people ahead are then the older tickets of its
  own service (they go first whichever counter opens).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter
from typing import NamedTuple

from app.domain.model import WaitEstimate
from app.domain.priority import PriorityRatio, Streak

SHRINK_K = 5  # pseudo-samples the configured default weighs as
DAY_VARIATION = 0.2  # a day's mean service time off the recent days', in service spreads
SAMPLE_SIZE = 50  # today's most recent finished tickets per service
SAMPLE_WINDOW_MINUTES = 180  # ... finished within this many minutes
HISTORY_DAYS = 14  # business days before today that give the prior
HISTORY_MIN = 10  # samples needed before history replaces the configured default
HISTORY_SIZE = 300  # most recent samples per service kept from those days
OUTLIER_FACTOR = 4.0  # a sample counts at most this many priors
RESIDUAL_MIN_SAMPLES = 5  # longer samples needed to trust their mean remaining time
MIN_MINUTES = 1e-3  # a service expected to end any moment: a rate, not a division by zero

END_OF_QUEUE = (math.inf, math.inf)
_ORDER = attrgetter("queue_key", "ticket_id")  # a ticket's place in the queue (its ``order``)
NEW_TICKET_ID = -1  # the id a ticket not yet issued has in a projection


@dataclass(frozen=True, slots=True)
class ServiceTime:
    """How long one ticket of a service occupies a counter (minutes, call → finish)."""

    mean: float
    samples: tuple[float, ...] = ()  # capped recent samples, today's and history's
    basis: str = "default"  # "history" | "blend" | "default"

    def residual(self, elapsed: float) -> float:
        """Expected minutes left for a ticket already ``elapsed`` minutes at the counter."""
        longer = [s - elapsed for s in self.samples if s > elapsed]
        if len(longer) >= RESIDUAL_MIN_SAMPLES:
            return sum(longer) / len(longer)
        return self.mean


def history_weight(samples: int) -> float:
    """Pseudo-samples a mean of ``samples`` recent days' service times weighs as today.

    Empirical Bayes: today's ``n`` samples estimate today's mean with variance ``σ²/n``; the
    recent days' ``m`` estimate it with ``σ²/m`` plus the day-to-day variation ``(v σ)²``. The
    weights that minimise the error are ``n`` and ``1 / (1/m + v²)``.
    """
    return 1.0 / (1.0 / samples + DAY_VARIATION**2)


def service_time(
    today: Sequence[float], history: Sequence[float], default_minutes: float
) -> ServiceTime:
    """The service's mean from today's samples, the recent days' and the configured default.

    Negative samples (a clock that went back before the fix held it) are dropped.
    """
    past = [s for s in history if s >= 0]
    prior, basis, weight = default_minutes, "default", float(SHRINK_K)
    if len(past) >= HISTORY_MIN:
        cap = OUTLIER_FACTOR * default_minutes
        capped = [min(s, cap) for s in past]
        prior, basis = sum(capped) / len(capped), "history"
        weight = history_weight(len(capped))
    cap = OUTLIER_FACTOR * prior
    now = [min(s, cap) for s in today if s >= 0]
    kept = tuple(now + [min(s, cap) for s in past])
    if not now:
        return ServiceTime(prior, kept, basis)
    n = len(now)
    mean = (n * (sum(now) / n) + weight * prior) / (n + weight)
    return ServiceTime(mean, kept, "blend" if n < SAMPLE_SIZE else "today")


class QueuedTicket(NamedTuple):
    """A waiting ticket as the projection sees it (a named tuple: the hall's whole queue is
    read into these for every ticket issued, and a tuple is built in a third of the time)."""

    ticket_id: int
    queue_key: float
    service_id: int
    priority: bool
    target_counter_id: int | None = None

    @property
    def order(self) -> tuple[float, float]:
        return (self.queue_key, self.ticket_id)


@dataclass(frozen=True, slots=True)
class CounterNow:
    """An open counter: what it serves, its priority streak, and what it is busy with."""

    counter_id: int
    service_ids: frozenset[int]
    streak: Streak = Streak()
    busy_service_id: int | None = None  # the service of its called or started ticket
    busy_minutes: float = 0.0  # how long it has had that ticket
    ratio: PriorityRatio | None = None  # its own priority ratio; None: the hall's


@dataclass(frozen=True, slots=True)
class Projection:
    minutes: float | None  # None: no open counter will call the ticket
    ahead: int  # tickets called before it


class _Queue:
    """The waiting tickets in queue order, and which tickets each counter may call.

    A ticket is its position in ``(queue_key, id)`` order, so "older" is a comparison of
    integers. Each counter's callable tickets of one kind (those of the services it serves,
    not sent to another counter) are a list of positions ending with ``_NONE``, built once
    from per-service lanes; the projection reads it with a pointer that skips taken ones.
    """

    __slots__ = ("tickets", "by_id", "kinds", "services", "_lanes", "_aimed", "_lists")

    def __init__(self, queue: Iterable[QueuedTicket]) -> None:
        self.by_id = {t.ticket_id: t for t in queue}  # the last of one id wins
        self.tickets = sorted(self.by_id.values(), key=_ORDER)
        self.kinds = [t.priority for t in self.tickets]
        self.services = [t.service_id for t in self.tickets]
        self._lanes: dict[tuple[int, bool], list[int]] = {}
        self._aimed: dict[int, list[int]] = {}
        lanes = self._lanes
        keys = zip(self.services, self.kinds, strict=True)
        sent = [t.target_counter_id for t in self.tickets]
        if sent.count(None) == len(sent):  # no ticket sent to a counter: the usual hall
            for position, key in enumerate(keys):
                lane = lanes.get(key)
                if lane is None:
                    lane = lanes[key] = []
                lane.append(position)
        else:
            for position, (key, to) in enumerate(zip(keys, sent, strict=True)):
                if to is None:
                    lanes.setdefault(key, []).append(position)
                else:
                    self._aimed.setdefault(to, []).append(position)
        self._lists: dict[tuple[frozenset[int], int | None, bool], list[int]] = {}

    def callable_by(self, counter: CounterNow, kind: bool) -> list[int]:
        """Positions of the tickets of ``kind`` that ``counter`` may call, then ``_NONE``."""
        aimed = self._aimed.get(counter.counter_id)
        key = (counter.service_ids, None if aimed is None else counter.counter_id, kind)
        found = self._lists.get(key)
        if found is None:
            parts = [
                lane
                for lane in (self._lanes.get((s, kind)) for s in counter.service_ids)
                if lane is not None
            ]
            if aimed is not None:
                tickets = self.tickets
                parts.append(
                    [
                        p
                        for p in aimed
                        if tickets[p].priority == kind
                        and tickets[p].service_id in counter.service_ids
                    ]
                )
            found = parts[0][:] if len(parts) == 1 else sorted(chain.from_iterable(parts))
            found.append(_NONE)
            self._lists[key] = found
        return found


_NONE = -1  # the end of a counter's callable tickets (a position never taken)

# a projection's counters before the first call: the idle ones (the last first, as they are
# popped) and the busy ones' rates (calls per minute), in counter order
_Start = tuple[list[int], list[tuple[int, float]]]


def project(
    queue: Iterable[QueuedTicket],
    counters: Sequence[CounterNow],
    times: Mapping[int, ServiceTime],
    ratio: PriorityRatio,
    target: QueuedTicket,
) -> Projection:
    """Play the open counters forward until one calls ``target``.

    ``queue`` holds the waiting tickets (any order; ``target`` may be among them or be a
    ticket not yet issued, placed at the end with ``END_OF_QUEUE``'s key); ``times`` maps
    every service id the counters serve to its ``ServiceTime``. Minutes are from now.
    """
    waiting = _Queue([*queue, target])
    can_call = {
        i
        for i, c in enumerate(counters)
        if target.service_id in c.service_ids and target.target_counter_id in (None, c.counter_id)
    }
    if not can_call:  # nobody open can call it: when, unknown; who is ahead, its own queue
        return Projection(None, older_in_service(queue, target))
    at = bisect_left(waiting.tickets, target.order, key=_order)
    callable_ = [(waiting.callable_by(c, True), waiting.callable_by(c, False)) for c in counters]
    return _play(
        waiting.kinds,
        waiting.services,
        callable_,
        at,
        can_call,
        counters,
        times,
        ratio,
        _start(counters, times),
    )


def project_new(
    queue: Iterable[QueuedTicket],
    counters: Sequence[CounterNow],
    times: Mapping[int, ServiceTime],
    ratio: PriorityRatio,
) -> dict[int, Projection]:
    """``project`` for a regular ticket of every service issued now (the kiosk's tiles and
    the display). Services no open counter serves are missing from the result (their
    estimate is unknown).

    One projection per set of counters serving a service: which counters matter depends on
    the service (a counter that cannot call it counts only while it takes tickets ahead of
    it), so one pass for all would let a counter that serves only another service hold up
    its calls; services served by the same counters get the same answer (a new ticket is
    the youngest: a counter takes it when it has nothing else, whichever of them it is).
    The projections share the queue's order, the counters' callable tickets and their
    state before the first call.
    """
    waiting = tuple(queue)
    groups: dict[frozenset[int], list[int]] = {}
    for service_id in sorted(set().union(*(c.service_ids for c in counters))):
        serving = frozenset(i for i, c in enumerate(counters) if service_id in c.service_ids)
        groups.setdefault(serving, []).append(service_id)
    found: dict[int, Projection] = {}
    shared: _Queue | None = None
    start: _Start | None = None
    for serving, service_ids in groups.items():
        target = QueuedTicket(NEW_TICKET_ID, END_OF_QUEUE[0], service_ids[0], False)
        if shared is None:
            shared = _Queue(waiting)
        tickets = shared.tickets
        if target.ticket_id in shared.by_id or (tickets and _order(tickets[-1]) >= target.order):
            projection = project(waiting, counters, times, ratio, target)  # not the youngest
        else:
            if start is None:
                start = _start(counters, times)
            at = len(tickets)
            callable_ = []
            for index, counter in enumerate(counters):
                priority, regular = (
                    shared.callable_by(counter, True),
                    shared.callable_by(counter, False),
                )
                if index in serving:  # the new ticket is theirs to call, last
                    regular = [*regular[:-1], at, _NONE]
                callable_.append((priority, regular))
            projection = _play(
                [*shared.kinds, target.priority],
                [*shared.services, target.service_id],
                callable_,
                at,
                set(serving),
                counters,
                times,
                ratio,
                start,
            )
        if projection.minutes is not None:
            found.update(dict.fromkeys(service_ids, projection))
    return found


def _start(counters: Sequence[CounterNow], times: Mapping[int, ServiceTime]) -> _Start:
    idle: list[int] = []
    busy: list[tuple[int, float]] = []
    for index, counter in enumerate(counters):
        if counter.busy_service_id is None:
            idle.append(index)
        else:
            remaining = _time(times, counter.busy_service_id).residual(counter.busy_minutes)
            busy.append((index, 1.0 / max(remaining, MIN_MINUTES)))
    idle.reverse()  # popped from the end: the first counter first
    return idle, busy


def _play(
    kinds: Sequence[bool],
    service_of: Sequence[int],
    callable_: Sequence[tuple[list[int], list[int]]],
    target: int,
    can_call: set[int],
    counters: Sequence[CounterNow],
    times: Mapping[int, ServiceTime],
    ratio: PriorityRatio,
    start: _Start,
) -> Projection:
    """The projection itself: counters call in turn until one calls position ``target``.

    When the counters call: idle counters call at once, in order. Busy ones free up as a
    pool: each busy counter ``i`` is expected to need ``r_i`` more minutes, and with service
    times close to memoryless the first of them frees up after ``1 / Σ 1/r_j`` on average
    (the expected minimum, not the smallest expectation: three counters each busy for 9
    more minutes call after 3, 6, 9, 12 … minutes, not three at once at 9). The one that
    calls is the one most due: every counter accrues ``step / r_i`` per step, the highest
    total goes (the lower index on a tie) and pays 1, so over time each calls in proportion
    to its rate. A counter handed a ticket is busy again for that service's mean; one that
    takes nothing drops out, as a counter with nothing it may call never calls again.

    Counters that cannot call the target matter only while they take tickets ahead of it
    (each one they take is one the others need not): then they leave the pool at once, so
    their free-ups stop holding up the calls that matter. ``rate`` keeps the busy counters
    in the order they became busy: the sum of the rates is taken in that order (floats).
    """
    idle = start[0][:]
    rate = dict(start[1])
    due = [0.0] * len(counters)  # what each counter is due (kept while it is busy again)
    now = 0.0
    taken = bytearray(len(kinds) + 1)  # the last byte, taken[_NONE], stays 0
    first = [0] * len(counters)  # per counter: where its priority list's first untaken is
    first_regular = [0] * len(counters)
    last_kind = [c.streak.last_priority for c in counters]
    run = [c.streak.length for c in counters]
    ratios = [c.ratio if c.ratio is not None else ratio for c in counters]
    service_rate: dict[int, float] = {}
    # a counter that cannot call the target -> an older ticket it may still call
    watch: dict[int, int] = {}
    stale = [i for i in range(len(counters)) if i not in can_call]
    ahead = 0
    while True:
        for index in stale:  # still a ticket older than the target to call?
            head = _NONE
            for kind_first, lists in ((first, 0), (first_regular, 1)):
                positions = callable_[index][lists]
                at = kind_first[index]
                while taken[positions[at]]:
                    at += 1
                kind_first[index] = at
                if 0 <= positions[at] < target:
                    head = positions[at]
                    break
            if head == _NONE:
                if index in idle:
                    idle.remove(index)
                rate.pop(index, None)
                watch.pop(index, None)
            else:
                watch[index] = head
        stale = []
        if idle:
            index = idle.pop()
        elif rate:
            step = 1.0 / sum(rate.values())
            now += step
            index, most = -1, -math.inf
            for i, r in rate.items():
                d = due[i] + r * step
                due[i] = d
                if d > most or (d == most and i < index):
                    index, most = i, d
            del rate[index]
            due[index] -= 1.0
        else:
            break
        priority, regular = callable_[index]
        at = first[index]
        while taken[priority[at]]:
            at += 1
        first[index] = at
        head = priority[at]
        at = first_regular[index]
        while taken[regular[at]]:
            at += 1
        first_regular[index] = at
        head_regular = regular[at]
        if head == _NONE:
            if head_regular == _NONE:
                continue  # nothing it may call will ever wait for it again: it drops out
            head = head_regular
        elif head_regular != _NONE:  # both kinds wait: the ratio and the streak decide
            last = last_kind[index]
            if last is not None:
                length = run[index]
                own = ratios[index]
                if length >= own.priority if last else length < own.regular:
                    head = head_regular
        taken[head] = 1
        if watch:
            stale = [i for i, watched in watch.items() if watched == head]
        kind = kinds[head]
        if last_kind[index] is kind:
            run[index] += 1
        else:
            last_kind[index], run[index] = kind, 1
        if head == target:
            return Projection(now, ahead)
        ahead += 1
        service_id = service_of[head]
        busy = service_rate.get(service_id)
        if busy is None:
            busy = service_rate[service_id] = 1.0 / max(_time(times, service_id).mean, MIN_MINUTES)
        rate[index] = busy
    return Projection(None, ahead)


def older_in_service(queue: Iterable[QueuedTicket], target: QueuedTicket) -> int:
    """Waiting tickets of ``target``'s service before it in the queue: who is surely ahead
    of it whichever counter opens, when no open counter serves it yet."""
    return sum(
        1
        for t in queue
        if t.service_id == target.service_id
        and t.ticket_id != target.ticket_id
        and t.order < target.order
    )


def _order(ticket: QueuedTicket) -> tuple[float, float]:
    return ticket.order


def _time(times: Mapping[int, ServiceTime], service_id: int) -> ServiceTime:
    found = times.get(service_id)
    if found is None:
        raise KeyError(f"no service time for service id {service_id}")
    return found


def wait_estimate(
    projection: Projection, counters: Sequence[CounterNow], time: ServiceTime, service_id: int
) -> WaitEstimate:
    """The projection as the ticket, the kiosk and the display report it."""
    serving = sum(1 for c in counters if service_id in c.service_ids)
    if projection.minutes is None:
        return WaitEstimate(None, projection.ahead, float(serving), time.mean, "no_counter")
    minutes = shown_minutes(projection.minutes)
    return WaitEstimate(minutes, projection.ahead, float(serving), time.mean, time.basis)


def shown_minutes(projected: float) -> int:
    """The whole minutes a projected wait is shown as: the nearest, but never 0 ("you are
    next") for a ticket that waits for a counter to free up."""
    if projected <= 1e-9:
        return 0
    return max(1, math.floor(projected + 0.5))
