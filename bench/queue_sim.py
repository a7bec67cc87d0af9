"""Wait estimates against queueing theory: a discrete-event simulation of the real services.

Run from the repository root::

    .venv/bin/python bench/queue_sim.py                       # every scenario (5-8 min, 2 jobs)
    .venv/bin/python bench/queue_sim.py --quick               # smoke run: short days (~1 min)
    .venv/bin/python bench/queue_sim.py --scenario mm3-90 --days 20 --seed 7
    .venv/bin/python bench/queue_sim.py --json > sim.json     # the figures as JSON on stdout

The simulation only decides *when* things happen: Poisson arrivals and exponential or
lognormal service times, drawn from a seeded generator. Everything else is the real queue
core (``app.bootstrap.build_core`` on a SQLite file under /dev/shm, ``ManualClock``): tickets
are issued with ``issue_ticket``, counters take the next ticket with
``call_next(n, auto_finish=False)`` the moment they are free, ``start`` at once and
``finish`` when their service time is up; ``close_day`` ends each business day and the
counters are opened again the next morning. Which ticket a counter gets, and the estimate and
people ahead a ticket is told at issue, come from the services; the waits are read back from
the database after each day (``called_at − issued_at``) and checked against the simulation's
own timeline; where the scenario is one FIFO queue, the day is also replayed through a
textbook c-server FIFO queue with the same arrivals and service times (``max_fifo_error_s``).

A business day is 24 h from the hall's ``day_start`` (00:00) and tickets of an earlier day can
no longer be called, so each simulated day is whole: arrivals in a window, then the counters
drain the queue, then ``close_day``. Days are the replications of the confidence intervals.
The check against theory does not rest on a t interval over the days (day means are right-
skewed, and over 5–60 days such an interval held the true mean as little as 83% of the time):
the recorded mean is compared with the band that M/M/c itself gives the mean of that many
days, drawn from 2,000 independent days of a textbook queue, after removing from every day
what its luck explains (arrivals, service times, initial queue against their expectations;
``textbook_days``).

* **Steady-state scenarios** start each day in the stationary state of M/M/c: a number of
  tickets drawn from its stationary distribution is issued at the start of the window and
  not counted. With exponential service this *is* the stationary process from the first
  minute, so no warm-up cut is needed to compare with Erlang-C; lognormal variants start the
  same way and drop the first two hours of each day. Day 0 is a short warm-up day that is
  not counted either: it gives the estimator the "recent days" it uses as its prior.
* **Morning rush** and **first day** start empty, as a real hall does, and are not compared
  with a stationary formula.

For every counted ticket the estimator's error is ``estimate − real wait`` (minutes; positive
means it said longer than it was). "Within" means the real wait is within ±50% or ±5 minutes
of the estimate, whichever is wider. The naive baseline is "people waiting in the same
service × the mean service time the estimator used ÷ open counters serving the service".
Where the model makes the wait's distribution given the state at issue known (exponential
times, no priority), three oracles see the same state with the true means: its mean
("best"), its median (the lowest MAE any estimate can have) and the estimate the most
waits fall within ("ceiling within"): Erlang(q + 1, c/mean) behind q people at c busy
identical counters, else by Monte Carlo (``mc_wait``).
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import functools
import heapq
import json
import math
import multiprocessing as mp
import os
import random
import statistics
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.bootstrap import Core, build_core  # noqa: E402
from app.domain.errors import QueueEmpty  # noqa: E402
from app.ports import ManualClock  # noqa: E402
from app.settings import DatabaseSettings, Settings  # noqa: E402
from bench._common import (  # noqa: E402
    BENCH_ACTOR,  # noqa: E402
    RESULTS_DIR,
    load_avg,
    machine_info,
    table,
    write_json,
)

ZONE = ZoneInfo("Asia/Jakarta")  # the hall's default time zone
FIRST_DAY = dt.date(2026, 3, 2)
DAY_END_MARGIN = 1.0  # minutes before the business day ends: close_day runs by then
LOGNORMAL_SIGMA = 0.668  # median/mean = exp(-σ²/2) = 0.8, as the issue measured; CV 0.75
WITHIN_SHARE = 0.5
WITHIN_MINUTES = 5.0

# targets of issue 12
TARGET_BIAS = 1.5
TARGET_MAE_GAIN = 0.20
TARGET_WITHIN = 0.85


# --- scenarios -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceSpec:
    code: str
    share: float  # of the arrivals
    mean: float  # true mean service time, minutes
    dist: str = "exp"  # "exp" | "lognormal"
    default: float | None = None  # configured default_service_minutes (None: the true mean)

    @property
    def cv2(self) -> float:
        return 1.0 if self.dist == "exp" else math.exp(LOGNORMAL_SIGMA**2) - 1


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    counters: tuple[tuple[str, ...], ...]  # services of counter 1, 2, …
    services: tuple[ServiceSpec, ...]
    rho: float  # offered load per counter (the steady rate, or the base rate of a profile)
    # arrival profile: (from, to, load) in minutes of the business day; None: one window
    profile: tuple[tuple[float, float, float], ...] | None = None
    window: tuple[float, float] = (30.0, 1230.0)  # arrivals 00:30–20:30 by default
    start: str = "stationary"  # "stationary" | "empty"
    priority_share: float = 0.0
    ratio: str = "1:2"
    warmup_minutes: float = 0.0  # tickets issued this long after the window opens not counted
    fresh_each_day: bool = False  # a new database every day (no history), no warm-up day
    days: int = 10
    theory: str = "erlang"  # "erlang" (M/M/c exact) | "pk" (M/G/1 exact) | "approx" | "none"
    # one FIFO queue, identical counters serving everything, exponential times, one mean:
    # the exact expected wait given the state at issue is known (``Record.oracle``)
    oracle: bool = True
    # exponential times, no priority, but counters serving different services: the same
    # conditional mean and median by Monte Carlo from the state at issue (``mc_wait``)
    oracle_mc: bool = False

    @property
    def c(self) -> int:
        return len(self.counters)

    @property
    def mean_service(self) -> float:
        return sum(s.share * s.mean for s in self.services)

    @property
    def cv2(self) -> float:
        second = sum(s.share * s.mean**2 * (1 + s.cv2) for s in self.services)
        return second / self.mean_service**2 - 1

    def rate(self, load: float) -> float:
        """Arrivals per minute that put ``load`` on each counter."""
        return load * self.c / self.mean_service


def _single(
    name: str,
    c: int,
    rho: float,
    mean: float,
    days: int,
    dist: str = "exp",
) -> Scenario:
    kind = "M/M" if dist == "exp" else "M/G"
    logn = dist != "exp"
    theory = "erlang" if not logn else ("pk" if c == 1 else "approx")
    return Scenario(
        name=name,
        title=f"{kind}/{c} ρ {rho}" + (" lognormal" if logn else "") + f", {mean:g} min",
        counters=(("A",),) * c,
        services=(ServiceSpec("A", 1.0, mean, dist),),
        rho=rho,
        warmup_minutes=120.0 if logn else 0.0,
        days=days,
        theory=theory,
        oracle=not logn,
    )


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        _single("mm1-50", 1, 0.5, 5.0, 12),
        _single("mm1-80", 1, 0.8, 5.0, 16),
        _single("mm1-90", 1, 0.9, 5.0, 20),
        _single("mg1-80-logn", 1, 0.8, 5.0, 10, "lognormal"),
        _single("mm3-70", 3, 0.7, 8.0, 6),
        _single("mm3-90", 3, 0.9, 8.0, 10),
        _single("mg3-90-logn", 3, 0.9, 8.0, 6, "lognormal"),
        _single("mm5-70", 5, 0.7, 8.0, 8),
        _single("mm5-90", 5, 0.9, 8.0, 12),
        Scenario(
            name="shared",
            title="two services (60/40) sharing 3 counters, ρ 0.8, 8 min",
            counters=(("A", "B"),) * 3,
            services=(ServiceSpec("A", 0.6, 8.0), ServiceSpec("B", 0.4, 8.0)),
            rho=0.8,
            days=6,
        ),
        Scenario(
            name="shared-mixed",
            title="A 6 min, B 12 min; counter 1 A, counters 2–3 A+B, ρ 0.8",
            counters=(("A",), ("A", "B"), ("A", "B")),
            services=(ServiceSpec("A", 0.6, 6.0), ServiceSpec("B", 0.4, 12.0)),
            rho=0.8,
            days=6,
            theory="none",
            oracle=False,
            oracle_mc=True,
        ),
        Scenario(
            name="priority",
            title="20% priority, ratio 1:2, M/M/3 ρ 0.8, 8 min",
            counters=(("A",),) * 3,
            services=(ServiceSpec("A", 1.0, 8.0),),
            rho=0.8,
            priority_share=0.2,
            days=8,
            oracle=False,
        ),
        Scenario(
            name="rush",
            title="morning rush: ρ 1.3 08:00–09:30, then 0.6 to 15:00; 3 counters, 8 min",
            counters=(("A",),) * 3,
            services=(ServiceSpec("A", 1.0, 8.0),),
            rho=0.6,
            profile=((480.0, 570.0, 1.3), (570.0, 900.0, 0.6)),
            window=(480.0, 900.0),
            start="empty",
            days=12,
            theory="none",
        ),
        Scenario(
            name="first-day",
            title="first day, no history: configured 12 min, really 8; 3 counters ρ 0.8",
            counters=(("A",),) * 3,
            services=(ServiceSpec("A", 1.0, 8.0, default=12.0),),
            rho=0.8,
            window=(480.0, 900.0),
            start="empty",
            fresh_each_day=True,
            days=12,
            theory="none",
        ),
    )
}

MODEL_DAYS = 2000  # independent days of each FIFO scenario through a textbook queue
BAND_DRAWS = 20000  # sets of counted days drawn from them for the band
WARMUP_DAY_WINDOW = 180.0  # minutes of arrivals on the uncounted day 0
QUICK_WINDOW = 120.0  # minutes of arrivals per day with --quick
QUICK_DAYS = 2


# --- queueing theory -----------------------------------------------------------------------


def erlang_c(c: int, a: float) -> float:
    """Probability that an arrival waits in M/M/c with offered load ``a`` (erlangs)."""
    if a >= c:
        return 1.0
    term, total = 1.0, 1.0
    for k in range(1, c):
        term *= a / k
        total += term
    last = term * a / c * c / (c - a)
    return last / (total + last)


def theory_wait(s: Scenario) -> float | None:
    """Mean wait in the queue (minutes) by the scenario's formula, or None."""
    if s.theory == "none":
        return None
    lam = s.rate(s.rho)
    mean = s.mean_service
    a = lam * mean
    mmc = erlang_c(s.c, a) * mean / (s.c - a)
    if s.theory == "erlang":
        return mmc
    if s.theory == "pk":  # Pollaczek–Khinchine, exact for M/G/1
        return lam * mean**2 * (1 + s.cv2) / (2 * (1 - a))
    return mmc * (1 + s.cv2) / 2  # Lee–Longton (Allen–Cunneen with Poisson arrivals)


