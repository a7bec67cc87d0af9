"""A frozen copy of ``app/domain/estimate.py`` before its projection was made cheaper
(2026-12-01): the oracle ``test_estimate.py`` compares the current one with.
Do not change it; the current module must give bit-identical results.

The original module docstring:

Estimated waiting time: a projection of who the counters will call, in what order, when.

The estimate for a ticket answers "when will a counter call me?" by playing the hall forward
with the rules the counters really follow (``docs/estimates.md`` has the whole argument):

* **Who is called first** is decided by the same functions ``call_next`` uses: each counter
  takes the oldest ticket (``(queue_key, id)`` order) across the services it serves, of the
  kind ``app.domain.priority.choose_priority`` picks from the hall's priority ratio and that
  counter's current streak; tickets sent to another counter are skipped. Only counters that
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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from app.domain.model import WaitEstimate
from app.domain.priority import PriorityRatio, Streak, choose_priority

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


@dataclass(frozen=True, slots=True)
class QueuedTicket:
    """A waiting ticket as the projection sees it."""

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


@dataclass
class _Lane:
    """One service's waiting tickets of one kind, in queue order, with taken ones skipped."""

    tickets: list[QueuedTicket] = field(default_factory=list)
    start: int = 0

    def first_for(self, counter_id: int, taken: set[int]) -> QueuedTicket | None:
        while self.start < len(self.tickets) and self.tickets[self.start].ticket_id in taken:
            self.start += 1
        for ticket in self.tickets[self.start :]:
            if ticket.ticket_id in taken:
                continue
            if ticket.target_counter_id in (None, counter_id):
                return ticket
        return None


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
    lanes = _lanes([*queue, target])
    can_call = {
        i
        for i, c in enumerate(counters)
        if target.service_id in c.service_ids and target.target_counter_id in (None, c.counter_id)
    }
    if not can_call:  # nobody open can call it: when, unknown; who is ahead, its own queue
        return Projection(None, older_in_service(queue, target))
    streaks = [c.streak for c in counters]
    calls = _Calls(counters, times)
    # counters that cannot call the target matter only while they take tickets ahead of it
    # (each one they take is one the others need not): then they leave the pool at once, so
    # their free-ups stop holding up the calls that matter (``_Calls.drop``)
    watch: dict[int, int] = {}  # such a counter -> an older ticket it may still call
    stale = [i for i in range(len(counters)) if i not in can_call]
    taken: set[int] = set()
    ahead = 0
    while True:
        for index in stale:
            head = _first_before(lanes, counters[index], target, taken)
            if head is None:
                calls.drop(index)
                watch.pop(index, None)
            else:
                watch[index] = head.ticket_id
        stale = []
        if not calls:
            break
        at, index = calls.next()
        counter = counters[index]
        heads = {kind: _oldest(lanes, counter, kind, taken) for kind in (True, False)}
        kind = choose_priority(
            counter.ratio or ratio,
            streaks[index],
            heads[True] is not None,
            heads[False] is not None,
        )
        if kind is None:
            continue  # nothing it may call will ever wait for it again: it drops out
        chosen = heads[kind]
        assert chosen is not None  # choose_priority picks a kind that waits
        ticket = chosen
        taken.add(ticket.ticket_id)
        stale = [i for i, watched in watch.items() if watched == ticket.ticket_id]
        streaks[index] = streaks[index].after(ticket.priority)
        if ticket.ticket_id == target.ticket_id:
            return Projection(at, ahead)
        ahead += 1
        calls.busy(index, _time(times, ticket.service_id).mean)
    return Projection(None, ahead)


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
    """
    waiting = tuple(queue)
    groups: dict[frozenset[int], list[int]] = {}
    for service_id in sorted(set().union(*(c.service_ids for c in counters))):
        serving = frozenset(i for i, c in enumerate(counters) if service_id in c.service_ids)
        groups.setdefault(serving, []).append(service_id)
    found: dict[int, Projection] = {}
    for service_ids in groups.values():
        target = QueuedTicket(NEW_TICKET_ID, END_OF_QUEUE[0], service_ids[0], False)
        projection = project(waiting, counters, times, ratio, target)
        if projection.minutes is not None:
            found.update(dict.fromkeys(service_ids, projection))
    return found


def _lanes(queue: Iterable[QueuedTicket]) -> dict[tuple[int, bool], _Lane]:
    lanes: dict[tuple[int, bool], _Lane] = {}
    for ticket in sorted({t.ticket_id: t for t in queue}.values(), key=_order):
        lanes.setdefault((ticket.service_id, ticket.priority), _Lane()).tickets.append(ticket)
    return lanes


class _Calls:
    """When the counters make their next calls, and which counter makes each.

    Idle counters call at once, in order. Busy ones free up as a pool: each busy counter
    ``i`` is expected to need ``r_i`` more minutes, and with service times close to
    memoryless the first of them frees up after ``1 / Σ 1/r_j`` on average (the expected
    minimum, not the smallest expectation: three counters each busy for 9 more minutes call
    after 3, 6, 9, 12 … minutes, not three at once at 9). The one that calls is the one most
    due: every counter accrues ``step / r_i`` per step, the highest total goes (the lower
    index on a tie) and pays 1, so over time each calls in proportion to its rate. A counter
    handed a ticket is busy again for that service's mean (``busy``); one that takes nothing
    drops out, as a counter with nothing it may call never calls again in the projection.
    """

    def __init__(self, counters: Sequence[CounterNow], times: Mapping[int, ServiceTime]) -> None:
        self.now = 0.0
        self._idle: list[int] = []
        self._rate: dict[int, float] = {}
        self._due: dict[int, float] = {}
        for index, counter in enumerate(counters):
            busy = counter.busy_service_id
            if busy is None:
                self._idle.append(index)
            else:
                self.busy(index, _time(times, busy).residual(counter.busy_minutes))
        self._idle.reverse()  # popped from the end: the first counter first

    def __bool__(self) -> bool:
        return bool(self._idle or self._rate)

    def next(self) -> tuple[float, int]:
        """The next call: (minutes from now, index of the counter that makes it)."""
        if self._idle:
            return self.now, self._idle.pop()
        step = 1.0 / sum(self._rate.values())
        self.now += step
        for index, rate in self._rate.items():
            self._due[index] += rate * step
        index = max(self._rate, key=lambda i: (self._due[i], -i))
        del self._rate[index]
        self._due[index] -= 1.0
        return self.now, index

    def drop(self, index: int) -> None:
        """Counter ``index`` will call nothing that matters any more: it leaves the pool."""
        if index in self._idle:
            self._idle.remove(index)
        self._rate.pop(index, None)
        self._due.pop(index, None)

    def busy(self, index: int, minutes: float) -> None:
        """Counter ``index`` is expected to be busy for ``minutes`` more."""
        self._rate[index] = 1.0 / max(minutes, MIN_MINUTES)
        self._due.setdefault(index, 0.0)


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


def _first_before(
    lanes: Mapping[tuple[int, bool], _Lane],
    counter: CounterNow,
    target: QueuedTicket,
    taken: set[int],
) -> QueuedTicket | None:
    """A ticket older than ``target`` that ``counter`` may still call (of either kind)."""
    for kind in (True, False):
        head = _oldest(lanes, counter, kind, taken)
        if head is not None and head.order < target.order:
            return head
    return None


def _oldest(
    lanes: Mapping[tuple[int, bool], _Lane], counter: CounterNow, priority: bool, taken: set[int]
) -> QueuedTicket | None:
    best: QueuedTicket | None = None
    for service_id in counter.service_ids:
        lane = lanes.get((service_id, priority))
        if lane is None:
            continue
        head = lane.first_for(counter.counter_id, taken)
        if head is not None and (best is None or head.order < best.order):
            best = head
    return best


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
