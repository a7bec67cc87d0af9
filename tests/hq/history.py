"""Generated hall histories for checking the rollups against the replay: tickets that are
served, no-shows requeued, transferred, held, cancelled, expired days late, called under a
clock set back; a hall database restored from a backup (a child epoch that continues the
parent's open tickets and reuses the ids the parent issued after the backup)."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

WIB = dt.timezone(dt.timedelta(hours=7))
FIRST_DAY = dt.date(2026, 10, 5)
Step = tuple[dt.datetime, str, int | None, dict[str, Any]]  # at, kind, counter, data


@dataclass
class Story:
    tid: int
    service: str
    day: dt.date
    priority: bool
    target: int
    steps: list[Step] = field(default_factory=list)

    def ref(self) -> dict[str, Any]:
        return {
            "id": self.tid,
            "service": self.service,
            "business_date": self.day.isoformat(),
            "number": 1 + self.tid % 9000,
            "priority": self.priority,
            "target_minutes": self.target,
        }


def story(rng: random.Random, tid: int, day: dt.date, services: str = "ABCD") -> Story:
    service = rng.choice(services)
    s = Story(tid, service, day, rng.random() < 0.15, rng.choice([10, 15, 20, 30]))
    t = dt.datetime.combine(day, dt.time(8), WIB) + dt.timedelta(minutes=rng.uniform(0, 420))
    counter = rng.randint(1, 4)

    def step(minutes: float, kind: str, ctr: int | None = None, **data: Any) -> None:
        nonlocal t
        t = t + dt.timedelta(minutes=minutes)
        s.steps.append((t, kind, ctr, data))

    step(0, "issued")
    if rng.random() < 0.3:
        step(0.01, "printed")
    fate = rng.random()
    if fate < 0.06:
        step(rng.uniform(1, 30), "cancelled")
        return s
    if fate < 0.12:  # never called: closed by the day close, possibly days later
        late = dt.timedelta(days=rng.randint(0, 3), hours=10)
        s.steps.append((t + late, "expired", None, {}))
        return s
    if fate < 0.15:  # a hall clock set back between issue and call
        step(-rng.uniform(1, 5), "called", counter)
    else:
        step(rng.expovariate(1 / 12), "called", counter)
    if rng.random() < 0.1:
        step(1, "recalled", counter, recall_count=1)
    if rng.random() < 0.12:
        step(2, "no_show", counter)
        if rng.random() < 0.5:
            return s
        step(rng.uniform(1, 10), "requeued", None, requeue_after=2)
        step(rng.uniform(1, 20), "called", counter)
    if rng.random() < 0.08:
        step(1, "transferred", counter, to_service="B")
        step(rng.uniform(1, 15), "called", counter)
    if rng.random() < 0.05:
        step(1, "held", counter)
        step(rng.uniform(1, 15), "returned", None)
        step(rng.uniform(1, 5), "called", counter)
    if rng.random() < 0.8:
        step(0.5, "started", counter)
    outcome = rng.choice(["served"] * 8 + ["incomplete", "referred"])
    step(rng.uniform(2, 20), "finished", counter, outcome=outcome)
    if rng.random() < 0.05:  # served, then requeued and served again
        step(3, "requeued", None, requeue_after=0)
        step(5, "called", counter)
        step(4, "finished", counter, outcome="served")
    return s


def events_of(stories: list[Story], first_seq: int) -> list[dict[str, Any]]:
    """The stories' steps as wire events, numbered in time order from ``first_seq``."""
    steps = sorted(
        (
            (at, n, kind, s, counter, data)
            for s in stories
            for n, (at, kind, counter, data) in enumerate(s.steps)
        ),
        key=lambda x: (x[0], x[3].tid, x[1]),
    )
    out = []
    for i, (at, _n, kind, s, counter, data) in enumerate(steps):
        item: dict[str, Any] = {
            "seq": first_seq + i,
            "kind": kind,
            "at": at.isoformat(),
            "ticket": s.ref(),
            "counter": counter,
        }
        if data:
            item["data"] = data
        out.append(item)
    return out