def erlang_cdf(k: int, x: float) -> float:
    """P(Erlang(k, rate 1) <= x): one minus the Poisson(x) probability of fewer than k events."""
    if x <= 0:
        return 0.0
    log_x, below = math.log(x), 0.0
    for j in range(k):
        below += math.exp(-x + j * log_x - math.lgamma(j + 1))
    return max(0.0, 1.0 - below)


@functools.cache
def erlang_median(k: int) -> float:
    """Median of the sum of ``k`` exponential times of mean 1 (bisection; k - 1/3 for large k)."""
    low, high = max(0.0, k - 1.0), k + 0.0  # the median lies in (k - 1, k) (Chen & Rubin)
    for _ in range(60):
        mid = (low + high) / 2
        if erlang_cdf(k, mid) < 0.5:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def within_band(estimate: float) -> float:
    """Half-width of "within" around an estimate: ±50% or ±5 minutes, whichever is wider."""
    return max(WITHIN_MINUTES, WITHIN_SHARE * estimate)


def best_within_estimate(cdf: Callable[[float], float], high: float) -> float:
    """The estimate that the most waits fall within (for a wait whose distribution function
    is ``cdf``, mostly below ``high``): a grid over [0, high], then a finer one around the
    best point."""

    def share(e: float) -> float:
        half = within_band(e)
        return cdf(e + half) - cdf(e - half)

    best, low, top = 0.0, 0.0, high
    for _ in range(3):
        step = (top - low) / 40
        best = max((low + i * step for i in range(41)), key=share)
        low, top = max(0.0, best - step), best + step
    return best


