"""Estimated waiting time.

The estimate is ``people_ahead × service_minutes ÷ open_counters`` where

* ``service_minutes`` is how long a counter is busy with one ticket of this service (from
  the call to the finish). With ``n`` recent samples (the last 20 finished tickets of this
  service within the last three hours) it is the sample median shrunk towards the service's
  configured default: ``(n × median + K × default) / (n + K)`` with ``K = 5``. So a new day
  starts from the configured figure, a few quick tickets do not swing it, and a quiet hour
  does not inflate it (idle time between tickets is not counted, only counter occupancy).
* ``open_counters`` is the capacity given to this service: every open (not paused, not
  closed) counter that serves it counts ``1 / k``, where ``k`` is the number of services with
  waiting tickets that the counter serves (at least 1). With no open counter the estimate is
  unknown (``minutes`` is None) and the kiosk says so instead of inventing a figure.

The result is rounded up to whole minutes; someone with nobody ahead waits 0 minutes.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

from app.domain.model import WaitEstimate

SHRINK_K = 5
SAMPLE_SIZE = 20
SAMPLE_WINDOW_MINUTES = 180


def service_minutes(samples: Sequence[float], default_minutes: float) -> tuple[float, str]:
    clean = [s for s in samples if s >= 0]
    if not clean:
        return default_minutes, "default"
    n = len(clean)
    median = statistics.median(clean)
    blended = (n * median + SHRINK_K * default_minutes) / (n + SHRINK_K)
    return blended, "blend" if n < SAMPLE_SIZE else "history"


def counter_share(services_with_waiting: int) -> float:
    return 1.0 / max(1, services_with_waiting)


def estimate_wait(
    people_ahead: int,
    samples: Sequence[float],
    default_minutes: float,
    open_capacity: float,
) -> WaitEstimate:
    minutes_each, basis = service_minutes(samples, default_minutes)
    if open_capacity <= 0:
        return WaitEstimate(None, people_ahead, 0.0, minutes_each, "no_counter")
    raw = people_ahead * minutes_each / open_capacity
    return WaitEstimate(math.ceil(raw - 1e-9), people_ahead, open_capacity, minutes_each, basis)