def _batches(
    events: list[dict[str, Any]],
    rng: random.Random,
    epoch: str | None,
    start: int,
    parent: str | None,
) -> list[dict[str, Any]]:
    out = []
    i = 0
    after = start - 1
    while i < len(events):
        size = rng.randint(5, 60)
        chunk = events[i : i + size]
        body: dict[str, Any] = {"events": chunk}
        if epoch is not None:
            body |= {
                "schema_version": 2,
                "epoch": epoch,
                "epoch_start": start,
                "parent_epoch": parent,
                "after": after,
            }
        else:
            body["schema_version"] = 1
        out.append(body)
        after = chunk[-1]["seq"]
        i += size
    return out


def hall_history(
    rng: random.Random, days: int, per_day: int, restore: bool
) -> list[dict[str, Any]]:
    """Batches of one hall, in the order a hall would send them (the caller shuffles).

    With ``restore``, the hall database is restored from a backup taken mid-way through the
    second day: the child epoch continues the parent's tickets issued before the backup and
    issues the ids the parent issued after it again, for other tickets."""
    tid = 0
    stories: list[Story] = []
    for d in range(days):
        for _ in range(per_day):
            tid += 1
            stories.append(story(rng, tid, FIRST_DAY + dt.timedelta(days=d)))
    if not restore:
        return _batches(events_of(stories, 1), rng, None, 1, None)
    parent = str(uuid.UUID(int=rng.getrandbits(128)))
    child = str(uuid.UUID(int=rng.getrandbits(128)))
    everything = events_of(stories, 1)
    fork_at = dt.datetime.combine(FIRST_DAY + dt.timedelta(days=1), dt.time(11), WIB)
    fork_seq = max(e["seq"] for e in everything if dt.datetime.fromisoformat(e["at"]) < fork_at)
    batches = _batches(everything, rng, parent, 1, None)
    # The restored copy: tickets issued before the backup go on (their later steps), the
    # ids issued after it are given to new tickets of that day and the days after.
    continued: list[Story] = []
    for s in stories:
        issued_at = s.steps[0][0]
        if issued_at < fork_at:
            later = [st for st in s.steps if st[0] >= fork_at]
            if later:
                c = Story(s.tid, s.service, s.day, s.priority, s.target)
                c.steps = [(at + dt.timedelta(minutes=1), k, ctr, d) for at, k, ctr, d in later]
                continued.append(c)
        else:
            fresh = story(rng, s.tid, s.day)
            fresh.steps = [st for st in fresh.steps if st[0] >= fork_at] or fresh.steps[:0]
            if fresh.steps and fresh.steps[0][1] == "issued":
                continued.append(fresh)
    child_events = events_of(continued, fork_seq + 1)
    batches += _batches(child_events, rng, child, fork_seq + 1, parent)
    return batches


# A summary of many halls takes its period medians and p90 from 0.1-minute bins
# (hq.rollups): each within 0.05 minute of the exact figure, 0.06 once both are rounded to
# two decimals. Everything else in it (counts, shares, the per-day rows) must be equal.
BINNED_TOLERANCE_MIN = 0.06
_BINNED = ("wait_median_min", "wait_p90_min", "service_median_min")


def assert_binned_close(fast: dict[str, Any], exact: dict[str, Any]) -> None:
    """``fast`` (a many-hall ``rollups.summarise``) equals ``exact`` (the replay) except
    that its period rows' quantiles may differ by at most ``BINNED_TOLERANCE_MIN``."""
    assert fast["daily"] == exact["daily"]
    assert (fast["from"], fast["to"]) == (exact["from"], exact["to"])
    assert len(fast["rows"]) == len(exact["rows"])
    for got, want in zip(fast["rows"], exact["rows"], strict=True):
        assert {k: v for k, v in got.items() if k not in _BINNED} == {
            k: v for k, v in want.items() if k not in _BINNED
        }
        for key in _BINNED:
            if want[key] is None:
                assert got[key] is None, (key, got)
            else:
                assert abs(got[key] - want[key]) <= BINNED_TOLERANCE_MIN + 1e-9, (key, got, want)