@functools.cache
def erlang_best_within(k: int, unit: float) -> float:
    """``best_within_estimate`` for a wait of Erlang(k) with mean ``k × unit`` minutes."""
    return best_within_estimate(
        lambda x: erlang_cdf(k, x / unit), (k + 4 * math.sqrt(k) + 4) * unit
    )


def sample_best_within(waits: Sequence[float]) -> float:
    """``best_within_estimate`` for the empirical distribution of sorted ``waits``."""
    n = len(waits)
    return best_within_estimate(lambda x: bisect.bisect_right(waits, x) / n, waits[-1])


MC_DRAWS = 200  # futures drawn per ticket by ``mc_wait``


def mc_wait(
    rng: random.Random,
    ahead: Sequence[str],
    busy: dict[int, str | None],
    serves: dict[int, set[str]],
    means: dict[str, float],
    code: str,
) -> tuple[float, float, float]:
    """The mean and median wait, and the estimate the most waits fall within, of a new
    ticket of ``code`` behind the waiting tickets ``ahead`` (their services, oldest first),
    from ``MC_DRAWS`` futures of the hall as it is: each counter takes the oldest ticket it
    serves when it frees up; busy counters (``busy``: the service each is busy with, None:
    idle) free up after an exponential time of their service's true mean (memoryless: what
    has passed does not matter). Tickets issued later never go before it, so this is its
    exact conditional distribution, up to the Monte Carlo error."""
    waits = []
    for _ in range(MC_DRAWS):
        queue: list[str | None] = [*ahead, None]  # None: the new ticket
        heap = [(0.0 if b is None else rng.expovariate(1 / means[b]), n) for n, b in busy.items()]
        heapq.heapify(heap)
        while heap:
            at, number = heapq.heappop(heap)
            pick = next(
                (i for i, x in enumerate(queue) if (code if x is None else x) in serves[number]),
                None,
            )
            if pick is None:
                continue  # nothing it may call: it calls nobody before the new ticket
            taken = queue.pop(pick)
            if taken is None:
                waits.append(at)
                break
            heapq.heappush(heap, (at + rng.expovariate(1 / means[taken]), number))
    waits.sort()
    return statistics.fmean(waits), statistics.median(waits), sample_best_within(waits)


def stationary_count(rng: random.Random, c: int, a: float) -> int:
    """Number in system drawn from M/M/c's stationary distribution (load ``a`` erlangs)."""
    weights, term = [1.0], 1.0
    for n in range(1, c + 1):
        term *= a / n
        weights.append(term)
    rho = a / c
    tail = weights[-1] * rho / (1 - rho)  # n > c: geometric with ratio ρ
    total = sum(weights) + tail
    u = rng.random() * total
    for n, w in enumerate(weights):
        if u < w:
            return n
        u -= w
    extra = 1
    while rng.random() < rho:
        extra += 1
    return c + extra


_T95 = [12.71, 4.30, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23, 2.20, 2.18, 2.16, 2.14]
_T95 += [2.13, 2.12, 2.11, 2.10, 2.09, 2.09, 2.08, 2.07, 2.07, 2.06, 2.06, 2.06, 2.05, 2.05]


def t95(df: int) -> float:
    """Two-sided 95% Student t quantile."""
    if df < 1:
        return math.inf
    return _T95[df - 1] if df <= len(_T95) else 1.96 + 2.4 / df


def mean_ci(values: Sequence[float]) -> tuple[float, float]:
    """Mean and 95% half-width over replications."""
    if not values:
        return math.nan, math.nan
    mean = statistics.fmean(values)
    if len(values) < 2:
        return mean, math.inf
    return mean, t95(len(values) - 1) * statistics.stdev(values) / math.sqrt(len(values))


# --- the simulation ------------------------------------------------------------------------


@dataclass
class Record:
    ticket_id: int
    code: str
    priority: bool
    issued: float  # minutes since the day's 00:00
    estimate: int | None
    ahead: int
    naive: float | None
    oracle: float | None  # the exact expected wait given the state at issue, where known
    oracle_median: float | None  # the exact conditional median (the MAE-optimal prediction)
    oracle_within: float | None  # the prediction that the most waits fall within, given it
    counted: bool
    called: float | None = None
    db_wait: float | None = None
    service: float | None = None  # the service time drawn for it
    initial: bool = False  # issued at the start of the day to put it in the stationary state

    @property
    def wait(self) -> float | None:
        return None if self.called is None else self.called - self.issued


@dataclass
class DayResult:
    records: list[Record] = field(default_factory=list)
    unserved: int = 0
    max_record_error_s: float = 0.0  # |database wait − simulated wait|, seconds
    max_fifo_error_s: float | None = None  # |wait − textbook FIFO M/M/c replay|, seconds

    @property
    def luck(self) -> tuple[float, float, float]:
        """What the day's streams drew: tickets issued at the start (the initial state),
        tickets issued in the window, and the mean of all service times drawn."""
        services = [r.service for r in self.records if r.service is not None]
        initial = sum(1 for r in self.records if r.initial)
        return (float(initial), float(len(self.records) - initial), statistics.fmean(services))


class Hall:
    """One scenario's hall: a real core on a fresh SQLite file, driven by a manual clock."""

    def __init__(self, scenario: Scenario, directory: Path, tag: str) -> None:
        self.s = scenario
        self.path = directory / f"{tag}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        self.day = 0
        self.clock = ManualClock(self.local(0.0) - dt.timedelta(minutes=30))
        url = f"sqlite:///{self.path}"
        self.core: Core = build_core(Settings(database=DatabaseSettings(url=url)), clock=self.clock)
        self.core.setup.seed_typical(counters=scenario.c)
        for spec in scenario.services:
            self.core.setup.configure_service(
                spec.code,
                opens_at=None,
                closes_at=None,
                daily_quota=None,
                default_service_minutes=spec.default if spec.default is not None else spec.mean,
                actor=BENCH_ACTOR,
            )
        for number, codes in enumerate(scenario.counters, start=1):
            self.core.setup.assign_services(number, list(codes), actor=BENCH_ACTOR)
        self.core.hall.update_hall_config(
            priority_ratio=scenario.ratio, day_start="00:00", actor=BENCH_ACTOR
        )
        self.specs = {spec.code: spec for spec in scenario.services}
        self.serves = {n: set(codes) for n, codes in enumerate(scenario.counters, start=1)}

    def close(self) -> None:
        self.core.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def local(self, minute: float) -> dt.datetime:
        midnight = dt.datetime.combine(FIRST_DAY + dt.timedelta(days=self.day), dt.time(), ZONE)
        return midnight + dt.timedelta(minutes=minute)

    def set_time(self, minute: float) -> None:
        self.clock.set(self.local(minute))

    def run_day(self, rng: random.Random, window: tuple[float, float], counted: bool) -> DayResult:
        """One business day: arrivals in ``window`` (minutes of the day), drain, close."""
        s = self.s
        result = DayResult()
        records: dict[int, Record] = {}
        waiting: dict[str, set[int]] = {spec.code: set() for spec in s.services}
        idle: deque[int] = deque(range(1, s.c + 1))
        busy_with: dict[int, str] = {}  # the service each busy counter serves now
        # its own stream, seeded from the day's without drawing from it (same day streams)
        mc_rng = random.Random(sum(rng.getstate()[1]))
        events: list[tuple[float, int, str, Any]] = []
        seq = 0

        def push(at: float, kind: str, data: Any) -> None:
            nonlocal seq
            seq += 1
            heapq.heappush(events, (at, seq, kind, data))

        for at, code, priority, initial in day_arrivals(s, rng, window):
            push(at, "arrive", (code, priority, initial))
        start, end = window
        cut = start + min(s.warmup_minutes, (end - start) / 4)  # short (quick) days: less

        def call(number: int, now: float) -> bool:
            try:
                view = self.core.queue.call_next(number, auto_finish=False, actor=BENCH_ACTOR)
            except QueueEmpty:
                return False
            record = records[view.id]
            record.called = now
            busy_with[number] = view.current_service_code
            waiting[view.current_service_code].discard(view.id)
            self.core.queue.start(number, actor=BENCH_ACTOR)
            record.service = draw_service(rng, self.specs[view.current_service_code])
            push(now + record.service, "finish", number)
            return True

        day_end = 24 * 60 - DAY_END_MARGIN
        now = start
        while events and events[0][0] < day_end:
            now, _, kind, data = heapq.heappop(events)
            self.set_time(now)
            if kind == "arrive":
                code, priority, initial = data
                oracle = oracle_median = oracle_within = None
                if s.oracle:
                    # one FIFO queue, c identical exponential counters: behind ``ahead`` people
                    # with every counter busy the wait is Erlang(ahead + 1, c / mean)
                    ahead = sum(len(w) for w in waiting.values())
                    free = any(code in self.serves[n] for n in idle)
                    unit = s.mean_service / s.c
                    oracle = 0.0 if free else (ahead + 1) * unit
                    oracle_median = 0.0 if free else erlang_median(ahead + 1) * unit
                    oracle_within = 0.0 if free else erlang_best_within(ahead + 1, unit)
                elif s.oracle_mc:
                    order = [records[t].code for t in sorted(set().union(*waiting.values()))]
                    busy = {n: (None if n in idle else busy_with[n]) for n in self.serves}
                    means = {code: spec.mean for code, spec in self.specs.items()}
                    oracle, oracle_median, oracle_within = mc_wait(
                        mc_rng, order, busy, self.serves, means, code
                    )
                issued = self.core.queue.issue_ticket(code, priority=priority, printed=False)
                estimate = issued.estimate
                serving = estimate.open_counters
                naive = len(waiting[code]) * estimate.service_minutes / serving if serving else None
                tid = issued.ticket.id
                records[tid] = Record(
                    tid,
                    code,
                    priority,
                    now,
                    estimate.minutes,
                    issued.people_ahead,
                    naive,
                    oracle,
                    oracle_median,
                    oracle_within,
                    counted and not initial and now >= cut,
                    initial=initial,
                )
                waiting[code].add(tid)
                for number in list(idle):
                    if code in self.serves[number] and call(number, now):
                        idle.remove(number)
                        break
            else:
                number = data
                self.core.queue.finish(number, actor=BENCH_ACTOR)
                if not call(number, now):
                    idle.append(number)
        result.unserved = sum(len(w) for w in waiting.values())
        self.set_time(max(now, min(day_end, now + 1.0)))
        today = self.core.hall.business_date()
        self.core.hall.close_day(actor=BENCH_ACTOR)
        for view in self.core.hall.tickets(day=today):
            record = records.get(view.id)
            if record is None or view.called_at is None:
                continue
            record.db_wait = (view.called_at - view.issued_at).total_seconds() / 60
            assert record.wait is not None, f"ticket {view.id} called but not by the simulation"
            error = abs(record.db_wait - record.wait) * 60
            result.max_record_error_s = max(result.max_record_error_s, error)
        result.records = list(records.values())
        if s.oracle and not s.profile:
            result.max_fifo_error_s = fifo_replay_error(result.records, s.c)
        self.day += 1
        self.set_time(0.0)
        for number in range(1, s.c + 1):
            self.core.hall.open_counter(number, actor=BENCH_ACTOR)
        return result


def day_arrivals(
    s: Scenario, rng: random.Random, window: tuple[float, float]
) -> list[tuple[float, str, bool, bool]]:
    """A day's arrivals in time order: (minute, service code, priority, initial)."""
    codes = [spec.code for spec in s.services]
    shares = [spec.share for spec in s.services]
    found: list[tuple[float, str, bool, bool]] = []

    def arrival(at: float, initial: bool) -> None:
        code = rng.choices(codes, shares)[0]
        found.append((at, code, rng.random() < s.priority_share, initial))

    start, end = window
    if s.start == "stationary":
        for _ in range(stationary_count(rng, s.c, s.rate(s.rho) * s.mean_service)):
            arrival(start, True)
    segments = s.profile if s.profile and window == s.window else ((start, end, s.rho),)
    for seg_from, seg_to, load in segments:
        at = seg_from
        rate = s.rate(load)
        while True:
            at += rng.expovariate(rate)
            if at >= seg_to:
                break
            arrival(at, False)
    return found


def draw_service(rng: random.Random, spec: ServiceSpec) -> float:
    if spec.dist == "exp":
        return rng.expovariate(1 / spec.mean)
    mu = math.log(spec.mean) - LOGNORMAL_SIGMA**2 / 2
    return rng.lognormvariate(mu, LOGNORMAL_SIGMA)


def textbook_day(s: Scenario, rng: random.Random) -> tuple[float, tuple[float, float, float]]:
    """One day of the scenario through a textbook FIFO queue of ``s.c`` identical servers,
    without the database: the mean wait of the tickets the simulation counts, and the day's
    ``DayResult.luck``. Draws from ``rng`` in the simulation's order (arrivals, then one
    service time per call)."""
    spec = {x.code: x for x in s.services}
    free = [0.0] * s.c
    waits, services, initials = [], [], 0
    for at, code, _, initial in day_arrivals(s, rng, s.window):
        start = max(heapq.heappop(free), at)
        services.append(draw_service(rng, spec[code]))
        heapq.heappush(free, start + services[-1])
        initials += initial
        if not initial and at >= s.window[0] + s.warmup_minutes:
            waits.append(start - at)
    luck = (float(initials), float(len(services) - initials), statistics.fmean(services))
    return statistics.fmean(waits), luck


def expected_luck(s: Scenario) -> tuple[float, float, float]:
    """``DayResult.luck``'s expectation for a stationary scenario."""
    a = s.rate(s.rho) * s.mean_service
    weights, term = [1.0], 1.0
    for n in range(1, s.c + 1):
        term *= a / n
        weights.append(term)
    rho = a / s.c
    tail = weights[-1] * rho / (1 - rho)
    above = weights[-1] * (s.c * rho / (1 - rho) + rho / (1 - rho) ** 2)  # Σ (c+k) w_c ρ^k
    initial = (sum(n * w for n, w in enumerate(weights)) + above) / (sum(weights) + tail)
    return initial, s.rate(s.rho) * (s.window[1] - s.window[0]), s.mean_service


def adjusted(wait: float, luck: Sequence[float], slope: Sequence[float], s: Scenario) -> float:
    """A day's mean wait less what its luck explains (control variates): ``slope`` per unit
    of each of ``DayResult.luck`` off its expectation."""
    return wait - sum(b * (x - e) for b, x, e in zip(slope, luck, expected_luck(s), strict=True))


def textbook_days(s: Scenario, seed: int, counted: int) -> dict[str, Any] | None:
    """The scenario through a textbook FIFO queue (where that is its model: stationary, every
    counter serving everything): its counted days' own streams (their mean must equal the
    recorded one), and ``MODEL_DAYS`` further, independent days, which give the long-run
    mean (against theory) and the **band**: the central 95% of the mean of ``counted`` days
    drawn from those model days. A recorded mean outside the band is a fault or a 1-in-20
    day set; unlike a t interval over a few right-skewed day means, the band holds 95%
    whatever the skew.

    The **adjusted** band does the same for day means less what the day's luck explains
    (``adjusted``; the slopes fitted over the model days by least squares): a day that drew
    fewer arrivals, shorter services or a shorter initial queue than expected has shorter
    waits for that reason alone. Removing it narrows the band by a quarter to a third and
    keeps it exact (the slopes are fixed before the recorded days are looked at)."""
    if s.profile is not None or s.start != "stationary" or counted < 1:
        return None
    codes = {x.code for x in s.services}
    if any(set(served) != codes for served in s.counters):
        return None
    same = [textbook_day(s, day_rng(seed, s.name, day))[0] for day in range(1, counted + 1)]
    model = [
        textbook_day(s, day_rng(seed, s.name, day))
        for day in range(counted + 1, counted + 1 + MODEL_DAYS)
    ]
    waits = [w for w, _ in model]
    mean, half = mean_ci(waits)
    luck = numpy.array([x for _, x in model]) - numpy.array(expected_luck(s))
    design = numpy.column_stack([numpy.ones(len(model)), luck])
    slope = [float(b) for b in numpy.linalg.lstsq(design, numpy.array(waits), rcond=None)[0][1:]]
    fixed = [adjusted(w, x, slope, s) for w, x in model]
    return {
        "counted_days_mean": statistics.fmean(same),
        "days": MODEL_DAYS,
        "mean": mean,
        "ci95": half,
        "band95": _band(waits, counted, f"{seed}:{s.name}:band"),
        "slope": slope,
        "adjusted_sd_ratio": statistics.stdev(fixed) / statistics.stdev(waits),
        "band95_adjusted": _band(fixed, counted, f"{seed}:{s.name}:band-adjusted"),
    }


def _band(days: Sequence[float], n: int, seed: str) -> list[float]:
    """The central 95% of the mean of ``n`` days drawn from ``days``."""
    pick = random.Random(seed)
    means = sorted(statistics.fmean(pick.choices(days, k=n)) for _ in range(BAND_DRAWS))
    return [means[int(0.025 * BAND_DRAWS)], means[int(0.975 * BAND_DRAWS) - 1]]


def fifo_replay_error(records: Sequence[Record], c: int) -> float:
    """Replay a day through a textbook FIFO queue with ``c`` identical servers, with the same
    arrivals and service times; the largest difference from the waits the services gave
    (seconds). Zero: ``call_next`` served that day exactly first come, first served."""
    free = [0.0] * c
    worst = 0.0
    for record in sorted(records, key=lambda r: r.ticket_id):
        if record.service is None or record.wait is None:
            continue
        start = max(heapq.heappop(free), record.issued)
        heapq.heappush(free, start + record.service)
        worst = max(worst, abs((start - record.issued) - record.wait) * 60)
    return worst


def day_rng(seed: int, scenario: str, day: int) -> random.Random:
    return random.Random(f"{seed}:{scenario}:{day}")


def simulate(
    scenario: Scenario, days: int, seed: int, quick: bool, directory: Path
) -> dict[str, Any]:
    """Run ``days`` counted days of ``scenario`` and summarize them."""
    started = time.perf_counter()
    window = scenario.window
    if quick:
        window = (window[0], window[0] + QUICK_WINDOW)
    measured: list[DayResult] = []
    if scenario.fresh_each_day:
        for day in range(days):
            hall = Hall(scenario, directory, f"{scenario.name}-{os.getpid()}-{day}")
            try:
                measured.append(hall.run_day(day_rng(seed, scenario.name, day), window, True))
            finally:
                hall.close()
    else:
        hall = Hall(scenario, directory, f"{scenario.name}-{os.getpid()}")
        try:
            warm = (window[0], window[0] + (QUICK_WINDOW / 2 if quick else WARMUP_DAY_WINDOW))
            hall.run_day(day_rng(seed, scenario.name, 0), warm, False)
            for day in range(1, days + 1):
                measured.append(hall.run_day(day_rng(seed, scenario.name, day), window, True))
        finally:
            hall.close()
    book = None if quick else textbook_days(scenario, seed, days)
    summary = summarize(scenario, measured, book)
    summary["seconds"] = round(time.perf_counter() - started, 1)
    return summary


# --- figures -------------------------------------------------------------------------------


def within(estimate: float, real: float) -> bool:
    return abs(real - estimate) <= within_band(estimate)


def accuracy(pairs: Sequence[tuple[float, float]]) -> dict[str, float]:
    """MAE, bias and share within of (estimate, real wait) pairs."""
    if not pairs:
        return {"mae": math.nan, "bias": math.nan, "within": math.nan}
    errors = [e - r for e, r in pairs]
    return {
        "mae": statistics.fmean(abs(x) for x in errors),
        "bias": statistics.fmean(errors),
        "within": sum(within(e, r) for e, r in pairs) / len(pairs),
    }


def _counted(days: Sequence[DayResult]) -> list[list[Record]]:
    return [
        [r for r in d.records if r.counted and r.wait is not None and r.estimate is not None]
        for d in days
    ]


def _figures(per_day: list[list[Record]]) -> dict[str, Any]:
    flat = [r for day in per_day for r in day]
    est = accuracy([(float(r.estimate or 0), r.wait or 0.0) for r in flat])
    naive = accuracy([(r.naive or 0.0, r.wait or 0.0) for r in flat if r.naive is not None])
    oracle = accuracy([(r.oracle or 0.0, r.wait or 0.0) for r in flat if r.oracle is not None])
    median = accuracy(
        [(r.oracle_median or 0.0, r.wait or 0.0) for r in flat if r.oracle_median is not None]
    )
    day_bias = [
        statistics.fmean((r.estimate or 0) - (r.wait or 0.0) for r in day) for day in per_day if day
    ]
    bias_mean, bias_hw = mean_ci(day_bias)
    gain = 1 - est["mae"] / naive["mae"] if naive["mae"] else math.nan
    return {
        "tickets": len(flat),
        "mean_wait": statistics.fmean(r.wait or 0.0 for r in flat) if flat else math.nan,
        "estimator": {**est, "bias_ci95": bias_hw},
        "naive": naive,
        "mae_gain": gain,
        "oracle": oracle,
        "oracle_gain": 1 - oracle["mae"] / naive["mae"] if naive["mae"] else math.nan,
        "oracle_median": median,
        "oracle_median_gain": 1 - median["mae"] / naive["mae"] if naive["mae"] else math.nan,
        "oracle_within": accuracy(
            [(r.oracle_within or 0.0, r.wait or 0.0) for r in flat if r.oracle_within is not None]
        ),
        "zero_estimate_share": (sum(1 for r in flat if r.estimate == 0) / len(flat))
        if flat
        else math.nan,
    }


def summarize(
    s: Scenario, days: list[DayResult], book: dict[str, Any] | None = None
) -> dict[str, Any]:
    per_day = _counted(days)
    figures = _figures(per_day)
    day_waits = [statistics.fmean(r.wait or 0.0 for r in day) for day in per_day if day]
    wait_mean, wait_hw = mean_ci(day_waits)
    theory = theory_wait(s)
    t_inside = None if theory is None else abs(wait_mean - theory) <= wait_hw
    band = raw_inside = adjusted_mean = None
    inside = None
    if book is not None:
        band = book["band95_adjusted"]
        raw_inside = book["band95"][0] <= wait_mean <= book["band95"][1]
        adjusted_mean = statistics.fmean(
            adjusted(statistics.fmean(r.wait or 0.0 for r in counted), day.luck, book["slope"], s)
            for counted, day in zip(per_day, days, strict=True)
        )
        inside = band[0] <= adjusted_mean <= band[1]
    out: dict[str, Any] = {
        "scenario": s.name,
        "title": s.title,
        "counters": s.c,
        "rho": s.rho,
        "days": len(days),
        "unserved": sum(d.unserved for d in days),
        "max_record_error_s": max((d.max_record_error_s for d in days), default=0.0),
        "max_fifo_error_s": max(
            (d.max_fifo_error_s for d in days if d.max_fifo_error_s is not None), default=None
        ),
        **figures,
        "wait_by_day": {"mean": wait_mean, "ci95": wait_hw},
        "theory": {
            "kind": s.theory,
            "wait": theory,
            "adjusted_wait": adjusted_mean,
            "band95": band,
            "inside": inside,
            "inside_raw_band": raw_inside,
            "inside_t_interval": t_inside,
        },
        "textbook": book,
    }
    if s.priority_share:
        out["by_kind"] = {
            "priority": _figures([[r for r in day if r.priority] for day in per_day]),
            "regular": _figures([[r for r in day if not r.priority] for day in per_day]),
        }
    if len(s.services) > 1:
        out["by_service"] = {
            spec.code: _figures([[r for r in day if r.code == spec.code] for day in per_day])
            for spec in s.services
        }
    out["checks"] = checks(s, out)
    return out


def checks(s: Scenario, out: dict[str, Any]) -> dict[str, bool | None]:
    est = out["estimator"]
    return {
        "bias": abs(est["bias"]) <= TARGET_BIAS,
        "mae_gain": out["mae_gain"] >= TARGET_MAE_GAIN,
        "within": est["within"] >= TARGET_WITHIN if s.rho <= 0.9 else None,
        "theory": out["theory"]["inside"] if s.theory in ("erlang", "pk") else None,
        "model": out["theory"]["inside"] if s.theory == "approx" else None,
    }


def _job(args: tuple[str, int, int, bool, str]) -> dict[str, Any]:
    name, days, seed, quick, directory = args
    return simulate(SCENARIOS[name], days, seed, quick, Path(directory))


def report(results: list[dict[str, Any]]) -> str:
    rows = []
    for r in results:
        est, naive, th = r["estimator"], r["naive"], r["theory"]
        band = "–"
        if th["wait"] is not None:
            band = f"≈{th['wait']:.1f}" if th["kind"] == "approx" else f"{th['wait']:.1f}"
        if th["band95"] is not None:
            low, high = th["band95"]
            band += f" adj. {th['adjusted_wait']:.1f} in [{low:.1f}, {high:.1f}]"
            band += f" {'in' if th['inside'] else 'OUT'}"
        rows.append(
            [
                r["scenario"],
                r["tickets"],
                f"{r['wait_by_day']['mean']:.1f} ± {r['wait_by_day']['ci95']:.1f}",
                band,
                f"{est['mae']:.2f}",
                f"{est['bias']:+.2f} ± {est['bias_ci95']:.2f}",
                f"{est['within']:.0%}",
                f"{naive['mae']:.2f}",
                f"{naive['bias']:+.2f}",
                f"{naive['within']:.0%}",
                f"{r['mae_gain']:+.0%}",
                "–" if math.isnan(r["oracle"]["mae"]) else f"{r['oracle']['mae']:.2f}",
                "–" if math.isnan(r["oracle_gain"]) else f"{r['oracle_gain']:+.0%}",
                "–" if math.isnan(r["oracle"]["within"]) else f"{r['oracle']['within']:.0%}",
                _fig(r["oracle_median"]["mae"], ".2f"),
                _fig(r["oracle_median_gain"], "+.0%"),
                _fig(r["oracle_median"]["bias"], "+.2f"),
                _fig(r["oracle_median"]["within"], ".0%"),
                _fig(r["oracle_within"]["within"], ".0%"),
                " ".join(k for k, v in r["checks"].items() if v is False) or "ok",
            ]
        )
    headers = [
        "scenario",
        "tickets",
        "wait (95% CI)",
        "theory",
        "MAE",
        "bias",
        "within",
        "naive MAE",
        "naive bias",
        "naive within",
        "MAE gain",
        "best MAE",
        "best gain",
        "best within",
        "median MAE",
        "median gain",
        "median bias",
        "median within",
        "ceiling within",
        "misses",
    ]
    lines = [table(headers, rows)]
    for r in results:
        book = r.get("textbook")
        if book:
            lines.append(
                f"  {r['scenario']} textbook FIFO, same streams: counted days"
                f" {book['counted_days_mean']:.2f} (recorded {r['wait_by_day']['mean']:.2f});"
                f" {book['days']} other days {book['mean']:.2f} ± {book['ci95']:.2f}"
                f" (theory {r['theory']['wait']:.2f}); raw band {_pair(book['band95'])}"
                f" holds the recorded mean: {r['theory']['inside_raw_band']}; t interval covers"
                f" theory: {r['theory']['inside_t_interval']}; luck slopes {_pair(book['slope'])},"
                f" adjusted spread x{book['adjusted_sd_ratio']:.2f}"
            )
    for r in results:
        for group in ("by_kind", "by_service"):
            for key, f in r.get(group, {}).items():
                est, naive = f["estimator"], f["naive"]
                lines.append(
                    f"  {r['scenario']} {key}: {f['tickets']} tickets, wait {f['mean_wait']:.1f},"
                    f" MAE {est['mae']:.2f} bias {est['bias']:+.2f} within {est['within']:.0%};"
                    f" naive MAE {naive['mae']:.2f} bias {naive['bias']:+.2f}"
                )
    return "\n".join(lines)


def _pair(values: Sequence[float]) -> str:
    return "[" + ", ".join(f"{v:.2f}" for v in values) + "]"


def _fig(value: float, spec: str) -> str:
    return "–" if math.isnan(value) else format(value, spec)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", action="append", choices=sorted(SCENARIOS))
    parser.add_argument("--days", type=int, help="counted days per scenario (default: its own)")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_DAYS} short days each")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--jobs", type=int, default=2, help="scenarios run side by side")
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    args = parser.parse_args(argv)
    names = args.scenario or list(SCENARIOS)
    directory = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
    work = Path(tempfile.mkdtemp(prefix="queue-sim-", dir=directory))
    jobs = [
        (
            name,
            args.days or (QUICK_DAYS if args.quick else SCENARIOS[name].days),
            args.seed,
            args.quick,
            str(work),
        )
        for name in names
    ]
    started = time.perf_counter()
    try:
        if args.jobs > 1 and len(jobs) > 1:
            # the longest scenarios first, so the two workers finish together
            order = sorted(jobs, key=lambda j: -_cost(SCENARIOS[j[0]], j[1]))
            with mp.get_context("spawn").Pool(args.jobs) as pool:
                done = {r["scenario"]: r for r in pool.imap_unordered(_job, order)}
            results = [done[name] for name in names]
        else:
            results = [_job(job) for job in jobs]
    finally:
        for leftover in work.iterdir():
            leftover.unlink()
        work.rmdir()
    wall = time.perf_counter() - started
    payload = {
        "command": " ".join(["bench/queue_sim.py", *(argv if argv is not None else sys.argv[1:])]),
        "seed": args.seed,
        "quick": args.quick,
        "wall_seconds": round(wall, 1),
        "load_avg": load_avg(),
        "machine": machine_info() if not args.quick else None,
        "targets": {
            "bias_minutes": TARGET_BIAS,
            "mae_gain": TARGET_MAE_GAIN,
            "within": TARGET_WITHIN,
        },
        "results": results,
    }
    if args.out:
        write_json(args.out, _clean(payload))
    elif not args.quick and args.scenario is None:
        write_json(RESULTS_DIR / f"queue_sim-{dt.date.today().isoformat()}.json", _clean(payload))
    if args.json:
        print(json.dumps(_clean(payload), indent=2))
    else:
        print(report(results))
        print(f"\n{sum(r['tickets'] for r in results)} counted tickets in {wall:.0f} s")
    return 0


def _cost(s: Scenario, days: int) -> float:
    """Tickets a run issues, roughly (for ordering the jobs)."""
    minutes = s.window[1] - s.window[0]
    return s.rate(s.rho) * minutes * days


def _clean(value: Any) -> Any:
    """JSON without NaN or infinity (null instead), floats rounded."""
    if isinstance(value, float):
        return None if not math.isfinite(value) else round(value, 4)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


if __name__ == "__main__":
    raise SystemExit(main())
